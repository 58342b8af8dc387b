// 新建工单的智能预填（issue 22）；assist.en-US.ts 必须有相同的键。
export const assistZhCN = {
  'assist.prefill.title': '粘贴对话内容',
};
