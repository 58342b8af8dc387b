// Entities found in free text by validated patterns and dictionaries (issue 22, part B).

export type EntityKind = 'person-name' | 'phone' | 'resident-id' | 'bank-card' | 'account' | 'uscc' | 'email' | 'address' | 'amount' | 'date' | 'datetime' | 'alert-id';

export interface Entity {
  kind: EntityKind;
  /** Normalised: digits only for ids and cards, '12345.67' for an amount (CNY unless `currency`), ISO 8601 for dates. */
  value: string;
  /** UTF-16 offsets into the text, end exclusive: text.slice(start, end) is what was read. */
  start: number;
  end: number;
  confidence: number;
  currency?: string;
}

export interface ExtractOptions {
  /** The moment relative dates (昨天, last Friday) are read against; now when left out. */
  now?: Date;
  /** IANA zone the customer speaks in; Asia/Shanghai when left out. */
  timeZone?: string;
}

/** An identifier with the shape of its kind whose check digit fails: likely mistyped, never suggested. */
export interface RejectedIdentifier {
  kind: 'resident-id' | 'bank-card' | 'uscc';
  start: number;
  end: number;
  reason: 'check-digit';
}
