import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// The to-do list (issue 15): GET /tasks?assignee=me over two processes and external tasks, its
// done and started views, its filters, and that nobody sees another's.

let t: TestApp;
let admin: string;
let pusher: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};
const cases: Record<string, { id: string; number: string }> = {};

const api = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });

type Item = {
  id: string;
  elementId: string;
  name: string | null;
  processKey: string | null;
  processName: string | null;
  system: string | null;
  externalId: string | null;
  caseNumber: string | null;
  caseTitle: string | null;
  link: string | null;
  assignee: string | null;
};
const list = async (token: string, query: string): Promise<{ items: Item[]; nextCursor: string | null }> => {
  const res = await api(token, 'GET', `/tasks?${query}`);
  if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`);
  return res.json();
};
const names = async (token: string, query: string) => (await list(token, query)).items.map((i) => i.name ?? '').sort();

const process = (key: string, name: string, tasks: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_${key}" targetNamespace="https://docket.dev/test">
  <bpmn:process id="${key}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="to_split" sourceRef="start" targetRef="split" />
    <bpmn:parallelGateway id="split" />
    ${tasks}
  </bpmn:process>
</bpmn:definitions>`;
const task = (id: string, name: string, attributes: string) => `
    <bpmn:userTask id="${id}" name="${name}" ${attributes} />
    <bpmn:sequenceFlow id="to_${id}" sourceRef="split" targetRef="${id}" />
    <bpmn:sequenceFlow id="from_${id}" sourceRef="${id}" targetRef="end_${id}" />
    <bpmn:endEvent id="end_${id}" />`;

async function start(token: string, processKey: string, caseId?: string): Promise<Record<string, string>> {
  const res = await api(token, 'POST', '/process-instances', { processKey, variables: {}, ...(caseId ? { caseId } : {}) });
  if (res.statusCode !== 201) throw new Error(`start ${processKey}: ${res.statusCode} ${res.body}`);
  const rows = await t.sql<{ id: string; element_id: string }>('SELECT id, element_id FROM process.task WHERE instance_id = $1', [res.json().id]);
  return Object.fromEntries(rows.map((r) => [r.element_id, r.id]));
}

async function push(body: Record<string, unknown>) {
  const res = await api(pusher, 'POST', '/external-tasks', body);
  if (res.statusCode !== 201) throw new Error(`push: ${res.statusCode} ${res.body}`);
  return res.json() as Item;
}

let loan: Record<string, string>;
let card: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  const hq = (await api(admin, 'POST', '/departments', { code: 'HQ-TODO', name: 'Head office', kind: 'head-office' })).json().id as string;
  const branch = (await api(admin, 'POST', '/departments', { code: 'BR-TODO', name: 'Branch', kind: 'branch', parentId: hq })).json().id as string;
  const other = (await api(admin, 'POST', '/departments', { code: 'BR-TODO-2', name: 'Other branch', kind: 'branch', parentId: hq })).json().id as string;
  for (const [name, department] of [
    ['alice', branch],
    ['bob', branch],
    ['carol', other],
  ] as const) {
    ids[name] = await t.createUser(name, ['agent'], department);
    tokens[name] = await t.login(name);
  }
  const group = await api(admin, 'POST', '/groups', { key: 'loan-reviewers', name: 'Loan reviewers', kind: 'group', memberIds: [ids.alice] });
  if (group.statusCode !== 201) throw new Error(group.body);
  const minted = await api(admin, 'POST', '/auth/api-tokens', { name: 'core banking', scopes: ['task:external', 'case:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  if (minted.statusCode !== 201) throw new Error(minted.body);
  pusher = minted.json().token;

  for (const [key, xml] of [
    [
      'loan',
      process(
        'loan',
        'Loan approval',
        task('review', 'Loan review', `camunda:assignee="${ids.alice}" camunda:priority="70"`) + task('check', 'Loan check', 'camunda:candidateGroups="loan-reviewers"'),
      ),
    ],
    ['card', process('card', 'Card issue', task('issue', 'Card issue', `camunda:assignee="${ids.bob}"`) + task('verify', 'Card verify', `camunda:candidateUsers="${ids.alice},${ids.bob}"`))],
  ]) {
    const res = await api(admin, 'POST', '/processes', { xml });
    if (res.statusCode !== 201) throw new Error(`deploy ${key}: ${res.body}`);
  }
  loan = await start(admin, 'loan');
  card = await start(tokens.alice!, 'card');

  for (const [name, department] of [
    ['mine', branch],
    ['theirs', other],
  ] as const) {
    const res = await api(admin, 'POST', '/cases', complaint({ title: `投诉 ${name}`, departmentId: department }));
    if (res.statusCode !== 201) throw new Error(res.body);
    cases[name] = { id: res.json().id, number: res.json().number };
  }
  await push({ system: 'core-banking', externalId: 'CB-1', title: 'Sign the overdraft form', assignee: ids.alice, link: 'https://core.example/tasks/CB-1', caseId: cases.mine!.id });
  await push({
    system: 'core-banking',
    externalId: 'CB-2',
    title: 'Confirm the transfer',
    assignee: ids.alice,
    link: 'https://core.example/tasks/CB-2',
    caseId: cases.theirs!.id,
    dueAt: '2020-01-01T00:00:00.000Z',
  });
  await push({ system: 'docs', externalId: 'D-9', title: 'Bob reads a contract', assignee: ids.bob, link: 'https://docs.example/9' });
});
afterAll(() => t.close());

describe('GET /tasks?assignee=me, the to-do list', () => {
  it('shows what is assigned to me and what I may claim, across two processes, and my external tasks', async () => {
    expect(await names(tokens.alice!, 'assignee=me')).toEqual(['Card verify', 'Confirm the transfer', 'Loan check', 'Loan review', 'Sign the overdraft form']);
    expect(await names(tokens.bob!, 'assignee=me')).toEqual(['Bob reads a contract', 'Card issue', 'Card verify']);
  });

  it('shows nobody’s tasks to someone who holds none, and never another’s', async () => {
    expect((await list(tokens.carol!, 'assignee=me')).items).toEqual([]);
    const bobs = await list(tokens.bob!, 'assignee=me');
    expect(bobs.items.map((i) => i.id)).not.toContain(loan.review);
    expect(bobs.items.map((i) => i.externalId)).not.toContain('CB-1');
  });

  it('carries the case, the process and, for external tasks, the system and the link; a case I may not read shows no title', async () => {
    const items = (await list(tokens.alice!, 'assignee=me')).items;
    const byName = Object.fromEntries(items.map((i) => [i.name, i]));
    expect(byName['Loan review']).toMatchObject({ processKey: 'loan', processName: 'Loan approval', system: null, link: null, caseNumber: null, caseTitle: null });
    expect(byName['Sign the overdraft form']).toMatchObject({
      processKey: null,
      processInstanceId: null,
      system: 'core-banking',
      externalId: 'CB-1',
      link: 'https://core.example/tasks/CB-1',
      caseNumber: cases.mine!.number,
      caseTitle: '投诉 mine',
    });
    expect(byName['Confirm the transfer']).toMatchObject({ caseNumber: cases.theirs!.number, caseTitle: null });
    // Highest priority first: the loan review (70) leads.
    expect(items[0]!.name).toBe('Loan review');
  });

  it('filters by process, case type, due date, overdue, text and kind', async () => {
    expect(await names(tokens.alice!, 'assignee=me&processKey=loan')).toEqual(['Loan check', 'Loan review']);
    expect(await names(tokens.alice!, 'assignee=me&kind=external')).toEqual(['Confirm the transfer', 'Sign the overdraft form']);
    expect(await names(tokens.alice!, 'assignee=me&kind=process')).toEqual(['Card verify', 'Loan check', 'Loan review']);
    expect(await names(tokens.alice!, 'assignee=me&overdue=true')).toEqual(['Confirm the transfer']);
    expect(await names(tokens.alice!, 'assignee=me&dueBefore=2021-01-01T00:00:00.000Z')).toEqual(['Confirm the transfer']);
    expect(await names(tokens.alice!, 'assignee=me&caseType=complaint')).toEqual(['Confirm the transfer', 'Sign the overdraft form']);
    expect(await names(tokens.alice!, 'assignee=me&q=loan')).toEqual(['Loan check', 'Loan review']);
    expect(await names(tokens.alice!, `assignee=me&q=${encodeURIComponent(cases.mine!.number)}`)).toEqual(['Sign the overdraft form']);
    // A LIKE wildcard is a character like any other.
    expect(await names(tokens.alice!, 'assignee=me&q=%25')).toEqual([]);
    expectProblem(await api(tokens.alice!, 'GET', '/tasks?assignee=me&kind=robot'), 400, 'validation-failed');
    expectProblem(await api(tokens.alice!, 'GET', '/tasks?assignee=me&view=everything'), 400, 'validation-failed');
  });

  it('pages with a cursor, each task once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await list(tokens.alice!, `assignee=me&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toEqual((await list(tokens.alice!, 'assignee=me')).items.map((i) => i.id));
  });

  it('keeps the issue-14 meanings of candidate=me and of assignee=me with a state', async () => {
    expect(await names(tokens.alice!, 'candidate=me')).toEqual(['Card verify', 'Loan check']);
    expect(await names(tokens.alice!, 'assignee=me&state=completed')).toEqual([]);
  });
});

describe('view=done and view=started', () => {
  it('moves a completed task from my to-do list to my done list, newest first', async () => {
    expect((await api(tokens.alice!, 'POST', `/tasks/${loan.review}/complete`, { outcome: 'approved' })).statusCode).toBe(200);
    expect((await api(tokens.alice!, 'POST', `/tasks/${card.verify}/complete`, {})).statusCode).toBe(200);
    expect(await names(tokens.alice!, 'assignee=me')).toEqual(['Confirm the transfer', 'Loan check', 'Sign the overdraft form']);
    const done = await list(tokens.alice!, 'view=done');
    expect(done.items.map((i) => i.name)).toEqual(['Card verify', 'Loan review']);
    expect(await names(tokens.bob!, 'view=done')).toEqual([]);
    // Bob was a candidate of the card verification, not its completer: gone from his list.
    expect(await names(tokens.bob!, 'assignee=me')).toEqual(['Bob reads a contract', 'Card issue']);
    const firstPage = await list(tokens.alice!, 'view=done&limit=1');
    expect(firstPage.items.map((i) => i.name)).toEqual(['Card verify']);
    expect((await list(tokens.alice!, `view=done&limit=1&cursor=${firstPage.nextCursor}`)).items.map((i) => i.name)).toEqual(['Loan review']);
    // A todo cursor is not a done cursor.
    expectProblem(await api(tokens.alice!, 'GET', `/tasks?view=todo&cursor=${firstPage.nextCursor}`), 400, 'invalid-cursor');
  });

  it('shows the open tasks of the instances I started, and only to me', async () => {
    expect(await names(tokens.alice!, 'view=started')).toEqual(['Card issue']);
    expect(await names(tokens.bob!, 'view=started')).toEqual([]);
    expect(await names(tokens.carol!, 'view=started')).toEqual([]);
  });

  it('shows an external task completed by its system in its assignee’s done list', async () => {
    const res = await api(pusher, 'POST', '/external-tasks/core-banking/CB-1/complete', { outcome: 'signed' });
    expect(res.statusCode).toBe(200);
    expect(await names(tokens.alice!, 'view=done&kind=external')).toEqual(['Sign the overdraft form']);
    expect(await names(tokens.alice!, 'assignee=me&kind=external')).toEqual(['Confirm the transfer']);
  });
});
