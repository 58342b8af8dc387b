import { describe, expect, it } from 'vitest';
import type { ConnectorDef } from '../graph.ts';
import { engineForTests, processGraph } from './test-graph.ts';

const http = (retries: number): ConnectorDef => ({
  type: 'http',
  http: {
    method: 'POST',
    url: { expression: '"https://core.example/accounts/" + account' },
    headers: { accept: 'application/json' },
    body: '{id: account}',
    timeoutMs: 5000,
    retries,
    retryBackoff: 'PT10S',
    resultVariable: 'reply',
  },
});

describe('service, send and business-rule tasks', () => {
  it('publish-event: publishes the domain event with its FEEL payload and continues', async () => {
    const { engine, deploy, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('notify', 'serviceTask', { connector: { type: 'publish-event', publishEvent: { eventType: 'credit.approved', payload: '{amount: amount}' } } })
        .add('e', 'endEvent')
        .chain('s', 'notify', 'e'),
    );
    const { instance: started, changes } = await engine.startInstance({ definition: definition!, variables: { amount: 7 }, caseId: 'c' });
    expect(changes.events).toContainEqual({ type: 'process.event-published', eventType: 'credit.approved', instanceId: started.id, elementId: 'notify', caseId: 'c', payload: { amount: 7 } });
    expect(instance(started.id).state).toBe('completed');
  });

  it('a message throw event and a send task without a connector publish process.message-sent', async () => {
    const { engine, deploy } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .event('tell', 'intermediateThrowEvent', { kind: 'message', messageName: { static: 'told' } })
        .add('send', 'sendTask', { event: { kind: 'message', messageName: { static: 'sent' } } })
        .add('e', 'endEvent')
        .chain('s', 'tell', 'send', 'e'),
    );
    const { changes } = await engine.startInstance({ definition: definition!, variables: {} });
    const published = changes.events.filter((e) => e.type === 'process.event-published');
    expect(published.map((e) => [e.type === 'process.event-published' && e.eventType, e.type === 'process.event-published' && (e.payload as { messageName: string }).messageName])).toEqual([
      ['process.message-sent', 'told'],
      ['process.message-sent', 'sent'],
    ]);
  });

  it('http: waits on a connector job; a success sets the result variable and continues', async () => {
    const { engine, deploy, store, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('call', 'serviceTask', { connector: http(3) })
        .add('e', 'endEvent')
        .chain('s', 'call', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { account: 'A1' } });
    const [job] = [...store.jobs.values()];
    expect(job).toMatchObject({
      kind: 'connector',
      retriesLeft: 3,
      data: { attempt: 0, request: { method: 'POST', url: 'https://core.example/accounts/A1', headers: { accept: 'application/json' }, body: { id: 'A1' }, timeoutMs: 5000 } },
    });
    await engine.completeConnector({ jobId: job!.id, result: { ok: true, value: { balance: 5 } } });
    expect(instance(started.id)).toMatchObject({ state: 'completed', variables: { account: 'A1', reply: { balance: 5 } } });
    expect(store.jobs.size).toBe(0);
  });

  it('http: retries="2" is one call and two retries with doubling back-off, then an incident; retrying the incident schedules the call again', async () => {
    const { engine, deploy, store, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('call', 'serviceTask', { connector: http(2) })
        .add('e', 'endEvent')
        .chain('s', 'call', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { account: 'A1' } });
    const due: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [job] = [...store.jobs.values()];
      due.push(`${job!.retriesLeft}@${job!.dueAt.toISOString()}`);
      await engine.completeConnector({ jobId: job!.id, result: { ok: false, error: 'HTTP 503' } });
    }
    // retriesLeft: the calls still allowed after this one.
    expect(due).toEqual(['2@2026-12-01T09:00:00.000Z', '1@2026-12-01T09:00:10.000Z', '0@2026-12-01T09:00:20.000Z']);
    expect(store.jobs.size).toBe(0);
    const [incident] = [...store.incidents.values()];
    expect(incident).toMatchObject({ kind: 'connector-failed', message: 'HTTP 503', elementId: 'call', resolvedAt: null });
    expect(incident?.jobId).toBeTruthy();
    expect(instance(started.id).state).toBe('incident');

    await engine.retryIncident({ incidentId: incident!.id });
    expect(store.incidents.get(incident!.id)?.resolvedAt).not.toBeNull();
    expect(instance(started.id).state).toBe('active');
    const [retry] = [...store.jobs.values()];
    expect(retry).toMatchObject({ kind: 'connector', retriesLeft: 2, dueAt: new Date('2026-12-01T09:00:00Z') });
    await engine.completeConnector({ jobId: retry!.id, result: { ok: true, value: 'fine' } });
    expect(instance(started.id).state).toBe('completed');
    await expect(engine.retryIncident({ incidentId: incident!.id })).rejects.toMatchObject({ code: 'not-active' });
  });

  it('http: a BPMN error from the connector is caught by an error boundary', async () => {
    const { engine, deploy, store, active } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('call', 'serviceTask', { connector: http(3) })
        .add('e', 'endEvent')
        .boundary('refused', 'call', { kind: 'error', errorCode: 'ACCOUNT_CLOSED' })
        .add('handle', 'userTask')
        .chain('s', 'call', 'e')
        .chain('refused', 'handle'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: { account: 'A1' } });
    const [job] = [...store.jobs.values()];
    await engine.completeConnector({ jobId: job!.id, result: { ok: false, error: 'closed', bpmnErrorCode: 'ACCOUNT_CLOSED' } });
    expect(active(instance.id)).toEqual(['handle']);
  });

  it('an external topic waits as a task for topic:<type> that completeTask completes', async () => {
    const { engine, deploy, openTasks, instance } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('score', 'serviceTask', { connector: { type: 'none', externalTopic: 'credit-score' } })
        .add('e', 'endEvent')
        .chain('s', 'score', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    const [task] = openTasks(started.id);
    expect(task?.candidateGroups).toEqual(['topic:credit-score']);
    await engine.completeTask({ taskId: task!.id, variables: { score: 700 }, completedBy: 'worker' });
    expect(instance(started.id)).toMatchObject({ state: 'completed', variables: { score: 700 } });
  });

  it('a business-rule task maps the decision result into its result variable', async () => {
    const { engine, deploy, instance } = engineForTests({ decisions: { risk: (v) => [{ rating: (v.amount as number) > 100 ? 'high' : 'low' }] } });
    const rule = (map: 'singleEntry' | 'singleResult' | 'collectEntries' | 'resultList', target: string) =>
      ({ businessRule: { decisionRef: { static: 'risk' }, resultVariable: target, mapDecisionResult: map } }) as const;
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('r1', 'businessRuleTask', rule('singleEntry', 'entry'))
        .add('r2', 'businessRuleTask', rule('singleResult', 'single'))
        .add('r3', 'businessRuleTask', rule('collectEntries', 'collected'))
        .add('r4', 'businessRuleTask', rule('resultList', 'list'))
        .add('e', 'endEvent')
        .chain('s', 'r1', 'r2', 'r3', 'r4', 'e'),
    );
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: { amount: 500 } });
    expect(instance(started.id).variables).toEqual({ amount: 500, entry: 'high', single: { rating: 'high' }, collected: ['high'], list: [{ rating: 'high' }] });
  });

  it('a failing decision refuses a synchronous command, and is an incident inside a job', async () => {
    const { engine, deploy, store, clock, runDueJobs } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('rule', 'businessRuleTask', { businessRule: { decisionRef: { static: 'missing' }, resultVariable: 'x', mapDecisionResult: 'resultList' } })
        .add('e', 'endEvent')
        .chain('s', 'rule', 'e'),
    );
    await expect(engine.startInstance({ definition: definition!, variables: {} })).rejects.toMatchObject({ code: 'expression-failed', elementId: 'rule' });
    expect(store.instances.size).toBe(0);

    const [timed] = deploy(
      processGraph('q')
        .add('s', 'startEvent')
        .event('wait', 'intermediateCatchEvent', { kind: 'timer', timer: { type: 'duration', value: { static: 'PT1M' } } })
        .add('rule', 'businessRuleTask', { businessRule: { decisionRef: { static: 'missing' }, resultVariable: 'x', mapDecisionResult: 'resultList' } })
        .chain('s', 'wait', 'rule'),
    );
    const { instance } = await engine.startInstance({ definition: timed!, variables: {} });
    clock.advance(60_000);
    await runDueJobs();
    expect(store.instances.get(instance.id)?.state).toBe('incident');
    expect([...store.incidents.values()]).toMatchObject([{ kind: 'decision-failed', elementId: 'rule' }]);
    expect(store.jobs.size).toBe(0);
  });

  it('async before: the element waits for its job, which then runs it', async () => {
    const { engine, deploy, store, active, runDueJobs, instance } = engineForTests();
    const [definition] = deploy(processGraph('p').add('s', 'startEvent').add('t', 'task', { asyncBefore: true, asyncAfter: true }).add('e', 'endEvent').chain('s', 't', 'e'));
    const { instance: started } = await engine.startInstance({ definition: definition!, variables: {} });
    expect(active(started.id)).toEqual(['t']);
    expect([...store.jobs.values()].map((j) => j.kind)).toEqual(['async-before']);
    await engine.executeJob({ jobId: [...store.jobs.values()][0]!.id });
    expect([...store.jobs.values()].map((j) => j.kind)).toEqual(['async-after']);
    await runDueJobs();
    expect(instance(started.id).state).toBe('completed');
  });

  it('a job whose element instance has ended is deleted without effect', async () => {
    const { engine, deploy, store, taskOf } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .add('t', 'userTask')
        .boundary('late', 't', { kind: 'timer', timer: { type: 'duration', value: { static: 'PT1H' } } })
        .add('e', 'endEvent')
        .add('x', 'endEvent')
        .chain('s', 't', 'e')
        .chain('late', 'x'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    const [job] = [...store.jobs.values()];
    const stale = structuredClone(job!);
    await engine.completeTask({ taskId: taskOf(instance.id, 't').id, variables: {}, completedBy: 'u' });
    expect(store.jobs.size).toBe(0);
    store.jobs.set(stale.id, stale);
    const { changes } = await engine.executeJob({ jobId: stale.id });
    expect(changes.jobsDeleted.map((j) => j.id)).toEqual([stale.id]);
    expect(changes.elementInstances).toEqual([]);
  });

  it('a job that runs into an endless loop becomes an incident on its element instead of failing again and again; a retry schedules it again', async () => {
    const { engine, deploy, store, clock, runDueJobs, active } = engineForTests();
    const [definition] = deploy(
      processGraph('p')
        .add('s', 'startEvent')
        .event('wait', 'intermediateCatchEvent', { kind: 'timer', timer: { type: 'duration', value: { static: 'PT1M' } } })
        .add('x', 'exclusiveGateway')
        .add('t', 'task')
        .chain('s', 'wait', 'x', 't', 'x'),
    );
    const { instance } = await engine.startInstance({ definition: definition!, variables: {} });
    clock.advance(60_000);
    await runDueJobs();
    const [incident] = [...store.incidents.values()];
    expect(incident).toMatchObject({ kind: 'step-limit', elementId: 'wait' });
    expect(store.jobs.size).toBe(0);
    expect(active(instance.id)).toEqual(['wait']);
    await engine.retryIncident({ incidentId: incident!.id });
    expect([...store.jobs.values()]).toMatchObject([{ kind: 'timer', elementId: 'wait', dueAt: clock.now() }]);
  });
});
