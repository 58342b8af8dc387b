import type { approvalsZhCN } from './approvals.zh-CN.ts';
// English (issue 15): the approvals screens. Same keys as the zh-CN file.
export const approvalsEnUS: Record<keyof typeof approvalsZhCN, string> = {};
