import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { assertAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { insertRule } from '../rules/store.ts';
import { assertValidDefinition } from '../rules/validate-definition.ts';
import type { CaseEventTrigger, RecordEventTrigger, Rule, RuleDefinition, RunSubject, RunTrigger } from './model.ts';
import { renderAction } from './actions.ts';
import { runRule, type RunResult } from './run-rule.ts';
import { dryRunSavepoint } from './run-store.ts';
import { conditionContext, loadSubjectForOwner } from './subject-context.ts';
import { listRecentCaseIds, listRecentRecordIds } from './subject-types.ts';

/**
 * Date triggers' due subjects come from the date-triggers part, which registers its finder here
 * (`dueSubjectsForDateTrigger`). Without a day asked for, the finder takes today in the trigger's
 * own zone (a UTC date is yesterday in Shanghai before 08:00), and says which day it took.
 */
export type DueSubjectsFinder = (tx: Tx, rule: Rule, day: string | undefined, now: Date) => Promise<{ day: string; due: { subject: RunSubject; occurrence?: string | null }[] }>;
let dueSubjectsFinder: DueSubjectsFinder | undefined;
export function registerDueSubjectsFinder(finder: DueSubjectsFinder): void {
  dueSubjectsFinder = finder;
}

/** How many recent subjects an event-triggered rule is tried on. */
export const DRY_RUN_SUBJECTS = 50;

export interface DryRunSubject {
  subject: RunSubject;
  status: RunResult['status'];
  detail: string | null;
  actions: { index: number; type: string; status: string; error?: string; params: Record<string, unknown> }[];
}

export interface DryRunResult {
  ruleKey: string | null;
  evaluated: number;
  /** The subjects the rule would act on now, and what each action would do. */
  subjects: DryRunSubject[];
  /** Subjects it would not act on, by reason (condition not met, outside its departments …). */
  skipped: { reason: string; count: number }[];
  at: Date;
  note: string | null;
}

interface Candidate {
  subject: RunSubject;
  trigger: RunTrigger;
}

/** The subjects the rule would consider now, each with the trigger it would see. */
async function candidatesOf(ctx: CommandContext, rule: Rule, day: string | undefined): Promise<{ candidates: Candidate[]; note: string | null }> {
  const trigger = rule.trigger;
  const base = { kind: rule.triggerKind, detail: 'dry-run', chain: [] as string[] };
  if (trigger.kind === 'case-event') {
    const t = trigger as CaseEventTrigger;
    const ids = await listRecentCaseIds(ctx.tx, t.caseTypes ?? [], DRY_RUN_SUBJECTS, { status: t.on === 'status-changed' ? t.to : null });
    // A case that reached the status is what a status-changed trigger acts on: the status it is in now.
    return {
      candidates: ids.map((id) => ({ subject: { type: 'case', id }, trigger: { ...base, detail: `case.${t.on}`, changed: t.fields ?? [], from: t.from ?? null, to: t.to ?? null } })),
      note: `the ${DRY_RUN_SUBJECTS} newest cases${t.caseTypes?.length ? ` of ${t.caseTypes.join(', ')}` : ''}${t.to ? ` in status ${t.to}` : ''}, as if each had just been ${t.on}`,
    };
  }
  if (trigger.kind === 'record-event') {
    const t = trigger as RecordEventTrigger;
    const ids = await listRecentRecordIds(ctx.tx, t.objectType, DRY_RUN_SUBJECTS);
    return {
      candidates: ids.map((id) => ({ subject: { type: 'record', id }, trigger: { ...base, detail: `record.${t.on}`, changed: t.fields ?? [] } })),
      note: `the ${DRY_RUN_SUBJECTS} newest ${t.objectType} records, as if each had just been ${t.on}`,
    };
  }
  if (trigger.kind === 'event') {
    const ids = await listRecentCaseIds(ctx.tx, [], DRY_RUN_SUBJECTS);
    return {
      candidates: ids.map((id) => ({ subject: { type: 'case', id }, trigger: { ...base, detail: String((trigger as { eventType: string }).eventType) } })),
      note: `the ${DRY_RUN_SUBJECTS} newest cases, as if the event had just happened to each`,
    };
  }
  if (trigger.kind === 'schedule') return { candidates: [{ subject: { type: 'none', id: null }, trigger: { ...base, detail: 'schedule' } }], note: 'one run now' };
  if (!dueSubjectsFinder) return { candidates: [], note: 'date triggers are not available in this build' };
  const { day: dueDay, due } = await dueSubjectsFinder(ctx.tx, rule, day, ctx.now);
  return {
    candidates: due.map((d) => ({ subject: d.subject, trigger: { ...base, detail: `date:${String((trigger as { field?: unknown }).field ?? '')}`, occurrence: d.occurrence ?? null } })),
    note: `the records due on ${dueDay}`,
  };
}

/**
 * What the rule would do now, changing nothing: the rule runs for real — condition, the owner's
 * policy, every action — inside a savepoint that is then rolled back; only a connector call (the
 * one effect outside the database) is not made. So the answer is what enabling it would do,
 * refusals included. Audited automation.rule-dry-run.
 */
export async function dryRunRule(ctx: CommandContext, input: { saved?: Rule; definition?: RuleDefinition & { ownerId?: string }; day?: string }): Promise<DryRunResult> {
  assertAllowed(ctx.actor, 'automation:admin');
  const day = input.day;
  await dryRunSavepoint.begin(ctx.tx);
  let result: Omit<DryRunResult, 'at'>;
  try {
    let rule = input.saved;
    if (!rule) {
      const definition = input.definition!;
      const ownerId = definition.ownerId ?? ctx.actor.userId;
      await assertValidDefinition(ctx, definition, { ownerId });
      // The unsaved definition as a rule that exists only inside the savepoint.
      const id = newId();
      const key = `dry-run-${id.slice(0, 8)}`;
      await insertRule(
        ctx.tx,
        {
          id,
          key,
          ownerId,
          definition: {
            name: definition.name,
            description: definition.description ?? null,
            trigger: definition.trigger,
            condition: definition.condition ?? { kind: 'always' },
            actions: definition.actions,
            loopLimit: definition.loopLimit ?? 3,
            departmentIds: definition.departmentIds ?? [],
          },
          by: ctx.actor.userId,
          now: ctx.now,
        },
        { temporary: true },
      );
      rule = {
        id,
        key,
        name: definition.name,
        description: null,
        ownerId,
        departmentIds: definition.departmentIds ?? [],
        enabled: false,
        triggerKind: definition.trigger.kind,
        trigger: definition.trigger,
        condition: definition.condition ?? { kind: 'always' },
        actions: definition.actions,
        loopLimit: definition.loopLimit ?? 3,
        currentVersion: 1,
        createdBy: ctx.actor.userId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
        enabledAt: null,
        deletedAt: null,
        version: 1,
      };
    }
    const candidatesNow = await candidatesOf(ctx, rule, day);
    const { candidates } = candidatesNow;
    // The rule runs as its owner, but the answer goes to the caller: when they are not the same
    // person, each action's parameters are rendered from the subject as the caller reads it, so a
    // dry-run naming an owner who sees more (a field in clear, another branch's customer) shows the
    // caller no more than their own reads would. What the rule would do is still the owner's run.
    const foreignOwner = rule.ownerId !== ctx.actor.userId;
    const subjects: DryRunSubject[] = [];
    const skipped = new Map<string, number>();
    for (const candidate of candidates) {
      const run = await runRule(ctx, rule, candidate.subject, candidate.trigger, { dryRun: true, withRenderedActions: true });
      if (run.status === 'skipped') {
        const reason = run.detail ?? 'skipped';
        skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
        continue;
      }
      let paramsOf = (index: number) => run.rendered?.[index]?.params ?? {};
      if (foreignOwner) {
        const asCaller = await loadSubjectForOwner(ctx, ctx.actor, candidate.subject);
        const context = asCaller ? conditionContext(asCaller, candidate.trigger, rule) : undefined;
        paramsOf = (index: number) => (context && rule.actions[index] ? renderAction(rule.actions[index], context) : {});
      }
      subjects.push({
        subject: candidate.subject,
        status: run.status,
        detail: run.detail,
        actions: run.actions.map((a) => ({ index: a.index, type: a.type, status: a.status, ...(a.error ? { error: a.error } : {}), params: paramsOf(a.index) })),
      });
    }
    const note = foreignOwner
      ? `${candidatesNow.note ?? 'the subjects due now'}; the rule acts as its owner, and each action's parameters are shown as you read the subject (none for a subject you may not read)`
      : candidatesNow.note;
    result = { ruleKey: input.saved?.key ?? null, evaluated: candidates.length, subjects, skipped: [...skipped].map(([reason, count]) => ({ reason, count })), note };
  } finally {
    await dryRunSavepoint.rollback(ctx.tx);
  }
  await recordAuditEvent(ctx, {
    action: 'automation.rule-dry-run',
    targetType: 'automation-rule',
    targetId: input.saved?.id ?? 'unsaved',
    data: { key: input.saved?.key ?? null, evaluated: result.evaluated, wouldAct: result.subjects.length, subjectIds: result.subjects.map((s) => s.subject.id).slice(0, 100) },
  });
  return { ...result, at: ctx.now };
}
