import { lazy, useCallback, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { CloudUploadOutlined, ExperimentOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { isProblem } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import type { Translate } from '../../i18n/i18n.ts';
import { useNarrow } from '../../app/layout.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LazyDiagram } from '../../components/lazy-diagram.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { toProblemDocument } from '../../components/problem-display.ts';
import { modelProblemsOf, type ModelProblem } from '../processes/process-api.ts';
import { PageTrail } from '../processes/page-trail.tsx';
import { prettyJson } from '../processes/process-labels.ts';
import { decisionsKey, deployDecisions, evaluateDraft, parseVariables, useDecision, type EvaluationAnswer } from './decision-api.ts';
import { DECISION_KEY, decisionInputs, decisionsOf, newDecisionXml, outputLabelsOf, placeOf, ruleNumberOf, variablesFromInputs, type DecisionInput, type ElementPlace } from './dmn-model.ts';
import type { DmnModelerHandle, DmnModelerProps } from './dmn-modeler.tsx';

// dmn-js's Modeler and its CSS: a chunk of their own, fetched when the designer opens.
const DmnFileModeler = lazy(() => import('./dmn-modeler.tsx').then((m) => ({ default: m.DmnFileModeler })));

/** /decisions/new and /decisions/:key/edit: a DMN file edited with dmn-js, deployed, and tried with sample inputs. */
export function DecisionDesignerPage() {
  const { key } = useParams();
  return key ? <EditExisting decisionKey={key} /> : <StartNew />;
}

function EditExisting({ decisionKey }: { decisionKey: string }) {
  const decision = useDecision(decisionKey);
  if (decision.isPending) return <Skeleton active />;
  if (decision.isError) return <LoadError error={decision.error} retry={() => decision.refetch()} />;
  return <Designer initialXml={decision.data.xml} decisionKey={decisionKey} title={decision.data.name || decisionKey} deployed />;
}

/** A new decision starts from its key and name: the key is its id in the file and cannot change once deployed. */
function StartNew() {
  const { t } = useLocale();
  const [started, setStarted] = useState<{ key: string; name: string } | null>(null);
  const xml = useMemo(() => (started ? newDecisionXml(started.key, started.name) : ''), [started]);
  if (started) return <Designer initialXml={xml} decisionKey={started.key} title={started.name} deployed={false} />;
  return (
    <Card title={<PageTrail items={[{ to: '/decisions', label: t('decision.listTitle') }, { label: t('dmnDesigner.newTitle') }]} />}>
      <Form
        layout="vertical"
        style={{ maxWidth: 420 }}
        onFinish={(values: { key: string; name: string }) => setStarted({ key: values.key.trim(), name: values.name.trim() })}
        data-testid="new-decision-form"
      >
        <Form.Item
          name="key"
          label={t('decision.key')}
          extra={t('dmnDesigner.keyHelp')}
          rules={[
            { required: true, message: t('dmnDesigner.keyRequired') },
            { pattern: DECISION_KEY, message: t('dmnDesigner.keyInvalid') },
          ]}
        >
          <Input autoFocus maxLength={255} data-testid="new-decision-key" />
        </Form.Item>
        <Form.Item name="name" label={t('decision.name')} rules={[{ required: true, whitespace: true, message: t('dmnDesigner.nameRequired') }]}>
          <Input maxLength={255} data-testid="new-decision-name" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="new-decision-start">
          {t('dmnDesigner.start')}
        </Button>
      </Form>
    </Card>
  );
}

/** Where a problem is, in words: the decision, its rule number and column, or the whole file. */
function placeOfProblem(t: Translate, place: ElementPlace | null): string {
  if (!place) return t('deploy.wholeFile');
  const parts: string[] = [];
  if (place.decisionName) parts.push(t('dmnDesigner.place.decision', { name: place.decisionName }));
  if (place.elementName) parts.push(place.elementName);
  if (place.ruleNumber) parts.push(t('decision.ruleN', { n: place.ruleNumber }));
  if (place.column) parts.push(t('dmnDesigner.place.column', { name: place.column }));
  return parts.join(' · ') || t('dmnDesigner.place.unnamed');
}

type DeployOutcome =
  | { kind: 'deployed'; versions: { key: string; version: number }[] }
  | { kind: 'refused'; title: string; detail?: string; problems: (ModelProblem & { place: ElementPlace | null })[] };

function Designer({ initialXml, decisionKey, title, deployed }: { initialXml: string; decisionKey: string; title: string; deployed: boolean }) {
  const { t, locale } = useLocale();
  const narrow = useNarrow();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const handle = useRef<DmnModelerHandle | null>(null);
  // The modeler keeps the model; the page re-reads it (decisions, inputs) at each revision.
  const [revision, setRevision] = useState(0);
  const [imported, setImported] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [deploying, setDeploying] = useState(false);
  const [outcome, setOutcome] = useState<DeployOutcome | null>(null);
  const [openDecision, setOpenDecision] = useState<string | null>(decisionKey);
  const [matched, setMatched] = useState<string[]>([]);

  const definitions = imported ? handle.current?.definitions() : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the definitions object is edited in place; revision says when
  const decisions = useMemo(() => decisionsOf(definitions), [definitions, revision]);

  const modelerProps: DmnModelerProps = {
    xml: initialXml,
    label: t('dmnDesigner.editorLabel', { name: title }),
    handle,
    initialDecisionId: decisionKey,
    matchedRuleIds: matched,
    onImported: (result) => {
      if (!result.ok) return;
      setImported(true);
      setDirty(false);
      setRevision((n) => n + 1);
    },
    onChange: () => {
      setDirty(true);
      setRevision((n) => n + 1);
    },
    onViewChange: (view) => {
      if (view.decisionId) setOpenDecision(view.decisionId);
      setRevision((n) => n + 1);
    },
  };

  const deploy = async () => {
    if (!handle.current) return;
    setDeploying(true);
    try {
      const xml = await handle.current.saveXml();
      const answer = await deployDecisions(xml);
      setOutcome({ kind: 'deployed', versions: answer.decisions.map((d) => ({ key: d.key, version: d.version })) });
      setDirty(false);
      void message.success(t('dmnDesigner.deployed'));
      await queryClient.invalidateQueries({ queryKey: decisionsKey });
      await Promise.all(answer.decisions.map((d) => queryClient.invalidateQueries({ queryKey: ['decision', d.key] })));
    } catch (error) {
      const problem = toProblemDocument(error, t);
      const problems = isProblem(error) ? modelProblemsOf(error.problem as never) : [];
      const defs = handle.current?.definitions();
      setOutcome({ kind: 'refused', title: problem.title, detail: problems.length > 0 ? undefined : problem.detail, problems: problems.map((p) => ({ ...p, place: placeOf(defs, p.elementId) })) });
    } finally {
      setDeploying(false);
    }
  };

  const placeText = (place: ElementPlace | null) => placeOfProblem(t, place);

  const showDecision = useCallback((decisionId: string) => handle.current?.openDecision(decisionId), []);

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card
          title={
            <PageTrail
              items={[
                { to: '/decisions', label: t('decision.listTitle') },
                ...(deployed ? [{ to: `/decisions/${encodeURIComponent(decisionKey)}`, label: title }] : [{ label: title }]),
                { label: t('dmnDesigner.edit') },
              ]}
            />
          }
          extra={
            <Space wrap>
              {dirty && <Tag color="orange">{t('dmnDesigner.unsaved')}</Tag>}
              <Button type="primary" icon={<CloudUploadOutlined />} loading={deploying} disabled={!imported} onClick={deploy} data-testid="designer-deploy">
                {t('deploy.submit')}
              </Button>
            </Space>
          }
          data-testid="decision-designer"
        >
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('dmnDesigner.hint')}
          </Typography.Paragraph>
          {outcome?.kind === 'deployed' && (
            <Alert
              type="success"
              showIcon
              closable={{ 'aria-label': t('dmnDesigner.dismiss') }}
              onClose={() => setOutcome(null)}
              style={{ marginBottom: 8 }}
              title={t('deploy.deployed', { count: outcome.versions.length })}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {outcome.versions.map((v) => (
                    <li key={v.key}>
                      <Link to={`/decisions/${encodeURIComponent(v.key)}`}>{decisions.find((d) => d.id === v.key)?.name || v.key}</Link> {t('process.versionN', { version: v.version })}
                    </li>
                  ))}
                </ul>
              }
              data-testid="designer-deploy-result"
            />
          )}
          {outcome?.kind === 'refused' && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 8 }}
              title={outcome.problems.length > 0 ? t('deploy.refused', { count: outcome.problems.length }) : outcome.title}
              description={
                outcome.problems.length > 0 ? (
                  <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="designer-problem-list">
                    {outcome.problems.map((p, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: two problems may name the same element
                      <li key={i}>
                        {p.place?.decisionId ? (
                          <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => showDecision(p.place!.decisionId!)}>
                            {placeText(p.place)}
                          </Button>
                        ) : (
                          <Typography.Text strong>{placeText(p.place)}</Typography.Text>
                        )}
                        {': '}
                        {locale === 'en-US' && p.message ? p.message : t('dmnDesigner.problemHere')}
                      </li>
                    ))}
                  </ul>
                ) : (
                  outcome.detail
                )
              }
              data-testid="designer-problems"
            />
          )}
          <LazyDiagram viewer={DmnFileModeler} props={modelerProps} />
        </Card>
      </Col>
      <Col span={24}>
        <EvaluatePanel
          definitions={definitions}
          revision={revision}
          decisions={decisions}
          openDecision={openDecision}
          getXml={() => handle.current?.saveXml() ?? Promise.reject(new Error('no model'))}
          narrow={narrow}
          onShowDecision={showDecision}
          onMatched={setMatched}
        />
      </Col>
    </Row>
  );
}

