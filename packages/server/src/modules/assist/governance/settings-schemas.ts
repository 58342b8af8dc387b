import type { TSchema } from '@sinclair/typebox';

// Placeholder until the settings part (D) merges its settings schemas here; its version replaces this file.
export const settingsSchemas: TSchema[] = [];
