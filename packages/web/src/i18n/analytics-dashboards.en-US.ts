import type { analyticsDashboardsZhCN } from './analytics-dashboards.zh-CN.ts';
// Same keys as analytics-dashboards.zh-CN.ts.
export const analyticsDashboardsEnUS: Record<keyof typeof analyticsDashboardsZhCN, string> = {};
