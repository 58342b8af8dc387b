import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { DESKTOP, PHONE, apiAsUser } from './console-steps.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 15: notifications. A task assigned to a user shows up on that user's bell and in the
// notification drawer in Chinese, leads to the task, is marked read; and the e-mail arrives at a
// real SMTP server this spec starts (DOCKET_SMTP_URL of the Docket under test).

const received: (ParsedMail & { envelopeTo: string[] })[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        received.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
        callback();
      })
      .catch(callback);
  },
});
let smtpUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    // Port 0: the OS picks a free one, read back below before Docket starts.
    smtp.listen(0, '127.0.0.1', () => resolve());
  });
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

// The settings decide whether and where e-mails go, not what the seed writes: a copy of the run's
// seeded data. An e-mail from the seed's time could only fail the test (it checks its own task's).
const session = useDocketInChromium({ env: () => ({ DOCKET_SMTP_URL: smtpUrl, DOCKET_PUBLIC_URL: 'https://docket.bank.example' }), seed: 'copy' });
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(() => {
  ({ docket, page, watch } = session);
  page.setDefaultTimeout(60_000);
});

const ASSIGNEE = 'risk.analyst';

const assignedTo = (userId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_notify" targetNamespace="http://docket.example/e2e">
  <bpmn:process id="e2e-notify" name="通知测试" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Review" />
    <bpmn:userTask id="Review" name="复核申请" camunda:assignee="${userId}" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Review" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

/** The API as one user, with a bearer token. */
const apiAs = (username: string, password: string) => apiAsUser(docket, username, password);

async function waitForMail(to: string, timeoutMs = 30_000): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = received.find((m) => m.envelopeTo.includes(to));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no e-mail to ${to} within ${timeoutMs} ms (got ${received.length})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a task assigned to a user', () => {
  let taskId = '';

  it('is on the bell and in the drawer in Chinese, leads to the task, and is marked read', async () => {
    const analyst = await apiAs(ASSIGNEE, DEMO_PASSWORD);
    const me = await analyst<{ id: string }>('GET', '/api/v1/me');
    // The demo's SLA clocks keep warning the analyst of overdue alerts as real time passes: this test
    // counts one notification, so the analyst turns those off, as a user may on the account page.
    await analyst('PUT', '/api/v1/me/notification-preferences', {
      email: 'risk.analyst@bank.example',
      items: [
        { kind: 'sla-warning', inApp: false, email: false },
        { kind: 'sla-breached', inApp: false, email: false },
      ],
    });
    // The demo's own processes already told the analyst of the review tasks they may claim: start from none unread.
    await analyst('POST', '/api/v1/notifications/read-all');
    const admin = await apiAs('admin', ADMIN_PASSWORD);
    await admin('POST', '/api/v1/processes', { xml: assignedTo(me.id) });
    const instance = await admin<{ id: string }>('POST', '/api/v1/process-instances', { processKey: 'e2e-notify', variables: {} });
    const tasks = await admin<{ items: { id: string }[] }>('GET', `/api/v1/tasks?processInstanceId=${instance.id}`);
    taskId = tasks.items[0]!.id;

    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, ASSIGNEE, DEMO_PASSWORD);
    const bell = page.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('data-unread'), { timeout: 20_000 }).toBe('1');
    expect(await bell.getAttribute('aria-label')).toBe('通知，1 条未读');
    // By keyboard: the bell opens the drawer.
    await bell.focus();
    await page.keyboard.press('Enter');
    const item = page.getByTestId('notification-drawer').getByTestId('notification-item').first();
    await item.waitFor();
    expect(await item.getAttribute('data-kind')).toBe('task-assigned');
    expect(await item.textContent()).toContain('将任务「复核申请」交给了您');
    await screenshot(page, 'notifications-drawer');
    await item.getByRole('link').click();
    await page.waitForURL(new RegExp(`/tasks/${taskId}$`));
    await expect.poll(() => bell.getAttribute('data-unread'), { timeout: 20_000 }).toBe('0');
    expect(watch.errors).toEqual([]);
  });

  it('arrives by e-mail at the SMTP server, in Chinese, with a link to the task', async () => {
    const mail = await waitForMail('risk.analyst@bank.example');
    expect(mail.subject).toBe('[Docket] 新待办：复核申请');
    expect(mail.text).toContain(`https://docket.bank.example/tasks/${taskId}`);
  });

  it('is usable on a phone: the bell stays in the header, the drawer fits, all read in one go', async () => {
    const admin = await apiAs('admin', ADMIN_PASSWORD);
    await admin('POST', '/api/v1/process-instances', { processKey: 'e2e-notify', variables: {} });
    await page.setViewportSize(PHONE);
    await page.goto(`${docket.url}/`);
    const bell = page.getByTestId('notification-bell');
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect.poll(() => bell.getAttribute('data-unread'), { timeout: 45_000 }).toBe('1');
    await bell.click();
    const drawer = page.getByTestId('notification-drawer');
    await drawer.getByTestId('notification-item').first().waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await drawer.getByTestId('notifications-read-all').click();
    await expect.poll(() => bell.getAttribute('data-unread'), { timeout: 20_000 }).toBe('0');
    await page.keyboard.press('Escape');
    expect(watch.errors).toEqual([]);
  });

  it('can be set per kind on the account page, with the e-mail address', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${docket.url}/account?tab=notifications`);
    const panel = page.getByTestId('notification-preferences');
    await panel.waitFor();
    expect(await page.getByLabel('邮箱地址').inputValue()).toBe('risk.analyst@bank.example');
    const claimableByMail = panel.getByRole('checkbox', { name: '可认领的任务: 电子邮件' });
    expect(await claimableByMail.isChecked()).toBe(false);
    await claimableByMail.check();
    await panel.getByTestId('notification-preferences-save').click();
    await page.getByText('通知设置已保存').waitFor();
    await screenshot(page, 'notification-preferences');
    const analyst = await apiAs(ASSIGNEE, DEMO_PASSWORD);
    const saved = await analyst<{ items: { kind: string; email: boolean }[] }>('GET', '/api/v1/me/notification-preferences');
    expect(saved.items.find((i) => i.kind === 'task-claimable')?.email).toBe(true);
    expect(watch.errors).toEqual([]);
  });
});
