import { Type, type Static } from '@sinclair/typebox';
import { ACTIONS } from './permissions.ts';
import { StringEnum } from '../../platform/http/string-enum.ts';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const LoginResponse = Type.Object({
  token: Type.String({ description: 'Bearer token; the same session is also set as an httpOnly cookie' }),
  expiresAt: Type.String({ format: 'date-time' }),
  user: Type.Ref('Me'),
});

export const Me = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    username: Type.String(),
    displayName: Type.String(),
    departmentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    roles: Type.Array(Type.String()),
    authenticatedBy: Type.Union([Type.Literal('session'), Type.Literal('api-token')]),
    scopes: Type.Union([Type.Array(Type.String()), Type.Null()]),
    actions: Type.Array(Type.String(), { description: 'Actions any of my permissions grant, whatever their scope' }),
  },
  { $id: 'Me' },
);

export const ActionSchema = StringEnum(ACTIONS);

export const CreateApiTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(ActionSchema, { minItems: 1, uniqueItems: true }),
    expiresAt: Type.String({ format: 'date-time', description: 'At most one year ahead' }),
  },
  { additionalProperties: false },
);
export type CreateApiTokenBody = Static<typeof CreateApiTokenBody>;

export const ApiTokenView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    scopes: Type.Array(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ApiToken' },
);

export const CreatedApiToken = Type.Intersect([Type.Ref('ApiToken'), Type.Object({ token: Type.String({ description: 'The secret, shown once: store it now' }) })]);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
