/** TypeBox schemas of the automation API (issue 21); each part keeps its own in `<part>/schemas.ts`. */
import type { TSchema } from '@sinclair/typebox';
import { dateTriggersSchemas } from './date-triggers/schemas.ts';
import { engineSchemas } from './engine/schemas.ts';
import { rulesSchemas } from './rules/schemas.ts';

export const automationSchemas: TSchema[] = [...rulesSchemas, ...engineSchemas, ...dateTriggersSchemas];
