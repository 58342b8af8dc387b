import type { Translate } from '../../i18n/i18n.ts';
import type { RoutingCapacity, RoutingLoad, RoutingProfile, SaveProfileBody } from './routing-admin-api.ts';

// Pure helpers of the agents' profiles: a profile as form values and back (capacity maps as rows
// the editor can add to), and load against capacity in words.

export interface CountRow {
  key: string;
  count: number;
}

export interface ProfileValues {
  skills: { skill: string; level: number }[];
  languages: string[];
  branchIds: string[];
  /** Empty: no overall limit. */
  capacityTotal: number | null;
  byChannel: CountRow[];
  byCaseType: CountRow[];
}

const rowsOf = (counts: Record<string, number>): CountRow[] => Object.entries(counts).map(([key, count]) => ({ key, count }));

function countsOf(rows: CountRow[] | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows ?? []) {
    const key = row?.key?.trim();
    if (key && row.count !== null && row.count !== undefined) counts[key] = Number(row.count);
  }
  return counts;
}

export function profileToValues(profile: RoutingProfile): ProfileValues {
  return {
    skills: profile.skills.map((s) => ({ skill: s.skill, level: s.level })),
    languages: profile.languages,
    branchIds: profile.branchIds,
    capacityTotal: profile.capacity.total,
    byChannel: rowsOf(profile.capacity.byChannel),
    byCaseType: rowsOf(profile.capacity.byCaseType),
  };
}

/** What PUT /routing/profiles/{userId} takes; presence is the agent's own and is never sent from here. */
export function valuesToProfileBody(values: ProfileValues): SaveProfileBody {
  return {
    skills: (values.skills ?? []).filter((s) => s?.skill?.trim()).map((s) => ({ skill: s.skill.trim(), level: Number(s.level ?? 1) })),
    languages: (values.languages ?? []).map((l) => l.trim()).filter(Boolean),
    branchIds: values.branchIds ?? [],
    capacity: {
      total: values.capacityTotal === null || values.capacityTotal === undefined ? null : Number(values.capacityTotal),
      byChannel: countsOf(values.byChannel),
      byCaseType: countsOf(values.byCaseType),
    },
  };
}

/** "3 / 12" against the overall limit, "3 / 不限" without one; open tasks counted beside. */
export function describeLoad(load: RoutingLoad, capacity: RoutingCapacity, t: Translate): string {
  const limit = capacity.total === null ? t('routingAdmin.agents.noLimit') : String(capacity.total);
  const base = `${load.total} / ${limit}`;
  return load.openTasks > 0 ? t('routingAdmin.agents.loadWithTasks', { load: base, count: load.openTasks }) : base;
}

/** Share of the overall capacity in use, 0–100, or undefined without a limit. */
export function loadPercent(load: RoutingLoad, capacity: RoutingCapacity): number | undefined {
  if (capacity.total === null) return undefined;
  if (capacity.total === 0) return 100;
  return Math.min(100, Math.round((load.total / capacity.total) * 100));
}
