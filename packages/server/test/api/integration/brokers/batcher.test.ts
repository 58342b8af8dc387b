import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../../../src/modules/integration/consumers/batcher.ts';
import { inLockOrder } from '../../../../src/modules/integration/consumers/lock-order.ts';
import { waitFor } from './helpers.ts';

// The consumers' batching: full batches at once, a partial one after the wait, no more batches
// written at once than allowed, back-pressure on the pull, and what is left handed back on close.

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('the consumers’ batcher', () => {
  it('hands on full batches at once and a partial one after the wait, never more at once than allowed', async () => {
    const batches: number[][] = [];
    const release = gate();
    let writing = 0;
    let mostAtOnce = 0;
    const batcher = createBatcher<number>({
      size: 3,
      waitMs: 30,
      concurrency: 2,
      handle: async (batch) => {
        writing++;
        mostAtOnce = Math.max(mostAtOnce, writing);
        batches.push(batch);
        await release.opened;
        writing--;
      },
      onError: () => undefined,
    });
    for (let i = 1; i <= 10; i++) batcher.push(i);
    // two full batches are being written; the rest waits for a writer
    await waitFor(
      () => batches.length === 2,
      () => JSON.stringify(batches),
      5_000,
    );
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(batcher.size()).toBe(10);
    expect(batcher.held()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    let belowFour = false;
    void batcher.whenBelow(4).then(() => (belowFour = true));
    release.open();
    await waitFor(
      () => batches.flat().length === 10,
      () => JSON.stringify(batches),
      5_000,
    );
    expect(batches.slice(2)).toEqual([[7, 8, 9], [10]]);
    expect(mostAtOnce).toBe(2);
    await waitFor(
      () => belowFour,
      () => 'whenBelow(4) not resolved',
      5_000,
    );
    expect(await batcher.close()).toEqual([]);
  });

  it('on close, finishes the batch in hand, hands back the waiting messages and refuses new ones', async () => {
    const release = gate();
    const handled: number[][] = [];
    const batcher = createBatcher<number>({
      size: 2,
      waitMs: 10_000,
      handle: async (batch) => {
        handled.push(batch);
        await release.opened;
      },
      onError: () => undefined,
    });
    for (let i = 1; i <= 5; i++) batcher.push(i);
    await waitFor(
      () => handled.length === 1,
      () => 'no batch',
      5_000,
    );
    const closing = batcher.close();
    expect(batcher.push(6)).toBe(false);
    release.open();
    expect(await closing).toEqual([3, 4, 5]);
    expect(handled).toEqual([[1, 2]]);
  });
});

describe('inLockOrder', () => {
  it('gives the ingestion the batch ordered by body digest and the results back in the broker’s order', async () => {
    const seen: string[] = [];
    const ingest = inLockOrder(async (_key, messages) => {
      seen.push(...messages.map((m) => m.ref));
      return messages.map((m) => ({ ref: m.ref, status: 'created' as const }));
    });
    const messages = ['a', 'b', 'c', 'd', 'e'].map((x, i) => ({ ref: `s:${i}`, body: Buffer.from(`{"id":"${x}"}`) }));
    const results = await ingest('k', messages);
    expect(results.map((r) => r.ref)).toEqual(['s:0', 's:1', 's:2', 's:3', 's:4']);
    // Same bodies in another batch, in another order: the same order reaches the ingestion.
    const again: string[] = [];
    await inLockOrder(async (_key, ms) => {
      again.push(...ms.map((m) => m.body.toString()));
      return ms.map((m) => ({ ref: m.ref, status: 'duplicate' as const }));
    })('k', [...messages].reverse());
    expect(again).toEqual(seen.map((ref) => messages.find((m) => m.ref === ref)!.body.toString()));
  });

  it('gives each copy of a message that is in the batch twice (a redelivery met its first) its own result', async () => {
    const ingest = inLockOrder(async (_key, ms) => ms.map((m, i) => ({ ref: m.ref, status: i === 0 ? ('created' as const) : ('duplicate' as const) })));
    const body = Buffer.from('{"id":"same"}');
    const results = await ingest('k', [
      { ref: 's:7', body },
      { ref: 's:7', body },
    ]);
    expect(results.map((r) => r.status)).toEqual(['created', 'duplicate']);
  });
});
