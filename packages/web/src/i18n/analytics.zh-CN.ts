// analytics（issue 20）的界面文字；analytics.en-US.ts 必须有完全相同的键。
export const analyticsZhCN = {
  'nav.analytics': '分析',
  'analytics.nav.label': '分析页面',
  'analytics.nav.cockpit': '经营驾驶舱',
  'analytics.nav.mining': '流程挖掘',
  'analytics.nav.reports': '报表',
  'analytics.nav.spikes': '突增预警',
  'analytics.nav.packs': '监管报送',
  'analytics.filter.period': '统计期间',
  'analytics.filter.from': '开始日期',
  'analytics.filter.to': '结束日期',
  'analytics.filter.department': '机构',
  'analytics.filter.anyDepartment': '全部机构',
  'analytics.filter.caseType': '工单类型',
  'analytics.filter.anyCaseType': '全部类型',
};
