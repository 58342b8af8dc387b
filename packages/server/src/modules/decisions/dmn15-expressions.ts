import { createRequire } from 'node:module';

/**
 * DMN 1.5's boxed conditional, iterators (for, every, some), filter and item definitions'
 * typeConstraint, added to dmn-moddle's
 * DMN 1.3 package: a 1.5 file is read with its namespace rewritten to 1.3's, and without these
 * types the reader would drop the elements. Shapes as in DMN15.xsd (tConditional, tFor,
 * tQuantified, tFilter, tChildExpression, tTypedChildExpression).
 */
const require = createRequire(import.meta.url);
const dmn13 = require('dmn-moddle/resources/dmn/json/dmn13.json') as { types: unknown[] } & Record<string, unknown>;

const child = (name: string, type = 'ChildExpression') => ({ name, type, xml: { serialize: 'property' } });

const DMN15_TYPES = [
  { name: 'ChildExpression', superClass: ['DMNElement'], properties: [{ name: 'value', type: 'Expression' }] },
  { name: 'TypedChildExpression', superClass: ['ChildExpression'], properties: [{ name: 'typeRef', isAttr: true, type: 'String' }] },
  { name: 'Conditional', superClass: ['Expression'], properties: [child('if'), child('then'), child('else')] },
  { name: 'Iterator', isAbstract: true, superClass: ['Expression'], properties: [child('in', 'TypedChildExpression'), { name: 'iteratorVariable', isAttr: true, type: 'String' }] },
  { name: 'For', superClass: ['Iterator'], properties: [child('return')] },
  { name: 'Every', superClass: ['Iterator'], properties: [child('satisfies')] },
  { name: 'Some', superClass: ['Iterator'], properties: [child('satisfies')] },
  { name: 'Filter', superClass: ['Expression'], properties: [child('in'), child('match')] },
];

/** DMN 1.5's typeConstraint of an item definition: checked like allowedValues (item-types.ts). */
function withTypeConstraint(type: unknown): unknown {
  const named = type as { name?: string; properties?: unknown[] };
  if (named.name !== 'ItemDefinition') return type;
  return { ...named, properties: [...(named.properties ?? []), { name: 'typeConstraint', type: 'UnaryTests' }] };
}

/** The DMN package dmn-moddle is given in place of its own: 1.3 plus the 1.5 boxed expressions. */
export const dmnPackageWithDmn15Expressions = { ...dmn13, types: [...dmn13.types.map(withTypeConstraint), ...DMN15_TYPES] };
