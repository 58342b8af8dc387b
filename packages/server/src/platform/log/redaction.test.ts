import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions, redactUrl } from './redaction.ts';

describe('log redaction', () => {
  it('keeps query parameter names and hides personal values', () => {
    expect(redactUrl('/api/v1/cases?residentId=11010519491231002X&status=open')).toBe('/api/v1/cases?residentId=[redacted]&status=open');
    expect(redactUrl('/api/v1/cases/1')).toBe('/api/v1/cases/1');
  });

  it('never writes an identity lookup value or a bearer token into the request log', async () => {
    let written = '';
    const sink = new Writable({
      write: (chunk, _encoding, done) => {
        written += String(chunk);
        done();
      },
    });
    const app = Fastify({ loggerInstance: pino(loggerOptions('info'), sink) });
    app.get('/api/v1/cases', async () => ({ items: [] }));
    await app.inject({ method: 'GET', url: '/api/v1/cases?residentId=11010519491231002X&phone=13812345678', headers: { authorization: 'Bearer dks_secret-token' } });
    await app.close();
    expect(written).toContain('residentId=[redacted]');
    expect(written).not.toContain('11010519491231002X');
    expect(written).not.toContain('13812345678');
    expect(written).not.toContain('dks_secret-token');
  });
});
