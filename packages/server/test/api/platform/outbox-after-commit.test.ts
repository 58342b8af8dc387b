import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxDispatcher, type DispatchedOutboxEvent, type OutboxDispatcher } from '../../../src/platform/outbox/index.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, type TestApp } from '../../helpers/test-app.ts';

let t: TestApp;
let agent: string;
let dispatcher: OutboxDispatcher;
const created: DispatchedOutboxEvent[] = [];
const commented: DispatchedOutboxEvent[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  await t.createUser('agent.one', ['agent']);
  agent = await t.login('agent.one');
  dispatcher = createOutboxDispatcher({ database: t.database, clock: t.clock });
  dispatcher.subscribe({ name: 'test-created', types: ['case.created'], handle: async (e) => void created.push(e) });
  dispatcher.subscribe({ name: 'test-commented', types: ['case.commented'], handle: async (e) => void commented.push(e) });
  await dispatcher.runDue(new Date());
});
afterAll(async () => {
  await dispatcher.stop();
  await t.close();
});

const createCase = () => t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(agent), payload: complaint() });

describe('outbox subscribers after commit', () => {
  it('receive case.created for a case created through the API, with ids and no field values', async () => {
    // when
    const res = await createCase();
    expect(res.statusCode).toBe(201);
    const { id, number } = res.json();
    await dispatcher.runDue(new Date());
    // then
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ type: 'case.created', aggregateType: 'case', aggregateId: id, payload: { caseId: id, number, caseType: 'complaint' } });
    expect(JSON.stringify(created[0]!.payload)).not.toContain('张三');
    expect(commented).toEqual([]);
  });

  it('deliver nothing again on the next run: each subscriber takes each event once', async () => {
    created.length = 0;
    await dispatcher.runDue(new Date());
    expect(created).toEqual([]);
  });

  it('receive nothing when the command rolled back at commit, after writing its outbox row', async () => {
    // given: a deferred check that refuses every new case at COMMIT, after the command wrote case, audit and outbox rows
    created.length = 0;
    await t.sql(`CREATE FUNCTION public.outbox_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$`);
    await t.sql(`CREATE CONSTRAINT TRIGGER outbox_test_refuse AFTER INSERT ON cases.case DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.outbox_test_refuse()`);
    const eventsBefore = await t.sql('SELECT id FROM platform.outbox_event');
    try {
      // when
      const res = await createCase();
      expect(res.statusCode).toBe(500);
    } finally {
      await t.sql('DROP TRIGGER outbox_test_refuse ON cases.case');
    }
    await dispatcher.runDue(new Date());
    // then
    expect(created).toEqual([]);
    expect(await t.sql('SELECT id FROM platform.outbox_event')).toEqual(eventsBefore);
    // and the next committed case is delivered as usual
    const res = await createCase();
    await dispatcher.runDue(new Date());
    expect(created.map((e) => e.aggregateId)).toEqual([res.json().id]);
  });
});
