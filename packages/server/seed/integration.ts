import type { CommandContext } from '../src/platform/commands/index.ts';
import { createIngestSource, createMailbox, createPublicForm, createWebhook } from '../src/modules/integration/index.ts';

// The demo's integration (issue 18): an AML monitor and the 12378 regulator hotline as http
// ingestion sources (the README's tour posts alerts to the first), the service mailbox, and a
// webhook to the risk system, switched off: a demo has no receiver, and an active webhook would
// pile up failing deliveries. The console's browser tests are built on these keys.

export const DEMO_AML_SOURCE = 'aml-monitor';
export const DEMO_HOTLINE_SOURCE = 'hotline-12378';
export const DEMO_MAILBOX = 'service';
/** The customers' web forms: /forms/ask-us and /forms/complain in the console. */
export const DEMO_PUBLIC_FORMS = ['ask-us', 'complain'] as const;

export async function seedIntegration(ctx: CommandContext, ids: { riskAnalystId: string }): Promise<void> {
  await createIngestSource(ctx, {
    key: DEMO_AML_SOURCE,
    name: '反洗钱监测系统 AML monitor',
    description: 'Alerts of the transaction monitoring system; each becomes a suspicious-transaction case in the AML review queue',
    transport: 'http',
    mapping: {
      externalId: '$.alertId',
      caseType: 'suspicious-transaction',
      fields: [
        { target: 'title', feel: '"AML alert " + message.alertId' },
        { target: 'priority', feel: 'if message.score >= 80 then "urgent" else "normal"' },
        { target: 'fields.alertId', path: '$.alertId' },
        { target: 'fields.accountNumber', path: '$.account' },
        { target: 'fields.amount', path: '$.amount' },
        { target: 'fields.rule', path: '$.rule' },
        { target: 'fields.riskLevel', feel: 'if message.score >= 80 then "high" else "medium"' },
      ],
    },
    onExisting: 'ignore',
    writeBack: null,
    active: true,
  });
  // As docs/designers/ingestion.md describes it, without the write-back: the demo has no gateway.
  await createIngestSource(ctx, {
    key: DEMO_HOTLINE_SOURCE,
    name: '12378 监管转办投诉 Regulator hotline',
    description: 'Complaints forwarded by the 12378 hotline gateway, with the hotline number as external id and its deadline',
    transport: 'http',
    onExisting: 'update',
    mapping: {
      externalId: '$.complaintNo',
      caseType: 'complaint',
      fields: [
        { target: 'title', feel: '"12378 监管转办 " + message.complaintNo' },
        { target: 'priority', value: 'high' },
        { target: 'channel', value: '12378' },
        { target: 'tags', value: ['12378', 'regulator'] },
        { target: 'dueAt', path: '$.deadline' },
        { target: 'fields.customerName', path: '$.complainant.name' },
        { target: 'fields.phone', path: '$.complainant.phone' },
        { target: 'fields.residentId', path: '$.complainant.idNumber' },
        {
          target: 'fields.category',
          feel: 'if message.category = "收费" then "fees" else if message.category = "理财" then "wealth" else if message.category = "信用卡" then "credit-card" else if message.category = "服务" then "service" else "other"',
        },
        { target: 'fields.description', feel: 'message.summary + "；诉求：" + message.demands' },
        { target: 'fields.regulatorReferral', value: true },
        { target: 'customer.branch', path: '$.bank.branch' },
      ],
    },
    writeBack: null,
    active: true,
  });
  await createMailbox(ctx, { key: DEMO_MAILBOX, name: '客服邮箱 Service mailbox', address: 'service@demo-bank.example', caseType: 'consultation', language: 'zh-CN', active: true });
  await createWebhook(ctx, {
    name: '风险系统 Risk system',
    url: 'https://risk.demo-bank.example/docket/events',
    eventTypes: ['case.created', 'case.status-changed'],
    caseTypes: ['suspicious-transaction'],
    departmentIds: [],
    ownerId: ids.riskAnalystId,
    active: false,
  });
  await createPublicForm(ctx, {
    key: 'ask-us',
    caseType: 'consultation',
    titles: { 'zh-CN': '在线咨询', 'en-US': 'Ask us' },
    intro: { 'zh-CN': '请描述您的问题，我们将在一个工作日内答复。', 'en-US': 'Tell us your question; we answer within one working day.' },
    fields: [{ key: 'topic' }, { key: 'question' }],
    contact: [
      { kind: 'name', required: true },
      { kind: 'phone', required: false },
      { kind: 'email', required: false },
    ],
    active: true,
  });
  await createPublicForm(ctx, {
    key: 'complain',
    caseType: 'complaint',
    titles: { 'zh-CN': '投诉', 'en-US': 'Make a complaint' },
    intro: { 'zh-CN': '请告诉我们发生了什么，我们将在两个工作日内答复。', 'en-US': 'Tell us what happened; we answer within two working days.' },
    fields: [{ key: 'category' }, { key: 'description' }],
    contact: [
      { kind: 'name', required: true },
      { kind: 'phone', required: true },
      { kind: 'email', required: false },
    ],
    active: true,
  });
}
