import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiDocsEnabled, CONFIG_KEYS, ConfigError, isLoopbackHost, loadConfig, settingSchema, shouldSeedDemo } from './config.ts';

const scratchDir = mkdtempSync(path.join(tmpdir(), 'docket-config-'));
afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

function writeConfigFile(name: string, content: unknown): string {
  const file = path.join(scratchDir, name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

function configErrorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  it('fills every setting with its default when nothing is set', () => {
    // when
    const config = loadConfig({});
    // then
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      processHistoryRetentionMonths: 84,
      processHttpConnectorMaxTimeoutMs: 30_000,
      urgeIntervalMinutes: 30,
      smtpFrom: 'Docket <docket@localhost>',
      dataDir: path.resolve(process.cwd(), 'data'),
      embeddedPostgresPort: 54329,
      embeddedPostgresDir: '/var/lib/docket',
      logLevel: 'info',
      sessionTtlMinutes: 480,
      slaSchedulerBatchSize: 500,
      slaSchedulerConcurrency: 2,
      slaSchedulerEnabled: true,
      slaSchedulerPollIntervalMs: 250,
      routingWorkerEnabled: true,
      routingWorkerBatchSize: 200,
      routingWorkerPollIntervalMs: 1000,
      routingAwayAfterMinutes: 15,
      analyticsSpikeDetectorEnabled: true,
      analyticsSpikeIntervalMinutes: 15,
      analyticsTimeZone: 'Asia/Shanghai',
      ingestConsumersEnabled: true,
      webhookWorkerEnabled: true,
      webhookTimeoutMs: 10_000,
      webhookMaxAttempts: 10,
      mailInboundHost: '127.0.0.1',
      mailInboundMaxBytes: 25_000_000,
      publicFormRatePerHour: 10,
      assistLlmTimeoutMs: 5000,
      loginRateLimitPerMinute: 20,
      sensitiveSearchPerMinute: 30,
      attachmentMaxBytes: 20 * 1024 * 1024,
      dbPoolSize: 20,
      trustProxy: false,
      auditWitnessFile: path.join(homedir(), '.local/state/docket/tree-heads-{keyId}.jsonl'),
      auditSequencer: 'worker',
      auditSignIntervalMs: 1000,
      auditWitnessNats: 'on',
      auditWitnessNatsSubject: 'docket.audit.tree-heads',
      fieldCipher: 'aes-256-gcm',
      mfaRequiredRoles: [],
      totpIssuer: 'Docket',
      oidcScope: 'openid profile email',
      oidcUsernameClaim: 'preferred_username',
      oidcNameClaim: 'name',
      oidcRoleClaim: 'roles',
      oidcDepartmentClaim: 'department',
      oidcRoleMap: {},
      oidcAllowedRoles: [],
      oidcLinkByUsername: false,
      oidcAllowInsecureHttp: false,
      testClock: false,
    });
  });

  it('witnesses tree heads outside the data directory by default, in $XDG_STATE_HOME when set; off switches it off', () => {
    expect(loadConfig({ HOME: '/home/docket' }).auditWitnessFile).toBe('/home/docket/.local/state/docket/tree-heads-{keyId}.jsonl');
    expect(loadConfig({ XDG_STATE_HOME: '/var/lib/docket-state' }).auditWitnessFile).toBe('/var/lib/docket-state/docket/tree-heads-{keyId}.jsonl');
    expect(loadConfig({ XDG_STATE_HOME: 'relative/ignored', HOME: '/h' }).auditWitnessFile).toBe('/h/.local/state/docket/tree-heads-{keyId}.jsonl');
    expect(loadConfig({ DOCKET_AUDIT_WITNESS_FILE: 'off' }).auditWitnessFile).toBe('off');
    expect(loadConfig({ DOCKET_AUDIT_WITNESS_FILE: '/mnt/witness/heads.jsonl' }).auditWitnessFile).toBe('/mnt/witness/heads.jsonl');
  });

  it('refuses a signer command without its public key, or together with a signing key', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    };
    expect(problems({ DOCKET_AUDIT_SIGNER_COMMAND: 'sign-head' })).toEqual([expect.stringContaining('DOCKET_AUDIT_SIGNER_PUBLIC_KEY')]);
    expect(problems({ DOCKET_AUDIT_SIGNER_COMMAND: 'sign-head', DOCKET_AUDIT_SIGNER_PUBLIC_KEY: 'key.pem', DOCKET_AUDIT_SIGNING_KEY: 'k.pem' })).toEqual([
      expect.stringContaining('choose one signer'),
    ]);
    expect(problems({ DOCKET_AUDIT_SIGNER_COMMAND: 'sign-head', DOCKET_AUDIT_SIGNER_PUBLIC_KEY: 'key.pem' })).toEqual([]);
  });

  it('reads typed values from the environment', () => {
    // when
    const config = loadConfig({ PORT: '9000', DOCKET_SEED_DEMO: 'false', LOG_LEVEL: 'warn', DATABASE_URL: 'postgresql://u@db/docket' });
    // then
    expect(config).toMatchObject({ port: 9000, seedDemo: false, logLevel: 'warn', databaseUrl: 'postgresql://u@db/docket' });
  });

  it('refuses a port that is not a number, naming PORT', () => {
    // when
    const error = configErrorOf({ PORT: 'abc' });
    // then
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^PORT = "abc": /);
    expect(error.message).toContain('PORT');
  });

  it('reads the per-user limit of searches by a sensitive value, and refuses one below 1 naming it', () => {
    expect(loadConfig({ DOCKET_SENSITIVE_SEARCH_PER_MINUTE: '12' }).sensitiveSearchPerMinute).toBe(12);
    const error = configErrorOf({ DOCKET_SENSITIVE_SEARCH_PER_MINUTE: '0' });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^DOCKET_SENSITIVE_SEARCH_PER_MINUTE = 0: /);
  });

  it('names every wrong setting at once', () => {
    // when
    const error = configErrorOf({ PORT: '70000', LOG_LEVEL: 'loud' });
    // then
    expect(error.problems.some((p) => p.startsWith('PORT = 70000'))).toBe(true);
    expect(error.problems.some((p) => p.startsWith('LOG_LEVEL = "loud"'))).toBe(true);
  });

  it('refuses a DATABASE_URL of another scheme, naming it but hiding its value', () => {
    // when
    const error = configErrorOf({ DATABASE_URL: 'mysql://docket:s3cret-pass@db.bank.internal/docket' });
    // then
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^DATABASE_URL = \(value hidden\): /);
    expect(error.message).not.toContain('s3cret-pass');
    expect(error.message).not.toContain('mysql://');
  });

  it('hides the value of a too short admin password', () => {
    // when
    const error = configErrorOf({ DOCKET_ADMIN_PASSWORD: 'short-pw' });
    // then
    expect(error.problems[0]).toMatch(/^DOCKET_ADMIN_PASSWORD = \(value hidden\): /);
    expect(error.message).not.toContain('short-pw');
  });

  it('reads the DOCKET_CONFIG file and lets the environment win over it', () => {
    // given
    const file = writeConfigFile('ok.json', { port: 7000, host: '127.0.0.1', dbPoolSize: 5 });
    // when
    const config = loadConfig({ DOCKET_CONFIG: file, PORT: '7100' });
    // then
    expect(config).toMatchObject({ port: 7100, host: '127.0.0.1', dbPoolSize: 5 });
  });

  it('refuses a DOCKET_CONFIG file with an unknown key, naming the key and the file', () => {
    // given
    const file = writeConfigFile('unknown-key.json', { port: 7000, databseUrl: 'postgres://typo@db/docket' });
    // when
    const error = configErrorOf({ DOCKET_CONFIG: file });
    // then
    expect(error.problems).toEqual([`databseUrl in ${file}: unknown setting`]);
  });

  it('refuses a DOCKET_CONFIG file that is not JSON, naming the file', () => {
    // given
    const file = path.join(scratchDir, 'broken.json');
    writeFileSync(file, '{ "port": ');
    // when
    const error = configErrorOf({ DOCKET_CONFIG: file });
    // then
    expect(error.problems[0]).toContain(`DOCKET_CONFIG (${file})`);
  });

  it('trusts no proxy by default, so X-Forwarded-For cannot forge the audited client address', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ DOCKET_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ DOCKET_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe('10.0.0.0/8, 127.0.0.1');
    expect(configErrorOf({ DOCKET_TRUST_PROXY: 'everyone' }).problems[0]).toContain('DOCKET_TRUST_PROXY');
  });

  it('hides the values of the demo password and the metrics token', () => {
    // when
    const error = configErrorOf({ DOCKET_DEMO_PASSWORD: 'demo-pw', DOCKET_METRICS_TOKEN: 'tok-123' });
    // then
    expect(error.problems.map((p) => p.split(' = ')[0]).sort()).toEqual(['DOCKET_DEMO_PASSWORD', 'DOCKET_METRICS_TOKEN']);
    expect(error.message).toContain('(value hidden)');
    expect(error.message).not.toContain('demo-pw');
    expect(error.message).not.toContain('tok-123');
  });
});

