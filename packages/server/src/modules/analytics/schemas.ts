/**
 * TypeBox schemas of the analytics API (issue 20). Each part keeps its own in `<part>/schemas.ts`;
 * the shared query filter of every figure is in filter.ts so dashboards, drill-down, process
 * mining and reports read the same parameters the same way.
 */
import type { TSchema } from '@sinclair/typebox';
import { dashboardSchemas } from './dashboards/schemas.ts';
import { miningSchemas } from './mining/schemas.ts';
import { readModelSchemas } from './read-model/schemas.ts';
import { reportPackSchemas } from './report-packs/schemas.ts';
import { reportSchemas } from './reports/schemas.ts';
import { spikeSchemas } from './spikes/schemas.ts';

export { AnalyticsFilterQuery } from './filter.ts';

export const analyticsSchemas: TSchema[] = [...readModelSchemas, ...dashboardSchemas, ...miningSchemas, ...spikeSchemas, ...reportPackSchemas, ...reportSchemas];
