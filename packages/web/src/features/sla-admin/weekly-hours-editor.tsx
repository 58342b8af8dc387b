import { Button, Input, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useNarrow } from '../../app/layout.tsx';
import { useT } from '../../app/locale.tsx';
import type { MessageKey } from '../../i18n/i18n.ts';
import { firstBadSpan } from './calendar-model.ts';
import { WEEKDAYS, type TimeSpan, type Weekday } from './sla-admin-api.ts';

/**
 * Working hours of each weekday, several spans a day (09:00–12:00 and 13:30–17:30). A day without
 * spans is a day off. A branch calendar's weekday without its own hours shows its parent's, marked
 * inherited, until the administrator changes it.
 */
export function WeeklyHoursEditor({
  weekly,
  inherited,
  readOnly,
  onChange,
}: {
  weekly: Record<Weekday, TimeSpan[]>;
  inherited: Partial<Record<Weekday, boolean>>;
  readOnly: boolean;
  onChange(weekday: Weekday, spans: TimeSpan[]): void;
}) {
  const t = useT();
  // On a phone the weekday's name takes its own line, so its spans line up under it.
  const narrow = useNarrow();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="weekly-hours">
      {WEEKDAYS.map((day) => {
        const spans = weekly[day] ?? [];
        const bad = firstBadSpan(spans);
        const label = t(`slaAdmin.weekday.${day}` as MessageKey);
        return (
          <div key={day} style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }} data-testid={`weekday-${day}`}>
            <span style={{ width: narrow ? '100%' : 56, fontWeight: 500 }}>{label}</span>
            {spans.length === 0 && <Tag>{t('slaAdmin.calendar.dayOff')}</Tag>}
            {spans.map((span, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: spans have no identity but their place
              <Space.Compact key={i}>
                <Input
                  value={span.start}
                  disabled={readOnly}
                  status={bad === i ? 'error' : undefined}
                  aria-label={t('slaAdmin.calendar.spanStart', { day: label, n: i + 1 })}
                  placeholder="09:00"
                  style={{ width: 64 }}
                  onChange={(e) =>
                    onChange(
                      day,
                      spans.map((s, j) => (j === i ? { ...s, start: e.target.value.trim() } : s)),
                    )
                  }
                />
                <Input
                  value={span.end}
                  disabled={readOnly}
                  status={bad === i ? 'error' : undefined}
                  aria-label={t('slaAdmin.calendar.spanEnd', { day: label, n: i + 1 })}
                  placeholder="17:30"
                  style={{ width: 64 }}
                  onChange={(e) =>
                    onChange(
                      day,
                      spans.map((s, j) => (j === i ? { ...s, end: e.target.value.trim() } : s)),
                    )
                  }
                />
                {!readOnly && (
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('slaAdmin.calendar.removeSpan', { day: label, n: i + 1 })}
                    onClick={() =>
                      onChange(
                        day,
                        spans.filter((_, j) => j !== i),
                      )
                    }
                  />
                )}
              </Space.Compact>
            ))}
            {!readOnly && (
              <Button
                icon={<PlusOutlined />}
                aria-label={t('slaAdmin.calendar.addSpan', { day: label })}
                onClick={() => {
                  const last = spans.at(-1);
                  onChange(day, [...spans, last ? { start: last.end === '24:00' ? '23:00' : last.end, end: '24:00' } : { start: '09:00', end: '17:30' }]);
                }}
              />
            )}
            {inherited[day] && <Tag color="default">{t('slaAdmin.calendar.inherited')}</Tag>}
            {bad >= 0 && <Typography.Text type="danger">{t('slaAdmin.calendar.badSpan')}</Typography.Text>}
          </div>
        );
      })}
    </Space>
  );
}
