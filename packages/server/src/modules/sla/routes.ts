import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app-deps.ts';
import type { TSchema } from '@sinclair/typebox';
import { CalendarDefinitionSchema, CaseSlaViewSchema, SlaPolicyDefinitionSchema, SlaTargetViewSchema } from './schemas.ts';
import { caseSlaRoutes } from './clocks/routes.ts';

/** Each part of the SLA module registers its own routes file here (calendars, policies, targets, board and report, packs). */
export const slaRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, opts) => {
  await app.register(caseSlaRoutes, { deps: opts.deps });
};

/** Added to the app's shared schemas (and so to the OpenAPI components) once a route refers to them by $ref. */
export const slaSchemas: TSchema[] = [
  SlaTargetViewSchema, // clocks
  CaseSlaViewSchema, // clocks
];
void CalendarDefinitionSchema;
void SlaPolicyDefinitionSchema;
