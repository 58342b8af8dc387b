import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, dumpAllTables as dumpTables, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';

// Issue 12, item 5: personal data typed into titles, comments and file names reached every
// reader of the case (marketing among them) and sat in clear in the database.

const RESIDENT_ID = '44030419900307123X';
const PHONE = '13687654321';
const CARD = '6222021234567894';
const FILE_PHONE = '13911112222';
const NEW_TITLE_PHONE = '15055556666';

const TITLE = `张先生投诉 身份证${RESIDENT_ID} 电话${PHONE}`;
const COMMENT = `客户提供卡号 ${CARD}，请核实`;
const FILE_NAME = `回电${FILE_PHONE}.png`;
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let t: TestApp;
let admin: string;
let agent: string;
let marketing: string;
let investigator: string;
let caseId: string;
let commentResponse: Record<string, unknown>;
let attachmentResponse: Record<string, unknown>;
let createResponse: Record<string, unknown>;

const get = (token: string, url: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });

function upload(token: string, id: string, fileName: string) {
  const boundary = '----docket-pii-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/png\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), PNG_1X1, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/attachments`, headers: { ...bearer(token), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
}

const dumpAllTables = () => dumpTables(t);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  // A role entitled to see identity numbers and phones in clear (e.g. a fraud investigator).
  const role = await t.app.inject({
    method: 'POST',
    url: '/api/v1/roles',
    headers: bearer(admin),
    payload: {
      key: 'investigator',
      name: 'Investigator',
      permissions: [{ action: 'case:read', fields: { 'class:resident-id': 'readable', 'class:phone': 'readable', 'class:bank-card': 'readable' } }],
    },
  });
  expect(role.statusCode).toBe(201);
  await t.createUser('agent.pii', ['agent']);
  await t.createUser('marketing.pii', ['marketing']);
  await t.createUser('investigator.pii', ['investigator']);
  [agent, marketing, investigator] = await Promise.all([t.login('agent.pii'), t.login('marketing.pii'), t.login('investigator.pii')]);

  const created = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(agent), payload: complaint({ title: TITLE }) });
  expect(created.statusCode).toBe(201);
  createResponse = created.json();
  caseId = created.json().id;
  const comment = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/comments`, headers: bearer(agent), payload: { body: COMMENT, visibility: 'internal' } });
  expect(comment.statusCode).toBe(201);
  commentResponse = comment.json();
  const attached = await upload(agent, caseId, FILE_NAME);
  expect(attached.statusCode).toBe(201);
  attachmentResponse = attached.json();
});
afterAll(() => t.close());

describe('personal data in free text', () => {
  it('tells the writer what was found (field and data class, never the value), and echoes it masked', () => {
    expect(createResponse.detectedPersonalData).toEqual([
      { field: 'title', dataClass: 'resident-id' },
      { field: 'title', dataClass: 'phone' },
    ]);
    expect(commentResponse.detectedPersonalData).toEqual([{ field: 'body', dataClass: 'bank-card' }]);
    expect(attachmentResponse.detectedPersonalData).toEqual([{ field: 'fileName', dataClass: 'phone' }]);
    for (const body of [createResponse.detectedPersonalData, commentResponse.detectedPersonalData, attachmentResponse.detectedPersonalData]) {
      expect(JSON.stringify(body)).not.toMatch(/\d{6}/);
    }
    // The agent (no unmask) gets back what it may read: the spans masked as fields of the class are.
    expect(createResponse.title).toBe('张先生投诉 身份证440304********123X 电话136****4321');
    expect(commentResponse.body).toBe('客户提供卡号 6222 **** **** 7894，请核实');
  });

  it('shows marketing the spans masked, or hidden where its field rules hide the class, in the case, the list, comments and attachments', async () => {
    const read = (await get(marketing, `/cases/${caseId}`)).json();
    expect(read.title).toBe('张先生投诉 身份证**** 电话136****4321');
    const list = (await get(marketing, '/cases')).json();
    expect(list.items.find((c: { id: string }) => c.id === caseId).title).toBe(read.title);
    const comments = (await get(marketing, `/cases/${caseId}/comments`)).json().items;
    expect(comments[0].body).toBe('客户提供卡号 ****，请核实');
    const attachments = (await get(marketing, `/cases/${caseId}/attachments`)).json().items;
    expect(attachments[0].fileName).toBe('回电139****2222.png');
    const everything = JSON.stringify([read, list, comments, attachments]);
    for (const secret of [RESIDENT_ID, PHONE, CARD, FILE_PHONE]) expect(everything).not.toContain(secret);
  });

  it('shows marketing the history and its free-text changes masked', async () => {
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${caseId}`,
      headers: { ...bearer(agent), 'if-match': '"1"' },
      payload: { title: `客户改电话 ${NEW_TITLE_PHONE}` },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().detectedPersonalData).toEqual([{ field: 'title', dataClass: 'phone' }]);

    const history = (await get(marketing, `/cases/${caseId}/history`)).json().items as { action: string; changes: { field: string; before: unknown; after: unknown }[]; data: unknown }[];
    const created = history.find((e) => e.action === 'case.created')!;
    expect(created.changes.find((c) => c.field === 'title')!.after).toBe('张先生投诉 身份证**** 电话136****4321');
    const noted = history.find((e) => e.action === 'case.noted')!;
    expect(noted.changes).toEqual([{ field: 'comment', before: null, after: '客户提供卡号 ****，请核实' }]);
    const retitled = history.find((e) => e.action === 'case.updated')!;
    expect(retitled.changes).toContainEqual({ field: 'title', before: '张先生投诉 身份证**** 电话136****4321', after: '客户改电话 150****6666' });
    const text = JSON.stringify(history);
    for (const secret of [RESIDENT_ID, PHONE, CARD, FILE_PHONE, NEW_TITLE_PHONE]) expect(text).not.toContain(secret);
  });

  it('shows an entitled reader the original text, in the case, comments, attachments and history', async () => {
    const read = (await get(investigator, `/cases/${caseId}`)).json();
    expect(read.title).toBe(`客户改电话 ${NEW_TITLE_PHONE}`);
    expect((await get(investigator, `/cases/${caseId}/comments`)).json().items[0].body).toBe(COMMENT);
    expect((await get(investigator, `/cases/${caseId}/attachments`)).json().items[0].fileName).toBe(FILE_NAME);
    const history = (await get(investigator, `/cases/${caseId}/history`)).json().items as { action: string; changes: { field: string; after: unknown }[] }[];
    expect(history.find((e) => e.action === 'case.created')!.changes.find((c) => c.field === 'title')!.after).toBe(TITLE);
  });

  it('does not find a case by the digits typed into its title, for a reader who sees them masked', async () => {
    const found = (await get(marketing, `/cases?q=${NEW_TITLE_PHONE}`)).json();
    expect(found.items).toEqual([]);
    const byMask = (await get(admin, `/cases?q=${encodeURIComponent('150****6666')}`)).json();
    expect(byMask.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
  });

  it('keeps none of it in clear in any table: titles, comments, file names, audit events and outbox', async () => {
    const dump = await dumpAllTables();
    for (const secret of [RESIDENT_ID, PHONE, CARD, FILE_PHONE, NEW_TITLE_PHONE]) expect(dump).not.toContain(secret);
    const [row] = await t.sql<{ title: string; title_sealed: string }>('SELECT title, title_sealed FROM cases.case WHERE id = $1', [caseId]);
    expect(row!.title).toBe('客户改电话 150****6666');
    expect(row!.title_sealed).toMatch(/^dk1\./);
  });

  it('leaves text without personal data as it is, unsealed', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(agent), payload: complaint({ title: '订单 2026120412345678 于 2026-12-04 扣费 ¥1,234.56' }) });
    expect(res.statusCode).toBe(201);
    expect(res.json().detectedPersonalData).toBeUndefined();
    const [row] = await t.sql<{ title: string; title_sealed: string | null }>('SELECT title, title_sealed FROM cases.case WHERE id = $1', [res.json().id]);
    expect(row).toEqual({ title: '订单 2026120412345678 于 2026-12-04 扣费 ¥1,234.56', title_sealed: null });
  });
});

