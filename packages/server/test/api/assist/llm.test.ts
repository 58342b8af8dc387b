import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LlmCaseType, type LlmSettings, LlmUnavailable, llmCallLog, prefillWithLlm, runLlmPrefill } from '../../../src/modules/assist/llm/index.ts';
import { createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, type TestApp } from '../../helpers/test-app.ts';

// Issue 22, part E: the bank's own LLM behind an OpenAI-compatible endpoint. A local HTTP server
// plays the LLM and records every request, so the tests see exactly what would leave Docket.

const RESIDENT_ID = '11010519491231002X';
const MISTYPED_ID = '110105194912310021';
const PHONE = '13812345678';
const CARD = '6222021234567894';
const TEXT = `我叫王小明，身份证${RESIDENT_ID}，手机 138-1234-5678。上周五我的卡 ${CARD} 被扣了200元年费，我从没开通过这个服务，请退还。`;

const COMPLAINT: LlmCaseType = {
  key: 'complaint',
  fields: [
    { key: 'customerName', type: 'textfield', label: '客户姓名 Customer name', dataClass: 'name', required: true },
    { key: 'residentId', type: 'textfield', label: '身份证号 Resident id', dataClass: 'resident-id' },
    { key: 'phone', type: 'textfield', label: '联系电话 Phone', dataClass: 'phone', required: true },
    { key: 'bankCard', type: 'textfield', label: '银行卡号 Bank card', dataClass: 'bank-card' },
    {
      key: 'category',
      type: 'select',
      label: '投诉类别 Category',
      required: true,
      options: [
        { value: 'fees', label: '收费 Fees' },
        { value: 'service', label: '服务态度 Service' },
        { value: 'other', label: '其他 Other' },
      ],
    },
    { key: 'description', type: 'textarea', label: '投诉内容 What happened', required: true },
  ],
};

interface RecordedRequest {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Behaviour = { kind: 'answer'; content: (requestBody: string) => unknown } | { kind: 'hang' } | { kind: 'status'; status: number } | { kind: 'raw'; content: string };

// The app's own LLM settings, for POST /assist/prefill: a short timeout, so the fallback test is quick.
const APP_LLM_TIMEOUT_MS = 1000;

let t: TestApp;
let agent: string;
let llm: Server;
let llmUrl: string;
let behaviour: Behaviour;
const requests: RecordedRequest[] = [];

function settings(overrides: Partial<LlmSettings> = {}): LlmSettings {
  return { assistLlmUrl: llmUrl, assistLlmModel: 'qwen2.5-7b-instruct', assistLlmApiKey: 'sk-test-llm-key', assistLlmTimeoutMs: 5000, ...overrides };
}

const completion = (content: string) => JSON.stringify({ id: 'cmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });

const answerOf = (value: unknown, quote: string, confidence = 0.9) => ({ value, quote, confidence });

beforeAll(async () => {
  llm = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body });
      if (behaviour.kind === 'hang') return;
      if (behaviour.kind === 'status') {
        res.writeHead(behaviour.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `echo of the prompt: ${body.slice(0, 200)}` } }));
        return;
      }
      const content = behaviour.kind === 'raw' ? behaviour.content : JSON.stringify(behaviour.content(body));
      res.writeHead(200, { 'content-type': 'application/json' }).end(completion(content));
    });
  });
  await new Promise<void>((resolve) => llm.listen(0, '127.0.0.1', resolve));
  llmUrl = `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1`;
  t = await createTestApp({ config: { assistLlmUrl: llmUrl, assistLlmModel: 'qwen2.5-7b-instruct', assistLlmTimeoutMs: APP_LLM_TIMEOUT_MS } });
  const admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  await t.createUser('agent.llm', ['agent']);
  agent = await t.login('agent.llm');
});

afterAll(async () => {
  llm.closeAllConnections();
  await new Promise((resolve) => llm.close(resolve));
  await t?.close();
});

