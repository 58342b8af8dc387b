import type { TSchema } from '@sinclair/typebox';

/** Schemas the dispatch part registers by $id (issue 22). */
export const dispatchSchemas: TSchema[] = [];
