import type { LoopDef } from '../graph.ts';
import { type ExpressionSite, readExpression } from './expressions.ts';
import { type ModdleElement, childOf, expressionBodyOf, extensionOf, stringOf } from './moddle-element.ts';
import type { ElementReadContext } from './read-context.ts';
import { camundaStyleAttribute } from './vendor-attributes.ts';

/** Multi-instance settings from BPMN, `docket:loop`, `zeebe:loopCharacteristics` or `camunda:collection`. */
export function readMultiInstance(element: ModdleElement, context: ElementReadContext): LoopDef | undefined {
  const characteristics = childOf(element, 'loopCharacteristics');
  if (!characteristics) return undefined;
  if (characteristics.$type === 'bpmn:StandardLoopCharacteristics') {
    context.diagnostics.problem(
      context.elementId,
      'unsupported-element',
      'A standard loop (repeat while a condition holds) is not supported; model the loop with an exclusive gateway and a flow back, or use multi-instance.',
    );
    return undefined;
  }
  const site = (what: string): ExpressionSite => ({ diagnostics: context.diagnostics, elementId: context.elementId, what });
  const docket = extensionOf(characteristics, 'docket:Loop');
  const zeebe = extensionOf(characteristics, 'zeebe:LoopCharacteristics');
  const rawCollection = stringOf(docket, 'collection') ?? stringOf(zeebe, 'inputCollection') ?? camundaStyleAttribute(characteristics, 'collection');
  const rawCardinality = expressionBodyOf(characteristics, 'loopCardinality');
  const loop: LoopDef = {
    sequential: characteristics.isSequential === true,
    cardinality: readExpression(site('loop cardinality'), rawCardinality),
    collection: readExpression(site('multi-instance collection'), rawCollection),
    elementVariable: (stringOf(docket, 'elementVariable') ?? stringOf(zeebe, 'inputElement') ?? camundaStyleAttribute(characteristics, 'elementVariable'))?.trim() || null,
    completionCondition: readExpression(site('completion condition'), expressionBodyOf(characteristics, 'completionCondition')),
    outputCollection: (stringOf(docket, 'outputCollection') ?? stringOf(zeebe, 'outputCollection'))?.trim() || null,
    outputElement: readExpression(site('output element'), stringOf(docket, 'outputElement') ?? stringOf(zeebe, 'outputElement')),
  };
  // A countersign naming `members` gets one instance per member instead.
  const members = stringOf(extensionOf(element, 'docket:Countersign'), 'members')?.trim();
  if (!rawCollection?.trim() && !rawCardinality && !members) {
    context.diagnostics.problem(
      context.elementId,
      'multi-instance-without-collection',
      'The multi-instance activity has neither a collection nor a loop cardinality, so the number of instances is unknown.',
    );
  }
  if ((loop.outputCollection === null) !== (loop.outputElement === null)) {
    context.diagnostics.problem(context.elementId, 'invalid-extension', 'outputCollection and outputElement go together: set both or neither.');
  }
  return loop;
}
