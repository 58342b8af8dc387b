import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { evaluateDeployedDecision } from '../../../src/modules/decisions/index.ts';
import { BROKEN_DMN, loanDecisionXml } from './fixtures.ts';

let t: TestApp;
let admin: string;
let supervisor: string;
let agent: string;
let auditor: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await t.createUser('supervisor.dmn', ['supervisor']);
  await t.createUser('agent.dmn', ['agent']);
  await t.createUser('auditor.dmn', ['auditor']);
  supervisor = await t.login('supervisor.dmn');
  agent = await t.login('agent.dmn');
  auditor = await t.login('auditor.dmn');
});
afterAll(() => t.close());

const deployXml = (xml: string, token = admin, contentType = 'application/xml') =>
  t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: { ...bearer(token), 'content-type': contentType }, payload: xml });
const evaluate = (key: string, body: object, token = admin) => t.app.inject({ method: 'POST', url: `/api/v1/decisions/${key}/evaluate`, headers: bearer(token), payload: body });
const get = (url: string, token = admin) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });
const counts = async () => ({
  versions: (await t.sql('SELECT 1 FROM decision.decision_version')).length,
  deployments: (await t.sql('SELECT 1 FROM decision.deployment')).length,
});

describe('POST /api/v1/decisions', () => {
  it('deploys every decision of an XML file as version 1 and audits each', async () => {
    // when
    const res = await deployXml(loanDecisionXml());
    // then
    expect(res.statusCode).toBe(201);
    expect(res.json().decisions).toEqual([
      { key: 'approval', version: 1, id: expect.any(String), name: 'Approval' },
      { key: 'risk_band', version: 1, id: expect.any(String), name: 'Risk Band' },
    ]);
    const events = await t.sql<{ target_id: string }>("SELECT target_id FROM audit.event WHERE action = 'decision.deployed' ORDER BY target_id");
    expect(events.map((e) => e.target_id)).toEqual(['approval', 'risk_band']);
  });

  it('takes JSON { xml } and a DMN 1.5 file, and deploys the next version', async () => {
    // when
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/decisions',
      headers: bearer(admin),
      payload: { xml: loanDecisionXml({ namespace: 'https://www.omg.org/spec/DMN/20230324/MODEL/', approvedLabel: 'approved v2' }) },
    });
    // then
    expect(res.statusCode).toBe(201);
    expect(res.json().decisions.map((d: { key: string; version: number }) => [d.key, d.version])).toEqual([
      ['approval', 2],
      ['risk_band', 2],
    ]);
  });

  it('refuses a model with problems with 422, listing each with its element id, and changes nothing', async () => {
    // given
    const before = await counts();
    // when
    const body = expectProblem(await deployXml(BROKEN_DMN), 422, 'dmn-invalid');
    // then
    const problems = body.problems as Array<{ elementId: string; problem: string }>;
    expect(problems.map((p) => p.elementId)).toEqual(expect.arrayContaining(['d1', 'entry1', 'out_entry1']));
    expect(problems.find((p) => p.elementId === 'd1')?.problem).toMatch(/#missing/);
    expect(await counts()).toEqual(before);
  });

  it('refuses an unknown hit policy', async () => {
    const xml = loanDecisionXml().replace('hitPolicy="UNIQUE"', 'hitPolicy="SOMETIMES"');
    const body = expectProblem(await deployXml(xml), 422, 'dmn-invalid');
    expect(body.detail).toMatch(/approval_table: Unknown hit policy SOMETIMES/);
  });

  it('answers 4xx, never 5xx, for a body that is not DMN', async () => {
    expectProblem(await deployXml('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>'), 400, 'dmn-not-readable');
    expectProblem(await deployXml('not xml at all'), 400, 'dmn-not-readable');
    expectProblem(await deployXml(`<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"><decision`), 400, 'dmn-not-readable');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: bearer(admin), payload: { xml: 42 } })).statusCode).toBe(400);
  });

  it('refuses a user without decision:deploy', async () => {
    const before = await counts();
    expectProblem(await deployXml(loanDecisionXml(), supervisor), 403, 'forbidden');
    expect(await counts()).toEqual(before);
  });
});

describe('GET /api/v1/decisions', () => {
  it('lists the latest version of each decision and one decision with its versions and XML', async () => {
    const list = await get('/decisions', supervisor);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((d: { key: string; version: number }) => [d.key, d.version])).toEqual([
      ['approval', 2],
      ['risk_band', 2],
    ]);
    const one = await get('/decisions/approval', supervisor);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ key: 'approval', name: 'Approval', latestVersion: 2 });
    expect(one.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(one.json().xml).toContain('approved v2');
  });

  it('answers 404 for an unknown key', async () => {
    expectProblem(await get('/decisions/nope'), 404, 'decision-not-found');
  });

  it('refuses a user without decision:read', async () => {
    expectProblem(await get('/decisions', agent), 403, 'forbidden');
    expectProblem(await get('/decisions/approval', agent), 403, 'forbidden');
  });
});

