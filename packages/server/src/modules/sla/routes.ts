import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app-deps.ts';
import { CalendarDefinitionSchema, SlaPolicyDefinitionSchema } from './schemas.ts';
import { slaReportRoutes } from './reports/routes.ts';
import { slaReportSchemas } from './reports/schemas.ts';

/** Each part of the SLA module registers its own routes file here (calendars, policies, targets, board and report, packs). */
export const slaRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  await app.register(slaReportRoutes, { deps });
};

/** Added to the app's shared schemas (and so to the OpenAPI components) once a route refers to them by $ref. */
export const slaSchemas: (typeof CalendarDefinitionSchema | typeof SlaPolicyDefinitionSchema | (typeof slaReportSchemas)[number])[] = [...slaReportSchemas];
void CalendarDefinitionSchema;
void SlaPolicyDefinitionSchema;
