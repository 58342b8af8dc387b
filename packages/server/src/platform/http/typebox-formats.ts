import { FormatRegistry } from '@sinclair/typebox';

// TypeBox's own compiler knows no string formats and fails every value of an unknown one
// ("Unknown format 'uuid'"). Code that checks with it (bulk NDJSON lines) must accept what
// ajv accepts for the same schema on a single request, so the formats our schemas use are
// registered here, as ajv-formats defines them (RFC 4122 uuid, RFC 3339 date-time).
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (value) => UUID.test(value));
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (value) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)));
