import type { TSchema } from '@sinclair/typebox';

/** Schemas the date-triggers part registers by $id (issue 21). */
export const dateTriggersSchemas: TSchema[] = [];
