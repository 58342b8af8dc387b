import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

// One schema for the environment and the optional JSON file named by DOCKET_CONFIG.
// The environment wins over the file, so an operator can override one value at start.
const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  // Loopback by default: a first `npm start` is reachable from this machine only. Serving others
  // is a decision the operator states with HOST (and then no demo data is seeded, see below).
  host: Type.String({ minLength: 1, default: '127.0.0.1' }),
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  dataDir: Type.String({ minLength: 1, default: './data' }),
  embeddedPostgresPort: Type.Integer({ minimum: 1024, maximum: 65535, default: 54329 }),
  // Only as root: where the embedded cluster lives when the postgres user cannot reach dataDir.
  embeddedPostgresDir: Type.String({ minLength: 1, default: '/var/lib/docket' }),
  adminPassword: Type.Optional(Type.String({ minLength: 12 })),
  // No default on purpose: unset means "seed only on a loopback start with the embedded
  // database" (shouldSeedDemo), so demo users never appear on a reachable or real database.
  seedDemo: Type.Optional(Type.Boolean()),
  // The demo users' password; without it a random one is generated and printed once.
  demoPassword: Type.Optional(Type.String({ minLength: 12 })),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  sessionTtlMinutes: Type.Integer({ minimum: 5, maximum: 7 * 24 * 60, default: 8 * 60 }),
  loginRateLimitPerMinute: Type.Integer({ minimum: 1, maximum: 10_000, default: 20 }),
  sensitiveSearchPerMinute: Type.Integer({ minimum: 1, maximum: 10_000, default: 30 }),
  attachmentMaxBytes: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024, default: 20 * 1024 * 1024 }),
  dbPoolSize: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
  // Only behind a reverse proxy may X-Forwarded-For decide the client address that audit events record.
  trustProxy: Type.Union([Type.Boolean(), Type.String({ pattern: '^[0-9a-fA-F.:/, ]+$' })], { default: false }),
  // Audit ledger witness and signer (docs/operators/audit-ledger.md). The witness file defaults
  // to a path outside the data directory (see defaultWitnessFile); `off` switches it off.
  auditWitnessFile: Type.String({ minLength: 1 }),
  auditSignerCommand: Type.Optional(Type.String({ minLength: 1 })),
  auditSignerPublicKey: Type.Optional(Type.String({ minLength: 1 })),
  // /metrics answers only with `Authorization: Bearer <token>`; without a token it is not served.
  metricsToken: Type.Optional(Type.String({ minLength: 16 })),
  // /docs and /openapi.json; unset means on for a loopback HOST, off otherwise (apiDocsEnabled).
  apiDocs: Type.Optional(Type.Boolean()),
  // Time stands still and POST /api/v1/test-clock moves it (docs/operators/test-clock.md): for
  // tests and demos only, so never together with demo data on an address others can reach.
  testClock: Type.Boolean({ default: false }),
});

export type Config = Static<typeof ConfigSchema>;
const checkConfig = TypeCompiler.Compile(ConfigSchema);

/** Which environment variable feeds which setting; also the names error messages use. */
const ENV_NAMES: Record<keyof Config, string> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'DOCKET_DATA_DIR',
  embeddedPostgresPort: 'DOCKET_EMBEDDED_PG_PORT',
  embeddedPostgresDir: 'DOCKET_EMBEDDED_PG_DIR',
  adminPassword: 'DOCKET_ADMIN_PASSWORD',
  seedDemo: 'DOCKET_SEED_DEMO',
  demoPassword: 'DOCKET_DEMO_PASSWORD',
  logLevel: 'LOG_LEVEL',
  sessionTtlMinutes: 'DOCKET_SESSION_TTL_MINUTES',
  loginRateLimitPerMinute: 'DOCKET_LOGIN_RATE_LIMIT_PER_MINUTE',
  sensitiveSearchPerMinute: 'DOCKET_SENSITIVE_SEARCH_PER_MINUTE',
  attachmentMaxBytes: 'DOCKET_ATTACHMENT_MAX_BYTES',
  dbPoolSize: 'DOCKET_DB_POOL_SIZE',
  trustProxy: 'DOCKET_TRUST_PROXY',
  auditWitnessFile: 'DOCKET_AUDIT_WITNESS_FILE',
  auditSignerCommand: 'DOCKET_AUDIT_SIGNER_COMMAND',
  auditSignerPublicKey: 'DOCKET_AUDIT_SIGNER_PUBLIC_KEY',
  metricsToken: 'DOCKET_METRICS_TOKEN',
  apiDocs: 'DOCKET_API_DOCS',
  testClock: 'DOCKET_TEST_CLOCK',
};

/**
 * Where tree heads are witnessed unless DOCKET_AUDIT_WITNESS_FILE says otherwise: the XDG state
 * directory of the user running Docket ($XDG_STATE_HOME, else ~/.local/state), never the data
 * directory, so whoever restores, replaces or edits ./data and the database does not hold it.
 * `{keyId}` becomes the signing key's id (16 hex digits): one file per installation and key.
 */
