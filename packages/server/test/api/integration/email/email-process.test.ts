import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { type DocketProcess, startDocketProcess } from '../../../helpers/docket-process.ts';
import { freePort } from '../../../helpers/free-port.ts';
import { dropDatabaseWhenIdle, withDatabase } from '../../../helpers/global-setup.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../../../helpers/smtp-server.ts';

// main.ts wiring: with DOCKET_MAIL_INBOUND_PORT set the process listens for e-mail, and with
// DOCKET_SMTP_URL its job runner sends agents' public replies — a real Docket process end to end.
const ADMIN_PASSWORD = 'email-process-admin-password';
const serverUrl = inject('pgServerUrl');
const dbName = `docket_t_emailp_${process.pid}_${randomBytes(4).toString('hex')}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-emailp-'));
let admin: pg.Client;
let db: pg.Client;
let docket: DocketProcess | undefined;
let outbox: TestSmtpServer;
let mailPort: number;
let token: string;

async function call<T>(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${docket!.origin}/api/v1${urlPath}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${inject('templateDatabase')}`);
  db = new pg.Client({ connectionString: withDatabase(serverUrl, dbName) });
  await db.connect();
  outbox = await startTestSmtpServer();
  mailPort = await freePort();
  docket = await startDocketProcess(
    {
      DATABASE_URL: withDatabase(serverUrl, dbName),
      DOCKET_DATA_DIR: dataDir,
      DOCKET_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DOCKET_AUDIT_WITNESS_FILE: 'off',
      DOCKET_SMTP_URL: outbox.url,
      DOCKET_MAIL_INBOUND_PORT: String(mailPort),
      DOCKET_MAIL_INBOUND_HOST: '127.0.0.1',
    },
    120_000,
  );
  token = (await call<{ token: string }>('POST', '/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token;
  const consultation = SEED_CASE_TYPES.find((type) => type.key === 'consultation')!;
  await db.query('INSERT INTO routing.queue (id, key, name, created_at, updated_at) VALUES ($1, $2, $2, now(), now()) ON CONFLICT (key) DO NOTHING', [randomUUID(), consultation.defaultQueue]);
  expect((await call('POST', '/case-types', consultation)).status).toBe(201);
  expect((await call('POST', '/mailboxes', { key: 'kefu', name: '客户服务中心', address: 'kefu@bank.example.cn', caseType: 'consultation' })).status).toBe(201);
}, 180_000);

afterAll(async () => {
  if (docket && docket.child.exitCode === null) {
    docket.child.kill('SIGTERM');
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        docket!.child.kill('SIGKILL');
        resolve(undefined);
      }, 30_000);
      docket!.child.once('exit', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }
  await outbox?.close();
  await db?.end();
  if (admin) {
    await dropDatabaseWhenIdle(admin, dbName);
    await admin.end();
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

it('a Docket process takes e-mail on DOCKET_MAIL_INBOUND_PORT and sends the public reply through DOCKET_SMTP_URL', async () => {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mailPort, secure: false, ignoreTLS: true });
  const messageId = `process-${Date.now()}@mail.example.cn`;
  try {
    await transport.sendMail({ from: { name: '韩梅梅', address: 'han.meimei@example.cn' }, to: 'kefu@bank.example.cn', subject: '理财产品赎回', text: '赎回多久到账？', messageId: `<${messageId}>` });
    const refused = await transport.sendMail({ from: 'han.meimei@example.cn', to: 'nobody@bank.example.cn', subject: 'x', text: 'x' }).catch((e: { responseCode?: number }) => e);
    expect((refused as { responseCode?: number }).responseCode).toBe(550);
  } finally {
    transport.close();
  }
  const caseId = (await db.query<{ case_id: string }>("SELECT case_id FROM integration.email_message WHERE direction = 'in' AND message_id = $1", [messageId])).rows[0]!.case_id;
  const reply = await call<{ id: string }>('POST', `/cases/${caseId}/comments`, { body: '一般T+1个工作日到账。', visibility: 'public' });
  expect(reply.status).toBe(201);
  await outbox.waitFor(1, 60_000);
  const number = (await call<{ number: string }>('GET', `/cases/${caseId}`)).body.number;
  expect(outbox.messages[0]!.subject).toBe(`Re: 理财产品赎回 [${number}]`);
  expect(outbox.messages[0]!.inReplyTo).toBe(`<${messageId}>`);
  const emails = await until('the reply marked sent', async () => {
    const items = (await call<{ items: { direction: string; status: string }[] }>('GET', `/cases/${caseId}/emails`)).body.items;
    return items.some((e) => e.direction === 'out' && e.status === 'sent') ? items : undefined;
  });
  expect(emails.map((e) => e.direction)).toEqual(['in', 'out']);
}, 120_000);