/** Sample inputs for a decision of the file, evaluated against its deployed version; the matched rules highlighted in the table. */
function EvaluatePanel(props: {
  definitions: unknown;
  revision: number;
  decisions: { id: string; name: string; kind: string }[];
  openDecision: string | null;
  getXml(): Promise<string>;
  narrow: boolean;
  onShowDecision(decisionId: string): void;
  onMatched(ruleIds: string[]): void;
}) {
  const { t } = useLocale();
  const { definitions, revision, decisions } = props;
  const [picked, setPicked] = useState<string | undefined>();
  const decisionId = picked ?? (props.openDecision && decisions.some((d) => d.id === props.openDecision) ? props.openDecision : decisions[0]?.id);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the definitions object is edited in place; revision says when
  const inputs: DecisionInput[] = useMemo(() => (decisionId ? decisionInputs(definitions, decisionId) : []), [definitions, decisionId, revision]);
  const [form] = Form.useForm();
  const [extra, setExtra] = useState('');
  const [extraError, setExtraError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<(EvaluationAnswer & { decisionId: string }) | null>(null);
  const [failure, setFailure] = useState<{ title: string; detail?: string; problems: ModelProblem[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const evaluate = async (values: Record<string, unknown>) => {
    if (!decisionId) return;
    const parsed = parseVariables(extra);
    if (!parsed.ok) {
      setExtraError(parsed.reason === 'json' ? t('decision.notJson') : t('decision.notObject'));
      return;
    }
    setExtraError(null);
    setBusy(true);
    setFailure(null);
    try {
      const variables = { ...parsed.value, ...variablesFromInputs(inputs, values) };
      // The model as it stands in the editor, deployed or not.
      const result = await evaluateDraft({ xml: await props.getXml(), decisionKey: decisionId, variables });
      setAnswer({ ...result, decisionId });
      props.onMatched(result.matchedRules);
      props.onShowDecision(decisionId);
    } catch (error) {
      setAnswer(null);
      props.onMatched([]);
      const problem = toProblemDocument(error, t);
      const problems = isProblem(error) ? modelProblemsOf(error.problem as never) : [];
      setFailure({ title: problems.length > 0 ? t('dmnDesigner.draftRefused', { count: problems.length }) : problem.title, detail: problems.length > 0 ? undefined : problem.detail, problems });
    } finally {
      setBusy(false);
    }
  };

  const outputLabels = answer ? outputLabelsOf(definitions, answer.decisionId) : new Map<string, string>();
  const rows = answer ? (answer.resultList.length > 0 ? answer.resultList : answer.result !== null && answer.result !== undefined ? [{ '': answer.result }] : []) : [];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];

  return (
    <Card title={t('dmnDesigner.evaluateTitle')} data-testid="designer-evaluate">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('dmnDesigner.evaluatesDraft')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={evaluate} style={{ maxWidth: 640 }}>
        {decisions.length > 1 && (
          <Form.Item label={t('decision.which')}>
            <Select
              value={decisionId}
              onChange={(id) => {
                setPicked(id);
                setAnswer(null);
              }}
              aria-label={t('decision.which')}
              options={decisions.map((d) => ({ value: d.id, label: d.name }))}
              data-testid="designer-evaluate-decision"
            />
          </Form.Item>
        )}
        {inputs.length === 0 ? (
          <Typography.Paragraph type="secondary">{t('dmnDesigner.noInputs')}</Typography.Paragraph>
        ) : (
          inputs.map((input) => (
            <Form.Item key={input.path} name={[input.path]} label={input.label} extra={input.label !== input.path ? <Typography.Text code>{input.path}</Typography.Text> : undefined}>
              {input.typeRef === 'boolean' ? (
                <Select
                  allowClear
                  aria-label={input.label}
                  options={[
                    { value: 'true', label: t('dmnDesigner.true') },
                    { value: 'false', label: t('dmnDesigner.false') },
                  ]}
                />
              ) : (
                <Input
                  aria-label={input.label}
                  inputMode={['number', 'integer', 'long', 'double'].includes(input.typeRef ?? '') ? 'decimal' : undefined}
                  data-testid={`designer-input-${input.path}`}
                />
              )}
            </Form.Item>
          ))
        )}
        <Form.Item label={t('dmnDesigner.moreVariables')} validateStatus={extraError ? 'error' : undefined} help={extraError ?? t('decision.variablesHelp')}>
          <Input.TextArea
            value={extra}
            onChange={(e) => setExtra(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 8 }}
            style={{ fontFamily: 'monospace', fontSize: 12 }}
            data-testid="designer-extra-variables"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} loading={busy} data-testid="designer-evaluate-submit">
          {t('decision.evaluateSubmit')}
        </Button>
      </Form>
      {failure && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          title={failure.title}
          description={
            failure.problems.length > 0 ? (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {failure.problems.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: two problems may name the same element
                  <li key={i}>{placeOfProblem(t, placeOf(definitions, p.elementId))}</li>
                ))}
              </ul>
            ) : (
              failure.detail
            )
          }
          data-testid="designer-evaluate-failure"
        />
      )}
      {answer && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }} data-testid="designer-evaluate-result">
          <Typography.Text strong>{t('decision.result')}</Typography.Text>
          {rows.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dmnDesigner.noResult')} />
          ) : (
            <KeyboardScrollable label={t('decision.result')}>
              <Table
                size="small"
                pagination={false}
                rowKey={(_, i) => String(i)}
                dataSource={rows}
                scroll={{ x: Math.max(200, columns.length * 140) }}
                columns={columns.map((c) => ({
                  title: c ? (outputLabels.get(c) ?? c) : t('decision.result'),
                  key: c,
                  render: (_: unknown, row: Record<string, unknown>) => (typeof row[c] === 'string' ? (row[c] as string) : prettyJson(row[c])),
                }))}
              />
            </KeyboardScrollable>
          )}
          <Typography.Text strong>{t('decision.matchedRules', { count: answer.matchedRules.length })}</Typography.Text>
          {answer.matchedRules.length === 0 ? (
            <Typography.Text type="secondary">{t('decision.noRuleMatched')}</Typography.Text>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="designer-matched-rules">
              {answer.matchedRules.map((ruleId) => {
                const place = ruleNumberOf(definitions, ruleId);
                const decisionName = place && place.decisionId !== answer.decisionId ? decisions.find((d) => d.id === place.decisionId)?.name : undefined;
                return (
                  <li key={ruleId}>
                    {place ? t('decision.ruleN', { n: place.number }) : t('decision.rule')}
                    {decisionName && <Typography.Text type="secondary"> · {decisionName}</Typography.Text>}
                  </li>
                );
              })}
            </ul>
          )}
        </Space>
      )}
    </Card>
  );
}
