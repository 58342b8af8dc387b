import type { TSchema } from '@sinclair/typebox';

/** Schemas the quality part registers by $id (issue 22). */
export const qualitySchemas: TSchema[] = [];
