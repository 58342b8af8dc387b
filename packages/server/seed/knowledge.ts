import type { Static } from '@sinclair/typebox';
import type { Db } from '../src/platform/db/database.ts';
import type { CommandContext, CommandMeta, CommandRunner } from '../src/platform/commands/index.ts';
import type { Principal } from '../src/platform/http/principal.ts';
import { findPolicySubjectOfUser, findUserByUsername } from '../src/modules/access/index.ts';
import { createArticle, createCategory, createSynonymSet, importArticles, reviewArticle, submitArticle } from '../src/modules/knowledge/index.ts';
import type { CategoryBody, CreateArticleBody } from '../src/modules/knowledge/schemas.ts';
import { CARD_AND_ACCOUNT_ARTICLES } from './knowledge/cards-and-accounts.ts';
import { doc, h2, ol, p, table, ul } from './knowledge/html.ts';
import { PROTECTION_AND_AML_ARTICLES } from './knowledge/protection-and-aml.ts';
import { REGULATION_ARTICLES } from './knowledge/regulations.ts';
import { SCRIPT_ARTICLES } from './knowledge/scripts.ts';
import type { DemoAuthor, DemoDepartmentCode, SeedArticle } from './knowledge/seed-article.ts';
import { WEALTH_AND_LOAN_ARTICLES } from './knowledge/wealth-and-loans.ts';

// The demo's knowledge base (issue 19): a category tree, about forty published articles (SOPs,
// scripts, FAQs, regulation summaries), the synonyms a bank's staff use interchangeably, and three
// articles caught mid-workflow so the console shows the review: one waiting for the Beijing
// supervisor, one customer-facing text the supervisor approved that waits for compliance
// (cp.officer), and one draft. Published articles come in through the import (the bank's legacy
// knowledge base, approved elsewhere); the workflow ones are written, submitted and reviewed by
// the demo people themselves.

type SeedCategory = Omit<Static<typeof CategoryBody>, 'parentId'> & { parentKey?: string };

const CATEGORIES: SeedCategory[] = [
  { key: 'procedures', nameZh: '业务规程', nameEn: 'Procedures', position: 0 },
  { key: 'credit-card', parentKey: 'procedures', nameZh: '信用卡', nameEn: 'Credit cards', position: 0 },
  { key: 'debit-accounts', parentKey: 'procedures', nameZh: '借记卡与账户', nameEn: 'Debit cards and accounts', position: 1 },
  { key: 'wealth', parentKey: 'procedures', nameZh: '理财', nameEn: 'Wealth management', position: 2 },
  { key: 'loans', parentKey: 'procedures', nameZh: '贷款', nameEn: 'Loans', position: 3 },
  { key: 'consumer-protection', nameZh: '消费者权益保护', nameEn: 'Consumer protection', position: 1 },
  { key: 'aml', nameZh: '反洗钱', nameEn: 'Anti-money laundering', position: 2 },
  { key: 'regulations', nameZh: '监管法规', nameEn: 'Regulations', position: 3 },
  { key: 'scripts', nameZh: '客服话术', nameEn: 'Service scripts', position: 4 },
];

// Words the bank's staff and customers use for the same thing; a query with one finds the others.
const SYNONYM_SETS: string[][] = [
  ['信用卡', '贷记卡'],
  ['借记卡', '储蓄卡'],
  ['挂失', '报失'],
  ['房贷', '住房贷款', '按揭'],
  ['手机银行', '掌上银行'],
];

/** Where an article caught mid-workflow stops. */
type WorkflowStop = 'draft' | 'in-review' | 'awaiting-compliance';

interface SeedWorkflowArticle {
  key: string;
  author: DemoAuthor;
  /** The first reviewer, for an article that went past review. */
  reviewer?: DemoAuthor;
  stop: WorkflowStop;
  article: Omit<Static<typeof CreateArticleBody>, 'categoryId' | 'ownerId' | 'departmentId' | 'reach' | 'relatedArticleIds'> & { categoryKey: string };
}

