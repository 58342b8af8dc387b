import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCaseFilter, doesFilterMatch, isCaseActionAllowed, type Permission, type PolicyCase, type PolicySubject } from '../../../src/modules/access/policy.ts';
import { listCasesPage } from '../../../src/modules/cases/store.ts';
import { newId } from '../../../src/platform/ids/ids.ts';
import { createSeedCaseTypes } from '../../helpers/factories.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

// The list predicate (SQL) and the single-record check (memory) must never disagree:
// random subjects with random policies, over 1,200 random cases in a real database.
const DEPARTMENTS = Array.from({ length: 6 }, () => newId());
const USERS = Array.from({ length: 5 }, () => newId());
const TYPES = ['complaint', 'consultation', 'suggestion'];
const TAGS = ['elderly', 'foreign', 'vip'];
const CASE_COUNT = 1_200;
// Case ids known before the cases exist, so a permission may name some (a 抄送 read grant, `caseIds`).
const CASE_IDS = Array.from({ length: CASE_COUNT }, () => newId());

let t: TestApp;
const cases: (PolicyCase & { id: string })[] = [];

const caseArbitrary = fc.record({
  typeKey: fc.constantFrom(...TYPES),
  createdBy: fc.constantFrom(...USERS),
  assigneeId: fc.option(fc.constantFrom(...USERS), { nil: null }),
  departmentId: fc.option(fc.constantFrom(...DEPARTMENTS), { nil: null }),
  tags: fc.subarray(TAGS),
  sensitivity: fc.constantFrom('normal', 'confidential', 'secret'),
});

const permissionArbitrary: fc.Arbitrary<Permission> = fc.record(
  {
    action: fc.constantFrom('case:read', 'case:update'),
    scope: fc.constantFrom('own', 'department', 'subtree', 'all'),
    caseTypes: fc.subarray(TYPES, { minLength: 1 }),
    tags: fc.subarray(TAGS, { minLength: 1 }),
    maxSensitivity: fc.constantFrom('normal', 'confidential', 'secret'),
    caseIds: fc.subarray(CASE_IDS.slice(0, 40), { minLength: 1, maxLength: 5 }),
  },
  { requiredKeys: ['action'] },
);

const subjectArbitrary: fc.Arbitrary<PolicySubject> = fc
  .record({
    userId: fc.constantFrom(...USERS),
    departmentIds: fc.subarray(DEPARTMENTS, { maxLength: 2 }),
    extraSubtree: fc.subarray(DEPARTMENTS, { maxLength: 3 }),
    permissions: fc.array(permissionArbitrary, { maxLength: 4 }),
  })
  .map(({ extraSubtree, ...s }) => ({ ...s, subtreeDepartmentIds: [...new Set([...s.departmentIds, ...extraSubtree])] }));

beforeAll(async () => {
  t = await createTestApp();
  await createSeedCaseTypes(t, await t.login('admin'));
  const generated = fc.sample(caseArbitrary, { numRuns: CASE_COUNT, seed: 42 });
  for (const [i, c] of generated.entries()) cases.push({ ...c, id: CASE_IDS[i]! });
  await t.sql(
    `INSERT INTO cases.case (id, number, type_key, type_version, title, status, status_category, priority, fields, tags, created_by, assignee_id, department_id, created_at, updated_at, sensitivity)
     SELECT u.id, 'P-' || u.n, u.type_key, 1, 'generated', 'open', 'open', 'normal', '{}', ARRAY(SELECT jsonb_array_elements_text(u.tags)), u.created_by, u.assignee_id, u.department_id, now(), now(), u.sensitivity
     FROM unnest($1::uuid[], $2::int[], $3::text[], $4::jsonb[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[]) AS u(id, n, type_key, tags, created_by, assignee_id, department_id, sensitivity)`,
    [
      cases.map((c) => c.id),
      cases.map((_, i) => i),
      cases.map((c) => c.typeKey),
      cases.map((c) => JSON.stringify(c.tags)),
      cases.map((c) => c.createdBy),
      cases.map((c) => c.assigneeId),
      cases.map((c) => c.departmentId),
      cases.map((c) => c.sensitivity),
    ],
  );
});
afterAll(() => t.close());

describe('policy: list predicate and single-record check', () => {
  it('agree for every generated subject and every case', async () => {
    await fc.assert(
      fc.asyncProperty(subjectArbitrary, fc.constantFrom('case:read', 'case:update'), async (subject, action) => {
        const filter = compileCaseFilter(subject, action);
        const listed = await listCasesPage(t.database.db, {}, filter, '-createdAt', undefined, CASE_COUNT + 1);
        const listedIds = new Set(listed.map((c) => c.id));
        for (const c of cases) {
          const single = isCaseActionAllowed(subject, action, c);
          expect(listedIds.has(c.id as never), `case ${c.id} for ${JSON.stringify(subject)}`).toBe(single);
          expect(doesFilterMatch(filter, c)).toBe(single);
        }
      }),
      { numRuns: 60, seed: Date.now() % 100_000 },
    );
  });

  it('shows nothing to a subject without permissions', async () => {
    const none = compileCaseFilter({ userId: USERS[0]!, departmentIds: [], subtreeDepartmentIds: [], permissions: [] }, 'case:read');
    expect(none).toEqual({ kind: 'none' });
    expect(await listCasesPage(t.database.db, {}, none, '-createdAt', undefined, 10)).toEqual([]);
  });
});