describe('settings once read outside config.ts', () => {
  it('reads lists and the OIDC role map from comma-separated variables, and as JSON from the file', () => {
    expect(loadConfig({ DOCKET_MFA_REQUIRED_ROLES: ' admin, auditor ,', DOCKET_OIDC_ROLE_MAP: 'grp-a=agent, grp-b = auditor' })).toMatchObject({
      mfaRequiredRoles: ['admin', 'auditor'],
      oidcRoleMap: { 'grp-a': 'agent', 'grp-b': 'auditor' },
    });
    const file = writeConfigFile('lists.json', { mfaRequiredRoles: ['admin'], oidcRoleMap: { 'grp-a': 'agent' } });
    expect(loadConfig({ DOCKET_CONFIG: file })).toMatchObject({ mfaRequiredRoles: ['admin'], oidcRoleMap: { 'grp-a': 'agent' } });
  });

  it('names a wrong value given in the file by its key and the file', () => {
    const file = writeConfigFile('wrong-type.json', { auditSignIntervalMs: 'soon' });
    expect(configErrorOf({ DOCKET_CONFIG: file }).problems).toEqual([expect.stringMatching(new RegExp(`^auditSignIntervalMs in ${file} = "soon": `))]);
  });

  it('refuses an unknown cipher suite, sequencer mode or sign interval, naming each', () => {
    const error = configErrorOf({ DOCKET_FIELD_CIPHER: 'des', DOCKET_AUDIT_SEQUENCER: 'sometimes', DOCKET_AUDIT_SIGN_INTERVAL_MS: '5' });
    expect(error.problems.map((p) => p.split(' = ')[0]).sort()).toEqual(['DOCKET_AUDIT_SEQUENCER', 'DOCKET_AUDIT_SIGN_INTERVAL_MS', 'DOCKET_FIELD_CIPHER']);
    expect(loadConfig({ DOCKET_FIELD_CIPHER: 'sm4-ctr+sm3-hmac' }).fieldCipher).toBe('sm4-ctr+sm3-hmac');
  });

  it('refuses a master key given twice, and one that is not base64, without showing it', () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    expect(configErrorOf({ DOCKET_MASTER_KEY: key, DOCKET_MASTER_KEY_FILE: '/etc/docket/master.key' }).problems).toEqual([expect.stringContaining('choose one')]);
    const error = configErrorOf({ DOCKET_MASTER_KEY: 'correct horse battery staple' });
    expect(error.problems[0]).toMatch(/^DOCKET_MASTER_KEY = \(value hidden\): /);
    expect(error.message).not.toContain('horse');
  });

  it('refuses a partial single sign-on configuration, naming what is missing', () => {
    expect(configErrorOf({ DOCKET_OIDC_ISSUER: 'https://idp.example', DOCKET_OIDC_CLIENT_ID: 'docket' }).problems).toEqual([
      'Single sign-on needs all of DOCKET_OIDC_ISSUER, DOCKET_OIDC_CLIENT_ID, DOCKET_OIDC_CLIENT_SECRET, DOCKET_OIDC_REDIRECT_URI; missing DOCKET_OIDC_CLIENT_SECRET, DOCKET_OIDC_REDIRECT_URI',
    ]);
  });

  it('never shows the value of any secret setting in an error, whatever is wrong with it', () => {
    // given: every secret setting with a value of the wrong type, in the file
    const secrets = CONFIG_KEYS.filter((key) => settingSchema(key).secret);
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    const file = writeConfigFile('secrets.json', Object.fromEntries(secrets.map((key, i) => [key, 987_654_000 + i])));
    // when
    const error = configErrorOf({ DOCKET_CONFIG: file });
    // then
    const valueProblems = error.problems.filter((p) => p.includes(' = '));
    expect(valueProblems).toHaveLength(secrets.length);
    for (const problem of valueProblems) expect(problem).toContain('= (value hidden): ');
    expect(error.message).not.toContain('987654');
  });
});

