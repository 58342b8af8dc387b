import { compileBpmn, type CompileResult } from '../model/index.ts';

export type CompiledFile = CompileResult;

/** The model compiler (modules/process/model) over one BPMN file. */
export function compileBpmnFile(xml: string): Promise<CompiledFile> {
  return compileBpmn(xml);
}
