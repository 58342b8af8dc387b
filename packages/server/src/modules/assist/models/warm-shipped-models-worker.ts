import { parentPort } from 'node:worker_threads';
import { trainShippedModels } from './registry.ts';

// The worker thread of warm-shipped-models.ts: trains every shipped model into the cache directory.
parentPort!.postMessage(trainShippedModels());
