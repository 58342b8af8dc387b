import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  articleActionCondition,
  articleReadCondition,
  knowledgeReader,
  mayActOnArticle,
  mayReadArticle,
  maySeeWorkingArticle,
  workingAccessCondition,
  type ArticleAccessFacts,
} from '../../../../src/modules/knowledge/access.ts';
import type { Tx } from '../../../../src/platform/db/database.ts';
import type { Principal, PrincipalPermission } from '../../../../src/platform/http/principal.ts';
import { expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { article, setUpKnowledgeWorld, ifMatch, okJson, type Bank, type People } from './knowledge-fixtures.ts';

// Issue 19, part A: who reads which article. The SQL predicate (lists, search, suggestions) and
// the in-memory check (one article) must never disagree: generated readers and articles across
// reach (subtree, department, everyone), roles, sensitivity and permission scopes, judged both ways.

let t: TestApp;
let bank: Bank;
let p: People;
let api: Awaited<ReturnType<typeof setUpKnowledgeWorld>>['api'];

beforeAll(async () => {
  ({ t, bank, p, api } = await setUpKnowledgeWorld());
});
afterAll(() => t?.close());

// mulberry32: the same cases on every run, so a failure can be replayed.
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ (r + r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const SCOPES = ['own', 'department', 'subtree', 'all', undefined] as const;
const SENSITIVITIES = ['normal', 'confidential', 'secret'] as const;
const ROLES = ['agent', 'supervisor', 'auditor', 'risk'];
const ACTIONS = ['knowledge:read', 'knowledge:write', 'knowledge:review', 'knowledge:compliance-review'];

describe('the read rule, in SQL and in memory', () => {
  it('agrees on generated readers and articles', async () => {
    const next = random(19);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const some = <T>(items: readonly T[], chance: number) => items.filter(() => next() < chance);
    const departments = [bank.hq, bank.bj, bank.hd, bank.sh];
    const subtreeOf: Record<string, string[]> = { [bank.hq]: departments, [bank.bj]: [bank.bj, bank.hd], [bank.hd]: [bank.hd], [bank.sh]: [bank.sh] };
    const users = [randomUUID(), randomUUID(), randomUUID()];

    const facts: (ArticleAccessFacts & { id: number; createdBy: string })[] = Array.from({ length: 160 }, (_, id) => ({
      id,
      ownerId: pick(users),
      createdBy: pick(users),
      departmentId: next() < 0.15 ? null : pick(departments),
      reachSubtreeIds: next() < 0.5 ? [] : some(departments, 0.35),
      reachDepartmentIds: next() < 0.6 ? [] : some(departments, 0.35),
      roles: next() < 0.6 ? [] : some(ROLES, 0.4),
      sensitivity: pick(SENSITIVITIES),
    }));
    await t.sql(
      `CREATE TABLE public.article_facts (id int, owner_id uuid, created_by uuid, department_id uuid, reach_subtree_ids uuid[], reach_department_ids uuid[], roles text[], sensitivity text)`,
    );
    for (const f of facts) {
      await t.sql('INSERT INTO public.article_facts VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        f.id,
        f.ownerId,
        f.createdBy,
        f.departmentId,
        f.reachSubtreeIds,
        f.reachDepartmentIds,
        f.roles,
        f.sensitivity,
      ]);
    }

    const db = t.database.db as unknown as Tx;
    let compared = 0;
    let readHits = 0;
    for (let i = 0; i < 60; i++) {
      const departmentIds = some(departments, 0.3);
      const permissions: PrincipalPermission[] = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
        const scope = pick(SCOPES);
        const maxSensitivity = next() < 0.5 ? undefined : pick(SENSITIVITIES);
        return { action: pick(ACTIONS), ...(scope ? { scope } : {}), ...(maxSensitivity ? { maxSensitivity } : {}) };
      });
      if (next() < 0.1) permissions.push({ action: 'knowledge:admin' });
      const principal: Principal = {
        userId: pick(users),
        username: `reader-${i}`,
        displayName: `reader-${i}`,
        departmentId: departmentIds[0] ?? null,
        departmentIds,
        subtreeDepartmentIds: [...new Set(departmentIds.flatMap((d) => subtreeOf[d]!))],
        roles: some(ROLES, 0.4),
        permissions,
        kind: 'session',
        scopes: null,
        credentialId: 'test',
      };
      const reader = await knowledgeReader(db, principal);
      const bySql = async (condition: ReturnType<typeof articleReadCondition>) =>
        (await sql<{ id: number }>`SELECT f.id FROM public.article_facts f WHERE ${condition} ORDER BY f.id`.execute(db)).rows.map((r) => r.id);

      const context = `reader ${i}: ${JSON.stringify({ departmentIds, roles: principal.roles, permissions })}`;
      const readable = facts.filter((f) => mayReadArticle(reader, f)).map((f) => f.id);
      expect(await bySql(articleReadCondition(reader, 'f')), context).toEqual(readable);
      readHits += readable.length;
      expect(await bySql(workingAccessCondition(principal, 'f')), context).toEqual(facts.filter((f) => maySeeWorkingArticle(principal, f)).map((f) => f.id));
      for (const action of ['knowledge:write', 'knowledge:review']) {
        expect(await bySql(articleActionCondition(principal, action, 'f')), `${context} ${action}`).toEqual(facts.filter((f) => mayActOnArticle(principal, action, f)).map((f) => f.id));
      }
      compared += facts.length;
    }
    expect(compared).toBe(60 * 160);
    // The cases are mixed: some readers read some articles, none reads everything.
    expect(readHits).toBeGreaterThan(compared / 10);
    expect(readHits).toBeLessThan(compared * 0.9);
  });
});

