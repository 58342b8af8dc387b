import { Space, Tag, Typography } from 'antd';
import { useT } from '../../app/locale.tsx';
import { type Translate, translateIfKnown } from '../../i18n/i18n.ts';
import type { QualityFinding } from './quality-api.ts';

const SEVERITY_COLOURS = { high: 'red', medium: 'orange', low: 'blue' } as const;

/** A finding as a sentence: the rule in words, with its fixed phrase or SLA target; never a reply's words (the server has none). */
export function findingSentence(t: Translate, finding: QualityFinding): string {
  const { detail } = finding;
  const target = detail.target ? (translateIfKnown(t, `sla.kind.${detail.target}`) ?? detail.target) : '';
  const sentence = translateIfKnown(t, `assistQuality.rule.${detail.rule}`, { phrase: detail.phrase ?? '', target, shared: detail.sharedWords ?? 0 }) ?? t(`assistQuality.check.${finding.check}`);
  const because = detail.because ? translateIfKnown(t, `assistQuality.because.${detail.because}`) : undefined;
  return because ? `${sentence} ${because}` : sentence;
}

/** One finding: its check and severity as tags, the sentence, and the confidence when below certain. */
export function FindingLine({ finding }: { finding: QualityFinding }) {
  const t = useT();
  return (
    <li data-testid="quality-finding" data-check={finding.check} style={{ padding: '6px 0', borderBottom: '1px solid rgba(5,5,5,0.06)', listStyle: 'none' }}>
      <Space wrap size={[6, 2]}>
        <Tag color={SEVERITY_COLOURS[finding.severity]}>{t(`assistQuality.severity.${finding.severity}`)}</Tag>
        <Typography.Text strong>{t(`assistQuality.check.${finding.check}`)}</Typography.Text>
      </Space>
      <Typography.Paragraph style={{ margin: '2px 0 0', overflowWrap: 'anywhere' }}>
        {findingSentence(t, finding)}
        {finding.confidence < 1 && <Typography.Text type="secondary"> {t('assistQuality.confidence', { value: Math.round(finding.confidence * 100) })}</Typography.Text>}
      </Typography.Paragraph>
    </li>
  );
}

export function FindingList({ findings }: { findings: QualityFinding[] }) {
  return (
    <ul style={{ margin: 0, padding: 0 }}>
      {findings.map((f) => (
        <FindingLine key={`${f.check}:${f.detail.rule}:${f.detail.commentId ?? ''}:${f.detail.target ?? ''}`} finding={f} />
      ))}
    </ul>
  );
}
