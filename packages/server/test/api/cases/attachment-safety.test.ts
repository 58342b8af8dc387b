import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseFileName } from '../../../src/modules/cases/attachment-files.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

// Attachment names are shown to every reader of a case and saved to their disk; the bytes reach
// their browser. Names are normalised when stored (and again when served), and every download is
// a download: attachment disposition, no sniffing, an inert type, and a sandbox.

let t: TestApp;
let agent: string;

beforeAll(async () => {
  t = await createTestApp();
  await createSeedCaseTypes(t, await t.login('admin'));
  await t.createUser('agent.files', ['agent']);
  agent = await t.login('agent.files');
});
afterAll(() => t.close());

const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
// Valid as a PDF (the magic bytes come first) and, read as a page, a script.
const PDF_HTML_POLYGLOT = Buffer.from('%PDF-1.4\n<html><body><script>fetch("/api/v1/me").then(r=>r.text()).then(alert)</script></body></html>\n%%EOF\n');

async function newCase(): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(agent), payload: complaint() });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().id;
}

/** The file name is written as raw UTF-8 bytes, as a browser sends it. */
function upload(caseId: string, fileName: string, contentType: string, content: Buffer) {
  const boundary = 'attachment-safety-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`, 'utf8');
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/attachments`,
    headers: { ...bearer(agent), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

const download = (caseId: string, attachmentId: string) => t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/attachments/${attachmentId}`, headers: bearer(agent) });
const storedNames = async (caseId: string) => (await t.sql<{ file_name: string }>('SELECT file_name FROM cases.attachment WHERE case_id = $1 ORDER BY created_at', [caseId])).map((r) => r.file_name);

