import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, DOMAIN_EVENT_PAYLOAD_FIELDS, DOMAIN_EVENT_TYPES } from '../../../src/platform/events/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const DOC_PATH = path.resolve(here, '../../../../../docs/events.md');

/** The text of one `## ` part of the page. */
function partOfDoc(title: string): string {
  const part = readFileSync(DOC_PATH, 'utf8')
    .split(/^## /m)
    .find((chunk) => chunk.startsWith(`${title}\n`));
  if (!part) throw new Error(`docs/events.md has no "## ${title}"`);
  return part;
}

function documentedEvents(): { type: string; body: string }[] {
  return partOfDoc('Domain events')
    .split(/^### /m)
    .slice(1)
    .map((chunk) => {
      const [heading, ...rest] = chunk.split('\n');
      return { type: heading!.trim(), body: rest.join('\n') };
    });
}

function documentedAuditActions(): string[] {
  return [...partOfDoc('Audit actions').matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}

const duplicates = (names: string[]) => names.filter((name, i) => names.indexOf(name) !== i);

describe('docs/events.md', () => {
  it('has a section for every domain event in the catalogue, and none the code does not publish', () => {
    const documented = documentedEvents().map((e) => e.type);
    expect(
      documented.filter((type) => !(DOMAIN_EVENT_TYPES as readonly string[]).includes(type)),
      'remove these or add them to the catalogue',
    ).toEqual([]);
    expect(
      DOMAIN_EVENT_TYPES.filter((type) => !documented.includes(type)),
      'add a `### <type>` section',
    ).toEqual([]);
    expect(duplicates(documented)).toEqual([]);
  });

  it("lists exactly each event's payload fields and says who publishes it", () => {
    for (const { type, body } of documentedEvents()) {
      const line = body.match(/^\*\*Payload:\*\* (.+)$/m);
      expect(line, `${type}: a **Payload:** line`).not.toBeNull();
      const fields = [...line![1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      expect(fields, type).toEqual([...DOMAIN_EVENT_PAYLOAD_FIELDS[type as keyof typeof DOMAIN_EVENT_PAYLOAD_FIELDS]]);
      expect(body, type).toMatch(/^\*\*Published by\.\*\* \S.{10,}/m);
    }
  });

  it('lists every audit action in the catalogue once, and none the code does not write', () => {
    const documented = documentedAuditActions();
    expect(
      documented.filter((action) => !(AUDIT_ACTIONS as readonly string[]).includes(action)),
      'remove these rows or add the action to AUDIT_ACTIONS',
    ).toEqual([]);
    expect(
      AUDIT_ACTIONS.filter((action) => !documented.includes(action)),
      'add a row to the audit actions table',
    ).toEqual([]);
    expect(duplicates(documented)).toEqual([]);
  });

  it('gives a domain event and an audit action the same name only when they record the same fact', () => {
    // Today: a case was created; a case's status changed; a process task was completed; an SLA warning fired, a target was breached or met; a case overflowed to another queue; an agent's presence changed; a knowledge article was submitted, published, rejected or retired; a complaint spike was detected (and its risk case opened); an automation rule ran; a case was inspected for quality. A shared name elsewhere would be a pun.
    expect(DOMAIN_EVENT_TYPES.filter((type) => (AUDIT_ACTIONS as readonly string[]).includes(type))).toEqual([
      'case.created',
      'case.status-changed',
      'process.task-completed',
      'sla.warning-fired',
      'sla.target-breached',
      'sla.target-met',
      'routing.overflowed',
      'routing.presence-changed',
      'knowledge.article-submitted',
      'knowledge.article-published',
      'knowledge.article-rejected',
      'knowledge.article-retired',
      'analytics.spike-detected',
      'automation.rule-ran',
      'assist.quality-inspected',
    ]);
  });
});
