import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Principal } from '../../../platform/http/principal.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { isUuid } from '../../../platform/ids/ids.ts';
import { listRoleHoldersInDepartment } from '../../access/index.ts';
import { createCase, findCaseForActionOrThrow, updateCase } from '../../cases/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import { pushExternalTask, startProcessInstance } from '../../process/index.ts';
import { routeCase } from '../../routing/index.ts';
import type { ActionOutcome, RuleAction, UserRef } from './model.ts';
import { linkRecordToCaseForRule, readRecordForRule, updateRecordForRule } from './record-access.ts';
import type { LoadedSubject } from './subject-context.ts';
import { renderText, renderValue, renderValues } from './templates.ts';

/** Where an action runs and what it may reach. */
export interface ActionScope {
  /** system:automation holding the owner's permissions: commands refuse what the owner could not do. */
  acting: CommandContext;
  /** system:automation with its own grants (task:external): for the to-do list's external tasks. */
  system: CommandContext;
  owner: Principal;
  rule: { id: string; key: string; name: string };
  runId: string;
  subject: LoadedSubject;
  context: Record<string, unknown>;
  dryRun: boolean;
  settings: EngineSettings;
}

export interface EngineSettings {
  /** Where the console is, for the link of a follow-up task. @default http://localhost:3000 */
  publicUrl?: string;
  /** call-connector's limit. @default 5000 */
  connectorTimeoutMs?: number;
  /** For tests and the bench: how a connector call leaves. @default fetch */
  fetch?: typeof fetch;
}

const CASE_TOP_LEVEL = new Set(['title', 'priority', 'channel', 'tags', 'assigneeId', 'queue', 'departmentId', 'sensitivity', 'status']);
const RECORD_TOP_LEVEL = new Set(['tags', 'ownerId', 'departmentId']);
const DAY_MS = 86_400_000;

/** What one action would do (rendered parameters), for the dry-run; values as the owner reads them. */
export function renderAction(action: RuleAction, context: Record<string, unknown>): Record<string, unknown> {
  const { type: _type, ...params } = action as Record<string, unknown>;
  const rendered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    rendered[key] = typeof value === 'object' && value !== null && !Array.isArray(value) ? renderValues(value as Record<string, unknown>, context) : renderValue(value, context);
  }
  return rendered;
}

/**
 * Runs one action. A refusal (403, or 404: the owner may not see it) is `refused`; anything else
 * that fails is `failed` with the problem's title. The caller holds a savepoint around it.
 */
export async function runAction(scope: ActionScope, action: RuleAction, index: number): Promise<ActionOutcome> {
  try {
    const result = await perform(scope, action, index);
    if (result === 'skipped') return { index, type: action.type, status: 'skipped', error: 'nothing to do' };
    return { index, type: action.type, status: 'done', result };
  } catch (error) {
    if (error instanceof Problem) {
      const refused = error.status === 403 || error.status === 404;
      return { index, type: action.type, status: refused ? 'refused' : 'failed', error: `${error.type}: ${error.detail ?? error.title}`.slice(0, 500) };
    }
    if (error instanceof ActionError) return { index, type: action.type, status: 'failed', error: error.message };
    throw error;
  }
}

class ActionError extends Error {}

