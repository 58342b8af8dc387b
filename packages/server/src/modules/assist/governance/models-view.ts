import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { isAllowed } from '../../access/index.ts';
import { listModels, shippedClassifier, shippedLabels } from '../models/index.ts';

export interface ModelView {
  label: string;
  source: 'installed' | 'shipped';
  version: string;
  algorithm: string;
  classes: string[];
  metrics: Record<string, unknown>;
  installedAt: string | null;
  installedBy: string | null;
}

/** Who may see which models answer: the administrators who install them and the readers of the report they explain. */
export function assertModelReader(ctx: CommandContext): void {
  if (isAllowed(ctx.actor, 'assist:admin') || isAllowed(ctx.actor, 'assist:report')) return;
  throw httpProblems.forbidden({ detail: 'None of your roles grants assist:admin or assist:report', action: 'assist:report' });
}

/**
 * The model answering for each label, sorted by label: the active installed one, else the shipped
 * one (trained from the shipped data at first use, so the first listing may take that training).
 */
export async function listModelViews(ctx: CommandContext): Promise<ModelView[]> {
  assertModelReader(ctx);
  const views = new Map<string, ModelView>();
  for (const m of await listModels(ctx.tx)) {
    if (!m.active) continue;
    views.set(m.label, {
      label: m.label,
      source: 'installed',
      version: m.version,
      algorithm: m.algorithm,
      classes: [...m.classes],
      metrics: { ...m.metrics },
      installedAt: m.installedAt.toISOString(),
      installedBy: m.installedBy,
    });
  }
  for (const label of shippedLabels()) {
    if (views.has(label)) continue;
    const shipped = shippedClassifier(label);
    if (!shipped) continue;
    views.set(label, { label, source: 'shipped', version: shipped.version, algorithm: shipped.algorithm, classes: [...shipped.classes], metrics: {}, installedAt: null, installedBy: null });
  }
  return [...views.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
