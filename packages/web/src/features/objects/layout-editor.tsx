import { Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useLocale } from '../../app/locale.tsx';
import { fieldLabel, moveItem } from './object-model.ts';
import type { ObjectFieldDefinition, ObjectTypeLayout } from './objects-api.ts';

type Section = NonNullable<ObjectTypeLayout['sections']>[number];

/**
 * The record form's sections (a title and its fields, in order) and the record list's columns.
 * Fields no section names appear at the end of the form; no columns chosen means the fields
 * marked "listed".
 */
export function LayoutEditor({ layout, fields, onChange }: { layout: ObjectTypeLayout; fields: ObjectFieldDefinition[]; onChange: (layout: ObjectTypeLayout) => void }) {
  const { t, locale } = useLocale();
  const sections = layout.sections ?? [];
  const fieldOptions = fields.map((f) => ({ value: f.key, label: fieldLabel(f, locale) }));
  const setSections = (next: Section[]) => onChange({ ...layout, sections: next });
  const update = (index: number, patch: Partial<Section>) => setSections(sections.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Form layout="vertical">
        <Form.Item label={t('objects.layout.columns')} extra={t('objects.layout.columnsHelp')}>
          <Select
            mode="multiple"
            data-testid="layout-columns"
            value={layout.columns ?? []}
            options={fieldOptions}
            onChange={(columns: string[]) => onChange({ ...layout, columns })}
            aria-label={t('objects.layout.columns')}
          />
        </Form.Item>
      </Form>
      <Typography.Title level={5}>{t('objects.layout.sections')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('objects.layout.sectionsHelp')}</Typography.Paragraph>
      {sections.map((section, index) => (
        <Card
          // biome-ignore lint/suspicious/noArrayIndexKey: sections have no identity of their own
          key={index}
          size="small"
          title={t('objects.layout.section', { n: index + 1 })}
          extra={
            <Space size={0}>
              <Button
                type="text"
                icon={<ArrowUpOutlined />}
                disabled={index === 0}
                aria-label={t('objects.layout.moveUp', { n: index + 1 })}
                onClick={() => setSections(moveItem(sections, index, index - 1))}
              />
              <Button
                type="text"
                icon={<ArrowDownOutlined />}
                disabled={index === sections.length - 1}
                aria-label={t('objects.layout.moveDown', { n: index + 1 })}
                onClick={() => setSections(moveItem(sections, index, index + 1))}
              />
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('objects.layout.remove', { n: index + 1 })} onClick={() => setSections(sections.filter((_, i) => i !== index))} />
            </Space>
          }
        >
          <Form layout="vertical">
            <Space wrap align="start">
              <Form.Item label={t('objects.layout.titleZh')}>
                <Input value={section.title['zh-CN']} onChange={(e) => update(index, { title: { ...section.title, 'zh-CN': e.target.value } })} />
              </Form.Item>
              <Form.Item label={t('objects.layout.titleEn')}>
                <Input value={section.title['en-US']} onChange={(e) => update(index, { title: { ...section.title, 'en-US': e.target.value } })} />
              </Form.Item>
            </Space>
            <Form.Item label={t('objects.layout.fields')}>
              <Select mode="multiple" value={section.fields} options={fieldOptions} onChange={(keys: string[]) => update(index, { fields: keys })} aria-label={t('objects.layout.fields')} />
            </Form.Item>
          </Form>
        </Card>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => setSections([...sections, { title: { 'zh-CN': '', 'en-US': '' }, fields: [] }])} data-testid="add-section">
        {t('objects.layout.addSection')}
      </Button>
    </Space>
  );
}
