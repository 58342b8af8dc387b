import type { FormSchema } from '../src/modules/cases/index.ts';

// The five case types every installation starts with. Their forms are form-js schemas, so
// the console's form designer edits them like any other.
const customerBlock = (required: boolean): FormSchema['components'] => [
  { type: 'textfield', key: 'customerName', label: '客户姓名 Customer name', validate: { required, maxLength: 50 }, properties: { dataClass: 'name' } },
  { type: 'textfield', key: 'residentId', label: '身份证号 Resident id', properties: { dataClass: 'resident-id' } },
  { type: 'textfield', key: 'phone', label: '联系电话 Phone', validate: { required }, properties: { dataClass: 'phone' } },
];

export const SEED_CASE_TYPES: { key: string; name: string; prefix: string; description: string; defaultQueue: string; schema: FormSchema }[] = [
  {
    key: 'complaint',
    name: '投诉 Complaint',
    prefix: 'CMP',
    defaultQueue: 'service',
    description: 'A customer complaint: answered within 48 hours, closed within 72.',
    schema: {
      type: 'default',
      components: [
        ...customerBlock(true),
        { type: 'textfield', key: 'bankCard', label: '银行卡号 Bank card', properties: { dataClass: 'bank-card' } },
        {
          type: 'select',
          key: 'category',
          label: '投诉类别 Category',
          validate: { required: true },
          values: [
            { label: '收费 Fees', value: 'fees' },
            { label: '服务态度 Service', value: 'service' },
            { label: '理财销售 Wealth products', value: 'wealth' },
            { label: '信用卡 Credit card', value: 'credit-card' },
            { label: '其他 Other', value: 'other' },
          ],
        },
        // The product or service complained about, in the regulator's quarterly statistics (issue 20).
        {
          type: 'select',
          key: 'product',
          label: '涉及产品 Product',
          values: [
            { label: '借记卡 Debit card', value: 'debit-card' },
            { label: '信用卡 Credit card', value: 'credit-card' },
            { label: '个人贷款 Personal loan', value: 'personal-loan' },
            { label: '理财 Wealth management', value: 'wealth' },
            { label: '代理保险 Agency insurance', value: 'insurance-agency' },
            { label: '支付结算 Payments', value: 'payment' },
          ],
        },
        { type: 'textarea', key: 'description', label: '投诉内容 What happened', validate: { required: true, maxLength: 5000 } },
        { type: 'checkbox', key: 'regulatorReferral', label: '监管转办 Referred by regulator (12378)' },
        // Issue 21: the outcome as recorded on the case at closing (the process keeps its own
        // `resolution` variable); the demo rule fee-complaint-rejected reads it.
        {
          type: 'select',
          key: 'outcome',
          label: '处理结果 Outcome',
          values: [
            { label: '已解决 Resolved', value: 'resolved' },
            { label: '部分支持 Partly upheld', value: 'partial' },
            { label: '不予支持 Rejected', value: 'rejected' },
          ],
        },
      ],
    },
  },
  {
    key: 'consultation',
    name: '咨询 Consultation',
    prefix: 'CST',
    defaultQueue: 'service',
    description: 'A question from a customer: closed within 24 hours.',
    schema: {
      type: 'default',
      components: [
        ...customerBlock(false),
        {
          type: 'select',
          key: 'topic',
          label: '咨询主题 Topic',
          values: [
            { label: '账户 Accounts', value: 'accounts' },
            { label: '贷款 Loans', value: 'loans' },
            { label: '理财 Wealth', value: 'wealth' },
          ],
        },
        { type: 'textarea', key: 'question', label: '问题 Question', validate: { required: true, maxLength: 5000 } },
      ],
    },
  },
  {
    key: 'suggestion',
    name: '建议 Suggestion',
    prefix: 'SUG',
    defaultQueue: 'service',
    description: 'A suggestion from a customer or employee.',
    schema: {
      type: 'default',
      components: [
        { type: 'textfield', key: 'customerName', label: '姓名 Name', properties: { dataClass: 'name' } },
        { type: 'textfield', key: 'email', label: '电子邮箱 E-mail', properties: { dataClass: 'email' } },
        { type: 'textarea', key: 'suggestion', label: '建议内容 Suggestion', validate: { required: true, maxLength: 5000 } },
      ],
    },
  },
  {
    key: 'suspicious-transaction',
    name: '异常交易 Suspicious transaction',
    prefix: 'STX',
    defaultQueue: 'aml-review',
    description: 'An alert from transaction monitoring or AML screening.',
    schema: {
      type: 'default',
      components: [
        { type: 'textfield', key: 'alertId', label: '预警编号 Alert id', validate: { required: true, maxLength: 64 } },
        { type: 'textfield', key: 'accountNumber', label: '账号 Account', validate: { required: true }, properties: { dataClass: 'account' } },
        { type: 'textfield', key: 'accountHolder', label: '户名 Account holder', properties: { dataClass: 'name' } },
        { type: 'number', key: 'amount', label: '金额 Amount (CNY)', validate: { required: true, min: 0 } },
        {
          type: 'select',
          key: 'rule',
          label: '命中规则 Rule',
          values: [
            { label: '大额 Large amount', value: 'large-amount' },
            { label: '频繁 Frequent', value: 'frequent' },
            { label: '分散转入集中转出 Fan-in fan-out', value: 'fan-in-out' },
            { label: '制裁名单 Sanctions', value: 'sanctions' },
          ],
        },
        {
          type: 'select',
          key: 'riskLevel',
          label: '风险等级 Risk level',
          validate: { required: true },
          values: [
            { label: '低 Low', value: 'low' },
            { label: '中 Medium', value: 'medium' },
            { label: '高 High', value: 'high' },
          ],
        },
        { type: 'datetime', key: 'transactionAt', subtype: 'datetime', label: '交易时间 Transaction time' },
      ],
    },
  },
  {
    key: 'credit-approval',
    name: '信贷审批 Credit approval',
    prefix: 'CRD',
    defaultQueue: 'credit',
    description: 'A loan application through multi-level approval.',
    schema: {
      type: 'default',
      components: [
        { type: 'textfield', key: 'applicantName', label: '申请人 Applicant', validate: { required: true }, properties: { dataClass: 'name' } },
        { type: 'textfield', key: 'residentId', label: '身份证号 Resident id', properties: { dataClass: 'resident-id' } },
        { type: 'textfield', key: 'companyCode', label: '统一社会信用代码 Company credit code', properties: { dataClass: 'uscc' } },
        {
          type: 'select',
          key: 'product',
          label: '贷款产品 Product',
          validate: { required: true },
          values: [
            { label: '个人消费贷 Personal', value: 'personal' },
            { label: '个人住房贷 Mortgage', value: 'mortgage' },
            { label: '小微企业贷 Small business', value: 'small-business' },
          ],
        },
        { type: 'number', key: 'amount', label: '申请金额 Amount (CNY)', validate: { required: true, min: 1000, max: 100_000_000 } },
        { type: 'number', key: 'termMonths', label: '期限(月) Term (months)', validate: { required: true, min: 1, max: 360 } },
        { type: 'textarea', key: 'purpose', label: '用途 Purpose', validate: { maxLength: 2000 } },
      ],
    },
  },
];

/**
 * The processes the demo's case types start (the demo deploys them first). Kept apart from
 * SEED_CASE_TYPES, which tests also create without deploying any process.
 */
export const SEED_CASE_TYPE_PROCESSES: Record<string, string> = {
  'credit-approval': 'credit-approval',
  complaint: 'complaint-handling',
  'suspicious-transaction': 'suspicious-transaction',
};

/** The shipped models in seed/processes, deployed in this order (decisions before the processes that call them). */
export const SEED_DECISION_FILES = ['risk-rating.dmn', 'credit-committee-required.dmn'];
export const SEED_PROCESS_FILES = ['credit-approval.bpmn', 'complaint-handling.bpmn', 'suspicious-transaction.bpmn'];
