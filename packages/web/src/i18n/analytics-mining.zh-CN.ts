// analytics-mining（issue 20）的界面文字；analytics-mining.en-US.ts 必须有完全相同的键。
export const analyticsMiningZhCN = {};