beforeEach(() => {
  requests.length = 0;
});

async function llmCalls() {
  return t.sql<{ purpose: string; model: string; outcome: string; http_status: number | null; masked_values: number; values_dropped: number; duration_ms: number; row: string }>(
    'SELECT purpose, model, outcome, http_status, masked_values, values_dropped, duration_ms, c::text AS row FROM assist.llm_call c ORDER BY started_at',
  );
}

describe('masking before the call', () => {
  it('sends no resident id, phone or card, only placeholders, in a JSON-schema-constrained request', async () => {
    // given: an LLM that answers with the placeholders it was sent
    behaviour = {
      kind: 'answer',
      content: () => ({
        customerName: null,
        residentId: answerOf('⟦RESIDENT_ID_1⟧', '身份证⟦RESIDENT_ID_1⟧'),
        phone: answerOf('⟦PHONE_1⟧', '手机 ⟦PHONE_1⟧'),
        bankCard: answerOf('⟦CARD_1⟧', '我的卡 ⟦CARD_1⟧'),
        category: answerOf('fees', '被扣了200元年费', 0.8),
        description: null,
      }),
    };
    // when
    const suggestions = await prefillWithLlm({ caseType: COMPLAINT, text: TEXT, config: settings(), log: llmCallLog(t.database.db) });
    // then: what left Docket
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.url).toBe('/v1/chat/completions');
    expect(request!.headers.authorization).toBe('Bearer sk-test-llm-key');
    const sent = request!.body;
    for (const secret of [RESIDENT_ID, PHONE, '138-1234-5678', '1234-5678', CARD, '6222 0212']) expect(sent).not.toContain(secret);
    for (const placeholder of ['⟦RESIDENT_ID_1⟧', '⟦PHONE_1⟧', '⟦CARD_1⟧']) expect(sent).toContain(placeholder);
    const body = JSON.parse(sent) as { model: string; response_format: { type: string; json_schema: { name: string; strict: boolean; schema: { required: string[] } } } };
    expect(body.model).toBe('qwen2.5-7b-instruct');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema).toMatchObject({ name: 'docket_prefill_complaint', strict: true, schema: { required: COMPLAINT.fields.map((f) => f.key) } });
    // and what came back, restored and located in the original text
    const found = Object.fromEntries(suggestions.map((s) => [s.field, [s.value, TEXT.slice(s.source.start, s.source.end)]]));
    expect(found).toEqual({
      residentId: [RESIDENT_ID, RESIDENT_ID],
      phone: [PHONE, '138-1234-5678'],
      bankCard: [CARD, CARD],
      category: ['fees', '被扣了200元年费'],
    });
    const [call] = await llmCalls();
    expect(call).toMatchObject({ purpose: 'prefill', model: 'qwen2.5-7b-instruct', outcome: 'ok', http_status: 200, values_dropped: 0 });
    expect(call!.masked_values).toBeGreaterThanOrEqual(3);
  });
});

