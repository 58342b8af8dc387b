import { describe, expect, it } from 'vitest';
import type { CaseType } from '@docket/client';
import { createTranslate } from '../../i18n/i18n.ts';
import { bulkStatusOptions, findTransition, statusLabel, statusOptions } from './case-status.ts';

const lifecycle: CaseType['lifecycle'] = {
  initial: 'triage',
  statuses: [
    { key: 'triage', labels: { 'zh-CN': '分诊', 'en-US': 'Triage' }, category: 'open' },
    { key: 'dismissed', labels: { 'zh-CN': '已排除', 'en-US': 'Dismissed' }, category: 'closed' },
  ],
  transitions: [{ from: 'triage', to: 'dismissed', requiresReason: true, action: 'case:close' }],
};
const aml = { key: 'aml', lifecycle } as CaseType;
const zh = createTranslate('zh-CN');

describe('statuses as the case type names them', () => {
  it("labels a status from its type's lifecycle in the reader's language", () => {
    expect(statusLabel(lifecycle, 'triage', 'zh-CN', zh)).toBe('分诊');
    expect(statusLabel(lifecycle, 'triage', 'en-US', createTranslate('en-US'))).toBe('Triage');
  });
  it('falls back to the built-in name, then to the key, for a status the lifecycle no longer has', () => {
    expect(statusLabel(lifecycle, 'pending', 'zh-CN', zh)).toBe('待客户回复');
    expect(statusLabel(undefined, 'archived', 'zh-CN', zh)).toBe('archived');
  });
  it('finds whether a move needs a reason, and offers filter and bulk choices from the lifecycles', () => {
    expect(findTransition(lifecycle, 'triage', 'dismissed')?.requiresReason).toBe(true);
    expect(findTransition(lifecycle, 'dismissed', 'triage')).toBeUndefined();
    expect(statusOptions([aml], 'zh-CN', zh)).toEqual([
      { value: 'triage', label: '分诊' },
      { value: 'dismissed', label: '已排除' },
    ]);
    expect(bulkStatusOptions([aml], [{ type: 'aml', status: 'triage' }], 'zh-CN', zh)).toEqual([{ value: 'dismissed', label: '已排除' }]);
    expect(bulkStatusOptions([aml], [{ type: 'aml', status: 'dismissed' }], 'zh-CN', zh)).toEqual([]);
  });
});
