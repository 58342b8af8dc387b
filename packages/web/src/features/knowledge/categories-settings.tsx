import { useMemo, useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Space, Tree, TreeSelect, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useLocale } from '../../app/locale.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { LoadError } from '../../components/load-error.tsx';
import { categoryName, categoryTree, categoryTreeData, type CategoryNode } from './category-tree.ts';
import { knowledgeApi, knowledgeKeys, useCategories, type CategoryBody, type KnowledgeCategory } from './knowledge-api.ts';

interface TreeItem {
  key: string;
  title: React.ReactNode;
  children: TreeItem[];
}

const FIELDS = ['key', 'parentId', 'nameZh', 'nameEn', 'position'] as const;

/** The category tree: add, rename, move and delete (an empty one) categories. */
export function CategoriesSettings() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const categories = useCategories();
  const [editing, setEditing] = useState<KnowledgeCategory | { parentId: string | null } | null>(null);
  const tree = useMemo(() => categoryTree(categories.data ?? [], (c) => categoryName(c, locale)), [categories.data, locale]);

  const remove = async (c: KnowledgeCategory) => {
    try {
      await knowledgeApi.deleteCategory(c.id, c.version);
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
      void message.success(t('knowledge.settings.deleted'));
    } catch (error) {
      showProblem(message, error, t);
    }
  };

  const toTreeData = (nodes: CategoryNode[]): TreeItem[] =>
    nodes.map(({ category: c, children }) => ({
      key: c.id,
      title: (
        <Space size={4} wrap>
          <span>{t('knowledge.home.categoryCount', { name: categoryName(c, locale), count: c.articleCount })}</span>
          <Typography.Text type="secondary">{c.key}</Typography.Text>
          <Button size="small" type="text" icon={<PlusOutlined />} aria-label={t('knowledge.settings.addChild', { name: categoryName(c, locale) })} onClick={() => setEditing({ parentId: c.id })} />
          <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('knowledge.settings.editNamed', { name: categoryName(c, locale) })} onClick={() => setEditing(c)} />
          <Popconfirm
            title={t('knowledge.settings.deleteConfirm', { name: categoryName(c, locale) })}
            okText={t('knowledge.settings.delete')}
            cancelText={t('knowledge.cancel')}
            onConfirm={() => remove(c)}
          >
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('knowledge.settings.deleteNamed', { name: categoryName(c, locale) })} />
          </Popconfirm>
        </Space>
      ),
      children: toTreeData(children),
    }));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="categories-settings">
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ parentId: null })} data-testid="new-category">
        {t('knowledge.settings.newCategory')}
      </Button>
      {categories.isError && <LoadError error={categories.error} retry={() => categories.refetch()} />}
      {tree.length === 0 && !categories.isPending ? (
        <Typography.Text type="secondary">{t('knowledge.home.noCategories')}</Typography.Text>
      ) : (
        <Tree treeData={toTreeData(tree)} defaultExpandAll selectable={false} blockNode aria-label={t('knowledge.settings.tab.categories')} />
      )}
      {editing && <CategoryDialog category={'id' in editing ? editing : undefined} parentId={editing.parentId} tree={tree} onClose={() => setEditing(null)} />}
    </Space>
  );
}

function CategoryDialog({ category, parentId, tree, onClose }: { category?: KnowledgeCategory; parentId: string | null; tree: CategoryNode[]; onClose: () => void }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CategoryBody>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    try {
      const body = { ...values, parentId: values.parentId ?? null };
      if (category) await knowledgeApi.updateCategory(category.id, category.version, body);
      else await knowledgeApi.createCategory(body);
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
      void message.success(t('knowledge.settings.saved'));
      onClose();
    } catch (error) {
      const rest = applyFieldErrors(form, fieldErrorsOf(error, t), FIELDS);
      if (rest.length > 0 || fieldErrorsOf(error).length === 0) showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={category ? t('knowledge.settings.editCategory') : t('knowledge.settings.newCategory')}
      okText={t('knowledge.settings.save')}
      cancelText={t('knowledge.cancel')}
      onOk={() => void save()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={category ? { key: category.key, parentId: category.parentId, nameZh: category.nameZh, nameEn: category.nameEn, position: category.position } : { parentId, position: 0 }}
      >
        <Form.Item
          name="key"
          label={t('knowledge.settings.key')}
          extra={t('knowledge.settings.keyHint')}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,62}$/, message: t('knowledge.settings.keyInvalid') }]}
        >
          <Input maxLength={63} data-testid="category-key" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('knowledge.settings.nameZh')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} data-testid="category-name-zh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('knowledge.settings.nameEn')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} data-testid="category-name-en" />
        </Form.Item>
        <Form.Item name="parentId" label={t('knowledge.settings.parent')}>
          <TreeSelect allowClear treeData={categoryTreeData(tree, locale, category?.id)} treeDefaultExpandAll aria-label={t('knowledge.settings.parent')} />
        </Form.Item>
        <Form.Item name="position" label={t('knowledge.settings.position')}>
          <InputNumber min={0} max={10000} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
