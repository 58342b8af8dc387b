// Caches that live for the whole process (case types by key and version, deployed decisions,
// compiled calendars, names …) hold what one database said. A process serves one database, so
// that is right in production; a test process that runs one test file after another, each on its
// own database (vitest with isolate: false), empties them when it opens the next database.

const resets = new Set<() => void>();

/** Registers how to empty one process-wide cache; called once, where the cache is declared. */
export function registerProcessCache(reset: () => void): void {
  resets.add(reset);
}

/** Empties every registered cache: the next read goes to the database. */
export function resetProcessCaches(): void {
  for (const reset of resets) reset();
}
