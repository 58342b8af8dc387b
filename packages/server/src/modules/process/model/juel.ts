/**
 * Camunda 7 / Activiti / Flowable expressions are JUEL (`${amount > 1000}`, `#{approved}`).
 * Banks leaving Camunda 7 bring models full of them, so the common forms are translated to FEEL
 * once at deploy time: variables, property access, comparison, logic, arithmetic, literals,
 * `empty`, the conditional operator. Whatever needs Java at run time — method calls, `execution`,
 * Spring beans called as methods — has no FEEL meaning and is refused with the reason.
 */

export type JuelTranslation = { ok: true; feel: string } | { ok: false; reason: string };

export function isJuel(text: string): boolean {
  return /[$#]\{/.test(text);
}

/** Translates a JUEL expression or composite text (`Dear ${name}`) to one FEEL expression. */
export function translateJuel(text: string): JuelTranslation {
  const parts: string[] = [];
  let position = 0;
  const input = text.trim();
  while (position < input.length) {
    const start = input.slice(position).search(/[$#]\{/);
    if (start === -1) {
      parts.push(feelString(input.slice(position)));
      break;
    }
    if (start > 0) parts.push(feelString(input.slice(position, position + start)));
    const open = position + start + 2;
    const close = closingBrace(input, open);
    if (close === -1) return { ok: false, reason: 'an expression is opened with ${ but never closed' };
    const translated = translateJuelBody(input.slice(open, close));
    if (!translated.ok) return translated;
    parts.push(parts.length === 0 && close === input.length - 1 ? translated.feel : `string(${translated.feel})`);
    position = close + 1;
  }
  if (parts.length === 0) return { ok: false, reason: 'the expression is empty' };
  return { ok: true, feel: parts.join(' + ') };
}

function closingBrace(text: string, from: number): number {
  let quote: string | null = null;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (quote) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '}') return index;
  }
  return -1;
}

function feelString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

type Token = { kind: 'identifier' | 'number' | 'string' | 'operator'; text: string };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%', '(', ')', '.', '[', ']', '?', ':', ','];
const WORD_OPERATORS = new Set(['and', 'or', 'not', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'div', 'mod', 'empty', 'true', 'false', 'null', 'instanceof']);

class JuelRefusal extends Error {}

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < body.length) {
    const char = body[index] as string;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (char === "'" || char === '"') {
      let value = '';
      index += 1;
      while (index < body.length && body[index] !== char) {
        if (body[index] === '\\' && index + 1 < body.length) index += 1;
        value += body[index];
        index += 1;
      }
      if (index >= body.length) throw new JuelRefusal('a string literal is not closed');
      index += 1;
      tokens.push({ kind: 'string', text: value });
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(body.slice(index));
    if (number) {
      tokens.push({ kind: 'number', text: number[0] });
      index += number[0].length;
      continue;
    }
    // Java identifiers may be any letters: 金额 is as good a variable name as amount.
    const identifier = /^[\p{L}_$][\p{L}\p{N}_$]*/u.exec(body.slice(index));
    if (identifier) {
      tokens.push({ kind: WORD_OPERATORS.has(identifier[0]) ? 'operator' : 'identifier', text: identifier[0] });
      index += identifier[0].length;
      continue;
    }
    const operator = OPERATORS.find((candidate) => body.startsWith(candidate, index));
    if (!operator) throw new JuelRefusal(`"${char}" is not part of the JUEL Docket translates`);
    tokens.push({ kind: 'operator', text: operator });
    index += operator.length;
  }
  return tokens;
}

interface Translated {
  feel: string;
  /** True when the text needs no parentheses as an operand. */
  atomic: boolean;
}

function translateJuelBody(body: string): JuelTranslation {
  try {
    const parser = new JuelParser(tokenize(body));
    const result = parser.parseExpression();
    parser.expectEnd();
    return { ok: true, feel: result.feel };
  } catch (error) {
    if (error instanceof JuelRefusal) return { ok: false, reason: error.message };
    throw error;
  }
}

const BINARY_LEVELS: Array<Record<string, string>> = [
  { '||': 'or', or: 'or' },
  { '&&': 'and', and: 'and' },
  { '==': '=', eq: '=', '!=': '!=', ne: '!=' },
  { '<': '<', lt: '<', '>': '>', gt: '>', '<=': '<=', le: '<=', '>=': '>=', ge: '>=' },
  { '+': '+', '-': '-' },
  { '*': '*', '/': '/', div: '/', '%': 'mod', mod: 'mod' },
];

