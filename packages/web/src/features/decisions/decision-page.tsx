import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Row, Select, Skeleton, Space, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { EditOutlined } from '@ant-design/icons';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { toProblemDocument } from '../../components/problem-display.ts';
import { prettyJson } from '../processes/process-labels.ts';
import { PageTrail } from '../processes/page-trail.tsx';
import { DmnDiagram } from './dmn-diagram.tsx';
import { decisionsInXml, evaluateDecision, parseVariables, ruleIdsInXml, useDecision, type DecisionDetail, type EvaluationAnswer } from './decision-api.ts';

/** One decision file: its diagram and tables, and (for an evaluator) a panel to try it with variables. */
export function DecisionPage() {
  const { key = '' } = useParams();
  const decision = useDecision(key);
  if (decision.isPending) return <Skeleton active />;
  if (decision.isError) return <LoadError error={decision.error} retry={() => decision.refetch()} />;
  return <DecisionView decision={decision.data} />;
}

function DecisionView({ decision }: { decision: DecisionDetail }) {
  const { t, locale } = useLocale();
  const narrow = useNarrow();
  const canEvaluate = useCan('decision:evaluate');
  const canDeploy = useCan('decision:deploy');
  const navigate = useNavigate();
  const inFile = useMemo(() => decisionsInXml(decision.xml), [decision.xml]);
  const rulesByDecision = useMemo(() => ruleIdsInXml(decision.xml), [decision.xml]);
  const [decisionId, setDecisionId] = useState<string | undefined>(undefined);
  const [text, setText] = useState('{\n  \n}');
  const [inputError, setInputError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<EvaluationAnswer | null>(null);
  const [failure, setFailure] = useState<{ title: string; detail?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  /** Where a matched rule sits: its decision and its number in that decision's table. */
  const placeOf = (ruleId: string): { decisionId: string; number: number } | undefined => {
    for (const [decisionId, ids] of rulesByDecision) {
      const at = ids.indexOf(ruleId);
      if (at >= 0) return { decisionId, number: at + 1 };
    }
    return undefined;
  };
  const matchedRuleIds = answer?.matchedRules ?? [];
  // The table to show: the one picked, else the one whose rules matched, so the highlight is in view.
  const shownDecision = decisionId ?? (matchedRuleIds.length > 0 ? placeOf(matchedRuleIds[0]!)?.decisionId : undefined);
  const latest = decision.versions?.find((v) => v.version === decision.latestVersion);

  const evaluate = async () => {
    const parsed = parseVariables(text);
    if (!parsed.ok) {
      setInputError(parsed.reason === 'json' ? t('decision.notJson') : t('decision.notObject'));
      return;
    }
    setInputError(null);
    setBusy(true);
    setFailure(null);
    try {
      setAnswer(await evaluateDecision(decision.key, { ...(decisionId ? { decisionId } : {}), variables: parsed.value }));
    } catch (error) {
      setAnswer(null);
      const problem = toProblemDocument(error, t);
      setFailure({ title: problem.title, detail: problem.detail });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card
          title={<PageTrail items={[{ to: '/decisions', label: t('decision.listTitle') }, { label: decision.name || decision.key }]} />}
          extra={
            canDeploy && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/decisions/${encodeURIComponent(decision.key)}/edit`)} data-testid="edit-decision">
                {t('dmnDesigner.edit')}
              </Button>
            )
          }
        >
          <Descriptions size="small" column={narrow ? 1 : 3}>
            <Descriptions.Item label={t('decision.key')}>
              <Typography.Text code>{decision.key}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('process.version')}>{t('process.versionN', { version: decision.latestVersion })}</Descriptions.Item>
            <Descriptions.Item label={t('process.deployedAt')}>{formatDateTime(latest?.deployedAt, locale)}</Descriptions.Item>
          </Descriptions>
          <DmnDiagram xml={decision.xml} label={t('decision.diagramOf', { name: decision.name || decision.key })} matchedRuleIds={matchedRuleIds} decisionId={shownDecision} />
        </Card>
      </Col>
      {canEvaluate && (
        <Col span={24}>
          <Card title={t('decision.evaluate')} data-testid="evaluate-panel">
            <Form layout="vertical" onFinish={evaluate}>
              {inFile.length > 1 && (
                <Form.Item label={t('decision.which')}>
                  <Select
                    allowClear
                    value={decisionId}
                    onChange={setDecisionId}
                    placeholder={inFile.find((d) => d.id === decision.key)?.name || decision.key}
                    aria-label={t('decision.which')}
                    style={{ maxWidth: 360 }}
                    options={inFile.map((d) => ({ value: d.id, label: d.name || d.id }))}
                  />
                </Form.Item>
              )}
              <Form.Item label={t('decision.variables')} validateStatus={inputError ? 'error' : undefined} help={inputError ?? t('decision.variablesHelp')}>
                <Input.TextArea
                  aria-label={t('decision.variables')}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  autoSize={{ minRows: 4, maxRows: 16 }}
                  style={{ fontFamily: 'monospace', fontSize: 12 }}
                  data-testid="evaluate-variables"
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="evaluate-submit">
                {t('decision.evaluateSubmit')}
              </Button>
            </Form>
            {failure && <Alert style={{ marginTop: 12 }} type="error" showIcon title={failure.title} description={failure.detail} data-testid="evaluate-failure" />}
            {answer && (
              <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }} data-testid="evaluate-result">
                <Typography.Text strong>{t('decision.result')}</Typography.Text>
                <pre style={{ margin: 0, padding: 8, background: '#f5f5f5', whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 12 }}>
                  {prettyJson(answer.result ?? answer.resultList ?? null)}
                </pre>
                <Typography.Text strong>{t('decision.matchedRules', { count: matchedRuleIds.length })}</Typography.Text>
                {matchedRuleIds.length === 0 ? (
                  <Typography.Text type="secondary">{t('decision.noRuleMatched')}</Typography.Text>
                ) : (
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {matchedRuleIds.map((ruleId) => {
                      const place = placeOf(ruleId);
                      return (
                        <li key={ruleId}>
                          {place ? t('decision.ruleN', { n: place.number }) : t('decision.rule')}
                          {place && inFile.length > 1 && <Typography.Text type="secondary"> · {inFile.find((d) => d.id === place.decisionId)?.name || place.decisionId}</Typography.Text>}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </Space>
            )}
          </Card>
        </Col>
      )}
    </Row>
  );
}
