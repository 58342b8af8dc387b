// analytics-dashboards（issue 20）的界面文字；analytics-dashboards.en-US.ts 必须有完全相同的键。
export const analyticsDashboardsZhCN = {};
