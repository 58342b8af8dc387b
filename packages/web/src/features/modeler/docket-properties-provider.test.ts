import { describe, expect, it, vi } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import { docketModdleDescriptor, planDocketWrite, type ModdleObject } from './docket-extension.ts';
import { docketGroupsFor } from './docket-properties-provider.ts';

// Which groups and fields the panel offers for an element. The panel's preact components are
// not rendered here (bpmn-js-properties-panel's ESM build does not load in Node without a
// bundler), so its two packages are stood in for; the entries' ids are what is checked.
vi.mock('bpmn-js-properties-panel', () => ({ useService: () => undefined }));
vi.mock('@bpmn-io/properties-panel', () => ({
  SelectEntry: () => null,
  TextAreaEntry: () => null,
  TextFieldEntry: () => null,
  isSelectEntryEdited: () => false,
  isTextAreaEntryEdited: () => false,
  isTextFieldEntryEdited: () => false,
}));
vi.mock('@bpmn-io/properties-panel/preact', () => ({ createElement: () => null }));

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:docket="https://docket.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:userTask id="plain" />
    <bpmn:userTask id="assigned"><bpmn:extensionElements><docket:assignment candidateGroups="risk-review" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:userTask id="byDepartment">
      <bpmn:extensionElements><docket:assignment><docket:departmentRole role="branch-head" /></docket:assignment></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:serviceTask id="call"><bpmn:extensionElements><docket:connector type="http" url="https://x.example" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:businessRuleTask id="rate" />
    <bpmn:startEvent id="start" />
  </bpmn:process>
</bpmn:definitions>`;

async function load() {
  const moddle = new BpmnModdle({ docket: docketModdleDescriptor() });
  const { rootElement } = await moddle.fromXML(XML);
  const process = (rootElement as unknown as { rootElements: ModdleObject[] }).rootElements[0]!;
  const byId = (id: string) => (id === 'p' ? process : (process.get('flowElements') as ModdleObject[]).find((e) => e.id === id)!);
  const create = (type: string, attrs?: Record<string, unknown>) => moddle.create(type, attrs) as unknown as ModdleObject;
  return { byId, create };
}

describe('the properties panel groups by element', () => {
  it('offers assignment, form, countersign, schedule and separation of duties on a user task; the assignment fields follow the kind', async () => {
    const { byId, create } = await load();
    const context = { t: (key: string) => key, directory: { users: [], roles: [{ key: 'risk-review', name: '风险审查' }], groups: [] } };
    const groupsOf = (id: string) => docketGroupsFor({ id, type: byId(id).$type, businessObject: byId(id) }, context as never);
    expect(groupsOf('plain').map((g) => g.id)).toEqual(['docket-assignment', 'docket-form', 'docket-countersign', 'docket-schedule', 'docket-approval']);
    const entries = (id: string) => groupsOf(id)[0]!.entries.map((e) => e.id);
    expect(entries('plain')).toEqual(['docket-assignment-kind']);
    expect(entries('assigned')).toEqual(['docket-assignment-kind', 'docket-Assignment-candidateGroups']);
    expect(entries('byDepartment')).toEqual(['docket-assignment-kind', 'docket-departmentRole-role', 'docket-departmentRole-relativeTo']);
    const write = planDocketWrite(byId('plain'), 'Assignment', { assignee: 'u-1' }, create)!;
    for (const [k, v] of Object.entries(write.props)) write.target.set(k, v);
    expect(entries('plain')).toEqual(['docket-assignment-kind', 'docket-Assignment-assignee', 'docket-Assignment-candidateUsers']);
    expect(groupsOf('p').map((g) => g.id)).toEqual(['docket-process']);
    expect(groupsOf('call').map((g) => g.id)).toEqual(['docket-connector']);
    // An HTTP connector shows its request fields.
    expect(groupsOf('call')[0]!.entries.map((e) => e.id)).toContain('docket-Connector-url');
  });

  it('offers the decision group on a business rule task and nothing of Docket on other elements', async () => {
    const { byId } = await load();
    const context = { t: (key: string) => key, directory: { users: [], roles: [], groups: [] } };
    const groupsOf = (id: string) => docketGroupsFor({ id, type: byId(id).$type, businessObject: byId(id) }, context as never);
    expect(groupsOf('rate').map((g) => g.id)).toEqual(['docket-decision']);
    expect(groupsOf('rate')[0]!.entries.map((e) => e.id)).toEqual(['docket-Decision-decisionRef', 'docket-Decision-resultVariable', 'docket-Decision-mapDecisionResult']);
    expect(groupsOf('start')).toEqual([]);
  });
});
