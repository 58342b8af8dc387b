import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendLeaves, auditDatabase, checkTreeHead, encodeEvent, eventDocument, EVENT_COLUMNS_SQL, frontierRoot, hashLeaf, type SignedTreeHead } from '@docket/verify';
import { loadConfig } from '../../../src/config/config.ts';
import { findLatestTreeHead, ledgerOptionsFromConfig, loadOrCreateSigner, startAuditLedger, type AuditLedger } from '../../../src/modules/audit/index.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { databaseUrlOf, REPO_ROOT } from './ledger-support.ts';

// Item 18 of issue 12: tree heads are witnessed outside the data directory by default, a start
// without any witness says so, `docket audit head` prints the head an auditor records, and the
// signing key can live outside Docket behind DOCKET_AUDIT_SIGNER_COMMAND.
let t: TestApp;
let agent: string;
const scratch = mkdtempSync(path.join(tmpdir(), 'docket-witness-'));
const dataDir = path.join(scratch, 'data');
const stateHome = path.join(scratch, 'state');

beforeAll(async () => {
  t = await createTestApp();
  await createSeedCaseTypes(t, await t.login('admin'));
  await t.createUser('agent.w', ['agent']);
  agent = await t.login('agent.w');
});
afterAll(async () => {
  await t.close();
  rmSync(scratch, { recursive: true, force: true });
});

type LogLine = { level: number; msg: string; [k: string]: unknown };
function capturingLog() {
  const lines: LogLine[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  return { log, lines, warns: () => lines.filter((l) => l.level === 40), errors: () => lines.filter((l) => l.level === 50) };
}
const start = (env: Record<string, string>, log: pino.Logger): AuditLedger =>
  startAuditLedger(t.database.pool, ledgerOptionsFromConfig(loadConfig({ DOCKET_AUDIT_SEQUENCER: 'inline', DOCKET_DATA_DIR: dataDir, XDG_STATE_HOME: stateHome, ...env })), log);
const createCase = async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(agent), payload: complaint() });
  expect(res.statusCode).toBe(201);
};
/** Integrates what is committed and makes sure a head covers it; returns the latest stored head. */
// The transaction horizon is cluster-wide: on a shared test server others' transactions can hold it a while.
async function settle(ledger: AuditLedger): Promise<SignedTreeHead> {
  await ledger.sequencer!.integrateCommitted(60_000);
  await ledger.sequencer!.signNow();
  return (await findLatestTreeHead(t.database.pool))!;
}
const runDocketCli = (args: string[]) =>
  spawnSync(process.execPath, ['--conditions=@docket/source', '--import', 'tsx', path.join(REPO_ROOT, 'packages/server/src/cli/docket.ts'), ...args], {
    cwd: path.join(REPO_ROOT, 'packages/server'),
    encoding: 'utf8',
    timeout: 110_000,
    env: { PATH: process.env.PATH, HOME: scratch, DATABASE_URL: databaseUrlOf(t), DOCKET_DATA_DIR: dataDir },
  });

describe('docket audit head', () => {
  // The CLI is a fresh process that compiles the server with tsx: slow on a busy machine.
  it('says there is no head yet, printing nothing on stdout', { timeout: 120_000 }, () => {
    const res = runDocketCli(['audit', 'head']);
    expect(res.stderr).toContain('no signed tree head yet');
    expect(res.stdout).toBe('');
    expect(res.status).toBe(1);
  });
});

