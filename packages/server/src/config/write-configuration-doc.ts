import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIGURATION_DOC_PATH, renderConfigurationDoc } from './configuration-doc.ts';

// `npm run docs:config`: rewrites docs/operators/configuration.md from the schema.
const file = path.resolve(import.meta.dirname, '../../../..', CONFIGURATION_DOC_PATH);
writeFileSync(file, renderConfigurationDoc());
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
