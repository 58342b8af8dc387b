export const CASE_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

// new → open → pending (waiting on the customer) → resolved → closed; resolved and closed
// cases can be reopened. A case can be resolved straight from new (answered at first contact).
const ALLOWED: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['open', 'pending', 'resolved'],
  open: ['pending', 'resolved'],
  pending: ['open', 'resolved'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};

export interface TransitionVerdict {
  allowed: boolean;
  reason?: string;
  /** Reopening needs a stated reason: it is what the regulator asks about first. */
  needsReason: boolean;
}

export function judgeStatusTransition(from: CaseStatus, to: CaseStatus): TransitionVerdict {
  if (from === to) return { allowed: false, reason: `The case is already ${to}`, needsReason: false };
  if (!ALLOWED[from].includes(to)) {
    const hint = from === 'closed' ? 'a closed case can only be reopened' : `from ${from} it can go to ${ALLOWED[from].join(', ')}`;
    return { allowed: false, reason: `A ${from} case cannot become ${to}: ${hint}`, needsReason: false };
  }
  return { allowed: true, needsReason: isReopening(from, to) };
}

export function isReopening(from: CaseStatus, to: CaseStatus): boolean {
  return (from === 'resolved' || from === 'closed') && to === 'open';
}

export function isOpenStatus(status: CaseStatus): boolean {
  return status === 'new' || status === 'open' || status === 'pending';
}
