import type { Translate } from '../../i18n/i18n.ts';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import type { SlaAction, SlaConditions, SlaLevelAt, SlaPolicyDefinition, SlaRecipient, SlaTargetDefinition } from './sla-admin-api.ts';

// Pure helpers of the policy editor: field paths of the server's problems as form names, durations
// in words, and a definition cleaned of the editor's empty inputs before it is sent.

/** `definition.targets[1].duration` or `definition.targets.1.duration` (or a JSON pointer) as an antd name path. */
export function fieldPathToName(field: string): (string | number)[] {
  return field
    .replace(/^\/+/, '')
    .replace(/^body\./, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Seconds of an ISO 8601 duration (a day = 24 business hours, a week 7 days), or undefined when it does not parse. */
export function durationSeconds(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const m = ISO_DURATION.exec(iso.trim().toUpperCase());
  if (!m || iso.trim().toUpperCase() === 'P' || iso.trim().toUpperCase().endsWith('T')) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((v) => (v ? Number(v) : 0)) as [number, number, number, number, number];
  return Math.round((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s);
}

/** A duration in the reader's words: "3 天 4 小时 30 分" / "3 d 4 h 30 min". */
export function describeDuration(iso: string | undefined, t: Translate): string {
  const seconds = durationSeconds(iso);
  if (seconds === undefined) return t('slaAdmin.duration.invalid');
  return describeSeconds(seconds, t);
}

export function describeSeconds(total: number, t: Translate): string {
  if (total === 0) return t('slaAdmin.duration.zero');
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (days) parts.push(t('slaAdmin.duration.days', { count: days }));
  if (hours) parts.push(t('slaAdmin.duration.hours', { count: hours }));
  if (minutes) parts.push(t('slaAdmin.duration.minutes', { count: minutes }));
  if (seconds) parts.push(t('slaAdmin.duration.seconds', { count: seconds }));
  return parts.join(' ');
}

/** "At 75 % of the time", "1 hour before due", "At due", "2 hours after due". */
export function describeLevelAt(at: SlaLevelAt | undefined, t: Translate): string {
  if (!at) return '';
  switch (at.kind) {
    case 'share':
      return t('slaAdmin.levelAt.share.text', { percent: Math.round((at.share ?? 0) * 1000) / 10 });
    case 'before-due':
      return t('slaAdmin.levelAt.before-due.text', { duration: describeDuration(at.duration, t) });
    case 'breach':
      return t('slaAdmin.levelAt.breach.text');
    case 'after-due':
      return t('slaAdmin.levelAt.after-due.text', { duration: describeDuration(at.duration, t) });
  }
}

export function describeRecipient(recipient: SlaRecipient, t: Translate): string {
  const kind = t(`slaAdmin.recipient.${recipient.kind}` as MessageKey);
  if (recipient.kind === 'role') return `${kind}: ${recipient.role}`;
  if (recipient.kind === 'group') return `${kind}: ${recipient.group}`;
  if (recipient.kind === 'user') return kind;
  return kind;
}

/** One action in words, for the level summary. */
export function describeAction(action: SlaAction, t: Translate): string {
  const name = t(`slaAdmin.action.${action.type}` as MessageKey);
  switch (action.type) {
    case 'notify':
      return `${name}: ${(action.recipients ?? []).map((r) => describeRecipient(r, t)).join('、')}`;
    case 'raise-priority':
      return action.to ? `${name}: ${t(`priority.${action.to}` as MessageKey)}` : `${name}: ${t('slaAdmin.action.oneStep')}`;
    case 'transfer':
      return [name, action.queue].filter(Boolean).join(': ');
    case 'route-to-reviewer':
      return action.reviewer ? `${name}: ${describeRecipient(action.reviewer, t)}` : name;
    case 'start-process':
      return `${name}: ${action.processKey}`;
    case 'add-tag':
      return `${name}: ${action.tag}`;
  }
}

/** Why the tester says a policy did not match: each failed condition in words. */
export function describeFailedCondition(condition: string, t: Translate): string {
  return t(`slaAdmin.failed.${condition}` as MessageKey) === `slaAdmin.failed.${condition}` ? t('slaAdmin.failed.other') : t(`slaAdmin.failed.${condition}` as MessageKey);
}

const nonEmpty = <T>(list: T[] | undefined): T[] | undefined => (list && list.length > 0 ? list : undefined);
const text = (value: string | undefined | null): string | undefined => (value?.trim() ? value.trim() : undefined);

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The editor's values as a definition the API accepts: empty lists and blank texts left out. */
export function cleanDefinition(definition: SlaPolicyDefinition): SlaPolicyDefinition {
  const c: SlaConditions = definition.conditions ?? {};
  const conditions = compact<SlaConditions>({
    caseTypes: nonEmpty(c.caseTypes),
    channels: nonEmpty(c.channels),
    priorities: nonEmpty(c.priorities),
    customerTiers: nonEmpty(c.customerTiers),
    riskLevels: nonEmpty(c.riskLevels),
    tags: nonEmpty(c.tags),
    departmentIds: nonEmpty(c.departmentIds),
    expression: text(c.expression),
  });
  const targets = (definition.targets ?? []).map((target): SlaTargetDefinition => {
    const byPriority = compact(Object.fromEntries(Object.entries(target.durationByPriority ?? {}).map(([p, d]) => [p, text(d)])));
    return compact<SlaTargetDefinition>({
      key: target.key?.trim(),
      kind: target.kind,
      label: text(target.label),
      step: target.kind === 'step' ? { processKey: target.step?.processKey?.trim() ?? '', elementId: target.step?.elementId?.trim() ?? '' } : undefined,
      duration: target.duration?.trim().toUpperCase(),
      durationByPriority: Object.keys(byPriority).length > 0 ? byPriority : undefined,
      calendar: text(target.calendar),
      pauseStatuses: nonEmpty(target.pauseStatuses),
      levels: (target.levels ?? []).map((level) => ({ at: cleanLevelAt(level.at), actions: (level.actions ?? []).map(cleanAction) })),
    });
  });
  return { conditions, targets };
}

function cleanLevelAt(at: SlaLevelAt): SlaLevelAt {
  switch (at?.kind) {
    case 'share':
      return { kind: 'share', share: Number(at.share) };
    case 'before-due':
    case 'after-due':
      return { kind: at.kind, duration: (at.duration ?? '').trim().toUpperCase() };
    default:
      return { kind: 'breach' };
  }
}

function cleanRecipient(r: SlaRecipient): SlaRecipient {
  if (r?.kind === 'role') return { kind: 'role', role: r.role?.trim() ?? '' };
  if (r?.kind === 'group') return { kind: 'group', group: r.group?.trim() ?? '' };
  if (r?.kind === 'user') return { kind: 'user', userId: r.userId };
  return { kind: r?.kind ?? 'assignee' } as SlaRecipient;
}

function cleanAction(action: SlaAction): SlaAction {
  switch (action.type) {
    case 'notify':
      return { type: 'notify', recipients: (action.recipients ?? []).map(cleanRecipient) };
    case 'raise-priority':
      return compact({ type: 'raise-priority' as const, to: action.to || undefined });
    case 'transfer':
      return compact({ type: 'transfer' as const, queue: text(action.queue), departmentId: action.departmentId || undefined, unassign: action.unassign || undefined });
    case 'route-to-reviewer':
      return { type: 'route-to-reviewer', reviewer: cleanRecipient(action.reviewer) };
    case 'start-process':
      return { type: 'start-process', processKey: action.processKey?.trim() ?? '' };
    case 'add-tag':
      return { type: 'add-tag', tag: action.tag?.trim() ?? '' };
  }
}

/** A new target as the editor starts it: resolution in 72 hours, warned 1 hour before, breached at due. */
export function newTarget(existingKeys: readonly string[]): SlaTargetDefinition {
  let key = 'resolution';
  for (let n = 2; existingKeys.includes(key); n++) key = `target-${n}`;
  return {
    key,
    kind: existingKeys.includes('resolution') ? 'first-response' : 'resolution',
    duration: 'PT72H',
    levels: [
      { at: { kind: 'before-due', duration: 'PT1H' }, actions: [{ type: 'notify', recipients: [{ kind: 'assignee' }] }] },
      { at: { kind: 'breach' }, actions: [{ type: 'notify', recipients: [{ kind: 'supervisors' }] }] },
    ],
  };
}

export function newPolicyDefinition(): SlaPolicyDefinition {
  return { conditions: {}, targets: [newTarget([])] };
}

/** A problem's field path in the reader's words: `definition.targets[1].duration` → "目标 2 · 时长". */
export function describeFieldPath(field: string, t: Translate): string {
  const parts = fieldPathToName(field).filter((p) => p !== 'definition');
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if (typeof next === 'number' && typeof part === 'string') {
      const label = translated(t, `slaAdmin.path.${part}`);
      words.push(label ? `${label} ${next + 1}` : `${part} ${next + 1}`);
      i++;
      continue;
    }
    if (typeof part === 'string') words.push(translated(t, `slaAdmin.path.${part}`) ?? part);
  }
  return words.join(' · ');
}

function translated(t: Translate, key: string): string | undefined {
  const text = t(key as MessageKey);
  return text === key ? undefined : text;
}
