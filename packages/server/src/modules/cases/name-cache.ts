import type { Tx } from '../../platform/db/database.ts';
import { lookupNames, type NameBook } from '../access/index.ts';
import { registerProcessCache } from '../../platform/process-caches.ts';

/**
 * Display names of users and departments for case views, remembered for a few seconds. On
 * this machine class a statement's round trip costs the server about 1 ms of CPU (the socket
 * write to PostgreSQL), three times what the names query costs the database, and a page of cases
 * names the same handful of people again and again. A renamed user or department shows its
 * new name within NAME_TTL_MS. Names only: nothing here decides access.
 */
export const NAME_TTL_MS = 5_000;
const MAX_ENTRIES = 20_000;

const remembered = new Map<string, { name: string | null; until: number }>();
registerProcessCache(() => remembered.clear());

function recall(key: string, now: number): string | null | undefined {
  const entry = remembered.get(key);
  if (!entry) return undefined;
  if (entry.until < now) {
    remembered.delete(key);
    return undefined;
  }
  return entry.name;
}

export async function lookupNamesRemembered(tx: Tx, userIds: (string | null | undefined)[], departmentIds: (string | null | undefined)[]): Promise<NameBook> {
  const now = Date.now();
  const users = new Set(userIds.filter((id): id is string => !!id));
  const departments = new Set(departmentIds.filter((id): id is string => !!id));
  const missingUsers = [...users].filter((id) => recall(`u:${id}`, now) === undefined);
  const missingDepartments = [...departments].filter((id) => recall(`d:${id}`, now) === undefined);
  if (missingUsers.length > 0 || missingDepartments.length > 0) {
    const found = await lookupNames(tx, missingUsers, missingDepartments);
    if (remembered.size + missingUsers.length + missingDepartments.length > MAX_ENTRIES) remembered.clear();
    const until = now + NAME_TTL_MS;
    for (const id of missingUsers) remembered.set(`u:${id}`, { name: found.user(id), until });
    for (const id of missingDepartments) remembered.set(`d:${id}`, { name: found.department(id), until });
  }
  return {
    user: (id) => (id ? (recall(`u:${id}`, now) ?? null) : null),
    department: (id) => (id ? (recall(`d:${id}`, now) ?? null) : null),
  };
}
