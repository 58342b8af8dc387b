import type { TSchema } from '@sinclair/typebox';

/** Schemas the rules part registers by $id (issue 21). */
export const rulesSchemas: TSchema[] = [];
