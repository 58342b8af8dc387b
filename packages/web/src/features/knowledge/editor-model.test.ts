import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { emptyArticleForm, formFieldOf, toArticleBody, toFormFieldErrors } from './editor-model.ts';

describe('the article editor’s form', () => {
  it('builds the request body: trimmed text, validity as whole days, a regulation only with its issuer', () => {
    const body = toArticleBody(
      {
        ...emptyArticleForm(),
        kind: 'regulation',
        title: '  信用卡年费减免规定 ',
        summary: ' ',
        tags: ['年费'],
        validFrom: dayjs('2026-01-01T15:00:00'),
        validTo: dayjs('2026-12-31T09:00:00'),
        regulationIssuer: '国家金融监督管理总局',
        regulationNumber: ' 金规〔2023〕2号 ',
        regulationIssuedAt: dayjs('2023-03-01'),
      },
      '<h2>适用范围</h2>',
    );
    expect(body).toMatchObject({ kind: 'regulation', title: '信用卡年费减免规定', summary: null, body: '<h2>适用范围</h2>', tags: ['年费'], categoryId: null, changeNote: null });
    expect(body.regulation).toEqual({ issuer: '国家金融监督管理总局', documentNumber: '金规〔2023〕2号', issuedAt: '2023-03-01' });
    expect(dayjs(body.validFrom!).format('YYYY-MM-DD HH:mm')).toBe('2026-01-01 00:00');
    expect(dayjs(body.validTo!).format('YYYY-MM-DD HH:mm')).toBe('2026-12-31 23:59');
    expect(toArticleBody({ ...emptyArticleForm(), title: 'x', regulationNumber: '2号' }, '').regulation).toBeNull();
  });

  it('puts a server error on the field it names', () => {
    expect(formFieldOf('title')).toBe('title');
    expect(formFieldOf('regulation.issuer')).toBe('regulationIssuer');
    expect(formFieldOf('tags.3')).toBe('tags');
    expect(formFieldOf('reach.subtrees.0')).toBe('reachSubtrees');
    expect(formFieldOf('body')).toBe('body');
    expect(formFieldOf('ownerId')).toBeUndefined();
    expect(
      toFormFieldErrors([
        { field: 'validTo', reason: 'before validFrom' },
        { field: 'ownerId', reason: 'unknown' },
      ]).map((e) => e.field),
    ).toEqual(['validTo', 'ownerId']);
  });
});
