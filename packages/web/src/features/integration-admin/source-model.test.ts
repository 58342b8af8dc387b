import { describe, expect, it } from 'vitest';
import { newRow } from './mapping-model.ts';
import { formFieldOf, httpEndpoint, newSourceValues, sourceToValues, valuesToCreateBody, valuesToUpdateBody } from './source-model.ts';
import type { IngestSource } from './integration-admin-api.ts';

const source: IngestSource = {
  key: 'core-alerts',
  name: '核心系统告警',
  description: null,
  transport: 'nats',
  nats: { stream: 'ALERTS', subject: 'alerts.aml', durable: 'docket', deadLetterSubject: 'alerts.dlq' },
  amqp: null,
  mapping: { externalId: '$.id', caseType: 'aml-alert', fields: [{ target: 'title', path: '$.title' }] },
  onExisting: 'update',
  writeBack: { target: 'callback', url: 'https://core.bank/cb', events: ['case.created'], callbackSecretSet: true },
  active: true,
  actor: 'system:ingest:core-alerts',
  stats: { received: 1, created: 1, updated: 0, duplicates: 0, deadLetters: 0, lastMessageAt: null },
  version: 3,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
};

describe('the source editor values', () => {
  it('sends only the chosen transport and keeps a set callback secret by leaving it out', () => {
    const { values, rows } = sourceToValues(source);
    const body = valuesToUpdateBody(values, rows);
    expect(body).toMatchObject({ transport: 'nats', amqp: null, nats: source.nats, onExisting: 'update', mapping: source.mapping });
    expect(body.writeBack).toEqual({ target: 'callback', url: 'https://core.bank/cb', events: ['case.created'] });
    expect(JSON.stringify(body)).not.toContain('callbackSecretSet');
  });

  it('sends a typed callback secret, and no write-back at all for "none"', () => {
    const { values, rows } = sourceToValues(source);
    values.writeBack.callbackSecret = 'a-new-shared-secret-0001';
    expect(valuesToUpdateBody(values, rows).writeBack).toMatchObject({ callbackSecret: 'a-new-shared-secret-0001' });
    values.writeBack.target = 'none';
    expect(valuesToUpdateBody(values, rows).writeBack).toBeNull();
  });

  it('creates an http source with its key and mapping rows', () => {
    const { values } = newSourceValues();
    Object.assign(values, { key: 'web-alerts', name: '告警', caseType: 'aml-alert' });
    const body = valuesToCreateBody(values, [newRow({ target: 'title', text: '$.title' }), newRow({ target: 'priority', kind: 'value', text: 'high' })]);
    expect(body).toMatchObject({ key: 'web-alerts', transport: 'http', nats: null, amqp: null, writeBack: null, description: null });
    expect(body.mapping.fields).toEqual([
      { target: 'title', path: '$.title' },
      { target: 'priority', value: 'high' },
    ]);
  });

  it('says where an http source is posted to and which form field a server error names', () => {
    expect(httpEndpoint('https://docket.bank', 'web-alerts')).toBe('https://docket.bank/api/v1/ingest-sources/web-alerts/messages');
    expect(formFieldOf('nats.stream')).toEqual(['nats', 'stream']);
    expect(formFieldOf('mapping.externalId')).toEqual(['externalId']);
    expect(formFieldOf('mapping.fields[0].path')).toBeUndefined();
    expect(formFieldOf('somethingElse')).toBeUndefined();
  });
});

describe('the source editor values as the form hands them over', () => {
  it('fills in the groups antd leaves out when their fields are not on screen', () => {
    const onScreen = {
      key: 'web-alerts',
      name: '告警',
      transport: 'http' as const,
      externalId: '$.id',
      caseType: 'suggestion',
      onExisting: 'ignore' as const,
      active: true,
      writeBack: { target: 'none' },
    };
    const body = valuesToCreateBody(onScreen as never, [newRow({ target: 'title', text: '$.title' })]);
    expect(body).toMatchObject({ key: 'web-alerts', transport: 'http', nats: null, amqp: null, writeBack: null, description: null });
  });
});
