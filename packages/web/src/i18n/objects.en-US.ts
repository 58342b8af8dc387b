// Texts of objects (issue 21); objects.zh-CN.ts must have exactly the same keys.
export const objectsEnUS = {
  'objects.home.title': 'Customers and records',
  'objects.list.title': 'Records',
  'objects.record.title': 'Record',
  'objects.import.title': 'Import records',
  'objects.types.title': 'Object types',
  'objects.designer.title': 'Object type designer',
  'nav.records': 'Customers',
};
