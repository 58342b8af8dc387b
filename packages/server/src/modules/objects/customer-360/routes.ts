import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../../app-deps.ts';

/** The customer-360 part's routes (issue 21). */
export const customer360Routes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (_app, _opts) => {};
