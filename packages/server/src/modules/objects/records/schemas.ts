import type { TSchema } from '@sinclair/typebox';

/** Schemas the records part registers by $id (issue 21). */
export const recordsSchemas: TSchema[] = [];
