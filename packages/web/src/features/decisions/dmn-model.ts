// What the decision designer reads from the model being edited (dmn-js's moddle definitions):
// the decisions, the inputs a decision needs to be evaluated, where an element the server names
// sits (a decision, a rule of a table, a column). Duck-typed over the moddle objects, so the
// rules are unit-tested with plain objects.

interface ModdleElement {
  $type?: string;
  id?: string;
  name?: string;
  label?: string;
  [member: string]: unknown;
}

interface TableInput extends ModdleElement {
  inputExpression?: { text?: string; typeRef?: string };
}
interface TableOutput extends ModdleElement {
  typeRef?: string;
}
interface Rule extends ModdleElement {
  inputEntry?: ModdleElement[];
  outputEntry?: ModdleElement[];
}
interface DecisionLogic extends ModdleElement {
  input?: TableInput[];
  output?: TableOutput[];
  rule?: Rule[];
}
interface Requirement {
  requiredDecision?: { href?: string };
  requiredInput?: { href?: string };
}
interface DrgElement extends ModdleElement {
  decisionLogic?: DecisionLogic;
  informationRequirement?: Requirement[];
  variable?: { typeRef?: string };
}

export interface DecisionInfo {
  id: string;
  name: string;
  kind: 'table' | 'literal' | 'other';
}

export interface DecisionInput {
  /** The variable (a FEEL name or a dotted path) the evaluation needs. */
  path: string;
  /** What the model calls it: the column's label, the input data's name, else the path. */
  label: string;
  typeRef: string | null;
}

