import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';

// The "12378 regulator hotline" example of docs/designers/ingestion.md, read from the page itself:
// the documented source and message work as documented.

let t: TestApp;
let admin: string;
let source: Record<string, unknown>;
let message: Record<string, unknown>;

async function documentedBlock(marker: string): Promise<Record<string, unknown>> {
  const page = await readFile(new URL('../../../../../../docs/designers/ingestion.md', import.meta.url), 'utf8');
  const match = new RegExp(`<!-- ${marker} -->\\s*\`\`\`json\\n([\\s\\S]*?)\`\`\``).exec(page);
  if (!match) throw new Error(`no ${marker} block in docs/designers/ingestion.md`);
  return JSON.parse(match[1]!);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  source = await documentedBlock('hotline-source');
  message = await documentedBlock('hotline-message');
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(admin), ...(payload === undefined ? {} : { payload: payload as object }) });

describe('12378 regulator hotline (docs/designers/ingestion.md)', () => {
  it("opens the complaint under the hotline's number, due at the hotline's deadline, once", async () => {
    const created = await api('POST', '/ingest-sources', source);
    expect(created.statusCode).toBe(201);
    expect(created.json().writeBack).toMatchObject({ target: 'callback', callbackSecretSet: true });
    expect(created.body).not.toContain('change-me-to-the-gateway-shared-secret');

    // the documented deadline lies in the past once the calendar passes it: keep it ten days ahead
    const deadline = new Date(Date.now() + 10 * 86_400_000);
    deadline.setUTCMilliseconds(0);
    const forward = { ...message, deadline: deadline.toISOString().replace('.000Z', 'Z') };
    const res = await api('POST', '/ingest-sources/hotline-12378/messages', { messages: [forward] });
    expect(res.statusCode).toBe(200);
    const [result] = res.json().results;
    expect(result).toMatchObject({ status: 'created', id: expect.any(String) });
    expect(result.errors).toBeUndefined();

    const view = (await api('GET', `/cases/${result.id}`)).json();
    expect(view).toMatchObject({
      type: 'complaint',
      title: `12378 监管转办 ${message.complaintNo}`,
      priority: 'high',
      channel: '12378',
      tags: ['12378', 'regulator'],
      externalId: message.complaintNo,
    });
    expect(view.fields).toMatchObject({ category: 'credit-card', regulatorReferral: true, description: '客户反映信用卡年费未经同意扣收；诉求：退还年费并书面说明' });
    expect(new Date(view.dueAt).getTime()).toBe(deadline.getTime());
    const override = await t.sql<{ actor_name: string; reason: string }>("SELECT actor_name, reason FROM audit.event WHERE action = 'sla.due-overridden' AND case_id = $1", [result.id]);
    expect(override).toEqual([{ actor_name: 'system:ingest:hotline-12378', reason: 'deadline given by ingestion source hotline-12378' }]);

    // a second forward of the same complaint: no second case
    const again = (await api('POST', '/ingest-sources/hotline-12378/messages', { messages: [forward] })).json();
    expect(again.results[0]).toMatchObject({ status: 'duplicate', id: result.id });
    expect(await t.sql("SELECT 1 FROM cases.case WHERE external_source = 'hotline-12378'")).toHaveLength(1);
  });

  it('creates the case with the policy due time when the deadline is already past, and says so', async () => {
    const forward = { ...message, complaintNo: '12378-2026-1218-000999', deadline: '2020-01-01T17:00:00+08:00' };
    const res = await api('POST', '/ingest-sources/hotline-12378/messages', { messages: [forward] });
    const [result] = res.json().results;
    expect(result).toMatchObject({ status: 'created', errors: [{ field: 'dueAt', reason: expect.stringMatching(/^not applied/) }] });
    expect(await t.sql("SELECT 1 FROM audit.event WHERE action = 'sla.due-overridden' AND case_id = $1", [result.id])).toHaveLength(0);
  });

  it('dead-letters a forward whose resident id has a wrong check digit', async () => {
    const forward = { ...message, complaintNo: '12378-2026-1218-000777', complainant: { name: '赵六', phone: '13912345678', idNumber: '110105194912310021' } };
    const [result] = (await api('POST', '/ingest-sources/hotline-12378/messages', { messages: [forward] })).json().results;
    expect(result).toMatchObject({ status: 'invalid', errors: [{ field: 'fields.residentId', reason: 'check digit does not match (GB 11643)' }], deadLetterId: expect.any(String) });
  });
});
