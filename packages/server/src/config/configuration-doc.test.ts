import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIGURATION_DOC_PATH, renderConfigurationDoc } from './configuration-doc.ts';
import { CONFIG_KEYS, settingSchema } from './settings.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
const SERVER_SRC = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [file] : [];
  });
}

describe('the configuration schema', () => {
  it('gives every setting its variable, group and meaning, each variable once', () => {
    const names = CONFIG_KEYS.map((key) => settingSchema(key).env);
    expect(new Set(names).size).toBe(names.length);
    for (const key of CONFIG_KEYS) {
      const meta = settingSchema(key);
      expect(meta.env, key).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(meta.group, key).toBeTruthy();
      expect(meta.description.length, key).toBeGreaterThan(5);
    }
  });

  it(`is what ${CONFIGURATION_DOC_PATH} says (run \`npm run docs:config\` after changing a setting)`, () => {
    const written = readFileSync(path.join(REPO_ROOT, CONFIGURATION_DOC_PATH), 'utf8');
    expect(written).toBe(renderConfigurationDoc());
    for (const key of CONFIG_KEYS) expect(written).toContain(`| \`${settingSchema(key).env}\` | \`${key}\` |`);
  });

  it('is the only reader of settings: no module reads a DOCKET_ variable from the environment', () => {
    // Passing the whole environment on to a child process (the embedded PostgreSQL, the signer
    // command) is not reading a setting; naming one is.
    const offenders = [...sourceFiles(SERVER_SRC), ...sourceFiles(path.resolve(SERVER_SRC, '../seed'))]
      .filter((file) => !file.startsWith(path.join(SERVER_SRC, 'config') + path.sep))
      .filter((file) => /process\.env\.|process\.env\[|\benv\.(DOCKET_|DATABASE_URL|NATS_URL|LOG_LEVEL|PORT|HOST)/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(REPO_ROOT, file));
    expect(offenders).toEqual([]);
  });
});
