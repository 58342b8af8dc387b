import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVER_PACKAGE_DIR } from '../../../platform/package-dir.ts';
import type { LabelledRow } from '../model/types.ts';

/** The shipped labelled set, found the same way from src/ and from the built dist/. */
export const ASSIST_DATA_DIR = path.join(SERVER_PACKAGE_DIR, 'assist-data');
export const SHIPPED_TRAIN_FILE = path.join(ASSIST_DATA_DIR, 'train.jsonl');
export const SHIPPED_TEST_FILE = path.join(ASSIST_DATA_DIR, 'test.jsonl');

/** A labelled file that cannot be read: says which file and which line, never the line's words. */
export class LabelledFileError extends Error {
  constructor(
    message: string,
    readonly kind: 'missing' | 'invalid',
  ) {
    super(message);
  }
}

/** Reads a JSONL file of `{"text", "labels": {…}, "entities"?: […]}`; blank lines are skipped. */
export function readLabelledFile(file: string): LabelledRow[] {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LabelledFileError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read (${code ?? (error as Error).message})`, 'missing');
  }
  return parseLabelledLines(content, file);
}

export function parseLabelledLines(content: string, file: string): LabelledRow[] {
  const rows: LabelledRow[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      // The parser's message names a position, not the line's content (which may be a customer's words).
      throw new LabelledFileError(`${where}: not valid JSON (${(error as Error).message.replace(/ in JSON at position.*|, ".*$/s, '')})`, 'invalid');
    }
    const row = value as Partial<LabelledRow> | null;
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw new LabelledFileError(`${where}: expected an object {"text", "labels"}`, 'invalid');
    if (typeof row.text !== 'string') throw new LabelledFileError(`${where}: "text" must be a string`, 'invalid');
    const labels = row.labels ?? {};
    if (typeof labels !== 'object' || Array.isArray(labels) || Object.values(labels).some((v) => typeof v !== 'string')) {
      throw new LabelledFileError(`${where}: "labels" must be an object of strings`, 'invalid');
    }
    if (row.entities !== undefined && !Array.isArray(row.entities)) throw new LabelledFileError(`${where}: "entities" must be an array`, 'invalid');
    rows.push({ text: row.text, labels, ...(row.entities ? { entities: row.entities } : {}) });
  }
  return rows;
}

/** The rows that carry `label`, as the trainer and the evaluation take them. */
export function rowsFor(rows: readonly LabelledRow[], label: string): { text: string; label: string }[] {
  const out: { text: string; label: string }[] = [];
  for (const row of rows) {
    const value = row.labels[label];
    if (typeof value === 'string' && value !== '') out.push({ text: row.text, label: value });
  }
  return out;
}
