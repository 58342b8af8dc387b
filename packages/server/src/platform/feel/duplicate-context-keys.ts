import { parseExpression } from 'feelin';

/**
 * A context literal with the same key twice is an error in FEEL (DMN 1.3 §10.3.2.6); feelin keeps
 * the last entry. The key, or null when every context literal in the expression has unique keys.
 */
export function duplicateContextKey(text: string, context: Record<string, unknown>): string | null {
  if (!text.includes('{') || !text.includes(':')) return null;
  const tree = parseExpression(text, context, undefined);
  const keysByContext: Array<Set<string>> = [];
  let duplicate: string | null = null;
  tree.iterate({
    enter(node) {
      if (duplicate !== null) return false;
      if (node.type.name === 'Context') keysByContext.push(new Set());
      if (node.type.name === 'Key') {
        const raw = text.slice(node.from, node.to).trim();
        const key = raw.startsWith('"') ? raw.slice(1, -1) : raw;
        const keys = keysByContext[keysByContext.length - 1];
        if (keys?.has(key)) duplicate = key;
        keys?.add(key);
        return false;
      }
      return undefined;
    },
    leave(node) {
      if (node.type.name === 'Context') keysByContext.pop();
    },
  });
  return duplicate;
}
