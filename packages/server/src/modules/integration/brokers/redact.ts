/** A broker URL as it may appear in logs and health: scheme, host and port, never the user or password. */
export function brokerAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
  } catch {
    return '(unparseable url)';
  }
}

/** An error as it may be logged: its name and code, never its message (a broker may echo credentials or a payload). */
export function errorKind(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; code?: unknown };
    return [typeof e.name === 'string' ? e.name : 'Error', e.code !== undefined ? String(e.code) : undefined].filter(Boolean).join(':');
  }
  return typeof error;
}
