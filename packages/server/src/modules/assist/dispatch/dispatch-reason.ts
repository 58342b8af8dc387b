// Pure: the reason of a dispatch suggestion, in words for API callers and as parts the console
// words in the reader's language. Names rules, queues and the facts read; never the text's words.

export type DispatchReasonKind = 'rule' | 'type-default' | 'no-queue' | 'no-case-type';

export interface DispatchReason {
  kind: DispatchReasonKind;
  rule: { key: string; name: string } | null;
  /** The facts the routing rules were given: the case type and what the classifiers read. */
  facts: { field: string; value: string }[];
  /** Rules tried before the one that matched (or all of them when none did). */
  rulesConsidered: number;
  text: string;
}

export interface DispatchReasonInput {
  caseType: string | null;
  rule: { key: string; name: string } | null;
  queue: { key: string; name: string } | null;
  ruleSetQueue: boolean;
  skills: { skill: string; minLevel: number }[];
  facts: { field: string; value: string }[];
  rulesConsidered: number;
}

const quoted = (s: string) => `“${s}”`;

export function dispatchReasonOf(input: DispatchReasonInput): DispatchReason {
  const facts = input.facts;
  const factWords = facts.map((f) => `${f.field} ${f.value}`).join(', ');
  const skillWords = input.skills.length === 0 ? '' : `; it asks for the skills ${input.skills.map((s) => `${s.skill} ≥ ${s.minLevel}`).join(', ')}`;
  const base = { facts, rulesConsidered: input.rulesConsidered };
  if (input.caseType === null) {
    return { ...base, kind: 'no-case-type', rule: null, text: 'The text does not show which kind of case it is: choose the case type to see where it would go.' };
  }
  const queueWords = input.queue ? `queue ${quoted(input.queue.name)} (${input.queue.key})` : 'no queue';
  if (input.rule) {
    const where = input.ruleSetQueue ? queueWords : `its case type's default ${queueWords}`;
    return { ...base, kind: 'rule', rule: input.rule, text: `Routing rule ${quoted(input.rule.name)} matches ${factWords}: the case goes to ${where}${skillWords}.` };
  }
  if (input.queue) {
    return { ...base, kind: 'type-default', rule: null, text: `No routing rule matches ${factWords}: the case goes to its case type's default ${queueWords}.` };
  }
  return { ...base, kind: 'no-queue', rule: null, text: `No routing rule matches ${factWords} and the case type has no default queue: the case would wait unrouted.` };
}
