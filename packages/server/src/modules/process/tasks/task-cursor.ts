import type { TaskKeyset, TaskRow } from './task-store.ts';
import type { DoneKeyset } from './todo-store.ts';
import { taskProblems } from './task-problems.ts';

// The keyset of the page's last task, opaque to clients (the cases list does the same).
export function encodeTaskCursor(row: TaskRow): string {
  return Buffer.from(JSON.stringify([row.priority, row.dueAt?.toISOString() ?? null, row.createdAt.toISOString(), row.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;

export function decodeTaskCursor(cursor: string): TaskKeyset {
  try {
    const [priority, dueAt, createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    // The keyset is cast in SQL: a forged cursor must fail here as a 400, not there as a 500.
    if (!Number.isInteger(priority) || Math.abs(priority as number) > 2_147_483_647) throw new Error('priority');
    if (dueAt !== null && !isInstant(dueAt)) throw new Error('dueAt');
    if (!isInstant(createdAt) || typeof id !== 'string' || !UUID.test(id)) throw new Error('createdAt/id');
    return { priority: priority as number, dueAt: dueAt as string | null, createdAt, id };
  } catch {
    throw taskProblems.invalidCursor({ detail: 'Use the nextCursor of the previous page with the same filters' });
  }
}

// view=done (issue 15) is newest first by when the task ended: its own keyset, told apart by a leading 'd'.
export function encodeDoneCursor(row: TaskRow): string {
  return Buffer.from(JSON.stringify(['d', (row.completedAt ?? row.createdAt).toISOString(), row.id])).toString('base64url');
}

export function decodeDoneCursor(cursor: string): DoneKeyset {
  try {
    const [tag, endedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (tag !== 'd' || !isInstant(endedAt) || typeof id !== 'string' || !UUID.test(id)) throw new Error('keyset');
    return { endedAt, id };
  } catch {
    throw taskProblems.invalidCursor({ detail: 'Use the nextCursor of the previous page with the same filters' });
  }
}
