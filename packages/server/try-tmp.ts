import { readFileSync, readdirSync } from 'node:fs';
import { compileBpmn, decodeXmlBytes } from './src/modules/process/model/index.ts';
const dir = process.argv[2];
for (const f of readdirSync(dir).sort()) {
  const r = await compileBpmn(decodeXmlBytes(readFileSync(`${dir}/${f}`)));
  console.log(`== ${f} processes=${r.processes.map(p=>p.key)} problems=${r.problems.length} warnings=${r.warnings.length}`);
  for (const p of r.problems) console.log('  P', p.elementId, p.code, p.message.slice(0, 200));
  for (const p of r.warnings) console.log('  W', p.elementId, p.code, p.message.slice(0, 200));
}
