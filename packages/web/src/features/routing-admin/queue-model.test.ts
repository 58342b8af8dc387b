import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import { describeMinutes, newQueueValues, placeQueueErrors, queueFieldOf, queueToValues, valuesToCreateBody, valuesToUpdateBody } from './queue-model.ts';
import type { Queue } from './routing-admin-api.ts';

const zh = createTranslate('zh-CN');
const en = createTranslate('en-US');

const consumerProtection: Queue = {
  id: '0193a000-0000-7000-8000-000000000001',
  key: 'consumer-protection',
  name: '消保投诉专席',
  description: null,
  departmentId: '0193a000-0000-7000-8000-0000000000cp',
  memberIds: ['0193a000-0000-7000-8000-0000000000a1'],
  groupKeys: [],
  caseTypes: ['complaint'],
  channels: ['12378'],
  strategy: 'best-skill',
  mode: 'push',
  offerTimeoutSeconds: null,
  overflowQueueId: '0193a000-0000-7000-8000-000000000002',
  overflowAfterSeconds: 4 * 3600,
  calendarKey: 'cn-mainland',
  active: true,
  version: 3,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

describe('the queue editor model', () => {
  it('reads a queue into the form with its overflow time in minutes, and writes it back unchanged', () => {
    const values = queueToValues(consumerProtection);
    expect(values.overflowAfterMinutes).toBe(240);
    expect(values.description).toBeUndefined();
    const { id: _id, key: _key, version: _version, createdAt: _c, updatedAt: _u, ...asStored } = consumerProtection;
    expect(valuesToUpdateBody(values)).toEqual(asStored);
  });

  it('sends every field on PUT, blanks as null, so a cleared field is cleared on the server', () => {
    const body = valuesToUpdateBody({ ...queueToValues(consumerProtection), description: '  ', departmentId: undefined, calendarKey: '', overflowQueueId: undefined });
    expect(body).toMatchObject({ description: null, departmentId: null, calendarKey: null, overflowQueueId: null, overflowAfterSeconds: null });
  });

  it('never sends an offer timeout for a pull queue, nor an overflow time without an overflow queue', () => {
    const pull = valuesToUpdateBody({ ...queueToValues(consumerProtection), mode: 'pull', offerTimeoutSeconds: 60 });
    expect(pull.offerTimeoutSeconds).toBeNull();
    const noOverflow = valuesToCreateBody({ ...newQueueValues(), key: ' bj-service ', name: ' 北京分行客服 ', overflowAfterMinutes: 30, channels: [' phone ', ''] });
    expect(noOverflow).toEqual({
      key: 'bj-service',
      name: '北京分行客服',
      description: null,
      departmentId: null,
      memberIds: [],
      groupKeys: [],
      caseTypes: [],
      channels: ['phone'],
      strategy: 'least-loaded',
      mode: 'push',
      offerTimeoutSeconds: null,
      overflowQueueId: null,
      overflowAfterSeconds: null,
      calendarKey: null,
      active: true,
    });
  });

  it('puts a server problem on the field it names, the overflow seconds on the minutes input', () => {
    expect(queueFieldOf('memberIds[2]')).toBe('memberIds');
    expect(queueFieldOf('/overflowAfterSeconds')).toBe('overflowAfterMinutes');
    expect(queueFieldOf('body.calendarKey')).toBe('calendarKey');
    expect(queueFieldOf('somethingElse')).toBeUndefined();
    const placed = placeQueueErrors([
      { field: 'overflowQueueId', reason: '不能溢出到自身' },
      { field: 'groupKeys.0', reason: '不存在' },
      { field: 'groupKeys.1', reason: '不存在' },
      { field: '', reason: '其他' },
    ]);
    expect(placed.onFields).toEqual([
      { name: 'overflowQueueId', errors: ['不能溢出到自身'] },
      { name: 'groupKeys', errors: ['不存在', '不存在'] },
    ]);
    expect(placed.elsewhere).toEqual([{ field: '', reason: '其他' }]);
  });

  it('says an overflow time in words', () => {
    expect(describeMinutes(240, zh)).toBe('4 小时');
    expect(describeMinutes(90, en)).toBe('1 h 30 min');
    expect(describeMinutes(1500, zh)).toBe('1 天 1 小时');
    expect(describeMinutes(0, en)).toBe('0 min');
  });
});
