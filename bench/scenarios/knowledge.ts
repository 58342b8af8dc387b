// Issue 19: knowledge search over BENCH_KNOWLEDGE_ARTICLES published articles (goal p95 ≤ 50 ms)
// and suggestions on a case over BENCH_KNOWLEDGE_CASES resolved cases (goal p95 ≤ 100 ms), as a
// branch agent, so the read filter (reach, roles, scope) and the case visibility apply.
//
// Load: articles from a vocabulary of banking sentences (knowledge-corpus.ts). They come in through
// importArticles (the module's own path: sanitising, versions, audit, the published projection)
// in batches, for at most BENCH_KNOWLEDGE_IMPORT_SECONDS; the rest through a direct multi-row path
// (article and version rows in one statement each, then writePublishedArticles: the same search
// vectors and lexicon as publishing), so a 100,000-article book loads in minutes on a busy
// machine. Both rates are reported. The cases are inserted in SQL and indexed by the case index's
// own backfill (indexCasesWithoutDocument), whose rate is reported too.
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../packages/server/src/config/config.ts';
import { openKeyRing } from '../../packages/server/src/main.ts';
import { findSystemActorOrThrow } from '../../packages/server/src/modules/access/index.ts';
import { createCategory, createSynonymSet, importArticles, indexCasesWithoutDocument, type PublishedArticleInput, writePublishedArticles } from '../../packages/server/src/modules/knowledge/index.ts';
import { systemClock } from '../../packages/server/src/platform/clock/index.ts';
import { createCommandRunner, type CommandRunner } from '../../packages/server/src/platform/commands/index.ts';
import { openDatabase, type Database } from '../../packages/server/src/platform/db/database.ts';
import { percentile, round, runLoad, withServerCpu, type LoadResult } from './http-load.ts';
import { BENCH_CATEGORIES, BENCH_QUERIES, BENCH_SYNONYMS, benchArticle, benchCase, type BenchArticle } from './knowledge-corpus.ts';
import { api, type Target } from './target.ts';

export interface KnowledgeBenchOptions {
  articles: number;
  importMaxSeconds: number;
  importBatch: number;
  searchSeconds: number;
  resolvedCases: number;
  openCases: number;
  suggestionSeconds: number;
  connections: number;
  search: boolean;
  suggestions: boolean;
}

