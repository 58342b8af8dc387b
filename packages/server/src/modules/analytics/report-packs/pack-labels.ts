import { provinceName } from './region-names.ts';

// Channels are free text on a case; these are the ones Docket's intake paths write.
const CHANNEL_LABELS: Record<string, string> = {
  phone: '电话 Phone',
  email: '电子邮件 E-mail',
  web: '网站 Web',
  app: '手机银行 Mobile app',
  wechat: '微信 WeChat',
  counter: '柜面 Branch counter',
  branch: '网点 Branch',
  letter: '信函 Letter',
  regulator: '监管转办 Regulator referral',
  '12378': '12378 热线 12378 hotline',
  api: '系统接口 API',
  import: '批量导入 Import',
};

const OUTCOME_LABELS: Record<string, string> = {
  upheld: '支持 Upheld',
  'partially-upheld': '部分支持 Partly upheld',
  rejected: '不支持 Not upheld',
  withdrawn: '撤回 Withdrawn',
  mediated: '调解 Mediated',
};

export const NOT_GIVEN = '未填写 Not given';

export type PackDimension = 'category' | 'product' | 'channel' | 'region' | 'outcome';

/**
 * The label a file prints for a dimension value: the case type's select labels (as they were at
 * asOf) for category and product, the province for a region, fixed words for channels and
 * outcomes, the value itself otherwise — never free text from a case.
 */
export function labelOf(dimension: PackDimension, value: string, selectLabels: Record<string, Record<string, string>>): string {
  if (value === '') return dimension === 'outcome' ? '无结果(未办结) None yet' : NOT_GIVEN;
  if (dimension === 'region') return provinceName(value);
  if (dimension === 'channel') return CHANNEL_LABELS[value] ?? value;
  if (dimension === 'outcome') return selectLabels.outcome?.[value] ?? OUTCOME_LABELS[value] ?? value;
  return selectLabels[dimension]?.[value] ?? value;
}
