import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import {
  DIALOG_ACTIONS,
  actionColor,
  actionLabel,
  countersignText,
  dialogSpec,
  doneKey,
  fromWhom,
  isWebLink,
  offeredActions,
  offersClaim,
  requestBody,
  retryAfterMinutes,
} from './approval-actions.ts';
import { todoSearchParams } from './approval-api.ts';
import { filtersOf, hasFilters, searchOf, viewOf } from './todo-filters.ts';

const zh = createTranslate('zh-CN');
const en = createTranslate('en-US');

describe('the approval screen offers only what the task view allows', () => {
  it('maps allowedActions to dialog buttons in a fixed order, leaving out claim, unclaim and complete', () => {
    expect(offeredActions({ caseId: 'c1', allowedActions: ['cc', 'reject', 'approve', 'claim', 'complete', 'urge', 'return'] })).toEqual(['approve', 'reject', 'return', 'cc', 'urge']);
    // No case, no 抄送.
    expect(offeredActions({ caseId: null, allowedActions: ['cc', 'approve'] })).toEqual(['approve']);
    expect(offeredActions({ allowedActions: [] })).toEqual([]);
    expect(offeredActions({})).toEqual([]);
    expect(offersClaim({ allowedActions: ['claim'] })).toEqual({ claim: true, unclaim: false });
  });

  it('offers nothing on another system’s task: it is done there', () => {
    expect(offeredActions({ kind: 'external', allowedActions: ['approve', 'urge'] })).toEqual([]);
    expect(offersClaim({ kind: 'external', allowedActions: ['claim', 'unclaim'] })).toEqual({ claim: false, unclaim: false });
  });

  it('asks for a reason where the server requires one, a person where one is named, a step for return', () => {
    const required = DIALOG_ACTIONS.filter((a) => dialogSpec(a).reasonRequired);
    expect(required).toEqual(['reject', 'return', 'transfer', 'withdraw']);
    expect(dialogSpec('transfer').user).toBe('one');
    expect(dialogSpec('delegate').user).toBe('one');
    expect(dialogSpec('add-signer')).toMatchObject({ user: 'one', position: true });
    expect(dialogSpec('cc').user).toBe('many');
    expect(dialogSpec('return').returnTarget).toBe(true);
    expect(dialogSpec('approve')).toMatchObject({ text: 'comment', sendsForm: true, tone: 'primary' });
    expect(dialogSpec('reject').tone).toBe('danger');
  });

  it('builds each request body with the brief’s field names', () => {
    expect(requestBody('approve', { text: '  同意放款 ' }, { limit: 5 })).toEqual({ comment: '同意放款', variables: { limit: 5 } });
    expect(requestBody('approve', { text: ' ' }, {})).toEqual({});
    expect(requestBody('reject', { text: '材料不全' })).toEqual({ reason: '材料不全' });
    expect(requestBody('return', { text: '补充材料', targetElementId: 'branchReview' })).toEqual({ reason: '补充材料', targetElementId: 'branchReview' });
    expect(requestBody('transfer', { text: '休假', userId: 'u2' })).toEqual({ reason: '休假', userId: 'u2' });
    expect(requestBody('delegate', { userId: 'u3', text: '请先核实' })).toEqual({ comment: '请先核实', userId: 'u3' });
    expect(requestBody('add-signer', { userId: 'u4' })).toEqual({ userId: 'u4', position: 'before' });
    expect(requestBody('add-signer', { userId: 'u4', position: 'alongside', text: '金额较大' })).toEqual({ reason: '金额较大', userId: 'u4', position: 'alongside' });
    expect(requestBody('cc', { userIds: ['a', 'b'] })).toEqual({ userIds: ['a', 'b'] });
    expect(requestBody('urge', {})).toEqual({});
    expect(requestBody('withdraw', { text: '填错了' })).toEqual({ reason: '填错了' });
  });

  it('names every action and its success in both languages; an unknown action reads as other', () => {
    for (const action of DIALOG_ACTIONS) {
      for (const t of [zh, en]) {
        expect(actionLabel(t, action)).not.toContain('approval.');
        expect(t(doneKey(action))).not.toContain('approval.');
        expect(t(`approval.help.${action}` as 'approval.help.approve')).not.toContain('approval.');
      }
    }
    expect(actionLabel(zh, 'approve')).toBe('同意');
    expect(actionLabel(zh, 'return')).toBe('退回');
    expect(actionLabel(zh, 'unclaim')).not.toBe('退回');
    expect(actionLabel(zh, 'teleport')).toBe('其他操作');
    expect(actionColor('reject')).toBe('red');
    expect(actionColor('approve')).toBe('green');
  });

  it('words countersign progress, with the threshold of a vote', () => {
    expect(countersignText(zh, { mode: 'all', threshold: null, approved: 1, rejected: 0, total: 2 })).toBe('会签 · 1/2 同意 · 0 驳回');
    expect(countersignText(zh, { mode: 'vote', threshold: 2, approved: 1, rejected: 1, total: 3 })).toBe('票签 · 1/3 同意 · 1 驳回 · 需 2 票');
    expect(countersignText(en, { mode: 'any', threshold: null, approved: 0, rejected: 0, total: 2 })).toContain('Any one approves');
    expect(countersignText(zh, null)).toBeNull();
  });

  it('reads an urge’s retryAfter as seconds or an instant, in whole minutes', () => {
    const now = Date.parse('2026-12-07T08:00:00Z');
    expect(retryAfterMinutes(1500, now)).toBe(25);
    expect(retryAfterMinutes('61', now)).toBe(2);
    expect(retryAfterMinutes('2026-12-07T08:10:00Z', now)).toBe(10);
    expect(retryAfterMinutes(5, now)).toBe(1);
    expect(retryAfterMinutes(undefined, now)).toBeNull();
    expect(retryAfterMinutes('soon', now)).toBeNull();
  });

  it('opens only web links of external systems, and names a delegator only for a delegated task', () => {
    expect(isWebLink('https://loans.example/t/1')).toBe(true);
    expect(isWebLink('javascript:alert(1)')).toBe(false);
    expect(isWebLink('')).toBe(false);
    expect(fromWhom({ owner: 'a', ownerName: '王芳', assignee: 'b', delegationState: 'pending' })).toBe('王芳');
    expect(fromWhom({ owner: null, assignee: 'b', delegationState: null })).toBeNull();
  });
});

describe('the to-do list’s address and query', () => {
  it('keeps the tab and filters in the address and reads them back', () => {
    const filters = { processKey: 'credit-approval', overdue: true, q: ' CR-1 ' };
    const search = new URLSearchParams(searchOf('done', filters));
    expect(viewOf(search)).toBe('done');
    expect(filtersOf(search)).toEqual({ processKey: 'credit-approval', overdue: true, q: 'CR-1' });
    expect(searchOf('todo', {})).toEqual({});
    expect(viewOf(new URLSearchParams('view=bogus'))).toBe('todo');
    expect(filtersOf(new URLSearchParams('dueBefore=notadate&kind=other'))).toEqual({});
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ caseType: 'complaint' })).toBe(true);
  });

  it('asks the server for my tasks of one view with only the filters set', () => {
    expect(todoSearchParams('todo', {}).toString()).toBe('assignee=me&view=todo&limit=50');
    const params = todoSearchParams('started', { caseType: 'credit-approval', overdue: true, q: '  ', kind: 'external' }, 'abc');
    expect(Object.fromEntries(params)).toEqual({ assignee: 'me', view: 'started', limit: '50', caseType: 'credit-approval', overdue: 'true', kind: 'external', cursor: 'abc' });
  });
});
