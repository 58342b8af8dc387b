import type { CallActivityDef, VariableMapping } from '../graph.ts';
import { type ExpressionSite, readExpression, readStaticOrExpression } from './expressions.ts';
import { type ModdleElement, childrenOf, extensionOf, extensionsOf, stringOf } from './moddle-element.ts';
import type { ElementReadContext } from './read-context.ts';
import { camundaStyleAttribute } from './vendor-attributes.ts';

/**
 * The called process and the variables passed each way. Defaults follow the dialect the model
 * was written in, so a model behaves as it did on its engine: Camunda 7 passes nothing unless
 * mapped, Zeebe passes everything both ways, Docket passes everything in and only mappings out.
 */
export function readCallActivity(element: ModdleElement, context: ElementReadContext): CallActivityDef {
  const site = (what: string): ExpressionSite => ({ diagnostics: context.diagnostics, elementId: context.elementId, what });
  const docket = extensionOf(element, 'docket:CalledProcess');
  const zeebe = extensionOf(element, 'zeebe:CalledElement');
  const rawKey = stringOf(docket, 'processKey') ?? stringOf(zeebe, 'processId') ?? stringOf(zeebe, 'processIdExpression') ?? stringOf(element, 'calledElement');
  const processKey = readStaticOrExpression(site('called element'), rawKey);
  if (!rawKey?.trim()) {
    context.diagnostics.problem(
      context.elementId,
      'call-activity-without-called-element',
      'The call activity names no process to call (calledElement, zeebe:calledElement processId or docket:calledProcess processKey).',
    );
  }
  const definition: CallActivityDef = { processKey: processKey ?? { static: rawKey?.trim() ?? '' }, binding: 'latest', in: [], out: [], inAll: true, outAll: false };

  if (docket) {
    definition.binding = readBinding(stringOf(docket, 'binding'), docket.version, context);
    definition.inAll = docket.inAll !== false;
    definition.outAll = docket.outAll === true;
    for (const mapping of childrenOf(docket, 'inMappings')) pushMapping(definition.in, site('in mapping'), stringOf(mapping, 'source'), stringOf(mapping, 'target'), context);
    for (const mapping of childrenOf(docket, 'outMappings')) pushMapping(definition.out, site('out mapping'), stringOf(mapping, 'source'), stringOf(mapping, 'target'), context);
    return definition;
  }
  if (zeebe) {
    definition.binding = readBinding(stringOf(zeebe, 'bindingType'), undefined, context);
    definition.inAll = zeebe.propagateAllParentVariables !== false;
    definition.outAll = zeebe.propagateAllChildVariables !== false;
    const ioMapping = extensionOf(element, 'zeebe:IoMapping');
    for (const input of childrenOf(ioMapping, 'inputParameters')) pushZeebeMapping(definition.in, site('input mapping'), input, context);
    for (const output of childrenOf(ioMapping, 'outputParameters')) pushZeebeMapping(definition.out, site('output mapping'), output, context);
    // Zeebe's output mappings apply to the child's result: the caller sees only the mapped ones.
    if (definition.out.length > 0 && zeebe.propagateAllChildVariables === undefined) definition.outAll = false;
    return definition;
  }
  const camundaBinding = camundaStyleAttribute(element, 'calledElementBinding');
  const camundaVersion = camundaStyleAttribute(element, 'calledElementVersion');
  const ins = ['camunda:In', 'activiti:In', 'flowable:In'].flatMap((type) => extensionsOf(element, type));
  const outs = ['camunda:Out', 'activiti:Out', 'flowable:Out'].flatMap((type) => extensionsOf(element, type));
  const camundaStyle = ins.length > 0 || outs.length > 0 || camundaBinding !== undefined;
  if (!camundaStyle) return definition;
  definition.binding = readBinding(camundaBinding, camundaVersion === undefined ? undefined : Number(camundaVersion), context);
  definition.inAll = false;
  for (const mapping of ins) {
    if (stringOf(mapping, 'variables') === 'all') definition.inAll = true;
    else pushCamundaMapping(definition.in, site('in mapping'), mapping, context);
  }
  for (const mapping of outs) {
    if (stringOf(mapping, 'variables') === 'all') definition.outAll = true;
    else pushCamundaMapping(definition.out, site('out mapping'), mapping, context);
  }
  return definition;
}

function readBinding(raw: string | undefined, version: unknown, context: ElementReadContext): CallActivityDef['binding'] {
  const binding = raw?.trim() || 'latest';
  if (binding === 'latest' || binding === 'deployment') return binding;
  if (binding === 'version') {
    const number = typeof version === 'number' ? version : Number(version);
    if (Number.isInteger(number) && number > 0) return { version: number };
    context.diagnostics.problem(context.elementId, 'invalid-extension', 'A call activity bound to a version needs the version number (a whole number above 0).');
    return 'latest';
  }
  context.diagnostics.problem(context.elementId, 'unsupported-binding', `The call activity binding "${binding}" is not supported; use latest, deployment or version.`);
  return 'latest';
}

function pushMapping(into: VariableMapping[], site: ExpressionSite, source: string | undefined, target: string | undefined, context: ElementReadContext): void {
  const to = target?.trim() || source?.trim();
  if (!to) {
    context.diagnostics.problem(context.elementId, 'invalid-mapping', `An ${site.what} has neither source nor target.`);
    return;
  }
  const feel = source?.trim() ? readExpression(site, source) : to;
  if (feel !== null) into.push({ source: feel, target: to });
}

function pushZeebeMapping(into: VariableMapping[], site: ExpressionSite, mapping: ModdleElement, context: ElementReadContext): void {
  const source = stringOf(mapping, 'source');
  const isLiteral = source !== undefined && !source.trim().startsWith('=');
  pushMapping(into, site, isLiteral ? JSON.stringify(source) : source, stringOf(mapping, 'target'), context);
}

function pushCamundaMapping(into: VariableMapping[], site: ExpressionSite, mapping: ModdleElement, context: ElementReadContext): void {
  if (stringOf(mapping, 'businessKey') !== undefined) {
    context.diagnostics.warning(context.elementId, 'ignored-extension', 'camunda:in businessKey is ignored: a Docket child process shares its parent case.');
    return;
  }
  const sourceExpression = stringOf(mapping, 'sourceExpression');
  const source = stringOf(mapping, 'source')?.trim();
  const target = stringOf(mapping, 'target')?.trim() || source;
  if (sourceExpression !== undefined) pushMapping(into, site, sourceExpression, target, context);
  // A camunda:in source is a variable name; FEEL reads a plain name as the variable.
  else if (source) pushMapping(into, site, source, target, context);
  else context.diagnostics.problem(context.elementId, 'invalid-mapping', `A ${site.what} has neither source nor sourceExpression.`);
}
