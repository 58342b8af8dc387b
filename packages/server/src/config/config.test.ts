import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

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
      host: '0.0.0.0',
      dataDir: path.resolve(process.cwd(), 'data'),
      embeddedPostgresPort: 54329,
      seedDemo: true,
      logLevel: 'info',
      sessionTtlMinutes: 480,
      loginRateLimitPerMinute: 20,
      sensitiveSearchPerMinute: 30,
      attachmentMaxBytes: 20 * 1024 * 1024,
      dbPoolSize: 20,
      trustProxy: false,
    });
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
});
