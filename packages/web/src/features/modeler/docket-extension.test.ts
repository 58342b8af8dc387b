import { describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import {
  assignmentKindOf,
  docketModdleDescriptor,
  planAssignmentClear,
  planDepartmentRoleWrite,
  planDocketWrite,
  readDepartmentRole,
  readDocketAttr,
  type ModdleObject,
  type ModdleWrite,
} from './docket-extension.ts';

// The properties panel's read and write of Docket's extension, over bpmn-moddle with the
// server's descriptor (what the modeler loads): the XML written is what the compiler reads.

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:docket="https://docket.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:extensionElements><docket:processSettings candidateStarterGroups="agent" historyTimeToLive="P30D" /></bpmn:extensionElements>
    <bpmn:userTask id="plain" />
    <bpmn:userTask id="assigned">
      <bpmn:extensionElements>
        <docket:assignment candidateGroups="risk-review" />
        <docket:countersign mode="vote" threshold="2" />
        <docket:form key="credit-review" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:userTask id="byDepartment">
      <bpmn:extensionElements><docket:assignment><docket:departmentRole role="branch-head" relativeTo="case-department" /></docket:assignment></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:serviceTask id="call"><bpmn:extensionElements><docket:connector type="http" url="https://x.example" timeoutMs="5000" /></bpmn:extensionElements></bpmn:serviceTask>
  </bpmn:process>
</bpmn:definitions>`;

async function load(xml = XML) {
  const moddle = new BpmnModdle({ docket: docketModdleDescriptor() });
  const { rootElement } = await moddle.fromXML(xml);
  const byId = (id: string) => {
    const process = (rootElement as unknown as { rootElements: ModdleObject[] }).rootElements[0]!;
    if (id === 'p') return process;
    return (process.get('flowElements') as ModdleObject[]).find((e) => e.id === id)!;
  };
  const create = (type: string, attrs?: Record<string, unknown>) => moddle.create(type, attrs) as unknown as ModdleObject;
  const apply = (write: ModdleWrite | null) => {
    expect(write).not.toBeNull();
    for (const [k, v] of Object.entries(write!.props)) write!.target.set(k, v);
  };
  const toXml = async () => (await moddle.toXML(rootElement, { format: true })).xml;
  return { byId, create, apply, toXml };
}

describe('reading docket elements', () => {
  it('reads attributes as text, numbers included, and nothing as empty', async () => {
    const { byId } = await load();
    expect(readDocketAttr(byId('assigned'), 'Assignment', 'candidateGroups')).toBe('risk-review');
    expect(readDocketAttr(byId('assigned'), 'Countersign', 'mode')).toBe('vote');
    expect(readDocketAttr(byId('assigned'), 'Countersign', 'threshold')).toBe('2');
    expect(readDocketAttr(byId('assigned'), 'Form', 'key')).toBe('credit-review');
    expect(readDocketAttr(byId('call'), 'Connector', 'timeoutMs')).toBe('5000');
    expect(readDocketAttr(byId('p'), 'ProcessSettings', 'historyTimeToLive')).toBe('P30D');
    expect(readDocketAttr(byId('plain'), 'Assignment', 'assignee')).toBe('');
    expect(readDepartmentRole(byId('byDepartment'))).toEqual({ role: 'branch-head', relativeTo: 'case-department' });
    expect(readDepartmentRole(byId('assigned'))).toBeNull();
  });

  it('tells the kind of assignment: group or role (by the known role keys), department role, user, expression', async () => {
    const { byId, create, apply } = await load();
    expect(assignmentKindOf(byId('plain'))).toBe('none');
    expect(assignmentKindOf(byId('assigned'))).toBe('group');
    expect(assignmentKindOf(byId('assigned'), ['risk-review', 'agent'])).toBe('role');
    expect(assignmentKindOf(byId('byDepartment'))).toBe('departmentRole');
    apply(planDocketWrite(byId('plain'), 'Assignment', { assignee: 'u-1' }, create));
    expect(assignmentKindOf(byId('plain'))).toBe('user');
    apply(planDocketWrite(byId('plain'), 'Assignment', { assignee: '=initiator' }, create));
    expect(assignmentKindOf(byId('plain'))).toBe('expression');
  });
});

describe('writing docket elements', () => {
  it('creates extensionElements and the docket element on a bare task, and the XML carries it', async () => {
    const { byId, create, apply, toXml } = await load();
    apply(planDocketWrite(byId('plain'), 'Assignment', { assignee: 'user-x' }, create));
    apply(planDocketWrite(byId('plain'), 'Schedule', { dueDate: 'P2D', priority: '50' }, create));
    const xml = await toXml();
    expect(xml).toMatch(/<bpmn:userTask id="plain">\s*<bpmn:extensionElements>\s*<docket:assignment assignee="user-x" \/>\s*<docket:schedule dueDate="P2D" priority="50" \/>/);
    // Read back from the written XML, as the modeler reopening it would.
    const again = await load(xml);
    expect(readDocketAttr(again.byId('plain'), 'Assignment', 'assignee')).toBe('user-x');
    expect(readDocketAttr(again.byId('plain'), 'Schedule', 'dueDate')).toBe('P2D');
  });

  it('changes an attribute in place, writes numbers as numbers, and removes the element once empty', async () => {
    const { byId, create, apply, toXml } = await load();
    apply(planDocketWrite(byId('assigned'), 'Countersign', { threshold: '3' }, create));
    expect(byId('assigned').get('extensionElements') && readDocketAttr(byId('assigned'), 'Countersign', 'threshold')).toBe('3');
    apply(planDocketWrite(byId('call'), 'Connector', { retries: '0' }, create));
    expect(await toXml()).toContain('retries="0"');
    apply(planDocketWrite(byId('assigned'), 'Form', { key: '' }, create));
    expect(await toXml()).not.toContain('docket:form');
    // Clearing a field that was never set changes nothing.
    expect(planDocketWrite(byId('plain'), 'Sla', { ref: '' }, create)).toBeNull();
  });

  it('keeps a countersign share such as 0.6 and the members group key', async () => {
    const { byId, create, apply, toXml } = await load();
    apply(planDocketWrite(byId('assigned'), 'Countersign', { threshold: '0.6', members: 'risk-committee' }, create));
    const xml = await toXml();
    expect(xml).toContain('threshold="0.6"');
    expect(xml).toContain('members="risk-committee"');
    const again = await load(xml);
    expect(readDocketAttr(again.byId('assigned'), 'Countersign', 'members')).toBe('risk-committee');
  });

  it('writes, changes and removes a department-relative role; clearing the assignment drops it', async () => {
    const { byId, create, apply, toXml } = await load();
    apply(planDepartmentRoleWrite(byId('plain'), { role: 'branch-head', relativeTo: 'initiator-department' }, create));
    expect(await toXml()).toMatch(/<docket:assignment>\s*<docket:departmentRole role="branch-head" relativeTo="initiator-department" \/>\s*<\/docket:assignment>/);
    apply(planDepartmentRoleWrite(byId('plain'), { role: 'branch-head', relativeTo: 'case-department' }, create));
    expect(readDepartmentRole(byId('plain'))).toEqual({ role: 'branch-head', relativeTo: 'case-department' });
    apply(planDepartmentRoleWrite(byId('plain'), null, create));
    expect(readDepartmentRole(byId('plain'))).toBeNull();
    apply(planAssignmentClear(byId('assigned')));
    expect(readDocketAttr(byId('assigned'), 'Assignment', 'candidateGroups')).toBe('');
    expect(readDocketAttr(byId('assigned'), 'Countersign', 'mode')).toBe('vote');
  });

  it('writes process settings on the process', async () => {
    const { byId, create, apply, toXml } = await load();
    apply(planDocketWrite(byId('p'), 'ProcessSettings', { candidateStarterGroups: 'agent,supervisor' }, create));
    expect(await toXml()).toContain('<docket:processSettings candidateStarterGroups="agent,supervisor" historyTimeToLive="P30D" />');
  });
});