describe('names and addresses in free text (issue 22)', () => {
  const NAME = '王小明';
  const STREET = '世纪大道100号';
  const BODY = `客户${NAME}要求把对账单寄到上海市浦东新区${STREET}，张先生已知悉`;

  it('are found, sealed and shown masked like name and address fields, and kept in clear nowhere', async () => {
    const comment = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/comments`, headers: bearer(agent), payload: { body: BODY, visibility: 'internal' } });
    expect(comment.statusCode).toBe(201);
    // A surname with an honorific (张先生) names nobody and stays as written.
    expect(comment.json().detectedPersonalData).toEqual([
      { field: 'body', dataClass: 'name' },
      { field: 'body', dataClass: 'address' },
    ]);
    const masked = '客户王**要求把对账单寄到上海市浦东新区****，张先生已知悉';
    expect(comment.json().body).toBe(masked);
    const comments = (await get(marketing, `/cases/${caseId}/comments`)).json().items as { body: string }[];
    expect(comments.map((c) => c.body)).toContain(masked);
    const [row] = await t.sql<{ body: string; body_sealed: string }>('SELECT body, body_sealed FROM cases.comment WHERE id = $1', [comment.json().id]);
    expect(row!.body).toBe(masked);
    expect(row!.body_sealed).toMatch(/^dk1\./);
    const dump = await dumpAllTables();
    for (const secret of [NAME, STREET]) expect(dump).not.toContain(secret);
  });
});

describe('POST /personal-data/detect', () => {
  it('answers where personal data is, never the value', async () => {
    const text = `请回电${PHONE}，身份证${RESIDENT_ID}`;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/personal-data/detect', headers: bearer(agent), payload: { text } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { start: 3, end: 14, dataClass: 'phone' },
        { start: 18, end: 36, dataClass: 'resident-id' },
      ],
    });
    expect(res.body).not.toContain(PHONE);
  });

  it('refuses an unauthenticated call, and a body without text naming the field', async () => {
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/personal-data/detect', payload: { text: PHONE } });
    expect(anonymous.statusCode).toBe(401);
    const bad = expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/personal-data/detect', headers: bearer(agent), payload: { txt: PHONE } }), 400, 'validation-failed');
    expect(bad.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(['text']));
  });
});