async function perform(scope: ActionScope, action: RuleAction, index: number): Promise<Record<string, unknown> | 'skipped'> {
  const { acting, subject, context } = scope;
  switch (action.type) {
    case 'set-fields':
    case 'add-tag': {
      const values = action.type === 'add-tag' ? null : renderValues(action.fields, context);
      if (subject.kind === 'case') {
        const row = await findCaseForActionOrThrow(acting, subject.id!, 'case:read');
        const patch: Record<string, unknown> = {};
        if (action.type === 'add-tag') {
          if (row.tags.includes(action.tag)) return 'skipped';
          patch.tags = [...row.tags, action.tag];
        } else {
          const fields: Record<string, unknown> = {};
          for (const [key, value] of Object.entries(values!)) (CASE_TOP_LEVEL.has(key) ? patch : fields)[key] = value;
          if (Object.keys(fields).length > 0) patch.fields = fields;
        }
        const updated = await updateCase(acting, row.id, row.version, { ...patch, reason: `automation rule ${scope.rule.key}` } as never);
        return { caseId: row.id, version: updated.version };
      }
      if (subject.kind === 'record') {
        const record = await readRecordForRule(acting, subject.id!);
        const patch: Record<string, unknown> = {};
        if (action.type === 'add-tag') {
          const tags = (record.view.tags as string[] | undefined) ?? [];
          if (tags.includes(action.tag)) return 'skipped';
          patch.tags = [...tags, action.tag];
        } else {
          const fields: Record<string, unknown> = {};
          for (const [key, value] of Object.entries(values!)) (RECORD_TOP_LEVEL.has(key) ? patch : fields)[key] = value;
          if (Object.keys(fields).length > 0) patch.fields = fields;
        }
        const updated = await updateRecordForRule(acting, record.id, record.version, patch);
        return { recordId: record.id, version: updated.version };
      }
      throw new ActionError('the rule has no subject to change');
    }
    case 'assign': {
      if (subject.kind !== 'case') throw new ActionError('only a case is assigned');
      const [assigneeId] = await resolveUsers(scope, [action.assignee]);
      if (!assigneeId) throw new ActionError('the assignee named by the rule is not an active user');
      const row = await findCaseForActionOrThrow(acting, subject.id!, 'case:read');
      if (row.assigneeId === assigneeId) return 'skipped';
      const updated = await updateCase(acting, row.id, row.version, { assigneeId, reason: `automation rule ${scope.rule.key}` });
      return { caseId: row.id, assigneeId, version: updated.version };
    }
    case 'route': {
      if (subject.kind !== 'case') throw new ActionError('only a case is routed');
      // The router reads the case as its actor may: refused here when the owner may not update it.
      await findCaseForActionOrThrow(acting, subject.id!, 'case:update');
      const routed = await routeCase(acting, subject.id!, 'fields-changed');
      return { caseId: subject.id, outcome: (routed as { outcome?: string }).outcome ?? null };
    }
    case 'create-case': {
      const created = await createCase(acting, {
        type: action.caseType,
        title: renderText(action.title, context),
        fields: Object.fromEntries(Object.entries(renderValues(action.fields, context)).filter(([, v]) => v !== null && v !== '')),
        ...(action.priority ? { priority: action.priority } : {}),
        ...(subject.departmentId ? { departmentId: subject.departmentId } : {}),
        channel: 'automation',
      } as never);
      if (action.linkRelation && subject.kind === 'record') {
        await linkRecordToCaseForRule(acting, { relationKey: action.linkRelation, fromRecordId: subject.id!, toCaseId: created.case.id });
      }
      return { caseId: created.case.id, number: created.case.number };
    }
    case 'create-task': {
      const [assignee] = await resolveUsers(scope, [action.assignee]);
      if (!assignee) throw new ActionError('the assignee named by the rule is not an active user');
      const base = (scope.settings.publicUrl ?? 'http://localhost:3000').replace(/\/$/, '');
      const link =
        subject.kind === 'case' ? `${base}/cases/${subject.id}` : subject.kind === 'record' ? `${base}/records/${subject.typeKey}/${subject.id}` : `${base}/admin/automation/rules/${scope.rule.key}`;
      const { task } = await pushExternalTask(scope.system, {
        system: 'automation',
        // One task per run and action: a retried job finds the task it made (idempotent by system + id).
        externalId: `${scope.runId}:${index}`,
        title: renderText(action.title, context).slice(0, 500) || scope.rule.name,
        assignee,
        link,
        dueAt: action.dueInDays === undefined ? null : new Date(scope.acting.now.getTime() + action.dueInDays * DAY_MS).toISOString(),
        caseId: subject.kind === 'case' ? subject.id : null,
        description: action.description ? renderText(action.description, context).slice(0, 4000) : null,
      });
      return { taskId: task.id, assignee };
    }
    case 'notify': {
      const recipients = (await resolveUsers(scope, action.recipients)).filter((id): id is string => id !== null);
      if (recipients.length === 0) throw new ActionError('none of the recipients named by the rule is an active user');
      // 抄送-style notice: the case's number and the rule's name, never a field's value.
      await notifyUsers(acting, {
        recipients,
        kind: 'case-cc',
        caseId: subject.kind === 'case' ? subject.id : null,
        params: { caseNumber: String((subject.view?.number as string | undefined) ?? ''), actorName: scope.rule.name },
      });
      return { recipients };
    }
    case 'start-process': {
      const started = await startProcessInstance(
        acting,
        {},
        {
          processKey: action.processKey,
          variables: { ...renderValues(action.variables, context), automationRule: scope.rule.key },
          caseId: subject.kind === 'case' ? subject.id : null,
          businessKey: subject.kind === 'record' ? subject.id : null,
        },
      );
      return { processInstanceId: started.id };
    }
    case 'call-connector': {
      const body = { rule: scope.rule.key, runId: scope.runId, subject: { type: subject.kind, id: subject.id }, data: renderValues(action.body, context) };
      if (scope.dryRun) return { url: action.url, sent: false };
      const send = scope.settings.fetch ?? fetch;
      let status: number;
      try {
        const res = await send(action.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `${scope.runId}:${index}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(scope.settings.connectorTimeoutMs ?? 5_000),
        });
        status = res.status;
      } catch (error) {
        throw new ActionError(`the connector did not answer: ${(error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable'}`);
      }
      if (status >= 400) throw new ActionError(`the connector answered ${status}`);
      return { url: action.url, status };
    }
  }
}

/** User ids named by a rule: fixed, from a user field of the subject, or the holders of a role in the subject's department. */
async function resolveUsers(scope: ActionScope, refs: UserRef[]): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (const ref of refs) {
    if ('userId' in ref) out.push(ref.userId);
    else if ('userField' in ref) {
      const view = scope.subject.view ?? {};
      const value = scope.subject.kind === 'case' ? view[ref.userField] : (view.fields as Record<string, unknown> | undefined)?.[ref.userField];
      out.push(typeof value === 'string' && isUuid(value) ? value : null);
    } else {
      if (!scope.subject.departmentId) {
        out.push(null);
        continue;
      }
      const holders = await listRoleHoldersInDepartment(scope.acting.tx, ref.departmentRole, scope.subject.departmentId);
      if (holders.length === 0) out.push(null);
      for (const holder of holders) out.push(holder.id);
    }
  }
  return out;
}
