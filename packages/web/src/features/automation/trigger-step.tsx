import { Alert, Card, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { dataOf } from '@docket/client';
import { api } from '../../app/api.ts';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { CASE_EVENTS, RECORD_EVENTS, RECURRENCES, TRIGGER_KINDS, useObjectTypes, type TriggerKind } from './automation-api.ts';
import { CronPreview } from './cron-preview.tsx';
import {
  CASE_DATE_FIELDS,
  CASE_SUBJECT,
  dateFieldsOf,
  describeTrigger,
  eventLabel,
  fieldLabel,
  objectTypeLabel,
  OFFSET_DIRECTIONS,
  triggerFromForm,
  type RuleNames,
  type TriggerFormValues,
} from './rule-model.ts';

// Event types a rule can listen to as "an incoming event" (docs/events.md); record and case events
// have triggers of their own, with filters.
const EVENT_TYPES = ['case.commented', 'process.instance-completed', 'process.task-completed', 'process.incident-created', 'integration.message-received', 'automation.rule-ran'] as const;

const name = (key: keyof TriggerFormValues) => ['trigger', key];

/** Step 1: when the rule runs — a case or record event, days before or after a date field, a schedule, an event. */
export function TriggerStep({ names }: { names: RuleNames }) {
  const { t, locale } = useLocale();
  const form = Form.useFormInstance();
  const trigger = (Form.useWatch('trigger', form) ?? {}) as TriggerFormValues;
  const canRecords = useCan('record:read');
  const canObjectTypes = useCan('object-type:admin');
  const objectTypes = useObjectTypes(canRecords || canObjectTypes);
  const canCalendars = useCan('calendar:read');
  const calendars = useQuery({
    queryKey: ['automation', 'calendars'],
    enabled: canCalendars,
    staleTime: 60_000,
    queryFn: async () => dataOf(await api.GET('/api/v1/calendars')).items,
  });
  const kind: TriggerKind = trigger.kind ?? 'date';
  const type = objectTypes.data?.find((o) => o.key === trigger.objectType);
  const typeOptions = (objectTypes.data ?? []).map((o) => ({ value: o.key, label: objectTypeLabel(o, o.key, locale) }));
  // A date trigger may also follow a case's own dates ("2 days after closed").
  const dateTypeOptions = [...typeOptions, { value: CASE_SUBJECT, label: t('automation.trigger.caseSubject') }];
  const onCase = trigger.objectType === CASE_SUBJECT;
  const dateFieldOptions = onCase
    ? CASE_DATE_FIELDS.map((f) => ({ value: f, label: t(`automation.caseDate.${f}`) }))
    : dateFieldsOf(type).map((f) => ({ value: f.key, label: fieldLabel(f, f.key, locale) }));
  const calendarOptions = (calendars.data ?? []).map((c) => ({ value: c.key, label: c.name }));
  const required = { required: true, message: t('automation.required') };
  let preview = '';
  try {
    preview = describeTrigger(triggerFromForm({ ...trigger, kind }), t, names);
  } catch {
    preview = '';
  }

  return (
    <Card size="small" title={t('automation.step.trigger')} data-testid="rule-step-trigger" style={{ marginBottom: 12 }}>
      <Form.Item name={name('kind')} label={t('automation.trigger.kind')}>
        <Radio.Group
          optionType="button"
          options={TRIGGER_KINDS.map((k) => ({ value: k, label: t(`automation.triggerKind.${k}`) }))}
          onChange={() => form.setFieldValue(['trigger', 'fields'], [])}
          data-testid="trigger-kind"
        />
      </Form.Item>
      <Space wrap align="start">
        {(kind === 'date' || kind === 'record-event') && (
          <Form.Item name={name('objectType')} label={t('automation.trigger.objectType')} rules={[required]}>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: 220 }}
              loading={objectTypes.isLoading}
              options={kind === 'date' ? dateTypeOptions : typeOptions}
              onChange={() => form.setFieldsValue({ trigger: { ...form.getFieldValue('trigger'), field: undefined, fields: [] } })}
              aria-label={t('automation.trigger.objectType')}
              data-testid="trigger-object-type"
            />
          </Form.Item>
        )}
        {kind === 'record-event' && (
          <Form.Item name={name('on')} label={t('automation.trigger.on')} rules={[required]}>
            <Select style={{ width: 180 }} options={RECORD_EVENTS.map((e) => ({ value: e, label: t(`automation.recordEvent.${e}`) }))} data-testid="trigger-record-on" />
          </Form.Item>
        )}
        {kind === 'record-event' && trigger.on === 'changed' && (
          <Form.Item name={name('fields')} label={t('automation.trigger.fields')} extra={t('automation.trigger.fieldsHint')}>
            <Select mode="multiple" allowClear style={{ width: 260 }} options={(type?.fields ?? []).map((f) => ({ value: f.key, label: fieldLabel(f, f.key, locale) }))} />
          </Form.Item>
        )}
        {kind === 'case-event' && (
          <>
            <Form.Item name={name('on')} label={t('automation.trigger.on')} rules={[required]}>
              <Select style={{ width: 200 }} options={CASE_EVENTS.map((e) => ({ value: e, label: t(`automation.caseEvent.${e}`) }))} data-testid="trigger-case-on" />
            </Form.Item>
            <Form.Item name={name('caseTypes')} label={t('automation.trigger.caseTypes')} extra={t('automation.trigger.caseTypesHint')}>
              <Select mode="multiple" allowClear style={{ width: 260 }} options={(names.caseTypes ?? []).map((c) => ({ value: c.key, label: c.name }))} />
            </Form.Item>
            {trigger.on === 'status-changed' && (
              <>
                <Form.Item name={name('from')} label={t('automation.trigger.from')} extra={t('automation.trigger.statusHint')}>
                  <Input style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={name('to')} label={t('automation.trigger.to')}>
                  <Input style={{ width: 160 }} />
                </Form.Item>
              </>
            )}
            {trigger.on === 'fields-changed' && (
              <Form.Item name={name('fields')} label={t('automation.trigger.fields')} extra={t('automation.trigger.typeToAdd')}>
                <Select mode="tags" style={{ width: 260 }} open={false} />
              </Form.Item>
            )}
          </>
        )}
      </Space>
      {kind === 'date' && (
        <>
          <Space wrap align="start">
            <Form.Item
              name={name('field')}
              label={t('automation.trigger.dateField')}
              rules={[required]}
              extra={type && dateFieldsOf(type).length === 0 ? t('automation.trigger.noDateFields') : undefined}
            >
              <Select style={{ width: 180 }} disabled={!type && !onCase} options={dateFieldOptions} aria-label={t('automation.trigger.dateField')} data-testid="trigger-date-field" />
            </Form.Item>
            <Form.Item name={name('direction')} label={t('automation.trigger.direction')}>
              <Radio.Group optionType="button" options={OFFSET_DIRECTIONS.map((d) => ({ value: d, label: t(`automation.direction.${d}`) }))} data-testid="trigger-direction" />
            </Form.Item>
            {trigger.direction !== 'on' && (
              <Form.Item name={name('days')} label={t('automation.trigger.days')} rules={[required]}>
                <InputNumber min={0} max={3660} precision={0} style={{ width: 110 }} suffix={t('automation.daysUnit')} aria-label={t('automation.trigger.days')} data-testid="trigger-days" />
              </Form.Item>
            )}
            <Form.Item name={name('recurrence')} label={t('automation.trigger.recurrence')}>
              <Select style={{ width: 160 }} options={RECURRENCES.map((r) => ({ value: r, label: t(`automation.recurrence.${r}`) }))} data-testid="trigger-recurrence" />
            </Form.Item>
            <Form.Item name={name('at')} label={t('automation.trigger.at')} rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('automation.trigger.atHint') }]}>
              <Input type="time" style={{ width: 120 }} aria-label={t('automation.trigger.at')} data-testid="trigger-at" />
            </Form.Item>
            <Form.Item name={name('calendarKey')} label={t('automation.trigger.calendar')} extra={t('automation.trigger.calendarHint')}>
              <Select allowClear style={{ width: 200 }} options={calendarOptions} loading={calendars.isLoading} />
            </Form.Item>
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
            {t('automation.trigger.dateHint')}
          </Typography.Paragraph>
        </>
      )}
      {kind === 'schedule' && (
        <Space wrap align="start">
          <Form.Item name={name('cron')} label={t('automation.trigger.cron')} rules={[required]} extra={<CronPreview cron={trigger.cron} />} style={{ maxWidth: 420 }}>
            <Input style={{ width: 220, fontFamily: 'monospace' }} placeholder="0 9 * * 1-5" data-testid="trigger-cron" />
          </Form.Item>
          <Form.Item name={name('calendarKey')} label={t('automation.trigger.calendar')} extra={t('automation.trigger.scheduleCalendarHint')}>
            <Select allowClear style={{ width: 200 }} options={calendarOptions} loading={calendars.isLoading} />
          </Form.Item>
        </Space>
      )}
      {kind === 'event' && (
        <Form.Item name={name('eventType')} label={t('automation.trigger.eventType')} rules={[required]}>
          <Select showSearch style={{ width: 280 }} options={EVENT_TYPES.map((e) => ({ value: e, label: t('automation.trigger.eventOption', { label: eventLabel(e, t), type: e }) }))} />
        </Form.Item>
      )}
      {preview && <Alert type="info" showIcon title={t('automation.trigger.preview', { words: preview })} data-testid="trigger-preview" />}
    </Card>
  );
}
