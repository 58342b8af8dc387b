import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { schemasReferredTo, sharedResponseSerializers } from './response-serializers.ts';

const Problem = Type.Object({ type: Type.String(), status: Type.Integer(), errors: Type.Optional(Type.Array(Type.Ref('FieldError'))) }, { $id: 'Problem' });
const FieldError = Type.Object({ field: Type.String(), reason: Type.String() }, { $id: 'FieldError' });
const Case = Type.Object({ id: Type.String(), secret: Type.Optional(Type.String()) }, { $id: 'Case', additionalProperties: false });
const shared = { Problem, FieldError, Case, Unused: Type.Object({ x: Type.Number() }, { $id: 'Unused' }) };
const route = (schema: unknown) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' });

describe('schemasReferredTo', () => {
  it('gives the shared schemas a schema refers to, and those they refer to', () => {
    expect(Object.keys(schemasReferredTo(Type.Object({ p: Type.Ref('Problem') }), shared)!).sort()).toEqual(['FieldError', 'Problem']);
    expect(schemasReferredTo({ $ref: 'Case#/properties/id' }, shared)).toEqual({ Case });
  });
  it('gives none for a schema without references, or with local ones only', () => {
    expect(schemasReferredTo(Type.Object({ a: Type.String() }), shared)).toEqual({});
    expect(schemasReferredTo({ $defs: { a: { type: 'string' } }, $ref: '#/$defs/a' }, shared)).toEqual({});
  });
  it('gives undefined when a reference names no shared schema, so that all are passed', () => {
    expect(schemasReferredTo({ items: { $ref: 'Nowhere' } }, shared)).toBeUndefined();
  });
});

describe('sharedResponseSerializers', () => {
  const documents: [unknown, unknown][] = [
    [Type.Ref('Problem'), { type: '/problems/x', status: 400, errors: [{ field: 'a', reason: 'b', extra: 1 }], more: true }],
    [Type.Array(Type.Ref('Case')), [{ id: '1', secret: 's', dropped: 'no' }]],
    [Type.Object({ n: Type.Integer(), at: Type.String({ format: 'date-time' }) }), { n: 2.7, at: new Date(0) }],
  ];
  it("writes what Fastify's default serializer writes", () => {
    const ours = sharedResponseSerializers()(shared, {});
    const fastify = SerializerSelector()(shared, {});
    for (const [schema, document] of documents) expect(ours(route(schema))(document)).toBe(fastify(route(schema))(document));
  });
  it('compiles a schema seen again on another route once', () => {
    const compile = sharedResponseSerializers()(shared, {});
    expect(compile(route(Type.Ref('Problem')))).toBe(compile({ ...route(Type.Ref('Problem')), url: '/y', httpStatus: '404' }));
  });
});
