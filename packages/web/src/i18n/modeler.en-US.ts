import type { modelerZhCN } from './modeler.zh-CN.ts';
// English (issue 15): the modeler screens. Same keys as the zh-CN file.
export const modelerEnUS: Record<keyof typeof modelerZhCN, string> = {};
