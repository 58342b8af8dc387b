import type { Db } from '../src/platform/db/database.ts';
import type { CommandMeta, CommandRunner } from '../src/platform/commands/index.ts';
import { findSystemActorOrThrow, findUserByUsername } from '../src/modules/access/index.ts';
import type { RuleDefinition } from '../src/modules/automation/index.ts';
import { createRule, enableRule } from '../src/modules/automation/rules/rule-commands.ts';

// The demo's automation rules (issue 21): the three a bank's operations team asks for first.
//
// - birthday-follow-up (disabled): seven days before a customer's birthday, a follow-up task for
//   their relationship manager. Left disabled so the tour can show what a rule designer does
//   first — dry-run it (the plan puts six birthdays 7 to 12 days after the demo's start, one due
//   today), then enable it, for the Beijing branch only — and so a browser test that builds the
//   same rule finds no twin already at work.
// - wealth-maturity-reminder (enabled): three days before a wealth product matures, its manager
//   is told and gets a task to send the renewal offer. WM-2026-001 matures three days after the
//   demo's start, so the first day's scan has a run to show in the history.
// - fee-complaint-rejected (enabled): a fee complaint closed with the outcome rejected (the
//   form's 处理结果 不予支持) is reported to the head of its branch. Nothing in the seeded history triggers it;
//   it acts when someone closes such a complaint.
//
// Their owner is the administrator: what they do is bounded by what admin may do.

export interface DemoRule {
  key: string;
  enabled: boolean;
  /** Department codes the rule acts in, when enabled; none: every department. */
  departments?: string[];
  definition: RuleDefinition;
}

export const DEMO_RULES: DemoRule[] = [
  {
    key: 'birthday-follow-up',
    enabled: false,
    definition: {
      name: '生日关怀：提前 7 天提醒客户经理回访',
      description: '客户生日前 7 天，为其客户经理创建生日关怀回访任务。Seven days before a customer’s birthday, a follow-up task for their relationship manager.',
      trigger: { kind: 'date', objectType: 'customer', field: 'birthday', offsetDays: -7, recurrence: 'yearly', at: '09:00' },
      condition: { kind: 'always' },
      actions: [
        {
          type: 'create-task',
          // The customer by number, never by name: a task's title is read by whoever sees the task.
          title: '生日关怀回访 {{record.number}}',
          assignee: { userField: 'relationshipManager' },
          dueInDays: 7,
          description: '客户将于 7 天后过生日。请致电问候，核实联系方式，不做产品营销。',
        },
      ],
      loopLimit: 3,
    },
  },
  {
    key: 'wealth-maturity-reminder',
    enabled: true,
    definition: {
      name: '理财到期：提前 3 天提醒续作',
      description: '理财产品到期前 3 天，通知产品经理并创建续作提醒任务。Three days before a wealth product matures, its manager is told to send the renewal offer.',
      trigger: { kind: 'date', objectType: 'wealth-product', field: 'maturityDate', offsetDays: -3, recurrence: 'once', at: '09:00' },
      condition: { kind: 'always' },
      actions: [
        { type: 'notify', recipients: [{ userField: 'manager' }] },
        {
          type: 'create-task',
          title: '到期续作提醒 {{record.fields.code}} {{record.fields.name}}',
          assignee: { userField: 'manager' },
          dueInDays: 3,
          description: '产品 3 天后到期：请向持有客户发送续作提醒。',
        },
      ],
      loopLimit: 3,
    },
  },
  {
    key: 'fee-complaint-rejected',
    enabled: true,
    definition: {
      name: '收费投诉不予支持结案：通知分行负责人',
      description: '收费类投诉以“不予支持”结案时，通知所属分行负责人。A complaint about fees closed as rejected is reported to the branch head.',
      trigger: { kind: 'case-event', on: 'status-changed', caseTypes: ['complaint'], to: 'closed' },
      condition: { kind: 'feel', expression: 'case.fields.category = "fees" and case.fields.outcome = "rejected"' },
      actions: [{ type: 'notify', recipients: [{ departmentRole: 'branch-head' }] }],
      loopLimit: 3,
    },
  },
];

/**
 * Creates the demo rules, owned by admin (they act on its behalf), and enables those marked so.
 * Runs after the object types and records (seed/objects.ts) the date rules name.
 */
export async function seedAutomation(commands: CommandRunner, db: Db): Promise<{ created: number; enabled: number }> {
  const meta: CommandMeta = { actor: await findSystemActorOrThrow(db, 'system:seed'), channel: 'seed' };
  const admin = await findUserByUsername(db, 'admin');
  const departments = new Map((await db.selectFrom('access.department').select(['id', 'code']).execute()).map((d) => [d.code, d.id]));
  return commands.runCommand({ ...meta, requestId: 'seed-automation-rules' }, async (ctx) => {
    let enabled = 0;
    for (const rule of DEMO_RULES) {
      await createRule(ctx, rule.key, { ...rule.definition, ...(admin ? { ownerId: admin.id } : {}) });
      if (!rule.enabled) continue;
      const departmentIds = rule.departments?.map((code) => departments.get(code)).filter((id): id is string => id !== undefined);
      await enableRule(ctx, rule.key, undefined, departmentIds);
      enabled++;
    }
    return { created: DEMO_RULES.length, enabled };
  });
}
