import type { TSchema } from '@sinclair/typebox';
import { settingsSchemas } from './settings-schemas.ts';

/** Schemas the governance part registers by $id (issue 22). */
export const governanceSchemas: TSchema[] = [...settingsSchemas];
