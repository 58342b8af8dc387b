import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTreeHead, leafInputOfDisclosed, discloseEvent, encodeEvent } from '@docket/verify';
import { natsWitness, webhookWitness } from '../../../src/modules/audit/index.ts';
import { newSigner } from './ledger-support.ts';

const signer = newSigner();
const head = signer.sign({ treeSize: 42, rootHash: 'ab'.repeat(32), timestamp: 1_795_000_000_000 });

describe('witnesses', () => {
  const received: unknown[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(body) });
      res.writeHead(204).end();
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('POSTs each tree head as JSON to the webhook', async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await webhookWitness(`http://127.0.0.1:${port}/heads`).publish(head);
    expect(received).toEqual([{ method: 'POST', type: 'application/json', body: head }]);
    expect(checkTreeHead(received.map((r) => (r as { body: typeof head }).body)[0]!, signer.publicKeyPem)).toBeUndefined();
  });

  it('publishes each tree head on the NATS subject', async (ctx) => {
    const url = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
    const { connect } = await import('nats');
    let nc: Awaited<ReturnType<typeof connect>>;
    try {
      nc = await connect({ servers: url, timeout: 1_000 });
    } catch {
      ctx.skip();
      return;
    }
    const subject = `docket.test.tree-heads.${Math.random().toString(36).slice(2)}`;
    const sub = nc.subscribe(subject, { max: 1 });
    const witness = natsWitness(url, subject);
    await witness.publish(head);
    for await (const message of sub) expect(JSON.parse(new TextDecoder().decode(message.data))).toEqual(head);
    await witness.close?.();
    await nc.drain();
  });
});

describe('event commitments', () => {
  const event = { id: 7, action: 'case.updated', caseId: 'c', changes: [{ field: 'fields.phone', before: '13812345678', after: '13900000000' }], data: { n: 1.5, ok: true, none: null } };
  const salt = Buffer.alloc(32, 9);

  it('gives the same leaf whether a value is revealed or withheld', () => {
    const full = discloseEvent(event, salt, () => false);
    const masked = discloseEvent(event, salt, (p) => p.startsWith('/changes/0/before') || p.startsWith('/changes/0/after'));
    expect(leafInputOfDisclosed(full.event, full.disclosure)).toEqual(encodeEvent(event, salt));
    expect(leafInputOfDisclosed(masked.event, masked.disclosure)).toEqual(encodeEvent(event, salt));
    expect(JSON.stringify(masked)).not.toContain('13812345678');
  });

  it('changes the leaf when any value, key or salt changes', () => {
    const leaf = encodeEvent(event, salt);
    expect(encodeEvent({ ...event, action: 'case.updatee' }, salt)).not.toEqual(leaf);
    expect(encodeEvent({ ...event, data: { n: 1.5, ok: true, nonf: null } }, salt)).not.toEqual(leaf);
    expect(encodeEvent(event, Buffer.alloc(32, 8))).not.toEqual(leaf);
    expect(encodeEvent({ ...event, data: { n: '1.5', ok: true, none: null } }, salt)).not.toEqual(leaf);
  });
});
