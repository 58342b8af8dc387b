import type { TSchema } from '@sinclair/typebox';

/** Schemas the governance part registers by $id (issue 22). */
export const governanceSchemas: TSchema[] = [];
