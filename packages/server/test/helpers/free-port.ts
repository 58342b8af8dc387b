import { createServer } from 'node:net';
import { type EmbeddedDatabase, type EmbeddedOptions, startEmbeddedPostgres } from '../../src/platform/db/embedded-postgres.ts';

/**
 * A port the OS says is free now. A port drawn at random from 30000–50000 could be one the kernel
 * had just handed to an outgoing connection (Linux's ephemeral range starts at 32768), which made
 * an embedded PostgreSQL fail to bind in a CI run.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts an embedded PostgreSQL on a free port, trying another if the port is taken between asking and binding. */
export async function startEmbeddedOnFreePort(options: Omit<EmbeddedOptions, 'port'>, attempts = 4): Promise<EmbeddedDatabase> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmbeddedPostgres({ ...options, port: await freePort() });
    } catch (error) {
      if (attempt >= attempts || !String((error as Error).message).includes('Address already in use')) throw error;
    }
  }
}
