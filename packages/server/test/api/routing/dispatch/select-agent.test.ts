import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { selectAgent } from '../../../../src/modules/routing/dispatch/select-agent.ts';
import type { AgentSelection, SelectAgentInput } from '../../../../src/modules/routing/model.ts';
import { findQueue } from '../../../../src/modules/routing/queues/queue-store.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { asRouter, ensureQueueIdTrigger, insertDepartment, insertQueue, newCaseInQueue, saveProfile } from './dispatch-fixtures.ts';
import { routeCase } from '../../../../src/modules/routing/index.ts';
import { subjectOf } from './rule-free-route.ts';

describe('selectAgent: who in the queue gets the work, and why the others did not', () => {
  let t: TestApp;
  let admin: string;
  let branch: string;
  let otherBranch: string;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
    await createSeedCaseTypes(t, admin);
    await ensureQueueIdTrigger(t);
    branch = await insertDepartment(t, 'BR-SEL');
    otherBranch = await insertDepartment(t, 'BR-SEL-2');
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    n++;
  });

  /** Agents a1 < a2 < a3 … by id (ids sort as created here: padded names are not ids, so sort them). */
  async function agents(count: number, departmentId: string | null = branch): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await t.createUser(`sel${n}.agent${i}`, ['agent'], departmentId));
    return ids.sort();
  }

  async function select(queueKey: string, input: Partial<SelectAgentInput> = {}, caseType = 'complaint', channel: string | null = 'phone'): Promise<AgentSelection> {
    return asRouter(t, async (ctx) => {
      const queue = (await findQueue(ctx.tx, queueKey))!;
      const subject = subjectOf('00000000-0000-4000-8000-000000000000', { type_key: caseType, channel, priority: 'normal', department_id: branch, queue_id: queue.id });
      return selectAgent(ctx, { queue, subject, requiredSkills: [], requiredLanguages: [], ...input });
    });
  }
  const verdict = (selection: AgentSelection, userId: string) => selection.candidates.find((c) => c.userId === userId)!;
  const codes = (selection: AgentSelection, userId: string) => verdict(selection, userId).passedOver.map((p) => p.code);

  it('round-robin gives each member a turn in id order, wrapping around, and remembers the last one served', async () => {
    // given three available agents in a round-robin queue
    const [a, b, c] = await agents(3);
    await insertQueue(t, { key: `rr-${n}`, strategy: 'round-robin', memberIds: [a!, b!, c!] });
    for (const id of [a!, b!, c!]) await saveProfile(t, id);
    // when four items are dispatched one after another
    const chosen: (string | null)[] = [];
    for (let i = 0; i < 4; i++) chosen.push((await select(`rr-${n}`)).chosenUserId);
    // then the turns go a, b, c, a
    expect(chosen).toEqual([a, b, c, a]);
    const [queue] = await t.sql<{ last_assigned_user_id: string }>('SELECT last_assigned_user_id FROM routing.queue WHERE key = $1', [`rr-${n}`]);
    expect(queue!.last_assigned_user_id).toBe(a);
    // and the others are told it was not their turn
    const last = await select(`rr-${n}`);
    expect(last.chosenUserId).toBe(b);
    expect(codes(last, c!)).toEqual(['not-next-in-turn']);
  });

  it('least-loaded chooses the lowest share of capacity in use, then the fewest open items', async () => {
    // given a holds 2 of 10, b holds 1 of 2, c holds 1 of 10
    const [a, b, c] = await agents(3);
    await insertQueue(t, { key: `ll-${n}`, strategy: 'least-loaded', memberIds: [a!, b!, c!] });
    await saveProfile(t, a!, { capacity: { total: 10 } });
    await saveProfile(t, b!, { capacity: { total: 2 } });
    await saveProfile(t, c!, { capacity: { total: 10 } });
    for (const [who, count] of [
      [a!, 2],
      [b!, 1],
      [c!, 1],
    ] as const) {
      for (let i = 0; i < count; i++) await newCaseInQueue(t, admin, `ll-${n}`, { departmentId: branch }, who);
    }
    // when
    const selection = await select(`ll-${n}`);
    // then c (10 % in use) beats a (20 %) and b (50 %)
    expect(selection.chosenUserId).toBe(c);
    expect(codes(selection, a!)).toEqual(['more-loaded']);
    expect(verdict(selection, b!).load).toMatchObject({ total: 1, byChannel: { phone: 1 }, byCaseType: { complaint: 1 } });
    expect(verdict(selection, c!).score).toBeGreaterThan(verdict(selection, a!).score!);
  });

  it('best-skill chooses the highest level in the required skills, then the least loaded', async () => {
    const [a, b, c] = await agents(3);
    await insertQueue(t, { key: `bs-${n}`, strategy: 'best-skill', memberIds: [a!, b!, c!] });
    await saveProfile(t, a!, { skills: [{ skill: 'product:credit-card', level: 3 }] });
    await saveProfile(t, b!, { skills: [{ skill: 'product:credit-card', level: 5 }] });
    await saveProfile(t, c!, { skills: [{ skill: 'product:credit-card', level: 5 }] });
    await newCaseInQueue(t, admin, `bs-${n}`, { departmentId: branch }, b!);
    // when a credit-card skill of at least 2 is required
    const selection = await select(`bs-${n}`, { requiredSkills: [{ skill: 'product:credit-card', minLevel: 2 }] });
    // then c (level 5, nothing open) beats b (level 5, one case) and a (level 3)
    expect(selection.chosenUserId).toBe(c);
    expect(codes(selection, a!)).toEqual(['lower-score']);
    expect(codes(selection, b!)).toEqual(['more-loaded']);
    expect(verdict(selection, c!).score).toBe(5);
    // and with no skill required the case type's skill counts
    await saveProfile(t, a!, { skills: [{ skill: 'case-type:complaint', level: 4 }] });
    expect((await select(`bs-${n}`)).chosenUserId).toBe(a);
  });

  it('passes over agents by presence, missing profile, capacity (total, channel, case type), skill, language, branch and earlier declines', async () => {
    const ids = await agents(10);
    const [available, busy, away, noProfile, full, chatFull, skillLess, monolingual, elsewhere, declined] = ids as [string, ...string[]];
    const branchAgent = await t.createUser(`sel${n}.other`, ['agent'], otherBranch);
    await insertQueue(t, { key: `pass-${n}`, memberIds: [...ids, branchAgent] });
    const skills = [{ skill: 'line:retail', level: 3 }];
    const languages = ['zh', 'en-GB'];
    for (const id of ids) if (id !== noProfile) await saveProfile(t, id, { skills, languages });
    await saveProfile(t, busy!, { presence: 'busy', skills, languages });
    await saveProfile(t, away!, { presence: 'away', skills, languages });
    await saveProfile(t, full!, { capacity: { total: 1 }, skills, languages });
    await saveProfile(t, chatFull!, { capacity: { total: null, byChannel: { phone: 1 } }, skills, languages });
    await saveProfile(t, skillLess!, { skills: [{ skill: 'line:retail', level: 1 }], languages });
    await saveProfile(t, monolingual!, { skills, languages: ['zh'] });
    await saveProfile(t, elsewhere!, { skills, languages });
    await saveProfile(t, branchAgent, { skills, languages, branchIds: [branch] });
    await newCaseInQueue(t, admin, `pass-${n}`, { departmentId: branch }, full!);
    await newCaseInQueue(t, admin, `pass-${n}`, { departmentId: branch }, chatFull!);
    await t.sql('UPDATE access.user SET department_id = $2 WHERE id = $1', [elsewhere, otherBranch]);
    // when
    const selection = await select(`pass-${n}`, {
      requiredSkills: [{ skill: 'line:retail', minLevel: 2 }],
      requiredLanguages: ['en'],
      branchId: branch,
      excludeUserIds: [declined!],
    });
    // then only the available one and the other branch's agent who serves this branch fit
    expect([available, branchAgent]).toContain(selection.chosenUserId);
    expect(codes(selection, busy!)).toEqual(['busy']);
    expect(codes(selection, away!)).toEqual(['away']);
    expect(codes(selection, noProfile!)).toContain('offline');
    expect(codes(selection, full!)).toEqual(['at-capacity']);
    expect(verdict(selection, full!).passedOver[0]!.detail).toBe('total 1');
    expect(verdict(selection, chatFull!).passedOver[0]!.detail).toBe('channel phone 1');
    expect(codes(selection, skillLess!)).toEqual(['missing-skill']);
    expect(codes(selection, monolingual!)).toEqual(['missing-language']);
    expect(codes(selection, elsewhere!)).toEqual(['not-branch']);
    expect(codes(selection, declined!)).toEqual(['declined']);
    expect(selection.candidates).toHaveLength(11);
  });

  it('counts a per-case-type capacity, the members of its groups and only active people; the preferred user first when they fit', async () => {
    const [a, b, c] = await agents(3);
    await t.sql("INSERT INTO access.group (key, name, kind, created_at) VALUES ($1, 'Group', 'group', now())", [`grp-${n}`]);
    await t.sql('INSERT INTO access.group_member (group_key, user_id) VALUES ($1, $2), ($1, $3)', [`grp-${n}`, b, c]);
    await insertQueue(t, { key: `grp-${n}`, memberIds: [a!], groupKeys: [`grp-${n}`] });
    await saveProfile(t, a!, { capacity: { total: null, byCaseType: { complaint: 1 } } });
    await saveProfile(t, b!);
    await saveProfile(t, c!);
    await newCaseInQueue(t, admin, `grp-${n}`, { departmentId: branch }, a!);
    await t.sql("UPDATE access.user SET status = 'disabled' WHERE id = $1", [b]);
    // when c is preferred (kept with the previous handler)
    const selection = await select(`grp-${n}`, { preferredUserId: c });
    // then
    expect(selection.candidates.map((v) => v.userId).sort()).toEqual([a, c].sort());
    expect(selection.chosenUserId).toBe(c);
    expect(verdict(selection, a!).passedOver[0]).toEqual({ code: 'at-capacity', detail: 'case type complaint 1' });
    // and nobody fits: nobody chosen, every reason given
    await t.sql("UPDATE routing.agent_profile SET presence = 'offline' WHERE user_id = $1", [c]);
    const none = await select(`grp-${n}`);
    expect(none.chosenUserId).toBeNull();
    expect(codes(none, c!)).toEqual(['offline']);
  });

  it('never chooses an agent whose profile another transaction holds (the SKIP LOCKED lock), and recounts the load under the lock', async () => {
    const [a, b] = await agents(2);
    await insertQueue(t, { key: `lock-${n}`, strategy: 'round-robin', memberIds: [a!, b!] });
    await saveProfile(t, a!, { capacity: { total: 1 } });
    await saveProfile(t, b!, { capacity: { total: 1 } });
    // given another transaction holds a's profile
    const holder = await t.database.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM routing.agent_profile WHERE user_id = $1 FOR UPDATE', [a]);
      // when
      const selection = await select(`lock-${n}`);
      // then b gets it and a is marked locked
      expect(selection.chosenUserId).toBe(b);
      expect(codes(selection, a!)).toEqual(['locked']);
      // and a case given to b by that other transaction (committed after our list was read) counts
      await holder.query('ROLLBACK');
    } finally {
      holder.release();
    }
    await newCaseInQueue(t, admin, `lock-${n}`, { departmentId: branch }, b!);
    await newCaseInQueue(t, admin, `lock-${n}`, { departmentId: branch }, a!);
    const full = await select(`lock-${n}`);
    expect(full.chosenUserId).toBeNull();
    expect(codes(full, a!)).toEqual(['at-capacity']);
  });
  it('under 64 commands at once never puts an agent over capacity nor gives a case twice', async () => {
    // given ten available agents taking three cases each, and 64 waiting cases
    const ids = await agents(10);
    await insertQueue(t, { key: `burst-${n}`, memberIds: ids });
    for (const id of ids) await saveProfile(t, id, { capacity: { total: 3 } });
    const cases: string[] = [];
    for (let i = 0; i < 64; i++) cases.push(await newCaseInQueue(t, admin, `burst-${n}`, { departmentId: branch }));
    // when each is routed in its own transaction, all at once
    const outcomes = await Promise.all(cases.map((id) => asRouter(t, (ctx) => routeCase(ctx, id, 'retry'))));
    // then 30 are assigned, three per agent, and 34 wait; the decisions agree with the case rows
    expect(outcomes.filter((o) => o.outcome === 'assigned')).toHaveLength(30);
    expect(outcomes.filter((o) => o.outcome === 'queued')).toHaveLength(34);
    const perAgent = await t.sql<{ assignee_id: string; n: number }>('SELECT assignee_id, count(*)::int AS n FROM cases.case WHERE queue = $1 AND assignee_id IS NOT NULL GROUP BY 1', [`burst-${n}`]);
    expect(perAgent.map((r) => r.n)).toEqual(Array(10).fill(3));
    const [disagree] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT DISTINCT ON (case_id) case_id, assignee_id FROM routing.decision ORDER BY case_id, id DESC) d
         JOIN cases.case c ON c.id = d.case_id
        WHERE c.queue = $1 AND d.assignee_id IS DISTINCT FROM c.assignee_id`,
      [`burst-${n}`],
    );
    expect(disagree!.n).toBe(0);
  });
});
