import type { TSchema } from '@sinclair/typebox';

/** Schemas the customer-360 part registers by $id (issue 21). */
export const customer360Schemas: TSchema[] = [];
