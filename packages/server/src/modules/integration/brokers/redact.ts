/** A broker URL as it may appear in logs and health: scheme, host and port, never the user or password. */
export function brokerAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
  } catch {
    return '(unparseable url)';
  }
}

/**
 * Messages of the PostgreSQL driver that carry no code: without them a lost database connection
 * is logged as a bare "Error" and cannot be told from anything else. They are fixed texts, so
 * nothing of a payload or a URL can ride along.
 */
const CODELESS_DRIVER_MESSAGES = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
]);

/** An error as it may be logged: its name and code, never its message (a broker may echo credentials or a payload), except a known fixed driver text. */
export function errorKind(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; code?: unknown; message?: unknown };
    const known = e.code === undefined && typeof e.message === 'string' && CODELESS_DRIVER_MESSAGES.has(e.message) ? `(${e.message})` : undefined;
    return [typeof e.name === 'string' ? e.name : 'Error', e.code !== undefined ? String(e.code) : known].filter(Boolean).join(':');
  }
  return typeof error;
}
