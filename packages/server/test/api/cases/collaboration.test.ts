import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';

let t: TestApp;
let agent: string;
let agentId: string;

beforeAll(async () => {
  t = await createTestApp();
  await createSeedCaseTypes(t, await t.login('admin'));
  agentId = await t.createUser('agent.collab', ['agent']);
  agent = await t.login('agent.collab');
});
afterAll(() => t.close());

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';
// A real 1×1 PNG: signature, IHDR, IDAT and IEND chunks.
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function newCase(token = agent, overrides: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload: complaint(overrides) });
  if (res.statusCode !== 201) throw new Error(`create case: ${res.body}`);
  return res.json();
}

const rowsOf = (table: string, caseId: string) => t.sql(`SELECT * FROM ${table} WHERE case_id = $1`, [caseId]);
const eventsOf = (caseId: string) => t.sql<{ action: string }>("SELECT action FROM audit.event WHERE case_id = $1 AND action NOT LIKE 'routing.%' ORDER BY id", [caseId]);

/** multipart/form-data by hand (RFC 7578), so the test controls every byte of the part. */
function multipart(file: { fileName: string; contentType: string; content: Buffer }, boundary = '----docket-test-boundary-7MA4YWxkTrZu0gW') {
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.fileName}"\r\nContent-Type: ${file.contentType}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), file.content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

function upload(app: TestApp, token: string, caseId: string, file: { fileName: string; contentType: string; content: Buffer }) {
  const { payload, contentType } = multipart(file);
  return app.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, headers: { ...bearer(token), 'content-type': contentType }, payload });
}

