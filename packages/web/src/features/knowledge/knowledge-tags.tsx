import { Tag } from 'antd';
import { useT } from '../../app/locale.tsx';
import type { ArticleKind, ArticleStatus, Audience, Validity, VersionState } from './knowledge-api.ts';

const KIND_COLORS: Record<ArticleKind, string> = { sop: 'blue', script: 'cyan', faq: 'geekblue', regulation: 'purple', note: 'default' };
const STATUS_COLORS: Record<ArticleStatus, string> = { draft: 'default', 'in-review': 'processing', published: 'success', retired: 'default' };
const STATE_COLORS: Record<VersionState, string> = {
  draft: 'default',
  'in-review': 'processing',
  approved: 'warning',
  rejected: 'error',
  published: 'success',
  superseded: 'default',
  retired: 'default',
};

export function KindTag({ kind }: { kind: ArticleKind }) {
  const t = useT();
  return <Tag color={KIND_COLORS[kind]}>{t(`knowledge.kind.${kind}`)}</Tag>;
}

export function StatusTag({ status }: { status: ArticleStatus }) {
  const t = useT();
  return <Tag color={STATUS_COLORS[status]}>{t(`knowledge.status.${status}`)}</Tag>;
}

export function VersionStateTag({ state }: { state: VersionState }) {
  const t = useT();
  return <Tag color={STATE_COLORS[state]}>{t(`knowledge.versionState.${state}`)}</Tag>;
}

export function AudienceTag({ audience }: { audience: Audience }) {
  const t = useT();
  return audience === 'customer' ? <Tag color="orange">{t('knowledge.audience.customer')}</Tag> : <Tag>{t('knowledge.audience.internal')}</Tag>;
}

/** Only what is not in force today is marked: an expired article (已失效) in red, an upcoming one in gold. */
export function ValidityTag({ validity, testId }: { validity: Validity; testId?: string }) {
  const t = useT();
  if (validity === 'current') return null;
  return (
    <Tag color={validity === 'expired' ? 'red' : 'gold'} data-testid={testId}>
      {t(`knowledge.validity.${validity}`)}
    </Tag>
  );
}
