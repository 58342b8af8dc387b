/**
 * The SLA module's shared vocabulary (issue 16): calendars, policies, targets (clocks) and their
 * levels. Stored as JSON in sla.calendar_version.definition/resolved, sla.policy_version.definition
 * and sla.target.levels; the TypeBox schemas in schemas.ts describe the same shapes for the API.
 */
import type { CasePriority } from '../cases/index.ts';

// ---------------------------------------------------------------- calendars

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A span of working time within one local day: "09:00"–"12:00"; end "24:00" is midnight. */
export interface TimeSpan {
  start: string;
  end: string;
}

/**
 * One dated exception. holiday: no working time that day (whatever the weekday). workday: a
 * make-up working day (调休) or a day with other hours; spans absent = the calendar's standard
 * working day (the spans of the first weekday Mon–Fri that has any).
 */
export interface CalendarDay {
  date: string; // YYYY-MM-DD, local to the calendar's time zone
  kind: 'holiday' | 'workday';
  name?: string;
  spans?: TimeSpan[];
  /** A statutory holiday Docket computed ahead of the State Council's notice (statutory-holidays.ts). */
  provisional?: boolean;
}

/**
 * As an administrator enters it. A branch calendar (with a parent) names only what differs:
 * timeZone, alwaysOpen and weekly replace the parent's when given; days merge by date, the
 * child's winning.
 */
export interface CalendarDefinition {
  timeZone?: string; // IANA, e.g. Asia/Shanghai
  alwaysOpen?: boolean; // 24×7: every second counts, days and weekly ignored
  weekly?: Partial<Record<Weekday, TimeSpan[]>>;
  days?: CalendarDay[];
}

/** After resolving the parents: every field present. What a clock computes with. */
export interface ResolvedCalendar {
  timeZone: string;
  alwaysOpen: boolean;
  weekly: Record<Weekday, TimeSpan[]>;
  days: CalendarDay[]; // sorted by date, one per date
}

/** Business-time arithmetic on one resolved calendar version; exact to the second. */
export interface BusinessClock {
  /** The instant `seconds` of business time after `from` (from itself when seconds = 0 and from is working time; else the next working instant). */
  add(from: Date, seconds: number): Date;
  /** Business seconds in [from, to); 0 when to <= from. */
  elapsed(from: Date, to: Date): number;
}

/** A clock's calendar: which one, which version. */
export interface CalendarRef {
  calendarId: string;
  version: number;
}

// ---------------------------------------------------------------- policies

export const SLA_TARGET_KINDS = ['first-response', 'next-response', 'resolution', 'step'] as const;
export type SlaTargetKind = (typeof SLA_TARGET_KINDS)[number];

/** All given conditions must hold; within a list, any value matches. Absent or empty: any. */
export interface SlaConditions {
  caseTypes?: string[];
  channels?: string[];
  priorities?: CasePriority[];
  customerTiers?: string[]; // the case's customer.tier
  riskLevels?: string[]; // the case's clear form field riskLevel
  tags?: string[]; // the case carries any of them
  departmentIds?: string[]; // the case's department or a descendant
  /** FEEL, true to match, over { caseType, channel, priority, customerTier, riskLevel, tags, departmentId, fields } (fields: clear form fields only). */
  expression?: string;
}

/** When a level fires, in business time on the target's calendar. */
export type SlaLevelAt =
  | { kind: 'share'; share: number } // a share of the target, 0 < share < 1 (0.75)
  | { kind: 'before-due'; duration: string } // ISO 8601 duration before due (PT1H)
  | { kind: 'breach' } // at due
  | { kind: 'after-due'; duration: string }; // after due, still open (PT2H)

export type SlaRecipient =
  | { kind: 'assignee' } // the case's assignee, or the step task's assignee
  | { kind: 'supervisors' } // holders of the supervisor role in the case's department
  | { kind: 'department-head' } // holders of the department role "head" of the case's department (the process engine's department roles)
  | { kind: 'role'; role: string }
  | { kind: 'group'; group: string }
  | { kind: 'user'; userId: string };

export type SlaAction =
  | { type: 'notify'; recipients: SlaRecipient[] }
  | { type: 'raise-priority'; to?: CasePriority } // one step up when `to` is absent
  | { type: 'transfer'; queue?: string; departmentId?: string; unassign?: boolean } // force-transfer to a queue / department
  | { type: 'route-to-reviewer'; reviewer: SlaRecipient } // a step's task is transferred, a case assigned, to a higher-level reviewer
  | { type: 'start-process'; processKey: string } // an escalation process on the case
  | { type: 'add-tag'; tag: string };

export interface SlaLevelDefinition {
  at: SlaLevelAt;
  actions: SlaAction[];
}

export interface SlaTargetDefinition {
  /** Unique within the policy: 'first-response', 'resolution', 'analysis'… */
  key: string;
  kind: SlaTargetKind;
  /** Shown for step targets (e.g. the step's name); the console names the other kinds. */
  label?: string;
  /** kind 'step': the user task this clock runs on. */
  step?: { processKey: string; elementId: string };
  /** ISO 8601 duration of business time (PT48H, P3D = 3×24 business hours). */
  duration: string;
  durationByPriority?: Partial<Record<CasePriority, string>>;
  /** Calendar key; absent: the case's department calendar (nearest up the tree), else the default calendar. */
  calendar?: string;
  /** Case statuses that stop the clock; absent: the statuses of category 'waiting'. */
  pauseStatuses?: string[];
  levels: SlaLevelDefinition[];
}

export interface SlaPolicyDefinition {
  conditions: SlaConditions;
  targets: SlaTargetDefinition[];
}

// ---------------------------------------------------------------- targets (clocks)

export type SlaTargetState = 'running' | 'paused' | 'met' | 'canceled';
/** How a case or target stands, for colours: the worst of its running clocks. */
export type SlaRisk = 'on-track' | 'at-risk' | 'breached' | 'paused';

/** A level as stored on the target: its definition and its index in the policy's list. */
export interface TargetLevel extends SlaLevelDefinition {
  index: number;
}

/** One row of sla.target. */
export interface SlaTargetRecord {
  id: string;
  caseId: string;
  taskId: string | null;
  key: string;
  kind: SlaTargetKind;
  attempt: number;
  policyId: string | null;
  policyVersion: number | null;
  calendar: CalendarRef;
  priority: CasePriority;
  budgetSeconds: number;
  consumedSeconds: number;
  pauseStatuses: string[];
  levels: TargetLevel[];
  firedLevels: number[];
  state: SlaTargetState;
  startedAt: Date;
  runningSince: Date | null;
  dueAt: Date | null;
  nextFireAt: Date | null;
  atRiskAt: Date | null;
  breachedAt: Date | null;
  stoppedAt: Date | null;
  elapsedSeconds: number | null;
  override: { dueAt: Date; reason: string; by: string } | null;
}

/** The calendar everything falls back to: the official mainland China calendar, seeded at first start. */
export const DEFAULT_CALENDAR_KEY = 'cn-mainland';
/** The 24×7 calendar, seeded at first start. */
export const ALWAYS_OPEN_CALENDAR_KEY = 'always-open';
