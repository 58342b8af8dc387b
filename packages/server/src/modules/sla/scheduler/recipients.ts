import type { Tx } from '../../../platform/db/database.ts';
import { findParentDepartmentId, listHoldersOfGroupsOrRoles, listRoleHoldersInDepartment } from '../../access/index.ts';
import type { SlaRecipient } from '../model.ts';

/** The most people one escalation tells (a role held by thousands stops here). */
const MAX_RECIPIENTS = 200;
/** How far up the department tree a supervisor or head is looked for: a sub-branch, its branch, the head office. */
const MAX_DEPARTMENT_HOPS = 5;

export interface EscalationSubject {
  /** The case's assignee, or the step task's holder for a step clock. */
  assigneeId: string | null;
  departmentId: string | null;
}

/**
 * The people a recipient names, for one case. supervisors: holders of the role `supervisor` in the
 * case's department; department-head: holders of the department role `head` there (as the process
 * engine resolves department roles). A department without one asks its parent, up the tree, so a
 * sub-branch's case reaches its branch's supervisor.
 */
export async function resolveRecipients(tx: Tx, recipient: SlaRecipient, subject: EscalationSubject): Promise<string[]> {
  switch (recipient.kind) {
    case 'assignee':
      return subject.assigneeId ? [subject.assigneeId] : [];
    case 'supervisors':
      return holdersUpTheTree(tx, 'supervisor', subject.departmentId);
    case 'department-head':
      return holdersUpTheTree(tx, 'head', subject.departmentId);
    case 'role':
      return listHoldersOfGroupsOrRoles(tx, [recipient.role], MAX_RECIPIENTS);
    case 'group':
      return listHoldersOfGroupsOrRoles(tx, [recipient.group], MAX_RECIPIENTS);
    case 'user':
      return [recipient.userId];
  }
}

async function holdersUpTheTree(tx: Tx, role: string, departmentId: string | null): Promise<string[]> {
  let department = departmentId;
  for (let hop = 0; department && hop < MAX_DEPARTMENT_HOPS; hop++) {
    const holders = await listRoleHoldersInDepartment(tx, role, department);
    if (holders.length > 0) return holders.slice(0, MAX_RECIPIENTS).map((h) => h.id);
    department = await findParentDepartmentId(tx, department);
  }
  return [];
}