const drgElementsOf = (definitions: unknown): DrgElement[] => ((definitions as { drgElement?: DrgElement[] } | undefined)?.drgElement ?? []).filter(Boolean);
const isDecision = (e: ModdleElement) => e.$type === 'dmn:Decision';
const hrefId = (href: string | undefined) => (href ?? '').replace(/^#/, '');

export function decisionsOf(definitions: unknown): DecisionInfo[] {
  return drgElementsOf(definitions)
    .filter(isDecision)
    .map((d) => ({
      id: d.id ?? '',
      name: d.name || d.id || '',
      kind: d.decisionLogic?.$type === 'dmn:DecisionTable' ? 'table' : d.decisionLogic?.$type === 'dmn:LiteralExpression' ? 'literal' : 'other',
    }));
}

/** A simple FEEL name or a dotted path of them: a variable the form can fill. */
const VARIABLE_PATH = /^[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*(?:\.[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*)*$/;

/**
 * The inputs a decision needs: its table's input expressions that are variables, and the input
 * data it (or a decision it requires, transitively) names; a required decision's result is
 * computed, not asked for. Expressions that are not plain variables are left to the JSON box.
 */
export function decisionInputs(definitions: unknown, decisionId: string): DecisionInput[] {
  const elements = drgElementsOf(definitions);
  const byId = new Map(elements.map((e) => [e.id ?? '', e]));
  const inputs: DecisionInput[] = [];
  const computed = new Set<string>();
  const seen = new Set<string>();
  const add = (input: DecisionInput) => {
    if (!inputs.some((i) => i.path === input.path)) inputs.push(input);
  };
  const visit = (decision: DrgElement | undefined) => {
    if (!decision?.id || seen.has(decision.id)) return;
    seen.add(decision.id);
    for (const requirement of decision.informationRequirement ?? []) {
      const required = byId.get(hrefId(requirement.requiredDecision?.href));
      if (required) {
        if (required.name) computed.add(required.name);
        visit(required);
      }
      const data = byId.get(hrefId(requirement.requiredInput?.href));
      if (data?.name) add({ path: data.name, label: data.name, typeRef: data.variable?.typeRef ?? null });
    }
    for (const input of decision.decisionLogic?.input ?? []) {
      const text = input.inputExpression?.text?.trim() ?? '';
      if (VARIABLE_PATH.test(text)) add({ path: text, label: input.label || text, typeRef: input.inputExpression?.typeRef ?? null });
    }
  };
  visit(byId.get(decisionId));
  return inputs.filter((i) => !computed.has(i.path.split('.')[0]!));
}

/** The form's values as evaluation variables: typed by the input's typeRef, dotted paths nested; empty fields left out. */
export function variablesFromInputs(inputs: readonly DecisionInput[], values: Record<string, unknown>): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const input of inputs) {
    const raw = values[input.path];
    if (raw === undefined || raw === null || raw === '') continue;
    const value = typed(input.typeRef, raw);
    const parts = input.path.split('.');
    let target = variables;
    for (const part of parts.slice(0, -1)) {
      if (typeof target[part] !== 'object' || target[part] === null) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    target[parts[parts.length - 1]!] = value;
  }
  return variables;
}

function typed(typeRef: string | null, raw: unknown): unknown {
  const type = (typeRef ?? '').toLowerCase();
  if (typeof raw !== 'string') return raw;
  if (['number', 'integer', 'long', 'double'].includes(type)) {
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw;
  }
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/** Where an element the server names sits in the model, for a reader: its decision, rule number, column. */
export interface ElementPlace {
  decisionId: string | null;
  decisionName: string | null;
  ruleNumber: number | null;
  column: string | null;
  /** Input data, a knowledge model: a DRG element other than a decision. */
  elementName: string | null;
}

export function placeOf(definitions: unknown, elementId: string | null): ElementPlace | null {
  if (!elementId) return null;
  for (const element of drgElementsOf(definitions)) {
    if (element.id === elementId) {
      return isDecision(element)
        ? { decisionId: element.id, decisionName: element.name || element.id, ruleNumber: null, column: null, elementName: null }
        : { decisionId: null, decisionName: null, ruleNumber: null, column: null, elementName: element.name || null };
    }
    if (!isDecision(element)) continue;
    const logic = element.decisionLogic;
    const here = { decisionId: element.id ?? null, decisionName: element.name || element.id || null };
    if (!logic) continue;
    if (logic.id === elementId) return { ...here, ruleNumber: null, column: null, elementName: null };
    const inputs = logic.input ?? [];
    const outputs = logic.output ?? [];
    const column = [...inputs, ...outputs].find((c) => c.id === elementId || (c as { inputExpression?: { id?: string } }).inputExpression?.id === elementId);
    if (column) return { ...here, ruleNumber: null, column: column.label || column.name || null, elementName: null };
    const rules = logic.rule ?? [];
    for (const [index, rule] of rules.entries()) {
      if (rule.id === elementId) return { ...here, ruleNumber: index + 1, column: null, elementName: null };
      const entries = [...(rule.inputEntry ?? []).map((e, i) => [e, inputs[i]] as const), ...(rule.outputEntry ?? []).map((e, i) => [e, outputs[i]] as const)];
      const entry = entries.find(([e]) => e.id === elementId);
      if (entry) return { ...here, ruleNumber: index + 1, column: entry[1]?.label || entry[1]?.name || null, elementName: null };
    }
  }
  return null;
}

/** A matched rule's number in its decision's table (1-based), by its id. */
export function ruleNumberOf(definitions: unknown, ruleId: string): { decisionId: string; number: number } | null {
  for (const element of drgElementsOf(definitions)) {
    const at = (element.decisionLogic?.rule ?? []).findIndex((r) => r.id === ruleId);
    if (at >= 0) return { decisionId: element.id ?? '', number: at + 1 };
  }
  return null;
}

/** The output columns of a decision's table (name → label), to show results by what the model calls them. */
export function outputLabelsOf(definitions: unknown, decisionId: string): Map<string, string> {
  const decision = drgElementsOf(definitions).find((e) => e.id === decisionId);
  const labels = new Map<string, string>();
  for (const output of decision?.decisionLogic?.output ?? []) if (output.name) labels.set(output.name, output.label || output.name);
  return labels;
}

/** A new DMN file: one decision table with one input, one output and one rule, drawn on the requirements diagram. */
export function newDecisionXml(key: string, name: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" id="Definitions_${esc(key)}" name="${esc(name)}" namespace="https://docket.dev/decisions">
  <decision id="${esc(key)}" name="${esc(name)}">
    <decisionTable id="DecisionTable_${esc(key)}" hitPolicy="FIRST">
      <input id="Input_1" label="amount">
        <inputExpression id="InputExpression_1" typeRef="number"><text>amount</text></inputExpression>
      </input>
      <output id="Output_1" label="result" name="result" typeRef="string" />
      <rule id="Rule_1">
        <inputEntry id="InputEntry_1"><text>-</text></inputEntry>
        <outputEntry id="OutputEntry_1"><text>"ok"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="DMNDiagram_1">
      <dmndi:DMNShape id="DMNShape_1" dmnElementRef="${esc(key)}"><dc:Bounds height="80" width="180" x="160" y="100" /></dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}

/** A decision key as the server accepts it: a DMN id (an XML name: letter or underscore first). */
export const DECISION_KEY = /^[A-Za-z_][\w.-]{0,254}$/;
