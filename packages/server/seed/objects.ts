import { sql } from 'kysely';
import type { Db } from '../src/platform/db/database.ts';
import type { CommandContext, CommandMeta, CommandRunner } from '../src/platform/commands/index.ts';
import { findSystemActorOrThrow } from '../src/modules/access/index.ts';
import { createObjectType, createRecord, createRelation, linkRecords, type ObjectFieldDefinition } from '../src/modules/objects/index.ts';
import { homeBranchOf, planCustomer, planProducts, type DemoBranch, type PlannedCustomer } from './objects-plan.ts';

// The demo's custom objects (issue 21): four object types a bank's operations team would model —
// 客户 customer, 账户 account, 理财产品 wealth product, 持仓 holding — their relations, and one
// customer record for every customer a demo case names (external id = the case's customer.id), so
// the customer panel shows on the demo's cases. Who has which birthday, account and holding is
// planned in seed/objects-plan.ts; here it is written through the records module's commands, as
// system:seed, like any other record.

const label = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const option = (value: string, zh: string, en: string) => ({ value, label: label(zh, en) });

const CUSTOMER_FIELDS: ObjectFieldDefinition[] = [
  { key: 'name', type: 'text', label: label('客户姓名', 'Name'), required: true, dataClass: 'name', listed: true, searchable: true, validate: { maxLength: 50 } },
  { key: 'residentId', type: 'text', label: label('身份证号', 'Resident id'), dataClass: 'resident-id', searchable: true },
  { key: 'phone', type: 'text', label: label('手机号', 'Phone'), dataClass: 'phone', searchable: true },
  { key: 'birthday', type: 'date', label: label('生日', 'Birthday') },
  {
    key: 'tier',
    type: 'select',
    label: label('客户等级', 'Tier'),
    required: true,
    listed: true,
    searchable: true,
    options: [option('standard', '普通', 'Standard'), option('gold', '金卡', 'Gold'), option('private', '私人银行', 'Private banking')],
  },
  {
    key: 'segment',
    type: 'select',
    label: label('客群', 'Segment'),
    listed: true,
    options: [option('retail', '大众零售', 'Retail'), option('affluent', '财富客户', 'Affluent'), option('small-business', '小微企业主', 'Small business')],
  },
  { key: 'relationshipManager', type: 'user', label: label('客户经理', 'Relationship manager'), listed: true },
];

const ACCOUNT_FIELDS: ObjectFieldDefinition[] = [
  { key: 'accountNumber', type: 'text', label: label('账号', 'Account number'), required: true, dataClass: 'account', listed: true, searchable: true },
  {
    key: 'accountType',
    type: 'select',
    label: label('账户类型', 'Account type'),
    required: true,
    listed: true,
    options: [option('debit', '借记卡', 'Debit card'), option('time-deposit', '定期存款', 'Time deposit'), option('credit-card', '信用卡', 'Credit card')],
  },
  { key: 'balance', type: 'money', label: label('余额', 'Balance'), currency: 'CNY', listed: true },
  { key: 'openedOn', type: 'date', label: label('开户日期', 'Opened on') },
];

const PRODUCT_FIELDS: ObjectFieldDefinition[] = [
  { key: 'code', type: 'text', label: label('产品代码', 'Product code'), required: true, listed: true, searchable: true, validate: { maxLength: 20 } },
  { key: 'name', type: 'text', label: label('产品名称', 'Product name'), required: true, listed: true, searchable: true, validate: { maxLength: 100 } },
  {
    key: 'riskLevel',
    type: 'select',
    label: label('风险等级', 'Risk level'),
    required: true,
    listed: true,
    options: [
      option('R1', 'R1 谨慎型', 'R1 cautious'),
      option('R2', 'R2 稳健型', 'R2 conservative'),
      option('R3', 'R3 平衡型', 'R3 balanced'),
      option('R4', 'R4 进取型', 'R4 growth'),
      option('R5', 'R5 激进型', 'R5 aggressive'),
    ],
  },
  { key: 'maturityDate', type: 'date', label: label('到期日', 'Maturity date'), listed: true },
  { key: 'manager', type: 'user', label: label('产品经理', 'Product manager') },
];