class JuelParser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  expectEnd(): void {
    const next = this.peek();
    if (next) throw new JuelRefusal(`unexpected "${next.text}"`);
  }

  parseExpression(): Translated {
    const condition = this.parseBinary(0);
    if (!this.accept('?')) return condition;
    const whenTrue = this.parseExpression();
    if (!this.accept(':')) throw new JuelRefusal('a conditional "?" has no ":"');
    const whenFalse = this.parseExpression();
    return { feel: `if ${condition.feel} then ${whenTrue.feel} else ${whenFalse.feel}`, atomic: false };
  }

  private parseBinary(level: number): Translated {
    if (level >= BINARY_LEVELS.length) return this.parseUnary();
    const operators = BINARY_LEVELS[level] as Record<string, string>;
    let left = this.parseBinary(level + 1);
    for (;;) {
      const next = this.peek();
      if (next?.kind !== 'operator' || !(next.text in operators)) return left;
      this.position += 1;
      const right = this.parseBinary(level + 1);
      const feelOperator = operators[next.text] as string;
      left = feelOperator === 'mod' ? { feel: `modulo(${left.feel}, ${right.feel})`, atomic: true } : { feel: `${operand(left)} ${feelOperator} ${operand(right)}`, atomic: false };
    }
  }

  private parseUnary(): Translated {
    if (this.accept('!') || this.accept('not')) return { feel: `not(${this.parseUnary().feel})`, atomic: true };
    if (this.accept('-')) return { feel: `-${operand(this.parseUnary())}`, atomic: false };
    if (this.accept('empty')) return { feel: `${operand(this.parseUnary())} = null`, atomic: false };
    return this.parsePostfix();
  }

  private parsePostfix(): Translated {
    let result = this.parsePrimary();
    for (;;) {
      if (this.accept('.')) {
        const property = this.next();
        if (property?.kind !== 'identifier' && property?.kind !== 'operator') throw new JuelRefusal('a property name must follow "."');
        if (this.peek()?.text === '(') throw new JuelRefusal(`the method call ${property.text}(…) needs Java at run time`);
        result = { feel: `${result.feel}.${property.text}`, atomic: true };
      } else if (this.accept('[')) {
        const index = this.next();
        if (!this.accept(']')) throw new JuelRefusal('only a literal index such as [0] or ["key"] can be translated');
        if (index?.kind === 'number' && /^\d+$/.test(index.text)) result = { feel: `${result.feel}[${Number(index.text) + 1}]`, atomic: true };
        else if (index?.kind === 'string' && /^[\p{L}_][\p{L}\p{N}_]*$/u.test(index.text)) result = { feel: `${result.feel}.${index.text}`, atomic: true };
        else if (index?.kind === 'string') result = { feel: `get value(${result.feel}, ${feelString(index.text)})`, atomic: true };
        else throw new JuelRefusal('only a literal index such as [0] or ["key"] can be translated');
      } else if (this.peek()?.text === '(') {
        throw new JuelRefusal(`the function call ${result.feel}(…) needs Java at run time`);
      } else {
        return result;
      }
    }
  }

  private parsePrimary(): Translated {
    const token = this.next();
    if (!token) throw new JuelRefusal('the expression ends too early');
    if (token.kind === 'number') return { feel: token.text, atomic: true };
    if (token.kind === 'string') return { feel: feelString(token.text), atomic: true };
    if (token.kind === 'identifier') {
      if (token.text === 'execution' || token.text === 'task') throw new JuelRefusal(`"${token.text}" is the Java engine's object and has no meaning in Docket`);
      return { feel: token.text, atomic: true };
    }
    if (token.text === 'true' || token.text === 'false' || token.text === 'null') return { feel: token.text, atomic: true };
    if (token.text === '(') {
      const inner = this.parseExpression();
      if (!this.accept(')')) throw new JuelRefusal('a "(" is not closed');
      return { feel: `(${inner.feel})`, atomic: true };
    }
    throw new JuelRefusal(`unexpected "${token.text}"`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token | undefined {
    const token = this.tokens[this.position];
    this.position += 1;
    return token;
  }

  private accept(text: string): boolean {
    const token = this.peek();
    if (token && token.kind === 'operator' && token.text === text) {
      this.position += 1;
      return true;
    }
    return false;
  }
}

function operand(translated: Translated): string {
  return translated.atomic ? translated.feel : `(${translated.feel})`;
}
