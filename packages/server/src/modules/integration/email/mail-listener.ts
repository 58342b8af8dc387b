import { createHash, randomUUID } from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { Registry } from 'prom-client';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Clock } from '../../../platform/clock/index.ts';
import type { CommandRunner, SystemActorResolver } from '../../../platform/commands/index.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { KeyRing } from '../../../platform/crypto/index.ts';
import type { Worker, WorkerHealth } from '../../../platform/workers/index.ts';
import { emailMetrics } from './email-metrics.ts';
import { findActiveMailboxByAddress } from './mailbox-store.ts';
import { type InboundEmail, receiveEmail } from './receive-email.ts';
import { EMAIL_ACTOR } from './send-reply.ts';

type Log = { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error?(obj: object, msg?: string): void };

export interface MailListenerOptions {
  database: Database;
  clock: Clock;
  commands: CommandRunner;
  systemActor: SystemActorResolver;
  keyRing?: KeyRing;
  log?: Log;
  metrics?: Registry;
  /** DOCKET_MAIL_INBOUND_PORT (0: any free port, for tests). */
  port: number;
  /** DOCKET_MAIL_INBOUND_HOST */
  host: string;
  /** DOCKET_MAIL_INBOUND_MAX_BYTES: larger e-mails are refused with 552. */
  maxBytes: number;
}

export interface MailListener extends Worker {
  /** The port it listens on once started (the one asked for, or the one given for 0). */
  port(): number;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });
const bare = (id: string) => id.trim().replace(/^<|>$/g, '');
const idsOf = (value: string | string[] | undefined): string[] => (Array.isArray(value) ? value : value ? value.split(/\s+/) : []).map(bare).filter((id) => id !== '');
const firstAddress = (from: AddressObject | AddressObject[] | undefined) => (Array.isArray(from) ? from[0] : from)?.value[0];

/** What the listener keeps of a parsed e-mail. Without a Message-ID, a digest of the raw e-mail stands in (a resend is the same e-mail). */
export function inboundEmailOf(mail: ParsedMail, raw: Buffer, envelopeFrom: string | undefined): InboundEmail {
  const from = firstAddress(mail.from);
  return {
    messageId: mail.messageId ? bare(mail.messageId) : `${createHash('sha256').update(raw).digest('hex')}@docket.no-message-id`,
    inReplyTo: mail.inReplyTo ? bare(mail.inReplyTo) : null,
    references: idsOf(mail.references),
    from: { address: from?.address || envelopeFrom || '', name: from?.name || null },
    subject: mail.subject ?? '',
    // mailparser turns an HTML-only e-mail into text.
    text: mail.text ?? '',
    attachments: mail.attachments.map((a) => ({ fileName: a.filename || 'attachment', contentType: a.contentType.toLowerCase(), content: a.content })),
  };
}

/** The e-mail's bytes; past maxBytes they are read and dropped (the answer is 552 anyway). */
async function readAll(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size <= maxBytes) chunks.push(chunk as Buffer);
  }
  return size > maxBytes || stream.sizeExceeded ? undefined : Buffer.concat(chunks);
}

/**
 * The worker 'mail-listener': an SMTP server the bank's mail gateway relays customers' e-mails to.
 * RCPT is accepted only for an active mailbox (550 otherwise), DATA only up to maxBytes (552).
 * Each e-mail is handled per mailbox in one command as system:ingest:email before the 250: a
 * failure answers 451 so the sending server retries, and a retry has one effect (Message-ID).
 * Nothing of an e-mail (addresses, subject, text) is logged.
 */
export function createMailListener(options: MailListenerOptions): MailListener {
  const { database, commands, systemActor, log } = options;
  const metrics = emailMetrics(options.metrics);
  let listening = false;
  let boundPort = options.port;
  let lastError: string | undefined;

  async function handle(raw: Buffer, session: SMTPServerSession): Promise<void> {
    // Loaded with the first message: mailparser is ~0.3 s of every process's start otherwise.
    const { simpleParser } = await import('mailparser');
    const mail = await simpleParser(raw);
    const inbound = inboundEmailOf(mail, raw, session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined);
    const recipients = [...new Set(session.envelope.rcptTo.map((r) => r.address.toLowerCase()))];
    for (const address of recipients) {
      const mailbox = await findActiveMailboxByAddress(database.db, address);
      // Deactivated between RCPT and DATA: nothing to do for it.
      if (!mailbox) continue;
      const actor = await systemActor(database.db, EMAIL_ACTOR);
      const result = await commands.runCommand({ actor, channel: 'email', requestId: `email:${randomUUID()}` }, (ctx) => receiveEmail(ctx, mailbox, inbound));
      metrics.received(mailbox.key);
      log?.info({ mailbox: mailbox.key, status: result.status, caseId: result.caseId, emailId: result.emailId }, 'e-mail received');
    }
  }

  const server = new SMTPServer({
    name: 'docket',
    banner: 'Docket',
    authOptional: true,
    // Plain SMTP behind the bank's gateway, which does TLS and authentication (docs/operators/email.md).
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      findActiveMailboxByAddress(database.db, address.address).then(
        (mailbox) => callback(mailbox ? undefined : smtpError(550, '5.1.1 No such mailbox here')),
        (error: Error) => {
          log?.warn({ err: { name: error.name } }, 'mail listener: mailbox lookup failed');
          callback(smtpError(451, '4.3.0 Try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      readAll(stream, options.maxBytes).then(
        async (raw) => {
          if (!raw) return callback(smtpError(552, `5.3.4 Message larger than ${options.maxBytes} bytes`));
          try {
            await handle(raw, session);
            callback();
          } catch (error) {
            // The problem type or error class only: a message would quote the e-mail.
            const e = error as { type?: string; name?: string; code?: string };
            log?.warn({ err: { type: e?.type, name: e?.name, code: e?.code } }, 'mail listener: e-mail not taken; the sender will retry');
            callback(smtpError(451, '4.3.0 Not taken now; try again later'));
          }
        },
        () => callback(smtpError(451, '4.3.0 Try again later')),
      );
    },
  });
  server.on('error', (error: Error & { code?: string }) => {
    lastError = error.code ?? error.name;
    log?.warn({ err: { name: error.name, code: error.code } }, 'mail listener error');
  });

  return {
    name: 'mail-listener',
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          const address = server.server.address();
          if (address && typeof address === 'object') boundPort = address.port;
          listening = true;
          resolve();
        });
      });
      log?.info({ host: options.host, port: boundPort }, 'mail listener started');
    },
    async stop() {
      if (!listening) return;
      listening = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    health(): WorkerHealth {
      return listening ? { ok: true } : { ok: false, detail: lastError ? `not listening (${lastError})` : 'not listening' };
    },
    port: () => boundPort,
  };
}
