import { describe, expect, it } from 'vitest';
import { createWorkerRegistry } from './registry.ts';
import type { Worker } from './worker.ts';

function recordingWorker(name: string, events: string[], options: { failStart?: boolean; ok?: boolean } = {}): Worker {
  return {
    name,
    async start() {
      events.push(`start ${name}`);
      if (options.failStart) throw new Error(`${name} cannot start`);
    },
    async stop() {
      events.push(`stop ${name}`);
    },
    health: () => ({ ok: options.ok ?? true }),
    async runDue(now) {
      events.push(`runDue ${name} ${now.toISOString()}`);
    },
  };
}

describe('worker registry', () => {
  it('starts workers in registration order and stops them in reverse', async () => {
    // given
    const events: string[] = [];
    const registry = createWorkerRegistry();
    for (const name of ['audit-sequencer', 'outbox-dispatcher', 'job-runner']) registry.register(recordingWorker(name, events));
    // when
    await registry.startAll();
    await registry.stopAll();
    // then
    expect(events).toEqual(['start audit-sequencer', 'start outbox-dispatcher', 'start job-runner', 'stop job-runner', 'stop outbox-dispatcher', 'stop audit-sequencer']);
  });

  it('stops the workers already started, in reverse, when one fails to start, and rethrows', async () => {
    // given
    const events: string[] = [];
    const registry = createWorkerRegistry();
    registry.register(recordingWorker('first', events));
    registry.register(recordingWorker('second', events));
    registry.register(recordingWorker('broken', events, { failStart: true }));
    registry.register(recordingWorker('never', events));
    // when
    await expect(registry.startAll()).rejects.toThrow('broken cannot start');
    // then
    expect(events).toEqual(['start first', 'start second', 'start broken', 'stop second', 'stop first']);
    expect(registry.health().every((w) => !w.ok)).toBe(true);
  });

  it('stops each worker once, in reverse, when asked twice at once; both answers wait for the last stop', async () => {
    // given two started workers whose stops take a while, the first one's failing
    const events: string[] = [];
    const slow = (name: string, fails = false): Worker => ({
      name,
      start: async () => undefined,
      async stop() {
        events.push(`stopping ${name}`);
        await new Promise((r) => setTimeout(r, 20));
        events.push(`stopped ${name}`);
        if (fails) throw new Error(`${name} could not stop`);
      },
      health: () => ({ ok: true }),
    });
    const registry = createWorkerRegistry();
    registry.register(slow('first', true));
    registry.register(slow('second'));
    await registry.startAll();
    // when
    await Promise.all([registry.stopAll().then(() => events.push('first answer')), registry.stopAll().then(() => events.push('second answer'))]);
    // then
    expect(events).toEqual(['stopping second', 'stopped second', 'stopping first', 'stopped first', 'first answer', 'second answer']);
    expect(registry.health().every((w) => !w.ok)).toBe(true);
  });

  it('refuses two workers of the same name', () => {
    const registry = createWorkerRegistry();
    registry.register(recordingWorker('job-runner', []));
    expect(() => registry.register(recordingWorker('job-runner', []))).toThrow(/already registered/);
  });

  it('reports each worker by name, a worker not running as not ok', async () => {
    // given
    const registry = createWorkerRegistry();
    registry.register(recordingWorker('fine', []));
    registry.register(recordingWorker('sick', [], { ok: false }));
    // then
    expect(registry.health()).toEqual([
      { name: 'fine', ok: false, detail: 'not running' },
      { name: 'sick', ok: false, detail: 'not running' },
    ]);
    await registry.startAll();
    expect(registry.health()).toEqual([
      { name: 'fine', ok: true },
      { name: 'sick', ok: false },
    ]);
  });

  it('runs what is due in every worker with timers, in start order', async () => {
    const events: string[] = [];
    const registry = createWorkerRegistry();
    registry.register(recordingWorker('a', events));
    registry.register({ name: 'no-timers', start: async () => undefined, stop: async () => undefined, health: () => ({ ok: true }) });
    registry.register(recordingWorker('b', events));
    await registry.runDue(new Date('2026-05-01T00:00:00Z'));
    expect(events).toEqual(['runDue a 2026-05-01T00:00:00.000Z', 'runDue b 2026-05-01T00:00:00.000Z']);
  });
});
