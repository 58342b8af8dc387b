// Texts of the new-case prefill (issue 22); assist.zh-CN.ts must have exactly the same keys.
export const assistEnUS = {
  'assist.prefill.title': 'Paste the conversation',
};
