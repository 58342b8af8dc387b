import { BpmnModdle } from 'bpmn-moddle';
import camundaDescriptor from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import activitiDescriptor from './activiti-moddle.json' with { type: 'json' };
import docketDescriptor from './docket-moddle.json' with { type: 'json' };
import flowableDescriptor from './flowable-moddle.json' with { type: 'json' };
import type { ModdleElement } from './moddle-element.ts';

/**
 * bpmn-moddle with every extension namespace Docket reads. Activiti and Flowable publish no
 * descriptor; ours declare only their call-activity mappings, so their attributes stay in `$attrs`
 * under a fixed prefix whatever prefix the file bound them to (C.1.x binds `camunda:` to Activiti's URI).
 */

// zeebe.json and camunda.json both add modelerTemplate/modelerTemplateVersion to the same BPMN
// types, which moddle refuses as a redefinition; those are modeller metadata Docket never reads.
const zeebeWithoutTemplates = { ...zeebeDescriptor, types: zeebeDescriptor.types.filter((type) => type.name !== 'TemplateSupported') };

export const EXTENSION_NAMESPACES = {
  docket: docketDescriptor.uri,
  camunda: camundaDescriptor.uri,
  zeebe: zeebeDescriptor.uri,
  activiti: activitiDescriptor.uri,
  flowable: flowableDescriptor.uri,
} as const;

let sharedModdle: BpmnModdle | null = null;

function moddle(): BpmnModdle {
  sharedModdle ??= new BpmnModdle({
    docket: docketDescriptor,
    camunda: camundaDescriptor,
    zeebe: zeebeWithoutTemplates,
    activiti: activitiDescriptor,
    flowable: flowableDescriptor,
  });
  return sharedModdle;
}

export interface ImportWarning {
  message: string;
  /** The id of the element the warning is about, when moddle or the source position tells it. */
  elementId: string | null;
  /** The reference property moddle could not resolve (`bpmn:errorRef` …), if that is the warning. */
  property: string | null;
  /** Whether the element sits in an executable process (what is compiled), as far as moddle knows. */
  inExecutableProcess: boolean;
  /** The moddle type of the element the warning is about (`docket:Assignment` …), when moddle says. */
  elementType: string | null;
}

export type ReadResult = { ok: true; definitions: ModdleElement; warnings: ImportWarning[] } | { ok: false; reason: string };

// The MIWG set declares ISO-8859-1 with ASCII content; the text reaches us already decoded, so the
// declaration only makes moddle warn. Any other declared encoding is equally moot for a JS string.
const ENCODING_DECLARATION = /^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2/;

export async function readBpmnXml(xml: string): Promise<ReadResult> {
  if (typeof xml !== 'string' || xml.trim() === '') return { ok: false, reason: 'the file is empty' };
  const text = xml.replace(/^\uFEFF/, '').replace(ENCODING_DECLARATION, '$1');
  let result: Awaited<ReturnType<BpmnModdle['fromXML']>>;
  try {
    result = await moddle().fromXML(text, 'bpmn:Definitions');
  } catch (error) {
    return { ok: false, reason: firstLine((error as Error).message) };
  }
  const definitions = result.rootElement as ModdleElement | undefined;
  if (definitions?.$type !== 'bpmn:Definitions') return { ok: false, reason: 'the root element is not bpmn:definitions' };
  const warnings = result.warnings.map((warning) => ({
    message: readableWarning(warning.message),
    elementId: nearestId(warning.element) ?? elementIdAtPosition(text, warning.message),
    property: warning.property ?? null,
    inExecutableProcess: isInExecutableProcess(warning.element),
    elementType: typeof (warning.element as ModdleElement | undefined)?.$type === 'string' ? (warning.element as ModdleElement).$type : null,
  }));
  return { ok: true, definitions, warnings };
}

/** moddle's messages carry the line, column and a nested error on separate lines: keep the words, drop the position. */
function readableWarning(message: string): string {
  const [first = message, ...rest] = message.split('\n');
  const nested = rest.map((line) => line.trim()).find((line) => line.startsWith('nested error:'));
  return nested ? `${first.trim()} (${nested.slice('nested error:'.length).trim()})` : first.trim();
}

/** The element's id, or its nearest ancestor's: an event definition has none, its event has. */
function nearestId(element: unknown): string | null {
  for (let current = element as ModdleElement | undefined; current; current = current.$parent) {
    if (typeof current.id === 'string') return current.id;
  }
  return null;
}

function isInExecutableProcess(element: unknown): boolean {
  for (let current = element as ModdleElement | undefined; current; current = current.$parent) {
    if (current.$type === 'bpmn:Process') return current.isExecutable === true;
  }
  return false;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}

/** moddle reports unparsable content by line and column: the nearest id before it names the element it sits in. */
function elementIdAtPosition(text: string, message: string): string | null {
  const position = /line: (\d+)\s+column: (\d+)/.exec(message);
  if (!position) return null;
  const lines = text.split('\n');
  const line = Number(position[1]);
  let offset = 0;
  for (let index = 0; index < line && index < lines.length; index += 1) offset += (lines[index]?.length ?? 0) + 1;
  offset += Number(position[2]);
  const before = text.slice(0, offset);
  const ids = [...before.matchAll(/<(?:[\w-]+:)?(?!extensionElements)\w+\s[^>]*?\bid\s*=\s*["']([^"']+)["']/g)];
  return ids.at(-1)?.[1] ?? null;
}
