import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Principal } from '../../../platform/http/principal.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { findPolicySubjectOfUser, findUserById } from '../../access/index.ts';
import { findCaseForActionOrThrow, presentCase } from '../../cases/index.ts';
import { readRecordForRule } from './record-access.ts';
import type { RunSubject, RunTrigger } from './model.ts';

/**
 * The owner as the principal whose policy bounds the rule: loaded fresh for every run, so a role
 * taken away or a person disabled stops the rule's next run. Undefined: no longer an active person.
 */
export async function loadOwnerPrincipal(ctx: CommandContext, ownerId: string, ruleId: string): Promise<Principal | undefined> {
  const person = await findUserById(ctx.tx, ownerId);
  if (person?.status !== 'active') return undefined;
  const subject = await findPolicySubjectOfUser(ctx.tx, ownerId);
  if (!subject) return undefined;
  return {
    userId: person.id,
    username: person.username,
    displayName: person.displayName,
    departmentId: person.departmentId,
    departmentIds: subject.departmentIds,
    subtreeDepartmentIds: subject.subtreeDepartmentIds,
    roles: person.roles,
    permissions: subject.permissions,
    kind: 'session',
    scopes: null,
    credentialId: `automation-rule:${ruleId}`,
  };
}

/**
 * The actor a rule's actions run as: system:automation by name and id (what the audit says did
 * it), holding the OWNER's permissions and departments — so every command's own checks (record
 * scope, field rules, sensitivity) refuse what the owner could not do. A permission scoped `own`
 * matches only what system:automation made, so a rule does less than its owner, never more.
 */
export function actingPrincipal(system: Principal, owner: Principal): Principal {
  return {
    ...system,
    departmentId: owner.departmentId,
    departmentIds: owner.departmentIds,
    subtreeDepartmentIds: owner.subtreeDepartmentIds,
    roles: owner.roles,
    permissions: owner.permissions,
  };
}

/** The subject as loaded for the rule: its facts for actions and its masked view for conditions. */
export interface LoadedSubject {
  kind: RunSubject['type'];
  id: string | null;
  version: number | null;
  departmentId: string | null;
  typeKey: string | null;
  /** For conditions and templates: what the owner may read, sensitive values masked. */
  view: Record<string, unknown> | null;
}

/** Loads the subject as the owner may read it; undefined when the owner may not (or it is gone). */
export async function loadSubjectForOwner(ctx: CommandContext, owner: Principal, subject: RunSubject): Promise<LoadedSubject | undefined> {
  if (subject.type === 'none' || subject.id === null) return { kind: 'none', id: null, version: null, departmentId: null, typeKey: null, view: null };
  const asOwner: CommandContext = { ...ctx, actor: owner };
  try {
    if (subject.type === 'case') {
      const row = await findCaseForActionOrThrow(asOwner, subject.id, 'case:read');
      const view = await presentCase(asOwner, row);
      return { kind: 'case', id: row.id, version: row.version, departmentId: row.departmentId, typeKey: row.typeKey, view: view as unknown as Record<string, unknown> };
    }
    const record = await readRecordForRule(asOwner, subject.id);
    return { kind: 'record', id: record.id, version: record.version, departmentId: record.departmentId, typeKey: record.typeKey, view: record.view };
  } catch (error) {
    if (error instanceof Problem && (error.status === 404 || error.status === 403)) return undefined;
    throw error;
  }
}

/**
 * The FEEL context of a condition (and the templates of actions): the subject as the owner reads
 * it, under `case` or `record`, and the trigger (`trigger.changed`, `trigger.from`, `trigger.to`).
 */
export function conditionContext(subject: LoadedSubject, trigger: RunTrigger, rule: { key: string; name: string }): Record<string, unknown> {
  const view = subject.view ?? {};
  const common = {
    trigger: {
      kind: trigger.kind,
      event: trigger.detail,
      changed: trigger.changed ?? [],
      from: trigger.from ?? null,
      to: trigger.to ?? null,
      occurrence: trigger.occurrence ?? null,
      ...(trigger.event ? { payload: trigger.event } : {}),
    },
    rule: { key: rule.key, name: rule.name },
  };
  if (subject.kind === 'case') {
    const caseContext = {
      id: view.id,
      number: view.number,
      type: view.type,
      title: view.title,
      status: view.status,
      statusCategory: view.statusCategory,
      priority: view.priority,
      channel: view.channel,
      fields: view.fields ?? {},
      customer: view.customer ?? null,
      tags: view.tags ?? [],
      department: view.departmentId ?? null,
      departmentName: view.departmentName ?? null,
      assigneeId: view.assigneeId ?? null,
      createdBy: view.createdBy ?? null,
      queue: view.queue ?? null,
      slaState: view.slaState ?? null,
    };
    return { ...common, case: caseContext, subject: caseContext };
  }
  if (subject.kind === 'record') {
    const recordContext = {
      id: view.id,
      number: view.number,
      type: subject.typeKey,
      displayName: view.displayName ?? null,
      fields: view.fields ?? {},
      tags: view.tags ?? [],
      department: view.departmentId ?? null,
      ownerId: view.ownerId ?? null,
      externalId: view.externalId ?? null,
    };
    return { ...common, record: recordContext, subject: recordContext };
  }
  return common;
}
