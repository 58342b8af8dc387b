import { useState } from 'react';
import { App, Button, Space, Tag, Typography } from 'antd';
import { DislikeOutlined, LikeOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useLocale } from '../../../app/locale.tsx';
import { showProblem } from '../../../components/problem-display.ts';
import { fetchReplyText, recordArticleFeedback, type SuggestedArticle } from './case-knowledge-api.ts';
import { MarkedSnippet } from '../marked-snippet.tsx';
import { ReasonList } from './reason-list.tsx';
import type { ReasonVocabulary } from './suggestion-reasons.ts';
import type { ReplyInsertion } from './reply-insertion.ts';

/** One suggested article: what it is, the passage that matched, why, and what the agent may do with it here. */
export function SuggestedArticleItem({ suggestion, caseId, reply, vocabulary }: { suggestion: SuggestedArticle; caseId: string; reply: ReplyInsertion; vocabulary: ReasonVocabulary }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const { article } = suggestion;
  const [myFeedback, setMyFeedback] = useState<'helpful' | 'not-helpful' | null>(null);

  const feedback = useMutation({
    mutationFn: (kind: 'helpful' | 'not-helpful') => recordArticleFeedback(article.id, caseId, kind),
    onSuccess: (result) => {
      setMyFeedback(result.myFeedback);
      void message.success(t('knowledgeCase.feedbackSaved'));
    },
    onError: (error) => showProblem(message, error, t),
  });
  const attach = useMutation({
    mutationFn: async () => {
      reply.insert(await fetchReplyText(article.id));
      await recordArticleFeedback(article.id, caseId, 'attached');
    },
    onSuccess: () => void message.success(t('knowledgeCase.attached')),
    onError: (error) => showProblem(message, error, t),
  });
  // Opening counts as a view from a suggestion; the request outlives the move to the article (same page, no unload).
  const recordView = () => void recordArticleFeedback(article.id, caseId, 'viewed').catch(() => undefined);

  return (
    <div data-testid="suggested-article" data-article-id={article.id} style={{ display: 'flex', flexDirection: 'column', gap: 6, minWidth: 0 }}>
      <Space size={4} wrap>
        <Tag color="blue">{t(`knowledgeCase.kind.${article.kind}`)}</Tag>
        <Tag color={article.audience === 'customer' ? 'green' : 'default'}>{t(`knowledgeCase.audience.${article.audience}`)}</Tag>
        <Typography.Text type="secondary">{article.number}</Typography.Text>
      </Space>
      <Link
        to={`/knowledge/articles/${article.id}`}
        onClick={recordView}
        aria-label={t('knowledgeCase.openArticle', { title: article.title })}
        data-testid="suggested-article-open"
        style={{ fontWeight: 600, overflowWrap: 'anywhere' }}
      >
        {article.title}
      </Link>
      {/* The one field with markup: the server's escaped passage, matched words in <mark>. */}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0, overflowWrap: 'anywhere' }} data-testid="suggested-article-snippet">
        <MarkedSnippet snippet={suggestion.snippet} />
      </Typography.Paragraph>
      <ReasonList reasons={suggestion.reasons} vocabulary={vocabulary} />
      <Space size={4} wrap>
        {suggestion.attachable && reply.available && (
          <Button size="small" type="primary" icon={<SendOutlined />} loading={attach.isPending} onClick={() => attach.mutate()} data-testid="attach-to-reply">
            {t('knowledgeCase.attach')}
          </Button>
        )}
        <Button
          size="small"
          icon={<LikeOutlined />}
          type={myFeedback === 'helpful' ? 'primary' : 'default'}
          ghost={myFeedback === 'helpful'}
          aria-pressed={myFeedback === 'helpful'}
          loading={feedback.isPending && feedback.variables === 'helpful'}
          onClick={() => feedback.mutate('helpful')}
          data-testid="article-helpful"
        >
          {t('knowledgeCase.helpful')}
        </Button>
        <Button
          size="small"
          icon={<DislikeOutlined />}
          type={myFeedback === 'not-helpful' ? 'primary' : 'default'}
          ghost={myFeedback === 'not-helpful'}
          aria-pressed={myFeedback === 'not-helpful'}
          loading={feedback.isPending && feedback.variables === 'not-helpful'}
          onClick={() => feedback.mutate('not-helpful')}
          data-testid="article-not-helpful"
        >
          {t('knowledgeCase.notHelpful')}
        </Button>
      </Space>
    </div>
  );
}
