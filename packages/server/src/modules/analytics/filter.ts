import { Type } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });
const LocalDate = Type.String({ format: 'date', description: 'A local date (Asia/Shanghai unless DOCKET_ANALYTICS_TIME_ZONE), e.g. 2026-10-01' });

/**
 * The filter of every analytic figure. `from`/`to`: local dates, `to` inclusive; both default to
 * the last 30 days ending today. `departmentId`: that department and every one below it.
 * Whatever the filter, only the cases the reader's case:read policy reaches count.
 */
export const AnalyticsFilterQuery = Type.Object({
  from: Type.Optional(LocalDate),
  to: Type.Optional(LocalDate),
  departmentId: Type.Optional(Uuid),
  caseType: Type.Optional(Type.String({ maxLength: 64 })),
  product: Type.Optional(Type.String({ maxLength: 64 })),
  channel: Type.Optional(Type.String({ maxLength: 64 })),
  category: Type.Optional(Type.String({ maxLength: 64 })),
});
