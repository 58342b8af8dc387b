import { DOMAIN_EVENT_TYPES } from '../../../platform/events/domain-events.ts';

export const PING_EVENT = 'webhook.ping';

// What a receiver learns from each event; docs/events.md has the payloads. An event added to the
// catalogue without a line here is still offered, with the generic description.
const descriptions: Partial<Record<string, string>> = {
  'case.created': 'A case was opened',
  'case.status-changed': 'A case moved to another status',
  'case.assigned': 'A case was given to someone, or taken back',
  'case.fields-changed': 'Fields of a case changed (the names of the changed fields)',
  'case.commented': 'A comment was added to a case',
  'case-type.saved': 'A case type was saved as a new version',
  'process.instance-started': 'A process started, usually for a case',
  'process.instance-completed': 'A process ended',
  'process.instance-terminated': 'A process was stopped before its end',
  'process.task-created': 'A task was created for a person or group',
  'process.task-completed': 'A task was completed',
  'process.task-canceled': 'A task ended without being completed',
  'process.instance-rewound': 'A process went back to an earlier task (退回 / 撤回)',
  'process.countersign-decided': 'A countersign was decided',
  'process.incident-created': 'A process ran into an incident',
  'process.incident-resolved': 'A process incident was resolved',
  'process.event-published': 'A process published an event of its own',
  'sla.warning-fired': 'An SLA clock reached a warning level',
  'sla.target-breached': 'An SLA clock ran past its due time',
  'sla.target-met': 'An SLA target was reached',
  'routing.decided': 'The router placed a case or task',
  'routing.overflowed': 'A case waited too long and moved to the overflow queue',
  'routing.presence-changed': "An agent's presence changed",
  'knowledge.article-submitted': 'A knowledge article was submitted for review or compliance review',
  'knowledge.article-published': 'A knowledge article version was published',
  'knowledge.article-rejected': 'A knowledge article version was sent back to its author',
  'knowledge.article-retired': 'A knowledge article was retired',
};

export function webhookEventTypes(): { type: string; description: string }[] {
  return [
    ...DOMAIN_EVENT_TYPES.map((type) => ({ type, description: descriptions[type] ?? 'See docs/events.md' })),
    { type: PING_EVENT, description: 'A test delivery sent on request (POST /webhooks/{id}/ping)' },
  ];
}

const known = new Set<string>([...DOMAIN_EVENT_TYPES, PING_EVENT]);

export function isWebhookEventType(type: string): boolean {
  return type === '*' || known.has(type);
}
