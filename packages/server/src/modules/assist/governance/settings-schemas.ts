import { Type, type Static, type TSchema } from '@sinclair/typebox';

// GET /api/v1/assist/settings, GET|PUT /api/v1/assist/settings/{caseType} (issue 22).

const FieldSetting = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Whether values are suggested for this field' }),
    threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "This field's confidence threshold; the case type's when absent" })),
    label: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,62}$', description: "The classifier label that predicts this field when it is not the field's key" })),
  },
  { additionalProperties: false },
);

const SettingsValues = {
  enabled: Type.Boolean({ description: 'Assistance on or off for the case type' }),
  threshold: Type.Number({ minimum: 0, maximum: 1, description: 'A suggestion below this confidence is not made' }),
  fields: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$' }), FieldSetting, {
    description: "Per field key of the case type's form (or `priority`, which the urgency classifier fills)",
  }),
  secondsPerField: Type.Integer({ minimum: 0, maximum: 3600, description: 'Seconds an agent spends typing a field by hand, for the time-saved report' }),
};

export const AssistSettingsSchema = Type.Object(
  {
    caseType: Type.String(),
    caseTypeName: Type.String(),
    ...SettingsValues,
    version: Type.Integer({ minimum: 0, description: '0 while the case type uses the defaults; send it as If-Match' }),
    updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    updatedBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  },
  { $id: 'AssistSettings' },
);

export const AssistSettingsList = Type.Object({ items: Type.Array(Type.Ref('AssistSettings')) }, { $id: 'AssistSettingsList' });

export const UpdateAssistSettingsBody = Type.Object(SettingsValues, { additionalProperties: false });
export type UpdateAssistSettingsBody = Static<typeof UpdateAssistSettingsBody>;

export const AssistSettingsParams = Type.Object({ caseType: Type.String({ minLength: 1, maxLength: 64 }) });

/** Schemas the settings part registers by $id; governance/schemas.ts lists them. */
export const settingsSchemas: TSchema[] = [AssistSettingsSchema, AssistSettingsList];
