import type { analyticsPacksZhCN } from './analytics-packs.zh-CN.ts';
// Same keys as analytics-packs.zh-CN.ts.
export const analyticsPacksEnUS: Record<keyof typeof analyticsPacksZhCN, string> = {};
