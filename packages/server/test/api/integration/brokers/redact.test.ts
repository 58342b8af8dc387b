import { describe, expect, it } from 'vitest';
import { brokerAddress, errorKind } from '../../../../src/modules/integration/brokers/redact.ts';

describe('errorKind', () => {
  it('logs name and code, never a message that may echo a payload or credentials', () => {
    expect(errorKind(Object.assign(new Error('duplicate key value (account)=(6222020200112233445)'), { code: '23505' }))).toBe('Error:23505');
    expect(errorKind(new Error('connect to amqp://docket:s3cret@mq:5672 failed'))).toBe('Error');
    expect(errorKind(new TypeError('6222020200112233445 is not a function'))).toBe('TypeError');
    expect(errorKind('text')).toBe('string');
  });

  it("names a lost database connection by the driver's fixed text, which has no code", () => {
    expect(errorKind(new Error('Connection terminated unexpectedly'))).toBe('Error:(Connection terminated unexpectedly)');
    expect(errorKind(new Error('timeout exceeded when trying to connect'))).toBe('Error:(timeout exceeded when trying to connect)');
    // Only the exact text: anything appended could carry data.
    expect(errorKind(new Error('Connection terminated unexpectedly: 6222020200112233445'))).toBe('Error');
  });
});

describe('brokerAddress', () => {
  it('keeps scheme, host and port, never the user or password', () => {
    expect(brokerAddress('amqp://docket:s3cret@mq.bank.example:5672/vhost')).toBe('amqp://mq.bank.example:5672');
    expect(brokerAddress('not a url')).toBe('(unparseable url)');
  });
});
