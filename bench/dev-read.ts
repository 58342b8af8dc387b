// Development aid: one short read figure against a small book, e.g. to profile the server
// (`BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" node --import tsx bench/dev-read.ts`).
// DEV_CASES cases created through bulk, then the queue page at DEV_CONNECTIONS for DEV_SECONDS.
import { complaintBody } from './scenarios/data.ts';
import { runLoad, withServerCpu } from './scenarios/http-load.ts';
import { loadCases } from './scenarios/load-million.ts';
import { startTarget } from './scenarios/target.ts';

const cases = Number(process.env.DEV_CASES ?? 3000);
const target = await startTarget('server', process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
try {
  // DEV_BOOK=sql: the bench's SQL-loaded book (values in clear, as the read figures use); else sealed cases through the API.
  const sqlBook = process.env.DEV_BOOK === 'sql';
  if (sqlBook) await loadCases(target.databaseUrl, target.adminId, cases, () => undefined);
  for (let start = 0; !sqlBook && start < cases; start += 1000) {
    const body = Array.from({ length: Math.min(1000, cases - start) }, (_, j) => JSON.stringify(complaintBody(start + j, { externalId: `dev-${start + j}` }))).join('\n');
    const res = await fetch(`${target.url}/api/v1/cases/bulk`, { method: 'POST', headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/x-ndjson' }, body });
    if (res.status !== 200) throw new Error(`bulk ${res.status}`);
  }
  const path = `/api/v1/cases?queue=${sqlBook ? 'complaints-sh' : 'complaints-bj'}&status=new,open,pending&sort=dueAt&limit=50`;
  const sample = await fetch(`${target.url}${path}`, { headers: { authorization: `Bearer ${target.token}` } });
  console.log(`page ${(await sample.arrayBuffer()).byteLength} bytes, ${sample.headers.get('content-encoding') ?? 'identity'}`);
  await runLoad({ url: target.url, token: target.token, path, connections: 4, duration: 2 });
  for (const connections of (process.env.DEV_CONNECTIONS ?? '1,16').split(',').map(Number)) {
    const r = await withServerCpu(target, () => runLoad({ url: target.url, token: target.token, path, connections, duration: Number(process.env.DEV_SECONDS ?? 5) }));
    console.log(`queue page @${connections}: ${r.requests} requests, ${r.perSecond} req/s p50 ${r.p50} p99 ${r.p99} ms non-2xx ${r.non2xx}; server CPU ${r.serverCpuMsPerRequest} ms per request`);
  }
} finally {
  await target.stop();
}
