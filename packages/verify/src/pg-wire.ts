import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';

// A minimal PostgreSQL client (frontend/backend protocol 3.0, simple query, text results) so
// the verifier needs nothing beyond Node. Authentication: trust, password, md5, SCRAM-SHA-256
// (RFC 5802 / RFC 7677). TLS when the URL says sslmode=require or verify-full.

export type Row = (string | null)[];

export interface PgConnection {
  query(text: string): Promise<Row[]>;
  close(): Promise<void>;
}

export async function connectPg(url: string): Promise<PgConnection> {
  const u = new URL(url);
  const user = decodeURIComponent(u.username || process.env.PGUSER || 'postgres');
  const password = decodeURIComponent(u.password || process.env.PGPASSWORD || '');
  const database = decodeURIComponent(u.pathname.replace(/^\//, '') || user);
  const host = u.hostname || '127.0.0.1';
  const port = Number(u.port || 5432);
  const sslmode = u.searchParams.get('sslmode') ?? 'disable';

  let socket: net.Socket | tls.TLSSocket = net.connect({ host, port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  if (sslmode === 'require' || sslmode === 'verify-full' || sslmode === 'verify-ca') {
    const request = Buffer.alloc(8);
    request.writeInt32BE(8, 0);
    request.writeInt32BE(80877103, 4);
    socket.write(request);
    const answer = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
    if (answer.toString() !== 'S') throw new Error('the server refuses TLS');
    socket = tls.connect({ socket, servername: host, rejectUnauthorized: sslmode !== 'require' });
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  }

  let buffer = Buffer.alloc(0);
  const waiting: ((message: { type: string; body: Buffer }) => void)[] = [];
  const queued: { type: string; body: Buffer }[] = [];
  let failure: Error | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 5) {
      const length = buffer.readInt32BE(1);
      if (buffer.length < 1 + length) break;
      const message = { type: String.fromCharCode(buffer[0]!), body: buffer.subarray(5, 1 + length) };
      buffer = buffer.subarray(1 + length);
      const waiter = waiting.shift();
      if (waiter) waiter(message);
      else queued.push(message);
    }
  });
  const rejecters: ((error: Error) => void)[] = [];
  const abort = (error: Error) => {
    failure ??= error;
    for (const reject of rejecters.splice(0)) reject(failure);
  };
  socket.on('error', abort);
  socket.on('close', () => abort(new Error('the database closed the connection')));
  const next = () =>
    new Promise<{ type: string; body: Buffer }>((resolve, reject) => {
      const message = queued.shift();
      if (message) return resolve(message);
      if (failure) return reject(failure);
      waiting.push((m) => {
        rejecters.splice(rejecters.indexOf(reject), 1);
        resolve(m);
      });
      rejecters.push(reject);
    });
  const send = (type: string, body: Buffer) => {
    const header = Buffer.alloc(5);
    header.write(type, 0, 'latin1');
    header.writeInt32BE(body.length + 4, 1);
    socket.write(Buffer.concat([header, body]));
  };
  const cstr = (s: string) => Buffer.from(`${s}\0`, 'utf8');
  const errorText = (body: Buffer) => {
    const fields: Record<string, string> = {};
    for (const part of body.toString('utf8').split('\0')) if (part) fields[part[0]!] = part.slice(1);
    return `${fields.S ?? 'ERROR'}: ${fields.M ?? 'unknown error'}${fields.C ? ` (${fields.C})` : ''}`;
  };

  // Startup
  const params = Buffer.concat([cstr('user'), cstr(user), cstr('database'), cstr(database), cstr('client_encoding'), cstr('UTF8'), cstr('application_name'), cstr('docket-verify'), Buffer.from([0])]);
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(params.length + 8, 0);
  startup.writeInt32BE(196608, 4);
  socket.write(Buffer.concat([startup, params]));

  let scram: { nonce: string; clientFirstBare: string; serverSignature?: Buffer } | undefined;
  for (;;) {
    const m = await next();
    if (m.type === 'E') throw new Error(errorText(m.body));
    if (m.type === 'Z') break;
    if (m.type !== 'R') continue;
    const code = m.body.readInt32BE(0);
    if (code === 0) continue;
    if (code === 3) send('p', cstr(password));
    else if (code === 5) {
      const inner = createHash('md5')
        .update(password + user)
        .digest('hex');
      send('p', cstr(`md5${createHash('md5').update(inner).update(m.body.subarray(4, 8)).digest('hex')}`));
    } else if (code === 10) {
      const nonce = randomBytes(18).toString('base64');
      const clientFirstBare = `n=*,r=${nonce}`;
      scram = { nonce, clientFirstBare };
      const first = Buffer.from(`n,,${clientFirstBare}`);
      const len = Buffer.alloc(4);
      len.writeInt32BE(first.length);
      send('p', Buffer.concat([cstr('SCRAM-SHA-256'), len, first]));
    } else if (code === 11 && scram) {
      const serverFirst = m.body.subarray(4).toString();
      const attrs = Object.fromEntries(serverFirst.split(',').map((kv) => [kv[0], kv.slice(2)]));
      if (!attrs.r?.startsWith(scram.nonce)) throw new Error('SCRAM: the server nonce does not extend ours');
      const salted = pbkdf2Sync(password.normalize('NFKC'), Buffer.from(attrs.s!, 'base64'), Number(attrs.i), 32, 'sha256');
      const clientKey = createHmac('sha256', salted).update('Client Key').digest();
      const storedKey = createHash('sha256').update(clientKey).digest();
      const clientFinalBare = `c=biws,r=${attrs.r}`;
      const authMessage = `${scram.clientFirstBare},${serverFirst},${clientFinalBare}`;
      const signature = createHmac('sha256', storedKey).update(authMessage).digest();
      const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!));
      const serverKey = createHmac('sha256', salted).update('Server Key').digest();
      scram.serverSignature = createHmac('sha256', serverKey).update(authMessage).digest();
      send('p', Buffer.from(`${clientFinalBare},p=${proof.toString('base64')}`));
    } else if (code === 12 && scram?.serverSignature) {
      const v = Buffer.from(m.body.subarray(4).toString().replace(/^v=/, ''), 'base64');
      if (v.length !== 32 || !timingSafeEqual(v, scram.serverSignature)) throw new Error('SCRAM: the server signature is wrong');
    } else throw new Error(`unsupported authentication method ${code}`);
  }

  let chain = Promise.resolve();
  const query = (text: string) => {
    const run = async () => {
      send('Q', cstr(text));
      const rows: Row[] = [];
      let error: string | undefined;
      for (;;) {
        const m = await next();
        if (m.type === 'D') {
          const count = m.body.readInt16BE(0);
          const row: Row = [];
          let offset = 2;
          for (let i = 0; i < count; i++) {
            const length = m.body.readInt32BE(offset);
            offset += 4;
            if (length < 0) row.push(null);
            else {
              row.push(m.body.toString('utf8', offset, offset + length));
              offset += length;
            }
          }
          rows.push(row);
        } else if (m.type === 'E') error = errorText(m.body);
        else if (m.type === 'Z') break;
      }
      if (error) throw new Error(error);
      return rows;
    };
    const result = chain.then(run);
    chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
  return {
    query,
    close: async () => {
      send('X', Buffer.alloc(0));
      socket.end();
    },
  };
}
