import { detectPersonalData } from '../../cases/index.ts';

// Case text leaves the case twice in the knowledge module: as words indexed for "similar
// cases" and as the text of an article drafted from the case. Neither may carry a customer's
// identity, not even masked: a masked phone (138****5678) still narrows a person down, and an
// article is read far beyond the case's readers. So personal data is cut out, not masked:
// - spans the cases module's detector finds (resident id, bank card, phone, account, e-mail,
//   a personal name in a naming context, a postal address);
// - what masking left of one (stored titles and comments hold masked copies, and a reader may
//   be shown a value masked): a run of Latin letters, digits and stars holding a star, with the
//   digit groups standing next to it (6222 **** **** 1234).

const TOKEN = /[0-9A-Za-z@._+*-]+/g;
const DIGITS = /^[0-9]+$/;
const SEPARATOR = /^[ -]?$/;

/** The text with every span of personal data, found or already masked, replaced by a space. Pure. */
export function withoutPersonalData(text: string): string {
  if (!text) return '';
  let out = '';
  let at = 0;
  for (const d of detectPersonalData(text)) {
    out += `${text.slice(at, d.start)} `;
    at = d.end;
  }
  return withoutMaskedRemnants(out + text.slice(at));
}

function withoutMaskedRemnants(text: string): string {
  if (!text.includes('*')) return text;
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length, value: m[0], drop: m[0].includes('*') }));
  // A digit group joined to a dropped token by a single space or dash belongs to the same number.
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.drop || !DIGITS.test(token.value)) continue;
      const joins = (other: (typeof tokens)[number] | undefined, gap: string) => other?.drop === true && SEPARATOR.test(gap);
      const before = tokens[i - 1];
      const after = tokens[i + 1];
      if (joins(before, before ? text.slice(before.end, token.start) : 'x') || joins(after, after ? text.slice(token.end, after.start) : 'x')) {
        token.drop = true;
        changed = true;
      }
    }
  }
  let out = '';
  let at = 0;
  for (const token of tokens.filter((t) => t.drop)) {
    out += `${text.slice(at, token.start)} `;
    at = token.end;
  }
  return out + text.slice(at);
}
