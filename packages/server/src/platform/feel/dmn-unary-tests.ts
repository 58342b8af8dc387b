import { parseUnaryTests } from 'feelin';

/**
 * DMN unary-test semantics over feelin. feelin returns a boolean expression's value as the test
 * outcome; DMN compares an expression that does not mention `?` with the input. Only tests that
 * contain such a plain expression are split and judged here; all others go to feelin unchanged.
 */

interface PositiveTest {
  text: string;
  /** A plain expression without `?`: compared with the input when it gives a boolean. */
  plainExpression: boolean;
}

const plainTestsByText = new Map<string, { negated: boolean; tests: PositiveTest[] } | null>();

function analyse(text: string, context: Record<string, unknown>): { negated: boolean; tests: PositiveTest[] } | null {
  const tree = parseUnaryTests(text, context, undefined);
  const tests: PositiveTest[] = [];
  let negated = false;
  let current: PositiveTest | null = null;
  let depth = 0;
  let positiveDepth = -1;
  tree.iterate({
    enter(node) {
      depth++;
      if (depth === 2 && node.type.name === 'not') negated = true;
      if (node.type.name === 'PositiveUnaryTest' && current === null) {
        current = { text: text.slice(node.from, node.to), plainExpression: true };
        positiveDepth = depth;
      } else if (current !== null) {
        if (depth === positiveDepth + 1 && node.type.name === 'SimplePositiveUnaryTest') current.plainExpression = false;
        // With `?` in the context the parser reads it as a variable name, not as its own token.
        if (node.type.name === '?' || text.slice(node.from, node.to).trim() === '?') current.plainExpression = false;
      }
    },
    leave(node) {
      if (node.type.name === 'PositiveUnaryTest' && current !== null && depth === positiveDepth) {
        tests.push(current);
        current = null;
      }
      depth--;
    },
  });
  return tests.some((test) => test.plainExpression) ? { negated, tests } : null;
}

export function testUnaryTestsAsDmn(text: string, scope: Record<string, unknown>, feelinTest: (text: string) => boolean | null, feelinEvaluate: (text: string) => unknown): boolean | null {
  const trimmed = text.trim();
  // The common shapes need no second look: the wildcard, comparisons, intervals, literals.
  if (trimmed === '-' || /^(?:[<>]=?|\[|\(|\]|"|-?\d)/.test(trimmed)) return feelinTest(text);
  // Names with spaces parse differently with and without the context, so only context-free tests are cached.
  const analysis = plainTestsByText.has(text) ? plainTestsByText.get(text)! : analyse(text, scope);
  if (!/\s/.test(trimmed)) plainTestsByText.set(text, analysis);
  if (analysis === null) return feelinTest(text);
  const input = scope['?'];
  let outcome: boolean | null = false;
  for (const test of analysis.tests) {
    let result: boolean | null;
    if (test.plainExpression) {
      const value = feelinEvaluate(test.text);
      result = typeof value === 'boolean' ? (input === null || input === undefined ? null : input === value) : feelinTest(test.text);
    } else {
      result = feelinTest(test.text);
    }
    if (result === true) {
      outcome = true;
      break;
    }
    if (result === null) outcome = null;
  }
  if (!analysis.negated) return outcome;
  return outcome === null ? null : !outcome;
}
