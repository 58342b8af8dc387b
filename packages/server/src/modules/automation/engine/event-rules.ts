import type { CommandContext, CommandSubscribers } from '../../../platform/commands/index.ts';
import { DOMAIN_EVENT_TYPES, type DomainEvent, type DomainEventType } from '../../../platform/events/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import type { Db } from '../../../platform/db/database.ts';
import { scheduleJobs, type JobHandlers } from '../../../platform/jobs/index.ts';
import { ruleChangesInThisProcess } from '../rules/rule-changes.ts';
import { listEnabledRules, readRuleGeneration } from '../rules/store.ts';
import type { EngineSettings } from './actions.ts';
import type { CaseEventTrigger, DomainEventTrigger, RecordEventTrigger, Rule, RunSubject, RunTrigger } from './model.ts';
import { chainOf, loadRule, runRule } from './run-rule.ts';
import { findCaseScope } from './subject-types.ts';

/** The job that runs one rule on one subject after the triggering command committed. */
export const AUTOMATION_RUN_JOB_KIND = 'automation.run';

export interface AutomationRunJobPayload {
  ruleId: string;
  subject: RunSubject;
  trigger: RunTrigger;
}

/**
 * How often an app compares its index with the database's rule generation when no rule changed in
 * this process: a rule changed by another process acts here within this time.
 */
export const GENERATION_CHECK_MS = 1_000;
const CASE_TYPES_REMEMBERED = 10_000;

/** Enabled event-triggered rules by the domain event type that may trigger them. */
type RuleIndex = Map<DomainEventType, Rule[]>;

const CASE_EVENT_TYPES: Record<CaseEventTrigger['on'], DomainEventType> = {
  created: 'case.created',
  'status-changed': 'case.status-changed',
  assigned: 'case.assigned',
  'fields-changed': 'case.fields-changed',
};
const RECORD_EVENT_TYPES: Record<RecordEventTrigger['on'], DomainEventType> = { created: 'record.created', changed: 'record.changed' };

export function buildRuleIndex(rules: Rule[]): RuleIndex {
  const index: RuleIndex = new Map();
  const add = (type: DomainEventType | undefined, rule: Rule) => {
    if (!type) return;
    index.set(type, [...(index.get(type) ?? []), rule]);
  };
  for (const rule of rules) {
    const trigger = rule.trigger;
    if (trigger.kind === 'case-event') add(CASE_EVENT_TYPES[(trigger as CaseEventTrigger).on], rule);
    else if (trigger.kind === 'record-event') add(RECORD_EVENT_TYPES[(trigger as RecordEventTrigger).on], rule);
    else if (trigger.kind === 'event' && (DOMAIN_EVENT_TYPES as readonly string[]).includes((trigger as DomainEventTrigger).eventType))
      add((trigger as DomainEventTrigger).eventType as DomainEventType, rule);
  }
  return index;
}

const payloadOf = (event: DomainEvent) => event.payload as unknown as Record<string, unknown>;

/** Does the event pass the trigger's own filter (all but the case type, which needs a read)? */
export function doesEventMatchTrigger(rule: Rule, event: DomainEvent): boolean {
  const p = payloadOf(event);
  const trigger = rule.trigger;
  if (trigger.kind === 'case-event') {
    const t = trigger as CaseEventTrigger;
    if (event.type === 'case.created' && t.caseTypes?.length && !t.caseTypes.includes(String(p.caseType))) return false;
    if (event.type === 'case.status-changed') {
      if (t.from !== undefined && p.from !== t.from) return false;
      if (t.to !== undefined && p.to !== t.to) return false;
    }
    if (event.type === 'case.fields-changed' && t.fields?.length && !(p.changed as string[]).some((c) => t.fields!.includes(c))) return false;
    return true;
  }
  if (trigger.kind === 'record-event') {
    const t = trigger as RecordEventTrigger;
    if (p.objectType !== t.objectType) return false;
    if (event.type === 'record.changed' && t.fields?.length && !(p.changed as string[]).some((c) => t.fields!.includes(c))) return false;
    return true;
  }
  if (trigger.kind === 'event') {
    const t = trigger as DomainEventTrigger;
    return t.processEventType === undefined || p.eventType === t.processEventType;
  }
  return false;
}

/** The subject an event is about: its case, its record, or nothing. */
export function subjectOfEvent(event: DomainEvent): RunSubject {
  const p = payloadOf(event);
  if (typeof p.caseId === 'string') return { type: 'case', id: p.caseId };
  if (typeof p.recordId === 'string') return { type: 'record', id: p.recordId };
  if (event.type === 'record.linked' && typeof p.fromRecordId === 'string') return { type: 'record', id: p.fromRecordId };
  return { type: 'none', id: null };
}

export function triggerOfEvent(rule: Rule, event: DomainEvent, chain: string[]): RunTrigger {
  const p = payloadOf(event);
  return {
    kind: rule.triggerKind,
    detail: event.type,
    changed: Array.isArray(p.changed) ? (p.changed as string[]) : [],
    from: typeof p.from === 'string' ? p.from : null,
    to: typeof p.to === 'string' ? p.to : null,
    event: rule.triggerKind === 'event' ? p : null,
    chain,
  };
}

