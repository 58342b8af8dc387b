/**
 * CPU cost of one straight-through instance (start → business rule → service publishing an event →
 * end) in the interpreter over the memory store, without PostgreSQL: what the engine itself adds to
 * each `POST /process-instances`. Run: `npx tsx packages/server/src/modules/process/engine/measure-straight-through.ts [runs]`.
 */
import type { EngineServices } from './contract.ts';
import { MemoryProcessStore } from './memory-store.ts';
import { ProcessEngine } from './process-engine.ts';
import { processGraph } from './test-graph.ts';

const runs = Number(process.argv[2] ?? 100_000);
const withPayload = process.argv.includes('--payload');
const store = new MemoryProcessStore();
store.keepHistory = false;
let counter = 0;
const fixedNow = new Date('2026-12-01T09:00:00Z');
const decision = { resultList: [{ rating: 'low' }], result: 'low' };
const services: EngineServices = {
  now: () => fixedNow,
  newId: () => `id-${++counter}`,
  evaluateDecision: async () => decision,
};
const definition = processGraph('straight')
  .add('s', 'startEvent')
  .add('rate', 'businessRuleTask', { businessRule: { decisionRef: { static: 'risk' }, resultVariable: 'rating', mapDecisionResult: 'singleEntry' } })
  .add('notify', 'serviceTask', { connector: { type: 'publish-event', publishEvent: { eventType: 'credit.rated', payload: withPayload ? '{rating: rating}' : null } } })
  .add('e', 'endEvent')
  .chain('s', 'rate', 'notify', 'e')
  .deploy();
store.deploy(definition);
const engine = new ProcessEngine(store, services);

async function batch(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { instance } = await engine.startInstance({ definition, variables: { amount: i } });
    if (instance.state !== 'completed') throw new Error(`instance ended ${instance.state}`);
    store.instances.delete(instance.id);
  }
}

await batch(Math.min(10_000, runs));
const cpuBefore = process.cpuUsage();
const wallBefore = process.hrtime.bigint();
await batch(runs);
const cpu = process.cpuUsage(cpuBefore);
const wallNs = Number(process.hrtime.bigint() - wallBefore);
const cpuUs = (cpu.user + cpu.system) / runs;
console.log(
  `${runs} straight-through instances${withPayload ? ' (FEEL payload)' : ''}: ${cpuUs.toFixed(2)} µs CPU and ${(wallNs / 1000 / runs).toFixed(2)} µs wall per instance (${Math.round(runs / (wallNs / 1e9))}/s on one core)`,
);
