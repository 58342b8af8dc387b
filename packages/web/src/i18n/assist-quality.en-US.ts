// Texts of quality inspection (issue 22); assist-quality.zh-CN.ts must have exactly the same keys.
export const assistQualityEnUS = {
  'assistQuality.list.title': 'Quality inspection',
};
