import type { TSchema } from '@sinclair/typebox';

/** The read-model part's response schemas with $id, registered by the app (Type.Ref('…') in routes). */
export const readModelSchemas: TSchema[] = [];
