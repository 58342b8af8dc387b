import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { Alert, Button, Flex, Input, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, EditOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { isProblem, type CaseType } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { toProblemDocument } from '../../components/problem-display.ts';
import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';
import { percentOf, type KeyedSpan } from './prefill-model.ts';
import { STATE_COLOR } from './prefill-form-marks.tsx';
import type { PrefillSession, ShownSuggestion } from './prefill-session.tsx';
import { PrefillSourceText } from './prefill-source-text.tsx';
import { requestDispatch, type DispatchResponse } from './prefill-api.ts';
import { DISPATCH_KEY, PrefillDispatchHint } from './prefill-dispatch.tsx';
import './prefill.css';

// The "paste the conversation" box of the new-case screen (issue 22): the agent pastes what the
// customer said or wrote, asks for suggestions, sees where each value came from, and takes,
// changes or clears each one; the form beside it holds the values.

const MAX_TEXT = 20000;

export const signalKey = (label: string) => `signal:${label}`;
export const refusedKey = (field: string) => `refused:${field}`;

/** A refused call in the reader's language: the prefill's own problems first, then any the console knows. */
export function prefillErrorText(error: unknown, t: Translate): string {
  if (isProblem(error)) {
    const own = translateIfKnown(t, `assist.problem.${error.problem.type.replace(/^\/problems\//, '')}`);
    if (own) return own;
  }
  const problem = toProblemDocument(error, t);
  const reasons = problem.errors?.map((e) => e.reason).join('; ');
  return [problem.title, reasons || problem.detail].filter(Boolean).join(' — ');
}

export function PrefillPanel({
  session,
  channel,
  caseTypes,
  onSwitchType,
}: {
  session: PrefillSession;
  channel?: string;
  caseTypes: readonly CaseType[];
  /** Picks another case type; the text is then suggested again for it. */
  onSwitchType(key: string): void;
}) {
  const { t } = useLocale();
  const [text, setText] = useState('');
  const [editing, setEditing] = useState(true);
  const boxId = useId();
  const { response, suggestions, focused } = session;

  // The answer replaces the box with the marked text; a failed call leaves the box to fix and retry.
  const shownAsMarked = Boolean(response) && !editing;
  const [dispatch, setDispatch] = useState<DispatchResponse | null>(null);
  const [dispatchError, setDispatchError] = useState<unknown>(null);
  const onSuggest = async () => {
    if (!text.trim() || session.pending) return;
    const [suggested] = await Promise.all([
      session.suggest(text, channel),
      // Where the text would go, read without the chosen type: it may tell the agent the type is another.
      requestDispatch(text, channel).then(
        (answer) => {
          setDispatch(answer);
          setDispatchError(null);
        },
        (error: unknown) => {
          setDispatch(null);
          setDispatchError(error);
        },
      ),
    ]);
    if (suggested) setEditing(false);
  };
  // After switching to the likely type, the same text is suggested again for the new form.
  const [switchingTo, setSwitchingTo] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the new type's form is in place, not on every keystroke
  useEffect(() => {
    if (!switchingTo || session.caseTypeKey !== switchingTo) return;
    setSwitchingTo(null);
    void session.suggest(text, channel).then((ok) => ok && setEditing(false));
  }, [switchingTo, session.caseTypeKey]);
  const switchType = (key: string) => {
    setSwitchingTo(key);
    onSwitchType(key);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void onSuggest();
    }
  };

  const spans = useMemo<KeyedSpan[]>(() => {
    if (!response) return [];
    return [
      ...suggestions.flatMap((s) => [s.source, ...s.alsoFrom].map((span) => ({ key: s.field, start: span.start, end: span.end }))),
      ...response.refused.map((r) => ({ key: refusedKey(r.field), start: r.source.start, end: r.source.end })),
      ...response.signals.map((s) => ({ key: signalKey(s.label), start: s.source.start, end: s.source.end })),
      // The dispatch read the same text as sent: its spans point into it too.
      ...(dispatch?.caseType?.guess ? [dispatch.caseType.guess.source, ...dispatch.caseType.guess.alsoFrom].map((span) => ({ key: DISPATCH_KEY, start: span.start, end: span.end })) : []),
    ];
  }, [response, suggestions, dispatch]);
  const multiline = new Set(session.fields.filter((f) => f.multiline).map((f) => f.key));
  const kindOf = (key: string) => (key.startsWith('signal:') || key === DISPATCH_KEY ? 'signal' : key.startsWith('refused:') ? 'refused' : multiline.has(key) ? 'quiet' : 'suggestion');
  const titleOf = (key: string) => (key === DISPATCH_KEY ? t('assist.dispatch.likelyType') : key.startsWith('signal:') ? signalLabel(t, key.slice(7)) : session.labelOf(key.replace(/^refused:/, '')));
  const focusProps = session.sourceFocusProps;
  const pendingCount = suggestions.filter((s) => s.state === 'suggested').length;

  return (
    <section className="prefill-panel" aria-labelledby={`${boxId}-title`} data-testid="prefill-panel">
      <Typography.Title level={5} id={`${boxId}-title`} style={{ marginTop: 0 }}>
        {t('assist.prefill.title')}
      </Typography.Title>
      {!shownAsMarked ? (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }} id={`${boxId}-hint`}>
            {t('assist.prefill.hint')}
          </Typography.Paragraph>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            autoSize={{ minRows: 5, maxRows: 14 }}
            maxLength={MAX_TEXT}
            showCount
            aria-label={t('assist.prefill.title')}
            aria-describedby={`${boxId}-hint`}
            placeholder={t('assist.prefill.placeholder')}
            data-testid="prefill-text"
          />
          <Flex gap={8} wrap style={{ marginTop: 12 }}>
            <Button type="primary" icon={<ThunderboltOutlined />} onClick={onSuggest} loading={session.pending} disabled={!text.trim()} data-testid="prefill-suggest">
              {t('assist.prefill.suggest')}
            </Button>
            {response && (
              <Button onClick={() => setEditing(false)} data-testid="prefill-show-marked">
                {t('assist.prefill.showMarked')}
              </Button>
            )}
          </Flex>
        </>
      ) : (
        <>
          <PrefillSourceText text={session.sentText} spans={spans} focused={focused} kindOf={kindOf} titleOf={titleOf} label={t('assist.prefill.sourceLabel')} />
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} style={{ marginTop: 8 }} data-testid="prefill-edit-text">
            {t('assist.prefill.editText')}
          </Button>
        </>
      )}
      {session.error != null && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('assist.prefill.failed')} description={prefillErrorText(session.error, t)} data-testid="prefill-error" />
      )}
      {response && (
        <div className="prefill-results" aria-live="polite">
          {response.path === 'llm-fallback' && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="prefill-fallback">
              {t('assist.prefill.fallback')}
            </Typography.Paragraph>
          )}
          {dispatch && session.caseTypeKey && (
            <PrefillDispatchHint dispatch={dispatch} caseTypes={caseTypes} currentType={session.caseTypeKey} onSwitch={switchType} focusProps={focusProps(DISPATCH_KEY)} />
          )}
          {dispatchError != null && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="prefill-dispatch-error">
              {t('assist.dispatch.failed', { reason: prefillErrorText(dispatchError, t) })}
            </Typography.Paragraph>
          )}
          {response.signals.length > 0 && (
            <Flex gap={4} wrap aria-label={t('assist.prefill.signals')} data-testid="prefill-signals">
              {response.signals.map((s) => (
                <Tag key={s.label} color={signalColor(s.label, s.value)} tabIndex={0} {...focusProps(signalKey(s.label))} data-testid={`prefill-signal-${s.label}`}>
                  {t('assist.prefill.signal', { label: signalLabel(t, s.label), value: signalValue(t, s.label, s.value), percent: percentOf(s.confidence) })}
                </Tag>
              ))}
            </Flex>
          )}
          {suggestions.length === 0 ? (
            <Typography.Paragraph type="secondary" data-testid="prefill-none">
              {t('assist.prefill.none')}
            </Typography.Paragraph>
          ) : (
            <>
              <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 8 }}>
                <Typography.Text strong>{t('assist.prefill.suggestions', { count: suggestions.length })}</Typography.Text>
                <Button size="small" icon={<CheckOutlined />} onClick={session.acceptAll} disabled={pendingCount === 0} data-testid="prefill-accept-all">
                  {t('assist.prefill.acceptAll')}
                </Button>
              </Flex>
              <ul className="prefill-list" data-testid="prefill-suggestions">
                {suggestions.map((s) => (
                  <SuggestionItem key={s.field} s={s} session={session} focusProps={focusProps(s.field)} />
                ))}
              </ul>
            </>
          )}
          {response.refused.length > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 8 }}
              title={t('assist.prefill.refusedTitle')}
              data-testid="prefill-refused"
              description={
                <ul className="prefill-notes">
                  {response.refused.map((r) => (
                    // biome-ignore lint/a11y/noNoninteractiveTabindex: focusing a refused value shows where it was read
                    <li key={r.field + r.reason} tabIndex={0} {...focusProps(refusedKey(r.field))}>
                      {t(`assist.refused.${r.reason}`, { field: session.labelOf(r.field) })}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          {response.missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              title={t('assist.prefill.missingTitle')}
              data-testid="prefill-missing"
              description={
                <ul className="prefill-notes">
                  {response.missing.map((m) => (
                    <li key={m.field}>{t('assist.prefill.ask', { field: session.fields.some((f) => f.key === m.field) ? session.labelOf(m.field) : m.label })}</li>
                  ))}
                </ul>
              }
            />
          )}
        </div>
      )}
    </section>
  );
}

