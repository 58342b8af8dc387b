import type { analyticsSpikesZhCN } from './analytics-spikes.zh-CN.ts';
// Same keys as analytics-spikes.zh-CN.ts.
export const analyticsSpikesEnUS: Record<keyof typeof analyticsSpikesZhCN, string> = {};
