/** TypeBox schemas of the objects API (issue 21); each part keeps its own in `<part>/schemas.ts`. */
import type { TSchema } from '@sinclair/typebox';
import { customer360Schemas } from './customer-360/schemas.ts';
import { importsSchemas } from './imports/schemas.ts';
import { recordsSchemas } from './records/schemas.ts';
import { typesSchemas } from './types/schemas.ts';

export const objectsSchemas: TSchema[] = [...typesSchemas, ...recordsSchemas, ...importsSchemas, ...customer360Schemas];
