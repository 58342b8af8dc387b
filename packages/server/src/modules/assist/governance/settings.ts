import type { CommandContext } from '../../../platform/commands/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { assertAllowed, isAllowed } from '../../access/index.ts';
import { findCaseTypeNames, findCurrentCaseTypeForCreateOrThrow, listFieldDefinitions } from '../../cases/index.ts';
import { settingsProblems } from './settings-problems.ts';
import { defaultSettings, listAssistSettings, readAssistSettings, saveAssistSettingsIfVersion, type AssistSettings, type SettingsValues } from './settings-store.ts';

// The urgency classifier fills the case's priority, which is not a form field but may be switched off like one.
export const PRIORITY_FIELD = 'priority';

export interface AssistSettingsView extends AssistSettings {
  caseTypeName: string;
}

/** Agents read the settings (the console hides what is off); administrators change them. */
export function assertSettingsReader(ctx: CommandContext): void {
  if (!isAllowed(ctx.actor, 'assist:admin')) assertAllowed(ctx.actor, 'assist:use');
}

export async function listSettingsOfCaseTypes(ctx: CommandContext): Promise<AssistSettingsView[]> {
  assertSettingsReader(ctx);
  const names = await findCaseTypeNames(ctx);
  const saved = await listAssistSettings(ctx.tx);
  return [...names.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, name]) => ({ ...(saved.get(key) ?? defaultSettings(key)), caseTypeName: name }));
}

export async function readSettingsOfCaseType(ctx: CommandContext, caseType: string): Promise<AssistSettingsView> {
  assertSettingsReader(ctx);
  const type = await findCurrentCaseTypeForCreateOrThrow(ctx, caseType);
  return { ...(await readAssistSettings(ctx.tx, type.key)), caseTypeName: type.name };
}

/** The fields changed between two settings, by name, for the audit (thresholds and flags are not sensitive). */
function changedSettings(before: AssistSettings, after: SettingsValues): string[] {
  const changed: string[] = [];
  if (before.enabled !== after.enabled) changed.push('enabled');
  if (before.threshold !== after.threshold) changed.push('threshold');
  if (before.secondsPerField !== after.secondsPerField) changed.push('secondsPerField');
  for (const key of new Set([...Object.keys(before.fields), ...Object.keys(after.fields)])) {
    if (JSON.stringify(before.fields[key] ?? null) !== JSON.stringify(after.fields[key] ?? null)) changed.push(`fields.${key}`);
  }
  return changed;
}

export async function updateSettingsOfCaseType(ctx: CommandContext, caseType: string, expectedVersion: number, values: SettingsValues): Promise<AssistSettingsView> {
  assertAllowed(ctx.actor, 'assist:admin');
  const type = await findCurrentCaseTypeForCreateOrThrow(ctx, caseType);
  const keys = new Set([...listFieldDefinitions(type.schema).map((f) => f.key), PRIORITY_FIELD]);
  const errors: FieldError[] = Object.keys(values.fields)
    .filter((key) => !keys.has(key))
    .map((key) => ({ field: `fields.${key}`, reason: `case type ${type.key} has no field ${key}`, code: 'unknown-reference', params: { value: key } }));
  if (errors.length > 0) throw settingsProblems.invalid({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
  const current = await readAssistSettings(ctx.tx, type.key);
  const stale = () => settingsProblems.versionStale({ detail: `You sent version ${expectedVersion}; the settings are at ${current.version}. Reload them.`, currentVersion: current.version });
  if (current.version !== expectedVersion) throw stale();
  const changed = changedSettings(current, values);
  if (changed.length === 0 && current.version > 0) return { ...current, caseTypeName: type.name };
  if (!(await saveAssistSettingsIfVersion(ctx.tx, type.key, expectedVersion, values, ctx.actor.userId, ctx.now))) throw stale();
  const saved = await readAssistSettings(ctx.tx, type.key);
  await recordAuditEvent(ctx, {
    action: 'assist.settings-changed',
    targetType: 'case-type',
    targetId: type.key,
    data: { caseType: type.key, version: saved.version, changed, enabled: saved.enabled, threshold: saved.threshold, fields: saved.fields },
  });
  return { ...saved, caseTypeName: type.name };
}
