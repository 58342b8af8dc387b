import type { LightMyRequestResponse } from 'fastify';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailListener, type MailListener, registerEmailJobs } from '../../../../src/modules/integration/index.ts';
import { createJobHandlers, type JobRunner } from '../../../../src/platform/jobs/index.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { systemActor, testJobRunner } from '../../../helpers/job-runner.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../../helpers/smtp-server.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// E-mail in and out against real SMTP both ways: Docket's listener under test, and a test server catching what Docket sends.
let t: TestApp;
let admin: string;
let agent: string;
let outbox: TestSmtpServer;
let listener: MailListener;
let jobs: JobRunner;
const metrics = new Registry();
const MAILBOX = 'kefu@bank.example.cn';
const CUSTOMER = 'li.lei@example.cn';
const MAX_BYTES = 200_000;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const api = (token: string, method: Method, url: string, payload?: object, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, payload });

/** Sends an e-mail to Docket's listener as the bank's gateway would relay it. */
async function send(mail: SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port(), secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ from: { name: '李雷', address: CUSTOMER }, to: MAILBOX, ...mail });
  } finally {
    transport.close();
  }
}
const refusal = async (mail: SendMailOptions) =>
  send(mail).then(
    () => ({ responseCode: 250 }),
    (error: { responseCode?: number }) => error,
  );
const caseOfMessage = async (messageId: string) =>
  (await t.sql<{ case_id: string }>("SELECT case_id FROM integration.email_message WHERE direction = 'in' AND message_id = $1", [messageId]))[0]?.case_id;
const caseCount = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.case'))[0]!.n);
const emailsOf = async (caseId: string) => {
  const res = await api(admin, 'GET', `/cases/${caseId}/emails`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { direction: string; status: string; subject: string; counterpart: string; commentId: string | null; attachmentIds: string[]; error: string | null }[];
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  await t.createUser('agent.mail', ['agent']);
  agent = await t.login('agent.mail');
  outbox = await startTestSmtpServer();
  const handlers = createJobHandlers();
  registerEmailJobs(handlers, { smtpUrl: outbox.url, metrics });
  jobs = testJobRunner(t, { clock: t.clock, handlers });
  listener = createMailListener({ database: t.database, clock: t.clock, commands: t.commands, systemActor, port: 0, host: '127.0.0.1', maxBytes: MAX_BYTES, metrics });
  await listener.start();
  const created = await api(admin, 'POST', '/mailboxes', { key: 'service-desk', name: '客户服务中心', address: MAILBOX, caseType: 'consultation' });
  expect(created.statusCode, created.body).toBe(201);
}, 60_000);
afterAll(async () => {
  await listener?.stop();
  await outbox?.close();
  await t?.close();
});

