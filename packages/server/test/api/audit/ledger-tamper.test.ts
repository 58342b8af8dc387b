import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendLeaves, auditDatabase, encodeEvent, eventDocument, EVENT_COLUMNS_SQL, frontierRoot, hashLeaf } from '@docket/verify';
import { fileWitness, signerFromPrivateKey, type Sequencer } from '../../../src/modules/audit/index.ts';
import { bearer, createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { allowHorizonWaits, databaseUrlOf, manualSequencer, newSigner, runVerifyCli, settleLedger } from './ledger-support.ts';

// Waits for the cluster's transaction horizon: see ledger-support.ts.
allowHorizonWaits();

// Each scenario: a fresh database with a signed, witnessed ledger; then an attacker with
// superuser rights changes the tables; then `docket-verify audit` must notice.

let t: TestApp | undefined;
let sequencer: Sequencer | undefined;
afterEach(async () => {
  await sequencer?.stop();
  await t?.close();
  t = undefined;
  sequencer = undefined;
});

const dir = mkdtempSync(path.join(tmpdir(), 'docket-tamper-'));

async function ledgerWithCases(cases = 4) {
  t = await createTestApp();
  const admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  const witness = path.join(dir, `witness-${Math.random().toString(36).slice(2)}.jsonl`);
  const signer = newSigner();
  sequencer = manualSequencer(t, { signer, witnesses: [fileWitness(witness)] });
  for (let i = 0; i < cases; i++) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(admin), payload: complaint({ title: `case ${i}` }) });
    expect(res.statusCode).toBe(201);
    if (i % 2 === 1) await settleLedger(sequencer); // several signed heads, each witnessed
  }
  await settleLedger(sequencer);
  await sequencer.stop();
  sequencer = undefined;
  await new Promise((r) => setTimeout(r, 50)); // the file witness appends asynchronously
  const keyFile = path.join(dir, `key-${signer.keyId.slice(0, 8)}.pem`);
  writeFileSync(keyFile, signer.publicKeyPem);
  return { t, witness, keyFile, signer, url: databaseUrlOf(t) };
}

/** Runs statements on one connection with triggers off, as a superuser can. */
async function asSuperuser(t: TestApp, statements: string[], values: unknown[][] = []) {
  const client = await t.database.pool.connect();
  try {
    await client.query('SET session_replication_role = replica');
    for (const [i, statement] of statements.entries()) await client.query(statement, values[i]);
  } finally {
    await client.query('SET session_replication_role = origin');
    client.release();
  }
}

const failures = (verdict: { findings: { ok: boolean; message: string }[] }) => verdict.findings.filter((f) => !f.ok).map((f) => f.message);

