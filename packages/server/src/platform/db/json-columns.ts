/** One changed field of an audit event (audit.event.changes), before → after. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}
