import { Tag } from 'antd';
import { MessageOutlined } from '@ant-design/icons';
import type { Comment } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { translateIfKnown } from '../../i18n/i18n.ts';

/** On a comment the customer wrote (by e-mail, on the tracking page): 客户回复 · 邮件 / 网页表单. Nothing otherwise. */
export function CustomerReplyTag({ comment }: { comment: Pick<Comment, 'origin' | 'channel'> }) {
  const { t } = useLocale();
  if (comment.origin !== 'customer') return null;
  const channel = comment.channel ? translateIfKnown(t, `channel.${comment.channel}`) : undefined;
  return (
    <Tag color="orange" icon={<MessageOutlined />} data-testid="customer-reply">
      {channel ? t('comments.customerReplyVia', { channel }) : t('comments.customerReply')}
    </Tag>
  );
}
