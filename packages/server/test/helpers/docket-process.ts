import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');

export interface DocketProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** `http://127.0.0.1:<port>` of the running process. */
  origin: string;
}

/**
 * Starts `docket` from source as its own process (the way a crash or a signal reaches a real one)
 * on a port it picks and prints: a port picked here and handed over is free only until another
 * socket takes it, and the child would then fail to listen after its workers had started.
 * Resolves once /healthz answers; `env` comes on top of the caller's environment.
 */
export async function startDocketProcess(env: Record<string, string>, timeoutMs = 90_000): Promise<DocketProcess> {
  const child = spawn(process.execPath, ['--conditions=@docket/source', '--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DOCKET_SEED_DEMO: 'false', DOCKET_AUDIT_WITNESS_NATS: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docket exited: ${output}`);
    const port = /Docket is running at http:\/\/localhost:(\d+)/.exec(output)?.[1];
    if (port && (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok) return { child, output: () => output, origin: `http://127.0.0.1:${port}` };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`docket did not start: ${output}`);
}
