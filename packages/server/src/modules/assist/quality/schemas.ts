import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../../platform/http/string-enum.ts';
import { QUALITY_CHECKS } from './checks.ts';

// Quality inspection of handled cases (issue 22): GET/POST /cases/{id}/quality…,
// GET /assist/quality and /assist/quality/summary.

const Uuid = Type.String({ format: 'uuid' });
const LocalDate = Type.String({ format: 'date', description: 'YYYY-MM-DD (UTC)' });
const Check = StringEnum(QUALITY_CHECKS, { description: 'missing-disclosure, forbidden-promise, rude-reply, unanswered-question, missed-deadline' });

export const QualityCaseParams = Type.Object({ id: Uuid });

const QualityFinding = Type.Object(
  {
    check: Check,
    severity: StringEnum(['low', 'medium', 'high'] as const),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    /** Where and by which rule; never the words of a reply or of the customer. */
    detail: Type.Object({
      commentId: Type.Optional(Uuid),
      rule: Type.String({
        description: 'risk-disclosure, guaranteed-principal, guaranteed-return, risk-free, rude-phrase, tone-rude, tone-dismissive, no-public-reply, few-shared-words, sla-breached',
      }),
      phrase: Type.Optional(Type.String({ description: "A fixed phrase of the rule (the lexicon's), never text of the case" })),
      target: Type.Optional(Type.String({ description: "missed-deadline: the SLA target's key" })),
      because: Type.Optional(Type.String({ description: 'missing-disclosure: the field (category, product, topic) or `words` that made it a wealth or insurance case' })),
      sharedWords: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
  },
  { $id: 'AssistQualityFinding' },
);

const QualityInspection = Type.Object(
  {
    id: Uuid,
    trigger: StringEnum(['closed', 'manual'] as const),
    inspectedAt: Type.String({ format: 'date-time' }),
    inspectedBy: Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
    modelVersion: Type.String({ description: 'The rules version and the tone model behind the findings' }),
    findings: Type.Array(Type.Ref('AssistQualityFinding')),
  },
  { $id: 'AssistQualityInspection' },
);

export const CaseQuality = Type.Object(
  {
    caseId: Uuid,
    /** null: the case was never inspected (it is not finished, or was finished before issue 22). */
    inspection: Type.Union([Type.Ref('AssistQualityInspection'), Type.Null()]),
  },
  { $id: 'AssistCaseQuality' },
);
export type CaseQuality = Static<typeof CaseQuality>;

const QualityListItem = Type.Object(
  {
    caseId: Uuid,
    number: Type.String(),
    /** As the case lists show it: personal data masked. */
    title: Type.Union([Type.String(), Type.Null()]),
    caseType: Type.String(),
    caseTypeName: Type.Union([Type.String(), Type.Null()]),
    inspectionId: Uuid,
    trigger: StringEnum(['closed', 'manual'] as const),
    inspectedAt: Type.String({ format: 'date-time' }),
    checks: Type.Array(Check),
    findings: Type.Array(Type.Ref('AssistQualityFinding')),
  },
  { $id: 'AssistQualityListItem' },
);

export const QualityList = Type.Object({ items: Type.Array(Type.Ref('AssistQualityListItem')), nextCursor: Type.Optional(Type.String()) }, { $id: 'AssistQualityList' });

export const QualityListQuery = Type.Object(
  {
    check: Type.Optional(Check),
    caseType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    from: Type.Optional(LocalDate),
    to: Type.Optional(Type.String({ format: 'date', description: 'YYYY-MM-DD (UTC), inclusive' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type QualityListQuery = Static<typeof QualityListQuery>;

export const QualitySummaryQuery = Type.Object(
  { from: LocalDate, to: Type.String({ format: 'date', description: 'YYYY-MM-DD (UTC), inclusive; at most 366 days after from' }) },
  { additionalProperties: false },
);
export type QualitySummaryQuery = Static<typeof QualitySummaryQuery>;

export const QualitySummary = Type.Object(
  {
    from: LocalDate,
    to: LocalDate,
    /** Mondays of the weeks in the period, oldest first; every week present, also without findings. */
    weeks: Type.Array(LocalDate),
    checks: Type.Array(Check),
    /** Cases with a finding of the check in the week (current inspections of cases the reader may read). */
    counts: Type.Array(Type.Object({ week: LocalDate, check: Check, cases: Type.Integer({ minimum: 0 }) })),
  },
  { $id: 'AssistQualitySummary' },
);
export type QualitySummary = Static<typeof QualitySummary>;

/** Schemas the quality part registers by $id (issue 22). */
export const qualitySchemas: TSchema[] = [QualityFinding, QualityInspection, CaseQuality, QualityListItem, QualityList, QualitySummary];
