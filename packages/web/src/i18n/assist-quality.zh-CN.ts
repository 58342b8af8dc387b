// 质检（issue 22）；assist-quality.en-US.ts 必须有相同的键。
export const assistQualityZhCN = {
  'assistQuality.list.title': '服务质检',
};
