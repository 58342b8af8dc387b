import type { ModelProblem, ProcessGraph } from '../graph.ts';
import { compileProcess } from './compile-process.ts';
import { Diagnostics } from './diagnostics.ts';
import { type ModdleElement, childrenOf } from './moddle-element.ts';
import { readBpmnXml } from './read-bpmn.ts';
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
    for (const warning of read.warnings) reportImportWarning(warning.message, warning.elementId, diagnostics);
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
        processes.length === 0 ? 'The file contains no process.' : 'No process in the file is marked isExecutable="true", so there is nothing to run.',
      );
    }
    const graphs = executable.map((process) => compileExecutable(process, diagnostics));
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

function reportImportWarning(message: string, elementId: string | null, diagnostics: Diagnostics): void {
  // Unknown attributes stay in $attrs; vendor-extensions.ts reports them, one warning per element.
  if (message.startsWith('unknown attribute <')) return;
  if (message.startsWith('unparsable content <')) {
    const tag = /^unparsable content <([^\s>/]+)/.exec(message)?.[1] ?? 'element';
    diagnostics.warning(elementId, 'ignored-extension', `Ignored ${tag}: ${message}.`);
    return;
  }
  if (message.startsWith('duplicate ID')) {
    diagnostics.problem(elementId, 'duplicate-id', message);
    return;
  }
  diagnostics.warning(elementId, 'import-warning', message);
}
