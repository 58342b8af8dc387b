import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The Docket-Signature header (docs/integration/webhooks.md): `t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, "<t>.<body>")>`, one v1 per secret still valid (during a rotation the new
 * one first, then the previous). The timestamp is signed so a captured request cannot be replayed
 * after the tolerance. Webhooks and the ingestion write-back callbacks sign the same way.
 */
export function signatureHeader(body: string, secrets: string[], now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  return [`t=${t}`, ...secrets.map((secret) => `v1=${hmac(secret, t, body)}`)].join(',');
}

/** True when one v1 of the header is the body's signature with `secret` and t is within tolerance of now. */
export function verifySignature(header: string, body: string, secret: string, now: Date, toleranceSeconds = 300): boolean {
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (value === undefined) continue;
    if (name === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (t === undefined || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  return candidates.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected));
}

function hmac(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
}
