import { useState } from 'react';
import { App, Button, Card, Empty, List, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale } from '../../app/locale.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { LoadError } from '../../components/load-error.tsx';
import { knowledgeApi, knowledgeKeys, type SynonymSet } from './knowledge-api.ts';

/** Synonym sets: words a search treats as one (信用卡 / 贷记卡). */
export function SynonymsSettings() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const synonyms = useQuery({ queryKey: knowledgeKeys.synonyms, queryFn: knowledgeApi.listSynonyms });
  const [editing, setEditing] = useState<SynonymSet | 'new' | null>(null);
  const remove = async (set: SynonymSet) => {
    try {
      await knowledgeApi.deleteSynonyms(set.id, set.version);
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.synonyms });
      void message.success(t('knowledge.settings.deleted'));
    } catch (error) {
      showProblem(message, error, t);
    }
  };
  const separator = t('knowledge.listSeparator');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="synonyms-settings">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('knowledge.settings.synonymsIntro')}
      </Typography.Paragraph>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-synonyms">
        {t('knowledge.settings.newSynonyms')}
      </Button>
      {synonyms.isError && <LoadError error={synonyms.error} retry={() => synonyms.refetch()} />}
      <List
        loading={synonyms.isPending}
        dataSource={synonyms.data ?? []}
        locale={{ emptyText: <Empty description={t('knowledge.settings.noSynonyms')} /> }}
        renderItem={(set) => (
          <List.Item style={{ paddingInline: 0 }}>
            <Card size="small" style={{ width: '100%' }}>
              <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
                <Space size={[4, 4]} wrap>
                  {set.terms.map((term) => (
                    <Tag key={term}>{term}</Tag>
                  ))}
                </Space>
                <Space size={4}>
                  <Button size="small" icon={<EditOutlined />} aria-label={t('knowledge.settings.editNamed', { name: set.terms.join(separator) })} onClick={() => setEditing(set)} />
                  <Popconfirm
                    title={t('knowledge.settings.deleteConfirm', { name: set.terms.join(separator) })}
                    okText={t('knowledge.settings.delete')}
                    cancelText={t('knowledge.cancel')}
                    onConfirm={() => remove(set)}
                  >
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('knowledge.settings.deleteNamed', { name: set.terms.join(separator) })} />
                  </Popconfirm>
                </Space>
              </Space>
            </Card>
          </List.Item>
        )}
      />
      {editing && <SynonymDialog set={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </Space>
  );
}

function SynonymDialog({ set, onClose }: { set?: SynonymSet; onClose: () => void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [terms, setTerms] = useState<string[]>(set?.terms ?? []);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      const cleaned = [...new Set(terms.map((term) => term.trim()).filter(Boolean))];
      if (set) await knowledgeApi.updateSynonyms(set.id, set.version, cleaned);
      else await knowledgeApi.createSynonyms(cleaned);
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.synonyms });
      void message.success(t('knowledge.settings.saved'));
      onClose();
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={set ? t('knowledge.settings.editSynonyms') : t('knowledge.settings.newSynonyms')}
      okText={t('knowledge.settings.save')}
      cancelText={t('knowledge.cancel')}
      onOk={() => void save()}
      okButtonProps={{ disabled: terms.length < 2 }}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>{t('knowledge.settings.synonymsHint')}</Typography.Text>
        <Select
          mode="tags"
          value={terms}
          onChange={setTerms}
          tokenSeparators={[',', '，', '、', ' ']}
          open={false}
          style={{ width: '100%' }}
          aria-label={t('knowledge.settings.terms')}
          data-testid="synonym-terms"
        />
      </Space>
    </Modal>
  );
}
