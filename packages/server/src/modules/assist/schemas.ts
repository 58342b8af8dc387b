/** TypeBox schemas of the assist API (issue 22); each part keeps its own in `<part>/schemas.ts`. */
import type { TSchema } from '@sinclair/typebox';
import { dispatchSchemas } from './dispatch/schemas.ts';
import { governanceSchemas } from './governance/schemas.ts';
import { prefillSchemas } from './prefill/schemas.ts';
import { qualitySchemas } from './quality/schemas.ts';

export const assistSchemas: TSchema[] = [...prefillSchemas, ...dispatchSchemas, ...governanceSchemas, ...qualitySchemas];