describe('mailboxes', () => {
  it('are created, read, changed with If-Match and deleted by an administrator, audited', async () => {
    const created = await api(admin, 'POST', '/mailboxes', { key: 'complaints-mail', name: 'Complaints', address: 'Complaints@Bank.example.cn', caseType: 'complaint', language: 'en-US' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json()).toMatchObject({
      key: 'complaints-mail',
      address: 'complaints@bank.example.cn',
      language: 'en-US',
      active: true,
      version: 1,
      stats: { received: 0, sent: 0, failed: 0, lastReceivedAt: null },
    });
    expect((await api(admin, 'GET', '/mailboxes')).json().items.map((m: { key: string }) => m.key)).toEqual(['complaints-mail', 'service-desk']);
    const body = { name: 'Complaints desk', address: 'complaints@bank.example.cn', caseType: 'complaint', language: 'zh-CN' as const, active: false };
    expectProblem(await api(admin, 'PUT', '/mailboxes/complaints-mail', body), 428, 'precondition-required');
    expectProblem(await api(admin, 'PUT', '/mailboxes/complaints-mail', body, { 'if-match': '"7"' }), 412, 'mailbox-version-stale');
    const changed = await api(admin, 'PUT', '/mailboxes/complaints-mail', body, { 'if-match': '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Complaints desk', language: 'zh-CN', active: false, version: 2 });
    const audit = await t.sql<{ action: string; data: { changed?: string[] } }>("SELECT action, data FROM audit.event WHERE target_id = 'complaints-mail' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['integration.mailbox-saved', 'integration.mailbox-saved']);
    expect(audit[1]!.data.changed).toEqual(['name', 'language', 'active']);
    expect((await api(admin, 'DELETE', '/mailboxes/complaints-mail', undefined, { 'if-match': '"2"' })).statusCode).toBe(204);
    expectProblem(await api(admin, 'GET', '/mailboxes/complaints-mail'), 404, 'mailbox-not-found');
  });

  it('refuse a taken key or address (409) and an unknown case type (400), changing nothing', async () => {
    expectProblem(await api(admin, 'POST', '/mailboxes', { key: 'service-desk', name: 'x', address: 'other@bank.example.cn', caseType: 'consultation' }), 409, 'mailbox-exists');
    expectProblem(await api(admin, 'POST', '/mailboxes', { key: 'other-desk', name: 'x', address: MAILBOX.toUpperCase(), caseType: 'consultation' }), 409, 'mailbox-exists');
    const bad = expectProblem(await api(admin, 'POST', '/mailboxes', { key: 'other-desk', name: 'x', address: 'other@bank.example.cn', caseType: 'no-such-type' }), 400, 'validation-failed');
    expect(bad.errors).toEqual([{ field: 'caseType', reason: 'no case type no-such-type' }]);
    expect((await t.sql("SELECT key FROM integration.mailbox WHERE key = 'other-desk'")).length).toBe(0);
  });

  it('are refused (403) to a user without integration:admin, changing nothing', async () => {
    const body = { name: 'x', address: 'x@bank.example.cn', caseType: 'consultation' };
    expectProblem(await api(agent, 'GET', '/mailboxes'), 403, 'forbidden');
    expectProblem(await api(agent, 'GET', '/mailboxes/service-desk'), 403, 'forbidden');
    expectProblem(await api(agent, 'POST', '/mailboxes', { key: 'agent-desk', ...body }), 403, 'forbidden');
    expectProblem(await api(agent, 'PUT', '/mailboxes/service-desk', body, { 'if-match': '"1"' }), 403, 'forbidden');
    expectProblem(await api(agent, 'DELETE', '/mailboxes/service-desk', undefined, { 'if-match': '"1"' }), 403, 'forbidden');
    expect(await t.sql<{ key: string; version: number }>('SELECT key, version FROM integration.mailbox')).toEqual([{ key: 'service-desk', version: 1 }]);
  });
});

describe('e-mail in and out', () => {
  let caseId: string;
  let caseNumber: string;
  const firstId = `first-${Date.now()}@mail.example.cn`;

  it('an e-mail to a mailbox opens a case of its type, channel email, from the sender', async () => {
    await send({ subject: '  信用卡账单疑问  ', text: '您好，我的信用卡账单有一笔不明扣款，请帮忙查一下。', messageId: `<${firstId}>` });
    caseId = (await caseOfMessage(firstId))!;
    expect(caseId).toBeDefined();
    const res = await api(admin, 'GET', `/cases/${caseId}`);
    expect(res.statusCode, res.body).toBe(200);
    const found = res.json();
    caseNumber = found.number;
    expect(found).toMatchObject({ type: 'consultation', title: '信用卡账单疑问', channel: 'email' });
    expect(found.fields.question).toBe('您好，我的信用卡账单有一笔不明扣款，请帮忙查一下。');
    const [stored] = await t.sql<{ customer: Record<string, string> }>('SELECT customer FROM cases.case WHERE id = $1', [caseId]);
    // Sealed at rest, as every customer e-mail address.
    expect(JSON.stringify(stored!.customer)).not.toContain(CUSTOMER);
    const emails = await emailsOf(caseId);
    expect(emails).toMatchObject([{ direction: 'in', status: 'received', subject: '信用卡账单疑问' }]);
    expect(await metrics.getSingleMetricAsString('docket_email_received_total')).toContain('docket_email_received_total{mailbox="service-desk"} 1');
  });

  it("the agent's public reply arrives at the customer with the case number in the subject, threaded under their e-mail; an internal note does not", async () => {
    const note = await api(admin, 'POST', `/cases/${caseId}/comments`, { body: '内部：已转信用卡中心核查', visibility: 'internal' });
    expect(note.statusCode, note.body).toBe(201);
    const reply = await api(admin, 'POST', `/cases/${caseId}/comments`, { body: '经核查，该笔为年费，已为您申请退还。', visibility: 'public' });
    expect(reply.statusCode, reply.body).toBe(201);
    expect((await emailsOf(caseId)).map((e) => [e.direction, e.status])).toEqual([
      ['in', 'received'],
      ['out', 'queued'],
    ]);
    await jobs.runDue(new Date());
    await outbox.waitFor(1, 20_000);
    const sent = outbox.messages[0]!;
    expect(sent.subject).toBe(`Re: 信用卡账单疑问 [${caseNumber}]`);
    expect(sent.inReplyTo).toBe(`<${firstId}>`);
    expect(sent.from?.value[0]?.address).toBe(MAILBOX);
    expect(sent.envelopeTo).toEqual([CUSTOMER]);
    expect(sent.text).toContain('经核查，该笔为年费，已为您申请退还。');
    expect(sent.text).toContain(`案件编号：${caseNumber}`);
    expect(sent.text).toContain('李雷，您好');
    expect(sent.text).not.toContain('内部');
    const out = (await emailsOf(caseId)).find((e) => e.direction === 'out')!;
    expect(out).toMatchObject({ status: 'sent', commentId: reply.json().id, subject: `Re: 信用卡账单疑问 [${caseNumber}]` });
    const [row] = await t.sql<{ message_id: string }>("SELECT message_id FROM integration.email_message WHERE direction = 'out' AND case_id = $1", [caseId]);
    expect(sent.messageId).toBe(`<${row!.message_id}>`);
    expect(await metrics.getSingleMetricAsString('docket_email_sent_total')).toContain('docket_email_sent_total{result="sent"} 1');
  });

  it("the customer's answer lands on the same case as a customer comment, keeps its attachments, and reopens the resolved case", async () => {
    const current = (await api(admin, 'GET', `/cases/${caseId}`)).json();
    const resolved = await api(admin, 'PATCH', `/cases/${caseId}`, { status: 'resolved' }, { 'if-match': `"${current.version}"` });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const ours = outbox.messages[0]!.messageId!;
    const answerId = `answer-${Date.now()}@mail.example.cn`;
    await send({
      subject: `Re: Re: 信用卡账单疑问 [${caseNumber}]`,
      messageId: `<${answerId}>`,
      inReplyTo: ours,
      references: [`<${firstId}>`, ours],
      text: `谢谢，退款到账后我再确认。\n\n在 2026年12月5日，客户服务中心 写道：\n> 经核查，该笔为年费`,
      attachments: [
        { filename: 'receipt.txt', content: '退款凭证 REF-001', contentType: 'text/plain' },
        { filename: 'tool.exe', content: Buffer.from([0x4d, 0x5a, 0, 1, 2, 3]), contentType: 'application/octet-stream' },
      ],
    });
    expect(await caseOfMessage(answerId)).toBe(caseId);
    const comments = await t.sql<{ body: string; origin: string; channel: string; visibility: string }>(
      'SELECT body, origin, channel, visibility FROM cases.comment WHERE case_id = $1 ORDER BY created_at, id',
      [caseId],
    );
    expect(comments.at(-1)).toEqual({ body: '谢谢，退款到账后我再确认。', origin: 'customer', channel: 'email', visibility: 'public' });
    const listed = (await api(admin, 'GET', `/cases/${caseId}/comments`)).json().items;
    expect(listed.at(-1)).toMatchObject({ origin: 'customer', channel: 'email', visibility: 'public' });
    expect(listed[0]).toMatchObject({ origin: 'agent', channel: 'console' });
    const after = (await api(admin, 'GET', `/cases/${caseId}`)).json();
    expect(after.status).toBe('open');
    const attachments = (await api(admin, 'GET', `/cases/${caseId}/attachments`)).json().items;
    expect(attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['receipt.txt']);
    const inbound = (await emailsOf(caseId)).filter((e) => e.direction === 'in');
    expect(inbound).toHaveLength(2);
    expect(inbound[1]!.attachmentIds).toEqual([attachments[0].id]);
    expect(inbound[1]!.error).toBe('1 attachment(s) not kept: application/octet-stream not accepted');
    // The customer's own words are not sent back to them.
    await jobs.runDue(new Date());
    expect((await emailsOf(caseId)).filter((e) => e.direction === 'out')).toHaveLength(1);
  });

  it("the customer's answer brings a case waiting on them (pending) back to open", async () => {
    const current = (await api(admin, 'GET', `/cases/${caseId}`)).json();
    const pending = await api(admin, 'PATCH', `/cases/${caseId}`, { status: 'pending' }, { 'if-match': `"${current.version}"` });
    expect(pending.statusCode, pending.body).toBe(200);
    const answerId = `pending-answer-${Date.now()}@mail.example.cn`;
    await send({ subject: `Re: 信用卡账单疑问 [${caseNumber}]`, messageId: `<${answerId}>`, inReplyTo: `<${firstId}>`, text: '补充材料已附上。' });
    expect(await caseOfMessage(answerId)).toBe(caseId);
    const after = (await api(admin, 'GET', `/cases/${caseId}`)).json();
    expect(after.status).toBe('open');
    const [moved] = await t.sql<{ reason: string }>("SELECT reason FROM audit.event WHERE target_id = $1 AND action = 'case.status-changed' ORDER BY occurred_at DESC LIMIT 1", [caseId]);
    expect(moved!.reason).toBe('The customer answered by e-mail');
  });

  it("the customer's new e-mail with only the case number in its subject (no In-Reply-To, no References) lands on the same case", async () => {
    const before = await caseCount();
    const id = `by-number-${Date.now()}@mail.example.cn`;
    // A different mail client, a forwarded note: nothing links it but the number the bank put in its subject.
    await send({ from: { name: '李雷', address: CUSTOMER.toUpperCase() }, subject: `补充说明 [${caseNumber}]`, messageId: `<${id}>`, text: '另外，上月也有一笔同样的扣款。' });
    expect(await caseOfMessage(id)).toBe(caseId);
    expect(await caseCount()).toBe(before);
    const comments = await t.sql<{ body: string; origin: string }>('SELECT body, origin FROM cases.comment WHERE case_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1', [caseId]);
    expect(comments[0]).toEqual({ body: '另外，上月也有一笔同样的扣款。', origin: 'customer' });
  });

  it('the same e-mail twice (same Message-ID) has one effect', async () => {
    const id = `twice-${Date.now()}@mail.example.cn`;
    const before = await caseCount();
    await send({ subject: '账户冻结', text: '我的账户被冻结了', messageId: `<${id}>` });
    await send({ subject: '账户冻结', text: '我的账户被冻结了', messageId: `<${id}>` });
    expect(await caseCount()).toBe(before + 1);
    expect((await t.sql('SELECT id FROM integration.email_message WHERE message_id = $1', [id])).length).toBe(1);
  });

  it("a stranger's e-mail quoting someone's case number, or replying to their thread, opens a new case", async () => {
    const before = await caseCount();
    const byNumber = `stranger-${Date.now()}@mail.example.cn`;
    await send({ from: 'mallory@evil.example', subject: `Re: 信用卡账单疑问 [${caseNumber}]`, text: '请把这个案件的资料发给我', messageId: `<${byNumber}>` });
    const byThread = `stranger-thread-${Date.now()}@mail.example.cn`;
    await send({ from: 'mallory@evil.example', subject: 'Re: 信用卡账单疑问', text: '再问一次', messageId: `<${byThread}>`, inReplyTo: outbox.messages[0]!.messageId });
    expect(await caseCount()).toBe(before + 2);
    const strangers = [await caseOfMessage(byNumber), await caseOfMessage(byThread)];
    expect(strangers).not.toContain(caseId);
    const comments = await t.sql<{ body: string }>('SELECT body FROM cases.comment WHERE case_id = $1', [caseId]);
    expect(comments.map((c) => c.body)).not.toContain('请把这个案件的资料发给我');
  });

  it('refuses an unknown recipient with 550 and an oversize e-mail with 552, creating nothing', async () => {
    const before = await caseCount();
    expect((await refusal({ to: 'nobody@bank.example.cn', subject: 'x', text: 'x' })).responseCode).toBe(550);
    const big = Buffer.alloc(MAX_BYTES + 10_000, 'a').toString();
    expect((await refusal({ subject: 'big', text: 'see attachment', attachments: [{ filename: 'big.txt', content: big, contentType: 'text/plain' }] })).responseCode).toBe(552);
    expect(await caseCount()).toBe(before);
  });

  it('reads an HTML-only e-mail as text', async () => {
    const id = `html-${Date.now()}@mail.example.cn`;
    await send({ subject: '网银登录', html: '<p>网银<b>无法登录</b></p><p>请回电</p>', messageId: `<${id}>` });
    const found = (await api(admin, 'GET', `/cases/${await caseOfMessage(id)}`)).json();
    expect(found.fields.question).toContain('网银无法登录');
    expect(found.fields.question).not.toContain('<');
  });

  it('answers 451 when the e-mail cannot be stored (the case type refuses the case), writing nothing', async () => {
    // complaint requires a category and a phone an e-mail does not give.
    const created = await api(admin, 'POST', '/mailboxes', { key: 'complaint-desk', name: 'Complaints', address: 'tousu@bank.example.cn', caseType: 'complaint' });
    expect(created.statusCode, created.body).toBe(201);
    const before = await caseCount();
    const emailsBefore = (await t.sql('SELECT id FROM integration.email_message')).length;
    expect((await refusal({ to: 'tousu@bank.example.cn', subject: '投诉', text: '乱收费' })).responseCode).toBe(451);
    expect(await caseCount()).toBe(before);
    expect((await t.sql('SELECT id FROM integration.email_message')).length).toBe(emailsBefore);
  });

  it('replies in the mailbox language (en-US)', async () => {
    const created = await api(admin, 'POST', '/mailboxes', { key: 'ideas-desk', name: 'Ideas desk', address: 'ideas@bank.example.cn', caseType: 'suggestion', language: 'en-US' });
    expect(created.statusCode, created.body).toBe(201);
    const id = `idea-${Date.now()}@mail.example.cn`;
    await send({ to: 'ideas@bank.example.cn', subject: 'Longer opening hours', text: 'Please open on Sundays.', messageId: `<${id}>` });
    const ideaCase = (await caseOfMessage(id))!;
    const count = outbox.messages.length;
    const reply = await api(admin, 'POST', `/cases/${ideaCase}/comments`, { body: 'Thank you, we will consider it.', visibility: 'public' });
    expect(reply.statusCode, reply.body).toBe(201);
    await jobs.runDue(new Date());
    await outbox.waitFor(count + 1, 20_000);
    const sent = outbox.messages[count]!;
    const number = (await api(admin, 'GET', `/cases/${ideaCase}`)).json().number;
    expect(sent.from?.value[0]?.address).toBe('ideas@bank.example.cn');
    expect(sent.text).toContain('Dear 李雷,');
    expect(sent.text).toContain(`Case number: ${number}`);
    expect(sent.text).toContain('reply to this e-mail');
  });

  it('counts what each mailbox received and sent', async () => {
    const res = await api(admin, 'GET', '/mailboxes/service-desk');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().stats).toMatchObject({ sent: 1, failed: 0 });
    expect(res.json().stats.received).toBeGreaterThanOrEqual(5);
    expect(res.json().stats.lastReceivedAt).not.toBeNull();
  });

  it("shows a case's e-mails to a reader with case:read, the customer's address masked by their field rules", async () => {
    const role = await api(admin, 'POST', '/roles', { key: 'mail-reader', name: 'Mail reader', permissions: [{ action: 'case:read' }] });
    expect(role.statusCode, role.body).toBe(201);
    await t.createUser('reader.mail', ['mail-reader']);
    const reader = await t.login('reader.mail');
    const res = await api(reader, 'GET', `/cases/${caseId}/emails`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { counterpart: string }[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.counterpart).not.toContain('li.lei');
      expect(item.counterpart).toMatch(/\*/);
    }
    expect(res.body).not.toContain(CUSTOMER);
    // Without case:read on it, the case is not there for the reader.
    expectProblem(await api(agent, 'GET', `/cases/${caseId}/emails`), 404, 'case-not-found');
  });

  it('retries a reply the mail server refuses for now, then sends it', async () => {
    outbox.refuseNext(1);
    const count = outbox.messages.length;
    const reply = await api(admin, 'POST', `/cases/${caseId}/comments`, { body: '退款已到账，请查收。', visibility: 'public' });
    expect(reply.statusCode, reply.body).toBe(201);
    await jobs.runDue(new Date());
    expect(outbox.refused()).toBe(1);
    expect((await emailsOf(caseId)).at(-1)!.status).toBe('queued');
    // The back-off after the first failure is 1 s: due a little later.
    const deadline = Date.now() + 30_000;
    while (outbox.messages.length === count && Date.now() < deadline) await jobs.runDue(new Date(Date.now() + 5_000));
    await outbox.waitFor(count + 1, 20_000);
    expect((await emailsOf(caseId)).at(-1)!.status).toBe('sent');
    expect(await metrics.getSingleMetricAsString('docket_email_sent_total')).toContain('result="retrying"} 1');
  });

  it('gives a reply up as failed after the last attempt, keeping the SMTP code and not the server text', async () => {
    const id = `fails-${Date.now()}@mail.example.cn`;
    await send({ subject: '挂失补卡', text: '卡丢了', messageId: `<${id}>` });
    const lostCard = (await caseOfMessage(id))!;
    outbox.refuseNext(1_000);
    try {
      const reply = await api(admin, 'POST', `/cases/${lostCard}/comments`, { body: '请携带身份证到网点办理。', visibility: 'public' });
      expect(reply.statusCode, reply.body).toBe(201);
      const deadline = Date.now() + 60_000;
      let last = (await emailsOf(lostCard)).at(-1)!;
      for (let hours = 1; last.status === 'queued' && Date.now() < deadline; hours++) {
        // Each pass is past the back-off of the attempt before (at most an hour).
        await jobs.runDue(new Date(Date.now() + hours * 3_600_000));
        last = (await emailsOf(lostCard)).at(-1)!;
      }
      expect(last).toMatchObject({ direction: 'out', status: 'failed', error: 'SMTP 451' });
      expect(outbox.refused()).toBeGreaterThanOrEqual(10);
      expect(await metrics.getSingleMetricAsString('docket_email_sent_total')).toContain('result="failed"} 1');
    } finally {
      outbox.refuseNext(0);
    }
  }, 90_000);

  it('keeps a subject holding personal data masked, the original sealed', async () => {
    const id = `pd-${Date.now()}@mail.example.cn`;
    await send({ subject: '请回电 13812345678', text: '谢谢', messageId: `<${id}>` });
    const [row] = await t.sql<{ subject: string; subject_sealed: string | null }>('SELECT subject, subject_sealed FROM integration.email_message WHERE message_id = $1', [id]);
    expect(row!.subject).not.toContain('13812345678');
    expect(row!.subject_sealed).not.toBeNull();
    expect(row!.subject_sealed).not.toContain('13812345678');
  });
});
