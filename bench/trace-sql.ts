// Development aid: the SQL statements one request sends, in order (`node --import tsx bench/trace-sql.ts`).
// Starts Docket on a scratch database of the PostgreSQL server like the bench does.
import { complaintBody } from './scenarios/data.ts';
import { deployProcessModels } from './scenarios/process.ts';
import { CREDIT_APPROVAL_KEY, STRAIGHT_THROUGH_KEY } from './scenarios/process-models.ts';
import { startTarget } from './scenarios/target.ts';

const target = await startTarget('server', process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const call = (method: string, path: string, body?: string, type = 'application/json') =>
  fetch(`${target.url}${path}`, { method, headers: { authorization: `Bearer ${target.token}`, ...(body ? { 'content-type': type } : {}) }, body }).then((r) => r.text());
try {
  await call('POST', '/api/v1/cases', JSON.stringify(complaintBody(1)));
  const show = async (label: string, fn: () => Promise<unknown>) => {
    const recorded = await target.recordQueries(async () => void (await fn()));
    console.log(`\n## ${label}: ${recorded.length} statements`);
    for (const q of recorded) console.log(`- ${q.ms === undefined ? '' : `${q.ms.toFixed(1)} ms `}${q.text.replace(/\s+/g, ' ').slice(0, 120)}`);
  };
  await show('single create', () => call('POST', '/api/v1/cases', JSON.stringify(complaintBody(2))));
  await show('queue page', () => call('GET', '/api/v1/cases?queue=complaints-bj&status=new,open,pending&sort=dueAt&limit=50'));
  // Issue 14: one straight-through instance, one credit-approval completion (TRACE_PROCESS=0 skips them).
  if (process.env.TRACE_PROCESS !== '0') {
    await deployProcessModels(target);
    await show('straight-through process instance', () => call('POST', '/api/v1/process-instances', JSON.stringify({ processKey: STRAIGHT_THROUGH_KEY, variables: { amount: 25_000 } })));
    const started = JSON.parse(await call('POST', '/api/v1/process-instances', JSON.stringify({ processKey: CREDIT_APPROVAL_KEY, variables: { amount: 25_000 } }))) as { id: string };
    const tasks = JSON.parse(await call('GET', `/api/v1/tasks?processInstanceId=${started.id}`)) as { items: { id: string }[] };
    await show('credit review completion (opens risk and compliance)', () => call('POST', `/api/v1/tasks/${tasks.items[0]!.id}/complete`, JSON.stringify({ variables: { ok: true } })));
  }
  const lines = Number(process.env.TRACE_BULK_LINES ?? 3);
  await show(`bulk ${lines} lines`, () =>
    call('POST', '/api/v1/cases/bulk', Array.from({ length: lines }, (_, i) => JSON.stringify(complaintBody(i, { externalId: `t-${i}` }))).join('\n'), 'application/x-ndjson'),
  );
} finally {
  await target.stop();
}
