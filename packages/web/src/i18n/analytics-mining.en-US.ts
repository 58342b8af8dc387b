import type { analyticsMiningZhCN } from './analytics-mining.zh-CN.ts';
// Same keys as analytics-mining.zh-CN.ts.
export const analyticsMiningEnUS: Record<keyof typeof analyticsMiningZhCN, string> = {};
