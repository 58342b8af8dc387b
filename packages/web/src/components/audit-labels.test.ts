import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslate } from '../i18n/i18n.ts';
import { auditActionLabel } from './audit-labels.ts';

// The audit page and the case timeline name every action in words: an action the server writes
// (AUDIT_ACTIONS) without a label here would show its code, as process.started once did.
const catalogue = readFileSync(path.resolve(import.meta.dirname, '../../../server/src/platform/events/audit-actions.ts'), 'utf8');
const actions = [...catalogue.slice(catalogue.indexOf('AUDIT_ACTIONS'), catalogue.indexOf('] as const')).matchAll(/^\s+'([a-z-]+\.[a-z-]+)',/gm)].map((m) => m[1]!);

describe('audit action labels', () => {
  it('reads the server’s catalogue (a parser that found nothing would pass)', () => {
    expect(actions.length).toBeGreaterThan(140);
    expect(actions).toEqual(expect.arrayContaining(['case.created', 'process.started', 'knowledge.article-published']));
  });

  it.each(['zh-CN', 'en-US'] as const)('names every audit action the server writes in %s', (language) => {
    const t = createTranslate(language);
    expect(actions.filter((action) => auditActionLabel(action, t) === action)).toEqual([]);
  });
});
