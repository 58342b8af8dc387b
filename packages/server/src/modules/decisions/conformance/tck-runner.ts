import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { FeelSyntaxError, feelValuesEqual, invokeFeelFunction, toJsonValue } from '../../../platform/feel/index.ts';
import { decisionModelOf, evaluateDecision, invokeDecisionService, type DecisionModel } from '../evaluate-decision.ts';
import { DecisionEvaluationError } from '../evaluation-error.ts';
import { readDmn } from '../read-dmn.ts';
import { parseTckTestFile, type TckResultNode, type TckTestCase, UntypedValue } from './tck-test-file.ts';
import { typedInputs, typedLike } from './untyped-values.ts';
import { functionOf } from '../boxed-expressions.ts';
import { isBusinessKnowledgeModel } from '../dmn-elements.ts';

/**
 * Runs DMN TCK material: every `*.dmn` under a folder with its `*-test-*.xml` files (matched by
 * the test file's modelName, in the same folder). A test case passes when every result node
 * matches; a node with errorResult="true" passes when the engine signals an error or gives null.
 */

export interface TckCaseResult {
  /** Path of the test file relative to the folder run, and the test case id. */
  testFile: string;
  caseId: string;
  passed: boolean;
  /** Why it failed: each result node that did not match. */
  reasons: string[];
}

export interface TckRun {
  cases: TckCaseResult[];
  passed: number;
  failed: number;
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export async function runTck(folder: string): Promise<TckRun> {
  const files = await filesUnder(folder);
  const testFiles = files.filter((file) => /-test-\d+\.xml$/i.test(basename(file)));
  const models = new Map<string, Promise<DecisionModel | Error>>();
  const loadModel = (path: string) => {
    let loaded = models.get(path);
    if (!loaded) {
      loaded = readFile(path, 'utf8')
        .then(readDmn)
        .then((read) => decisionModelOf(read.definitions))
        .catch((error: Error) => error);
      models.set(path, loaded);
    }
    return loaded;
  };
  const cases: TckCaseResult[] = [];
  for (const testFilePath of testFiles) {
    const testFile = relative(folder, testFilePath);
    let parsed: ReturnType<typeof parseTckTestFile>;
    try {
      parsed = parseTckTestFile(await readFile(testFilePath, 'utf8'));
    } catch (error) {
      cases.push({ testFile, caseId: '*', passed: false, reasons: [`cannot read the test file: ${(error as Error).message}`] });
      continue;
    }
    const modelPath = modelPathFor(testFilePath, parsed.modelName, files);
    const model = modelPath ? await loadModel(modelPath) : new Error(`no model ${parsed.modelName ?? '(no modelName)'} beside the test file`);
    for (const testCase of parsed.testCases) {
      if (model instanceof Error) {
        cases.push({ testFile, caseId: testCase.id, passed: false, reasons: [`model not loaded: ${model.message}`] });
        continue;
      }
      const reasons = testCase.results.flatMap((node) => {
        const problem = checkResult(model, testCase, node);
        return problem ? [`${node.name}: ${problem}`] : [];
      });
      cases.push({ testFile, caseId: testCase.id, passed: reasons.length === 0, reasons });
    }
  }
  const passed = cases.filter((c) => c.passed).length;
  return { cases, passed, failed: cases.length - passed };
}

/** Relative difference accepted between a number and its expected decimal: doubles hold 15–17 digits. */
export const NUMBER_TOLERANCE = 1e-12;

function modelPathFor(testFilePath: string, modelName: string | null, files: string[]): string | undefined {
  const folder = dirname(testFilePath);
  if (modelName) return files.find((file) => dirname(file) === folder && basename(file) === modelName);
  const beside = files.filter((file) => dirname(file) === folder && file.endsWith('.dmn'));
  return beside.length === 1 ? beside[0] : undefined;
}

/** Null when the result node matches, else why not. */
function checkResult(model: DecisionModel, testCase: TckTestCase, node: TckResultNode): string | null {
  let actual: unknown;
  let error: string | null = null;
  try {
    actual = evaluateNode(model, testCase, node);
  } catch (caught) {
    if (!(caught instanceof DecisionEvaluationError) && !(caught instanceof FeelSyntaxError)) error = `crashed: ${(caught as Error).stack ?? caught}`;
    else error = (caught as Error).message;
    actual = null;
  }
  if (node.errorResult) return error === null && actual !== null ? `expected an error or null, got ${show(actual)}` : null;
  const expected = typedLike(node.expected, actual);
  if (error !== null && expected !== null) return `error: ${error}`;
  // feelin computes in binary doubles, the TCK's expected values in decimal128 (34 digits).
  if (feelValuesEqual(actual, expected, { relativeTolerance: NUMBER_TOLERANCE })) return null;
  return `expected ${show(expected)}, got ${show(actual)}`;
}

function evaluateNode(model: DecisionModel, testCase: TckTestCase, node: TckResultNode): unknown {
  if (node.type === 'bkm' || testCase.type === 'bkm') {
    const bkm = model.knowledgeModels.find((candidate) => candidate.name === (testCase.invocableName ?? node.name));
    if (!bkm?.encapsulatedLogic || !isBusinessKnowledgeModel(bkm)) throw new DecisionEvaluationError(`no business knowledge model ${node.name}`);
    return invokeFeelFunction(functionOf(bkm.encapsulatedLogic, {}, model.types, bkm.name), typedInputs(model, testCase.inputs));
  }
  if (testCase.type === 'decisionService' || node.type === 'decisionService') {
    const name = testCase.invocableName ?? node.name;
    const service = model.decisionServices.find((candidate) => candidate.name === name);
    if (!service) throw new DecisionEvaluationError(`no decision service ${name}`);
    const result = invokeDecisionService(model, service, typedInputs(model, testCase.inputs));
    // A result node names the service (its whole value) or one of its output decisions.
    return node.name !== service.name && result !== null && typeof result === 'object' && Object.hasOwn(result, node.name) ? (result as Record<string, unknown>)[node.name] : result;
  }
  if (node.type !== 'decision' || testCase.type !== 'decision') throw new DecisionEvaluationError(`result nodes of type ${testCase.type}/${node.type} are not supported`);
  return evaluateDecision(model, node.name, typedInputs(model, testCase.inputs)).value;
}

function show(value: unknown): string {
  return JSON.stringify(toJsonValue(value instanceof UntypedValue ? value.text : value));
}