function SuggestionItem({ s, session, focusProps }: { s: ShownSuggestion; session: PrefillSession; focusProps: Record<string, () => void> }) {
  const { t } = useLocale();
  return (
    <li className={`prefill-item${session.focused === s.field ? ' prefill-item-focused' : ''}`} data-testid={`prefill-suggestion-${s.field}`} data-state={s.state} {...focusProps}>
      <div className="prefill-item-text">
        <Tag color={STATE_COLOR[s.state]}>{t(`assist.state.${s.state}`)}</Tag>
        <span className="prefill-item-label">{s.label}</span>
        <span className={`prefill-item-value${session.fields.find((f) => f.key === s.field)?.multiline ? ' prefill-item-long' : ''}`}>{s.display}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('assist.prefill.confidence', { percent: percentOf(s.confidence) })}
        </Typography.Text>
      </div>
      <Flex gap={4}>
        <Button
          size="small"
          type={s.state === 'accepted' ? 'primary' : 'default'}
          icon={<CheckOutlined />}
          aria-label={t('assist.prefill.accept', { field: s.label })}
          aria-pressed={s.state === 'accepted'}
          onClick={() => session.accept(s.field)}
          data-testid={`prefill-accept-${s.field}`}
        />
        <Button
          size="small"
          icon={<CloseOutlined />}
          aria-label={t('assist.prefill.clear', { field: s.label })}
          disabled={s.state === 'rejected'}
          onClick={() => session.clear(s.field)}
          data-testid={`prefill-clear-${s.field}`}
        />
      </Flex>
    </li>
  );
}

function signalLabel(t: Translate, label: string): string {
  return translateIfKnown(t, `assist.signal.${label}`) ?? label;
}

function signalValue(t: Translate, label: string, value: string): string {
  return translateIfKnown(t, `assist.signal.${label}.${value}`) ?? value;
}

function signalColor(label: string, value: string): string | undefined {
  if ((label === 'emotion' && value === 'angry') || (label === 'urgency' && value === 'urgent')) return 'red';
  if ((label === 'emotion' && value === 'anxious') || (label === 'urgency' && value === 'high')) return 'orange';
  return undefined;
}
