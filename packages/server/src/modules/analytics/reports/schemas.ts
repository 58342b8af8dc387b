import type { TSchema } from '@sinclair/typebox';

/** The reports part's response schemas with $id, registered by the app (Type.Ref('…') in routes). */
export const reportSchemas: TSchema[] = [];