describe('a branch sees only what it should', () => {
  async function publishAsAdmin(overrides: Record<string, unknown>) {
    const created = okJson(await api(p.admin, 'POST', '/knowledge/articles', article(overrides)), 201);
    const submitted = okJson(await api(p.admin, 'POST', `/knowledge/articles/${created.id}/submit`, {}, ifMatch(created.version)));
    // The administrator wrote it; a supervisor at head office reviews it.
    const supervisor = await t.login('k.hq-supervisor').catch(async () => {
      await t.createUser('k.hq-supervisor', ['supervisor', 'knowledge-editor'], bank.hq);
      return t.login('k.hq-supervisor');
    });
    return okJson(await api(supervisor, 'POST', `/knowledge/articles/${created.id}/review`, { decision: 'approved' }, ifMatch(submitted.version)));
  }

  it('keeps a head-office-only article from a Beijing branch agent and shows it to head office', async () => {
    const hqOnly = await publishAsAdmin({ title: '总行内部：反洗钱可疑交易甄别要点', reach: { subtrees: [], departments: [bank.hq] } });
    expectProblem(await api(p.bjAgent, 'GET', `/knowledge/articles/${hqOnly.id}`), 404, 'knowledge-article-not-found');
    expectProblem(await api(p.hdAgent, 'GET', `/knowledge/articles/${hqOnly.id}`), 404, 'knowledge-article-not-found');
    expect(okJson(await api(p.hqAgent, 'GET', `/knowledge/articles/${hqOnly.id}`)).title).toBe('总行内部：反洗钱可疑交易甄别要点');
    const bjList = okJson(await api(p.bjAgent, 'GET', '/knowledge/articles?limit=200'));
    expect(bjList.items.map((i: { id: string }) => i.id)).not.toContain(hqOnly.id);
    const hqList = okJson(await api(p.hqAgent, 'GET', '/knowledge/articles?limit=200'));
    expect(hqList.items.map((i: { id: string }) => i.id)).toContain(hqOnly.id);
  });

  it('shows an article reaching the Beijing subtree to a Haidian sub-branch agent, not to Shanghai', async () => {
    const beijing = await publishAsAdmin({ title: '北京地区：社保卡激活指引', reach: { subtrees: [bank.bj], departments: [] } });
    expect(okJson(await api(p.hdAgent, 'GET', `/knowledge/articles/${beijing.id}`)).title).toBe('北京地区：社保卡激活指引');
    expect(okJson(await api(p.bjAgent, 'GET', `/knowledge/articles/${beijing.id}`)).title).toBe('北京地区：社保卡激活指引');
    expectProblem(await api(p.shAgent, 'GET', `/knowledge/articles/${beijing.id}`), 404, 'knowledge-article-not-found');
    expectProblem(await api(p.hqAgent, 'GET', `/knowledge/articles/${beijing.id}`), 404, 'knowledge-article-not-found');
  });
});
