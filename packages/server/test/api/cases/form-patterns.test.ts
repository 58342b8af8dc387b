import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

// A field's `pattern` runs on RE2's linear-time engine: a catastrophic pattern such as (a+)+b
// answers at once, and a pattern RE2 cannot run (backreferences, lookaround) is refused when the
// case type is saved, naming where it is in the schema.

let t: TestApp;
let admin: string;

// Milliseconds of CPU time this process spent since `start` (the app runs in it, through inject):
// a backtracking engine burns seconds of it, while wall time on the loaded two-core CI machine
// says more about the other processes than about the pattern engine.
const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

function caseType(key: string, prefix: string, components: object[]) {
  return { key, name: key, prefix, schema: { type: 'default', components } };
}
const createType = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/case-types', headers: bearer(admin), payload });
const saveType = (key: string, payload: object) => t.app.inject({ method: 'PUT', url: `/api/v1/case-types/${key}`, headers: bearer(admin), payload });
const createCase = (type: string, fields: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(admin), payload: { type, title: 'pattern check', fields } });

const state = async () => ({
  types: await t.sql('SELECT key, current_version FROM cases.case_type ORDER BY key'),
  versions: await t.sql('SELECT key, version FROM cases.case_type_version ORDER BY key, version'),
  cases: await t.sql('SELECT id FROM cases."case" ORDER BY id'),
  events: await t.sql('SELECT id FROM audit.event ORDER BY id'),
});

describe('form patterns on a linear-time engine', () => {
  it('checks a value against (a+)+b in well under a second, where backtracking took seconds', async () => {
    // given
    const created = await createType(caseType('redos', 'RDS', [{ type: 'textfield', key: 'code', label: 'Code', validate: { pattern: '(a+)+b' } }]));
    expect(created.statusCode, created.body).toBe(201);
    const before = await state();
    // when: 32 a's and no b: 2^32 ways to split the a's for a backtracking engine
    const started = process.cpuUsage();
    const res = await createCase('redos', { code: `${'a'.repeat(32)}!` });
    const long = await createCase('redos', { code: `${'a'.repeat(100_000)}!` });
    const cpuMs = cpuMsSince(started);
    // then
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: 'fields.code', reason: 'does not match the required pattern', code: 'pattern' }]);
    expectProblem(long, 400, 'validation-failed');
    expect(cpuMs).toBeLessThan(1_000);
    expect(await state()).toEqual(before);
    expect((await createCase('redos', { code: 'aaab' })).statusCode).toBe(201);
  });

  it('keeps the meaning of ordinary patterns: anchored at both ends, with JavaScript \\u escapes', async () => {
    // given
    const created = await createType(
      caseType('plain', 'PLN', [
        { type: 'textfield', key: 'branch', label: 'Branch', validate: { pattern: '[A-Z]{3}\\d{2}' } },
        { type: 'textfield', key: 'chineseName', label: 'Name', validate: { pattern: '[\\u4e00-\\u9fa5]{2,4}' } },
      ]),
    );
    expect(created.statusCode, created.body).toBe(201);
    // when
    const good = await createCase('plain', { branch: 'BJS01', chineseName: '张三' });
    const bad = await createCase('plain', { branch: 'xBJS01', chineseName: 'Zhang' });
    // then
    expect(good.statusCode, good.body).toBe(201);
    expect(expectProblem(bad, 400, 'validation-failed').errors).toEqual([
      { field: 'fields.branch', reason: 'does not match the required pattern', code: 'pattern' },
      { field: 'fields.chineseName', reason: 'does not match the required pattern', code: 'pattern' },
    ]);
  });

  it.each([
    ['a backreference', '(a)\\1', 'invalid escape sequence'],
    ['a lookahead', '(?=a)a+', 'invalid or unsupported Perl syntax'],
    ['a repeat count over 1000', 'a{1001}', 'invalid repeat count'],
  ])('refuses a pattern with %s when the case type is created, naming its place in the schema, storing nothing', async (_what, pattern, reason) => {
    // given
    const before = await state();
    // when
    const res = await createType(
      caseType('refused', 'RFS', [
        {
          type: 'group',
          label: 'Group',
          components: [
            { type: 'textfield', key: 'ok', label: 'Ok' },
            { type: 'textfield', key: 'code', label: 'Code', validate: { pattern } },
          ],
        },
      ]),
    );
    // then
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors![0]!.field).toBe('schema.components[0].components[1].validate.pattern');
    expect(problem.errors![0]!.reason).toContain('linear-time pattern engine (RE2)');
    expect(problem.errors![0]!.reason).toContain(reason);
    expect(await state()).toEqual(before);
  });

  it('refuses such a pattern when a new version is saved, keeping the current version', async () => {
    // given
    expect((await createType(caseType('versioned', 'VRS', [{ type: 'textfield', key: 'code', label: 'Code' }]))).statusCode).toBe(201);
    const before = await state();
    // when
    const res = await saveType('versioned', { name: 'versioned', schema: { components: [{ type: 'textfield', key: 'code', label: 'Code', validate: { pattern: '(\\w+)\\s\\1' } }] } });
    // then
    expect(expectProblem(res, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['schema.components[0].validate.pattern']);
    expect(await state()).toEqual(before);
  });

  it('refuses a pattern that is not a regular expression at all, or longer than 1000 characters', async () => {
    const before = await state();
    const invalid = await createType(caseType('broken', 'BRK', [{ type: 'textfield', key: 'code', label: 'Code', validate: { pattern: '[' } }]));
    const long = await createType(caseType('longer', 'LNG', [{ type: 'textfield', key: 'code', label: 'Code', validate: { pattern: 'a'.repeat(1_001) } }]));
    expect(expectProblem(invalid, 400, 'validation-failed').errors).toEqual([{ field: 'schema.components[0].validate.pattern', reason: 'is not a valid regular expression' }]);
    expect(expectProblem(long, 400, 'validation-failed').errors).toEqual([{ field: 'schema.components[0].validate.pattern', reason: 'must be at most 1000 characters' }]);
    expect(await state()).toEqual(before);
  });

  it('refuses a value when a stored version holds a pattern RE2 cannot run, instead of backtracking on it', async () => {
    // given: a version saved before patterns ran on RE2
    expect((await createType(caseType('legacy', 'LGC', [{ type: 'textfield', key: 'code', label: 'Code', validate: { pattern: '[a-z]+' } }]))).statusCode).toBe(201);
    await t.sql(`UPDATE cases.case_type_version SET schema = jsonb_set(schema, '{components,0,validate,pattern}', '"(a+)+\\\\1"') WHERE key = 'legacy'`);
    const before = await state();
    // when
    const res = await createCase('legacy', { code: `${'a'.repeat(32)}!` });
    // then
    const [error] = expectProblem(res, 400, 'validation-failed').errors!;
    expect(error!.field).toBe('fields.code');
    expect(error!.reason).toMatch(/^cannot be checked: the case type's pattern is not supported by the linear-time pattern engine/);
    expect(await state()).toEqual(before);
  });

  it('checks a 64,000-character e-mail value at once (the built-in e-mail rule backtracked quadratically)', async () => {
    expect((await createType(caseType('mail', 'MAIL', [{ type: 'textfield', key: 'email', label: 'E-mail', validate: { validationType: 'email' } }]))).statusCode).toBe(201);
    const started = process.cpuUsage();
    const res = await createCase('mail', { email: `a@${'a.'.repeat(32_000)} ` });
    expect(cpuMsSince(started)).toBeLessThan(1_000);
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: 'fields.email', reason: 'must be an e-mail address', code: 'email' }]);
  });
});
