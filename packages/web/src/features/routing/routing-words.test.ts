import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import { routingZhCN } from '../../i18n/routing.zh-CN.ts';
import type { RoutingDecision } from './routing-api.ts';
import {
  ageText,
  capacityText,
  chosenReason,
  decisionHeadline,
  decisionLines,
  isRoutedPerson,
  languageName,
  loadPercent,
  loadStatus,
  passedOverLines,
  passedOverText,
  ruleConsideredText,
  ruleDecisionOf,
  skillName,
} from './routing-words.ts';

const zh = createTranslate('zh-CN');
const en = createTranslate('en-US');
const caseTypeName = (key: string) => ({ complaint: '投诉', consultation: '咨询' })[key] ?? key;
const zhCtx = { t: zh, caseTypeName, formatAt: () => '2026/12/09 10:00' };
const enCtx = { t: en, caseTypeName: (k: string) => k, formatAt: () => '12/09/2026, 10:00' };

const BJ_QUEUE = { id: '00000000-0000-4000-8000-0000000000q1', key: 'bj-service', name: '北京分行客服' };
const WANG = { id: '00000000-0000-4000-8000-0000000000a1', displayName: '王芳 (北京坐席)' };
const HUANG = { id: '00000000-0000-4000-8000-0000000000a2', displayName: '黄娜 (海淀支行)' };
const LIU = { id: '00000000-0000-4000-8000-0000000000s1', displayName: '刘伟 (北京主管)' };
const load = (total: number) => ({ total, byChannel: {}, byCaseType: {}, openTasks: 0 });

/** A complaint pushed to the Beijing branch by the complaints rule, least loaded: 王芳 chosen, 黄娜 offline and lacking the skill. */
function complaintDecision(overrides: Partial<RoutingDecision> = {}): RoutingDecision {
  return {
    id: '00000000-0000-4000-8000-0000000000d1',
    at: '2026-12-09T02:00:00.000Z',
    trigger: 'created',
    outcome: 'assigned',
    taskId: null,
    rule: { id: '00000000-0000-4000-8000-0000000000r1', key: 'complaints-to-branch', name: '投诉推送到客户所属机构', version: 1 },
    rulesConsidered: [
      { key: 'hotline-12378', name: '12378 热线投诉', matched: false, failed: [{ condition: 'channels', actual: 'phone' }] },
      { key: 'elderly-foreign-first', name: '老年与外籍客户优先', matched: false, failed: [{ condition: 'tags', actual: [] }] },
      { key: 'complaints-to-branch', name: '投诉推送到客户所属机构', matched: true, failed: [] },
    ],
    queue: BJ_QUEUE,
    previousQueue: null,
    assignee: WANG,
    previousAssignee: null,
    strategy: 'least-loaded',
    priorityBoost: 0,
    requiredSkills: [{ skill: 'case-type:complaint', minLevel: 3 }],
    requiredLanguages: [],
    branch: { id: '00000000-0000-4000-8000-0000000000b1', name: '北京分行', by: 'customer-region' },
    keptWith: null,
    candidates: [
      { userId: WANG.id, displayName: WANG.displayName, chosen: true, score: 0.25, load: load(3), passedOver: [] },
      { userId: HUANG.id, displayName: HUANG.displayName, chosen: false, score: null, load: load(1), passedOver: [{ code: 'offline' }, { code: 'missing-skill', detail: 'case-type:complaint' }] },
    ],
    reason: null,
    actor: null,
    durationMs: 1.2,
    ...overrides,
  };
}

describe('presence and capacity', () => {
  it('offers the header control only to a person in some queue or with a profile of their own', () => {
    const profile = { queueIds: [] as string[], version: 0 };
    expect(isRoutedPerson(undefined)).toBe(false);
    expect(isRoutedPerson({ queues: [], profile } as never)).toBe(false);
    expect(isRoutedPerson({ queues: [{ id: BJ_QUEUE.id, key: 'bj-service', name: '北京分行客服', mode: 'push', waiting: 2 }], profile } as never)).toBe(true);
    expect(isRoutedPerson({ queues: [], profile: { queueIds: [], version: 1 } } as never)).toBe(true);
  });

  it('shows load against the overall limit, or no limit', () => {
    expect(capacityText(load(3), { total: 5 }, zh)).toBe('3 / 5');
    expect(capacityText(load(3), { total: null }, zh)).toBe('3 / 不限');
    expect(capacityText(load(3), { total: null }, en)).toBe('3 / no limit');
    expect(loadPercent(load(3), { total: 12 })).toBe(25);
    expect(loadPercent(load(14), { total: 12 })).toBe(100);
    expect(loadPercent(load(0), { total: 0 })).toBe(0);
    expect(loadPercent(load(2), { total: null })).toBeNull();
    expect([loadStatus(25), loadStatus(85), loadStatus(100), loadStatus(null)]).toEqual(['normal', 'active', 'exception', 'normal']);
  });

  it('tells a live age on the server clock, never negative', () => {
    const now = Date.parse('2026-12-09T02:00:00Z');
    expect(ageText('2026-12-09T00:47:55Z', now, zh)).toBe('1 小时 12 分');
    expect(ageText('2026-12-09T01:59:30Z', now, zh)).toBe('30 秒');
    expect(ageText('2026-12-09T02:00:05Z', now, zh)).toBe('0 秒');
  });
});

