// automation（issue 21）的界面文字；automation.en-US.ts 必须有完全相同的键。
export const automationZhCN = {
  'automation.rules.title': '自动化规则',
  'automation.designer.title': '规则设计',
};
