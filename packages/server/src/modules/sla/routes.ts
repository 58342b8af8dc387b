import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { calendarRoutes, calendarSchemas } from './calendars/routes.ts';
import { CalendarDefinitionSchema, CaseSlaViewSchema, SlaTargetViewSchema } from './schemas.ts';
import { slaPackRoutes } from './packs/routes.ts';
import { slaPolicyRoutes } from './policies/routes.ts';
import { slaPolicySchemas } from './policies/schemas.ts';
import { caseSlaRoutes } from './clocks/routes.ts';
import { slaReportRoutes } from './reports/routes.ts';
import { slaReportSchemas } from './reports/schemas.ts';

/** Each part of the SLA module registers its own routes file here (calendars, policies, targets, board and report, packs). */
export const slaRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, opts) => {
  await app.register(calendarRoutes, { deps: opts.deps });
  await app.register(slaPolicyRoutes, { deps: opts.deps });
  await app.register(slaPackRoutes, { deps: opts.deps });
  await app.register(caseSlaRoutes, { deps: opts.deps });
  await app.register(slaReportRoutes, { deps: opts.deps });
};

/** Added to the app's shared schemas (and so to the OpenAPI components) once a route refers to them by $ref. */
export const slaSchemas: TSchema[] = [
  CalendarDefinitionSchema,
  ...calendarSchemas,
  ...slaPolicySchemas, // SlaPolicyDefinition, SlaPolicy, SlaPolicyDetail, SlaPolicyMatch, SlaPack
  SlaTargetViewSchema, // clocks
  CaseSlaViewSchema, // clocks
  ...slaReportSchemas, // SlaBoard, SlaReport
];
