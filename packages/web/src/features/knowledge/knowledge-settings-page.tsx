import { Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { CategoriesSettings } from './categories-settings.tsx';
import { DictionarySettings } from './dictionary-settings.tsx';
import { KnowledgeFrame } from './knowledge-frame.tsx';
import { SynonymsSettings } from './synonyms-settings.tsx';

const TABS = ['categories', 'synonyms', 'dictionary'] as const;

/** Knowledge settings for knowledge:admin: the category tree, synonym sets, the bank's own words for the segmenter. */
export function KnowledgeSettingsPage() {
  const { t } = useLocale();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const current = TABS.find((tab) => tab === asked) ?? 'categories';
  return (
    <KnowledgeFrame title={t('knowledge.settings.title')} testId="knowledge-settings">
      <Tabs
        activeKey={current}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          { key: 'categories', label: t('knowledge.settings.tab.categories'), children: current === 'categories' ? <CategoriesSettings /> : null },
          { key: 'synonyms', label: t('knowledge.settings.tab.synonyms'), children: current === 'synonyms' ? <SynonymsSettings /> : null },
          { key: 'dictionary', label: t('knowledge.settings.tab.dictionary'), children: current === 'dictionary' ? <DictionarySettings /> : null },
        ]}
      />
    </KnowledgeFrame>
  );
}
