// Development aid: the SQL statements one request sends, in order (`node --import tsx bench/trace-sql.ts`).
// Starts Docket on a scratch database of the PostgreSQL server like the bench does.
import { complaintBody } from './scenarios/data.ts';
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
  const lines = Number(process.env.TRACE_BULK_LINES ?? 3);
  await show(`bulk ${lines} lines`, () =>
    call('POST', '/api/v1/cases/bulk', Array.from({ length: lines }, (_, i) => JSON.stringify(complaintBody(i, { externalId: `t-${i}` }))).join('\n'), 'application/x-ndjson'),
  );
} finally {
  await target.stop();
}
