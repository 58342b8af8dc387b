import type { Db, Tx } from '../../platform/db/database.ts';
import type { Principal } from '../../platform/http/principal.ts';
import { listDepartments, type DepartmentRow } from './org-store.ts';
import { selectActiveSubjects, selectNames } from './people-store.ts';
import { isCaseActionAllowed, type PolicyCase, type PolicySubject } from './policy.ts';

type Executor = Db | Tx;

// System actors (the seed, the SLA scheduler) carry ids that are not users' UUIDs.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidsOf = (ids: Iterable<string | null | undefined>) => [...new Set([...ids].filter((id): id is string => !!id && UUID.test(id)))];

export interface NameBook {
  user(id: string | null | undefined): string | null;
  department(id: string | null | undefined): string | null;
}

/** Names of the given users and departments, looked up together in one query. */
export async function lookupNames(tx: Executor, userIds: Iterable<string | null | undefined>, departmentIds: Iterable<string | null | undefined> = []): Promise<NameBook> {
  const users = uuidsOf(userIds);
  const departments = uuidsOf(departmentIds);
  const rows = await selectNames(tx, users, departments);
  const userNames = new Map(rows.filter((r) => r.kind === 'user').map((r) => [r.id, r.name]));
  const departmentNames = new Map(rows.filter((r) => r.kind === 'department').map((r) => [r.id, r.name]));
  return {
    user: (id) => (id ? (userNames.get(id) ?? null) : null),
    department: (id) => (id ? (departmentNames.get(id) ?? null) : null),
  };
}

export interface PersonView {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
}

// Users are judged in memory by the same policy as a request of theirs would be; the scan reads
// this many at a time and stops after MAX_SCANNED, so a page is answered in bounded time.
const SCAN_BATCH = 200;
const MAX_SCANNED = 5_000;

/**
 * Active users whose own permissions grant every one of `actions` on this case (e.g. read and
 * update: the people a case may be assigned to), in username order. `after` is the cursor of
 * the previous page; `nextCursor` is null when no more users are left to judge.
 */
export async function findUsersAllowedOnCase(
  tx: Executor,
  record: PolicyCase,
  actions: string[],
  options: { text?: string; after?: string; limit: number },
): Promise<{ items: PersonView[]; nextCursor: string | null }> {
  const items: PersonView[] = [];
  let after = options.after;
  let scanned = 0;
  for (;;) {
    const batch = await selectActiveSubjects(tx, { text: options.text, afterUsername: after }, SCAN_BATCH);
    for (const candidate of batch) {
      after = candidate.username;
      scanned++;
      const subject: PolicySubject = { userId: candidate.id, departmentIds: candidate.departmentIds, subtreeDepartmentIds: candidate.subtreeDepartmentIds, permissions: candidate.permissions };
      if (actions.every((action) => isCaseActionAllowed(subject, action, record))) {
        items.push({ id: candidate.id, username: candidate.username, displayName: candidate.displayName, departmentId: candidate.departmentId });
        if (items.length === options.limit) return { items, nextCursor: candidate.username };
      }
    }
    if (batch.length < SCAN_BATCH) return { items, nextCursor: null };
    if (scanned >= MAX_SCANNED) return { items, nextCursor: after ?? null };
  }
}

/**
 * Departments whose cases the principal may act on by department: scope `all` reaches every
 * department, `department` the principal's own, `subtree` those and everything below.
 * Permissions scoped to `own` cases name no department and add none.
 */
export async function listDepartmentsForAction(tx: Executor, principal: Principal, action: string): Promise<DepartmentRow[]> {
  const reach = new Set<string>();
  let everywhere = false;
  for (const permission of principal.permissions) {
    // A read grant on named cases (抄送) reaches those cases, not their departments.
    if (permission.action !== action || permission.caseIds) continue;
    const scope = permission.scope ?? 'all';
    if (scope === 'all') everywhere = true;
    if (scope === 'department') for (const id of principal.departmentIds) reach.add(id);
    if (scope === 'subtree') for (const id of principal.subtreeDepartmentIds) reach.add(id);
  }
  const departments = await listDepartments(tx);
  return everywhere ? departments : departments.filter((d) => reach.has(d.id));
}

/**
 * Active people whose username or display name contains `text`, in username order: who one may
 * name to receive one's work (an out-of-office delegate). Names and departments only.
 */
export async function searchActivePeople(tx: Executor, text: string | undefined, limit: number): Promise<PersonView[]> {
  const rows = await selectActiveSubjects(tx, { text }, limit);
  return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.displayName, departmentId: r.departmentId }));
}
