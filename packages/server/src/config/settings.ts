import { type TSchema, Type } from '@sinclair/typebox';

/**
 * What every setting carries beside its type: the environment variable that feeds it, whether its
 * value is secret (never shown in an error or a log), its group and meaning for
 * docs/operators/configuration.md, and, where the default is computed, the words for it.
 */
export interface SettingMeta {
  env: string;
  group: SettingGroup;
  description: string;
  secret?: boolean;
  defaultText?: string;
}

export const SETTING_GROUPS = [
  'Server',
  'Database',
  'First start and demo data',
  'Sign-in',
  'Single sign-on (OIDC)',
  'Keys and field encryption',
  'Audit ledger',
  'Process engine',
  'Operator commands',
  'Notifications',
  'SLA',
  'Routing',
  'Integration',
  'Analytics',
  'Assistance',
] as const;
export type SettingGroup = (typeof SETTING_GROUPS)[number];

const secret = true;
const list = (meta: SettingMeta) => Type.Array(Type.String({ minLength: 1 }), { default: [], ...meta });

// One schema for the environment and the optional JSON file named by DOCKET_CONFIG (camelCase keys).
// Adding a setting here is the whole job: loadConfig reads it, and configuration.md is generated from it
// (`npm run docs:config`; a test fails while the document is behind).
export const ConfigSchema = Type.Object({
  // Server
  port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, env: 'PORT', group: 'Server', description: 'HTTP port.' }),
  // Loopback by default: a first `npm start` is reachable from this machine only. Serving others
  // is a decision the operator states with HOST (and then no demo data is seeded, see shouldSeedDemo).
  host: Type.String({
    minLength: 1,
    default: '127.0.0.1',
    env: 'HOST',
    group: 'Server',
    description: 'Interface to listen on; `0.0.0.0` (or an address) to serve other machines. A reachable host switches off demo data and API docs unless they are asked for.',
  }),
  // Only behind a reverse proxy may X-Forwarded-For decide the client address that audit events record.
  trustProxy: Type.Union([Type.Boolean(), Type.String({ pattern: '^[0-9a-fA-F.:/, ]+$' })], {
    default: false,
    env: 'DOCKET_TRUST_PROXY',
    group: 'Server',
    description:
      "`true` or the proxies' addresses/CIDRs (comma-separated): only then does `X-Forwarded-For` name the client address recorded in audit events and used by sign-in locks, and `X-Forwarded-Proto: https` switch on HSTS. Prefer the addresses: with `true` a directly connected client can write any address there.",
  }),
  logLevel: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info', env: 'LOG_LEVEL', group: 'Server', description: 'How much the server logs; `silent` logs nothing.' },
  ),
  // /docs and /openapi.json; unset means on for a loopback HOST, off otherwise (apiDocsEnabled).
  apiDocs: Type.Optional(
    Type.Boolean({ env: 'DOCKET_API_DOCS', group: 'Server', defaultText: 'on for a loopback `HOST` only', description: 'Serve Swagger UI at `/docs` and the document at `/openapi.json`.' }),
  ),
  // /metrics answers only with `Authorization: Bearer <token>`; without a token it is not served.
  metricsToken: Type.Optional(
    Type.String({
      minLength: 16,
      env: 'DOCKET_METRICS_TOKEN',
      group: 'Server',
      secret,
      defaultText: 'unset: `/metrics` is not served',
      description: 'Bearer token (16+ characters) a Prometheus scraper sends to `/metrics`.',
    }),
  ),
  // Time stands still and POST /api/v1/test-clock moves it (docs/operators/test-clock.md): for
  // tests and demos only, so never together with demo data on an address others can reach.
  testClock: Type.Boolean({
    default: false,
    env: 'DOCKET_TEST_CLOCK',
    group: 'Server',
    description: 'Tests and demos only: time stands still and `POST /api/v1/test-clock` moves it forward, running every job due by then. Refused together with demo data on a non-loopback `HOST`.',
  }),
  attachmentMaxBytes: Type.Integer({
    minimum: 1024,
    maximum: 1024 * 1024 * 1024,
    default: 20 * 1024 * 1024,
    env: 'DOCKET_ATTACHMENT_MAX_BYTES',
    group: 'Server',
    description: 'Largest attachment, in bytes.',
  }),

  // Database
  databaseUrl: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      env: 'DATABASE_URL',
      group: 'Database',
      secret,
      defaultText: 'unset: embedded PostgreSQL in the data directory',
      description: '`postgres://…` of a PostgreSQL server (15+).',
    }),
  ),
  dbPoolSize: Type.Integer({ minimum: 1, maximum: 500, default: 20, env: 'DOCKET_DB_POOL_SIZE', group: 'Database', description: 'Database connections per process.' }),
  dataDir: Type.String({
    minLength: 1,
    default: './data',
    env: 'DOCKET_DATA_DIR',
    group: 'Database',
    description: 'Where the embedded PostgreSQL keeps its files, and the generated master key and audit signing key when none is configured. Relative to where `npm start` was typed.',
  }),
  embeddedPostgresPort: Type.Integer({ minimum: 1024, maximum: 65535, default: 54329, env: 'DOCKET_EMBEDDED_PG_PORT', group: 'Database', description: 'Loopback port of the embedded PostgreSQL.' }),
  // Only as root: where the embedded cluster lives when the postgres user cannot reach dataDir.
  embeddedPostgresDir: Type.String({
    minLength: 1,
    default: '/var/lib/docket',
    env: 'DOCKET_EMBEDDED_PG_DIR',
    group: 'Database',
    description: 'Only when run as root and the `postgres` user cannot reach the data directory: where the embedded cluster lives instead (see embedded-postgresql.md).',
  }),

  // First start and demo data
  adminPassword: Type.Optional(
    Type.String({
      minLength: 12,
      env: 'DOCKET_ADMIN_PASSWORD',
      group: 'First start and demo data',
      secret,
      defaultText: 'random, printed once',
      description: 'Password of `admin`, set at the first start (12+ characters).',
    }),
  ),
  // No default on purpose: unset means "seed only on a loopback start with the embedded
  // database" (shouldSeedDemo), so demo users never appear on a reachable or real database.
  seedDemo: Type.Optional(
    Type.Boolean({
      env: 'DOCKET_SEED_DEMO',
      group: 'First start and demo data',
      defaultText: 'only on a loopback `HOST` with the embedded database',
      description: '`true`: seed demo users and cases on the first start; `false`: never.',
    }),
  ),
  demoPassword: Type.Optional(
    Type.String({
      minLength: 12,
      env: 'DOCKET_DEMO_PASSWORD',
      group: 'First start and demo data',
      secret,
      defaultText: 'random, printed once',
      description: 'Password of the demo users, set when they are seeded (12+ characters).',
    }),
  ),

  // Sign-in
  sessionTtlMinutes: Type.Integer({ minimum: 5, maximum: 7 * 24 * 60, default: 8 * 60, env: 'DOCKET_SESSION_TTL_MINUTES', group: 'Sign-in', description: 'Session lifetime in minutes.' }),
  loginRateLimitPerMinute: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 20,
    env: 'DOCKET_LOGIN_RATE_LIMIT_PER_MINUTE',
    group: 'Sign-in',
    description:
      'Sign-in attempts per client address per minute; also wrong passwords per username per minute from all addresses, and ten times as many attempts per connecting peer (a proxy). Five wrong passwords in a row lock that username from that address only, for 15 minutes, doubling at each further lock.',
  }),
  sensitiveSearchPerMinute: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 30,
    env: 'DOCKET_SENSITIVE_SEARCH_PER_MINUTE',
    group: 'Sign-in',
    description: 'Searches by a phone, resident id, bank card or account number per user per minute (`GET /api/v1/cases?phone=…&purpose=…`); each is audited with its purpose.',
  }),
  mfaRequiredRoles: list({
    env: 'DOCKET_MFA_REQUIRED_ROLES',
    group: 'Sign-in',
    defaultText: 'none',
    description: 'Comma-separated roles whose users must use a TOTP second factor before they get a session.',
  }),
  totpIssuer: Type.String({ minLength: 1, default: 'Docket', env: 'DOCKET_TOTP_ISSUER', group: 'Sign-in', description: 'Issuer name authenticator apps show next to the account.' }),

  // Single sign-on (OIDC): all of issuer, client id, client secret and redirect URI, or none (checked in loadConfig).
  oidcIssuer: Type.Optional(
    Type.String({
      minLength: 1,
      env: 'DOCKET_OIDC_ISSUER',
      group: 'Single sign-on (OIDC)',
      defaultText: 'unset: no single sign-on',
      description: 'Issuer URL of the identity provider (authorization code flow with PKCE).',
    }),
  ),
  oidcClientId: Type.Optional(Type.String({ minLength: 1, env: 'DOCKET_OIDC_CLIENT_ID', group: 'Single sign-on (OIDC)', description: 'Client id registered at the provider.' })),
  oidcClientSecret: Type.Optional(Type.String({ minLength: 1, env: 'DOCKET_OIDC_CLIENT_SECRET', group: 'Single sign-on (OIDC)', secret, description: 'Client secret registered at the provider.' })),
  oidcRedirectUri: Type.Optional(
    Type.String({ minLength: 1, env: 'DOCKET_OIDC_REDIRECT_URI', group: 'Single sign-on (OIDC)', description: 'Must be registered at the provider: `https://<docket>/api/v1/auth/oidc/callback`.' }),
  ),
  oidcScope: Type.String({ minLength: 1, default: 'openid profile email', env: 'DOCKET_OIDC_SCOPE', group: 'Single sign-on (OIDC)', description: 'Scopes asked for.' }),
  oidcUsernameClaim: Type.String({
    minLength: 1,
    default: 'preferred_username',
    env: 'DOCKET_OIDC_USERNAME_CLAIM',
    group: 'Single sign-on (OIDC)',
    description: 'Claim (dot path) holding the username.',
  }),
  oidcNameClaim: Type.String({ minLength: 1, default: 'name', env: 'DOCKET_OIDC_NAME_CLAIM', group: 'Single sign-on (OIDC)', description: 'Claim (dot path) holding the display name.' }),
  oidcRoleClaim: Type.String({
    minLength: 1,
    default: 'roles',
    env: 'DOCKET_OIDC_ROLE_CLAIM',
    group: 'Single sign-on (OIDC)',
    description: 'Claim (dot path) holding the roles, e.g. `realm_access.roles` for Keycloak.',
  }),
  oidcDepartmentClaim: Type.String({
    minLength: 1,
    default: 'department',
    env: 'DOCKET_OIDC_DEPARTMENT_CLAIM',
    group: 'Single sign-on (OIDC)',
    description: 'Claim (dot path) holding a department code.',
  }),
  oidcRoleMap: Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 }), {
    default: {},
    env: 'DOCKET_OIDC_ROLE_MAP',
    group: 'Single sign-on (OIDC)',
    defaultText: 'none: provider values are role names',
    description: '`provider-value=docket-role,…` (an object in the file). Unmapped provider values are dropped.',
  }),
  oidcAllowedRoles: list({
    env: 'DOCKET_OIDC_ALLOWED_ROLES',
    group: 'Single sign-on (OIDC)',
    defaultText: 'any',
    description: 'Comma-separated Docket roles the provider may grant; others are dropped.',
  }),
  oidcLinkByUsername: Type.Boolean({
    default: false,
    env: 'DOCKET_OIDC_LINK_BY_USERNAME',
    group: 'Single sign-on (OIDC)',
    description: 'Link a first-time subject to an existing local user of the same username (only for a trusted provider).',
  }),
  oidcAllowInsecureHttp: Type.Boolean({
    default: false,
    env: 'DOCKET_OIDC_ALLOW_INSECURE_HTTP',
    group: 'Single sign-on (OIDC)',
    description: 'Accept a plain-http issuer: development and tests only.',
  }),

  // Keys and field encryption (docs/operators/keys.md); read by loadMasterKeys in platform/crypto.
  masterKey: Type.Optional(
    Type.String({
      pattern: '^\\s*[A-Za-z0-9+/_-]+={0,2}\\s*$',
      env: 'DOCKET_MASTER_KEY',
      group: 'Keys and field encryption',
      secret,
      defaultText: 'generated into `<data dir>/master.key`',
      description: 'Base64 of 32 random bytes (`openssl rand -base64 32`): wraps the data keys that encrypt sensitive fields, and seals TOTP secrets. Set this or the file, not both.',
    }),
  ),
  masterKeyFile: Type.Optional(
    Type.String({
      minLength: 1,
      env: 'DOCKET_MASTER_KEY_FILE',
      group: 'Keys and field encryption',
      description: 'A file holding the master key (base64 text or 32 raw bytes); preferred over the variable.',
    }),
  ),
  masterKeyId: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_.:/-]{1,200}$',
      env: 'DOCKET_MASTER_KEY_ID',
      group: 'Keys and field encryption',
      defaultText: '`mk-` + a fingerprint of the key',
      description: 'Name recorded beside each wrapped key.',
    }),
  ),
  masterKeyPrevious: Type.Optional(
    Type.String({
      pattern: '^\\s*[A-Za-z0-9+/_-]+={0,2}\\s*$',
      env: 'DOCKET_MASTER_KEY_PREVIOUS',
      group: 'Keys and field encryption',
      secret,
      description: 'During a master key rotation: the old key, to unwrap until `docket keys rewrap` has run.',
    }),
  ),
  masterKeyPreviousFile: Type.Optional(
    Type.String({ minLength: 1, env: 'DOCKET_MASTER_KEY_PREVIOUS_FILE', group: 'Keys and field encryption', description: 'The old master key as a file, instead of the variable.' }),
  ),
  masterKeyPreviousId: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9_.:/-]{1,200}$', env: 'DOCKET_MASTER_KEY_PREVIOUS_ID', group: 'Keys and field encryption', description: "The old master key's name, if it had one." }),
  ),
  fieldCipher: Type.Union([Type.Literal('aes-256-gcm'), Type.Literal('sm4-ctr+sm3-hmac')], {
    default: 'aes-256-gcm',
    env: 'DOCKET_FIELD_CIPHER',
    group: 'Keys and field encryption',
    description: '`aes-256-gcm`, or `sm4-ctr+sm3-hmac` for national-cryptography deployments (GB/T 32907 SM4, GB/T 32905 SM3).',
  }),

  // Audit ledger (docs/operators/audit-ledger.md).
  auditSigningKey: Type.Optional(
    Type.String({
      minLength: 1,
      env: 'DOCKET_AUDIT_SIGNING_KEY',
      group: 'Audit ledger',
      secret,
      defaultText: 'generated into `<data dir>/audit-signing-key.pem`',
      description: 'Ed25519 private key (PEM text or a PEM file) that signs audit tree heads.',
    }),
  ),
  auditSignIntervalMs: Type.Integer({
    minimum: 10,
    maximum: 86_400_000,
    default: 1000,
    env: 'DOCKET_AUDIT_SIGN_INTERVAL_MS',
    group: 'Audit ledger',
    description: 'How often the sequencer signs a new tree head, in milliseconds.',
  }),
  // The witness file defaults to a path outside the data directory (defaultWitnessFile); `off` switches it off.
  auditWitnessFile: Type.String({
    minLength: 1,
    env: 'DOCKET_AUDIT_WITNESS_FILE',
    group: 'Audit ledger',
    defaultText: '`$XDG_STATE_HOME/docket/tree-heads-{keyId}.jsonl` (else `~/.local/state/…`)',
    description: 'File that keeps every signed tree head, outside the data directory, so a rewritten history is caught; `off` switches it off (a warning at every start then).',
  }),
  auditWitnessWebhook: Type.Optional(
    Type.String({ pattern: '^https?://', env: 'DOCKET_AUDIT_WITNESS_WEBHOOK', group: 'Audit ledger', secret, description: 'URL every tree head is POSTed to as JSON.' }),
  ),
  natsUrl: Type.Optional(
    Type.String({
      minLength: 1,
      env: 'NATS_URL',
      group: 'Audit ledger',
      secret,
      description: 'NATS server: tree heads are published to it, and NATS ingestion sources consume from its JetStream streams.',
    }),
  ),
  auditWitnessNats: Type.Union([Type.Literal('on'), Type.Literal('off')], {
    default: 'on',
    env: 'DOCKET_AUDIT_WITNESS_NATS',
    group: 'Audit ledger',
    description: '`off`: do not publish tree heads to `NATS_URL`.',
  }),
  auditWitnessNatsSubject: Type.String({
    minLength: 1,
    default: 'docket.audit.tree-heads',
    env: 'DOCKET_AUDIT_WITNESS_NATS_SUBJECT',
    group: 'Audit ledger',
    description: 'NATS subject of the tree heads.',
  }),
  auditSignerCommand: Type.Optional(
    Type.String({
      minLength: 1,
      env: 'DOCKET_AUDIT_SIGNER_COMMAND',
      group: 'Audit ledger',
      description: "Sign tree heads outside Docket (HSM, KMS, another host): the command gets the head's bytes on stdin and prints the Ed25519 signature.",
    }),
  ),
  auditSignerPublicKey: Type.Optional(
    Type.String({
      minLength: 1,
      env: 'DOCKET_AUDIT_SIGNER_PUBLIC_KEY',
      group: 'Audit ledger',
      description: "The signer command's Ed25519 public key (PEM text or file); every signature is checked against it.",
    }),
  ),
  auditSequencer: Type.Union([Type.Literal('worker'), Type.Literal('inline'), Type.Literal('off')], {
    default: 'worker',
    env: 'DOCKET_AUDIT_SEQUENCER',
    group: 'Audit ledger',
    description: '`worker`: hash in a worker thread; `inline`: on the main event loop; `off`: this process does not sequence (another one does).',
  }),

  // Process engine
  // Banks keep process records for years (7 is a common floor): the default keeps them 7 years.
  processHistoryRetentionMonths: Type.Integer({
    minimum: 1,
    maximum: 1200,
    default: 84,
    env: 'DOCKET_PROCESS_HISTORY_RETENTION_MONTHS',
    group: 'Process engine',
    description:
      'Months the process history is kept after an element, task or instance ended. The daily maintenance job drops monthly history partitions and deletes ended instances and tasks older than this.',
  }),
  processHttpConnectorMaxTimeoutMs: Type.Integer({
    minimum: 100,
    maximum: 300_000,
    default: 30_000,
    env: 'DOCKET_PROCESS_HTTP_TIMEOUT_MAX_MS',
    group: 'Process engine',
    description: "Upper bound of an HTTP connector call's timeout, whatever the model asks: the job's claiming transaction stays open during the call (docs/operators/process-engine.md).",
  }),
  urgeIntervalMinutes: Type.Integer({
    minimum: 1,
    maximum: 7 * 24 * 60,
    default: 30,
    env: 'DOCKET_URGE_INTERVAL_MINUTES',
    group: 'Process engine',
    description: 'A person may urge (催办) the holder of one task at most once in this many minutes; sooner answers 429 `urge-too-soon` with the seconds left.',
  }),

  // Notifications
  // Unset: no e-mail at all (the in-app notification centre works without it).
  smtpUrl: Type.Optional(
    Type.String({
      minLength: 1,
      pattern: '^smtps?://',
      env: 'DOCKET_SMTP_URL',
      group: 'Notifications',
      secret,
      description:
        'SMTP server notifications are e-mailed through, e.g. `smtp://127.0.0.1:2525` or `smtps://user:password@mail.bank.example:465`; unset: no e-mail. A failing server never fails a command: e-mails are jobs, retried with back-off.',
    }),
  ),
  smtpFrom: Type.String({ minLength: 3, default: 'Docket <docket@localhost>', env: 'DOCKET_SMTP_FROM', group: 'Notifications', description: 'Sender (From) of notification e-mails.' }),
  publicUrl: Type.Optional(
    Type.String({
      minLength: 1,
      pattern: '^https?://',
      env: 'DOCKET_PUBLIC_URL',
      group: 'Notifications',
      description: "The console's address as people reach it (`https://docket.bank.example`): the links in e-mails. Unset: e-mails carry no link.",
    }),
  ),

  // SLA
  // Every process fires SLA levels (FOR UPDATE SKIP LOCKED spreads the work): docs/operators/sla-scheduler.md.
  slaSchedulerEnabled: Type.Boolean({
    default: true,
    env: 'DOCKET_SLA_SCHEDULER',
    group: 'SLA',
    description: '`false`: this process fires no SLA warnings or escalations (others on the same database do). Each level fires once whichever process takes it.',
  }),
  slaSchedulerBatchSize: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 500,
    env: 'DOCKET_SLA_SCHEDULER_BATCH_SIZE',
    group: 'SLA',
    description: 'SLA clocks claimed and fired per transaction; while batches come back full the scheduler takes the next one at once.',
  }),
  slaSchedulerConcurrency: Type.Integer({
    minimum: 1,
    maximum: 16,
    default: 2,
    env: 'DOCKET_SLA_SCHEDULER_CONCURRENCY',
    group: 'SLA',
    description: 'Batches one process fires side by side during a burst, each on its own database connection (counted in `DOCKET_DB_POOL_SIZE`).',
  }),
  slaSchedulerPollIntervalMs: Type.Integer({
    minimum: 10,
    maximum: 60_000,
    default: 250,
    env: 'DOCKET_SLA_SCHEDULER_POLL_MS',
    group: 'SLA',
    description: 'How often an idle SLA scheduler looks for due levels (one indexed query): the most a level waits past its time when nothing else is due.',
  }),

  // Routing
  // Every process runs the routing worker (FOR UPDATE SKIP LOCKED spreads the work).
  routingWorkerEnabled: Type.Boolean({
    default: true,
    env: 'DOCKET_ROUTING_WORKER',
    group: 'Routing',
    description: '`false`: this process expires no routing offers, overflows no cases and sets nobody away (others on the same database do).',
  }),
  routingWorkerBatchSize: Type.Integer({
    minimum: 1,
    maximum: 10_000,
    default: 200,
    env: 'DOCKET_ROUTING_WORKER_BATCH_SIZE',
    group: 'Routing',
    description: 'Expired offers and overflowing cases the routing worker handles per pass (each in its own transaction), and agents it sets away per statement.',
  }),
  routingWorkerPollIntervalMs: Type.Integer({
    minimum: 10,
    maximum: 60_000,
    default: 1000,
    env: 'DOCKET_ROUTING_WORKER_POLL_MS',
    group: 'Routing',
    description: 'How often an idle routing worker looks for expired offers, overflowing cases and inactive agents (one indexed query): the most an offer outlives its time.',
  }),
  routingAwayAfterMinutes: Type.Integer({
    minimum: 1,
    maximum: 24 * 60,
    default: 15,
    env: 'DOCKET_ROUTING_AWAY_AFTER_MINUTES',
    group: 'Routing',
    description: 'An available agent whose console has not been heard from for this many minutes becomes away, and gets no more work until they are back.',
  }),

  // Analytics (issue 20): the bank's days, and the spike detector's cadence.
  analyticsTimeZone: Type.String({
    default: 'Asia/Shanghai',
    pattern: '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$',
    env: 'DOCKET_ANALYTICS_TIME_ZONE',
    group: 'Analytics',
    description:
      "The IANA time zone of the bank's days: which local day a case counts on, the weekdays of spike baselines, the quarters of report packs, the local times of scheduled reports. Changing it changes the day every stored daily count belongs to: rebuild the read model afterwards.",
  }),
  analyticsSpikeDetectorEnabled: Type.Boolean({
    default: true,
    env: 'DOCKET_ANALYTICS_SPIKE_DETECTOR',
    group: 'Analytics',
    description: '`false`: this process evaluates no spike rules (others on the same database do; a spike opens one risk case whichever finds it).',
  }),
  analyticsSpikeIntervalMinutes: Type.Integer({
    minimum: 1,
    maximum: 24 * 60,
    default: 15,
    env: 'DOCKET_ANALYTICS_SPIKE_INTERVAL_MINUTES',
    group: 'Analytics',
    description: 'How often every enabled spike rule is evaluated: the longest a significant spike waits for its risk case, after the read model has caught up.',
  }),

  // Integration (issue 18). Brokers are optional: without NATS_URL / AMQP_URL nothing connects.
  amqpUrl: Type.Optional(
    Type.String({
      pattern: '^amqps?://',
      env: 'AMQP_URL',
      group: 'Integration',
      secret,
      description: 'RabbitMQ (AMQP 0-9-1) server AMQP ingestion sources consume from and write back to, e.g. `amqp://user:password@mq.bank.example:5672`.',
    }),
  ),
  ingestConsumersEnabled: Type.Boolean({
    default: true,
    env: 'DOCKET_INGEST_CONSUMERS',
    group: 'Integration',
    description: '`false`: this process consumes no broker messages (others on the same database and broker do; a durable consumer or queue is shared).',
  }),
  webhookWorkerEnabled: Type.Boolean({
    default: true,
    env: 'DOCKET_WEBHOOK_WORKER',
    group: 'Integration',
    description: '`false`: this process sends no webhook deliveries (others on the same database do).',
  }),
  webhookTimeoutMs: Type.Integer({
    minimum: 100,
    maximum: 120_000,
    default: 10_000,
    env: 'DOCKET_WEBHOOK_TIMEOUT_MS',
    group: 'Integration',
    description: 'A webhook receiver that has not answered within this time has failed the attempt.',
  }),
  webhookMaxAttempts: Type.Integer({
    minimum: 1,
    maximum: 50,
    default: 10,
    env: 'DOCKET_WEBHOOK_MAX_ATTEMPTS',
    group: 'Integration',
    description: 'Attempts (exponential back-off from 10 s, at most 1 h apart) before a delivery is dead-lettered.',
  }),
  mailInboundPort: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 65535,
      env: 'DOCKET_MAIL_INBOUND_PORT',
      group: 'Integration',
      description: "Port of the SMTP listener the bank's mail gateway forwards customers' e-mails to (mailboxes by recipient address); unset: no listener.",
    }),
  ),
  mailInboundHost: Type.String({ minLength: 1, default: '127.0.0.1', env: 'DOCKET_MAIL_INBOUND_HOST', group: 'Integration', description: 'Address the SMTP listener binds to.' }),
  mailInboundMaxBytes: Type.Integer({
    minimum: 10_000,
    maximum: 100_000_000,
    default: 25_000_000,
    env: 'DOCKET_MAIL_INBOUND_MAX_BYTES',
    group: 'Integration',
    description: 'Largest e-mail the listener accepts (larger ones are refused during the SMTP dialogue, so the sender is told).',
  }),
  publicFormRatePerHour: Type.Integer({
    minimum: 1,
    maximum: 100_000,
    default: 10,
    env: 'DOCKET_PUBLIC_FORM_RATE_PER_HOUR',
    group: 'Integration',
    description: 'Submissions of the public web form (and replies on tracking pages) one client address may make per hour.',
  }),

  // Assistance (issue 22): the bank's own LLM behind an OpenAI-compatible endpoint. Unset, only
  // the built-in models answer; set, prefill asks it first and falls back to them.
  assistLlmUrl: Type.Optional(
    Type.String({
      // Credentials in the URL would end up wherever URLs are shown: the key has its own setting.
      pattern: '^https?://[^/@\\s]+(/[^@\\s]*)?$',
      env: 'DOCKET_ASSIST_LLM_URL',
      group: 'Assistance',
      defaultText: 'unset: only the built-in models',
      description:
        "Base URL of the bank's own OpenAI-compatible LLM server, e.g. `http://vllm:8000/v1` or `http://ollama:11434/v1`: prefill posts to `<url>/chat/completions` with a JSON schema per case type, every personal value replaced by a placeholder first. Never a public AI service: the customer's words, even masked, go there. No credentials in the URL: use `DOCKET_ASSIST_LLM_API_KEY`.",
    }),
  ),
  assistLlmModel: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      env: 'DOCKET_ASSIST_LLM_MODEL',
      group: 'Assistance',
      description: 'The model the LLM server serves, e.g. `qwen2.5-7b-instruct`; needed with `DOCKET_ASSIST_LLM_URL`. Recorded as `llm:<model>` with every suggestion it made.',
    }),
  ),
  assistLlmApiKey: Type.Optional(
    Type.String({
      minLength: 1,
      env: 'DOCKET_ASSIST_LLM_API_KEY',
      group: 'Assistance',
      secret,
      defaultText: 'none',
      description: 'Sent as `Authorization: Bearer <key>` to the LLM server, when it asks for one.',
    }),
  ),
  assistLlmTimeoutMs: Type.Integer({
    minimum: 100,
    maximum: 120_000,
    default: 5000,
    env: 'DOCKET_ASSIST_LLM_TIMEOUT_MS',
    group: 'Assistance',
    description: 'An LLM answer not complete within this time is abandoned and the built-in models answer instead (the prefill says `llm-fallback`).',
  }),

  // Operator commands
  newPassword: Type.Optional(
    Type.String({
      minLength: 1,
      env: 'DOCKET_NEW_PASSWORD',
      group: 'Operator commands',
      secret,
      description: 'Read by `docket reset-password <user>` only: the new password, kept out of the shell history and the process list.',
    }),
  ),
});

export type ConfigKey = keyof typeof ConfigSchema.properties;

export function settingSchema(key: ConfigKey): TSchema & SettingMeta & { default?: unknown } {
  return ConfigSchema.properties[key] as unknown as TSchema & SettingMeta & { default?: unknown };
}

export const CONFIG_KEYS = Object.keys(ConfigSchema.properties) as ConfigKey[];
