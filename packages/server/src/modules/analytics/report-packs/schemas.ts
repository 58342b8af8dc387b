import type { TSchema } from '@sinclair/typebox';

/** The report-packs part's response schemas with $id, registered by the app (Type.Ref('…') in routes). */
export const reportPackSchemas: TSchema[] = [];