describe('grounding and check digits', () => {
  it('drops a value the text does not hold (an invented name, a category quoted from nowhere) and counts it', async () => {
    behaviour = {
      kind: 'answer',
      content: () => ({
        customerName: answerOf('李四', '我叫李四'),
        residentId: null,
        phone: answerOf('⟦PHONE_1⟧', '手机 ⟦PHONE_1⟧'),
        bankCard: null,
        category: answerOf('service', '柜员态度恶劣'),
        description: answerOf('客户要求赔偿一万元精神损失费', '客户要求赔偿一万元精神损失费'),
      }),
    };
    const result = await runLlmPrefill({ caseType: COMPLAINT, text: TEXT, config: settings(), log: llmCallLog(t.database.db) });
    expect(result.suggestions.map((s) => s.field)).toEqual(['phone']);
    expect(result.refusals.map((r) => [r.field, r.reason])).toEqual([
      ['customerName', 'not-in-text'],
      ['category', 'not-in-text'],
      ['description', 'not-in-text'],
    ]);
    expect(result.modelVersion).toBe('llm:qwen2.5-7b-instruct');
    expect((await llmCalls()).at(-1)).toMatchObject({ outcome: 'ok', values_dropped: 3 });
  });

  it('drops a resident id whose check digit is wrong, and records a call whose every value was dropped as refused', async () => {
    const text = `身份证号是${MISTYPED_ID}，麻烦登记`;
    behaviour = { kind: 'answer', content: () => ({ residentId: answerOf('⟦RESIDENT_ID_1⟧', '身份证号是⟦RESIDENT_ID_1⟧') }) };
    const result = await runLlmPrefill({ caseType: COMPLAINT, text, config: settings(), log: llmCallLog(t.database.db) });
    expect(requests.at(-1)!.body).not.toContain(MISTYPED_ID);
    expect(result.suggestions).toEqual([]);
    expect(result.refusals).toEqual([{ field: 'residentId', reason: 'check-digit', source: { start: 5, end: 23 } }]);
    expect((await llmCalls()).at(-1)).toMatchObject({ outcome: 'refused', values_dropped: 1 });
  });
});

describe('when the LLM cannot answer', () => {
  it('gives up on a server that does not answer within the timeout, with LlmUnavailable', async () => {
    behaviour = { kind: 'hang' };
    const started = performance.now();
    const error = await prefillWithLlm({ caseType: COMPLAINT, text: TEXT, config: settings({ assistLlmTimeoutMs: 300 }), log: llmCallLog(t.database.db) }).catch((e: unknown) => e);
    const elapsedMs = performance.now() - started;
    expect(error).toBeInstanceOf(LlmUnavailable);
    expect((error as LlmUnavailable).failure).toBe('timeout');
    expect(elapsedMs).toBeLessThan(1500);
    expect((await llmCalls()).at(-1)).toMatchObject({ outcome: 'timeout', http_status: null });
  });

  it('treats an HTTP error and an answer that is not JSON the same way, without the text in the error', async () => {
    behaviour = { kind: 'status', status: 500 };
    const httpError = await prefillWithLlm({ caseType: COMPLAINT, text: TEXT, config: settings(), log: llmCallLog(t.database.db) }).catch((e: unknown) => e);
    expect(httpError).toMatchObject({ name: 'LlmUnavailable', failure: 'http-error', httpStatus: 500 });
    expect((httpError as Error).message).not.toContain('年费');
    behaviour = { kind: 'raw', content: 'Sure! The customer is ⟦NAME_1⟧' };
    const invalid = await prefillWithLlm({ caseType: COMPLAINT, text: TEXT, config: settings(), log: llmCallLog(t.database.db) }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ name: 'LlmUnavailable', failure: 'invalid-answer' });
    expect((await llmCalls()).slice(-2).map((c) => [c.outcome, c.http_status])).toEqual([
      ['error', 500],
      ['invalid', 200],
    ]);
  });

  it('refuses to run without DOCKET_ASSIST_LLM_URL, calling nobody', async () => {
    const error = await prefillWithLlm({ caseType: COMPLAINT, text: TEXT, config: settings({ assistLlmUrl: undefined }), log: llmCallLog(t.database.db) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: 'not-configured' });
    expect(requests).toEqual([]);
  });
});

describe('what is kept of a call', () => {
  it('keeps no words of the text in assist.llm_call, and logs only counts', async () => {
    behaviour = { kind: 'answer', content: () => ({ phone: answerOf('⟦PHONE_1⟧', '手机 ⟦PHONE_1⟧') }) };
    const logged: unknown[] = [];
    const logger = { info: (obj: object, msg: string) => logged.push([obj, msg]), warn: (obj: object, msg: string) => logged.push([obj, msg]) };
    await prefillWithLlm({ caseType: COMPLAINT, text: TEXT, config: settings(), log: llmCallLog(t.database.db), logger });
    const rows = (await llmCalls()).map((c) => c.row).join('\n');
    const logs = JSON.stringify(logged);
    for (const words of ['王小明', RESIDENT_ID, PHONE, CARD, '年费', '⟦', 'sk-test-llm-key']) {
      expect(rows).not.toContain(words);
      expect(logs).not.toContain(words);
    }
    expect(logged).toEqual([[{ assistLlm: expect.objectContaining({ outcome: 'ok', maskedValues: expect.any(Number) }) }, 'assist LLM answered']]);
  });
});