export interface LatencySummary {
  requests: number;
  non2xx: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface KnowledgeBenchResult {
  load: {
    articles: number;
    imported: { articles: number; seconds: number; perSecond: number; batch: number };
    direct: { articles: number; seconds: number; perSecond: number };
    vacuumSeconds: number;
    sizes: Record<string, string>;
    readable: number;
  };
  search?: {
    sequential: LatencySummary & { byClass: Record<string, LatencySummary & { queries: string[]; meanHits: number }> };
    concurrent: LoadResult;
    statements: { query: string; class: string; statements: number; databaseMs: number; slowest: SlowStatement[] }[];
    explain?: { query: string; executionMs: number; plan: string };
  };
  suggestions?: {
    resolvedCases: number;
    openCases: number;
    insertSeconds: number;
    index: { cases: number; seconds: number; perSecond: number };
    sequential: LatencySummary & { meanArticles: number; meanSimilarCases: number };
    concurrent: LoadResult;
    /** Three requests recorded: statements, their summed time, the slowest ones. */
    statements: { statements: number; databaseMs: number; slowest: SlowStatement[] }[];
  };
  errors: { part: string; error: string }[];
  loadAverage: number[];
}

const PASSWORD = 'bench-knowledge-password-1';
// The bench's organisation: a head office, branch A with a sub-branch, branch B.
const DEPARTMENTS = {
  hq: '00000000-0000-4000-a000-000000000000',
  a: '00000000-0000-4000-a000-000000000001',
  a1: '00000000-0000-4000-a000-000000000011',
  b: '00000000-0000-4000-a000-000000000002',
} as const;

async function createOrganisation(client: pg.Client): Promise<void> {
  const { hq, a, a1, b } = DEPARTMENTS;
  const rows = [
    [hq, 'KB-HQ', '总行 Bench head office', 'head-office', null, `/${hq}/`],
    [a, 'KB-A', 'A 分行 Bench branch A', 'branch', hq, `/${hq}/${a}/`],
    [a1, 'KB-A1', 'A1 支行 Bench sub-branch A1', 'sub-branch', a, `/${hq}/${a}/${a1}/`],
    [b, 'KB-B', 'B 分行 Bench branch B', 'branch', hq, `/${hq}/${b}/`],
  ];
  for (const row of rows) await client.query('INSERT INTO access.department (id, code, name, kind, parent_id, path) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', row);
}

async function signIn(target: Target, username: string): Promise<string> {
  const res = await fetch(`${target.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 200 || !body.token) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

async function createAgent(target: Target): Promise<{ token: string; id: string }> {
  const username = `bench-kb-agent-${Date.now().toString(36)}`;
  const res = await api<{ id: string }>(target, 'POST', '/api/v1/users', { username, password: PASSWORD, displayName: 'Bench knowledge agent', departmentIds: [DEPARTMENTS.a], roleIds: ['agent'] });
  if (res.status !== 201) throw new Error(`create agent: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: await signIn(target, username), id: res.body.id };
}

const reachOf = (article: BenchArticle) =>
  article.reach === 'head-office'
    ? { subtrees: [], departments: [DEPARTMENTS.hq] }
    : article.reach === 'branch-a'
      ? { subtrees: [DEPARTMENTS.a], departments: [] }
      : article.reach === 'branch-b'
        ? { subtrees: [DEPARTMENTS.b], departments: [] }
        : { subtrees: [], departments: [] };

/** Articles through the module's import, a batch per command, for at most maxSeconds. */
async function importThroughModule(commands: CommandRunner, meta: { actor: Awaited<ReturnType<typeof findSystemActorOrThrow>>; channel: string }, options: KnowledgeBenchOptions, ownerId: string) {
  const started = performance.now();
  let done = 0;
  while (done < options.articles && (performance.now() - started) / 1000 < options.importMaxSeconds) {
    const batch = Array.from({ length: Math.min(options.importBatch, options.articles - done) }, (_, k) => benchArticle(done + k));
    await commands.runCommand({ ...meta, requestId: `bench-kb-import-${done}` }, (ctx) =>
      importArticles(ctx, {
        reason: 'bench: generated knowledge base',
        publish: true,
        articles: batch.map((a) => ({
          kind: a.kind as 'sop',
          title: a.title,
          summary: a.summary,
          body: a.body,
          categoryKey: a.categoryKey,
          audience: a.audience,
          reach: reachOf(a),
          tags: a.tags,
          caseTypes: a.caseTypes,
          products: a.products,
          validTo: a.validTo,
          ownerId,
          departmentId: DEPARTMENTS.hq,
        })),
      }),
    );
    done += batch.length;
  }
  const seconds = (performance.now() - started) / 1000;
  return { articles: done, seconds: round(seconds, 1), perSecond: round(done / Math.max(seconds, 0.001), 0), batch: options.importBatch };
}

/**
 * The rest without the module's per-article work: article and version rows in one statement
 * each per chunk, then the published projection through the search part's own batch writer.
 */
async function loadDirect(database: Database, from: number, to: number, ownerId: string, categoryIds: Map<string, string>, log: (m: string) => void) {
  const started = performance.now();
  const chunk = 1000;
  for (let start = from; start < to; start += chunk) {
    const now = new Date();
    const rows = Array.from({ length: Math.min(chunk, to - start) }, (_, k) => {
      const a = benchArticle(start + k);
      return { id: randomUUID(), number: `KB-B${String(start + k).padStart(7, '0')}`, a };
    });
    await database.db.transaction().execute(async (tx) => {
      const json = JSON.stringify(
        rows.map(({ id, number, a }) => ({
          id,
          number,
          kind: a.kind,
          title: a.title,
          summary: a.summary,
          body_html: a.body,
          body_text: a.bodyText,
          category_id: categoryIds.get(a.categoryKey) ?? null,
          audience: a.audience,
          reach_subtree_ids: reachOf(a).subtrees,
          reach_department_ids: reachOf(a).departments,
          tags: a.tags,
          case_types: a.caseTypes,
          products: a.products,
          valid_to: a.validTo,
        })),
      );
      // In the transaction: the rows and their projection commit together.
      await sql`INSERT INTO knowledge.article (id, number, status, owner_id, department_id, current_version, published_version, created_by, created_at, updated_at, published_at)
        SELECT x.id, x.number, 'published', ${ownerId}::uuid, ${DEPARTMENTS.hq}::uuid, 1, 1, ${ownerId}::uuid, ${now}, ${now}, ${now}
          FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, number text)`.execute(tx);
      await sql`INSERT INTO knowledge.article_version (article_id, version, state, kind, title, summary, body_html, body_text, category_id, audience,
          reach_subtree_ids, reach_department_ids, tags, case_types, products, valid_to, author_id, created_at, updated_at, submitted_at)
        SELECT x.id, 1, 'published', x.kind, x.title, x.summary, x.body_html, x.body_text, x.category_id, x.audience,
               x.reach_subtree_ids, x.reach_department_ids, x.tags, x.case_types, x.products, x.valid_to, ${ownerId}::uuid, ${now}, ${now}, ${now}
          FROM jsonb_to_recordset(${json}::jsonb) AS x(id uuid, kind text, title text, summary text, body_html text, body_text text, category_id uuid, audience text,
               reach_subtree_ids uuid[], reach_department_ids uuid[], tags text[], case_types text[], products text[], valid_to timestamptz)`.execute(tx);
      const inputs: PublishedArticleInput[] = rows.map(({ id, number, a }) => ({
        articleId: id,
        version: 1,
        number,
        kind: a.kind,
        title: a.title,
        summary: a.summary,
        bodyText: a.bodyText,
        categoryId: categoryIds.get(a.categoryKey) ?? null,
        categoryPath: categoryIds.has(a.categoryKey) ? [categoryIds.get('bench')!, categoryIds.get(a.categoryKey)!] : [],
        audience: a.audience,
        departmentId: DEPARTMENTS.hq,
        ownerId,
        reachSubtreeIds: reachOf(a).subtrees,
        reachDepartmentIds: reachOf(a).departments,
        roles: [],
        sensitivity: 'normal',
        tags: a.tags,
        caseTypes: a.caseTypes,
        products: a.products,
        validFrom: null,
        validTo: a.validTo ? new Date(a.validTo) : null,
        publishedAt: now,
      }));
      await writePublishedArticles(tx, inputs);
    });
    if ((start - from + chunk) % 10_000 === 0) log(`    … ${(start + chunk).toLocaleString('en')} articles`);
  }
  const seconds = (performance.now() - started) / 1000;
  return { articles: to - from, seconds: round(seconds, 1), perSecond: round((to - from) / Math.max(seconds, 0.001), 0) };
}

function summarise(times: number[], non2xx: number, seconds: number): LatencySummary {
  const sorted = [...times].sort((x, y) => x - y);
  return {
    requests: sorted.length,
    non2xx,
    seconds: round(seconds, 1),
    perSecond: round(sorted.length / Math.max(seconds, 0.001), 1),
    p50: round(percentile(sorted, 50), 2),
    p95: round(percentile(sorted, 95), 2),
    p99: round(percentile(sorted, 99), 2),
    max: round(sorted[sorted.length - 1] ?? NaN, 2),
  };
}

/** One request at a time for `seconds`, each timed from send to the last byte, by class. */
async function timeSequential<T>(
  target: Target,
  token: string,
  seconds: number,
  next: (i: number) => { path: string; class: string },
  inspect: (body: T, cls: string) => void,
): Promise<{ all: LatencySummary; byClass: Map<string, { times: number[]; non2xx: number }> }> {
  const byClass = new Map<string, { times: number[]; non2xx: number }>();
  const times: number[] = [];
  let non2xx = 0;
  const started = performance.now();
  for (let i = 0; (performance.now() - started) / 1000 < seconds; i++) {
    const { path, class: cls } = next(i);
    const t0 = performance.now();
    const res = await fetch(`${target.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    const ms = performance.now() - t0;
    const entry = byClass.get(cls) ?? { times: [], non2xx: 0 };
    byClass.set(cls, entry);
    if (res.status !== 200) {
      non2xx++;
      entry.non2xx++;
      if (non2xx === 1) process.stderr.write(`    first non-200 (${res.status}) for ${path}: ${text.slice(0, 300)}\n`);
      continue;
    }
    times.push(ms);
    entry.times.push(ms);
    inspect(JSON.parse(text) as T, cls);
  }
  return { all: summarise(times, non2xx, (performance.now() - started) / 1000), byClass };
}

export interface SlowStatement {
  ms: number;
  sql: string;
}

/** One request while the server records its SQL: how many statements, their summed time, the slowest ones. */
async function recordRequest(target: Target, token: string, requestPath: string, keep: number): Promise<{ statements: number; databaseMs: number; slowest: SlowStatement[] }> {
  const recorded = await target.recordQueries(async () => {
    await fetch(`${target.url}${requestPath}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
  });
  const slowest = [...recorded]
    .sort((x, y) => (y.ms ?? 0) - (x.ms ?? 0))
    .slice(0, keep)
    .map((r) => ({ ms: round(r.ms ?? NaN, 2), sql: r.text.replace(/\s+/g, ' ').slice(0, 240) }));
  return {
    statements: recorded.length,
    databaseMs: round(
      recorded.reduce((sum, r) => sum + (r.ms ?? 0), 0),
      2,
    ),
    slowest,
  };
}

const searchPath = (q: string) => `/api/v1/knowledge/search?q=${encodeURIComponent(q)}&limit=20`;

export async function measureKnowledge(target: Target, options: KnowledgeBenchOptions, log: (m: string) => void): Promise<KnowledgeBenchResult> {
  const errors: KnowledgeBenchResult['errors'] = [];
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  const config = loadConfig({ ...process.env, DATABASE_URL: target.databaseUrl, DOCKET_DATA_DIR: target.dataDir, DOCKET_CONFIG: '', LOG_LEVEL: 'silent' });
  const database = openDatabase(target.databaseUrl, 4);
  try {
    const keyRing = await openKeyRing(database, config);
    const commands = createCommandRunner(database, systemClock, keyRing);
    const meta = { actor: await findSystemActorOrThrow(database.db, 'system:seed'), channel: 'bench' };
    await createOrganisation(client);
    const agent = await createAgent(target);

    // Categories (a root and one per corpus category) and the synonym sets.
    const categoryIds = new Map<string, string>();
    await commands.runCommand({ ...meta, requestId: 'bench-kb-categories' }, async (ctx) => {
      const root = await createCategory(ctx, { key: 'bench', nameZh: '基准测试', nameEn: 'Bench', parentId: null });
      categoryIds.set('bench', root.id);
      for (const [position, key] of BENCH_CATEGORIES.entries()) {
        const created = await createCategory(ctx, { key: `bench-${key}`, nameZh: key, nameEn: key, parentId: root.id, position });
        categoryIds.set(`bench-${key}`, created.id);
      }
      for (const terms of BENCH_SYNONYMS) await createSynonymSet(ctx, terms);
    });

    log(
      `  [${target.name}] knowledge: ${options.articles.toLocaleString('en')} articles through importArticles (batches of ${options.importBatch}, at most ${options.importMaxSeconds} s), the rest directly`,
    );
    const imported = await importThroughModule(commands, meta, options, target.adminId);
    log(`    imported ${imported.articles.toLocaleString('en')} in ${imported.seconds} s: ${imported.perSecond} articles/s`);
    const direct = imported.articles < options.articles ? await loadDirect(database, imported.articles, options.articles, target.adminId, categoryIds, log) : { articles: 0, seconds: 0, perSecond: 0 };
    if (direct.articles > 0) log(`    direct multi-row path: ${direct.articles.toLocaleString('en')} in ${direct.seconds} s: ${direct.perSecond} articles/s`);
    const v0 = performance.now();
    await client.query('VACUUM (ANALYZE) knowledge.article, knowledge.article_version, knowledge.published_article, knowledge.search_term');
    const vacuumSeconds = round((performance.now() - v0) / 1000, 1);
    const sizes = (
      await client.query<{ name: string; size: string }>(
        `SELECT c.relname AS name, pg_size_pretty(pg_total_relation_size(c.oid)) AS size FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'knowledge' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC`,
      )
    ).rows;
    const searchIndex = (await client.query<{ size: string }>(`SELECT pg_size_pretty(pg_relation_size('knowledge.published_article_search_idx')) AS size`)).rows[0]!.size;
    const readable = (
      await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM knowledge.published_article WHERE (cardinality(reach_subtree_ids) = 0 AND cardinality(reach_department_ids) = 0) OR $1::uuid = ANY(reach_subtree_ids)`,
        [DEPARTMENTS.a],
      )
    ).rows[0]!.n;
    const result: KnowledgeBenchResult = {
      load: {
        articles: options.articles,
        imported,
        direct,
        vacuumSeconds,
        sizes: { ...Object.fromEntries(sizes.map((s) => [`knowledge.${s.name}`, s.size])), 'published_article_search_idx (GIN)': searchIndex },
        readable,
      },
      errors,
      loadAverage: [],
    };

    if (options.search) {
      try {
        result.search = await measureSearch(target, agent.token, options, log);
      } catch (error) {
        errors.push({ part: 'search', error: (error as Error).stack ?? String(error) });
        log(`  [${target.name}] knowledge search failed: ${(error as Error).message}`);
      }
    }
    if (options.suggestions) {
      try {
        result.suggestions = await measureSuggestions(target, database, client, agent.token, options, log);
      } catch (error) {
        errors.push({ part: 'suggestions', error: (error as Error).stack ?? String(error) });
        log(`  [${target.name}] knowledge suggestions failed: ${(error as Error).message}`);
      }
    }
    result.loadAverage = loadavg().map((l) => round(l, 2));
    return result;
  } finally {
    await database.close();
    await client.end();
  }
}

async function measureSearch(target: Target, token: string, options: KnowledgeBenchOptions, log: (m: string) => void): Promise<NonNullable<KnowledgeBenchResult['search']>> {
  // Warm-up: every query once (plans, the synonym and dictionary caches, the pool).
  for (const { q } of BENCH_QUERIES) await fetch(`${target.url}${searchPath(q)}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
  log(`  [${target.name}] knowledge search as a branch agent, ${BENCH_QUERIES.length} queries in turn, 1 at a time, ${options.searchSeconds} s`);
  const hits = new Map<string, number[]>();
  const sequential = await timeSequential<{ total: number }>(
    target,
    token,
    options.searchSeconds,
    (i) => {
      const query = BENCH_QUERIES[i % BENCH_QUERIES.length]!;
      return { path: searchPath(query.q), class: query.class };
    },
    (body, cls) => hits.set(cls, [...(hits.get(cls) ?? []), body.total]),
  );
  const byClass = Object.fromEntries(
    [...sequential.byClass].map(([cls, entry]) => {
      const total = hits.get(cls) ?? [];
      return [
        cls,
        {
          ...summarise(entry.times, entry.non2xx, 0),
          queries: BENCH_QUERIES.filter((q) => q.class === cls).map((q) => q.q),
          meanHits: round(total.reduce((a, b) => a + b, 0) / Math.max(1, total.length), 0),
        },
      ];
    }),
  );
  log(`    ${sequential.all.perSecond}/s p50 ${sequential.all.p50} p95 ${sequential.all.p95} p99 ${sequential.all.p99} ms (non-2xx ${sequential.all.non2xx})`);
  for (const [cls, s] of Object.entries(byClass)) log(`      ${cls}: p50 ${s.p50} p95 ${s.p95} ms, ${s.meanHits} hits on average`);

  log(`  [${target.name}] knowledge search, ${options.connections} connections, 10 s`);
  let k = 0;
  const concurrent = await withServerCpu(target, () =>
    runLoad({ url: target.url, token, connections: options.connections, duration: 10, nextPath: () => searchPath(BENCH_QUERIES[k++ % BENCH_QUERIES.length]!.q) }),
  );
  log(`    ${concurrent.perSecond}/s p50 ${concurrent.p50} p95 ${concurrent.p95} p99 ${concurrent.p99} ms (non-2xx ${concurrent.non2xx})`);

  // The database's share: every statement one search of each query sent (the session check
  // included), their summed time from the server's side, and the slowest ones.
  const statements: NonNullable<KnowledgeBenchResult['search']>['statements'] = [];
  for (const { q, class: cls } of BENCH_QUERIES.filter((_, i) => i % 5 === 0)) {
    const r = await recordRequest(target, token, searchPath(q), 3);
    statements.push({ query: q, class: cls, ...r });
  }
  let explain: NonNullable<KnowledgeBenchResult['search']>['explain'];
  const common = BENCH_QUERIES[0]!.q;
  const recorded = await target.recordQueries(async () => {
    await fetch(`${target.url}${searchPath(common)}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
  });
  const ranked = recorded.filter((r) => /ts_rank_cd/.test(r.text)).sort((x, y) => (y.ms ?? 0) - (x.ms ?? 0))[0];
  if (ranked) {
    const pool = new pg.Pool({ connectionString: target.databaseUrl, max: 1 });
    try {
      const plan = (await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${ranked.text}`, ranked.values)).rows.map((r) => r['QUERY PLAN']).join('\n');
      explain = { query: common, executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN), plan };
    } finally {
      await pool.end();
    }
  }
  return { sequential: { ...sequential.all, byClass }, concurrent, statements, explain };
}

async function measureSuggestions(
  target: Target,
  database: Database,
  client: pg.Client,
  token: string,
  options: KnowledgeBenchOptions,
  log: (m: string) => void,
): Promise<NonNullable<KnowledgeBenchResult['suggestions']>> {
  const total = options.resolvedCases + options.openCases;
  log(`  [${target.name}] knowledge suggestions: ${options.resolvedCases.toLocaleString('en')} resolved and ${options.openCases} open complaints in SQL`);
  const cases = Array.from({ length: total }, (_, i) => ({ ...benchCase(i), open: i >= options.resolvedCases }));
  const t0 = performance.now();
  // 60% in branch A, 20% in its sub-branch, 20% in branch B; the open ones all in branch A (the agent's).
  await client.query(
    `INSERT INTO cases.case (id, number, type_key, type_version, title, status, status_category, priority, channel, customer, customer_ref, fields, tags,
                             queue, department_id, created_by, created_at, updated_at, resolved_at, closed_at, version)
     SELECT gen_random_uuid(), 'CMP-KB-' || lpad(x.i::text, 7, '0'), 'complaint', 1, x.c->>'title',
            CASE WHEN (x.c->>'open')::boolean THEN 'open' WHEN x.i % 3 = 0 THEN 'closed' ELSE 'resolved' END,
            CASE WHEN (x.c->>'open')::boolean THEN 'open' WHEN x.i % 3 = 0 THEN 'closed' ELSE 'resolved' END,
            'normal', 'phone', jsonb_build_object('id', 'C' || lpad((x.i % 40000)::text, 8, '0')), 'C' || lpad((x.i % 40000)::text, 8, '0'),
            jsonb_build_object('customerName', '张三', 'residentId', '11010519491231002X', 'phone', '13812345678', 'bankCard', '6222021234567894',
                               'category', x.c->>'category', 'description', x.c->>'description'),
            '{}'::text[], 'complaints-bj',
            CASE WHEN (x.c->>'open')::boolean OR x.i % 5 < 3 THEN $2::uuid WHEN x.i % 5 = 3 THEN $3::uuid ELSE $4::uuid END,
            $5::uuid, now() - (x.i % 300) * interval '1 day', now(), CASE WHEN (x.c->>'open')::boolean THEN NULL ELSE now() - (x.i % 300) * interval '1 day' + interval '2 days' END,
            CASE WHEN NOT (x.c->>'open')::boolean AND x.i % 3 = 0 THEN now() - (x.i % 300) * interval '1 day' + interval '3 days' END, 1
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(c, i)`,
    [JSON.stringify(cases), DEPARTMENTS.a, DEPARTMENTS.a1, DEPARTMENTS.b, target.adminId],
  );
  await client.query('ANALYZE cases.case');
  const insertSeconds = round((performance.now() - t0) / 1000, 1);
  const t1 = performance.now();
  let indexed = 0;
  for (;;) {
    const n = await indexCasesWithoutDocument(database.db, systemClock, { chunkSize: 1000, maxChunks: 1 });
    if (n === 0) break;
    indexed += n;
  }
  const indexSeconds = (performance.now() - t1) / 1000;
  await client.query('VACUUM (ANALYZE) knowledge.case_document');
  const documents = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM knowledge.case_document`)).rows[0]!.n;
  log(`    indexed ${indexed.toLocaleString('en')} cases in ${round(indexSeconds, 1)} s (${documents.toLocaleString('en')} documents)`);
  const open = (await client.query<{ id: string }>(`SELECT id FROM cases.case WHERE number LIKE 'CMP-KB-%' AND status_category = 'open' ORDER BY number`)).rows.map((r) => r.id);
  const pathOf = (i: number) => `/api/v1/cases/${open[i % open.length]}/knowledge-suggestions`;
  for (let i = 0; i < Math.min(20, open.length); i++) await fetch(`${target.url}${pathOf(i)}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
  log(`  [${target.name}] knowledge suggestions as a branch agent over ${open.length} open cases, 1 at a time, ${options.suggestionSeconds} s`);
  let articles = 0;
  let similar = 0;
  let answers = 0;
  const sequential = await timeSequential<{ articles: unknown[]; similarCases: unknown[] }>(
    target,
    token,
    options.suggestionSeconds,
    (i) => ({ path: pathOf(i), class: 'suggestions' }),
    (body) => {
      answers++;
      articles += body.articles.length;
      similar += body.similarCases.length;
    },
  );
  log(
    `    ${sequential.all.perSecond}/s p50 ${sequential.all.p50} p95 ${sequential.all.p95} p99 ${sequential.all.p99} ms (non-2xx ${sequential.all.non2xx}); ${round(articles / Math.max(1, answers), 1)} articles, ${round(similar / Math.max(1, answers), 1)} similar cases per answer`,
  );
  log(`  [${target.name}] knowledge suggestions, ${options.connections} connections, 10 s`);
  let k = 0;
  const concurrent = await withServerCpu(target, () => runLoad({ url: target.url, token, connections: options.connections, duration: 10, nextPath: () => pathOf(k++) }));
  log(`    ${concurrent.perSecond}/s p50 ${concurrent.p50} p95 ${concurrent.p95} p99 ${concurrent.p99} ms (non-2xx ${concurrent.non2xx})`);
  const statements = [];
  for (let i = 0; i < 3; i++) statements.push(await recordRequest(target, token, pathOf(i * 7), 5));
  return {
    statements,
    resolvedCases: options.resolvedCases,
    openCases: open.length,
    insertSeconds,
    index: { cases: indexed, seconds: round(indexSeconds, 1), perSecond: round(indexed / Math.max(indexSeconds, 0.001), 0) },
    sequential: { ...sequential.all, meanArticles: round(articles / Math.max(1, answers), 1), meanSimilarCases: round(similar / Math.max(1, answers), 1) },
    concurrent,
  };
}
