import type { ModelProblem, ProcessGraph } from '../graph.ts';
import { compileProcess } from './compile-process.ts';
import { Diagnostics } from './diagnostics.ts';
import { type ModdleElement, childrenOf } from './moddle-element.ts';
import { type ImportWarning, readBpmnXml } from './read-bpmn.ts';
import { warnIgnoredExtensions } from './vendor-extensions.ts';

export interface CompileResult {
  processes: ProcessGraph[];
  /** Non-empty: the file must be refused; every problem names its element (null: the file). */
  problems: ModelProblem[];
  /** Returned with a successful deploy: ignored extensions, skipped non-executable processes … */
  warnings: ModelProblem[];
}

/**
 * BPMN 2.0 XML → one graph per executable process, and every problem found. Never throws: a
 * deploy endpoint answers 422 with the problems, whatever bytes it was given.
 */
export async function compileBpmn(xml: string): Promise<CompileResult> {
  const diagnostics = new Diagnostics();
  try {
    const read = await readBpmnXml(xml);
    if (!read.ok) {
      diagnostics.problem(null, 'not-bpmn', `The file is not BPMN 2.0 XML: ${read.reason}.`);
      return { processes: [], problems: diagnostics.problems, warnings: diagnostics.warnings };
    }
    for (const warning of read.warnings) reportImportWarning(warning, diagnostics);
    const processes = childrenOf(read.definitions, 'rootElements').filter((element) => element.$type === 'bpmn:Process');
    const executable = processes.filter((process) => process.isExecutable === true);
    for (const process of processes) {
      if (process.isExecutable !== true) {
        diagnostics.warning(process.id ?? null, 'process-not-executable', `The process "${process.id ?? ''}" is not marked isExecutable="true" and was not deployed.`);
      }
    }
    if (executable.length === 0) {
      diagnostics.problem(
        null,
        'no-executable-process',
        processes.length === 0
          ? 'The file contains no process.'
          : 'No process in the file is marked isExecutable="true", so there is nothing to run. Mark the process to deploy isExecutable="true" (Activiti and Flowable read a missing isExecutable as true; Docket, like Camunda, needs it said).',
      );
    }
    for (const process of executable.filter((candidate) => !candidate.id)) {
      diagnostics.problem(null, 'missing-id', `An executable process${process.name ? ` ("${process.name}")` : ''} has no id; the id is the key its versions are deployed under.`);
    }
    const graphs = executable.filter((process) => process.id).map((process) => compileExecutable(process, diagnostics));
    return { processes: graphs, problems: diagnostics.problems, warnings: diagnostics.warnings };
  } catch (error) {
    // A bug in the compiler must still answer as a refusal with a reason, not a 500.
    diagnostics.problem(null, 'compile-failed', `The model could not be compiled: ${(error as Error).message}.`);
    return { processes: [], problems: diagnostics.problems, warnings: diagnostics.warnings };
  }
}

function compileExecutable(process: ModdleElement, diagnostics: Diagnostics): ProcessGraph {
  warnIgnoredExtensions(process, diagnostics);
  return compileProcess(process, diagnostics);
}

/**
 * A dangling reference that would change what runs is a problem: an error catch whose errorRef is
 * a typo would otherwise catch every error, a compensation throw every activity. Dangling flow
 * ends, boundary attachments and message/signal references get their own problems from the walk.
 */
const REFERENCES_THAT_CHANGE_BEHAVIOUR = new Set(['bpmn:default', 'bpmn:errorRef', 'bpmn:escalationRef', 'bpmn:activityRef']);

function reportImportWarning(warning: ImportWarning, diagnostics: Diagnostics): void {
  const { message, elementId } = warning;
  // Our own namespace is never "someone else's extension": a misspelt docket: element or attribute
  // would silently drop an assignment or a connector, so it refuses the file.
  if (message.startsWith('unknown attribute <') && warning.elementType?.startsWith('docket:')) {
    const tag = warning.elementType.replace(/:(.)/, (_match, first: string) => `:${first.toLowerCase()}`);
    diagnostics.problem(elementId, 'invalid-extension', `${tag} has no attribute ${message.slice('unknown attribute '.length)} (see docs/designers/bpmn.md).`);
    return;
  }
  // Unknown attributes stay in $attrs; vendor-extensions.ts reports them, one warning per element.
  if (message.startsWith('unknown attribute <')) return;
  if (message.startsWith('unparsable content <')) {
    const tag = /^unparsable content <([^\s>/]+)/.exec(message)?.[1] ?? 'element';
    // The message names the type under its normalised prefix, whatever prefix the file used.
    if (message.includes('<docket:')) {
      diagnostics.problem(elementId, 'invalid-extension', `<${tag}> is not an element of the Docket namespace (see docs/designers/bpmn.md): ${message}.`);
      return;
    }
    diagnostics.warning(elementId, 'ignored-extension', `Ignored ${tag}: ${message}.`);
    return;
  }
  if (message.startsWith('duplicate ID')) {
    diagnostics.problem(elementId, 'duplicate-id', message);
    return;
  }
  if (message.startsWith('unresolved reference') && warning.inExecutableProcess && warning.property && REFERENCES_THAT_CHANGE_BEHAVIOUR.has(warning.property)) {
    diagnostics.problem(elementId, 'unresolved-reference', `${warning.property.replace('bpmn:', '')} names "${/<([^>]*)>/.exec(message)?.[1] ?? ''}", which is not in the file.`);
    return;
  }
  diagnostics.warning(elementId, 'import-warning', message);
}
