import type { LoopDef, UserTaskDef } from '../graph.ts';

/** Graph pieces the approval tests (signers, countersign, rewind) share. */
export const loop = (fields: Partial<LoopDef>): LoopDef => ({
  sequential: false,
  cardinality: null,
  collection: null,
  elementVariable: null,
  completionCondition: null,
  outputCollection: null,
  outputElement: null,
  ...fields,
});

export const userTask = (fields: Partial<UserTaskDef> = {}): UserTaskDef => ({
  assignee: null,
  candidateUsers: null,
  candidateGroups: null,
  departmentRole: null,
  formKey: null,
  dueDate: null,
  countersign: null,
  slaRef: null,
  priority: null,
  ...fields,
});
