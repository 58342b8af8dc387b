import { appendFile } from 'node:fs/promises';
import type { SignedTreeHead } from '@docket/verify';

/** Somewhere outside the database that keeps every tree head it is sent. */
export interface Witness {
  name: string;
  publish(head: SignedTreeHead): Promise<void>;
  close?(): Promise<void>;
}

/** One JSON tree head per line, appended: `docket-verify audit --witness <file>` reads it back. */
export function fileWitness(file: string): Witness {
  return { name: `file ${file}`, publish: (head) => appendFile(file, `${JSON.stringify(head)}\n`, { mode: 0o644 }) };
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
