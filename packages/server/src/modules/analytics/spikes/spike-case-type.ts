import type { CommandRunner } from '../../../platform/commands/index.ts';
import type { Db } from '../../../platform/db/database.ts';
import { findSystemActorOrThrow } from '../../access/index.ts';
import { createCaseType, findCaseTypeNames, type FormSchema } from '../../cases/index.ts';
import { DEFAULT_SPIKE_CASE_TYPE } from './spike-rules.ts';

// The risk case a spike opens: its fields are the evidence's figures (counts, dates, case
// numbers), none of them personal data, so none carries a data class.
const SPIKE_CASE_SCHEMA: FormSchema = {
  type: 'default',
  components: [
    { type: 'textfield', key: 'ruleKey', label: '预警规则 Rule', validate: { required: true, maxLength: 64 } },
    {
      type: 'select',
      key: 'dimension',
      label: '维度 Dimension',
      validate: { required: true },
      values: [
        { label: '投诉类别 Category', value: 'category' },
        { label: '产品 Product', value: 'product' },
        { label: '机构 Branch', value: 'branch' },
        { label: '渠道 Channel', value: 'channel' },
      ],
    },
    { type: 'textfield', key: 'dimensionValue', label: '维度取值 Value', validate: { required: true, maxLength: 200 } },
    { type: 'textfield', key: 'windowStart', label: '窗口开始 Window from', validate: { required: true, maxLength: 10 } },
    { type: 'textfield', key: 'windowEnd', label: '窗口结束 Window to', validate: { required: true, maxLength: 10 } },
    { type: 'number', key: 'observed', label: '观测数 Observed', validate: { required: true, min: 0 } },
    { type: 'textfield', key: 'baselineMean', label: '基线均值 Baseline mean', validate: { maxLength: 32 } },
    { type: 'number', key: 'threshold', label: '阈值 Threshold', validate: { min: 0 } },
    { type: 'textfield', key: 'pValue', label: 'p 值 p-value', validate: { maxLength: 32 } },
    { type: 'textarea', key: 'exampleCases', label: '示例案件 Example cases', validate: { maxLength: 2000 } },
    { type: 'textarea', key: 'series', label: '每日序列 Daily series', validate: { maxLength: 5000 } },
  ],
};

/**
 * The risk case type spike rules route to by default, created at start when missing, through the
 * case-type command as the installation's own seeding actor (system:analytics may create cases,
 * not case types). An administrator may change it afterwards like any case type.
 */
export async function ensureSpikeCaseType(db: Db, commands: CommandRunner): Promise<boolean> {
  // An installation that disabled the seeding actor still starts; the detector's health then
  // names the missing case type when a rule routes to it.
  const actor = await findSystemActorOrThrow(db, 'system:seed').catch(() => undefined);
  if (!actor) return false;
  return commands.runCommand({ actor, channel: 'seed', requestId: 'analytics-spike-case-type' }, async (ctx) => {
    if ((await findCaseTypeNames(ctx)).has(DEFAULT_SPIKE_CASE_TYPE)) return false;
    await createCaseType(ctx, {
      key: DEFAULT_SPIKE_CASE_TYPE,
      name: '投诉激增预警 Complaint spike',
      prefix: 'SPK',
      description: 'Opened by the spike detector when complaints of a category, product, branch or channel rise significantly above their weekday baseline; holds the evidence.',
      schema: SPIKE_CASE_SCHEMA,
    });
    return true;
  });
}
