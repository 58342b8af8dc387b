// 智能辅助设置与报表（issue 22）；assist-admin.en-US.ts 必须有相同的键。
export const assistAdminZhCN = {
  'assistAdmin.settings.title': '智能辅助设置',
  'assistAdmin.report.title': '智能辅助报表',
};
