import { Typography } from 'antd';
import { BulbOutlined } from '@ant-design/icons';
import { useLocale } from '../../../app/locale.tsx';
import { describeReason, type ReasonVocabulary, type SuggestionReason } from './suggestion-reasons.ts';

/** "Why this was suggested", one short line per reason. */
export function ReasonList({ reasons, vocabulary }: { reasons: SuggestionReason[]; vocabulary: ReasonVocabulary }) {
  const { t } = useLocale();
  if (reasons.length === 0) return null;
  return (
    <div data-testid="suggestion-reasons" style={{ fontSize: 12, minWidth: 0 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <BulbOutlined aria-hidden /> {t('knowledgeCase.why')}
      </Typography.Text>
      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
        {reasons.map((reason, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: reasons have no identity of their own, and two may share a kind
          <li key={index} data-testid="suggestion-reason" style={{ overflowWrap: 'anywhere' }}>
            {describeReason(reason, vocabulary, t)}
          </li>
        ))}
      </ul>
    </div>
  );
}
