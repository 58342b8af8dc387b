import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import { describeLoad, loadPercent, profileToValues, valuesToProfileBody } from './profile-model.ts';
import type { RoutingProfile } from './routing-admin-api.ts';

const zh = createTranslate('zh-CN');

const agentBj: RoutingProfile = {
  userId: '0193a000-0000-7000-8000-0000000000b1',
  displayName: '王芳 (北京坐席)',
  departmentId: null,
  skills: [{ skill: 'case-type:complaint', level: 4 }],
  languages: ['zh', 'en'],
  branchIds: [],
  capacity: { total: 12, byChannel: { chat: 2 }, byCaseType: { complaint: 5 } },
  presence: 'available',
  presenceChangedAt: '2026-12-05T08:00:00.000Z',
  lastSeenAt: null,
  load: { total: 3, byChannel: {}, byCaseType: {}, openTasks: 0 },
  queueIds: [],
  version: 1,
};

describe('the routing profile editor model', () => {
  it('edits capacity maps as rows and writes them back as maps', () => {
    const values = profileToValues(agentBj);
    expect(values.byChannel).toEqual([{ key: 'chat', count: 2 }]);
    expect(valuesToProfileBody(values)).toEqual({
      skills: [{ skill: 'case-type:complaint', level: 4 }],
      languages: ['zh', 'en'],
      branchIds: [],
      capacity: { total: 12, byChannel: { chat: 2 }, byCaseType: { complaint: 5 } },
    });
  });

  it('leaves blank rows out, and an empty total means no overall limit', () => {
    const body = valuesToProfileBody({
      skills: [
        { skill: ' product:credit-card ', level: 3 },
        { skill: '', level: 2 },
      ],
      languages: ['en', ' '],
      branchIds: [],
      capacityTotal: null,
      byChannel: [{ key: '', count: 3 }],
      byCaseType: [{ key: 'consultation', count: 0 }],
    });
    expect(body).toEqual({ skills: [{ skill: 'product:credit-card', level: 3 }], languages: ['en'], branchIds: [], capacity: { total: null, byChannel: {}, byCaseType: { consultation: 0 } } });
  });

  it('says load against capacity', () => {
    expect(describeLoad(agentBj.load, agentBj.capacity, zh)).toBe('3 / 12');
    expect(describeLoad({ ...agentBj.load, openTasks: 2 }, { ...agentBj.capacity, total: null }, zh)).toBe('3 / 不限（另有 2 项流程任务）');
    expect(loadPercent(agentBj.load, agentBj.capacity)).toBe(25);
    expect(loadPercent(agentBj.load, { ...agentBj.capacity, total: null })).toBeUndefined();
  });
});
