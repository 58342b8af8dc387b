import type { CommandContext } from '../../../platform/commands/index.ts';
import { type FieldError, httpProblems } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { assertAllowed, isAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { analyticsProblems } from '../problems.ts';
import { readerOf } from './saved-reports.ts';
import { type BoardRow, type BoardTile, deleteBoardIfVersion, findBoard, findExistingRoleKeys, findReport, insertBoard, listBoardsFor, updateBoardIfVersion } from './report-store.ts';

// Boards: saved reports placed on a 12-column grid, shared with roles like reports. A board only
// places reports; each tile runs its report with the reader's own policy, and a tile whose report
// the reader may not open shows as unavailable (the board does not widen what anyone sees).

export const BOARD_COLUMNS = 12;

export interface BoardInput {
  name: string;
  tiles: BoardTile[];
  sharedWithRoles?: string[];
}

export async function findReadableBoardOrThrow(ctx: CommandContext, id: string): Promise<BoardRow> {
  assertAllowed(ctx.actor, 'analytics:read');
  const row = await findBoard(ctx.tx, id);
  const reader = readerOf(ctx);
  if (!row || !(reader.all || row.ownerId === reader.userId || row.sharedWithRoles.some((r) => reader.roles.includes(r)))) {
    throw analyticsProblems.boardNotFound({ detail: `No board ${id} you may open` });
  }
  return row;
}

export async function listBoards(ctx: CommandContext): Promise<BoardRow[]> {
  assertAllowed(ctx.actor, 'analytics:read');
  return listBoardsFor(ctx.tx, readerOf(ctx));
}

async function checkBoardInput(ctx: CommandContext, input: BoardInput): Promise<void> {
  const errors: FieldError[] = [];
  if (input.name.trim() === '') errors.push({ field: 'name', reason: 'is blank' });
  for (const [i, tile] of input.tiles.entries()) {
    if (tile.x + tile.w > BOARD_COLUMNS) errors.push({ field: `tiles.${i}.w`, reason: `reaches past the grid's ${BOARD_COLUMNS} columns (x + w ≤ ${BOARD_COLUMNS})` });
    // A designer places reports they may open themselves: no board points at a report they cannot see.
    const report = await findReport(ctx.tx, tile.reportId);
    const reader = readerOf(ctx);
    if (!report || !(reader.all || report.ownerId === reader.userId || report.sharedWithRoles.some((r) => reader.roles.includes(r)))) {
      errors.push({ field: `tiles.${i}.reportId`, reason: 'no report you may open' });
    }
  }
  const existing = await findExistingRoleKeys(ctx.tx, input.sharedWithRoles ?? []);
  (input.sharedWithRoles ?? []).forEach((r, i) => {
    if (!existing.has(r)) errors.push({ field: `sharedWithRoles.${i}`, reason: `no role ${r}` });
  });
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });
}

const staleProblem = (row: BoardRow, expected: number) =>
  analyticsProblems.boardVersionStale({ detail: `You sent version ${expected}; the board is at ${row.version}. Reload it.`, currentVersion: row.version });

async function findChangeableBoardOrThrow(ctx: CommandContext, id: string, expectedVersion: number): Promise<BoardRow> {
  assertAllowed(ctx.actor, 'analytics:design');
  const row = await findReadableBoardOrThrow(ctx, id);
  if (row.ownerId !== ctx.actor.userId && !isAllowed(ctx.actor, 'analytics:admin')) throw httpProblems.forbidden({ detail: 'Only the owner of a board (or an analytics administrator) may change it' });
  if (row.version !== expectedVersion) throw staleProblem(row, expectedVersion);
  return row;
}

export async function createBoard(ctx: CommandContext, input: BoardInput): Promise<BoardRow> {
  assertAllowed(ctx.actor, 'analytics:design');
  await checkBoardInput(ctx, input);
  const id = newId<string>();
  const row = { id, name: input.name.trim(), tiles: input.tiles, ownerId: ctx.actor.userId, sharedWithRoles: [...new Set(input.sharedWithRoles ?? [])], createdAt: ctx.now };
  await insertBoard(ctx.tx, row);
  await recordAuditEvent(ctx, {
    action: 'analytics.board-saved',
    targetType: 'analytics-board',
    targetId: id,
    data: { id, name: row.name, tiles: row.tiles, sharedWithRoles: row.sharedWithRoles, version: 1 },
  });
  return (await findBoard(ctx.tx, id))!;
}

export async function updateBoard(ctx: CommandContext, id: string, expectedVersion: number, input: BoardInput): Promise<BoardRow> {
  const current = await findChangeableBoardOrThrow(ctx, id, expectedVersion);
  await checkBoardInput(ctx, input);
  const values = { name: input.name.trim(), tiles: input.tiles, sharedWithRoles: [...new Set(input.sharedWithRoles ?? [])] };
  if (!(await updateBoardIfVersion(ctx.tx, id, expectedVersion, values, ctx.now))) throw staleProblem(current, expectedVersion);
  await recordAuditEvent(ctx, { action: 'analytics.board-saved', targetType: 'analytics-board', targetId: id, data: { id, ...values, version: expectedVersion + 1 } });
  return (await findBoard(ctx.tx, id))!;
}

export async function deleteBoard(ctx: CommandContext, id: string, expectedVersion: number): Promise<void> {
  const current = await findChangeableBoardOrThrow(ctx, id, expectedVersion);
  if (!(await deleteBoardIfVersion(ctx.tx, id, expectedVersion))) throw staleProblem(current, expectedVersion);
  await recordAuditEvent(ctx, { action: 'analytics.board-deleted', targetType: 'analytics-board', targetId: id, data: { id, name: current.name, version: current.version } });
}
