import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';

// Group commit of single creates (modules/cases/create-case-group.ts): concurrent creates share
// a transaction, yet each is answered with its own result or problem, and one that fails does
// not fail its neighbours.

let t: TestApp;
let admin: string;
let agent: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  await t.createUser('agent.group', ['agent']);
  agent = await t.login('agent.group');
});
afterAll(() => t.close());

const post = (payload: unknown, token: string) => t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload: payload as object });

describe('POST /api/v1/cases under concurrency (group commit)', () => {
  it('writes concurrent creates in shared transactions, each answered and audited as its own', async () => {
    // given: twelve valid creates from two users and one invalid, all at once
    const bodies = Array.from({ length: 13 }, (_, i) => (i === 6 ? complaint({ title: `group ${i}` }, { residentId: '110105194912310021' }) : complaint({ title: `group ${i}` })));
    // when
    const answers = await Promise.all(bodies.map((body, i) => post(body, i % 2 === 0 ? agent : admin)));
    // then: the invalid one is refused with its reason, the others are created with their own title
    expect(answers[6]!.statusCode).toBe(400);
    expect(answers[6]!.json().errors).toEqual([expect.objectContaining({ field: 'fields.residentId', reason: 'check digit does not match (GB 11643)' })]);
    const created = answers.filter((_, i) => i !== 6);
    expect(created.map((a) => a.statusCode)).toEqual(Array(12).fill(201));
    for (const [k, a] of created.entries()) expect(a.json().title).toBe(`group ${k < 6 ? k : k + 1}`);
    const ids = created.map((a) => a.json().id as string);
    // each audit event carries its own request's actor and request id
    const events = await t.sql<{ case_id: string; actor_name: string; request_id: string }>(
      "SELECT case_id, actor_name, request_id FROM audit.event WHERE action = 'case.created' AND case_id = ANY($1::uuid[])",
      [ids],
    );
    expect(events).toHaveLength(12);
    for (const [k, a] of created.entries()) {
      const i = k < 6 ? k : k + 1;
      expect(events.find((e) => e.case_id === a.json().id)).toEqual({ case_id: a.json().id, actor_name: i % 2 === 0 ? 'agent.group' : 'admin', request_id: a.headers['x-request-id'] });
    }
    // and they were committed in fewer transactions than creates (rows of one transaction share xmin)
    const transactions = await t.sql<{ n: string }>('SELECT count(DISTINCT xmin::text) AS n FROM cases.case WHERE id = ANY($1::uuid[])', [ids]);
    expect(Number(transactions[0]!.n)).toBeLessThan(12);
  });

  it('fails only the create the database refuses; its neighbours in the group are created', async () => {
    // given: the database itself refuses one title (a constraint the application does not know)
    await t.sql("ALTER TABLE cases.case ADD CONSTRAINT test_no_poison CHECK (title <> 'poison')");
    try {
      const bodies = Array.from({ length: 9 }, (_, i) => complaint({ title: i === 5 ? 'poison' : `neighbour ${i}` }));
      // when
      const answers = await Promise.all(bodies.map((body) => post(body, agent)));
      // then
      expect(answers[5]!.statusCode).toBeGreaterThanOrEqual(500);
      const others = answers.filter((_, i) => i !== 5);
      expect(others.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
      const stored = await t.sql<{ title: string }>("SELECT title FROM cases.case WHERE title = 'poison' OR title LIKE 'neighbour %' ORDER BY title");
      expect(stored.map((r) => r.title)).toEqual([0, 1, 2, 3, 4, 6, 7, 8].map((i) => `neighbour ${i}`));
      const events = await t.sql<{ n: string }>("SELECT count(*) AS n FROM audit.event WHERE action = 'case.created' AND case_id = ANY($1::uuid[])", [others.map((a) => a.json().id)]);
      expect(Number(events[0]!.n)).toBe(8);
    } finally {
      await t.sql('ALTER TABLE cases.case DROP CONSTRAINT test_no_poison');
    }
  });

  it('answers a repeated external id in the same group with the first case', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(complaint({ externalId: 'GROUP-DUP', source: 'crm' }), agent)));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(Number((await t.sql<{ n: string }>("SELECT count(*) AS n FROM cases.case WHERE external_id = 'GROUP-DUP'"))[0]!.n)).toBe(1);
  });
});
