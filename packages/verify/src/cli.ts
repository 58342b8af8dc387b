import { readFileSync } from 'node:fs';
import { auditDatabase } from './audit.ts';
import { BUNDLE_FORMAT, verifyBundle, type Finding } from './bundle.ts';
import { verifyConsistencyFiles } from './consistency.ts';
import { verifyReportPack } from './report-pack.ts';

const USAGE = `docket-verify — offline checks of Docket's audit ledger

  docket-verify [--public-key key.pem] bundle.json
  docket-verify consistency [--public-key key.pem] old-head.json new-head.json proof.json
  docket-verify audit --database postgres://… [--public-key key.pem] [--witness heads.jsonl …]
  docket-verify report-pack [--public-key key.pem] manifest.json [pack.xlsx pack.pdf …]

Exit status: 0 verified, 1 verification failed, 2 could not run (wrong usage, unreadable
input, a file that is not what the command takes, no connection to the database).`;

// A script around the verifier must tell "the evidence is bad" from "the check never ran":
// only the first is a finding about the ledger.
export const EXIT_VERIFIED = 0;
export const EXIT_NOT_VERIFIED = 1;
export const EXIT_COULD_NOT_RUN = 2;

function parse(argv: string[]) {
  const positional: string[] = [];
  const options: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      options[name] = [...(options[name] ?? []), value];
    } else positional.push(arg);
  }
  return { positional, options };
}

function print(findings: Finding[], ok: boolean, what: string): number {
  for (const f of findings) process.stdout.write(`${f.ok ? '  ok  ' : '  FAIL'} ${f.message}\n`);
  process.stdout.write(ok ? `\nVERIFIED: ${what}\n` : `\nNOT VERIFIED: ${what}\n`);
  return ok ? EXIT_VERIFIED : EXIT_NOT_VERIFIED;
}

/**
 * Input the check cannot take: said as such, not as "NOT VERIFIED", which an auditor reads as a
 * finding about the evidence. Nothing was checked; the exit status is 2.
 */
function couldNotRun(message: string, what: string): number {
  process.stdout.write(`  FAIL ${message}\n\nCOULD NOT CHECK ${what}: nothing was verified\n`);
  return EXIT_COULD_NOT_RUN;
}

const isEvidenceBundle = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { format?: unknown }).format === BUNDLE_FORMAT;

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

export async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return EXIT_COULD_NOT_RUN;
  }
  const { positional, options } = parsed;
  const [command, ...rest] = positional;
  try {
    const publicKey = options['public-key']?.[0] ? readFileSync(options['public-key'][0], 'utf8') : undefined;
    if (command === 'audit') {
      const url = options.database?.[0];
      if (!url) throw new UsageError('audit needs --database URL');
      const verdict = await auditDatabase({ databaseUrl: url, trustedPublicKey: publicKey, witnessFiles: options.witness ?? [] });
      return print(verdict.findings, verdict.ok, verdict.ok ? 'the database ledger is complete and unaltered' : 'the database ledger was tampered with');
    }
    if (command === 'report-pack') {
      const [manifestFile, ...files] = rest;
      if (!manifestFile) throw new UsageError('report-pack needs manifest.json and the files to check');
      const verdict = verifyReportPack(
        readJson(manifestFile),
        files.map((path) => ({ path, bytes: readFileSync(path) })),
        publicKey,
      );
      return print(verdict.findings, verdict.ok, `the report pack ${manifestFile}`);
    }
    if (command === 'consistency') {
      if (rest.length !== 3) throw new UsageError('consistency needs old-head.json new-head.json proof.json');
      const [oldHead, newHead, proof] = rest.map(readJson) as [never, never, never];
      const verdict = verifyConsistencyFiles(oldHead, newHead, proof, publicKey);
      return print(verdict.findings, verdict.ok, 'consistency of the two tree heads');
    }
    if (command && rest.length === 0) {
      let bundle: unknown;
      try {
        bundle = readJson(command);
      } catch (error) {
        return couldNotRun(`${command} is not readable JSON: ${(error as Error).message}`, 'the evidence bundle');
      }
      if (!isEvidenceBundle(bundle)) {
        return couldNotRun(`${command} is not a Docket evidence bundle (its "format" is not ${BUNDLE_FORMAT})`, 'the evidence bundle');
      }
      const verdict = verifyBundle(bundle, { trustedPublicKey: publicKey });
      return print(verdict.findings, verdict.ok, `the evidence bundle ${command}`);
    }
    throw new UsageError('');
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message ? `${error.message}\n` : ''}${USAGE}\n`);
      return EXIT_COULD_NOT_RUN;
    }
    process.stderr.write(`docket-verify: ${(error as Error).message}\n`);
    return EXIT_COULD_NOT_RUN;
  }
}

class UsageError extends Error {}
