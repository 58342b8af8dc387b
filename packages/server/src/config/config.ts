import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

// One schema for the environment and the optional JSON file named by DOCKET_CONFIG.
// The environment wins over the file, so an operator can override one value at start.
const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  host: Type.String({ minLength: 1, default: '0.0.0.0' }),
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  dataDir: Type.String({ minLength: 1, default: './data' }),
  embeddedPostgresPort: Type.Integer({ minimum: 1024, maximum: 65535, default: 54329 }),
  adminPassword: Type.Optional(Type.String({ minLength: 12 })),
  seedDemo: Type.Boolean({ default: true }),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  sessionTtlMinutes: Type.Integer({ minimum: 5, maximum: 7 * 24 * 60, default: 8 * 60 }),
  loginRateLimitPerMinute: Type.Integer({ minimum: 1, maximum: 10_000, default: 20 }),
  sensitiveSearchPerMinute: Type.Integer({ minimum: 1, maximum: 10_000, default: 30 }),
  attachmentMaxBytes: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024, default: 20 * 1024 * 1024 }),
  dbPoolSize: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
  // Only behind a reverse proxy may X-Forwarded-For decide the client address that audit events record.
  trustProxy: Type.Union([Type.Boolean(), Type.String({ pattern: '^[0-9a-fA-F.:/, ]+$' })], { default: false }),
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
  adminPassword: 'DOCKET_ADMIN_PASSWORD',
  seedDemo: 'DOCKET_SEED_DEMO',
  logLevel: 'LOG_LEVEL',
  sessionTtlMinutes: 'DOCKET_SESSION_TTL_MINUTES',
  loginRateLimitPerMinute: 'DOCKET_LOGIN_RATE_LIMIT_PER_MINUTE',
  sensitiveSearchPerMinute: 'DOCKET_SENSITIVE_SEARCH_PER_MINUTE',
  attachmentMaxBytes: 'DOCKET_ATTACHMENT_MAX_BYTES',
  dbPoolSize: 'DOCKET_DB_POOL_SIZE',
  trustProxy: 'DOCKET_TRUST_PROXY',
};

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
    else {
      const fallback = (ConfigSchema.properties[key] as { default?: unknown }).default;
      if (fallback !== undefined) candidate[key] = fallback;
    }
  }
  for (const error of checkConfig.Errors(candidate)) {
    const key = error.path.replace(/^\//, '') as keyof Config;
    const shown = key === 'adminPassword' || key === 'databaseUrl' ? '(value hidden)' : JSON.stringify(candidate[key]);
    problems.push(`${ENV_NAMES[key] ?? key} = ${shown}: ${error.message}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const config = candidate as Config;
  // `npm start` runs in the server workspace; resolve relative paths where the user typed the command.
  return { ...config, dataDir: path.resolve(env.INIT_CWD ?? process.cwd(), config.dataDir) };
}
