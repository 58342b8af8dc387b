import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';

type Executor = Db | Tx;

/** Who may be told something (notifications): active people among `ids`, with their display names. */
export async function listActivePeople(tx: Executor, ids: readonly string[]): Promise<{ id: string; username: string; displayName: string }[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .selectFrom('access.user')
    .select(['id', 'username', 'display_name'])
    .where('id', 'in', [...ids])
    .where('kind', '=', 'person')
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name }));
}

/** Active people by username (an @mention), any case of the name. */
export async function listActivePeopleByUsername(tx: Executor, usernames: readonly string[]): Promise<{ id: string; username: string }[]> {
  if (usernames.length === 0) return [];
  return tx
    .selectFrom('access.user')
    .select(['id', 'username'])
    .where(
      sql<string>`lower(username)`,
      'in',
      usernames.map((u) => u.toLowerCase()),
    )
    .where('kind', '=', 'person')
    .where('status', '=', 'active')
    .execute();
}

/**
 * Active people holding any of `keys` as a group (member) or as a role: the people a task's
 * candidate groups reach. At most `limit`, by username, so a task for a group of thousands
 * costs one bounded query.
 */
export async function listHoldersOfGroupsOrRoles(tx: Executor, keys: readonly string[], limit: number): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await tx
    .selectFrom('access.user as u')
    .select('u.id')
    .where('u.kind', '=', 'person')
    .where('u.status', '=', 'active')
    .where((eb) =>
      eb.or([
        sql<boolean>`u.roles && ${sql.val([...keys])}::text[]`,
        eb.exists(
          eb
            .selectFrom('access.group_member as m')
            .select('m.user_id')
            .whereRef('m.user_id', '=', 'u.id')
            .where('m.group_key', 'in', [...keys]),
        ),
      ]),
    )
    .orderBy('u.username')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