const HOLDING_FIELDS: ObjectFieldDefinition[] = [
  { key: 'title', type: 'text', label: label('持仓', 'Holding'), required: true, listed: true, searchable: true, validate: { maxLength: 100 } },
  { key: 'product', type: 'reference', label: label('理财产品', 'Wealth product'), referenceTo: 'wealth-product', required: true, listed: true },
  { key: 'amount', type: 'money', label: label('持有金额', 'Amount'), currency: 'CNY', required: true, listed: true },
  { key: 'purchasedOn', type: 'date', label: label('购买日期', 'Purchased on') },
];

/** The demo's object types, in the order they are created (a reference needs its type first). */
export const DEMO_OBJECT_TYPES = [
  {
    key: 'customer',
    name: label('客户', 'Customer'),
    description: '银行的个人客户：身份、联系方式、等级和客户经理。工单的 customer.id 即客户的外部编号。',
    numberPrefix: 'CUS',
    role: 'customer' as const,
    displayField: 'name',
    fields: CUSTOMER_FIELDS,
    layout: {
      sections: [
        { title: label('基本信息', 'Profile'), fields: ['name', 'tier', 'segment', 'relationshipManager'] },
        { title: label('身份与联系方式', 'Identity and contact'), fields: ['residentId', 'phone', 'birthday'] },
      ],
      columns: ['name', 'tier', 'segment', 'relationshipManager'],
    },
  },
  {
    key: 'account',
    name: label('账户', 'Account'),
    description: '客户在本行开立的借记卡、定期存款和信用卡账户。',
    numberPrefix: 'ACC',
    displayField: 'accountNumber',
    fields: ACCOUNT_FIELDS,
    layout: { sections: [{ title: label('账户', 'Account'), fields: ['accountNumber', 'accountType', 'balance', 'openedOn'] }], columns: ['accountNumber', 'accountType', 'balance'] },
  },
  {
    key: 'wealth-product',
    name: label('理财产品', 'Wealth product'),
    description: '在售和存续的理财产品，含风险等级和到期日。',
    numberPrefix: 'PRD',
    displayField: 'name',
    fields: PRODUCT_FIELDS,
    layout: { sections: [{ title: label('产品', 'Product'), fields: ['code', 'name', 'riskLevel', 'maturityDate', 'manager'] }], columns: ['code', 'name', 'riskLevel', 'maturityDate'] },
  },
  {
    key: 'holding',
    name: label('持仓', 'Holding'),
    description: '客户持有的理财产品份额。',
    numberPrefix: 'HLD',
    displayField: 'title',
    fields: HOLDING_FIELDS,
    layout: { sections: [{ title: label('持仓', 'Holding'), fields: ['title', 'product', 'amount', 'purchasedOn'] }], columns: ['title', 'amount', 'purchasedOn'] },
  },
];

export const DEMO_RELATIONS = [
  { key: 'customer-accounts', fromType: 'customer', toType: 'account', cardinality: 'one-to-many' as const, name: label('名下账户', 'Accounts'), inverseName: label('所属客户', 'Customer') },
  { key: 'customer-holdings', fromType: 'customer', toType: 'holding', cardinality: 'one-to-many' as const, name: label('持仓', 'Holdings'), inverseName: label('持有客户', 'Holder') },
  { key: 'customer-cases', fromType: 'customer', toKind: 'case' as const, cardinality: 'one-to-many' as const, name: label('工单', 'Cases'), inverseName: label('客户', 'Customer') },
];

/** Customers written per command: each command is one transaction with its audit events. */
const CUSTOMERS_PER_COMMAND = 50;

export interface ObjectsSeedSummary {
  customers: number;
  accounts: number;
  holdings: number;
  products: number;
}

/**
 * Creates the demo's object types and relations, the wealth products, and one customer (with
 * accounts and holdings, linked to their cases) for every customer id on a demo case so far.
 * Runs after the demo cases (and the analytics history, when there is one).
 */