describe('docket-verify audit', () => {
  it('passes an untouched ledger, through the CLI, against the published key and the witness', async () => {
    const { witness, keyFile, url } = await ledgerWithCases();
    const cli = runVerifyCli(['audit', '--database', url, '--public-key', keyFile, '--witness', witness]);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain('VERIFIED: the database ledger is complete and unaltered');
    expect(cli.status).toBe(0);
  });

  it('catches a payload edited in SQL after the trigger was dropped', async () => {
    const { t, witness, keyFile, url } = await ledgerWithCases();
    const [{ id }] = (await t.sql<{ id: number }>("SELECT id FROM audit.event WHERE action = 'case.created' ORDER BY id LIMIT 1")) as [{ id: number }];
    await t.sql('DROP TRIGGER event_append_only ON audit.event');
    await t.sql(`UPDATE audit.event SET changes = jsonb_set(changes, '{0,after}', '"a quietly changed title"') WHERE id = $1`, [id]);
    const cli = runVerifyCli(['audit', '--database', url, '--public-key', keyFile, '--witness', witness]);
    expect(cli.stdout).toContain(`event ${id} (leaf`);
    expect(cli.stdout).toContain('the event was altered');
    expect(cli.stdout).toContain('NOT VERIFIED');
    expect(cli.status).toBe(1);
  });

  it('catches a deleted event', async () => {
    const { t, witness, keyFile, url } = await ledgerWithCases();
    const [{ id }] = (await t.sql<{ id: number }>("SELECT id FROM audit.event WHERE action = 'case.created' ORDER BY id DESC LIMIT 1")) as [{ id: number }];
    await asSuperuser(t, ['DELETE FROM audit.event WHERE id = $1'], [[id]]);
    const verdict = await auditDatabase({ databaseUrl: url, trustedPublicKey: await readKey(keyFile), witnessFiles: [witness] });
    expect(verdict.ok).toBe(false);
    expect(failures(verdict)).toContainEqual(expect.stringContaining(`event ${id} (leaf`));
    expect(failures(verdict).join('\n')).toContain('it was deleted');
  });

  it('catches two events whose contents were swapped', async () => {
    const { t, witness, keyFile, url } = await ledgerWithCases();
    const [a, b] = await t.sql<{ id: number }>("SELECT id FROM audit.event WHERE action = 'case.created' ORDER BY id LIMIT 2");
    await asSuperuser(
      t,
      [
        `UPDATE audit.event x SET case_id = y.case_id, target_id = y.target_id, changes = y.changes, data = y.data
         FROM (SELECT id, case_id, target_id, changes, data FROM audit.event WHERE id IN ($1, $2)) y
        WHERE x.id IN ($1, $2) AND y.id <> x.id`,
      ],
      [[a!.id, b!.id]],
    );
    const verdict = await auditDatabase({ databaseUrl: url, trustedPublicKey: await readKey(keyFile), witnessFiles: [witness] });
    expect(verdict.ok).toBe(false);
    expect(failures(verdict)).toEqual(expect.arrayContaining([expect.stringContaining(`event ${a!.id} `), expect.stringContaining(`event ${b!.id} `)]));
  });

  it('catches a truncated tail, even when the stored tree heads were removed with it', async () => {
    const { t, witness, keyFile, url } = await ledgerWithCases();
    const [{ n }] = (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM audit.leaf')) as [{ n: number }];
    const keep = n - 3;
    await asSuperuser(
      t,
      [
        'DELETE FROM audit.event WHERE id IN (SELECT event_id FROM audit.leaf WHERE leaf_index >= $1)',
        'DELETE FROM audit.leaf WHERE leaf_index >= $1',
        'DELETE FROM audit.tree_head WHERE tree_size > $1',
        'DELETE FROM audit.tree_node WHERE (idx + 1) * (1::bigint << level) > $1',
      ],
      [[keep], [keep], [keep], [keep]],
    );
    // Without the witness the database is self-consistent: that is why witnesses exist.
    const blind = await auditDatabase({ databaseUrl: url, trustedPublicKey: await readKey(keyFile) });
    expect(failures(blind)).toEqual([]);
    const verdict = await auditDatabase({ databaseUrl: url, trustedPublicKey: await readKey(keyFile), witnessFiles: [witness] });
    expect(verdict.ok).toBe(false);
    expect(failures(verdict).join('\n')).toContain(`covers ${n} events but the database tree has only ${keep}: the log was truncated`);
  });

  it('catches a consistent recomputation of the whole tree with re-signed heads through the witnessed heads', async () => {
    const { t, witness, keyFile, url } = await ledgerWithCases();
    const client = await t.database.pool.connect();
    try {
      await client.query('SET session_replication_role = replica');
      // The attacker rewrites one event, then recomputes every leaf, node and head with a key of their own.
      await client.query(`UPDATE audit.event SET reason = 'approved by the board' WHERE id = (SELECT min(id) FROM audit.event WHERE action = 'case.created')`);
      const rows = (
        await client.query({
          text: `SELECT l.leaf_index, encode(l.salt, 'hex'), ${EVENT_COLUMNS_SQL} FROM audit.leaf l JOIN audit.event e ON e.id = l.event_id ORDER BY l.leaf_index`,
          rowMode: 'array',
        })
      ).rows as (string | null)[][];
      const hashes = rows.map((r) => hashLeaf(encodeEvent(eventDocument(r.slice(2)), Buffer.from(r[1]!, 'hex'))));
      const grown = appendLeaves({ size: 0, nodes: [] }, hashes);
      const forger = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey, 'attacker');
      const head = forger.sign({ treeSize: hashes.length, rootHash: Buffer.from(frontierRoot(grown.frontier)).toString('hex'), timestamp: Date.now() });
      await client.query('DELETE FROM audit.tree_node; DELETE FROM audit.tree_head; DELETE FROM audit.signing_key');
      for (const [i, hash] of hashes.entries()) await client.query('UPDATE audit.leaf SET leaf_hash = $2 WHERE leaf_index = $1', [i, Buffer.from(hash)]);
      for (const node of grown.created) await client.query('INSERT INTO audit.tree_node (level, idx, hash) VALUES ($1, $2, $3)', [node.level, node.index, Buffer.from(node.hash)]);
      await client.query('INSERT INTO audit.signing_key (key_id, public_key_pem) VALUES ($1, $2)', [forger.keyId, forger.publicKeyPem]);
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
    // Trusting only what the database holds, the forgery is self-consistent…
    const blind = await auditDatabase({ databaseUrl: url });
    expect(failures(blind)).toEqual([]);
    // …but the witness kept the genuine heads, and the published key never signed the forged one.
    const cli = runVerifyCli(['audit', '--database', url, '--public-key', keyFile, '--witness', witness]);
    expect(cli.stdout).toContain('the history was rewritten');
    expect(cli.stdout).toContain('signed by unknown key');
    expect(cli.status).toBe(1);
    const withWitnessOnly = await auditDatabase({ databaseUrl: url, witnessFiles: [witness] });
    expect(failures(withWitnessOnly).join('\n')).toMatch(/the history was rewritten|signed by unknown key/);
  });
});

async function readKey(file: string) {
  const { readFile } = await import('node:fs/promises');
  return readFile(file, 'utf8');
}