export function defaultWitnessFile(env: NodeJS.ProcessEnv): string {
  const stateHome = env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.join(env.HOME || homedir(), '.local', 'state');
  return path.join(stateHome, 'docket', 'tree-heads-{keyId}.jsonl');
}

/** Settings whose values never appear in an error message. */
const SECRET_SETTINGS = new Set<keyof Config>(['adminPassword', 'demoPassword', 'databaseUrl', 'metricsToken']);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Docket cannot start, the configuration is wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function coerceEnvValue(key: keyof Config, raw: string): unknown {
  const schema = ConfigSchema.properties[key] as { type?: string };
  // DOCKET_TRUST_PROXY: true, false, or the proxies' addresses/CIDRs.
  if (key === 'trustProxy') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (schema.type === 'integer') return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (schema.type === 'boolean') return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  return raw;
}

/** Reads the configuration; throws ConfigError naming every wrong setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  let fromFile: Record<string, unknown> = {};
  if (env.DOCKET_CONFIG) {
    try {
      fromFile = JSON.parse(readFileSync(env.DOCKET_CONFIG, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError([`DOCKET_CONFIG (${env.DOCKET_CONFIG}): ${(error as Error).message}`]);
    }
    for (const key of Object.keys(fromFile)) {
      if (!(key in ENV_NAMES)) problems.push(`${key} in ${env.DOCKET_CONFIG}: unknown setting`);
    }
  }
  const candidate: Record<string, unknown> = {};
  for (const [key, envName] of Object.entries(ENV_NAMES) as [keyof Config, string][]) {
    const raw = env[envName];
    if (raw !== undefined && raw !== '') candidate[key] = coerceEnvValue(key, raw);
    else if (fromFile[key] !== undefined) candidate[key] = fromFile[key];
    else if (key === 'auditWitnessFile') candidate[key] = defaultWitnessFile(env);
    else {
      const fallback = (ConfigSchema.properties[key] as { default?: unknown }).default;
      if (fallback !== undefined) candidate[key] = fallback;
    }
  }
  for (const error of checkConfig.Errors(candidate)) {
    const key = error.path.replace(/^\//, '') as keyof Config;
    const shown = SECRET_SETTINGS.has(key) ? '(value hidden)' : JSON.stringify(candidate[key]);
    problems.push(`${ENV_NAMES[key] ?? key} = ${shown}: ${error.message}`);
  }
  if (candidate.auditSignerCommand !== undefined && candidate.auditSignerPublicKey === undefined) {
    problems.push('DOCKET_AUDIT_SIGNER_COMMAND needs DOCKET_AUDIT_SIGNER_PUBLIC_KEY (the PEM, or its file) to check what the signer returns');
  }
  if (candidate.auditSignerCommand !== undefined && env.DOCKET_AUDIT_SIGNING_KEY) {
    problems.push('DOCKET_AUDIT_SIGNER_COMMAND and DOCKET_AUDIT_SIGNING_KEY are both set: choose one signer');
  }
  if (candidate.testClock === true && typeof candidate.host === 'string' && !isLoopbackHost(candidate.host) && shouldSeedDemo(candidate as Config)) {
    problems.push(`DOCKET_TEST_CLOCK = true with DOCKET_SEED_DEMO on HOST = ${JSON.stringify(candidate.host)}: anyone who can reach a demo user could move this server's time; use a loopback HOST or switch one of them off`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const config = candidate as Config;
  // `npm start` runs in the server workspace; resolve relative paths where the user typed the command.
  const cwd = env.INIT_CWD ?? process.cwd();
  const witness = config.auditWitnessFile === 'off' ? 'off' : path.resolve(cwd, config.auditWitnessFile);
  return { ...config, dataDir: path.resolve(cwd, config.dataDir), embeddedPostgresDir: path.resolve(cwd, config.embeddedPostgresDir), auditWitnessFile: witness };
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/**
 * Whether listening on `host` keeps Docket reachable from this machine only. Any name other than
 * `localhost` counts as reachable: it may resolve to a public address, now or after a DNS change.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare.toLowerCase() === 'localhost') return true;
  const family = isIP(bare);
  return family !== 0 && loopback.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Whether this start seeds the demo users and cases. DOCKET_SEED_DEMO decides when set; unset,
 * only the newcomer's start seeds: loopback HOST and the embedded database. A start that others
 * can reach, or one on a real database (DATABASE_URL), never gets demo users by accident.
 */
export function shouldSeedDemo(config: Pick<Config, 'seedDemo' | 'host' | 'databaseUrl'>): boolean {
  if (config.seedDemo !== undefined) return config.seedDemo;
  return isLoopbackHost(config.host) && !config.databaseUrl;
}

/** /docs and /openapi.json: DOCKET_API_DOCS decides when set; unset, on only for a loopback HOST. */
export function apiDocsEnabled(config: Pick<Config, 'apiDocs' | 'host'>): boolean {
  return config.apiDocs ?? isLoopbackHost(config.host);
}
