// Development aid: single create at DEV_CONNECTIONS (default 64) beside the raw single-row
// transaction limit, DEV_ROUNDS times DEV_SECONDS each, alternating, so each pair sees the same
// machine load. For trying group commit and pool settings on a shared machine:
// `DOCKET_DB_POOL_SIZE` is fixed by the bench; the server inherits this process's environment.
import { runSingleCreate } from './scenarios/creates.ts';
import { round } from './scenarios/http-load.ts';
import { runRawTransactions } from './scenarios/raw-transactions.ts';
import { startTarget } from './scenarios/target.ts';

const connections = Number(process.env.DEV_CONNECTIONS ?? 64);
const seconds = Number(process.env.DEV_SECONDS ?? 5);
const rounds = Number(process.env.DEV_ROUNDS ?? 2);
const target = await startTarget('server', process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
try {
  await runSingleCreate(target, 8, 2);
  for (let round_ = 0; round_ < rounds; round_++) {
    const raw = await runRawTransactions(target.databaseUrl, target.adminId, connections, seconds, `DEVTX${round_}`, {});
    const r = await runSingleCreate(target, connections, seconds);
    console.log(
      `@${connections} raw ${raw.perSecond} tx/s p99 ${raw.p99} ms | create ${r.perSecond}/s p50 ${r.p50} p99 ${r.p99} ms (non-2xx ${r.non2xx}) = ${round((100 * r.perSecond) / raw.perSecond, 0)}%; server CPU ${r.serverCpuMsPerRequest} ms per create; load ${r.loadAverage}`,
    );
  }
} finally {
  await target.stop();
}
