import { Counter, type Registry } from 'prom-client';

export interface EmailMetrics {
  received(mailbox: string): void;
  sent(result: 'sent' | 'retrying' | 'failed'): void;
}

/** The same counter for the listener and the send job, whichever registers it first on the registry. */
function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<string>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/** docket_email_received_total{mailbox}, docket_email_sent_total{result}; without a registry, counted nowhere. */
export function emailMetrics(registry: Registry | undefined): EmailMetrics {
  if (!registry) return { received: () => {}, sent: () => {} };
  const received = counter(registry, 'docket_email_received_total', 'E-mails accepted by the SMTP listener (one per mailbox and e-mail, resends included)', ['mailbox']);
  const sent = counter(registry, 'docket_email_sent_total', 'Attempts to send a public reply to the customer: sent, retrying (a temporary failure), failed (given up)', ['result']);
  return { received: (mailbox) => received.inc({ mailbox }), sent: (result) => sent.inc({ result }) };
}
