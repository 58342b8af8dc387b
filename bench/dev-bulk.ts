// Development aid: bulk NDJSON (one request at a time) beside a raw COPY of the same rows,
// DEV_ROUNDS times, alternating, so each pair sees the same machine load. For trying the
// ingestion path's batch size and batches in flight on a shared machine.
import { runBulkCreate } from './scenarios/creates.ts';
import { round } from './scenarios/http-load.ts';
import { runRawCopy } from './scenarios/raw-copy.ts';
import { startTarget } from './scenarios/target.ts';
import os from 'node:os';

const lines = Number(process.env.DEV_LINES ?? 5000);
const rounds = Number(process.env.DEV_ROUNDS ?? 2);
const target = await startTarget('server', process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
try {
  await runBulkCreate(target, 1, 1000, 1, `devwarm-${Date.now()}`, {});
  for (let r = 0; r < rounds; r++) {
    const copy = await runRawCopy(target.databaseUrl, target.adminId, lines, `DEVCOPY${r}${Date.now() % 100000}`, {});
    const bulk = await runBulkCreate(target, 1, lines, 1, `dev-${r}-${Date.now()}`, {});
    console.log(
      `copy ${copy.casesPerSecond}/s | bulk ${bulk.casesPerSecond}/s = ${round((100 * bulk.casesPerSecond) / copy.casesPerSecond, 0)}%; server CPU ${bulk.serverCpuMsPerCase} ms per case; load ${os.loadavg()[0]!.toFixed(1)}`,
    );
  }
} finally {
  await target.stop();
}