describe('POST /api/v1/decisions/{key}/evaluate', () => {
  it('evaluates the requirement graph and names the matched rule; audited without the variables', async () => {
    // when
    const res = await evaluate('approval', { variables: { 'Loan Amount': 5000, 'Risk Rating': 'A' } }, agent);
    // then
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ result: 'approved v2', resultList: [{ approval: 'approved v2' }], matchedRules: ['small_low'] });
    const [event] = await t.sql<{ data: Record<string, unknown> }>("SELECT data FROM audit.event WHERE action = 'decision.evaluated' ORDER BY occurred_at DESC LIMIT 1");
    expect(event?.data).toEqual({ version: 2, matchedRules: ['small_low'] });
    expect(JSON.stringify(event)).not.toContain('5000');
  });

  it('evaluates an older version and another decision of the same deployment', async () => {
    const old = await evaluate('approval', { version: 1, variables: { 'Loan Amount': 5000, 'Risk Rating': 'A' } });
    expect(old.json().result).toBe('approved');
    const band = await evaluate('approval', { decisionId: 'Risk Band', variables: { 'Risk Rating': 'B' } });
    expect(band.json()).toMatchObject({ result: 'high', matchedRules: [] });
  });

  it('answers 422 with the reason when a UNIQUE table has two hits', async () => {
    const body = expectProblem(await evaluate('approval', { variables: { 'Loan Amount': 60000, 'Risk Rating': 'C' } }), 422, 'decision-evaluation-failed');
    expect(body.detail).toMatch(/UNIQUE.*large_or_high, overlap/);
  });

  it('answers 422, not 5xx, when a model recurses without end', async () => {
    const xml = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="loop" name="Loop" namespace="http://docket.test/loop">
      <businessKnowledgeModel id="b" name="Forever"><encapsulatedLogic><formalParameter name="n"/><literalExpression><text>Forever(n + 1)</text></literalExpression></encapsulatedLogic></businessKnowledgeModel>
      <decision id="endless" name="Endless"><knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement><literalExpression><text>Forever(1)</text></literalExpression></decision>
    </definitions>`;
    expect((await deployXml(xml)).statusCode).toBe(201);
    const res = await evaluate('endless', { variables: {} });
    expect(res.statusCode).toBeLessThan(500);
  });

  it('answers 400 for variables that are not an object, 404 for an unknown decision', async () => {
    expect((await evaluate('approval', { variables: [1, 2] })).statusCode).toBe(400);
    expect((await evaluate('approval', { variables: {}, surprise: true })).statusCode).toBe(400);
    expectProblem(await evaluate('nope', { variables: {} }), 404, 'decision-not-found');
    expectProblem(await evaluate('approval', { version: 9, variables: {} }), 404, 'decision-not-found');
  });

  it('refuses a user without decision:evaluate', async () => {
    expectProblem(await evaluate('approval', { variables: {} }, auditor), 403, 'forbidden');
  });

  it('is what the process engine calls, inside its transaction', async () => {
    const outcome = await t.database.db.transaction().execute((tx) => evaluateDeployedDecision(tx, 'approval', { 'Loan Amount': 20000, 'Risk Rating': 'A' }));
    expect(outcome).toMatchObject({ result: 'committee', resultList: [{ approval: 'committee' }], matchedRules: ['large_or_high'] });
  });
});

describe('POST /api/v1/decisions/evaluate-draft', () => {
  const draft = (body: object, token = admin) => t.app.inject({ method: 'POST', url: '/api/v1/decisions/evaluate-draft', headers: bearer(token), payload: body });

  it('evaluates a model as edited, not deployed, naming the matched rule, and stores nothing', async () => {
    // given: the deployed label is 'approved v2'; the draft says something else
    const before = await counts();
    const events = (await t.sql("SELECT 1 FROM audit.event WHERE action LIKE 'decision.%'")).length;
    // when
    const res = await draft({ xml: loanDecisionXml({ approvedLabel: 'draft label' }), decisionKey: 'approval', variables: { 'Loan Amount': 5000, 'Risk Rating': 'A' } });
    // then
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ result: 'draft label', resultList: [{ approval: 'draft label' }], matchedRules: ['small_low'] });
    expect(await counts()).toEqual(before);
    expect((await t.sql("SELECT 1 FROM audit.event WHERE action LIKE 'decision.%'")).length).toBe(events);
  });

  it('refuses a draft with problems as deploying would (422 naming the elements), and an unknown decision with 404', async () => {
    const body = expectProblem(await draft({ xml: BROKEN_DMN, decisionKey: 'd1', variables: {} }), 422, 'dmn-invalid');
    expect((body.problems as Array<{ elementId: string }>).map((p) => p.elementId)).toEqual(expect.arrayContaining(['entry1']));
    expectProblem(await draft({ xml: loanDecisionXml(), decisionKey: 'nope', variables: {} }), 404, 'decision-not-found');
    expectProblem(await draft({ xml: loanDecisionXml(), decisionKey: 'approval', variables: { 'Loan Amount': 60000, 'Risk Rating': 'C' } }), 422, 'decision-evaluation-failed');
    expect((await draft({ xml: loanDecisionXml(), decisionKey: 'approval', variables: [1] })).statusCode).toBe(400);
  });

  it('refuses a user without decision:deploy, even one who may evaluate deployed decisions', async () => {
    expectProblem(await draft({ xml: loanDecisionXml(), decisionKey: 'approval', variables: {} }, agent), 403, 'forbidden');
    expectProblem(await draft({ xml: loanDecisionXml(), decisionKey: 'approval', variables: {} }, auditor), 403, 'forbidden');
  });
});
