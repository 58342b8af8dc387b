// Texts of assistance settings and report (issue 22); assist-admin.zh-CN.ts must have exactly the same keys.
export const assistAdminEnUS = {
  'assistAdmin.settings.title': 'Assistance settings',
  'assistAdmin.report.title': 'Assistance report',
};
