import { Type, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../../platform/http/string-enum.ts';
import { REPORT_BUCKETS } from './report-figures.ts';
import { settingsSchemas } from './settings-schemas.ts';

// GET /api/v1/assist/report and GET /api/v1/assist/models (issue 22).

const LocalDate = Type.String({ format: 'date', description: 'A local date (Asia/Shanghai unless DOCKET_ANALYTICS_TIME_ZONE), e.g. 2026-12-01' });

export const AssistReportQuery = Type.Object(
  {
    caseType: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only this case type' })),
    from: Type.Optional(LocalDate),
    to: Type.Optional(LocalDate),
    bucket: Type.Optional(StringEnum(REPORT_BUCKETS, { description: 'The period of each row of `periods`: day (default), ISO week, month' })),
  },
  { additionalProperties: false },
);

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const outcomeFigures = {
  suggested: Type.Integer({ description: 'Values suggested' }),
  accepted: Type.Integer({ description: 'Kept as suggested' }),
  changed: Type.Integer({ description: 'Kept the field, changed the value' }),
  rejected: Type.Integer({ description: 'Removed the suggestion' }),
  undecided: Type.Integer({ description: 'No outcome recorded (no case created from the prefill, or not yet)' }),
  adoptionRate: { ...Rate, description: 'accepted / (accepted + changed + rejected); null when none was decided' },
  accuracy: { ...Rate, description: 'accepted / (accepted + changed): of the values kept in the field, the share the model had right' },
  timeSavedSeconds: Type.Integer({ description: "accepted × the case type's seconds per field (assist.setting, default 20)" }),
};
const PeriodFigures = Type.Object({ period: Type.String({ description: '2026-12-01, 2026-W49 or 2026-12' }), prefills: Type.Integer(), ...outcomeFigures });

export const AssistReport = Type.Object(
  {
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    bucket: StringEnum(REPORT_BUCKETS),
    timeZone: Type.String(),
    totals: Type.Object({ prefills: Type.Integer(), ...outcomeFigures }),
    periods: Type.Array(PeriodFigures, { description: 'Every period of the range, in order, over all case types' }),
    caseTypes: Type.Array(
      Type.Object({
        caseType: Type.String(),
        secondsPerField: Type.Integer(),
        prefills: Type.Integer(),
        ...outcomeFigures,
        fields: Type.Array(Type.Object({ field: Type.String(), ...outcomeFigures })),
        periods: Type.Array(PeriodFigures),
      }),
    ),
  },
  { $id: 'AssistReport' },
);

export const AssistModelView = Type.Object(
  {
    label: Type.String({ description: 'The label it predicts: caseType, category, product, topic, urgency, emotion, or a bank’s own' }),
    source: StringEnum(['installed', 'shipped'] as const, { description: 'installed: by `docket assist train` or the API; shipped: trained from the shipped data at first use' }),
    version: Type.String({ description: '<label>@<algorithm>-<12 hex>: recorded with every suggestion' }),
    algorithm: Type.String(),
    classes: Type.Array(Type.String()),
    metrics: Type.Object(
      {
        rows: Type.Optional(Type.Number()),
        accuracy: Type.Optional(Type.Number()),
        macroF1: Type.Optional(Type.Number()),
        trainedSeconds: Type.Optional(Type.Number()),
        source: Type.Optional(Type.String()),
      },
      { additionalProperties: true },
    ),
    installedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    installedBy: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'AssistModelView' },
);

export const AssistModelList = Type.Object({ items: Type.Array(Type.Ref('AssistModelView')) }, { $id: 'AssistModelList' });

/** Schemas the governance part registers by $id (issue 22). */
export const governanceSchemas: TSchema[] = [...settingsSchemas, AssistReport, AssistModelView, AssistModelList];