describe('the default witness', { timeout: 120_000 }, () => {
  let keyId: string;

  it('appends every head to a file under $XDG_STATE_HOME/docket, outside the data directory, and warns about nothing', async () => {
    const { log, lines, warns } = capturingLog();
    const ledger = start({}, log);
    keyId = ledger.keyId;
    await createCase();
    const head = await settle(ledger);
    await ledger.stop();
    const file = path.join(stateHome, 'docket', `tree-heads-${keyId.slice(0, 16)}.jsonl`);
    expect(path.relative(dataDir, file).startsWith('..')).toBe(true);
    const witnessed = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as SignedTreeHead);
    expect(witnessed.at(-1)).toEqual(head);
    const publicKey = (await t.sql<{ pem: string }>('SELECT public_key_pem AS pem FROM audit.signing_key WHERE key_id = $1', [keyId]))[0]!.pem;
    for (const w of witnessed) expect(checkTreeHead(w, publicKey)).toBeUndefined();
    expect(warns()).toEqual([]);
    expect(lines.find((l) => l.msg === 'audit tree heads are witnessed')?.witnesses).toEqual([`file ${file}`]);
  });

  it('prints the latest head with `docket audit head`: one witness-file line on stdout', { timeout: 120_000 }, async () => {
    const latest = (await findLatestTreeHead(t.database.pool))!;
    const res = runDocketCli(['audit', 'head']);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(res.stdout)).toEqual(latest);
    expect(res.stderr).toContain(`tree size ${latest.treeSize}`);
    // What it prints is what the file witness keeps.
    const file = path.join(stateHome, 'docket', `tree-heads-${keyId.slice(0, 16)}.jsonl`);
    expect(readFileSync(file, 'utf8').trim().split('\n').at(-1)).toBe(res.stdout.trim());
  });

  it('reports at start when the ledger no longer matches the last witnessed head', async () => {
    const file = path.join(stateHome, 'docket', `tree-heads-${keyId.slice(0, 16)}.jsonl`);
    const good = readFileSync(file, 'utf8');
    const last = JSON.parse(good.trim().split('\n').at(-1)!) as SignedTreeHead;
    // As after a rewrite of the tables: the witness remembers another root at that size.
    writeFileSync(file, `${good}${JSON.stringify({ ...last, rootHash: 'ab'.repeat(32) })}\n`);
    const { log, errors } = capturingLog();
    const ledger = start({}, log);
    await ledger.stop();
    await expect.poll(() => errors().map((e) => e.msg)).toEqual([expect.stringContaining('differs from the witnessed head')]);
    writeFileSync(file, good);
  });

  it('warns once at start when no witness is configured (DOCKET_AUDIT_WITNESS_FILE=off), and writes no file', async () => {
    const before = readdirSync(path.join(stateHome, 'docket'));
    const { log, warns } = capturingLog();
    const ledger = start({ DOCKET_AUDIT_WITNESS_FILE: 'off' }, log);
    await createCase();
    await settle(ledger);
    await ledger.stop();
    expect(warns().map((w) => w.msg)).toEqual([expect.stringContaining('no audit witness is configured')]);
    expect(readdirSync(path.join(stateHome, 'docket'))).toEqual(before);
  });
});

