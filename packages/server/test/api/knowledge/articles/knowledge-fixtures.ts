import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';

// A small bank for the knowledge tests: head office with the Beijing branch (and its Haidian
// sub-branch) and the Shanghai branch below it, and the people who write, review, approve for
// compliance and read articles there.

export interface Bank {
  hq: string;
  bj: string;
  hd: string;
  sh: string;
}

export interface People {
  admin: string;
  /** Agent at the Beijing branch: writes own drafts, reads their department's articles. */
  author: string;
  authorId: string;
  /** Supervisor at the Beijing branch: reviews what its subtree wrote. */
  reviewer: string;
  reviewerId: string;
  /** Supervisor at the Beijing branch who also holds compliance review. */
  reviewerCompliance: string;
  /** Compliance officer at head office. */
  compliance: string;
  /** Agents elsewhere. */
  bjAgent: string;
  hdAgent: string;
  shAgent: string;
  hqAgent: string;
  hqAgentId: string;
  /** Holds no knowledge action at all. */
  marketing: string;
}

export async function createBank(t: TestApp): Promise<Bank> {
  const [hq, bj, hd, sh] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const insert = (id: string, code: string, kind: string, parent: string | null, path: string) =>
    t.sql('INSERT INTO access.department (id, code, name, kind, parent_id, path) VALUES ($1, $2, $2, $3, $4, $5)', [id, code, kind, parent, path]);
  await insert(hq, `HQ-${hq.slice(0, 4)}`, 'head-office', null, `/${hq}/`);
  await insert(bj, `BJ-${bj.slice(0, 4)}`, 'branch', hq, `/${hq}/${bj}/`);
  await insert(hd, `HD-${hd.slice(0, 4)}`, 'sub-branch', bj, `/${hq}/${bj}/${hd}/`);
  await insert(sh, `SH-${sh.slice(0, 4)}`, 'branch', hq, `/${hq}/${sh}/`);
  return { hq, bj, hd, sh };
}

export async function createPeople(t: TestApp, bank: Bank): Promise<People> {
  const authorId = await t.createUser('k.author', ['agent'], bank.bj);
  const reviewerId = await t.createUser('k.reviewer', ['supervisor'], bank.bj);
  await t.createUser('k.reviewer-compliance', ['supervisor', 'knowledge-compliance'], bank.bj);
  await t.createUser('k.compliance', ['knowledge-compliance'], bank.hq);
  await t.createUser('k.bj-agent', ['agent'], bank.bj);
  await t.createUser('k.hd-agent', ['agent'], bank.hd);
  await t.createUser('k.sh-agent', ['agent'], bank.sh);
  const hqAgentId = await t.createUser('k.hq-agent', ['agent'], bank.hq);
  await t.createUser('k.marketing', ['marketing'], bank.bj);
  return {
    admin: await t.login('admin'),
    author: await t.login('k.author'),
    authorId,
    reviewer: await t.login('k.reviewer'),
    reviewerId,
    reviewerCompliance: await t.login('k.reviewer-compliance'),
    compliance: await t.login('k.compliance'),
    bjAgent: await t.login('k.bj-agent'),
    hdAgent: await t.login('k.hd-agent'),
    shAgent: await t.login('k.sh-agent'),
    hqAgent: await t.login('k.hq-agent'),
    hqAgentId,
    marketing: await t.login('k.marketing'),
  };
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export function apiOf(t: TestApp) {
  return (token: string, method: Method, url: string, payload?: object, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload ? { payload } : {}) });
}

/** A valid article body, with overrides. */
export function article(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'sop',
    title: '信用卡年费减免规程',
    summary: '年费减免的条件与办理步骤',
    body: '<h2>适用范围</h2><p>持卡人申请<strong>信用卡年费</strong>减免。</p><ol><li>核实身份</li><li>查询消费记录</li></ol>',
    audience: 'internal',
    tags: ['年费', '信用卡'],
    caseTypes: ['complaint'],
    products: ['credit-card'],
    ...overrides,
  };
}

export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export function okJson(res: LightMyRequestResponse, status = 200) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json();
}

/** A test app with the small bank, its people and an API caller: each knowledge test file's setup. */
export async function setUpKnowledgeWorld(): Promise<{ t: TestApp; bank: Bank; p: People; api: ReturnType<typeof apiOf> }> {
  const t = await createTestApp();
  const bank = await createBank(t);
  return { t, bank, p: await createPeople(t, bank), api: apiOf(t) };
}
