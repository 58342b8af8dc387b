import { diffArrays } from 'diff';
import { cutWhole } from '../search/segmenter.ts';
import type { VersionContent } from './article-store.ts';
import { changedMetadata } from './version-fields.ts';

// What changed between two versions, for a reviewer: the title and the plain text of the body
// compared word by word (Chinese by jieba's words, so 年费 changing to 年利率 reads as one word
// replaced rather than characters shuffled), and every metadata field that changed.
//
// jieba's precise mode keeps every character (punctuation, spaces, newlines are tokens of their
// own), so the parts put back together are exactly the two texts: the search segmenter's
// precise cut (cutWhole), not its search mode, whose overlapping parts could not be put back.

function words(text: string): string[] {
  const tokens = cutWhole(text);
  // Should a token ever differ from the text (it has not been seen to), diff by characters.
  return tokens.join('') === text ? tokens : [...text];
}

export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** The word diff of two texts as parts whose equal+delete spell `before` and equal+insert spell `after`. */
export function diffText(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffArrays(words(before), words(after))) {
    const op = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
    const text = change.value.join('');
    if (text === '') continue;
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  }
  return parts;
}

export function diffVersions(from: VersionContent & { version: number }, to: VersionContent & { version: number }) {
  return {
    from: from.version,
    to: to.version,
    title: diffText(from.title, to.title),
    body: diffText(from.bodyText, to.bodyText),
    fields: changedMetadata(from, to),
  };
}