describe('comments', () => {
  const post = (caseId: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/comments`, headers: bearer(agent), payload });

  it('adds an internal note and a public reply, each audited, listed oldest first', async () => {
    // given
    const c = await newCase();
    // when
    const note = await post(c.id, { body: '客户情绪激动, 请主管跟进', visibility: 'internal' });
    const reply = await post(c.id, { body: '您好, 我们已收到您的投诉', visibility: 'public' });
    // then
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ caseId: c.id, body: '客户情绪激动, 请主管跟进', visibility: 'internal', authorId: agentId });
    expect(reply.json()).toMatchObject({ visibility: 'public' });
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/comments`, headers: bearer(agent) });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([note.json().id, reply.json().id]);
    const events = await t.sql('SELECT action, target_id, changes, data FROM audit.event WHERE case_id = $1 AND target_type = $2 ORDER BY id', [c.id, 'comment']);
    expect(events).toEqual([
      { action: 'case.noted', target_id: note.json().id, changes: [{ field: 'comment', before: null, after: '客户情绪激动, 请主管跟进' }], data: { visibility: 'internal' } },
      { action: 'case.replied', target_id: reply.json().id, changes: [{ field: 'comment', before: null, after: '您好, 我们已收到您的投诉' }], data: { visibility: 'public' } },
    ]);
  });

  it.each([
    ['blank', { body: '   \n ', visibility: 'internal' }, 'body'],
    ['empty', { body: '', visibility: 'internal' }, 'body'],
    ['of an unknown visibility', { body: 'hello', visibility: 'secret' }, 'visibility'],
  ])('refuses a %s comment with 400 naming the field, and stores nothing', async (_name, payload, field) => {
    // given
    const c = await newCase();
    const eventsBefore = await eventsOf(c.id);
    // when
    const res = await post(c.id, payload);
    // then
    expect(expectProblem(res, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual([field]);
    expect(await rowsOf('cases.comment', c.id)).toEqual([]);
    expect(await eventsOf(c.id)).toEqual(eventsBefore);
  });

  it('answers 404 for comments on an unknown case, storing nothing', async () => {
    expectProblem(await post(UNKNOWN_ID, { body: 'hello', visibility: 'internal' }), 404, 'case-not-found');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/cases/${UNKNOWN_ID}/comments`, headers: bearer(agent) }), 404, 'case-not-found');
    expect(await rowsOf('cases.comment', UNKNOWN_ID)).toEqual([]);
  });
});

describe('attachments', () => {
  it('stores an uploaded PNG and returns the same bytes, type and file name on download', async () => {
    // given
    const c = await newCase();
    // when
    const res = await upload(t, agent, c.id, { fileName: 'id-card-scan.png', contentType: 'image/png', content: PNG_1X1 });
    // then
    expect(res.statusCode).toBe(201);
    const attachment = res.json();
    const sha256 = createHash('sha256').update(PNG_1X1).digest('hex');
    expect(attachment).toMatchObject({ caseId: c.id, fileName: 'id-card-scan.png', contentType: 'image/png', sizeBytes: PNG_1X1.length, sha256, createdBy: agentId });
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/attachments`, headers: bearer(agent) });
    expect(list.json().items).toEqual([attachment]);
    const download = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/attachments/${attachment.id}`, headers: bearer(agent) });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PNG_1X1)).toBe(true);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toBe("attachment; filename*=UTF-8''id-card-scan.png");
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect((await eventsOf(c.id)).map((e) => e.action)).toEqual(['case.created', 'case.attachment-added']);
  });

  it('keeps a Chinese file name without its client path, and sends it back encoded per RFC 6266', async () => {
    // given
    const c = await newCase();
    // when
    const res = await upload(t, agent, c.id, { fileName: 'C:\\Users\\teller\\身份证 扫描件.png', contentType: 'image/png', content: PNG_1X1 });
    // then
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fileName).toBe('身份证 扫描件.png');
    const download = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/attachments/${res.json().id}`, headers: bearer(agent) });
    expect(download.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('身份证 扫描件.png')}`);
  });

  it('escapes the characters RFC 5987 does not allow in filename*, such as an apostrophe', async () => {
    const c = await newCase();
    const res = await upload(t, agent, c.id, { fileName: "O'Brien (copy)*.png", contentType: 'image/png', content: PNG_1X1 });
    const download = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/attachments/${res.json().id}`, headers: bearer(agent) });
    expect(download.headers['content-disposition']).toBe("attachment; filename*=UTF-8''O%27Brien%20%28copy%29%2A.png");
  });

  it('stores the same content once, however often it is attached', async () => {
    // given
    const first = await newCase();
    const second = await newCase();
    const content = Buffer.concat([PNG_1X1, Buffer.from('same-content-twice')]);
    const sha256 = createHash('sha256').update(content).digest('hex');
    // when
    const a = await upload(t, agent, first.id, { fileName: 'a.png', contentType: 'image/png', content });
    const b = await upload(t, agent, second.id, { fileName: 'b.png', contentType: 'image/png', content });
    // then
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(await t.sql('SELECT size_bytes FROM cases.blob WHERE sha256 = $1', [sha256])).toEqual([{ size_bytes: content.length }]);
    expect(await t.sql('SELECT file_name FROM cases.attachment WHERE sha256 = $1 ORDER BY file_name', [sha256])).toEqual([{ file_name: 'a.png' }, { file_name: 'b.png' }]);
  });

  it('refuses text declared as image/png with 415 attachment-refused, storing nothing', async () => {
    // given
    const c = await newCase();
    const blobsBefore = await t.sql('SELECT sha256 FROM cases.blob');
    // when
    const res = await upload(t, agent, c.id, { fileName: 'photo.png', contentType: 'image/png', content: Buffer.from('this is not a picture') });
    // then
    expect(expectProblem(res, 415, 'attachment-refused').detail).toBe('the content is not recognisable, not image/png');
    expect(await rowsOf('cases.attachment', c.id)).toEqual([]);
    expect(await t.sql('SELECT sha256 FROM cases.blob')).toEqual(blobsBefore);
    expect((await eventsOf(c.id)).map((e) => e.action)).toEqual(['case.created']);
  });

  it('refuses a type outside the accepted list with 415', async () => {
    const c = await newCase();
    const res = await upload(t, agent, c.id, { fileName: 'run.sh', contentType: 'application/x-sh', content: Buffer.from('#!/bin/sh\nrm -rf /\n') });
    expect(expectProblem(res, 415, 'attachment-refused').detail).toContain('application/x-sh is not an accepted type');
    expect(await rowsOf('cases.attachment', c.id)).toEqual([]);
  });

  it('refuses a file larger than attachmentMaxBytes with 413, storing nothing', async () => {
    // given
    const small = await createTestApp({ config: { attachmentMaxBytes: 2048 } });
    try {
      await createSeedCaseTypes(small, await small.login('admin'));
      const admin = await small.login('admin');
      const created = await small.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(admin), payload: complaint() });
      const caseId = created.json().id;
      const big = Buffer.concat([PNG_1X1, Buffer.alloc(3_000, 0x20)]);
      // when
      const res = await upload(small, admin, caseId, { fileName: 'big.png', contentType: 'image/png', content: big });
      const fits = await upload(small, admin, caseId, { fileName: 'small.png', contentType: 'image/png', content: PNG_1X1 });
      // then
      expect(expectProblem(res, 413, 'payload-too-large').detail).toBe('Files may be at most 2048 bytes');
      expect(fits.statusCode).toBe(201);
      expect(await small.sql('SELECT file_name FROM cases.attachment')).toEqual([{ file_name: 'small.png' }]);
      expect(await small.sql('SELECT size_bytes FROM cases.blob')).toEqual([{ size_bytes: PNG_1X1.length }]);
    } finally {
      await small.close();
    }
  });

  it('refuses a request that is not multipart with 415, and one without a file with 400', async () => {
    // given
    const c = await newCase();
    // when
    const json = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/attachments`, headers: bearer(agent), payload: { file: 'x' } });
    const boundary = 'b0undary';
    const noFile = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/attachments`,
      headers: { ...bearer(agent), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
    });
    // then
    expectProblem(json, 415, 'unsupported-media-type');
    expect(expectProblem(noFile, 400, 'validation-failed').errors).toEqual([{ field: 'file', reason: 'is required' }]);
    expect(await rowsOf('cases.attachment', c.id)).toEqual([]);
  });

  it('answers 404 for an unknown case and an unknown attachment', async () => {
    const c = await newCase();
    expectProblem(await upload(t, agent, UNKNOWN_ID, { fileName: 'a.png', contentType: 'image/png', content: PNG_1X1 }), 404, 'case-not-found');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/attachments/${UNKNOWN_ID}`, headers: bearer(agent) }), 404, 'attachment-not-found');
    expect(await rowsOf('cases.attachment', UNKNOWN_ID)).toEqual([]);
  });

  it('does not serve an attachment through another case', async () => {
    // given
    const owner = await newCase();
    const other = await newCase();
    const attachment = (await upload(t, agent, owner.id, { fileName: 'a.png', contentType: 'image/png', content: PNG_1X1 })).json();
    // when
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${other.id}/attachments/${attachment.id}`, headers: bearer(agent) });
    // then
    expectProblem(res, 404, 'attachment-not-found');
  });
});

