import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../../platform/http/string-enum.ts';
import { AUTH_METHODS } from './sessions.ts';

export const SignedIn = Type.Object({
  token: Type.String({ description: 'Bearer token; the same session is also set as an httpOnly cookie' }),
  expiresAt: Type.String({ format: 'date-time' }),
  user: Type.Ref('Me'),
});

export const MfaStepResponse = Type.Object({
  mfaRequired: Type.Literal(true),
  mfaEnrolmentRequired: Type.Boolean({ description: 'true: a role requires a second factor the user has not set up; enrol with this mfaToken first' }),
  mfaToken: Type.String({ description: 'Answer at POST /api/v1/auth/login/mfa within five minutes' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const LoginResponse = Type.Union([SignedIn, MfaStepResponse]);

export const MfaLoginBody = Type.Object(
  {
    mfaToken: Type.String({ minLength: 1, maxLength: 200 }),
    code: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: 'The 6-digit code of the authenticator app' })),
    recoveryCode: Type.Optional(Type.String({ minLength: 8, maxLength: 40, description: 'One of the recovery codes, each valid once' })),
  },
  { additionalProperties: false },
);
export type MfaLoginBody = Static<typeof MfaLoginBody>;

export const MfaLoginResponse = Type.Intersect([
  SignedIn,
  Type.Object({ recoveryCodes: Type.Optional(Type.Array(Type.String(), { description: 'After a forced enrolment only: shown once, store them now' })) }),
]);

export const MfaTokenBody = Type.Object({ mfaToken: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const TotpEnrolmentView = Type.Object({
  secret: Type.String({ description: 'Base32 TOTP secret, for typing in by hand' }),
  otpauthUri: Type.String({ description: 'otpauth:// URI, for a QR code' }),
});

export const TotpCodeBody = Type.Object({ code: Type.String({ pattern: '^\\d{6}$' }) }, { additionalProperties: false });
export const PasswordBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });
export const RecoveryCodesView = Type.Object({ recoveryCodes: Type.Array(Type.String(), { description: 'Shown once: store them now' }) });

export const MfaStatusView = Type.Object({
  totp: StringEnum(['none', 'pending', 'active'] as const),
  recoveryCodesLeft: Type.Integer(),
  requiredByRole: Type.Boolean(),
});

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1000 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const SessionView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    current: Type.Boolean(),
    authMethod: StringEnum(AUTH_METHODS),
    clientIp: Type.Union([Type.String(), Type.Null()]),
    userAgent: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Session' },
);

export const RevokedCount = Type.Object({ revoked: Type.Integer({ description: 'How many sessions were ended' }) });
export const UserIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