describe('skills and languages in words', () => {
  it('names case types by their names and languages in the reader’s language', () => {
    expect(skillName('case-type:complaint', zh, caseTypeName)).toBe('工单类型「投诉」');
    expect(skillName('product:credit-card', zh)).toBe('产品「credit-card」');
    expect(skillName('language:en', zh)).toBe('语言「英语」');
    expect(skillName('line:retail', en)).toBe('business line “retail”');
    expect(skillName('custom:thing', zh)).toBe('custom:thing');
    expect(languageName('en', zh)).toBe('英语');
    expect(languageName('vi', zh)).toBe('VI');
  });
});

describe('a routing decision in words', () => {
  it('says who got it, by which rule, in which queue and strategy, and why this agent', () => {
    const d = complaintDecision();
    expect(decisionHeadline(d, zh)).toBe('分派给 王芳 (北京坐席)');
    expect(decisionLines(d, zhCtx)).toEqual([
      '2026/12/09 10:00 · 起因：新建工单',
      '匹配规则「投诉推送到客户所属机构」',
      '队列「北京分行客服」，分派方式：最少负载（分给手头工单最少的成员）',
      '推送到客户所属机构「北京分行」（按客户所在地区）',
      '要求技能：工单类型「投诉」3 级以上',
      '王芳 (北京坐席) 符合条件，手头工单最少（3 件）',
    ]);
    expect(passedOverLines(d, zhCtx)).toEqual(['黄娜 (海淀支行)：离线；缺少所需技能（工单类型「投诉」3 级以上）']);
  });

  it('says the same in English', () => {
    const d = complaintDecision();
    expect(decisionHeadline(d, en)).toBe('Assigned to 王芳 (北京坐席)');
    expect(decisionLines(d, enCtx)[2]).toBe('Queue “北京分行客服”, chosen by Least loaded (to the member holding the fewest cases)');
    expect(passedOverLines(d, enCtx)).toEqual(['黄娜 (海淀支行): offline; lacks a skill needed (case type “complaint” at level 3 or above)']);
  });

  it('translates every passed-over code, trigger and outcome of the contract: no raw code reaches the reader', () => {
    const codes = [
      'offline',
      'away',
      'busy',
      'at-capacity',
      'missing-skill',
      'missing-language',
      'not-branch',
      'not-member',
      'inactive',
      'declined',
      'offer-expired',
      'may-not-read',
      'lower-score',
      'not-next-in-turn',
      'more-loaded',
      'locked',
    ];
    const triggers = ['created', 'reopened', 'fields-changed', 'sla-risk', 'task-created', 'overflow', 'offer-expired', 'offer-declined', 'take-next', 'override', 'retry'];
    const outcomes = ['assigned', 'offered', 'queued', 'kept', 'overflowed', 'overridden', 'unrouted'];
    for (const code of codes) expect(Object.keys(routingZhCN)).toContain(`routing.passedOver.${code}`);
    for (const trigger of triggers) expect(Object.keys(routingZhCN)).toContain(`routing.trigger.${trigger}`);
    for (const outcome of outcomes) expect(Object.keys(routingZhCN)).toContain(`routing.outcome.${outcome}`);
    const everyCode = { passedOver: codes.map((code) => ({ code })) } as never;
    const text = passedOverText(everyCode, { requiredSkills: [], requiredLanguages: [] }, zhCtx);
    for (const code of codes) expect(text).not.toContain(code);
    // A code added to the server later reads as a neutral phrase.
    expect(passedOverText({ passedOver: [{ code: 'on-holiday' }] } as never, { requiredSkills: [], requiredLanguages: [] }, zhCtx)).toBe('不符合条件');
  });

  it('names the languages a foreign customer needs', () => {
    const d = complaintDecision({
      requiredSkills: [],
      requiredLanguages: ['en'],
      priorityBoost: 1,
      candidates: [{ userId: HUANG.id, displayName: HUANG.displayName, chosen: false, score: null, load: null, passedOver: [{ code: 'missing-language' }] }],
    });
    expect(decisionLines(d, zhCtx)).toContain('优先级提升 1 级');
    expect(decisionLines(d, zhCtx)).toContain('要求语言：英语');
    expect(passedOverLines(d, zhCtx)).toEqual(['黄娜 (海淀支行)：不会所需语言（英语）']);
  });

  it('explains take next, keep-with-previous, best skill and round robin in their own terms', () => {
    expect(chosenReason(complaintDecision({ trigger: 'take-next', rule: null, candidates: [] }), zh)).toBe('王芳 (北京坐席) 主动领取了队列中排在最前的工单');
    expect(decisionHeadline(complaintDecision({ trigger: 'take-next' }), zh)).toBe('王芳 (北京坐席) 从队列「北京分行客服」领取');
    expect(chosenReason(complaintDecision({ keptWith: WANG }), zh)).toBe('王芳 (北京坐席) 近期处理过该客户的工单，且符合条件');
    expect(chosenReason(complaintDecision({ strategy: 'best-skill', candidates: [{ ...complaintDecision().candidates[0]!, score: 4 }] }), zh)).toBe(
      '王芳 (北京坐席) 符合条件，所需技能等级最高（4 级）',
    );
    expect(chosenReason(complaintDecision({ strategy: 'round-robin' }), zh)).toBe('王芳 (北京坐席) 符合条件，按轮询轮到其处理');
  });

  it('says when nobody fits and the case waits', () => {
    const d = complaintDecision({ outcome: 'queued', assignee: null, candidates: complaintDecision().candidates.map((c) => ({ ...c, chosen: false, passedOver: [{ code: 'offline' as const }] })) });
    expect(decisionHeadline(d, zh)).toBe('在队列「北京分行客服」中等待领取');
    expect(decisionLines(d, zhCtx)).toContain('队列中暂时没有符合条件的坐席，工单排队等待');
    expect(passedOverLines(d, zhCtx)).toEqual(['王芳 (北京坐席)：离线', '黄娜 (海淀支行)：离线']);
  });

  it('shows a supervisor’s override with the reason, who did it and what it was before', () => {
    const d = complaintDecision({
      trigger: 'override',
      outcome: 'overridden',
      rule: null,
      strategy: null,
      branch: null,
      requiredSkills: [],
      candidates: [],
      assignee: HUANG,
      previousAssignee: WANG,
      previousQueue: BJ_QUEUE,
      queue: { id: '00000000-0000-4000-8000-0000000000q2', key: 'vip-desk', name: '贵宾服务' },
      actor: LIU,
      reason: '客户要求由贵宾专席处理',
    });
    expect(decisionHeadline(d, zh)).toBe('刘伟 (北京主管) 调整了分派');
    expect(decisionLines(d, zhCtx)).toEqual([
      '2026/12/09 10:00 · 起因：人工调整',
      '队列「贵宾服务」',
      '刘伟 (北京主管) 指定交给 黄娜 (海淀支行)',
      '调整前：队列「北京分行客服」，处理人 王芳 (北京坐席)',
      '理由：客户要求由贵宾专席处理',
    ]);
  });

  it('says which conditions of each rule failed and on what value', () => {
    const [hotline, elderly, matched] = complaintDecision().rulesConsidered;
    expect(ruleConsideredText(hotline!, zh)).toBe('「12378 热线投诉」：未匹配（渠道为 phone）');
    expect(ruleConsideredText(elderly!, zh)).toBe('「老年与外籍客户优先」：未匹配（标签为空）');
    expect(ruleConsideredText(matched!, zh)).toBe('「投诉推送到客户所属机构」：匹配');
    expect(
      ruleConsideredText(
        {
          key: 'x',
          name: 'X',
          matched: false,
          failed: [
            { condition: 'feel', actual: true },
            { condition: 'mood', actual: 'sad' },
          ],
        },
        en,
      ),
    ).toBe('“X”: no match (custom condition did not fit, another condition was sad)');
  });

  it('finds the rule that put the case in its queue, unless a person or the overflow moved it since', () => {
    const taken = complaintDecision({ id: 'd2', trigger: 'take-next', rule: null });
    const routed = complaintDecision({ id: 'd1', outcome: 'queued', assignee: null });
    expect(ruleDecisionOf([taken, routed], BJ_QUEUE.id)?.id).toBe('d1');
    expect(ruleDecisionOf([taken], BJ_QUEUE.id)).toBeUndefined();
    const moved = complaintDecision({ id: 'd3', trigger: 'override', outcome: 'overridden', rule: null, queue: { ...BJ_QUEUE, id: 'q2', name: '贵宾服务' } });
    expect(ruleDecisionOf([moved, taken, routed], 'q2')).toBeUndefined();
    expect(ruleDecisionOf([taken, routed], 'elsewhere')).toBeUndefined();
  });
});
