/**
 * The parts of dmn-moddle's object model (DMN 1.3) the decision engine reads. dmn-moddle ships
 * no types; these name only what Docket uses, so a change in the model shows up here.
 */

export interface DmnElement {
  $type: string;
  id?: string;
  name?: string;
  label?: string;
  $parent?: DmnElement;
}

export interface DmnText extends DmnElement {
  text?: string;
}

export interface DmnInformationItem extends DmnElement {
  name: string;
  typeRef?: string;
}

export interface DmnExpression extends DmnElement {
  typeRef?: string;
}

export interface DmnLiteralExpression extends DmnExpression {
  $type: 'dmn:LiteralExpression';
  text?: string;
  expressionLanguage?: string;
  importedValues?: unknown;
}

export interface DmnUnaryTests extends DmnElement {
  text?: string;
}

export interface DmnInputClause extends DmnElement {
  inputExpression?: DmnLiteralExpression;
  inputValues?: DmnUnaryTests;
}

export interface DmnOutputClause extends DmnElement {
  typeRef?: string;
  outputValues?: DmnUnaryTests;
  defaultOutputEntry?: DmnLiteralExpression;
}

export interface DmnRule extends DmnElement {
  inputEntry?: DmnUnaryTests[];
  outputEntry?: DmnLiteralExpression[];
  description?: string;
}

export interface DmnDecisionTable extends DmnExpression {
  $type: 'dmn:DecisionTable';
  input?: DmnInputClause[];
  output?: DmnOutputClause[];
  rule?: DmnRule[];
  hitPolicy?: string;
  aggregation?: string;
  outputLabel?: string;
}

export interface DmnContextEntry extends DmnElement {
  variable?: DmnInformationItem;
  value?: DmnExpression;
}

export interface DmnContext extends DmnExpression {
  $type: 'dmn:Context';
  contextEntry?: DmnContextEntry[];
}

export interface DmnBinding extends DmnElement {
  parameter: DmnInformationItem;
  bindingFormula?: DmnExpression;
}

export interface DmnInvocation extends DmnExpression {
  $type: 'dmn:Invocation';
  calledFunction?: DmnExpression;
  binding?: DmnBinding[];
}

export interface DmnFunctionDefinition extends DmnExpression {
  $type: 'dmn:FunctionDefinition';
  formalParameter?: DmnInformationItem[];
  body?: DmnExpression;
  kind?: string;
}

export interface DmnList extends DmnExpression {
  $type: 'dmn:List';
  elements?: DmnExpression[];
}

export interface DmnRelation extends DmnExpression {
  $type: 'dmn:Relation';
  column?: DmnInformationItem[];
  row?: DmnList[];
}

export interface DmnChildExpression extends DmnElement {
  value?: DmnExpression;
  typeRef?: string;
}

/** DMN 1.5 boxed expressions (dmn15-expressions.ts). */
export interface DmnConditional extends DmnExpression {
  $type: 'dmn:Conditional';
  if?: DmnChildExpression;
  then?: DmnChildExpression;
  else?: DmnChildExpression;
}

export interface DmnIterator extends DmnExpression {
  $type: 'dmn:For' | 'dmn:Every' | 'dmn:Some';
  in?: DmnChildExpression;
  iteratorVariable?: string;
  return?: DmnChildExpression;
  satisfies?: DmnChildExpression;
}

export interface DmnFilter extends DmnExpression {
  $type: 'dmn:Filter';
  in?: DmnChildExpression;
  match?: DmnChildExpression;
}

export interface DmnRequirementRef {
  href?: string;
}

export interface DmnInformationRequirement extends DmnElement {
  requiredDecision?: DmnRequirementRef;
  requiredInput?: DmnRequirementRef;
}

export interface DmnKnowledgeRequirement extends DmnElement {
  requiredKnowledge?: DmnRequirementRef;
}

export interface DmnDecision extends DmnElement {
  $type: 'dmn:Decision';
  name: string;
  variable?: DmnInformationItem;
  decisionLogic?: DmnExpression;
  informationRequirement?: DmnInformationRequirement[];
  knowledgeRequirement?: DmnKnowledgeRequirement[];
}

export interface DmnBusinessKnowledgeModel extends DmnElement {
  $type: 'dmn:BusinessKnowledgeModel';
  name: string;
  variable?: DmnInformationItem;
  encapsulatedLogic?: DmnFunctionDefinition;
  knowledgeRequirement?: DmnKnowledgeRequirement[];
}

export interface DmnInputData extends DmnElement {
  $type: 'dmn:InputData';
  name: string;
  variable?: DmnInformationItem;
}

export interface DmnDecisionService extends DmnElement {
  $type: 'dmn:DecisionService';
  name: string;
  variable?: DmnInformationItem;
  outputDecision?: DmnRequirementRef[];
  encapsulatedDecision?: DmnRequirementRef[];
  inputDecision?: DmnRequirementRef[];
  inputData?: DmnRequirementRef[];
}

export interface DmnItemDefinition extends DmnElement {
  name: string;
  typeRef?: string;
  isCollection?: boolean;
  allowedValues?: DmnUnaryTests;
  /** DMN 1.5. */
  typeConstraint?: DmnUnaryTests;
  itemComponent?: DmnItemDefinition[];
  functionItem?: unknown;
}

export interface DmnDefinitions extends DmnElement {
  $type: 'dmn:Definitions';
  namespace?: string;
  itemDefinition?: DmnItemDefinition[];
  drgElement?: DmnElement[];
  import?: DmnElement[];
}

export function isDecision(element: DmnElement): element is DmnDecision {
  return element.$type === 'dmn:Decision';
}

export function isBusinessKnowledgeModel(element: DmnElement): element is DmnBusinessKnowledgeModel {
  return element.$type === 'dmn:BusinessKnowledgeModel';
}

export function isDecisionService(element: DmnElement): element is DmnDecisionService {
  return element.$type === 'dmn:DecisionService';
}

export function isInputData(element: DmnElement): element is DmnInputData {
  return element.$type === 'dmn:InputData';
}

/** `#id` or `other.dmn#id` → `id`: requirements point at elements by href. */
export function hrefId(ref: DmnRequirementRef | undefined): string | undefined {
  const href = ref?.href;
  if (!href) return undefined;
  const hash = href.lastIndexOf('#');
  return hash === -1 ? href : href.slice(hash + 1);
}