describe('POST /api/v1/assist/prefill with DOCKET_ASSIST_LLM_URL set', () => {
  type Body = {
    id: string;
    path: string;
    suggestions: { field: string; value: unknown; kind: string; modelVersion: string; source: { start: number; end: number; text: string } }[];
    missing: { field: string }[];
  };
  const prefill = (text: string) => t.app.inject({ method: 'POST', url: '/api/v1/assist/prefill', headers: bearer(agent), payload: { caseType: 'complaint', text, channel: 'phone' } });

  it("answers on the 'llm' path with the model's grounded values, the personal ones masked on the way out", async () => {
    behaviour = {
      kind: 'answer',
      content: () => ({
        customerName: null,
        residentId: answerOf('⟦RESIDENT_ID_1⟧', '身份证⟦RESIDENT_ID_1⟧'),
        phone: answerOf('⟦PHONE_1⟧', '手机 ⟦PHONE_1⟧'),
        bankCard: answerOf('⟦CARD_1⟧', '⟦CARD_1⟧'),
        category: answerOf('fees', '被扣了200元年费', 0.85),
        product: answerOf('debit-card', '我的卡', 0.6),
        description: null,
        regulatorReferral: null,
        outcome: answerOf('resolved', '已经解决了', 0.9),
        priority: answerOf('normal', '请退还', 0.7),
      }),
    };
    const res = await prefill(TEXT);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Body;
    expect(body.path).toBe('llm');
    expect(requests).toHaveLength(1);
    for (const secret of [RESIDENT_ID, PHONE, '1234-5678', CARD]) expect(requests[0]!.body).not.toContain(secret);
    const values = Object.fromEntries(body.suggestions.map((s) => [s.field, s.value]));
    // `outcome` quoted words the customer never said: dropped.
    expect(values).toEqual({ residentId: RESIDENT_ID, phone: PHONE, bankCard: CARD, category: 'fees', product: 'debit-card', priority: 'normal' });
    for (const s of body.suggestions) {
      expect(s).toMatchObject({ kind: 'llm', modelVersion: 'llm:qwen2.5-7b-instruct' });
      expect(TEXT.slice(s.source.start, s.source.end)).toBe(s.source.text);
    }
    expect(body.missing.map((m) => m.field)).toEqual(['customerName', 'description']);
    const [row] = await t.sql<{ path: string }>('SELECT path FROM assist.prefill WHERE id = $1', [body.id]);
    expect(row!.path).toBe('llm');
    expect((await llmCalls()).at(-1)).toMatchObject({ outcome: 'ok', values_dropped: 1 });
  });

  it("falls back to the built-in path ('llm-fallback') within the timeout when the LLM hangs", async () => {
    behaviour = { kind: 'hang' };
    const started = performance.now();
    const res = await prefill(TEXT);
    const elapsedMs = performance.now() - started;
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Body;
    expect(body.path).toBe('llm-fallback');
    expect(body.suggestions.every((s) => s.kind !== 'llm')).toBe(true);
    expect(elapsedMs).toBeLessThan(APP_LLM_TIMEOUT_MS + 2500);
    expect((await llmCalls()).at(-1)).toMatchObject({ outcome: 'timeout' });
    const [row] = await t.sql<{ path: string }>('SELECT path FROM assist.prefill WHERE id = $1', [body.id]);
    expect(row!.path).toBe('llm-fallback');
  });
});
