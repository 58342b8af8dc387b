// analytics（issue 20）的界面文字；analytics.en-US.ts 必须有完全相同的键。
export const analyticsZhCN = {
  'nav.analytics': '分析',
  'analytics.nav.label': '分析页面',
  'analytics.nav.cockpit': '经营驾驶舱',
  'analytics.nav.mining': '流程挖掘',
  'analytics.nav.reports': '报表',
  'analytics.nav.spikes': '突增预警',
  'analytics.nav.packs': '监管报送',
};
