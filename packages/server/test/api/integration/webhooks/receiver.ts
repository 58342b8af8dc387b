import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** The bytes as they arrived. */
  raw: string;
  body: { id: string; eventId: string; type: string; occurredAt: string; webhookId: string; data: Record<string, unknown>; case: Record<string, unknown> | null };
  answered: number;
}

/** A webhook receiver on a random local port: records every request per path and answers with the path's status (default 200). */
export async function startReceiver(): Promise<{
  url: (path: string) => string;
  received: (path: string) => Received[];
  answer: (path: string, status: number | ((n: number) => number)) => void;
  close: () => Promise<void>;
}> {
  const log: Received[] = [];
  const answers = new Map<string, number | ((n: number) => number)>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const path = request.url ?? '/';
      const raw = Buffer.concat(chunks).toString('utf8');
      const answer = answers.get(path) ?? 200;
      const status = typeof answer === 'function' ? answer(log.filter((r) => r.path === path).length + 1) : answer;
      log.push({ path, headers: request.headers, raw, body: JSON.parse(raw), answered: status });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received: (path) => log.filter((r) => r.path === path),
    answer: (path, status) => answers.set(path, status),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
