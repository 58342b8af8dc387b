import { useEffect, useState } from 'react';
import { App, Button, Input, Space, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale } from '../../app/locale.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { LoadError } from '../../components/load-error.tsx';
import { knowledgeApi, knowledgeKeys } from './knowledge-api.ts';

/** The words of a text area, one per line (or separated by commas), each once. */
export function wordsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,，、]/)
        .map((w) => w.trim())
        .filter(Boolean),
    ),
  ];
}

/** The bank's own words for the segmenter, beside the shipped banking dictionary: one per line; saving indexes published articles again. */
export function DictionarySettings() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const dictionary = useQuery({ queryKey: knowledgeKeys.dictionary, queryFn: knowledgeApi.getDictionary });
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (dictionary.data) setText(dictionary.data.words.join('\n'));
  }, [dictionary.data]);
  const words = wordsOf(text);
  const tooShort = words.filter((w) => w.length < 2 || w.length > 20);
  const save = async () => {
    setBusy(true);
    try {
      await knowledgeApi.saveDictionary(words);
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.dictionary });
      void message.success(t('knowledge.settings.dictionarySaved'));
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="dictionary-settings">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('knowledge.settings.dictionaryIntro', { shipped: dictionary.data?.shipped ?? 0 })}
      </Typography.Paragraph>
      {dictionary.isError && <LoadError error={dictionary.error} retry={() => dictionary.refetch()} />}
      <label htmlFor="kb-dictionary-words">{t('knowledge.settings.dictionaryWords', { count: words.length })}</label>
      <Input.TextArea id="kb-dictionary-words" rows={12} value={text} onChange={(e) => setText(e.target.value)} status={tooShort.length ? 'error' : undefined} data-testid="dictionary-words" />
      {tooShort.length > 0 && (
        <Typography.Text type="danger" role="alert">
          {t('knowledge.settings.dictionaryBadWords', { words: tooShort.slice(0, 10).join(t('knowledge.listSeparator')) })}
        </Typography.Text>
      )}
      <Button type="primary" icon={<SaveOutlined />} onClick={() => void save()} loading={busy} disabled={tooShort.length > 0 || dictionary.isPending} data-testid="save-dictionary">
        {t('knowledge.settings.save')}
      </Button>
    </Space>
  );
}
