// customer-360（issue 21）的界面文字；customer-360.en-US.ts 必须有完全相同的键。
export const customer360ZhCN = {
  'customer360.title': '客户视图',
};
