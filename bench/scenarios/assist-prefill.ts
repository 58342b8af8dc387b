// Issue 22's prefill figure (BENCH_ONLY=assist-prefill): POST /api/v1/assist/prefill on the
// built-in path (no DOCKET_ASSIST_LLM_URL) for a 2,000-character complaint — p95 ≤ 50 ms at one
// connection, request after request, as an agent pastes a conversation. The text carries what a
// real call does: a name, a phone, a resident id and a card (check-digit valid), amounts, dates,
// the category and product words, repeated talk. Every answer is checked: 200, path builtin,
// every suggestion's span slicing to its words. The first request trains the shipped models (at
// first use) and is reported apart; the timed requests follow a warm-up.
//
// Beside it, as for the other figures, the machine's raw limit measured in the same run: raw
// single-row transactions (BEGIN; INSERT case; INSERT audit event; COMMIT) at one connection.
// Prefill writes one prefill row and its suggestion rows in one transaction, so that limit bounds it.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { percentile, round } from './http-load.ts';
import type { Target } from './target.ts';

export const ASSIST_PREFILL_GOAL_P95_MS = 50;
export const ASSIST_PREFILL_TEXT_CHARS = 2_000;

export interface AssistPrefillOptions {
  /** Timed requests, one after another. */
  requests: number;
  warmup: number;
}

export interface AssistPrefillResult {
  textChars: number;
  firstRequestMs: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  perSecond: number;
  /** The Docket process's CPU time (user + system) per timed request. */
  serverCpuMsPerRequest: number;
  /**
   * The server's own time to its findings (assist.prefill.duration_ms: reading the case type and
   * settings, classifiers, entities, grounding), before the transaction that stores the prefill,
   * its suggestions and the audit event; over the timed requests.
   */
  findings: { p50Ms: number; p95Ms: number; maxMs: number };
  suggestions: number;
  fields: string[];
  paths: Record<string, number>;
  errors: string[];
  seconds: number;
}

// A complaint call as transcribed: the customer repeats themselves, the agent confirms. Valid ids:
// 11010519491231002X (GB 11643), 6222021234567894 (Luhn).
const OPENING =
  '坐席：您好，这里是银行客服中心，请问有什么可以帮您？客户：你好，我叫王建国，手机号13812345678，身份证号11010519491231002X。我要投诉你们信用卡乱收费。' +
  '我的卡号是6222021234567894，上个月账单里突然多了一笔年费680元，还有一笔分期手续费120.50元，我从来没有办过分期，也没有人通知过我。';
const TALK = [
  '坐席：非常抱歉给您带来不便，我先帮您核实一下账单明细。',
  '客户：我已经打了三次电话了，每次都说会处理，到现在也没有退回来，我很生气。',
  '坐席：请问这笔年费是在2026年11月15日扣的吗？',
  '客户：对，就是11月15日，还有12月1日又扣了一次手续费，我要求全部退还，否则我就向监管部门投诉。',
  'Customer: I also sent an e-mail last week and nobody answered. The annual fee was never explained when I applied for the credit card.',
  '坐席：好的，我记录下来了，会尽快为您提交退费申请，并在三个工作日内回复您。',
  '客户：希望这次真的能处理，不要再让我等了，我的信用卡额度也被占用了。',
];

/** The bench text: the opening, then the call's talk until exactly `chars` characters. */
export function benchComplaintText(chars = ASSIST_PREFILL_TEXT_CHARS): string {
  let text = OPENING;
  for (let i = 0; text.length < chars; i++) text += TALK[i % TALK.length];
  return text.slice(0, chars);
}

interface PrefillAnswer {
  path: string;
  suggestions: { field: string; source: { start: number; end: number; text: string } }[];
}

