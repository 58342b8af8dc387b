// Rule changes made through this process, counted: the event index of every app in the process
// checks the database's rule generation at once when this moved, instead of waiting for its next
// periodic check. (A change made by another process is seen within that period.)
let changes = 0;

export function noteRuleChanged(): void {
  changes++;
}

export function ruleChangesInThisProcess(): number {
  return changes;
}
