import type { CommandContext } from '../../../platform/commands/index.ts';
import { findTaskCaller } from './task-access.ts';
import { decodeDoneCursor, decodeTaskCursor, encodeDoneCursor, encodeTaskCursor } from './task-cursor.ts';
import type { TaskRow } from './task-store.ts';
import { listDonePage, listStartedPage, listTodoPage, type TodoFilter, type TodoView } from './todo-store.ts';

export interface TodoQuery extends TodoFilter {
  view: TodoView;
  limit: number;
  cursor?: string;
}

/**
 * The caller's own lists (issue 15), whatever their roles (process:admin included: it is *my*
 * to-do list, not everyone's): 待办 todo, 已办 done, 我发起的 started.
 */
export async function listTodo(ctx: CommandContext, query: TodoQuery): Promise<{ items: TaskRow[]; nextCursor: string | null }> {
  const caller = await findTaskCaller(ctx);
  const reader = { userId: caller.userId, candidateKeys: caller.candidateKeys };
  const n = query.limit + 1;
  const rows =
    query.view === 'done'
      ? await listDonePage(ctx.tx, caller.userId, query, query.cursor ? decodeDoneCursor(query.cursor) : undefined, n)
      : query.view === 'started'
        ? await listStartedPage(ctx.tx, caller.userId, query, query.cursor ? decodeTaskCursor(query.cursor) : undefined, n)
        : await listTodoPage(ctx.tx, reader, query, query.cursor ? decodeTaskCursor(query.cursor) : undefined, n);
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > query.limit && last ? (query.view === 'done' ? encodeDoneCursor(last) : encodeTaskCursor(last)) : null;
  return { items, nextCursor };
}
