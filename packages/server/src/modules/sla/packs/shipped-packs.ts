import { ALWAYS_OPEN_CALENDAR_KEY, type SlaLevelDefinition, type SlaPolicyDefinition, type SlaTargetDefinition } from '../model.ts';

export interface Localized {
  'zh-CN': string;
  'en-US': string;
}

export interface SlaPackPolicy {
  key: string;
  name: string;
  definition: SlaPolicyDefinition;
}

/**
 * A regulatory pack: policies an administrator applies in one step and then adjusts like any
 * other. `policies` are created (or get a new version) in this order, tighter rules first, ahead
 * of the policies already there. `extends` adds targets to every policy that matches a case type
 * (only one policy matches a case, so a step target must live in the policy that sets the case's
 * own clocks); when none does, the pack's `fallback` policy is created last in order instead.
 */
export interface SlaPack {
  key: string;
  name: Localized;
  description: Localized;
  policies: SlaPackPolicy[];
  extends?: { caseType: string; targets: SlaTargetDefinition[]; fallback: SlaPackPolicy };
}

// Mainland consumer-complaint handling: the regulations count natural hours, so these policies
// run on the 24×7 calendar; an administrator may switch a policy to cn-mainland (business hours).
const consumerComplaintLevels: SlaLevelDefinition[] = [
  { at: { kind: 'before-due', duration: 'PT1H' }, actions: [{ type: 'notify', recipients: [{ kind: 'assignee' }, { kind: 'supervisors' }] }] },
  {
    at: { kind: 'breach' },
    actions: [
      { type: 'notify', recipients: [{ kind: 'supervisors' }, { kind: 'department-head' }] },
      { type: 'transfer', queue: 'consumer-protection' },
      { type: 'add-tag', tag: 'sla-breached' },
    ],
  },
  { at: { kind: 'after-due', duration: 'PT2H' }, actions: [{ type: 'raise-priority' }] },
];

const naturalHours = (key: string, kind: SlaTargetDefinition['kind'], duration: string): SlaTargetDefinition => ({
  key,
  kind,
  duration,
  calendar: ALWAYS_OPEN_CALENDAR_KEY,
  levels: consumerComplaintLevels,
});

/** A complaint the regulator's 12378 hotline referred: by channel, or by the clear form field. */
export const REGULATOR_REFERRAL_EXPRESSION = 'channel = "12378" or fields.regulatorReferral = true';

const higherReviewTargets: SlaTargetDefinition[] = [
  {
    key: 'higher-review',
    kind: 'step',
    label: '上级复核 Higher-level review',
    step: { processKey: 'complaint-handling', elementId: 'review' },
    duration: 'PT24H',
    calendar: 'cn-mainland-days',
    levels: [
      { at: { kind: 'share', share: 0.75 }, actions: [{ type: 'notify', recipients: [{ kind: 'assignee' }] }] },
      {
        at: { kind: 'breach' },
        actions: [
          { type: 'route-to-reviewer', reviewer: { kind: 'department-head' } },
          { type: 'notify', recipients: [{ kind: 'department-head' }, { kind: 'supervisors' }] },
        ],
      },
    ],
  },
  {
    key: 'reply-after-review',
    kind: 'step',
    label: '答复客户 Reply to the customer',
    step: { processKey: 'complaint-handling', elementId: 'reply' },
    duration: 'PT24H',
    calendar: 'cn-mainland-days',
    levels: [
      { at: { kind: 'before-due', duration: 'PT4H' }, actions: [{ type: 'notify', recipients: [{ kind: 'assignee' }] }] },
      { at: { kind: 'breach' }, actions: [{ type: 'notify', recipients: [{ kind: 'assignee' }, { kind: 'supervisors' }] }] },
    ],
  },
];

