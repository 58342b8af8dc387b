import { useMemo } from 'react';
import { Alert, App, Button, Divider, Empty, Skeleton, Space, Typography } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { dataOf, type Case, type CaseType } from '@docket/client';
import { api } from '../../../app/api.ts';
import { useCan } from '../../../app/access.tsx';
import { useLocale } from '../../../app/locale.tsx';
import { formatDateTime } from '../../../components/case-tags.tsx';
import { showProblem, toProblemDocument } from '../../../components/problem-display.ts';
import { useCaseTypes } from '../../cases/case-queries.ts';
import { draftArticleFromCase, useCaseSuggestions, type SimilarCase } from './case-knowledge-api.ts';
import { ReasonList } from './reason-list.tsx';
import type { ReplyInsertion } from './reply-insertion.ts';
import { SuggestedArticleItem } from './suggested-article-item.tsx';
import { optionLabelsOf, type ReasonVocabulary } from './suggestion-reasons.ts';
import { splitLabelForAdmin } from '../../public-form/public-form-fields.ts';

/** Drafting from a case turns its resolution into knowledge: a case still being worked has none yet. */
const isFinished = (c: Pick<Case, 'statusCategory'>) => c.statusCategory === 'resolved' || c.statusCategory === 'closed';

/** The knowledge side panel's content: suggested articles, similar resolved cases, and drafting an article from this case. */
export function CaseKnowledgePanel({ c, reply }: { c: Case; reply: ReplyInsertion }) {
  const { t, locale } = useLocale();
  const suggestions = useCaseSuggestions(c.id, c.version);
  const vocabulary = useReasonVocabulary(c);
  const canDraft = useCan('knowledge:write') && isFinished(c);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="small" data-testid="knowledge-panel-content">
      {canDraft && <DraftFromCaseButton caseId={c.id} />}
      {suggestions.isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : suggestions.isError ? (
        <Alert
          type="error"
          title={t('knowledgeCase.loadError')}
          description={toProblemDocument(suggestions.error, t).title}
          action={
            <Button size="small" onClick={() => suggestions.refetch()}>
              {t('app.retry')}
            </Button>
          }
        />
      ) : (
        <>
          {suggestions.data.terms.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }} data-testid="knowledge-terms">
              {t('knowledgeCase.terms', { terms: suggestions.data.terms.join(locale === 'zh-CN' ? '、' : ', ') })}
            </Typography.Text>
          )}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('knowledgeCase.articles')}
          </Typography.Title>
          {suggestions.data.articles.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('knowledgeCase.articlesEmpty')} />
          ) : (
            suggestions.data.articles.map((suggestion, index) => (
              <div key={suggestion.article.id}>
                {index > 0 && <Divider style={{ margin: '8px 0' }} />}
                <SuggestedArticleItem suggestion={suggestion} caseId={c.id} reply={reply} vocabulary={vocabulary} />
              </div>
            ))
          )}
          <Divider style={{ margin: '8px 0' }} />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('knowledgeCase.similarCases')}
          </Typography.Title>
          {suggestions.data.similarCases.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('knowledgeCase.similarCasesEmpty')} />
          ) : (
            suggestions.data.similarCases.map((similar) => <SimilarCaseItem key={similar.case.id} similar={similar} vocabulary={vocabulary} />)
          )}
        </>
      )}
    </Space>
  );
}

function SimilarCaseItem({ similar, vocabulary }: { similar: SimilarCase; vocabulary: ReasonVocabulary }) {
  const { t, locale } = useLocale();
  const typeName = vocabulary.caseTypeNames[similar.case.typeKey];
  return (
    <div data-testid="similar-case" style={{ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0 }}>
      <Link to={`/cases/${similar.case.id}`} style={{ overflowWrap: 'anywhere' }}>
        <Typography.Text strong>{similar.case.number}</Typography.Text> {similar.case.title}
      </Link>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[typeName ? splitLabelForAdmin(typeName, locale) : undefined, similar.case.resolvedAt ? t('knowledgeCase.resolvedAt', { date: formatDateTime(similar.case.resolvedAt, locale) }) : undefined]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
      <ReasonList reasons={similar.reasons} vocabulary={vocabulary} />
    </div>
  );
}

function DraftFromCaseButton({ caseId }: { caseId: string }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const draft = useMutation({
    mutationFn: () => draftArticleFromCase(caseId),
    onSuccess: (articleId) => {
      void message.success(t('knowledgeCase.drafted'));
      void navigate(`/knowledge/articles/${articleId}/edit`);
    },
    onError: (error) => showProblem(message, error, t),
  });
  return (
    <div>
      <Button block icon={<FileAddOutlined />} loading={draft.isPending} onClick={() => draft.mutate()} data-testid="draft-from-case">
        {t('knowledgeCase.draft')}
      </Button>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('knowledgeCase.draftHint')}
      </Typography.Text>
    </div>
  );
}

/** Case type names and the case form's option labels: what turns a reason's codes into words. */
function useReasonVocabulary(c: Case): ReasonVocabulary {
  const { locale } = useLocale();
  const caseTypes = useCaseTypes();
  // The same query (and cache entry) as the case view's own form.
  const caseType = useQuery({
    queryKey: ['case-type', c.type, c.typeVersion],
    queryFn: async (): Promise<CaseType> => dataOf(await api.GET('/api/v1/case-types/{key}/versions/{version}', { params: { path: { key: c.type, version: c.typeVersion } } })),
    staleTime: Infinity,
  });
  return useMemo(
    () => ({
      locale,
      caseTypeNames: Object.fromEntries((caseTypes.data ?? []).map((type) => [type.key, type.name])),
      optionLabels: optionLabelsOf(caseType.data?.schema),
    }),
    [locale, caseTypes.data, caseType.data],
  );
}
