import { defineProblem } from '../../platform/http/problem.ts';

/** A route of the contract whose part is not merged yet (removed when the last part lands). */
export const notBuilt = defineProblem({ type: 'not-implemented', status: 501, title: 'Not built yet' });
