import type { TSchema } from '@sinclair/typebox';

/** The spikes part's response schemas with $id, registered by the app (Type.Ref('…') in routes). */
export const spikeSchemas: TSchema[] = [];
