import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../../app-deps.ts';

// Placeholder until the settings part (D) merges its settings API here; its version replaces this file.
export const settingsRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (_app, _opts) => {};
