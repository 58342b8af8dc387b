import { describe, expect, it } from 'vitest';
import { markInstance, runDurationMs, summarizeElement, takenFlowsOf, type HistoryRun } from './instance-marking.ts';

const run = (elementId: string, startedAt: string, endedAt: string | null, outcome: string | null = endedAt ? 'completed' : null): HistoryRun => ({
  elementInstanceId: `${elementId}-${startedAt}`,
  elementId,
  elementType: 'userTask',
  startedAt: `2026-12-01T${startedAt}Z`,
  endedAt: endedAt ? `2026-12-01T${endedAt}Z` : null,
  outcome,
});

// start → review → gateway → (approve | reject); a timer waits on review's boundary.
const FLOWS = [
  { id: 'f1', sourceRef: 'start', targetRef: 'review' },
  { id: 'f2', sourceRef: 'review', targetRef: 'gw' },
  { id: 'fYes', sourceRef: 'gw', targetRef: 'approve' },
  { id: 'fNo', sourceRef: 'gw', targetRef: 'reject' },
  { id: 'fTimer', sourceRef: 'timer', targetRef: 'remind' },
];

describe('instance marking', () => {
  it('sorts history into completed, active, waiting, canceled and incident, one state per element', () => {
    const marking = markInstance({
      history: [
        run('start', '08:00:00', '08:00:00'),
        run('review', '08:00:00', '09:00:00', 'approved'),
        run('gw', '09:00:00', '09:00:00'),
        run('approve', '09:00:00', null),
        run('old', '07:00:00', '07:30:00', 'canceled'),
      ],
      activeElements: [{ elementId: 'approve' }],
      waitingEvents: [{ elementId: 'timer' }],
      incidents: [],
      flows: FLOWS,
    });
    expect([...marking.completed].sort()).toEqual(['gw', 'review', 'start']);
    expect([...marking.active]).toEqual(['approve']);
    expect([...marking.waiting]).toEqual(['timer']);
    expect([...marking.canceled]).toEqual(['old']);
    expect(marking.states.get('review')).toBe('completed');
    expect(marking.states.get('approve')).toBe('active');
    expect(marking.states.get('timer')).toBe('waiting');
    expect(marking.states.get('old')).toBe('canceled');
  });

  it('an element run again after completing is active, an incident outranks everything', () => {
    const marking = markInstance({
      history: [run('review', '08:00:00', '09:00:00', 'rejected'), run('review', '10:00:00', null)],
      incidents: [{ elementId: 'rate' }],
      activeElements: [{ elementId: 'rate' }],
    });
    expect(marking.states.get('review')).toBe('active');
    expect(marking.states.get('rate')).toBe('incident');
  });

  it('takes only the branch a gateway entered, and no flow out of an element still running', () => {
    const history = [run('start', '08:00:00', '08:00:00'), run('review', '08:00:00', '09:00:00'), run('gw', '09:00:00', '09:00:00'), run('approve', '09:00:01', null)];
    expect([...takenFlowsOf(history, FLOWS)].sort()).toEqual(['f1', 'f2', 'fYes']);
    expect([...takenFlowsOf([run('start', '08:00:00', '08:00:00'), run('review', '08:00:00', null)], FLOWS)]).toEqual(['f1']);
  });

  it('does not mark a branch not taken whose target was reached later by another path', () => {
    // gw → review → signOff → reply, and gw → reply by default: reply is entered, but through signOff.
    const flows = [
      { id: 'toReview', sourceRef: 'gw', targetRef: 'review' },
      { id: 'toReply', sourceRef: 'gw', targetRef: 'reply' },
      { id: 'signedOff', sourceRef: 'review', targetRef: 'reply' },
    ];
    const history = [run('gw', '09:00:00', '09:00:00'), run('review', '09:00:00', '10:00:00'), run('reply', '10:00:00', null)];
    expect([...takenFlowsOf(history, flows)].sort()).toEqual(['signedOff', 'toReview']);
  });

  it('marks every branch of a parallel split and every flow into its join', () => {
    const flows = [
      { id: 'a', sourceRef: 'split', targetRef: 'x' },
      { id: 'b', sourceRef: 'split', targetRef: 'y' },
      { id: 'xJoin', sourceRef: 'x', targetRef: 'join' },
      { id: 'yJoin', sourceRef: 'y', targetRef: 'join' },
    ];
    const history = [run('split', '09:00:00', '09:00:00'), run('x', '09:00:00', '09:10:00'), run('y', '09:00:00', '09:20:00'), run('join', '09:20:00', '09:20:00')];
    expect([...takenFlowsOf(history, flows)].sort()).toEqual(['a', 'b', 'xJoin', 'yJoin']);
  });

  it('a canceled source does not count as having taken its flows', () => {
    expect([...takenFlowsOf([run('timer', '08:00:00', '09:00:00', 'canceled'), run('remind', '09:30:00', '09:30:00')], FLOWS)]).toEqual([]);
  });

  it('measures runs, running ones up to now, and sums an element run twice', () => {
    expect(runDurationMs(run('a', '08:00:00', '08:01:30'))).toBe(90_000);
    expect(runDurationMs(run('a', '08:00:00', null), Date.parse('2026-12-01T08:00:05Z'))).toBe(5_000);
    expect(runDurationMs({ startedAt: 'not a date', endedAt: null })).toBeNull();
    const summary = summarizeElement([run('review', '10:00:00', '10:00:10', 'approved'), run('other', '08:00:00', '09:00:00'), run('review', '08:00:00', '08:01:00', 'rejected')], 'review');
    expect(summary.runs.map((r) => r.outcome)).toEqual(['rejected', 'approved']);
    expect(summary.totalMs).toBe(70_000);
    expect(summary.lastOutcome).toBe('approved');
    expect(summarizeElement([run('review', '08:00:00', null)], 'review').totalMs).toBeNull();
  });
});
