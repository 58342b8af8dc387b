import type { TSchema } from '@sinclair/typebox';

/** Schemas the types part registers by $id (issue 21). */
export const typesSchemas: TSchema[] = [];