const WORKFLOW_ARTICLES: SeedWorkflowArticle[] = [
  {
    key: 'instalment-fee-customer-draft',
    author: 'agent.bj',
    reviewer: 'supervisor.bj',
    stop: 'awaiting-compliance',
    article: {
      kind: 'faq',
      title: '信用卡账单分期手续费说明（客户版）',
      summary: '账单分期的手续费怎么收、如何折算年化利率、提前还款时手续费怎么处理。',
      categoryKey: 'credit-card',
      audience: 'customer',
      tags: ['信用卡分期', '手续费', '年化利率'],
      caseTypes: ['consultation', 'complaint'],
      products: ['credit-card'],
      changeNote: '根据近期客户咨询整理，供在线咨询答复使用',
      body: doc(
        h2('手续费怎么收'),
        p('账单分期的手续费按每期费率乘以分期本金计算，每期随分期本金一同入账，办理页面会同时显示年化利率。'),
        table(
          ['期数', '每期费率（示例）'],
          [
            ['3 期', '0.75%'],
            ['6 期', '0.70%'],
            ['12 期', '0.66%'],
          ],
        ),
        h2('提前还款'),
        p('可以提前还清剩余本金，已入账的手续费不退还，未入账的手续费按分期协议约定处理。'),
      ),
    },
  },
  {
    key: 'hd-home-visit-draft',
    author: 'agent.hd',
    stop: 'in-review',
    article: {
      kind: 'sop',
      title: '海淀支行老年客户上门服务预约流程',
      summary: '行动不便的老年客户申请上门办理挂失、密码重置等业务时的预约、核实与双人上门要求。',
      categoryKey: 'consumer-protection',
      audience: 'internal',
      tags: ['老年客户', '上门服务'],
      caseTypes: ['consultation'],
      changeNote: '初稿',
      body: doc(
        h2('预约'),
        ol('客户或家属来电预约，记录客户姓名、住址、需办理的业务。', '核实客户确因疾病、高龄等原因无法到网点。', '与客户约定上门时间，原则上 3 个工作日内上门。'),
        h2('上门要求'),
        ul('双人上门，全程录音录像。', '核验客户本人身份证件，确认客户意识清楚、意愿真实。', '不得在上门时营销任何产品。'),
      ),
    },
  },
  {
    key: 'sh-queue-draft',
    author: 'agent.sh',
    stop: 'draft',
    article: {
      kind: 'note',
      title: '网点排队时间长投诉的处理经验',
      summary: '客户投诉网点排队时间长时的解释要点和分流建议。',
      categoryKey: 'consumer-protection',
      audience: 'internal',
      tags: ['排队', '网点服务'],
      caseTypes: ['complaint'],
      body: doc(p('高峰时段（月初、节前）开启弹性窗口，引导客户使用智能柜员机和手机银行办理简单业务。'), p('答复客户时说明当日客流情况和已采取的措施，避免只说“人多”。')),
    },
  },
];

/** Everything the demo's knowledge base holds, by the demo's usernames and department codes. */
export const SEED_KNOWLEDGE = {
  categories: CATEGORIES,
  synonymSets: SYNONYM_SETS,
  articles: [...REGULATION_ARTICLES, ...CARD_AND_ACCOUNT_ARTICLES, ...WEALTH_AND_LOAN_ARTICLES, ...PROTECTION_AND_AML_ARTICLES, ...SCRIPT_ARTICLES] as SeedArticle[],
  workflow: WORKFLOW_ARTICLES,
  /** Why the published articles skip review: stated in the import's audit event. */
  importReason: '演示数据：迁移自已审批的旧知识库 (demo data, migrated from the approved legacy knowledge base)',
};

export interface DemoKnowledgeIds {
  departmentIds: Map<string, string>;
  userIds: Map<string, string>;
}

/**
 * The seed's knowledge step, run as system:seed (knowledge:admin): categories, synonyms and the
 * published articles, imported one by one so an article can name the ones imported before it as
 * related (regulations first: the procedures cite them).
 */