describe('links', () => {
  const link = (caseId: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/links`, headers: bearer(agent), payload });
  const list = async (caseId: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/links`, headers: bearer(agent) })).json().items;

  it('links two cases, lists the link with the linked case number, and answers a repeat with the same link', async () => {
    // given
    const a = await newCase();
    const b = await newCase();
    // when
    const res = await link(a.id, { caseId: b.id, kind: 'duplicates' });
    const again = await link(a.id, { caseId: b.id, kind: 'duplicates' });
    // then
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ caseId: a.id, linkedCaseId: b.id, linkedCaseNumber: b.number, kind: 'duplicates', createdBy: agentId });
    expect(again.json().id).toBe(res.json().id);
    expect(await list(a.id)).toEqual([{ ...res.json() }]);
    expect((await eventsOf(a.id)).map((e) => e.action)).toEqual(['case.created', 'case.linked']);
  });

  it.each([
    ['to itself', (self: string) => ({ caseId: self, kind: 'relates-to' }), 'a case cannot link to itself'],
    ['to an unknown case', () => ({ caseId: UNKNOWN_ID, kind: 'relates-to' }), 'no such case'],
  ])('refuses a link %s with 400 naming caseId, storing nothing', async (_name, body, reason) => {
    // given
    const a = await newCase();
    // when
    const res = await link(a.id, body(a.id));
    // then
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: 'caseId', reason }]);
    expect(await rowsOf('cases.case_link', a.id)).toEqual([]);
    expect((await eventsOf(a.id)).map((e) => e.action)).toEqual(['case.created']);
  });

  it('refuses an unknown link kind, naming it', async () => {
    const a = await newCase();
    const b = await newCase();
    expect(expectProblem(await link(a.id, { caseId: b.id, kind: 'blocks' }), 400, 'validation-failed').errors![0]!.field).toBe('kind');
    expect(await rowsOf('cases.case_link', a.id)).toEqual([]);
  });

  it('removes a link, and answers 404 for a link that is not there', async () => {
    // given
    const a = await newCase();
    const b = await newCase();
    const created = (await link(a.id, { caseId: b.id, kind: 'relates-to' })).json();
    // when
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/cases/${a.id}/links/${created.id}`, headers: bearer(agent) });
    const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/cases/${a.id}/links/${created.id}`, headers: bearer(agent) });
    // then
    expect(res.statusCode).toBe(204);
    expect(await list(a.id)).toEqual([]);
    expectProblem(again, 404, 'case-link-not-found');
    expect((await eventsOf(a.id)).map((e) => e.action)).toEqual(['case.created', 'case.linked', 'case.unlinked']);
  });

  it('does not remove a link through another case', async () => {
    // given
    const a = await newCase();
    const b = await newCase();
    const created = (await link(a.id, { caseId: b.id, kind: 'relates-to' })).json();
    // when
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/cases/${b.id}/links/${created.id}`, headers: bearer(agent) });
    // then
    expectProblem(res, 404, 'case-link-not-found');
    expect(await rowsOf('cases.case_link', a.id)).toHaveLength(1);
  });
});

describe('watchers', () => {
  const watch = (caseId: string, userId: string, method: 'PUT' | 'DELETE' = 'PUT') => t.app.inject({ method, url: `/api/v1/cases/${caseId}/watchers/${userId}`, headers: bearer(agent) });
  const watchers = async (caseId: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/watchers`, headers: bearer(agent) })).json().items;

  it('adds a watcher once however often it is put, and removes it', async () => {
    // given
    const c = await newCase();
    // A watcher must be able to read the case: an auditor reads every case.
    const supervisor = await t.createUser(`supervisor.${c.number}`, ['auditor']);
    // when
    const first = await watch(c.id, supervisor);
    const second = await watch(c.id, supervisor);
    // then
    expect([first.statusCode, second.statusCode]).toEqual([204, 204]);
    expect(await watchers(c.id)).toEqual([{ userId: supervisor, displayName: expect.any(String), since: expect.any(String) }]);
    expect((await watch(c.id, supervisor, 'DELETE')).statusCode).toBe(204);
    expect((await watch(c.id, supervisor, 'DELETE')).statusCode).toBe(204);
    expect(await watchers(c.id)).toEqual([]);
    expect((await eventsOf(c.id)).map((e) => e.action)).toEqual(['case.created', 'case.watcher-added', 'case.watcher-removed']);
  });

  it('refuses a watcher who is no user with 400 naming userId, storing nothing', async () => {
    // given
    const c = await newCase();
    // when
    const res = await watch(c.id, UNKNOWN_ID);
    // then
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: 'userId', reason: 'no such user' }]);
    expect(await rowsOf('cases.watcher', c.id)).toEqual([]);
    expect((await eventsOf(c.id)).map((e) => e.action)).toEqual(['case.created']);
  });

  it('answers 404 for an unknown case and 400 for a malformed user id', async () => {
    expectProblem(await watch(UNKNOWN_ID, agentId), 404, 'case-not-found');
    const c = await newCase();
    expect(expectProblem(await watch(c.id, 'not-a-uuid'), 400, 'validation-failed').errors![0]!.field).toBe('params.userId');
    expect(await rowsOf('cases.watcher', UNKNOWN_ID)).toEqual([]);
  });
});
