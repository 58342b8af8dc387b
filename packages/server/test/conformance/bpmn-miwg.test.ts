import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CompileResult, compileBpmn, decodeXmlBytes } from '../../src/modules/process/model/index.ts';
import { conformanceDir } from '../helpers/conformance-dir.ts';

// The BPMN Model Interchange Working Group reference files (github.com/bpmn-miwg/bpmn-miwg-test-suite,
// CC BY 3.0) live beside the repository, not in it (test/helpers/conformance-dir.ts).
const reference = conformanceDir('bpmn-miwg', 'Reference');
const files = readdirSync(reference)
  .filter((file) => file.endsWith('.bpmn'))
  .sort();
const results = new Map<string, CompileResult>();

async function compileReference(file: string): Promise<CompileResult> {
  const cached = results.get(file);
  if (cached) return cached;
  const result = await compileBpmn(decodeXmlBytes(readFileSync(path.join(reference, file))));
  results.set(file, result);
  return result;
}

describe('BPMN MIWG reference models', () => {
  it('finds the reference set', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('%s compiles to processes or to problems naming elements', async (file) => {
    const result = await compileReference(file);
    expect(result.processes.length > 0 || result.problems.length > 0).toBe(true);
    for (const problem of [...result.problems, ...result.warnings]) {
      expect(typeof problem.code).toBe('string');
      expect(problem.message.length).toBeGreaterThan(0);
      if (problem.elementId === null) expect(['not-bpmn', 'no-executable-process', 'compile-failed', 'import-warning', 'ignored-extension']).toContain(problem.code);
      else expect(typeof problem.elementId).toBe('string');
    }
    expect(result.problems.map((problem) => problem.code)).not.toContain('compile-failed');
    // Every element a graph names exists in it: flows, scopes, boundaries and handlers point inside.
    for (const graph of result.processes) {
      for (const flow of Object.values(graph.flows)) {
        expect(graph.elements[flow.sourceRef]?.outgoing).toContain(flow.id);
        expect(graph.elements[flow.targetRef]?.incoming).toContain(flow.id);
      }
      for (const element of Object.values(graph.elements)) {
        for (const id of [...element.boundaryEvents, element.attachedTo, element.parent, element.compensationHandler, ...(element.scope?.children ?? [])]) {
          if (id) expect(graph.elements[id], `${element.id} → ${id}`).toBeDefined();
        }
      }
      expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
    }
  });

  it('refuses the non-executable descriptive models as a whole (A.1.0, B.2.0)', async () => {
    for (const file of ['A.1.0.bpmn', 'B.2.0.bpmn']) {
      const result = await compileReference(file);
      expect(result.processes).toEqual([]);
      expect(result.problems.map((problem) => [problem.elementId, problem.code])).toEqual([[null, 'no-executable-process']]);
    }
  });

  it('C.1.0 (Camunda invoice, Activiti namespace): reads the user tasks and JUEL conditions, refuses the Java delegate', async () => {
    const result = await compileReference('C.1.0.bpmn');
    expect(result.problems.map((problem) => [problem.elementId, problem.code])).toEqual([['archiveInvoice', 'unsupported-implementation']]);
    const graph = result.processes[0];
    expect(graph?.key).toBe('bpmn-miwg-test-case-c.1.0');
    expect(graph?.elements.StartEvent_1?.event).toMatchObject({ kind: 'message', messageName: { static: 'invoice-received-C.1.0' } });
    expect(graph?.elements.approveInvoice?.userTask).toMatchObject({ assignee: { expression: 'approver' }, formKey: 'app:approveInvoice.jsf' });
    expect(graph?.elements.prepareBankTransfer?.userTask?.candidateGroups).toEqual({ static: 'accounting' });
    expect(graph?.flows.invoiceNotApproved?.condition).toBe('not(approved)');
    expect(result.warnings).toContainEqual(expect.objectContaining({ elementId: 'archiveInvoice', code: 'ignored-extension' }));
  });

  it('C.1.1 refuses XPath data-object conditions, naming each flow', async () => {
    const result = await compileReference('C.1.1.bpmn');
    expect(result.problems.filter((problem) => problem.code === 'unsupported-expression').map((problem) => problem.elementId)).toEqual([
      'invoiceApproved',
      'invoiceNotApproved',
      'reviewSuccessful',
      'reviewNotSuccessful',
    ]);
  });

  it('C.9.0, C.9.1 and C.9.2 (Camunda 8 customer onboarding) deploy', async () => {
    for (const file of ['C.9.0.bpmn', 'C.9.1.bpmn', 'C.9.2.bpmn']) {
      const result = await compileReference(file);
      expect(result.problems, file).toEqual([]);
      expect(result.processes).toHaveLength(1);
    }
    const onboarding = (await compileReference('C.9.0.bpmn')).processes[0];
    expect(onboarding?.scope.eventSubProcesses).toHaveLength(2);
    expect(onboarding?.elements.Activity_ManualCheck?.callActivity?.processKey).toEqual({ static: 'ManualCheck' });
    expect(onboarding?.elements.ErrorBoundaryEvent_FraudDetected).toMatchObject({ attachedTo: 'Activity_ManualCheck', event: { kind: 'error', errorCode: '02' } });
    expect(onboarding?.elements.BusinessRuleTask_CheckApplicationAutomatically?.businessRule?.decisionRef).toEqual({ static: 'risk_check' });

    const reminder = (await compileReference('C.9.1.bpmn')).processes[0];
    expect(reminder?.elements.BoundaryEvent_1).toMatchObject({ cancelActivity: false, event: { timer: { type: 'cycle', value: { static: 'R6/P1D' } } } });
    expect(reminder?.elements.ReceiveTask_WaitForDocument?.event).toMatchObject({ kind: 'message', correlationKey: 'documentReferenceId' });

    const manualCheck = (await compileReference('C.9.2.bpmn')).processes[0];
    expect(manualCheck?.elements.CallActivity_RequestDocument?.loop).toMatchObject({ collection: 'documents', elementVariable: 'document' });
    expect(manualCheck?.elements.StartMessageEvent_DocumentRequested?.isInterrupting).toBe(false);
  });

  it('answers damaged reference files with problems, never with an exception', async () => {
    // Deterministic damage: drop a few lines, or a reference attribute, at pseudo-random places.
    let seed = 20261205;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (const file of files) {
      const lines = decodeXmlBytes(readFileSync(path.join(reference, file))).split('\n');
      for (let round = 0; round < 3; round += 1) {
        const at = Math.floor(next() * lines.length);
        const damaged =
          next() < 0.5
            ? [...lines.slice(0, at), ...lines.slice(at + 1 + Math.floor(next() * 4))].join('\n')
            : lines.map((line, index) => (index === at ? line.replace(/(id|sourceRef|targetRef|attachedToRef|default|messageRef|errorRef)="[^"]*"/, '') : line)).join('\n');
        const result = await compileBpmn(damaged);
        expect(result.problems.map((problem) => problem.code)).not.toContain('compile-failed');
      }
    }
  });

  it('compiles the largest reference file fast enough to run on every deploy', async () => {
    const largest = files.map((file) => ({ file, bytes: readFileSync(path.join(reference, file)) })).sort((a, b) => b.bytes.length - a.bytes.length)[0];
    if (!largest) throw new Error('no reference files');
    const xml = decodeXmlBytes(largest.bytes);
    await compileBpmn(xml);
    const started = performance.now();
    const rounds = 5;
    for (let round = 0; round < rounds; round += 1) await compileBpmn(xml);
    const perCompileMs = (performance.now() - started) / rounds;
    // Generous for a shared CI machine; on an idle laptop it is a few tens of milliseconds.
    expect(perCompileMs, `${largest.file}: ${perCompileMs.toFixed(1)} ms`).toBeLessThan(1000);
  });
});
