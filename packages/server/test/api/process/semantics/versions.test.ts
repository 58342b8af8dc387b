import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIds, createEngine, type Engine, fixture } from './harness.ts';

/**
 * Versions and scopes of variables, after Camunda 7's CallActivityTest (calledElementBinding
 * latest and deployment), RuntimeServiceTest (start a given version) and VariableScopeTest
 * (a task's variables land in the scope where the variable already lives).
 */
describe('execution semantics: versions and variable scopes', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
    await e.preload('c7-versions.bpmn');
  });
  afterAll(async () => e?.close());

  it('a call activity calls the latest version by default, and the version deployed with it when bound to the deployment', async () => {
    const [v2] = await e.deploy(fixture('c7-versions-child-v2.bpmn'));
    expect(v2).toMatchObject({ key: 'versioned_child', version: 2 });

    const latest = await e.instance(await e.start('caller_latest', {}));
    const latestChild = await e.instance(latest.childIds[0]!);
    expect(latestChild).toMatchObject({ processKey: 'versioned_child', version: 2 });
    expect(activeIds(latestChild)).toEqual(['childStepV2']);

    const bound = await e.instance(await e.start('caller_deployment', {}));
    const boundChild = await e.instance(bound.childIds[0]!);
    expect(boundChild).toMatchObject({ processKey: 'versioned_child', version: 1 });
    expect(activeIds(boundChild)).toEqual(['childStepV1']);
  });

  it('an instance starts on the latest version unless a version is given', async () => {
    const latest = await e.instance(await e.start('versioned_child', {}));
    expect(latest.version).toBe(2);
    const first = await e.instance(await e.start('versioned_child', {}, { version: 1 }));
    expect(first.version).toBe(1);
    expect(activeIds(first)).toEqual(['childStepV1']);
  });

  it('a task completed inside a sub-process updates a variable where it lives (the sub-process) and puts new ones on the process', async () => {
    const id = await e.start('local_scope', {});
    await e.complete(id, 'write', { draft: 'second draft', wordCount: 500 });
    let view = await e.instance(id);
    // The gateway saw the updated local draft: no redo.
    expect(activeIds(view)).toEqual(['publish']);
    // draft was the sub-process's own variable: gone with it; wordCount was new: on the process.
    expect(view.variables).toEqual({ wordCount: 500 });

    const again = await e.start('local_scope', {});
    await e.complete(again, 'write', { wordCount: 10 });
    view = await e.instance(again);
    expect(activeIds(view)).toEqual(['drafting', 'redo']);
    expect(view.variables).toEqual({ wordCount: 10 });
  });
});
