import type { TSchema } from '@sinclair/typebox';

/** Schemas the engine part registers by $id (issue 21). */
export const engineSchemas: TSchema[] = [];
