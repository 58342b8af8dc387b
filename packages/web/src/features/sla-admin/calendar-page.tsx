import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Calendar as MonthView, Card, Col, Descriptions, Form, Input, Row, Select, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import type { MessageKey } from '../../i18n/i18n.ts';
import { PageTrail } from '../processes/page-trail.tsx';
import { displayedDay, firstBadSpan, markDay, monthGridRange, setWeekday, zonedMidnightIso } from './calendar-model.ts';
import { DayDialog, SaveCalendarDialog, type SaveCalendarChoice } from './calendar-dialogs.tsx';
import { slaAdminApi, slaKeys, useCalendar, useCalendarDays, useCalendars, WEEKDAYS, type Calendar, type CalendarDefinition, type DayKind, type Weekday } from './sla-admin-api.ts';
import { SlaAdminNav } from './sla-admin-nav.tsx';
import { WeeklyHoursEditor } from './weekly-hours-editor.tsx';

export const DAY_COLORS: Record<DayKind, { background: string; border: string; text: string }> = {
  workday: { background: '#ffffff', border: '#d9d9d9', text: '#1f1f1f' },
  rest: { background: '#f0f0f0', border: '#d9d9d9', text: '#595959' },
  holiday: { background: '#fff1f0', border: '#cf1322', text: '#a8071a' },
  'makeup-workday': { background: '#e6f4ff', border: '#1f5fbf', text: '#1f5fbf' },
};

/** One calendar: its month view, weekly hours, time zone and parent, saved as a correction or a future version. */
export function CalendarPage() {
  const { key = '' } = useParams();
  const [params] = useSearchParams();
  const version = Number(params.get('version')) || undefined;
  const calendar = useCalendar(key, version);
  if (calendar.isError) return <LoadError error={calendar.error} retry={() => calendar.refetch()} />;
  if (!calendar.data) return <Spin />;
  return <CalendarEditor key={`${calendar.data.id}:${calendar.data.version}:${calendar.data.versions.length}:${version ?? ''}`} calendar={calendar.data} viewing={version !== undefined} />;
}

const TIME_ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(kind: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Europe/London', 'America/New_York', 'UTC'];
  }
})();

