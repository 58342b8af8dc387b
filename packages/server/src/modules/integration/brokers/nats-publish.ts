import { headers as natsHeaders, type NatsConnection } from 'nats';

/**
 * Publishes to a subject a JetStream stream may or may not capture. Captured: a JetStream publish,
 * acknowledged once stored and deduplicated by `msgId`. Not captured: a plain publish, flushed
 * (a JetStream publish there would be taken as a request by any plain subscriber and time out).
 * Which of the two is asked of the server for each publish: a stream may be added at any time.
 */
export async function publishToSubject(nc: NatsConnection, subject: string, data: Uint8Array | string, headers: Record<string, string>, msgId: string): Promise<void> {
  const h = natsHeaders();
  for (const [k, v] of Object.entries(headers)) h.set(k, v);
  const jsm = await nc.jetstreamManager();
  const stream = await jsm.streams.find(subject).catch(() => undefined);
  if (stream) {
    await nc.jetstream().publish(subject, data, { headers: h, msgID: msgId, timeout: 5_000 });
    return;
  }
  nc.publish(subject, data, { headers: h });
  await nc.flush();
}