/**
 * The automation engine's in-transaction subscriber: for each domain event a command publishes,
 * finds the enabled rules it triggers in an in-memory index and schedules one `automation.run`
 * job per rule in the same transaction — the command pays a lookup and, when rules match, one
 * insert of their jobs; the run happens after commit, durably and once (job key = rule id +
 * event). The index is this app's (so per database); it is reloaded when
 * automation.rule_generation moved: read in the command when a rule changed in this process, and
 * for other processes' changes every GENERATION_CHECK_MS — off the command's path, on a timer,
 * when the app gives its database (a command then never waits for that read), else in the command.
 */
export function subscribeAutomationRules(subscribers: CommandSubscribers, options: { checkIntervalMs?: number; db?: Db } = {}): () => void {
  const checkIntervalMs = options.checkIntervalMs ?? GENERATION_CHECK_MS;
  let cached: { generation: number; index: RuleIndex } | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let seenLocalChanges = -1;
  const db = options.db;
  let refreshing = false;
  const refresh = async () => {
    if (refreshing || !db || !cached) return;
    refreshing = true;
    try {
      const generation = await readRuleGeneration(db);
      if (cached && cached.generation !== generation) cached = { generation, index: buildRuleIndex(await listEnabledRules(db)) };
      checkedAt = performance.now();
    } catch {
      // The next tick or command reads again: a dropped connection must not end the process.
    } finally {
      refreshing = false;
    }
  };
  const timer = db ? setInterval(() => void refresh(), checkIntervalMs) : undefined;
  timer?.unref();
  // A case's type never changes: remembered, so a trigger's case type filter costs no read after the first.
  const caseTypes = new Map<string, string>();

  async function indexFor(ctx: CommandContext): Promise<RuleIndex> {
    const local = ruleChangesInThisProcess();
    const now = performance.now();
    if (cached && local === seenLocalChanges && (timer !== undefined || now - checkedAt < checkIntervalMs)) return cached.index;
    const generation = await readRuleGeneration(ctx.tx);
    if (!cached || cached.generation !== generation) cached = { generation, index: buildRuleIndex(await listEnabledRules(ctx.tx)) };
    checkedAt = now;
    seenLocalChanges = local;
    return cached.index;
  }

  async function caseTypeOf(ctx: CommandContext, caseId: string): Promise<string> {
    const known = caseTypes.get(caseId);
    if (known !== undefined) return known;
    const typeKey = (await findCaseScope(ctx.tx, caseId))?.typeKey ?? '';
    if (caseTypes.size >= CASE_TYPES_REMEMBERED) caseTypes.delete(caseTypes.keys().next().value!);
    caseTypes.set(caseId, typeKey);
    return typeKey;
  }

  async function onEvent(ctx: CommandContext, event: DomainEvent): Promise<void> {
    if (event.type === 'automation.rule-ran') return;
    const candidates = (await indexFor(ctx)).get(event.type);
    if (!candidates || candidates.length === 0) return;
    const matching = candidates.filter((rule) => doesEventMatchTrigger(rule, event));
    if (matching.length === 0) return;
    const subject = subjectOfEvent(event);
    let caseType: string | undefined;
    const chain = chainOf(ctx.tx) ?? [];
    const p = payloadOf(event);
    const eventKey = `${event.type}:${event.aggregateId}:${typeof p.version === 'number' ? p.version : newId()}`;
    const jobs = [];
    for (const rule of matching) {
      const types = rule.trigger.kind === 'case-event' ? ((rule.trigger as CaseEventTrigger).caseTypes ?? []) : [];
      if (types.length > 0 && event.type !== 'case.created' && subject.type === 'case') {
        caseType ??= await caseTypeOf(ctx, subject.id!);
        if (!types.includes(caseType)) continue;
      }
      const payload: AutomationRunJobPayload = { ruleId: rule.id, subject, trigger: triggerOfEvent(rule, event, chain) };
      jobs.push({ kind: AUTOMATION_RUN_JOB_KIND, key: `${rule.id}:${eventKey}`, dueAt: ctx.now, payload, maxAttempts: 5 });
    }
    // One round trip for every rule this event triggers.
    await scheduleJobs(ctx.tx, jobs);
  }

  const off = DOMAIN_EVENT_TYPES.filter((type) => type !== 'automation.rule-ran').map((type) => subscribers.subscribeInTransaction(type, onEvent));
  return () => {
    if (timer) clearInterval(timer);
    for (const unsubscribe of off) unsubscribe();
  };
}

/** Registers the `automation.run` job (as system:automation): main.ts and tests call it. */
export function registerAutomationJobs(handlers: JobHandlers, settings: EngineSettings = {}): void {
  handlers.register({
    kind: AUTOMATION_RUN_JOB_KIND,
    actor: 'system:automation',
    async handle(ctx, job) {
      const payload = job.payload as AutomationRunJobPayload;
      const rule = await loadRule(ctx.tx, payload.ruleId);
      // Disabled or deleted since the event: the rule no longer acts.
      if (!rule?.enabled || rule.deletedAt !== null) return;
      await runRule(ctx, rule, payload.subject, payload.trigger, settings);
    },
  });
}
