import type { analyticsZhCN } from './analytics.zh-CN.ts';
// Same keys as analytics.zh-CN.ts.
export const analyticsEnUS: Record<keyof typeof analyticsZhCN, string> = {
  'nav.analytics': 'Analytics',
  'analytics.nav.label': 'Analytics screens',
  'analytics.nav.cockpit': 'Cockpit',
  'analytics.nav.mining': 'Process mining',
  'analytics.nav.reports': 'Reports',
  'analytics.nav.spikes': 'Spike warnings',
  'analytics.nav.packs': 'Regulator packs',
  'analytics.filter.period': 'Period',
  'analytics.filter.from': 'From',
  'analytics.filter.to': 'To',
  'analytics.filter.department': 'Department',
  'analytics.filter.anyDepartment': 'All departments',
  'analytics.filter.caseType': 'Case type',
  'analytics.filter.anyCaseType': 'All case types',
};
