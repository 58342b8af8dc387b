import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LabelledRow } from '../model/types.ts';

// Provenance of packages/server/assist-data/reply-tone.jsonl: written for Docket (issue 22) by the
// quality-inspection part's author. Every sentence below is invented; none comes from a bank's
// correspondence, a public corpus or a model. Replies to a bank's customers in zh-CN and en-US,
// labelled `tone`: polite (explains, apologises, says what happens next), rude (blames, mocks or
// scolds the customer), dismissive (refuses or brushes off without an explanation). The rows are
// the templates below crossed with the topics and actions, in a fixed order (no randomness), so
// regenerating gives the same file:
//   node --import tsx packages/server/src/modules/assist/quality/reply-tone-set.ts

const ZH_TOPICS = ['信用卡年费', '转账未到账', '理财产品赎回', '贷款审批', '账户管理费', '积分兑换', '账户冻结', '网银登录', '房贷利率调整', '退款进度', '短信通知费', '分期手续费'];
const ZH_ACTIONS = [
  '已为您减免本年度费用',
  '款项将在三个工作日内退回原账户',
  '已安排专人跟进并会在明天下午前回电',
  '已为您重新提交申请',
  '已恢复您的账户正常使用',
  '已将调整说明发送到您预留的邮箱',
  '已为您补发相应积分',
  '已核实是系统延迟造成的，现已处理完毕',
];
const ZH_POLITE = [
  '您好，关于您反映的{topic}问题，我们已认真核实，{action}。如有疑问请随时联系我们，感谢您的耐心。',
  '非常抱歉给您带来不便。{topic}的情况我们已经查明，{action}，请您放心。',
  '感谢您的来电。针对{topic}，{action}，后续进展我们会第一时间通知您。',
  '您好，您的诉求我们已收到并高度重视，{topic}一事{action}，祝您生活愉快。',
  '理解您的心情，{topic}确实给您添了麻烦，我们{action}，再次向您致歉。',
  '尊敬的客户，{topic}的原因是系统升级，{action}。给您造成困扰，敬请谅解。',
  '您好，已收到您关于{topic}的反馈，经核查{action}，如仍有问题可拨打客服热线，我们随时为您服务。',
  // Short and factual is polite too: it answers, with the next step.
  '您好，{topic}请携带身份证到任一网点办理，{action}。',
  '{topic}已处理完毕，{action}。',
  '经查，{topic}是系统延迟所致，{action}。',
  '您反映的{topic}已登记，{action}，请留意短信通知。',
  '关于{topic}：{action}，办理进度可在手机银行查看。',
  '{topic}已办理，{action}，请查收。',
];
const ZH_RUDE = [
  '{topic}这种事也来投诉？规定就是这样，你自己没看清楚怪谁。',
  '跟你说了多少遍了，{topic}就是这样，别再打电话来了。',
  '你这人怎么这么麻烦，{topic}根本不是我们的问题。',
  '这点小事也值得投诉？{topic}明明是你自己搞错了。',
  '我们很忙，{topic}你爱等不等，催也没用。',
  '你到底有没有看合同，{topic}都写得清清楚楚，还来问。',
  '{topic}别人都没意见，就你事多。',
  '您好，{topic}是你自己操作失误，别什么都赖银行。',
];
const ZH_DISMISSIVE = [
  '已阅。',
  '按规定办理。',
  '{topic}无法处理。',
  '此事不归我们管，请找其他部门。',
  '系统问题，等着吧。',
  '{topic}以页面显示为准，不再解释。',
  '知道了。',
  '没有办法，就这样。',
  '您好，{topic}按流程走，结果另行通知。',
  '{topic}不予受理。',
  '{topic}的事我们管不了。',
  '请自行查阅相关规定，{topic}不做答复。',
  '我们已经回复过了，{topic}不再处理。',
  '{topic}请不要重复反映。',
];

