import type { VariableMapping } from '../graph.ts';
import { type ExpressionSite, feelStringLiteral, readExpression, readLiteralOrExpression } from './expressions.ts';
import { type ModdleElement, childOf, childrenOf, extensionOf, stringOf } from './moddle-element.ts';
import type { ElementReadContext } from './read-context.ts';

/**
 * Input/output mappings of an element's local scope. Docket's source is always FEEL; Zeebe's and
 * Camunda 7's are literals unless they are expressions (`=…`, `${…}`), as those engines read them.
 */
export function readIoMappings(element: ModdleElement, context: ElementReadContext, options: { zeebeMappingsBelongToCall: boolean }): { inputs: VariableMapping[]; outputs: VariableMapping[] } {
  const inputs: VariableMapping[] = [];
  const outputs: VariableMapping[] = [];
  const docket = extensionOf(element, 'docket:IoMapping');
  for (const input of childrenOf(docket, 'inputs')) pushMapping(inputs, context, 'input mapping', stringOf(input, 'source'), stringOf(input, 'target'), 'feel');
  for (const output of childrenOf(docket, 'outputs')) pushMapping(outputs, context, 'output mapping', stringOf(output, 'source'), stringOf(output, 'target'), 'feel');

  // On a Zeebe call activity the mappings are what the child receives and returns (call-activity.ts).
  const zeebe = options.zeebeMappingsBelongToCall ? undefined : extensionOf(element, 'zeebe:IoMapping');
  for (const input of childrenOf(zeebe, 'inputParameters')) pushMapping(inputs, context, 'input mapping', stringOf(input, 'source'), stringOf(input, 'target'), 'literal');
  for (const output of childrenOf(zeebe, 'outputParameters')) pushMapping(outputs, context, 'output mapping', stringOf(output, 'source'), stringOf(output, 'target'), 'literal');

  const camunda = extensionOf(element, 'camunda:InputOutput');
  for (const parameter of childrenOf(camunda, 'inputParameters')) pushCamundaParameter(inputs, context, 'input parameter', parameter);
  for (const parameter of childrenOf(camunda, 'outputParameters')) pushCamundaParameter(outputs, context, 'output parameter', parameter);
  return { inputs, outputs };
}

function pushMapping(into: VariableMapping[], context: ElementReadContext, what: string, source: string | undefined, target: string | undefined, plainText: 'feel' | 'literal'): void {
  if (!target?.trim()) {
    context.diagnostics.problem(context.elementId, 'invalid-mapping', `An ${what} has no target variable.`);
    return;
  }
  const site: ExpressionSite = { diagnostics: context.diagnostics, elementId: context.elementId, what: `${what} of "${target}"` };
  // An absent source maps the variable of the same name (Zeebe and Camunda both allow that).
  const feel = source === undefined || source === '' ? target.trim() : plainText === 'feel' ? readExpression(site, source) : readLiteralOrExpression(site, source);
  if (feel !== null) into.push({ source: feel, target: target.trim() });
}

function pushCamundaParameter(into: VariableMapping[], context: ElementReadContext, what: string, parameter: ModdleElement): void {
  const target = stringOf(parameter, 'name')?.trim();
  if (!target) {
    context.diagnostics.problem(context.elementId, 'invalid-mapping', `A camunda:${what} has no name.`);
    return;
  }
  const site: ExpressionSite = { diagnostics: context.diagnostics, elementId: context.elementId, what: `${what} "${target}"` };
  const definition = childOf(parameter, 'definition');
  const feel = definition ? camundaDefinitionAsFeel(definition, site) : readLiteralOrExpression(site, stringOf(parameter, 'value') ?? '');
  if (feel !== null) into.push({ source: feel, target });
}

function camundaDefinitionAsFeel(definition: ModdleElement, site: ExpressionSite): string | null {
  switch (definition.$type) {
    case 'camunda:List': {
      const items = childrenOf(definition, 'items').map((item) => camundaDefinitionAsFeel(item, site));
      return items.every((item) => item !== null) ? `[${items.join(', ')}]` : null;
    }
    case 'camunda:Map': {
      const entries = childrenOf(definition, 'entries').map((entry) => {
        const nested = childOf(entry, 'definition');
        const value = nested ? camundaDefinitionAsFeel(nested, site) : readLiteralOrExpression(site, stringOf(entry, 'value') ?? '');
        return value === null ? null : `${feelStringLiteral(stringOf(entry, 'key') ?? '')}: ${value}`;
      });
      return entries.every((entry) => entry !== null) ? `{${entries.join(', ')}}` : null;
    }
    case 'camunda:Value':
      return readLiteralOrExpression(site, stringOf(definition, 'value') ?? '');
    default:
      site.diagnostics.problem(site.elementId, 'unsupported-expression', `The ${site.what} is a script; Docket does not run scripts in the server. Use a FEEL expression (=…) instead.`);
      return null;
  }
}
