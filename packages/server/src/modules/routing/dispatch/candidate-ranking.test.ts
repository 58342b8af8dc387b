import { describe, expect, it } from 'vitest';
import type { QueueRow, SelectAgentInput } from '../model.ts';
import { capacityReached, EMPTY_LOAD, loadRatio, rankEligible, type CandidateFacts } from './candidate-ranking.ts';

const agent = (userId: string, over: Partial<CandidateFacts> = {}): CandidateFacts => ({
  userId,
  departmentId: null,
  hasProfile: true,
  presence: 'available',
  skills: [],
  languages: ['zh'],
  branchIds: [],
  capacity: { total: null, byChannel: {}, byCaseType: {} },
  load: EMPTY_LOAD,
  ...over,
});
const input = (strategy: QueueRow['strategy'], over: Partial<SelectAgentInput> = {}) =>
  ({ queue: { strategy } as QueueRow, subject: { channel: 'chat', caseType: 'complaint' }, requiredSkills: [], requiredLanguages: [], ...over }) as SelectAgentInput;

describe('candidate ranking', () => {
  it('round-robin starts after the last one served and wraps around', () => {
    const ids = ['a', 'b', 'c'].map((id) => agent(id));
    expect(rankEligible(ids, input('round-robin'), 'b').map((r) => r.userId)).toEqual(['c', 'a', 'b']);
    expect(rankEligible(ids, input('round-robin'), 'c').map((r) => r.userId)).toEqual(['a', 'b', 'c']);
    expect(rankEligible(ids, input('round-robin'), null).map((r) => r.userId)).toEqual(['a', 'b', 'c']);
  });

  it('least-loaded weighs the tightest limit (a chat limit of 2 half used beats a total of 10 with 6 open)', () => {
    const half = agent('a', { capacity: { total: null, byChannel: { chat: 2 }, byCaseType: {} }, load: { total: 1, byChannel: { chat: 1 }, byCaseType: {}, openTasks: 0 } });
    const sixty = agent('b', { capacity: { total: 10, byChannel: {}, byCaseType: {} }, load: { total: 5, byChannel: {}, byCaseType: {}, openTasks: 1 } });
    expect(loadRatio(half.capacity, half.load, 'chat', 'complaint')).toBe(0.5);
    expect(loadRatio(sixty.capacity, sixty.load, 'chat', 'complaint')).toBe(0.6);
    expect(rankEligible([sixty, half], input('least-loaded'), null).map((r) => r.userId)).toEqual(['a', 'b']);
  });

  it('puts the preferred user first when eligible', () => {
    const ids = ['a', 'b', 'c'].map((id) => agent(id));
    expect(rankEligible(ids, input('least-loaded', { preferredUserId: 'c' }), null)[0]!.userId).toBe('c');
  });

  it('names the limit reached, counting open tasks in the total', () => {
    const load = { total: 1, byChannel: { chat: 1 }, byCaseType: { complaint: 1 }, openTasks: 1 };
    expect(capacityReached({ total: 2, byChannel: {}, byCaseType: {} }, load, 'chat', 'complaint')).toBe('total 2');
    expect(capacityReached({ total: null, byChannel: { chat: 1 }, byCaseType: {} }, load, 'chat', 'complaint')).toBe('channel chat 1');
    expect(capacityReached({ total: null, byChannel: {}, byCaseType: { complaint: 1 } }, load, 'chat', 'complaint')).toBe('case type complaint 1');
    expect(capacityReached({ total: 3, byChannel: { chat: 2 }, byCaseType: {} }, load, 'chat', 'complaint')).toBeUndefined();
  });
});
