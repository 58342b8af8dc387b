import { useState } from 'react';
import { DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../app/locale.tsx';
import type { DayMark } from './calendar-model.ts';
import type { DayKind } from './sla-admin-api.ts';

/** Mark one date: a holiday (with its name), a make-up working day (调休), or back to the weekly pattern. */
export function DayDialog({ date, kind, name, onApply, onClose }: { date: string; kind: DayKind; name: string | null; onApply(mark: DayMark, name: string): void; onClose(): void }) {
  const t = useT();
  const [mark, setMark] = useState<DayMark>(kind === 'holiday' ? 'holiday' : kind === 'makeup-workday' ? 'makeup-workday' : 'normal');
  const [dayName, setDayName] = useState(name ?? '');
  return (
    <Modal
      open
      title={t('slaAdmin.day.title', { date })}
      onCancel={onClose}
      onOk={() => onApply(mark, dayName)}
      okText={t('slaAdmin.day.apply')}
      cancelText={t('slaAdmin.cancel')}
      okButtonProps={{ 'data-testid': 'day-apply' }}
    >
      <Form layout="vertical" data-testid="day-dialog">
        <Form.Item label={t('slaAdmin.day.kind')}>
          <Radio.Group
            value={mark}
            onChange={(e) => setMark(e.target.value as DayMark)}
            options={[
              { value: 'holiday', label: t('slaAdmin.dayKind.holiday') },
              { value: 'makeup-workday', label: t('slaAdmin.dayKind.makeup-workday') },
              { value: 'normal', label: t('slaAdmin.day.normal') },
            ]}
          />
        </Form.Item>
        {mark !== 'normal' && (
          <Form.Item label={t('slaAdmin.day.name')} extra={t('slaAdmin.day.nameHint')}>
            <Input value={dayName} maxLength={100} onChange={(e) => setDayName(e.target.value)} data-testid="day-name" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export interface SaveCalendarChoice {
  mode: 'correction' | 'scheduled';
  effectiveFrom?: Dayjs;
  reason: string;
}

/**
 * How the change takes effect: a correction replaces the version in force now (open clocks on it
 * are recomputed), a scheduled version starts on a future date (no clock moves). A reason is
 * required either way; it goes to the audit trail.
 */
export function SaveCalendarDialog({ busy, onSave, onClose }: { busy: boolean; onSave(choice: SaveCalendarChoice): void; onClose(): void }) {
  const t = useT();
  const [form] = Form.useForm<SaveCalendarChoice>();
  const mode = Form.useWatch('mode', form) ?? 'correction';
  return (
    <Modal
      open
      title={t('slaAdmin.calendar.save')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('slaAdmin.save')}
      cancelText={t('slaAdmin.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'save-calendar-confirm' }}
    >
      <Form form={form} layout="vertical" initialValues={{ mode: 'correction' }} onFinish={onSave} data-testid="save-calendar-form">
        <Form.Item name="mode" label={t('slaAdmin.calendar.saveAs')}>
          <Radio.Group
            options={[
              { value: 'correction', label: t('slaAdmin.calendar.correction') },
              { value: 'scheduled', label: t('slaAdmin.calendar.scheduled') },
            ]}
          />
        </Form.Item>
        <p style={{ marginTop: -8 }}>{mode === 'correction' ? t('slaAdmin.calendar.correctionHint') : t('slaAdmin.calendar.scheduledHint')}</p>
        {mode === 'scheduled' && (
          <Form.Item name="effectiveFrom" label={t('slaAdmin.effectiveFrom')} rules={[{ required: true, message: t('slaAdmin.required') }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs().add(1, 'day').startOf('day'))} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('slaAdmin.reason')} rules={[{ required: true, whitespace: true, message: t('slaAdmin.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="save-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
