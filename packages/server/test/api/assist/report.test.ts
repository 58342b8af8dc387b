import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedClassifier, shippedLabels } from '../../../src/modules/assist/models/index.ts';
import { newId } from '../../../src/platform/ids/ids.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

// Issue 22, part H: the assistance report (accuracy, adoption, time saved by case type, field and
// period) and the models in use. Prefills and their suggestions are written as the prefill part
// stores them (no text, no personal value), on two local days of Asia/Shanghai.

let t: TestApp;
let admin: string;
let analyst: string;
let agent: string;
let marketing: string;

const get = (token: string, url: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });

async function prefill(caseType: string, requestedAt: string, suggestions: [field: string, outcome: string | null][]) {
  const id = newId();
  await t.sql(
    `INSERT INTO assist.prefill (id, case_type_key, requested_by, requested_at, path, model_versions, text_length, duration_ms)
     VALUES ($1, $2, $3, $4, 'builtin', '["category@test-000000000000"]', 300, 12)`,
    [id, caseType, newId(), requestedAt],
  );
  for (const [field, outcome] of suggestions) {
    await t.sql(
      `INSERT INTO assist.suggestion (prefill_id, field_key, source_kind, model_version, confidence, span_start, span_end, value, outcome, outcome_at)
       VALUES ($1, $2, 'classifier', 'category@test-000000000000', 0.9, 0, 4, NULL, $3, CASE WHEN $3::text IS NULL THEN NULL ELSE now() END)`,
      [id, field, outcome],
    );
  }
}

beforeAll(async () => {
  // The models list names every shipped model, trained at first use (then kept in the temporary
  // directory): on a cold cache that is the hook's time, not a request's.
  for (const label of shippedLabels()) shippedClassifier(label);
  t = await createTestApp();
  admin = await t.login('admin');
  await t.createUser('analyst', ['analyst']);
  await t.createUser('agent', ['agent']);
  await t.createUser('marketing', ['marketing']);
  [analyst, agent, marketing] = [await t.login('analyst'), await t.login('agent'), await t.login('marketing')];
  // 1 December 23:30 in Shanghai is 15:30 UTC; 2 December 00:30 there is 1 December 16:30 UTC.
  await prefill('complaint', '2026-12-01T15:30:00Z', [
    ['category', 'accepted'],
    ['product', 'changed'],
    ['phone', 'accepted'],
  ]);
  await prefill('complaint', '2026-12-01T16:30:00Z', [
    ['category', 'accepted'],
    ['product', 'rejected'],
    ['phone', null],
  ]);
  await prefill('consultation', '2026-12-02T03:00:00Z', [['topic', 'accepted']]);
  await t.sql(`INSERT INTO assist.setting (case_type_key, seconds_per_field, updated_at) VALUES ('complaint', 45, now())`);
  // Outside the period: not counted.
  await prefill('complaint', '2026-11-20T03:00:00Z', [['category', 'accepted']]);
}, 240_000);

afterAll(async () => {
  await t?.close();
});

describe('the assistance report', () => {
  it('counts outcomes per case type, field and local day; adoption, accuracy and time saved at the type’s seconds per field', async () => {
    const res = await get(analyst, '/assist/report?from=2026-12-01&to=2026-12-03&bucket=day');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ from: '2026-12-01', to: '2026-12-03', bucket: 'day', timeZone: 'Asia/Shanghai' });
    expect(report.totals).toMatchObject({ prefills: 3, suggested: 7, accepted: 4, changed: 1, rejected: 1, undecided: 1, adoptionRate: 0.6667, accuracy: 0.8, timeSavedSeconds: 3 * 45 + 20 });
    const complaint = report.caseTypes.find((c: { caseType: string }) => c.caseType === 'complaint');
    expect(complaint).toMatchObject({ secondsPerField: 45, prefills: 2, accepted: 3, timeSavedSeconds: 135 });
    expect(complaint.fields.map((f: { field: string; adoptionRate: number | null }) => [f.field, f.adoptionRate])).toEqual([
      ['category', 1],
      ['phone', 1],
      ['product', 0],
    ]);
    expect(complaint.periods.map((p: { period: string; prefills: number }) => [p.period, p.prefills])).toEqual([
      ['2026-12-01', 1],
      ['2026-12-02', 1],
      ['2026-12-03', 0],
    ]);
    expect(report.caseTypes.find((c: { caseType: string }) => c.caseType === 'consultation')).toMatchObject({ secondsPerField: 20, timeSavedSeconds: 20 });

    const week = (await get(analyst, '/assist/report?from=2026-11-16&to=2026-12-06&bucket=week&caseType=complaint')).json();
    expect(week.periods.map((p: { period: string; suggested: number }) => [p.period, p.suggested])).toEqual([
      ['2026-W47', 1],
      ['2026-W48', 0],
      ['2026-W49', 6],
    ]);
    expect(week.caseTypes.map((c: { caseType: string }) => c.caseType)).toEqual(['complaint']);
  });

  it('refuses a period backwards or too finely cut, naming the field', async () => {
    const backwards = expectProblem(await get(admin, '/assist/report?from=2026-12-05&to=2026-12-01'), 400, 'validation-failed');
    expect(backwards.errors).toEqual([{ field: 'querystring.from', reason: 'must not be after to (2026-12-01)' }]);
    const tooMany = expectProblem(await get(admin, '/assist/report?from=2020-01-01&to=2026-12-01&bucket=day'), 400, 'validation-failed');
    expect(tooMany.errors?.[0]?.field).toBe('querystring.bucket');
    expectProblem(await get(admin, '/assist/report?bucket=year'), 400, 'validation-failed');
  });

  it('refuses the report to those without assist:report, and the models to those without assist:report or assist:admin', async () => {
    expectProblem(await get(marketing, '/assist/report'), 403, 'forbidden');
    expectProblem(await get(agent, '/assist/report'), 403, 'forbidden');
    expectProblem(await get(marketing, '/assist/models'), 403, 'forbidden');
    expectProblem(await get(agent, '/assist/models'), 403, 'forbidden');
  });

  it('lists the model answering for each label, with its version and classes', async () => {
    const res = await get(analyst, '/assist/models');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { label: string; source: string; version: string; classes: string[] }[];
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['caseType', 'category', 'product']));
    for (const item of items) {
      expect(item.version.startsWith(`${item.label}@`)).toBe(true);
      expect(['installed', 'shipped']).toContain(item.source);
      expect(item.classes.length).toBeGreaterThan(1);
    }
  });
});
