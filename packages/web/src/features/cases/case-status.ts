import type { CaseStatus } from '@docket/client';

// The server's status machine (packages/server/src/modules/cases/case-status.ts), mirrored to
// offer only the moves it will accept; the server still decides.
const ALLOWED: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['open', 'pending', 'resolved'],
  open: ['pending', 'resolved'],
  pending: ['open', 'resolved'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};

export function nextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return ALLOWED[from];
}

export function isReopening(from: CaseStatus, to: CaseStatus): boolean {
  return (from === 'resolved' || from === 'closed') && to === 'open';
}
