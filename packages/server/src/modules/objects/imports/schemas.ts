import type { TSchema } from '@sinclair/typebox';

/** Schemas the imports part registers by $id (issue 21). */
export const importsSchemas: TSchema[] = [];
