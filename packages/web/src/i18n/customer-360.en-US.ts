// Texts of customer-360 (issue 21); customer-360.zh-CN.ts must have exactly the same keys.
export const customer360EnUS = {
  'customer360.title': 'Customer view',
};
