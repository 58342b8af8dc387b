import { appendFile } from 'node:fs/promises';
import type { SignedTreeHead } from '@docket/verify';

/** Somewhere outside the database that keeps every tree head it is sent. */
export interface Witness {
  name: string;
  publish(head: SignedTreeHead): Promise<void>;
  close?(): Promise<void>;
}

/**
 * One JSON tree head per line, appended: `docket-verify audit --witness <file>` reads it back.
 * Appends run one after another, in the order the heads were signed: two heads signed close
 * together (the periodic one and a forced one) were appended concurrently, and the file could end
 * with the older (a fresh-clone run on f59290a found its last line behind the database's head).
 */
export function fileWitness(file: string): Witness {
  let previous: Promise<unknown> = Promise.resolve();
  return {
    name: `file ${file}`,
    publish: (head) => {
      const line = `${JSON.stringify(head)}\n`;
      const appended = previous.then(() => appendFile(file, line, { mode: 0o644 }));
      previous = appended.catch(() => undefined);
      return appended;
    },
  };
}

export function webhookWitness(url: string, timeoutMs = 5_000): Witness {
  return {
    name: `webhook ${new URL(url).origin}`,
    publish: async (head) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(head),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    },
  };
}

export function natsWitness(servers: string, subject: string): Witness {
  let connection: Promise<import('nats').NatsConnection> | undefined;
  const connect = () =>
    (connection ??= import('nats')
      .then((nats) => nats.connect({ servers, name: 'docket-audit-witness', reconnect: true }))
      .catch((error: unknown) => {
        connection = undefined;
        throw error;
      }));
  return {
    name: `nats ${subject}`,
    publish: async (head) => {
      const nc = await connect();
      nc.publish(subject, new TextEncoder().encode(JSON.stringify(head)));
      await nc.flush();
    },
    close: async () => {
      if (connection !== undefined) await (await connection.catch(() => undefined))?.drain().catch(() => undefined);
    },
  };
}
