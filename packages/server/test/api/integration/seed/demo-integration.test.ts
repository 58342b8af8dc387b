// Issue 18: the demo seeds its ingestion sources, the service mailbox and a (switched-off) webhook
// through the integration commands, and the README's tour posts an alert to the AML source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../../seed/demo.ts';
import { DEMO_AML_SOURCE, DEMO_HOTLINE_SOURCE, DEMO_MAILBOX, DEMO_PUBLIC_FORMS } from '../../../../seed/integration.ts';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoData(t.database, { now: new Date(), keyRing: t.keyRing, caseCount: 5 });
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('the demo integration', () => {
  it('has the AML and 12378 sources, the service mailbox and the risk webhook switched off, made by the seed', async () => {
    const sources = await t.app.inject({ url: '/api/v1/ingest-sources', headers: bearer(admin) });
    expect(sources.statusCode, sources.body).toBe(200);
    expect(
      sources
        .json()
        .items.map((s: { key: string }) => s.key)
        .sort(),
    ).toEqual([DEMO_AML_SOURCE, DEMO_HOTLINE_SOURCE].sort());
    const mailboxes = await t.app.inject({ url: '/api/v1/mailboxes', headers: bearer(admin) });
    expect(mailboxes.json().items.map((m: { key: string }) => m.key)).toEqual([DEMO_MAILBOX]);
    const webhooks = await t.app.inject({ url: '/api/v1/webhooks', headers: bearer(admin) });
    expect(webhooks.json().items).toHaveLength(1);
    expect(webhooks.json().items[0]).toMatchObject({ active: false, eventTypes: ['case.created', 'case.status-changed'] });
    const forms = await t.app.inject({ url: '/api/v1/public-forms', headers: bearer(admin) });
    expect(
      forms
        .json()
        .items.map((f: { key: string }) => f.key)
        .sort(),
    ).toEqual([...DEMO_PUBLIC_FORMS].sort());
    for (const key of DEMO_PUBLIC_FORMS) {
      const form = await t.app.inject({ url: `/api/v1/public/forms/${key}` });
      expect(form.statusCode, form.body).toBe(200);
    }
    const audited = await t.sql<{ action: string }>("SELECT DISTINCT action FROM audit.event WHERE action LIKE 'integration.%' ORDER BY action");
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['integration.source-created', 'integration.mailbox-saved', 'integration.webhook-created']));
  });

  it("takes the README tour's alert once: created, then duplicate, and a malformed one is a dead letter", async () => {
    const post = (message: object) => t.app.inject({ method: 'POST', url: `/api/v1/ingest-sources/${DEMO_AML_SOURCE}/messages`, headers: bearer(admin), payload: { messages: [message] } });
    const alert = { alertId: 'TM-20261205-0001', account: '6222021234567894', amount: 980000, rule: 'large-amount', score: 91 };
    const first = await post(alert);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().results[0]).toMatchObject({ status: 'created' });
    const again = await post(alert);
    expect(again.json().results[0]).toMatchObject({ status: 'duplicate', id: first.json().results[0].id });
    const created = await t.app.inject({ url: `/api/v1/cases/${first.json().results[0].id}`, headers: bearer(admin) });
    expect(created.json()).toMatchObject({ type: 'suspicious-transaction', priority: 'urgent', queue: 'aml-review' });
    const bad = await post({ alertId: 'TM-20261205-0002', amount: 'a lot' });
    expect(bad.json().results[0].status).toBe('invalid');
    const dead = await t.app.inject({ url: `/api/v1/ingest-sources/${DEMO_AML_SOURCE}/dead-letters`, headers: bearer(admin) });
    expect(dead.json().items).toHaveLength(1);
    expect(dead.json().items[0].errors.length).toBeGreaterThan(0);
  });
});
