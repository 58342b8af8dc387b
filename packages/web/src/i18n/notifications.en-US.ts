import type { notificationsZhCN } from './notifications.zh-CN.ts';
// English (issue 15): the notifications screens. Same keys as the zh-CN file.
export const notificationsEnUS: Record<keyof typeof notificationsZhCN, string> = {};