describe('DOCKET_AUDIT_SIGNER_COMMAND', { timeout: 120_000 }, () => {
  const keyDir = path.join(scratch, 'signer');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyFile = path.join(keyDir, 'key.pem');
  const publicKeyFile = path.join(keyDir, 'public.pem');
  const script = path.join(keyDir, 'sign.mjs');

  beforeAll(() => {
    rmSync(keyDir, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', keyDir]);
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    // A stand-in for an HSM or a signing host: message on stdin, base64 signature on stdout.
    writeFileSync(
      script,
      `import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
process.stdout.write(sign(null, Buffer.concat(chunks), createPrivateKey(readFileSync(process.argv[2], 'utf8'))).toString('base64'));`,
    );
  });

  it('signs tree heads outside Docket: no key in the data directory, heads verify with the published key', async () => {
    const signerDataDir = path.join(scratch, 'data-signer');
    const { log } = capturingLog();
    const ledger = startAuditLedger(
      t.database.pool,
      ledgerOptionsFromConfig(
        loadConfig({
          DOCKET_AUDIT_SEQUENCER: 'inline',
          DOCKET_DATA_DIR: signerDataDir,
          DOCKET_AUDIT_WITNESS_FILE: 'off',
          DOCKET_AUDIT_SIGNER_COMMAND: `"${process.execPath}" "${script}" "${keyFile}"`,
          DOCKET_AUDIT_SIGNER_PUBLIC_KEY: publicKeyFile,
        }),
      ),
      log,
    );
    try {
      await createCase();
      const head = await settle(ledger);
      expect(head.keyId).toBe(ledger.keyId);
      expect(checkTreeHead(head, publicKey.export({ type: 'spki', format: 'pem' }).toString())).toBeUndefined();
      expect(existsSync(path.join(signerDataDir, 'audit-signing-key.pem'))).toBe(false);
    } finally {
      await ledger.stop();
    }
  });

  it('refuses what a wrong signer returns: no head is stored', async () => {
    const { log } = capturingLog();
    const ledger = startAuditLedger(
      t.database.pool,
      ledgerOptionsFromConfig(
        loadConfig({
          DOCKET_AUDIT_SEQUENCER: 'inline',
          DOCKET_DATA_DIR: dataDir,
          DOCKET_AUDIT_WITNESS_FILE: 'off',
          DOCKET_AUDIT_SIGNER_COMMAND: "printf '%0128d' 0",
          DOCKET_AUDIT_SIGNER_PUBLIC_KEY: publicKeyFile,
        }),
      ),
      log,
    );
    try {
      await createCase();
      await ledger.sequencer!.integrateCommitted(60_000);
      const heads = await t.sql('SELECT tree_size FROM audit.tree_head');
      await expect(ledger.sequencer!.signNow()).rejects.toThrow('no valid Ed25519 signature');
      expect(await t.sql('SELECT tree_size FROM audit.tree_head')).toEqual(heads);
    } finally {
      await ledger.stop();
    }
  });
});

// Last: it tampers with the test's database.
describe('the rewrite of issue 12 item 18: tables rewritten and re-signed with the key in ./data', { timeout: 120_000 }, () => {
  it('passes every check inside the database, but not the default witness: at start and in docket-verify audit', async () => {
    const { log } = capturingLog();
    const ledger = start({}, log);
    await createCase();
    await settle(ledger);
    await ledger.stop();
    const witness = path.join(stateHome, 'docket', `tree-heads-${ledger.keyId.slice(0, 16)}.jsonl`);
    // The administrator: edits an event, recomputes every leaf and node, re-signs with the data directory's key.
    const key = loadOrCreateSigner(undefined, dataDir);
    expect(key.generated).toBe(false);
    const client = await t.database.pool.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query(`UPDATE audit.event SET reason = 'approved by the board' WHERE id = (SELECT min(id) FROM audit.event WHERE action = 'case.created')`);
      const rows = (
        await client.query({
          text: `SELECT l.leaf_index, encode(l.salt, 'hex'), ${EVENT_COLUMNS_SQL} FROM audit.leaf l JOIN audit.event e ON e.id = l.event_id ORDER BY l.leaf_index`,
          rowMode: 'array',
        })
      ).rows as (string | null)[][];
      const hashes = rows.map((r) => hashLeaf(encodeEvent(eventDocument(r.slice(2)), Buffer.from(r[1]!, 'hex'))));
      const grown = appendLeaves({ size: 0, nodes: [] }, hashes);
      const head = key.sign({ treeSize: hashes.length, rootHash: Buffer.from(frontierRoot(grown.frontier)).toString('hex'), timestamp: Date.now() });
      await client.query('DELETE FROM audit.tree_node; DELETE FROM audit.tree_head');
      for (const [i, hash] of hashes.entries()) await client.query('UPDATE audit.leaf SET leaf_hash = $2 WHERE leaf_index = $1', [i, Buffer.from(hash)]);
      for (const node of grown.created) await client.query('INSERT INTO audit.tree_node (level, idx, hash) VALUES ($1, $2, $3)', [node.level, node.index, Buffer.from(node.hash)]);
      await client.query('INSERT INTO audit.tree_head (tree_size, root_hash, timestamp_ms, key_id, signature) VALUES ($1, $2, $3, $4, $5)', [
        head.treeSize,
        Buffer.from(head.rootHash, 'hex'),
        head.timestamp,
        head.keyId,
        Buffer.from(head.signature, 'base64'),
      ]);
    } finally {
      await client.query('SET session_replication_role = origin');
      client.release();
    }
    const failures = (v: { findings: { ok: boolean; message: string }[] }) => v.findings.filter((f) => !f.ok).map((f) => f.message);
    // The defect: with the published key and without a witness, the forgery verifies.
    const blind = await auditDatabase({ databaseUrl: databaseUrlOf(t), trustedPublicKey: key.publicKeyPem });
    expect(failures(blind)).toEqual([]);
    // The default witness file catches it…
    const witnessed = await auditDatabase({ databaseUrl: databaseUrlOf(t), trustedPublicKey: key.publicKeyPem, witnessFiles: [witness] });
    expect(failures(witnessed).join('\n')).toContain('the history was rewritten');
    // …and so does the next start, in the log.
    const restart = capturingLog();
    const again = start({}, restart.log);
    await again.stop();
    await expect.poll(() => restart.errors().map((e) => e.msg)).toEqual([expect.stringContaining('rewritten after it was witnessed')]);
  });
});