describe("the bank's own LLM (issue 22)", () => {
  it('has no LLM path unless DOCKET_ASSIST_LLM_URL is set, and reads its model, key and timeout', () => {
    expect(loadConfig({}).assistLlmUrl).toBeUndefined();
    expect(
      loadConfig({
        DOCKET_ASSIST_LLM_URL: 'http://vllm:8000/v1',
        DOCKET_ASSIST_LLM_MODEL: 'qwen2.5-7b-instruct',
        DOCKET_ASSIST_LLM_API_KEY: 'sk-local-key',
        DOCKET_ASSIST_LLM_TIMEOUT_MS: '2500',
      }),
    ).toMatchObject({ assistLlmUrl: 'http://vllm:8000/v1', assistLlmModel: 'qwen2.5-7b-instruct', assistLlmApiKey: 'sk-local-key', assistLlmTimeoutMs: 2500 });
  });

  it('refuses a URL without its model, a URL carrying credentials and a timeout below 100 ms, naming each', () => {
    expect(configErrorOf({ DOCKET_ASSIST_LLM_URL: 'http://ollama:11434/v1' }).problems).toEqual([expect.stringContaining('DOCKET_ASSIST_LLM_MODEL')]);
    const error = configErrorOf({ DOCKET_ASSIST_LLM_URL: 'http://user:pw@vllm:8000/v1', DOCKET_ASSIST_LLM_MODEL: 'qwen', DOCKET_ASSIST_LLM_TIMEOUT_MS: '10' });
    expect(error.problems.map((p) => p.split(' = ')[0]).sort()).toEqual(['DOCKET_ASSIST_LLM_TIMEOUT_MS', 'DOCKET_ASSIST_LLM_URL']);
  });

  it('hides the API key in an error', () => {
    const file = writeConfigFile('llm-key.json', { assistLlmApiKey: '' });
    const error = configErrorOf({ DOCKET_CONFIG: file });
    expect(error.problems).toEqual([expect.stringMatching(/^assistLlmApiKey in .* = \(value hidden\): /)]);
  });
});

