import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CONFIG_KEYS, ConfigSchema, type ConfigKey, settingSchema } from './settings.ts';

export { CONFIG_KEYS, ConfigSchema, type ConfigKey, SETTING_GROUPS, type SettingGroup, type SettingMeta, settingSchema } from './settings.ts';

export type Config = Static<typeof ConfigSchema>;
const checkConfig = TypeCompiler.Compile(ConfigSchema);

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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Docket cannot start, the configuration is wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The value as an error message may show it: secrets never, whatever went wrong. */
function shownValue(key: ConfigKey, value: unknown): string {
  return settingSchema(key).secret ? '(value hidden)' : JSON.stringify(value);
}

class EnvValueError extends Error {}

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Environment variables are text: turn one into the type its setting's schema asks for. */
function coerceEnvValue(key: ConfigKey, raw: string): unknown {
  const schema = settingSchema(key) as { type?: string; secret?: boolean };
  // DOCKET_TRUST_PROXY: true, false, or the proxies' addresses/CIDRs.
  if (key === 'trustProxy') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (schema.type === 'integer') return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (schema.type === 'boolean') return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  if (schema.type === 'array') return splitList(raw);
  if (schema.type === 'object') {
    // `provider-value=docket-role,…` (DOCKET_OIDC_ROLE_MAP)
    const entries = splitList(raw).map((pair) => {
      const [from, to, ...rest] = pair.split('=').map((s) => s.trim());
      if (!from || !to || rest.length > 0) throw new EnvValueError(schema.secret ? 'not a list of name=value' : `"${pair}" is not name=value`);
      return [from, to] as const;
    });
    return Object.fromEntries(entries);
  }
  return raw;
}

/** File paths in settings are relative to where the operator typed the command. */
const PATH_SETTINGS = ['dataDir', 'embeddedPostgresDir', 'masterKeyFile', 'masterKeyPreviousFile'] as const satisfies readonly ConfigKey[];

/** Reads the configuration from the environment and the DOCKET_CONFIG file; throws ConfigError naming every wrong setting. */
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
      if (!(key in ConfigSchema.properties)) problems.push(`${key} in ${env.DOCKET_CONFIG}: unknown setting`);
    }
  }
  const candidate: Record<string, unknown> = {};
  const fromFileKeys = new Set<ConfigKey>();
  for (const key of CONFIG_KEYS) {
    const { env: envName, default: fallback } = settingSchema(key);
    const raw = env[envName];
    if (raw !== undefined && raw !== '') {
      try {
        candidate[key] = coerceEnvValue(key, raw);
      } catch (error) {
        if (!(error instanceof EnvValueError)) throw error;
        problems.push(`${envName} = ${shownValue(key, raw)}: ${error.message}`);
      }
    } else if (fromFile[key] !== undefined) {
      candidate[key] = fromFile[key];
      fromFileKeys.add(key);
    } else if (key === 'auditWitnessFile') candidate[key] = defaultWitnessFile(env);
    else if (fallback !== undefined) candidate[key] = structuredClone(fallback);
  }
  const named = new Set<ConfigKey>();
  for (const error of checkConfig.Errors(candidate)) {
    const key = error.path.split('/')[1] as ConfigKey;
    // An unknown file key is named above; one problem per setting is enough to fix it.
    if (!(key in ConfigSchema.properties) || named.has(key)) continue;
    named.add(key);
    const source = fromFileKeys.has(key) ? `${key} in ${env.DOCKET_CONFIG}` : settingSchema(key).env;
    problems.push(`${source} = ${shownValue(key, candidate[key])}: ${error.message}`);
  }
  problems.push(...crossSettingProblems(candidate as Partial<Config>));
  if (candidate.testClock === true && typeof candidate.host === 'string' && !isLoopbackHost(candidate.host) && shouldSeedDemo(candidate as Config)) {
    problems.push(
      `DOCKET_TEST_CLOCK = true with DOCKET_SEED_DEMO on HOST = ${JSON.stringify(candidate.host)}: anyone who can reach a demo user could move this server's time; use a loopback HOST or switch one of them off`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const config = candidate as Config;
  // `npm start` runs in the server workspace; resolve relative paths where the user typed the command.
  const cwd = env.INIT_CWD ?? process.cwd();
  const resolved: Partial<Config> = {};
  for (const key of PATH_SETTINGS) if (config[key] !== undefined) resolved[key] = path.resolve(cwd, config[key]);
  const witness = config.auditWitnessFile === 'off' ? 'off' : path.resolve(cwd, config.auditWitnessFile);
  return { ...config, ...resolved, auditWitnessFile: witness };
}

/** Settings that are each valid but wrong together. */
function crossSettingProblems(config: Partial<Config>): string[] {
  const problems: string[] = [];
  if (config.auditSignerCommand !== undefined && config.auditSignerPublicKey === undefined) {
    problems.push('DOCKET_AUDIT_SIGNER_COMMAND needs DOCKET_AUDIT_SIGNER_PUBLIC_KEY (the PEM, or its file) to check what the signer returns');
  }
  if (config.auditSignerCommand !== undefined && config.auditSigningKey !== undefined) {
    problems.push('DOCKET_AUDIT_SIGNER_COMMAND and DOCKET_AUDIT_SIGNING_KEY are both set: choose one signer');
  }
  if (config.masterKey !== undefined && config.masterKeyFile !== undefined) problems.push('DOCKET_MASTER_KEY and DOCKET_MASTER_KEY_FILE are both set: choose one');
  if (config.masterKeyPrevious !== undefined && config.masterKeyPreviousFile !== undefined) {
    problems.push('DOCKET_MASTER_KEY_PREVIOUS and DOCKET_MASTER_KEY_PREVIOUS_FILE are both set: choose one');
  }
  if (config.assistLlmUrl !== undefined && config.assistLlmModel === undefined) {
    problems.push('DOCKET_ASSIST_LLM_URL needs DOCKET_ASSIST_LLM_MODEL: the model the LLM server serves (e.g. qwen2.5-7b-instruct)');
  }
  const oidcRequired = ['oidcIssuer', 'oidcClientId', 'oidcClientSecret', 'oidcRedirectUri'] as const;
  const missing = oidcRequired.filter((key) => config[key] === undefined);
  if (missing.length > 0 && missing.length < oidcRequired.length) {
    problems.push(`Single sign-on needs all of ${oidcRequired.map((k) => settingSchema(k).env).join(', ')}; missing ${missing.map((k) => settingSchema(k).env).join(', ')}`);
  }
  return problems;
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