export async function measureAssistPrefill(target: Target, options: AssistPrefillOptions, log: (m: string) => void): Promise<AssistPrefillResult> {
  const started = performance.now();
  const text = benchComplaintText();
  const body = JSON.stringify({ caseType: 'complaint', text, channel: 'phone' });
  const headers = { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' };
  const errors: string[] = [];
  const paths: Record<string, number> = {};
  let last: PrefillAnswer | undefined;
  const ask = async (): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(`${target.url}/api/v1/assist/prefill`, { method: 'POST', headers, body });
    const answer = (await res.json()) as PrefillAnswer;
    const ms = performance.now() - t0;
    if (res.status !== 200) {
      if (errors.length < 5) errors.push(`${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
      return ms;
    }
    paths[answer.path] = (paths[answer.path] ?? 0) + 1;
    for (const s of answer.suggestions) {
      if (text.slice(s.source.start, s.source.end) !== s.source.text && errors.length < 5) errors.push(`${s.field}: span ${s.source.start}-${s.source.end} does not slice to its words`);
    }
    last = answer;
    return ms;
  };

  log(`  assist prefill: first request (the shipped models train at first use), ${text.length} characters`);
  const firstRequestMs = round(await ask(), 1);
  log(`    ${firstRequestMs} ms`);
  for (let i = 0; i < options.warmup; i++) await ask();
  const cpuBefore = await target.serverCpuMs();
  const timed: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < options.requests; i++) timed.push(await ask());
  const elapsedMs = performance.now() - t0;
  const cpuMs = (await target.serverCpuMs()) - cpuBefore;
  timed.sort((a, b) => a - b);
  const findings = await findingsDurations(target.databaseUrl, timed.length);
  const result: AssistPrefillResult = {
    textChars: text.length,
    firstRequestMs,
    requests: timed.length,
    p50Ms: round(percentile(timed, 50), 1),
    p95Ms: round(percentile(timed, 95), 1),
    p99Ms: round(percentile(timed, 99), 1),
    maxMs: round(timed[timed.length - 1] ?? NaN, 1),
    perSecond: round((1000 * timed.length) / elapsedMs, 1),
    serverCpuMsPerRequest: round(cpuMs / Math.max(timed.length, 1), 2),
    findings,
    suggestions: last?.suggestions.length ?? 0,
    fields: (last?.suggestions ?? []).map((s) => s.field),
    paths,
    errors,
    seconds: round((performance.now() - started) / 1000, 1),
  };
  log(
    `    ${result.requests} requests: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, p99 ${result.p99Ms} ms, ${result.perSecond}/s, server CPU ${result.serverCpuMsPerRequest} ms/request, findings p95 ${result.findings.p95Ms} ms; ${result.suggestions} suggestions (${result.fields.join(', ')})`,
  );
  return result;
}

async function findingsDurations(databaseUrl: string, last: number): Promise<AssistPrefillResult['findings']> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ p50: number; p95: number; max: number }>(
      `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50, percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95, max(duration_ms) AS max
         FROM (SELECT duration_ms FROM assist.prefill ORDER BY requested_at DESC, id DESC LIMIT $1) timed`,
      [last],
    );
    return { p50Ms: Number(rows[0]?.p50 ?? NaN), p95Ms: Number(rows[0]?.p95 ?? NaN), maxMs: Number(rows[0]?.max ?? NaN) };
  } finally {
    await client.end();
  }
}

export function assistPrefillGoals(result: AssistPrefillResult | undefined) {
  return [
    {
      name: `POST /api/v1/assist/prefill, built-in path, ${ASSIST_PREFILL_TEXT_CHARS.toLocaleString('en')}-character text, 1 connection, p95`,
      goal: `≤ ${ASSIST_PREFILL_GOAL_P95_MS} ms`,
      measured: result ? `${result.p95Ms} ms` : 'not measured',
      reached: result !== undefined && result.errors.length === 0 && result.p95Ms <= ASSIST_PREFILL_GOAL_P95_MS,
    },
  ];
}

export function writeAssistPrefillReport(dir: string, name: string, target: Target, result: AssistPrefillResult, raw: string, command: string): void {
  const lines = [
    '# Issue 22 — prefill bench',
    '',
    `Target: ${target.name} (${target.postgresVersion.split(' ').slice(0, 2).join(' ')}). ${os.cpus().length} cores (${os.cpus()[0]?.model ?? ''}), load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end. Node ${process.version}.`,
    '',
    '| goal | target | measured | reached |',
    '| --- | --- | --- | --- |',
    ...assistPrefillGoals(result).map((g) => `| ${g.name} | ${g.goal} | ${g.measured} | ${g.reached ? 'yes' : 'no'} |`),
    '',
    `- ${result.requests} requests one after another after a warm-up, each the same ${result.textChars}-character complaint call (zh-CN with an English line; a name, a phone, a resident id, a card, amounts, dates): p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms; ${result.perSecond} requests/s; the Docket process's CPU ${result.serverCpuMsPerRequest} ms per request.`,
    `- The server's own time to its findings (\`assist.prefill.duration_ms\`: case type and settings read, classifiers, entities, grounding — before the transaction that stores the prefill, its suggestions and the audit event): p50 ${result.findings.p50Ms} ms, p95 ${result.findings.p95Ms} ms, max ${result.findings.maxMs} ms.`,
    `- Each answer: ${result.suggestions} suggestions (${result.fields.join(', ') || 'none'}), paths ${JSON.stringify(result.paths)}; every span checked to slice to its words${result.errors.length ? `; errors: ${result.errors.join(' | ')}` : ', no error'}.`,
    `- The first request, which trains the shipped models at first use: ${result.firstRequestMs} ms.`,
    `- ${raw}.`,
    '',
    `Run: \`${command}\` (\`BENCH_ASSIST_PREFILL_REQUESTS\`, \`BENCH_ASSIST_PREFILL_WARMUP\`).`,
    '',
  ];
  writeFileSync(path.join(dir, `${name}.md`), lines.join('\n'));
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ target: target.name, result, raw }, null, 2)}\n`);
}