export async function seedKnowledge(ctx: CommandContext, ids: DemoKnowledgeIds): Promise<{ categoryIds: Map<string, string>; articleIds: Map<string, string> }> {
  const categoryIds = new Map<string, string>();
  for (const { parentKey, ...category } of SEED_KNOWLEDGE.categories) {
    const created = await createCategory(ctx, { ...category, parentId: parentKey ? categoryIds.get(parentKey)! : null });
    categoryIds.set(category.key, created.id);
  }
  for (const terms of SEED_KNOWLEDGE.synonymSets) await createSynonymSet(ctx, terms);

  const articleIds = new Map<string, string>();
  const department = (code: DemoDepartmentCode) => ids.departmentIds.get(code)!;
  for (const { key, owner, reach, related, ...article } of importOrder(SEED_KNOWLEDGE.articles)) {
    const result = await importArticles(ctx, {
      reason: SEED_KNOWLEDGE.importReason,
      publish: true,
      articles: [
        {
          ...article,
          ownerId: ids.userIds.get(owner)!,
          reach: { subtrees: (reach?.subtrees ?? []).map(department), departments: (reach?.departments ?? []).map(department) },
          relatedArticleIds: (related ?? []).filter((k) => articleIds.has(k)).map((k) => articleIds.get(k)!),
        },
      ],
    });
    articleIds.set(key, result.items[0]!.id);
  }
  return { categoryIds, articleIds };
}

/** Each article after the ones it names as related, where a cycle allows (depth first). */
function importOrder(articles: readonly SeedArticle[]): SeedArticle[] {
  const byKey = new Map(articles.map((a) => [a.key, a]));
  const seen = new Set<string>();
  const order: SeedArticle[] = [];
  const visit = (article: SeedArticle) => {
    if (seen.has(article.key)) return;
    seen.add(article.key);
    for (const key of article.related ?? []) {
      const target = byKey.get(key);
      if (target) visit(target);
    }
    order.push(article);
  };
  for (const article of articles) visit(article);
  return order;
}

/** A demo person as the principal their own commands run under (as a session of theirs would). */
async function demoPrincipal(db: Db, username: DemoAuthor): Promise<Principal> {
  const user = (await findUserByUsername(db, username))!;
  const subject = (await findPolicySubjectOfUser(db, user.id))!;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    departmentId: user.departmentId,
    departmentIds: subject.departmentIds,
    subtreeDepartmentIds: subject.subtreeDepartmentIds,
    roles: user.roles,
    permissions: subject.permissions,
    kind: 'session',
    scopes: null,
    credentialId: 'seed',
  };
}

/**
 * The articles caught mid-workflow, each step a command of the person who takes it, a day apart
 * ending yesterday, so the review history reads as it happened.
 */
export async function seedKnowledgeWorkflow(commands: CommandRunner, db: Db, options: { now: Date; categoryIds: Map<string, string>; setTime: (at: Date) => void }): Promise<Map<string, string>> {
  const articleIds = new Map<string, string>();
  const day = 86_400_000;
  for (const [i, item] of SEED_KNOWLEDGE.workflow.entries()) {
    const as = async (username: DemoAuthor, step: number): Promise<CommandMeta> => {
      options.setTime(new Date(options.now.getTime() - (3 - step) * day + i * 600_000));
      return { actor: await demoPrincipal(db, username), channel: 'seed', requestId: `seed-knowledge-${item.key}-${step}` };
    };
    const { categoryKey, ...article } = item.article;
    const created = await commands.runCommand(await as(item.author, 0), (ctx) => createArticle(ctx, { ...article, categoryId: options.categoryIds.get(categoryKey) ?? null }));
    const id = created.article.id;
    articleIds.set(item.key, id);
    if (item.stop === 'draft') continue;
    const submitted = await commands.runCommand(await as(item.author, 1), (ctx) => submitArticle(ctx, id, created.article.version, { note: '请审核' }));
    if (item.stop === 'in-review') continue;
    await commands.runCommand(await as(item.reviewer!, 2), (ctx) => reviewArticle(ctx, id, submitted.article.version, { decision: 'approved', comment: '内容准确，同意发布，请消保部合规审核。' }));
  }
  return articleIds;
}
