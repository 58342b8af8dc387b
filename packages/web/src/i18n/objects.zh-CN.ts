// objects（issue 21）的界面文字；objects.en-US.ts 必须有完全相同的键。
export const objectsZhCN = {
  'objects.home.title': '客户与记录',
  'objects.list.title': '记录列表',
  'objects.record.title': '记录',
  'objects.import.title': '导入记录',
  'objects.types.title': '对象类型',
  'objects.designer.title': '对象类型设计',
  'nav.records': '客户与记录',
};