describe('loopback, demo data and API docs defaults', () => {
  it('listens on loopback unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.1.2.3', false],
    ['docket.bank.internal', false],
  ])('counts HOST=%s as loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  // env → seeds the demo users and cases?
  it.each<[string, Record<string, string>, boolean]>([
    ['the two-command demo (nothing set)', {}, true],
    ['HOST=localhost', { HOST: 'localhost' }, true],
    ['a reachable HOST', { HOST: '0.0.0.0' }, false],
    ['a LAN address', { HOST: '10.1.2.3' }, false],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://docket@db/docket' }, false],
    ['DATABASE_URL on loopback', { DATABASE_URL: 'postgres://docket@127.0.0.1/docket', HOST: '127.0.0.1' }, false],
    ['a reachable HOST with DOCKET_SEED_DEMO=true', { HOST: '0.0.0.0', DOCKET_SEED_DEMO: 'true' }, true],
    ['DATABASE_URL with DOCKET_SEED_DEMO=true', { DATABASE_URL: 'postgres://docket@db/docket', DOCKET_SEED_DEMO: 'true' }, true],
    ['loopback with DOCKET_SEED_DEMO=false', { DOCKET_SEED_DEMO: 'false' }, false],
  ])('%s: seeds demo data = %s', (_name, env, expected) => {
    expect(shouldSeedDemo(loadConfig(env))).toBe(expected);
  });

  it('seeds on a reachable HOST when a DOCKET_CONFIG file says seedDemo: true', () => {
    const file = writeConfigFile('seed.json', { host: '0.0.0.0', seedDemo: true });
    expect(shouldSeedDemo(loadConfig({ DOCKET_CONFIG: file }))).toBe(true);
  });

  it('reads DOCKET_DEMO_PASSWORD and refuses one shorter than 12 characters', () => {
    expect(loadConfig({ DOCKET_DEMO_PASSWORD: 'a-long-demo-password' }).demoPassword).toBe('a-long-demo-password');
    expect(configErrorOf({ DOCKET_DEMO_PASSWORD: 'short' }).problems[0]).toMatch(/^DOCKET_DEMO_PASSWORD = \(value hidden\): /);
  });

  it.each<[Record<string, string>, boolean]>([
    [{}, true],
    [{ HOST: '0.0.0.0' }, false],
    [{ HOST: '0.0.0.0', DOCKET_API_DOCS: 'true' }, true],
    [{ DOCKET_API_DOCS: 'false' }, false],
  ])('API docs for %j: %s', (env, expected) => {
    expect(apiDocsEnabled(loadConfig(env))).toBe(expected);
  });

  it('refuses a DOCKET_API_DOCS that is not a boolean, naming it', () => {
    expect(configErrorOf({ DOCKET_API_DOCS: 'maybe' }).problems[0]).toMatch(/^DOCKET_API_DOCS = "maybe": /);
  });
});
