import type { AppDeps } from '../../../app-deps.ts';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { isAllowed } from '../../access/index.ts';

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

/** The active model of every label, installed or shipped, sorted by label. */
export async function listModelViews(ctx: CommandContext, _deps: AppDeps): Promise<ModelView[]> {
  assertModelReader(ctx);
  // Until the models part's listModels is merged: installed models only.
  const rows = await ctx.tx
    .selectFrom('assist.model')
    .select(['label', 'version', 'algorithm', 'classes', 'metrics', 'installed_at', 'installed_by'])
    .where('active', '=', true)
    .orderBy('label')
    .execute();
  return rows.map((r) => ({
    label: r.label,
    source: 'installed' as const,
    version: r.version,
    algorithm: r.algorithm,
    classes: r.classes as string[],
    metrics: (r.metrics ?? {}) as Record<string, unknown>,
    installedAt: r.installed_at.toISOString(),
    installedBy: r.installed_by,
  }));
}
