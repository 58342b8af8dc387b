import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerNotificationJobs } from '../../../src/modules/notifications/index.ts';
import { TestClock } from '../../../src/platform/clock/index.ts';
import { createJobHandlers, type JobRunner } from '../../../src/platform/jobs/index.ts';
import { complaint, createSeedCaseTypes, VALID_RESIDENT_ID } from '../../helpers/factories.ts';
import { testJobRunner } from '../../helpers/job-runner.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server.ts';
import { bearer, createTestApp, type TestApp } from '../../helpers/test-app.ts';

// Notification e-mails through a real SMTP server started here: they leave after the command
// commits, as jobs of the platform job runner; a refusing server fails no command and the e-mail
// is retried with back-off; the words are the recipient's language; nothing sensitive goes out.

const START = new Date('2026-12-10T09:00:00Z');
let t: TestApp;
let clock: TestClock;
let runner: JobRunner;
let smtp: TestSmtpServer;
let admin: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

const api = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
const advance = async (ms: number) => {
  clock.moveTo(new Date(clock.now().getTime() + ms));
  await runner.runDue(clock.now());
};
const emailJobs = () => t.sql<{ state: string; attempts: number }>("SELECT state, attempts FROM platform.job WHERE kind = 'notifications.email' ORDER BY id");

const assignTo = (userId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="https://docket.dev/test">
  <bpmn:process id="mail-review" name="贷款审批" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:userTask id="work" name="复核贷款" camunda:assignee="${userId}" />
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  clock = new TestClock(START);
  t = await createTestApp({ clock });
  const handlers = createJobHandlers();
  registerNotificationJobs(handlers, { smtpUrl: smtp.url, from: 'Docket <docket@bank.example>', publicUrl: 'https://docket.bank.example/' });
  runner = testJobRunner(t, { clock, handlers });
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  // wang writes the cases (own scope); li and nomail read every case (auditors).
  for (const [name, role] of [
    ['wang', 'agent'],
    ['li', 'auditor'],
    ['nomail', 'auditor'],
  ] as const) {
    ids[name] = await t.createUser(name, [role]);
    tokens[name] = await t.login(name);
  }
  expect((await api(tokens.wang!, 'PUT', '/me/notification-preferences', { email: 'wang@bank.example' })).statusCode).toBe(200);
  expect((await api(tokens.li!, 'PUT', '/me/notification-preferences', { email: 'li@bank.example', locale: 'en-US' })).statusCode).toBe(200);
  const deployed = await api(admin, 'POST', '/processes', { xml: assignTo(ids.wang!) });
  expect(deployed.statusCode, deployed.body).toBe(201);
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('notification e-mails', () => {
  it('e-mails the assignee of a new task in Chinese after the command commits, with a link to the task', async () => {
    const started = await api(admin, 'POST', '/process-instances', { processKey: 'mail-review', variables: {} });
    expect(started.statusCode).toBe(201);
    // Scheduled in the command, sent by the job runner: nothing has left yet.
    expect(smtp.messages).toHaveLength(0);
    expect(await emailJobs()).toEqual([{ state: 'pending', attempts: 0 }]);
    await runner.runDue(clock.now());
    await smtp.waitFor(1);
    const [mail] = smtp.messages.splice(0);
    const [task] = await t.sql<{ id: string }>('SELECT id FROM process.task WHERE instance_id = $1', [started.json().id]);
    expect(mail!.envelopeTo).toEqual(['wang@bank.example']);
    expect(mail!.subject).toBe('[Docket] 新待办：复核贷款');
    expect(mail!.from?.text).toContain('docket@bank.example');
    expect(mail!.text).toContain('将任务「复核贷款」交给了您');
    expect(mail!.text).toContain(`https://docket.bank.example/tasks/${task!.id}`);
    expect(mail!.html).toContain(`href="https://docket.bank.example/tasks/${task!.id}"`);
  });

  it("writes in the recipient's language and never carries a sensitive value of the case", async () => {
    const created = await api(tokens.wang!, 'POST', '/cases', complaint({}, { customerName: '欧阳娜娜', description: '客户称账户被收取不明费用' }));
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    const note = await api(tokens.wang!, 'POST', `/cases/${c.id}/comments`, { body: `@li 请核对 欧阳娜娜 ${VALID_RESIDENT_ID} 的扣费`, visibility: 'internal' });
    expect(note.statusCode, note.body).toBe(201);
    await runner.runDue(clock.now());
    await smtp.waitFor(1);
    const [mail] = smtp.messages.splice(0);
    expect(mail!.envelopeTo).toEqual(['li@bank.example']);
    expect(mail!.subject).toBe(`[Docket] wang mentioned you on case ${c.number}`);
    expect(mail!.text).toContain(`https://docket.bank.example/cases/${c.id}`);
    const whole = `${mail!.subject}\n${mail!.text}\n${mail!.html}`;
    for (const secret of ['欧阳娜娜', VALID_RESIDENT_ID, '13812345678', '不明费用', '请核对']) expect(whole).not.toContain(secret);
  });

  it('fails no command when the server refuses, and retries with back-off until it is sent', async () => {
    smtp.refuseNext(2);
    await t.sql('DELETE FROM platform.job');
    const started = await api(admin, 'POST', '/process-instances', { processKey: 'mail-review', variables: {} });
    expect(started.statusCode).toBe(201);
    await runner.runDue(clock.now());
    expect(smtp.refused()).toBe(1);
    expect(await emailJobs()).toEqual([{ state: 'pending', attempts: 1 }]);
    await advance(1_000);
    expect(smtp.refused()).toBe(2);
    expect(smtp.messages).toHaveLength(0);
    await advance(2_000);
    await smtp.waitFor(1);
    expect(smtp.messages.splice(0)[0]!.envelopeTo).toEqual(['wang@bank.example']);
    expect((await emailJobs())[0]).toMatchObject({ state: 'done' });
  });

  it('sends nothing to a user without an address or who turned e-mail off for the kind', async () => {
    await t.sql('DELETE FROM platform.job');
    const created = await api(tokens.wang!, 'POST', '/cases', complaint());
    const c = created.json();
    expect((await api(tokens.li!, 'PUT', '/me/notification-preferences', { items: [{ kind: 'mention', inApp: true, email: false }] })).statusCode).toBe(200);
    await api(tokens.wang!, 'POST', `/cases/${c.id}/comments`, { body: '@li @nomail 请看', visibility: 'internal' });
    expect(await emailJobs()).toEqual([]);
    expect(await t.sql("SELECT 1 FROM notifications.notification WHERE kind = 'mention' AND case_id = $1", [c.id])).toHaveLength(2);
  });
});
