export { systemClock, FixedClock, type Clock } from './clock.ts';
export { TestClock } from './test-clock.ts';
export { testClockRoutes, type TestClockRouteOptions } from './routes.ts';
export { parseIsoDurationMs, parseInstantWithOffset } from './iso-duration.ts';
export { clockProblems } from './problems.ts';