const EN_TOPICS = [
  'the annual card fee',
  'the missing transfer',
  'the fund redemption',
  'your loan application',
  'the account maintenance fee',
  'the reward points',
  'the frozen account',
  'the online banking login',
  'the mortgage rate change',
  'your refund',
  'the SMS alert charge',
  'the instalment fee',
];
const EN_ACTIONS = [
  'waived this year’s fee',
  'returned the amount to your account within three working days',
  'asked a specialist to call you back tomorrow afternoon',
  'resubmitted the application for you',
  'restored normal use of your account',
  'sent a written explanation to your registered e-mail address',
  'credited the missing points',
  'found a system delay and fixed it',
];
const EN_POLITE = [
  'Dear customer, thank you for contacting us about {topic}. We have checked carefully and {action}. Please let us know if there is anything else we can do.',
  'We are sorry for the inconvenience caused by {topic}. We have {action}, and we will keep you updated.',
  'Thank you for your patience regarding {topic}. Our team has {action}. We appreciate your understanding.',
  'Hello, we understand how frustrating {topic} must be. We have {action} and apologise again.',
  'Thank you for your feedback on {topic}. After looking into it we have {action}; our hotline is open if you need any help.',
  'Dear customer, {topic} was caused by a system upgrade. We have {action}. We are sorry for the trouble.',
  // Short and factual is polite too: it answers, with the next step.
  'We checked {topic} and have {action}.',
  'Regarding {topic}: we have {action}. You can follow the progress in the mobile app.',
  'For {topic}, please bring your ID to any branch. Meanwhile we have {action}.',
  'Your request about {topic} is registered and we have {action}; you will receive an SMS.',
  '{Topic} was processed today: we have {action}.',
];
const EN_RUDE = [
  'You should have read the terms before complaining about {topic}. This is your own fault.',
  'We have told you many times that {topic} is how it works. Stop calling us.',
  'Honestly, {topic} is not a big deal and you are wasting our time.',
  'If you do not like {topic}, take your business elsewhere.',
  'Are you serious? Nobody else complains about {topic}.',
  'Hello, {topic} happened because you made a mistake, so do not blame the bank.',
  'We are busy. You will hear about {topic} when we get to it, so stop chasing us.',
];
const EN_DISMISSIVE = [
  'Noted.',
  'Policy is policy.',
  'Nothing we can do about {topic}.',
  'That is handled by another department, contact them.',
  'Please wait.',
  'As per the system, {topic} stays as it is.',
  'Hello, {topic} follows the procedure. Closed.',
  'No further explanation will be given about {topic}.',
  'Request rejected.',
  'We cannot help with {topic}.',
  'Please refer to the terms yourself; we will not reply about {topic}.',
  'We already answered about {topic}. This will not be handled again.',
  'Do not contact us again about {topic}.',
];

function fill(template: string, topic: string, action: string): string {
  return template
    .replace('{Topic}', topic.charAt(0).toUpperCase() + topic.slice(1))
    .replace('{topic}', topic)
    .replace('{action}', action);
}

function expand(templates: readonly string[], topics: readonly string[], actions: readonly string[], tone: string, locale: string, rows: LabelledRow[]): void {
  const seen = new Set<string>();
  templates.forEach((template, t) => {
    topics.forEach((topic, i) => {
      // One action per template and topic, rotated so every action meets every template.
      const text = fill(template, topic, actions[(i + t) % actions.length]!);
      if (seen.has(text)) return;
      seen.add(text);
      rows.push({ text, labels: { tone, locale } });
    });
  });
}

/** The labelled reply-tone set, in a fixed order. */
export function buildReplyToneRows(): LabelledRow[] {
  const rows: LabelledRow[] = [];
  expand(ZH_POLITE, ZH_TOPICS, ZH_ACTIONS, 'polite', 'zh-CN', rows);
  expand(ZH_RUDE, ZH_TOPICS, ZH_ACTIONS, 'rude', 'zh-CN', rows);
  expand(ZH_DISMISSIVE, ZH_TOPICS, ZH_ACTIONS, 'dismissive', 'zh-CN', rows);
  expand(EN_POLITE, EN_TOPICS, EN_ACTIONS, 'polite', 'en-US', rows);
  expand(EN_RUDE, EN_TOPICS, EN_ACTIONS, 'rude', 'en-US', rows);
  expand(EN_DISMISSIVE, EN_TOPICS, EN_ACTIONS, 'dismissive', 'en-US', rows);
  return rows;
}

export const REPLY_TONE_FILE = fileURLToPath(new URL('../../../../assist-data/reply-tone.jsonl', import.meta.url));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = buildReplyToneRows();
  writeFileSync(REPLY_TONE_FILE, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  console.log(`wrote ${rows.length} rows to ${REPLY_TONE_FILE}`);
}