export const SHIPPED_SLA_PACKS: SlaPack[] = [
  {
    key: 'cn-consumer-complaints',
    name: { 'zh-CN': '消费投诉处理时限（中国大陆）', 'en-US': 'Consumer complaint handling (mainland China)' },
    description: {
      'zh-CN':
        '咨询 24 小时内办结；投诉 48 小时内首次响应、72 小时内办结；12378 热线转办的投诉时限更紧（24 小时响应、48 小时办结）。到期前 1 小时提醒，超时通知主管与部门负责人、转消保队列并加标签，超时 2 小时提升优先级。按自然小时计（7×24 日历）。',
      'en-US':
        'Consultations closed within 24 h; complaints answered within 48 h and closed within 72 h; complaints referred by the 12378 regulator hotline on a tighter clock (24 h, 48 h). A warning 1 h before due; at breach supervisors and the department head are told, the case moves to the consumer-protection queue and is tagged; 2 h overdue its priority rises. Natural hours (the 24×7 calendar).',
    },
    policies: [
      {
        key: 'cn-complaint-12378',
        name: '12378 热线投诉 Regulator-hotline complaint',
        definition: {
          conditions: { caseTypes: ['complaint'], expression: REGULATOR_REFERRAL_EXPRESSION },
          targets: [naturalHours('first-response', 'first-response', 'PT24H'), naturalHours('resolution', 'resolution', 'PT48H')],
        },
      },
      {
        key: 'cn-complaint',
        name: '消费投诉 Consumer complaint',
        definition: { conditions: { caseTypes: ['complaint'] }, targets: [naturalHours('first-response', 'first-response', 'PT48H'), naturalHours('resolution', 'resolution', 'PT72H')] },
      },
      {
        key: 'cn-consultation',
        name: '客户咨询 Consultation',
        definition: { conditions: { caseTypes: ['consultation'] }, targets: [naturalHours('resolution', 'resolution', 'PT24H')] },
      },
    ],
  },
  {
    key: 'complaint-higher-review',
    name: { 'zh-CN': '投诉上级复核时限', 'en-US': 'Higher-level review of complaints' },
    description: {
      'zh-CN':
        '部分解决或拒绝的投诉在最终答复前须经上级复核（参照印度储备银行内部监察员指引）：复核步骤 24 小时（工作日），超时转部门负责人复核并通知；复核后的答复步骤 24 小时（工作日）。加在处理投诉的策略上。',
      'en-US':
        'Partly-resolved or rejected complaints are reviewed at a higher level before the final reply (as the RBI Internal Ombudsman directions require): the review step in 24 h of working days, routed to the department head and notified on breach; the reply after review in 24 h. Added to the policies that handle complaints.',
    },
    policies: [],
    extends: {
      caseType: 'complaint',
      targets: higherReviewTargets,
      fallback: { key: 'complaint-higher-review', name: '投诉上级复核 Complaint higher-level review', definition: { conditions: { caseTypes: ['complaint'] }, targets: higherReviewTargets } },
    },
  },
  {
    key: 'aml-alert-30min',
    name: { 'zh-CN': '可疑交易 30 分钟分析', 'en-US': 'Suspicious-transaction analysis in 30 minutes' },
    description: {
      'zh-CN': '可疑交易预警的风险分析须在 30 分钟内完成（7×24 日历）：用时 75% 提醒，超时通知风险部负责人并升为紧急；案件 1 天内办结。',
      'en-US':
        'The risk analysis of a suspicious-transaction alert in 30 minutes on the 24×7 calendar: a warning at 75 %, at breach the head of risk is told and the priority becomes urgent; the case resolved within a day.',
    },
    policies: [
      {
        key: 'aml-suspicious-transaction',
        name: '可疑交易预警 Suspicious-transaction alert',
        definition: {
          conditions: { caseTypes: ['suspicious-transaction'] },
          targets: [
            {
              key: 'risk-analysis',
              kind: 'step',
              label: '风险分析 Risk analysis',
              step: { processKey: 'suspicious-transaction', elementId: 'riskAnalysis' },
              duration: 'PT30M',
              calendar: ALWAYS_OPEN_CALENDAR_KEY,
              levels: [
                { at: { kind: 'share', share: 0.75 }, actions: [{ type: 'notify', recipients: [{ kind: 'assignee' }] }] },
                {
                  at: { kind: 'breach' },
                  actions: [
                    { type: 'notify', recipients: [{ kind: 'group', group: 'head-of-risk' }] },
                    { type: 'raise-priority', to: 'urgent' },
                  ],
                },
              ],
            },
            {
              key: 'resolution',
              kind: 'resolution',
              duration: 'P1D',
              calendar: ALWAYS_OPEN_CALENDAR_KEY,
              levels: [
                { at: { kind: 'before-due', duration: 'PT2H' }, actions: [{ type: 'notify', recipients: [{ kind: 'assignee' }, { kind: 'supervisors' }] }] },
                { at: { kind: 'breach' }, actions: [{ type: 'notify', recipients: [{ kind: 'group', group: 'head-of-risk' }] }] },
              ],
            },
          ],
        },
      },
    ],
  },
];

export function findShippedSlaPack(key: string): SlaPack | undefined {
  return SHIPPED_SLA_PACKS.find((pack) => pack.key === key);
}

/** The order the demo seed applies them in: the complaint policies before the steps added to them. */
export const SHIPPED_SLA_PACK_KEYS = SHIPPED_SLA_PACKS.map((pack) => pack.key);
