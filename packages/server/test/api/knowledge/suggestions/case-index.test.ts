import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexCasesWithoutDocument } from '../../../../src/modules/knowledge/index.ts';
import { complaint, createSeedCaseTypes, VALID_BANK_CARD, VALID_RESIDENT_ID } from '../../../helpers/factories.ts';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';

// knowledge.case_document follows each case in the case's own commands: the words of its title
// and free-text fields (never a field of a data class, never personal data typed into text),
// its type, category, status and department.

let t: TestApp;
let admin: string;

const documentOf = async (caseId: string) =>
  (
    await t.sql<{ type_key: string; category: string | null; product: string | null; status_category: string; field_keys: string[]; words: string; resolved: boolean }>(
      'SELECT type_key, category, product, status_category, field_keys, search_vector::text AS words, resolved_at IS NOT NULL AS resolved FROM knowledge.case_document WHERE case_id = $1',
      [caseId],
    )
  )[0];

async function createCase(title: string, description: string): Promise<{ id: string; version: number }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(admin), payload: complaint({ title }, { category: 'credit-card', description }) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function patch(c: { id: string; version: number }, payload: object): Promise<{ id: string; version: number }> {
  const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${c.id}`, headers: { ...bearer(admin), 'if-match': `"${c.version}"` }, payload });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
});
afterAll(() => t.close());

describe('the case words index', () => {
  it('writes no document when a case is created (it starts unfinished), and one when it is resolved, in that command', async () => {
    const c = await createCase('信用卡年费投诉 13812345678', `年费被重复收取，身份证 ${VALID_RESIDENT_ID}，卡号 ${VALID_BANK_CARD}`);
    expect(await documentOf(c.id)).toBeUndefined();
    await patch(c, { status: 'resolved' });
    const doc = await documentOf(c.id);
    expect(doc).toMatchObject({ type_key: 'complaint', category: 'credit-card', product: 'credit-card', status_category: 'resolved', resolved: true, field_keys: ['title', 'fields.description'] });
    expect(doc!.words).toContain("'年费'");
    expect(doc!.words).toContain("'重复'");
    for (const value of ['13812345678', '138', '5678', VALID_RESIDENT_ID, '110105', VALID_BANK_CARD, '6222', '7894', '张三']) expect(doc!.words, value).not.toContain(value);
  });

  it('follows a change of the text, and a public reply', async () => {
    let c = await createCase('理财产品咨询', '赎回');
    c = await patch(c, { fields: { description: '理财产品赎回到账时间' } });
    expect((await documentOf(c.id))!.words).toContain("'时间'");
    const reply = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/comments`, headers: bearer(admin), payload: { body: '赎回资金已于次日到账，请查收', visibility: 'public' } });
    expect(reply.statusCode, reply.body).toBe(201);
    const doc = await documentOf(c.id);
    expect(doc!.field_keys).toContain('comments.public');
    expect(doc!.words).toContain("'查收'");
  });

  it('indexes finished cases without a document in the background job, and leaves unfinished ones to their next change', async () => {
    const finished = await patch(await createCase('信用卡分期手续费', '分期手续费过高'), { status: 'resolved' });
    const open = await createCase('开户咨询', '开户');
    await t.sql('DELETE FROM knowledge.case_document WHERE case_id = $1', [finished.id]);
    const indexed = await indexCasesWithoutDocument(t.database.db, t.clock, { chunkSize: 2 });
    expect(indexed).toBeGreaterThanOrEqual(1);
    expect((await documentOf(finished.id))!.words).toContain("'手续费'");
    expect(await documentOf(open.id)).toBeUndefined();
    expect(await indexCasesWithoutDocument(t.database.db, t.clock)).toBe(0);
  });
});
