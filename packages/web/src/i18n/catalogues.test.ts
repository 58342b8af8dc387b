import { describe, expect, it } from 'vitest';
import { enUS } from './en-US.ts';
import { createTranslate } from './i18n.ts';
import { zhCN } from './zh-CN.ts';
import { approvalsZhCN } from './approvals.zh-CN.ts';
import { consoleZhCN } from './console.zh-CN.ts';
import { modelerZhCN } from './modeler.zh-CN.ts';
import { notificationsZhCN } from './notifications.zh-CN.ts';
import { problemsZhCN } from './problems.zh-CN.ts';
import { auditActionsZhCN } from './audit-actions.zh-CN.ts';
import { slaAdminZhCN } from './sla-admin.zh-CN.ts';
import { slaReportsZhCN } from './sla-reports.zh-CN.ts';
import { slaZhCN } from './sla.zh-CN.ts';
import { routingAdminZhCN } from './routing-admin.zh-CN.ts';
import { routingZhCN } from './routing.zh-CN.ts';
import { publicFormZhCN } from './public-form.zh-CN.ts';
import { integrationAdminZhCN } from './integration-admin.zh-CN.ts';
import { knowledgeZhCN } from './knowledge.zh-CN.ts';
import { knowledgeCaseZhCN } from './knowledge-case.zh-CN.ts';

describe('i18n catalogues', () => {
  it('zh-CN and en-US have exactly the same keys', () => {
    expect(Object.keys(enUS).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('no message is empty and placeholders match between languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, zh] of Object.entries(zhCN)) {
      const en = enUS[key as keyof typeof zhCN];
      expect(zh.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(en), key).toEqual(placeholders(zh));
    }
  });

  it('defines each key in one feature catalogue only: a second definition would silently win by spread order', () => {
    const parts = { approvalsZhCN, consoleZhCN, modelerZhCN, notificationsZhCN, problemsZhCN, slaAdminZhCN, slaReportsZhCN, slaZhCN };
    Object.assign(parts, { routingAdminZhCN });
    Object.assign(parts, { routingZhCN });
    Object.assign(parts, { publicFormZhCN });
    Object.assign(parts, { integrationAdminZhCN });
    Object.assign(parts, { auditActionsZhCN });
    Object.assign(parts, { knowledgeZhCN });
    Object.assign(parts, { knowledgeCaseZhCN });
    const owners = new Map<string, string[]>();
    for (const [part, catalogue] of Object.entries(parts)) for (const key of Object.keys(catalogue)) owners.set(key, [...(owners.get(key) ?? []), part]);
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
  });

  it('fills placeholders', () => {
    expect(createTranslate('en-US')('workspace.shown', { count: 3 })).toBe('3 shown');
    expect(createTranslate('zh-CN')('workspace.shown', { count: 3 })).toBe('已显示 3 条');
  });
});