describe('attachment file names', () => {
  it('strips a right-to-left override, so "invoice‮fdp.exe" cannot pass as a PDF, and keeps the extension of the verified type', async () => {
    // given
    const caseId = await newCase();
    // when: shown as "invoiceexe.pdf" by a bidi-aware listing, really "…pdf.exe"
    const res = await upload(caseId, 'invoice\u202Efdp.exe', 'text/plain', Buffer.from('hello'));
    // then
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fileName).toBe('invoicefdp.exe.txt');
    expect(await storedNames(caseId)).toEqual(['invoicefdp.exe.txt']);
    const audited = await t.sql<{ data: { fileName: string } }>("SELECT data FROM audit.event WHERE case_id = $1 AND action = 'case.attachment-added'", [caseId]);
    expect(audited.map((e) => e.data.fileName)).toEqual(['invoicefdp.exe.txt']);
    const served = await download(caseId, res.json().id);
    expect(served.headers['content-disposition']).toBe("attachment; filename*=UTF-8''invoicefdp.exe.txt");
  });

  it.each([
    ['every bidirectional control and isolate', 'a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061C.txt', 'abcdefghijk.txt'],
    ['zero-width characters and the BOM', 'sca\u200Bn\u200D\uFEFF.txt', 'scan.txt'],
    ['control characters and line breaks', 'a\u0001b\u001Fc\u007Fd\u0085e\u2028f.txt', 'abcdef.txt'],
    ['decomposed accents, composed to NFC', 'Cafe\u0301.txt', 'Caf\u00e9.txt'],
    ['leading dots that would hide the file', '...bashrc.txt', 'bashrc.txt'],
    ['a name of dots only', '..', 'file.txt'],
    ['no extension', 'README', 'README.txt'],
    ['an extension of another type', 'page.html', 'page.html.txt'],
    ['runs of spaces', '  a    b  .txt', 'a b.txt'],
  ])('normalises %s', async (_what, given, expected) => {
    // given
    const caseId = await newCase();
    // when
    const res = await upload(caseId, given, 'text/plain', Buffer.from('hello'));
    // then
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fileName).toBe(expected);
    expect(await storedNames(caseId)).toEqual([expected]);
  });

  it('drops a client path, and shortens a long name to 200 characters keeping its extension', async () => {
    // given
    const caseId = await newCase();
    // when
    const withPath = await upload(caseId, 'C:\\Users\\teller\\..\\secret.png', 'image/png', PNG_1X1);
    const long = await upload(caseId, `${'长'.repeat(5_000)}.png`, 'image/png', PNG_1X1);
    // then
    expect(withPath.json().fileName).toBe('secret.png');
    const name: string = long.json().fileName;
    expect([...name].length).toBe(200);
    expect(name.endsWith('长.png')).toBe(true);
  });

  it('names a PDF called report.exe report.exe.pdf, so the saved file opens as what it is', async () => {
    const caseId = await newCase();
    const res = await upload(caseId, 'report.exe', 'application/pdf', PDF);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fileName).toBe('report.exe.pdf');
  });

  it('normalises a name stored before normalisation when it is listed and downloaded', async () => {
    // given: a row written by an earlier version, with a right-to-left override in its name
    const caseId = await newCase();
    const res = await upload(caseId, 'scan.png', 'image/png', PNG_1X1);
    await t.sql('UPDATE cases.attachment SET file_name = $1 WHERE id = $2', ['photo\u202Egnp.exe', res.json().id]);
    // when
    const listed = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/attachments`, headers: bearer(agent) });
    const served = await download(caseId, res.json().id);
    // then
    expect(listed.json().items.map((a: { fileName: string }) => a.fileName)).toEqual(['photognp.exe.png']);
    expect(served.headers['content-disposition']).toBe("attachment; filename*=UTF-8''photognp.exe.png");
  });

  it('is idempotent', () => {
    for (const name of ['a\u202Eb.txt', '...x', 'Cafe\u0301', `${'x'.repeat(300)}.pdf`]) {
      const once = normaliseFileName(name, 'application/pdf');
      expect(normaliseFileName(once, 'application/pdf')).toBe(once);
    }
  });
});

describe('attachment downloads', () => {
  it.each([
    ['image/png', PNG_1X1, 'image/png'],
    ['text/plain', Buffer.from('<html><script>alert(1)</script></html>'), 'text/plain; charset=utf-8'],
    ['text/csv', Buffer.from('a,b\n1,2\n'), 'text/csv; charset=utf-8'],
    ['application/pdf', PDF, 'application/octet-stream'],
    ['application/json', Buffer.from('{"html":"<script>alert(1)</script>"}'), 'application/octet-stream'],
    ['message/rfc822', Buffer.from('Subject: hi\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>'), 'application/octet-stream'],
  ])('serves %s as a download of type %s, never as a page', async (declared, content, served) => {
    // given
    const caseId = await newCase();
    const res = await upload(caseId, 'file', declared, content);
    expect(res.statusCode, res.body).toBe(201);
    // when
    const got = await download(caseId, res.json().id);
    // then
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(content)).toBe(true);
    expect(got.headers['content-type']).toBe(served);
    expect(String(got.headers['content-disposition'])).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(got.headers['cache-control']).toBe('private, no-store');
  });

  it('refuses text/html, and a PDF that also reads as HTML, with 415, storing nothing', async () => {
    // given
    const caseId = await newCase();
    const blobs = await t.sql('SELECT sha256 FROM cases.blob ORDER BY sha256');
    const events = await t.sql('SELECT id FROM audit.event WHERE case_id = $1', [caseId]);
    // when
    const html = await upload(caseId, 'page.html', 'text/html', Buffer.from('<script>alert(1)</script>'));
    const polyglot = await upload(caseId, 'statement.pdf', 'application/pdf', PDF_HTML_POLYGLOT);
    // then
    expectProblem(html, 415, 'attachment-refused');
    expect(expectProblem(polyglot, 415, 'attachment-refused').detail).toBe('the content also reads as HTML, which is not accepted in a application/pdf file');
    expect(await storedNames(caseId)).toEqual([]);
    expect(await t.sql('SELECT sha256 FROM cases.blob ORDER BY sha256')).toEqual(blobs);
    expect(await t.sql('SELECT id FROM audit.event WHERE case_id = $1', [caseId])).toEqual(events);
  });
});

describe('malformed uploads', () => {
  it.each([
    ['no boundary', 'multipart/form-data', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhi\r\n--x--\r\n'],
    ['an empty boundary', 'multipart/form-data; boundary=', '--\r\n'],
    ['a body that is not multipart', 'multipart/form-data; boundary=abc', 'not multipart at all'],
    ['a part cut off', 'multipart/form-data; boundary=abc', '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhel'],
  ])('answers %s with 400 malformed-multipart naming the file field, storing nothing', async (_what, contentType, payload) => {
    // given
    const caseId = await newCase();
    // when
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/attachments`, headers: { ...bearer(agent), 'content-type': contentType }, payload });
    // then
    const problem = expectProblem(res, 400, 'malformed-multipart');
    expect(problem.errors).toEqual([{ field: 'file', reason: 'could not be read from the multipart body' }]);
    expect(await storedNames(caseId)).toEqual([]);
  });
});
