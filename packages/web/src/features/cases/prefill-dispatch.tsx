import { Button, Flex, Popover, Typography } from 'antd';
import { QuestionCircleOutlined, SwapOutlined } from '@ant-design/icons';
import type { CaseType } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import type { Translate } from '../../i18n/i18n.ts';
import { splitLabelForAdmin } from '../public-form/public-form-fields.ts';
import type { DispatchResponse } from './prefill-api.ts';
import { percentOf } from './prefill-model.ts';
import { fieldsOfSchema } from './prefill-session.tsx';

// Where the case likely goes (issue 22, the dispatch suggestion): the case type the text reads as,
// with why, and a switch to it when the agent picked another; the queue the routing rules would choose.

export const DISPATCH_KEY = 'dispatch:caseType';

type Locale = 'zh-CN' | 'en-US';

/** A case type's name in the reader's language. */
const typeName = (types: readonly CaseType[], key: string, locale: Locale) => splitLabelForAdmin(types.find((ct) => ct.key === key)?.name ?? key, locale);

/** A fact the routing read ("category: fees") in words, by the guessed type's own labels. */
function factWords(types: readonly CaseType[], typeKey: string | undefined, fact: { field: string; value: string }, t: Translate, locale: Locale): string {
  if (fact.field === 'caseType') return `${t('newCase.type')}${locale === 'zh-CN' ? '：' : ': '}${typeName(types, fact.value, locale)}`;
  if (fact.field === 'priority') return `${t('case.priority')}${locale === 'zh-CN' ? '：' : ': '}${t(`priority.${fact.value}` as 'priority.normal')}`;
  const field = fieldsOfSchema(types.find((ct) => ct.key === typeKey)?.schema, locale).find((f) => f.key === fact.field);
  const value = field?.options.find((o) => o.value === fact.value)?.label ?? fact.value;
  return `${field?.label ?? fact.field}${locale === 'zh-CN' ? '：' : ': '}${value}`;
}

/** Why, in the reader's language: the words the type was read from, then the routing's reason. */
export function dispatchReasonWords(dispatch: DispatchResponse, types: readonly CaseType[], t: Translate, locale: Locale): string[] {
  const lines: string[] = [];
  const guess = dispatch.caseType?.guess;
  if (guess) lines.push(t('assist.dispatch.readFrom', { words: guess.source.text, percent: percentOf(guess.confidence) }));
  const typeKey = dispatch.caseType?.value;
  const facts = dispatch.reason.facts.map((f) => factWords(types, typeKey, f, t, locale)).join(locale === 'zh-CN' ? '；' : '; ');
  const queue = dispatch.queue ? splitLabelForAdmin(dispatch.queue.name, locale) : '';
  switch (dispatch.reason.kind) {
    case 'rule':
      lines.push(t('assist.dispatch.byRule', { rule: dispatch.reason.rule?.name ?? '', facts, queue }));
      break;
    case 'type-default':
      lines.push(t('assist.dispatch.byDefault', { queue }));
      break;
    case 'no-queue':
      lines.push(t('assist.dispatch.noQueue'));
      break;
    case 'no-case-type':
      lines.push(t('assist.dispatch.noCaseType'));
      break;
  }
  if (dispatch.skills.length > 0) lines.push(t('assist.dispatch.skills', { skills: dispatch.skills.map((s) => `${s.skill} ≥ ${s.minLevel}`).join(locale === 'zh-CN' ? '、' : ', ') }));
  return lines;
}

export function PrefillDispatchHint({
  dispatch,
  caseTypes,
  currentType,
  onSwitch,
  focusProps,
}: {
  dispatch: DispatchResponse;
  caseTypes: readonly CaseType[];
  currentType: string;
  onSwitch(key: string): void;
  focusProps: { onFocus(): void; onBlur(): void; onMouseEnter(): void; onMouseLeave(): void };
}) {
  const { t, locale } = useLocale();
  const guessed = dispatch.caseType && !dispatch.caseType.given ? dispatch.caseType.value : null;
  if (!guessed) return null;
  const name = typeName(caseTypes, guessed, locale);
  const why = dispatchReasonWords(dispatch, caseTypes, t, locale);
  const other = guessed !== currentType && caseTypes.some((ct) => ct.key === guessed);
  return (
    <div className="prefill-dispatch" data-testid="prefill-dispatch">
      <Flex gap={8} wrap align="center">
        <Typography.Text>
          {t('assist.dispatch.likelyType')}
          <Typography.Text strong>{name}</Typography.Text>
          {dispatch.queue && (
            <Typography.Text type="secondary">
              {' · '}
              {t('assist.dispatch.likelyQueue', { queue: splitLabelForAdmin(dispatch.queue.name, locale) })}
            </Typography.Text>
          )}
        </Typography.Text>
        <Popover
          trigger={['click', 'hover']}
          title={t('assist.dispatch.why')}
          content={
            <ul className="prefill-notes" data-testid="prefill-dispatch-reason">
              {why.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          }
        >
          <Button size="small" type="link" icon={<QuestionCircleOutlined />} {...focusProps} data-testid="prefill-dispatch-why">
            {t('assist.dispatch.why')}
          </Button>
        </Popover>
        {other ? (
          <Button size="small" icon={<SwapOutlined />} onClick={() => onSwitch(guessed)} data-testid="prefill-dispatch-switch">
            {t('assist.dispatch.switch', { type: name })}
          </Button>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('assist.dispatch.same')}
          </Typography.Text>
        )}
      </Flex>
    </div>
  );
}
