import type { analyticsReportsZhCN } from './analytics-reports.zh-CN.ts';
// Same keys as analytics-reports.zh-CN.ts.
export const analyticsReportsEnUS: Record<keyof typeof analyticsReportsZhCN, string> = {};