export async function seedObjects(commands: CommandRunner, db: Db, options: { now: Date }): Promise<ObjectsSeedSummary> {
  const meta: CommandMeta = { actor: await findSystemActorOrThrow(db, 'system:seed'), channel: 'seed' };
  const people = new Map((await db.selectFrom('access.user').select(['id', 'username']).where('kind', '=', 'person').execute()).map((u) => [u.username, u.id]));
  const departments = new Map((await db.selectFrom('access.department').select(['id', 'code']).execute()).map((d) => [d.code, d.id]));
  const userId = (username: string) => people.get(username) ?? null;

  await commands.runCommand({ ...meta, requestId: 'seed-object-types' }, async (ctx) => {
    for (const type of DEMO_OBJECT_TYPES) await createObjectType(ctx, type);
    for (const relation of DEMO_RELATIONS) await createRelation(ctx, relation);
  });

  // The wealth products belong to head office's wealth management; their manager is marketing.
  const productIds = await commands.runCommand({ ...meta, requestId: 'seed-wealth-products' }, async (ctx) => {
    const ids = new Map<string, string>();
    for (const product of planProducts(options.now)) {
      const record = await createRecord(ctx, 'wealth-product', {
        externalId: product.externalId,
        fields: { ...product.fields, ...(userId('marketing') ? { manager: userId('marketing') } : {}) },
        departmentId: departments.get('HQ') ?? null,
        ownerId: userId('marketing'),
      });
      ids.set(product.externalId, record.id);
    }
    return ids;
  });

  // Every customer id on a case, with the departments of their cases, newest first. A case finds
  // its customer by this id (the 360° view and the case's panel look it up by customer_ref), so
  // the demo links no case through customer-cases: that relation is for cases of customers
  // known by no id, linked by hand or by a rule.
  const rows = await sql<{ customer_ref: string; code: string | null }>`
    SELECT c.customer_ref, d.code
      FROM cases.case c LEFT JOIN access.department d ON d.id = c.department_id
     WHERE c.customer_ref ~ '^C[0-9]{8}$'
     ORDER BY c.created_at DESC, c.id`.execute(db);
  const caseDepartments = new Map<string, string[]>();
  for (const row of rows.rows) {
    const departmentCodes = caseDepartments.get(row.customer_ref) ?? [];
    if (row.code) departmentCodes.push(row.code);
    caseDepartments.set(row.customer_ref, departmentCodes);
  }
  const customers = [...caseDepartments.keys()].sort().map((externalId) => planCustomer(externalId, homeBranchOf(externalId, caseDepartments.get(externalId)!), options.now));

  const summary: ObjectsSeedSummary = { customers: 0, accounts: 0, holdings: 0, products: productIds.size };
  for (let start = 0; start < customers.length; start += CUSTOMERS_PER_COMMAND) {
    const batch = customers.slice(start, start + CUSTOMERS_PER_COMMAND);
    await commands.runCommand({ ...meta, requestId: `seed-customers-${start}` }, async (ctx) => {
      for (const plan of batch) {
        const written = await writeCustomer(ctx, plan, { departmentId: departments.get(plan.branch satisfies DemoBranch) ?? null, managerId: userId(plan.relationshipManager), productIds });
        summary.customers++;
        summary.accounts += written.accounts;
        summary.holdings += written.holdings;
      }
    });
  }
  return summary;
}

async function writeCustomer(
  ctx: CommandContext,
  plan: PlannedCustomer,
  refs: { departmentId: string | null; managerId: string | null; productIds: Map<string, string> },
): Promise<{ accounts: number; holdings: number }> {
  const common = { departmentId: refs.departmentId, ownerId: refs.managerId };
  const customer = await createRecord(ctx, 'customer', {
    ...common,
    externalId: plan.externalId,
    tags: plan.tags,
    // Private-banking customers are confidential: a grant with maxSensitivity normal does not reach them.
    sensitivity: plan.fields.tier === 'private' ? 'confidential' : 'normal',
    fields: { ...plan.fields, ...(refs.managerId ? { relationshipManager: refs.managerId } : {}) },
  });
  for (const account of plan.accounts) {
    const record = await createRecord(ctx, 'account', { ...common, externalId: account.externalId, fields: account.fields });
    await linkRecords(ctx, { relationKey: 'customer-accounts', fromRecordId: customer.id, toRecordId: record.id });
  }
  let holdings = 0;
  for (const holding of plan.holdings) {
    const productId = refs.productIds.get(holding.productCode);
    if (!productId) continue;
    const product = planProductName(holding.productCode);
    const record = await createRecord(ctx, 'holding', { ...common, externalId: holding.externalId, fields: { title: product, product: productId, ...holding.fields } });
    await linkRecords(ctx, { relationKey: 'customer-holdings', fromRecordId: customer.id, toRecordId: record.id });
    holdings++;
  }
  return { accounts: plan.accounts.length, holdings };
}

const PRODUCT_NAMES = new Map(planProducts(new Date(0)).map((p) => [p.externalId, p.fields.name]));
function planProductName(code: string): string {
  return PRODUCT_NAMES.get(code) ?? code;
}