/** `viewing`: an earlier or scheduled version, shown read-only from its own resolved days. */
function CalendarEditor({ calendar, viewing }: { calendar: Calendar; viewing: boolean }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const narrow = useNarrow();
  const canEdit = useCan('sla:admin') && !viewing;
  const calendars = useCalendars();
  const [draft, setDraft] = useState<CalendarDefinition>(calendar.definition);
  const [name, setName] = useState(calendar.name);
  const [parentKey, setParentKey] = useState<string | null>(calendar.parentKey);
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const [dayOpen, setDayOpen] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(calendar.definition), [calendar.definition]);

  const range = monthGridRange(month.year(), month.month() + 1);
  const days = useCalendarDays(calendar.key, range.from, range.to);
  // The days answer is the calendar in force on each date; a version viewed on its own shows its own days instead.
  const savedDays = useMemo(() => new Map(viewing ? [] : (days.data ?? []).map((d) => [d.date, d])), [days.data, viewing]);
  const shownDefinition = viewing ? { days: calendar.resolved.days } : calendar.definition;
  const weekly = useMemo(() => Object.fromEntries(WEEKDAYS.map((d) => [d, draft.weekly?.[d] ?? calendar.resolved.weekly[d] ?? []])) as Calendar['resolved']['weekly'], [draft, calendar.resolved]);
  const inherited = Object.fromEntries(WEEKDAYS.map((d) => [d, Boolean(parentKey) && draft.weekly?.[d] === undefined]));
  const alwaysOpen = draft.alwaysOpen ?? calendar.resolved.alwaysOpen;
  const dirty = JSON.stringify(draft) !== JSON.stringify(calendar.definition) || name !== calendar.name || parentKey !== calendar.parentKey;
  const weeklyValid = WEEKDAYS.every((d) => firstBadSpan(weekly[d]) < 0);

  const dayOf = (date: Dayjs) => {
    const iso = date.format('YYYY-MM-DD');
    const weekday = WEEKDAYS[(date.day() + 6) % 7] as Weekday;
    return { iso, ...displayedDay(iso, savedDays.get(iso), viewing ? shownDefinition : draft, shownDefinition, (weekly[weekday] ?? []).length === 0) };
  };

  const save = async (choice: SaveCalendarChoice) => {
    setBusy(true);
    try {
      await slaAdminApi.updateCalendar(calendar.key, {
        ...(name !== calendar.name ? { name: name.trim() } : {}),
        ...(parentKey && parentKey !== calendar.parentKey ? { parentKey } : {}),
        definition: draft,
        ...(choice.mode === 'scheduled' && choice.effectiveFrom ? { effectiveFrom: zonedMidnightIso(choice.effectiveFrom.format('YYYY-MM-DD'), draft.timeZone ?? calendar.resolved.timeZone) } : {}),
        reason: choice.reason.trim(),
      });
      await queryClient.invalidateQueries({ queryKey: slaKeys.calendars });
      setSaving(false);
      void message.success(t('slaAdmin.saved'));
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  const opened = dayOpen ? dayOf(dayjs(dayOpen)) : undefined;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card title={<PageTrail items={[{ to: '/admin/calendars', label: t('slaAdmin.calendars.title') }, { label: calendar.name }]} />} extra={<SlaAdminNav />}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={narrow ? 1 : 3}
            items={[
              { key: 'key', label: t('slaAdmin.calendar.key'), children: calendar.key },
              { key: 'version', label: t('slaAdmin.calendar.version'), children: t('slaAdmin.versionN', { version: calendar.version }) },
              { key: 'from', label: t('slaAdmin.effectiveFrom'), children: formatDateTime(calendar.effectiveFrom, locale) },
              ...(calendar.departmentName ? [{ key: 'dept', label: t('slaAdmin.calendar.department'), children: calendar.departmentName }] : []),
            ]}
          />
          {viewing && (
            <Alert
              type="warning"
              showIcon
              title={t('slaAdmin.calendar.viewingVersion', { version: calendar.version })}
              action={<Link to={`/admin/calendars/${encodeURIComponent(calendar.key)}`}>{t('slaAdmin.calendar.backToCurrent')}</Link>}
              data-testid="calendar-viewing"
            />
          )}
          {canEdit && dirty && <Alert type="info" showIcon title={t('slaAdmin.calendar.unsaved')} data-testid="calendar-unsaved" />}
          {canEdit && (
            <Space wrap>
              <Button type="primary" disabled={!dirty || !weeklyValid} onClick={() => setSaving(true)} data-testid="save-calendar">
                {t('slaAdmin.calendar.save')}
              </Button>
              <Button
                disabled={!dirty}
                onClick={() => {
                  setDraft(calendar.definition);
                  setName(calendar.name);
                  setParentKey(calendar.parentKey);
                }}
              >
                {t('slaAdmin.discard')}
              </Button>
            </Space>
          )}
        </Space>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={15}>
          <Card title={t('slaAdmin.calendar.month')} data-testid="calendar-month">
            <DayLegend />
            {days.isError && <LoadError error={days.error} retry={() => days.refetch()} />}
            <MonthView
              fullscreen={false}
              value={month}
              onPanelChange={(date) => setMonth(date)}
              onSelect={(date, info) => {
                setMonth(date);
                if (info.source === 'date' && canEdit && !alwaysOpen) setDayOpen(date.format('YYYY-MM-DD'));
              }}
              fullCellRender={(date, info) => {
                if (info.type !== 'date') return info.originNode;
                const day = dayOf(date);
                const colors = DAY_COLORS[day.kind];
                const outside = date.month() !== month.month();
                const label = `${date.format('YYYY-MM-DD')} ${t(`slaAdmin.dayKind.${day.kind}` as MessageKey)}${day.name ? ` ${day.name}` : ''}`;
                // A button, so a keyboard reaches each day: Enter clicks it, and the click reaches the
                // Calendar's own cell handler (onSelect) as a mouse click does.
                return (
                  <button
                    type="button"
                    aria-label={label}
                    title={label}
                    disabled={!canEdit || alwaysOpen}
                    data-date={day.iso}
                    data-kind={day.kind}
                    data-edited={day.edited || undefined}
                    style={{
                      display: 'block',
                      width: 'calc(100% - 4px)',
                      margin: 2,
                      minHeight: narrow ? 40 : 52,
                      padding: 2,
                      borderRadius: 4,
                      border: `1px ${day.edited ? 'dashed' : 'solid'} ${colors.border}`,
                      background: colors.background,
                      color: colors.text,
                      opacity: outside ? 0.45 : 1,
                      textAlign: 'center',
                      lineHeight: 1.2,
                      overflow: 'hidden',
                      cursor: canEdit && !alwaysOpen ? 'pointer' : 'default',
                      font: 'inherit',
                    }}
                  >
                    <span style={{ display: 'block', fontWeight: 600 }}>{date.date()}</span>
                    {day.kind !== 'workday' && day.kind !== 'rest' && (
                      <span style={{ display: 'block', fontSize: 11, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                        {day.name ?? t(`slaAdmin.dayKind.short.${day.kind}` as MessageKey)}
                      </span>
                    )}
                  </button>
                );
              }}
            />
            {canEdit && !alwaysOpen && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t('slaAdmin.calendar.clickDay')}
              </Typography.Paragraph>
            )}
            {canEdit && !alwaysOpen && <DayPicker onPick={(iso) => setDayOpen(iso)} />}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Card title={t('slaAdmin.calendar.settings')}>
              <Form layout="vertical" disabled={!canEdit}>
                <Form.Item label={t('slaAdmin.calendar.name')}>
                  <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
                </Form.Item>
                <Form.Item label={t('slaAdmin.calendar.timeZone')} extra={parentKey && !draft.timeZone ? t('slaAdmin.calendar.inheritedValue', { value: calendar.resolved.timeZone }) : undefined}>
                  <Select
                    showSearch
                    allowClear={Boolean(parentKey)}
                    value={draft.timeZone ?? (parentKey ? undefined : calendar.resolved.timeZone)}
                    placeholder={calendar.resolved.timeZone}
                    onChange={(zone?: string) => setDraft((d) => ({ ...d, timeZone: zone || undefined }))}
                    options={TIME_ZONES.map((z) => ({ value: z, label: z }))}
                    data-testid="calendar-time-zone"
                  />
                </Form.Item>
                <Form.Item label={t('slaAdmin.calendar.parent')}>
                  <Select
                    allowClear={false}
                    value={parentKey ?? undefined}
                    placeholder={t('slaAdmin.calendar.noParent')}
                    onChange={(v: string) => setParentKey(v)}
                    options={(calendars.data ?? []).filter((c) => c.key !== calendar.key).map((c) => ({ value: c.key, label: c.name }))}
                  />
                </Form.Item>
                <Form.Item label={t('slaAdmin.calendar.alwaysOpen')} extra={t('slaAdmin.calendar.alwaysOpenHint')}>
                  <Switch checked={alwaysOpen} onChange={(on) => setDraft((d) => ({ ...d, alwaysOpen: on }))} aria-label={t('slaAdmin.calendar.alwaysOpen')} />
                </Form.Item>
              </Form>
            </Card>
            {!alwaysOpen && (
              <Card title={t('slaAdmin.calendar.weekly')}>
                <WeeklyHoursEditor weekly={weekly} inherited={inherited} readOnly={!canEdit} onChange={(day, spans) => setDraft((d) => setWeekday(d, day, spans))} />
              </Card>
            )}
          </Space>
        </Col>
      </Row>
      <Card title={t('slaAdmin.versions')}>
        <Table
          rowKey="version"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={calendar.versions}
          data-testid="calendar-versions"
          columns={[
            { title: t('slaAdmin.calendar.version'), dataIndex: 'version', render: (v: number) => t('slaAdmin.versionN', { version: v }) },
            {
              title: t('slaAdmin.effectiveFrom'),
              dataIndex: 'effectiveFrom',
              render: (at: string, v) => (
                <Space size={4} wrap>
                  {formatDateTime(at, locale)}
                  {v.correction && <Tag color="orange">{t('slaAdmin.calendar.correctionTag')}</Tag>}
                  {new Date(at) > new Date() && <Tag color="blue">{t('slaAdmin.scheduledTag')}</Tag>}
                </Space>
              ),
            },
            { title: t('slaAdmin.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
            { title: t('slaAdmin.savedBy'), dataIndex: 'createdByName', render: (n: string | null) => n ?? t('slaAdmin.system') },
            { title: t('slaAdmin.savedAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at, locale), responsive: ['md'] },
            {
              title: t('slaAdmin.actions'),
              key: 'view',
              render: (_: unknown, v) =>
                v.version === calendar.version ? (
                  <Tag color="green">{t('slaAdmin.calendar.shown')}</Tag>
                ) : (
                  <Link to={`/admin/calendars/${encodeURIComponent(calendar.key)}?version=${v.version}`}>{t('slaAdmin.calendar.viewVersion')}</Link>
                ),
            },
          ]}
        />
      </Card>
      {opened && dayOpen && (
        <DayDialog
          date={dayOpen}
          kind={opened.kind}
          name={opened.name}
          onClose={() => setDayOpen(null)}
          onApply={(mark, dayName) => {
            setDraft((d) => markDay(d, dayOpen, mark, dayName));
            setDayOpen(null);
          }}
        />
      )}
      {saving && <SaveCalendarDialog busy={busy} onSave={save} onClose={() => setSaving(false)} />}
    </Space>
  );
}

function DayLegend() {
  const t = useLocale().t;
  return (
    <Space wrap size={4} style={{ marginBottom: 8 }} aria-label={t('slaAdmin.calendar.legend')}>
      {(['workday', 'rest', 'holiday', 'makeup-workday'] as const).map((kind) => (
        <Tag key={kind} style={{ background: DAY_COLORS[kind].background, borderColor: DAY_COLORS[kind].border, color: DAY_COLORS[kind].text }}>
          {t(`slaAdmin.dayKind.${kind}`)}
        </Tag>
      ))}
    </Space>
  );
}

/** A date typed in, for keyboard users and dates far from the month shown. */
function DayPicker({ onPick }: { onPick(iso: string): void }) {
  const t = useLocale().t;
  const [value, setValue] = useState('');
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value).isValid();
  return (
    <Space.Compact>
      <Input
        value={value}
        onChange={(e) => setValue(e.target.value.trim())}
        placeholder="2026-10-08"
        aria-label={t('slaAdmin.calendar.dateToMark')}
        style={{ width: 130 }}
        onPressEnter={() => valid && onPick(value)}
        data-testid="day-input"
      />
      <Button disabled={!valid} onClick={() => onPick(value)} data-testid="day-input-mark">
        {t('slaAdmin.calendar.markDate')}
      </Button>
    </Space.Compact>
  );
}
