import { describe, expect, it } from 'vitest';
import { compileMapping, jsonPathProblem } from '../../../../src/modules/integration/sources/mapping.ts';

// The mapping engine on its own: message → case input + errors, without a database.

const mapping = (fields: { target: string; path?: string; feel?: string; value?: unknown }[], externalId = '$.id') => compileMapping({ externalId, caseType: 'suspicious-transaction', fields }, 'aml');

describe('compileMapping', () => {
  it('maps paths, FEEL over `message` and constants into the case input, with the source as external source', () => {
    const mapped = mapping([
      { target: 'title', feel: '"Alert " + string(message.id)' },
      { target: 'fields.amount', path: '$.tx.amount' },
      { target: 'fields.riskLevel', feel: 'if message.score >= 80 then "high" else "low"' },
      { target: 'customer.id', path: '$.customer' },
      { target: 'tags', value: ['aml'] },
      { target: 'description', path: '$.note' },
    ]).map({ id: 42, score: 85, tx: { amount: 1200.5 }, customer: 'C001', note: 'n' });
    expect(mapped).toEqual({
      externalId: '42',
      errors: [],
      input: {
        type: 'suspicious-transaction',
        title: 'Alert 42',
        channel: 'aml',
        fields: { amount: 1200.5, riskLevel: 'high', description: 'n' },
        customer: { id: 'C001' },
        tags: ['aml'],
        externalId: '42',
        source: 'aml',
      },
    });
  });

  it('names the field and the rule of what is wrong, and never quotes the message', () => {
    const mapped = mapping([
      { target: 'title', path: '$.title' },
      { target: 'priority', path: '$.priority' },
      { target: 'fields.amount', feel: 'message.tx.amount / "x"' },
    ]).map({ title: 'secret-title-6222020200112233', priority: 'secret-priority-6222020200112233' });
    expect(mapped.input).toBeNull();
    expect(mapped.externalId).toBeNull();
    expect(mapped.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['externalId', 'priority']));
    expect(JSON.stringify(mapped.errors)).not.toContain('6222020200112233');
  });

  it('leaves out what a path does not find, so a required value is missing as in the API', () => {
    const mapped = mapping([{ target: 'fields.amount', path: '$.nothing' }]).map({ id: 'A' });
    expect(mapped.errors).toEqual([expect.objectContaining({ field: 'title' })]);
  });

  it('takes a deadline apart from the case input, and refuses one without an offset', () => {
    const fields = [
      { target: 'title', value: 't' },
      { target: 'dueAt', path: '$.deadline' },
    ];
    expect(mapping(fields).map({ id: 'A', deadline: '2026-12-28T17:00:00+08:00' })).toMatchObject({
      dueAt: '2026-12-28T17:00:00+08:00',
      errors: [],
      input: expect.not.objectContaining({ dueAt: expect.anything() }),
    });
    expect(mapping(fields).map({ id: 'A', deadline: '2026-12-28' }).errors).toEqual([expect.objectContaining({ field: 'dueAt' })]);
  });
});

describe('jsonPathProblem', () => {
  it('accepts plain paths and refuses scripts and paths not starting at the root', () => {
    expect(jsonPathProblem('$.a.b[0]')).toBeNull();
    expect(jsonPathProblem('$..tags')).toBeNull();
    expect(jsonPathProblem('a.b')).toMatch(/\$/);
    expect(jsonPathProblem('$.a[?(@.x > 1)]')).toMatch(/script/);
    expect(jsonPathProblem('$.a[(@.length-1)]')).toMatch(/script/);
  });
});
