import { type TSchema, Type } from '@sinclair/typebox';

const Instant = (description: string) => Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });

export const AnalyticsReadModelStatus = Type.Object(
  {
    lagSeconds: Type.Number({ minimum: 0, description: 'Age of the oldest domain event the read model has not applied yet; 0 when it is up to date' }),
    pendingEvents: Type.Integer({ minimum: 0, description: 'Domain events not applied yet (counted up to 100000)' }),
    pendingCapped: Type.Boolean({ description: 'More events wait than were counted' }),
    lastEventAt: Instant('When the newest applied event was written'),
    lastAppliedAt: Instant('When the projector last applied a batch'),
    rebuiltAt: Instant('When the read model was last rebuilt from the domain tables'),
    rebuiltBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'Who rebuilt it (null: at start, by Docket itself)' }),
    facts: Type.Object(
      {
        cases: Type.Integer({ minimum: 0, description: 'analytics.case_fact rows (estimated above 100000)' }),
        dailyRows: Type.Integer({ minimum: 0, description: 'analytics.case_daily rows (estimated above 100000)' }),
        tasks: Type.Integer({ minimum: 0, description: 'analytics.task_fact rows (estimated above 100000)' }),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'AnalyticsReadModelStatus', additionalProperties: false, description: 'How far the analytics read model is behind the domain, and what it holds' },
);

export const AnalyticsReadModelRebuilt = Type.Object(
  {
    cases: Type.Integer({ minimum: 0 }),
    tasks: Type.Integer({ minimum: 0 }),
    dailyRows: Type.Integer({ minimum: 0 }),
    durationMs: Type.Integer({ minimum: 0 }),
  },
  { $id: 'AnalyticsReadModelRebuilt', additionalProperties: false, description: 'What the rebuild projected' },
);

/** The read-model part's response schemas with $id, registered by the app (Type.Ref('…') in routes). */
export const readModelSchemas: TSchema[] = [AnalyticsReadModelStatus, AnalyticsReadModelRebuilt];
