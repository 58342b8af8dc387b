// analytics-spikes（issue 20）的界面文字；analytics-spikes.en-US.ts 必须有完全相同的键。
export const analyticsSpikesZhCN = {};
