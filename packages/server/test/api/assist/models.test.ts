import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainClassifier } from '../../../src/modules/assist/model/index.ts';
import { type AssistCliIo, classifierFor, installModel, listModels, runAssistCommand } from '../../../src/modules/assist/models/index.ts';
import { resetProcessCaches } from '../../../src/platform/process-caches.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

// Issue 22, part C: which model answers for a label (an installed one, audited, else the shipped
// one), and `docket assist train|eval` through the function the command line runs.

let t: TestApp;
let dir: string;

const FEES = ['年费被扣了', '转账手续费太高', 'annual fee charged again', 'the transfer fee is too high', '短信通知费乱收', 'SMS alert fee every month'];
const SERVICE = ['柜员态度很差', '客服挂我电话', 'the teller was rude', 'the hotline agent hung up on me', '大堂经理不耐烦', 'staff ignored me at the branch'];
const feesAndService = () => [...FEES.map((text) => ({ text, label: 'fees' })), ...SERVICE.map((text) => ({ text, label: 'service' }))];

function captured(): AssistCliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    withDatabase: <T>(fn: (db: TestApp['database']['db']) => Promise<T>) => fn(t.database.db),
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
  };
  return io;
}

beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(path.join(os.tmpdir(), 'docket-assist-cli-'));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

describe('installed models', () => {
  it('an installed model answers for its label, replaces the previous one, and is audited without text', async () => {
    const first = trainClassifier('complaintKind', feesAndService(), { seed: 1 });
    const installed = await installModel(t.database.db, { classifier: first, metrics: { rows: 12, trainedSeconds: 0.1, source: 'file' }, installedBy: { actorId: null, name: 'operator-cli', channel: 'cli' } });
    expect(installed).toMatchObject({ label: 'complaintKind', version: first.version, active: true, installedBy: 'operator-cli' });
    expect((await classifierFor(t.database.db, 'complaintKind'))?.version).toBe(first.version);

    // A second model for the label: the first stays, inactive.
    const second = trainClassifier('complaintKind', [...feesAndService(), { text: '理财亏了', label: 'wealth' }, { text: 'lost money on a wealth product', label: 'wealth' }], { seed: 1 });
    await installModel(t.database.db, { classifier: second, metrics: { rows: 14, accuracy: 1, trainedSeconds: 0.1, source: 'file' }, installedBy: { actorId: null, name: 'operator-cli', channel: 'cli' } });
    const models = (await listModels(t.database.db)).filter((m) => m.label === 'complaintKind');
    expect(models.map((m) => [m.version, m.active])).toEqual([
      [second.version, true],
      [first.version, false],
    ]);

    // Another process (here: this one with its caches emptied) reads the artifact from the database.
    resetProcessCaches();
    const read = await classifierFor(t.database.db, 'complaintKind');
    expect(read?.version).toBe(second.version);
    expect(read?.predict('我的理财产品亏损了').label).toBe('wealth');

    const audit = await t.sql<{ actor_id: string | null; actor_name: string; channel: string; data: Record<string, unknown> }>(
      `SELECT actor_id, actor_name, channel, data FROM audit.event WHERE action = 'assist.model-installed' ORDER BY id`,
    );
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ actor_id: null, actor_name: 'operator-cli', channel: 'cli', data: { label: 'complaintKind', version: second.version, rows: 14, accuracy: 1 } });
    expect(JSON.stringify(audit)).not.toContain('理财');
  });

  it('without an installed model the shipped one answers; a label nobody teaches has none', async () => {
    const shipped = await classifierFor(t.database.db, 'topic');
    expect(shipped?.classes).toEqual(['accounts', 'loans', 'wealth']);
    expect(await classifierFor(t.database.db, 'bankOwnLabel')).toBeUndefined();
  });
});

describe('docket assist train|eval', () => {
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  const jsonl = (rows: { text: string; label: string }[], label: string) => rows.map((r) => JSON.stringify({ text: r.text, labels: { [label]: r.label } })).join('\n');

  it('trains to a model file with no database, evaluates it, ending with N passed, M failed', async () => {
    const data = write('train.jsonl', jsonl(feesAndService(), 'category'));
    const model = path.join(dir, 'category.model');
    const io = captured();
    io.withDatabase = () => Promise.reject(new Error('train --out must not open a database'));
    expect(await runAssistCommand(['train', '--data', data, '--label', 'category', '--out', model], io)).toBe(0);
    expect(io.stdout).toContain('model written to');

    const evalIo = captured();
    const test = write('test.jsonl', jsonl([...FEES.map((text) => ({ text, label: 'fees' })), { text: 'the teller was rude', label: 'service' }], 'category'));
    expect(await runAssistCommand(['eval', '--data', test, '--label', 'category', '--model', model], evalIo)).toBe(0);
    expect(evalIo.stdout).toMatch(/accuracy: [\d.]+ %/);
    expect(evalIo.stdout).toMatch(/macro-F1: [\d.]+ %/);
    expect(evalIo.stdout).toContain('confusion');
    expect(evalIo.stdout.trim()).toMatch(/\n\d+ passed, \d+ failed$/);
  });

  it('installs the trained model for its label without --out', async () => {
    const data = write('bank.jsonl', jsonl(feesAndService(), 'bankCategory'));
    const io = captured();
    expect(await runAssistCommand(['train', '--data', data, '--label', 'bankCategory'], io)).toBe(0);
    const model = await classifierFor(t.database.db, 'bankCategory');
    expect(model?.classes).toEqual(['fees', 'service']);
    expect(io.stdout).toContain(`installed ${model?.version}`);
  });

  it('refuses bad arguments with the usage (64), a missing file (66), a bad line with its number (65)', async () => {
    const usage = captured();
    expect(await runAssistCommand(['train', '--label', 'category'], usage)).toBe(64);
    expect(usage.stderr).toContain('Usage: docket assist');
    expect(await runAssistCommand(['eval', '--data', 'x.jsonl', '--label', 'bad label'], captured())).toBe(64);
    expect(await runAssistCommand(['frobnicate'], captured())).toBe(64);

    const missing = captured();
    expect(await runAssistCommand(['eval', '--data', path.join(dir, 'nope.jsonl'), '--label', 'category'], missing)).toBe(66);
    expect(missing.stderr).toContain('no such file');

    const bad = captured();
    const file = write('bad.jsonl', `${JSON.stringify({ text: '年费被扣了 13812345678', labels: { category: 'fees' } })}\n\n{"text": "13812345678 oops", "labels": }\n`);
    expect(await runAssistCommand(['train', '--data', file, '--label', 'category', '--out', path.join(dir, 'x.model')], bad)).toBe(65);
    expect(bad.stderr).toContain('bad.jsonl:3: not valid JSON');
    expect(bad.stderr).not.toContain('13812345678');
  });
});
