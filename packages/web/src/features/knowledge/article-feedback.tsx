import { useState } from 'react';
import { App, Button, Space, Typography } from 'antd';
import { DislikeOutlined, LikeOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useLocale } from '../../app/locale.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { knowledgeApi, knowledgeKeys, type KnowledgeArticle } from './knowledge-api.ts';

/** 有帮助 / 没帮助: the reader's own answer pressed, the counts beside; helpful answers lift the article in search. */
export function ArticleFeedback({ article }: { article: KnowledgeArticle }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [state, setState] = useState({ usage: article.usage, mine: article.myFeedback });
  const [busy, setBusy] = useState(false);
  const give = async (kind: 'helpful' | 'not-helpful') => {
    setBusy(true);
    try {
      const result = await knowledgeApi.giveFeedback(article.id, kind);
      setState({ usage: result.usage, mine: result.myFeedback });
      void message.success(t('knowledge.feedback.thanks'));
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.home });
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap align="center" data-testid="article-feedback">
      <Typography.Text>{t('knowledge.feedback.question')}</Typography.Text>
      <Button
        icon={<LikeOutlined />}
        aria-pressed={state.mine === 'helpful'}
        type={state.mine === 'helpful' ? 'primary' : 'default'}
        loading={busy}
        onClick={() => void give('helpful')}
        data-testid="feedback-helpful"
      >
        {t('knowledge.feedback.helpful', { count: state.usage.helpful })}
      </Button>
      <Button
        icon={<DislikeOutlined />}
        aria-pressed={state.mine === 'not-helpful'}
        type={state.mine === 'not-helpful' ? 'primary' : 'default'}
        loading={busy}
        onClick={() => void give('not-helpful')}
        data-testid="feedback-not-helpful"
      >
        {t('knowledge.feedback.notHelpful', { count: state.usage.notHelpful })}
      </Button>
    </Space>
  );
}
