// Texts of automation (issue 21); automation.zh-CN.ts must have exactly the same keys.
export const automationEnUS = {
  'automation.rules.title': 'Automation rules',
  'automation.designer.title': 'Rule designer',
};
