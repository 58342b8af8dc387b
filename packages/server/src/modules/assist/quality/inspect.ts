import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { listComments, readCase } from '../../cases/index.ts';
import { presentCaseSla } from '../../sla/index.ts';
import { type Finding, type InspectionInput, modelVersionOf, runQualityChecks } from './checks.ts';
import { type InspectionRow, replaceCurrentInspection } from './store.ts';
import { toneClassifier } from './tone-model.ts';

/**
 * What the checks read of a case, through the cases and SLA modules: its fields, its comments (as
 * the inspecting actor may read them: personal data masked, which no check needs) and its SLA
 * targets. 404 when the actor may not read the case.
 */
export async function readInspectionInput(ctx: CommandContext, caseId: string): Promise<{ input: InspectionInput; caseTypeKey: string; departmentId: string | null }> {
  const found = await readCase(ctx, caseId);
  const comments = await listComments(ctx, caseId);
  const sla = await presentCaseSla(ctx, caseId);
  return {
    caseTypeKey: found.typeKey,
    departmentId: found.departmentId,
    input: {
      fields: found.fields,
      comments: comments.map((c) => ({ id: c.id, body: c.body, visibility: c.visibility, origin: c.origin ?? 'agent', createdAt: c.createdAt })),
      slaTargets: sla.items.map((t) => ({ key: t.key, kind: t.kind, breached: t.breachedAt !== null || t.onTime === false || t.risk === 'breached' })),
    },
  };
}

/**
 * Inspects a case and makes the result its current inspection, publishing
 * assist.quality-inspected and auditing it in the caller's command. The caller checked who may ask.
 */
export async function inspectCase(ctx: CommandContext, caseId: string, trigger: 'closed' | 'manual'): Promise<{ inspection: InspectionRow; findings: Finding[] }> {
  const { input, caseTypeKey, departmentId } = await readInspectionInput(ctx, caseId);
  const tone = toneClassifier();
  const findings = runQualityChecks(input, tone);
  const inspection: InspectionRow = {
    id: newId(),
    caseId,
    caseTypeKey,
    departmentId,
    trigger,
    inspectedBy: ctx.actor.userId,
    inspectedAt: ctx.now,
    modelVersion: modelVersionOf(tone),
    findingCount: findings.length,
  };
  await replaceCurrentInspection(ctx.tx, inspection, findings);
  const checks = [...new Set(findings.map((f) => f.check))];
  await recordAuditEvent(ctx, {
    action: 'assist.quality-inspected',
    targetType: 'case',
    targetId: caseId,
    caseId,
    // Check keys, rules and counts only: a finding's detail never holds the words of a reply.
    data: { inspectionId: inspection.id, trigger, checks, findings: findings.length, rules: findings.map((f) => `${f.check}:${f.detail.rule}`), modelVersion: inspection.modelVersion },
  });
  await ctx.publish(domainEvent('assist.quality-inspected', 'case', caseId, { inspectionId: inspection.id, caseId, trigger, checks }));
  return { inspection, findings };
}
