import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { CheckOutlined, CloseOutlined, EditOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { knowledgeApi, knowledgeKeys, type KnowledgeArticle } from './knowledge-api.ts';

type Dialog = { kind: 'submit' } | { kind: 'review'; decision: 'approved' | 'rejected' } | { kind: 'retire' };

/**
 * What the reader may do with the article now, exactly as the server's `can` says: edit, submit
 * for review, approve or reject (first review or compliance), retire. Rejecting and retiring ask why.
 */
export function ArticleActions({ article }: { article: KnowledgeArticle }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ text?: string }>();
  const { can } = article;
  const reviewing = can.review || can.complianceReview;
  const stage = can.complianceReview && !can.review ? 'compliance' : 'review';

  const run = async (action: () => Promise<KnowledgeArticle>, done: string) => {
    setBusy(true);
    try {
      const updated = await action();
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
      void message.success(done);
      setDialog(null);
      form.resetFields();
      // After publishing or retiring the reader follows the article to what everyone sees.
      if (updated.status === 'published' || updated.status === 'retired') void navigate(`/knowledge/articles/${updated.id}`, { replace: true });
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!dialog) return;
    const { text } = await form.validateFields();
    const trimmed = text?.trim() || undefined;
    if (dialog.kind === 'submit') await run(() => knowledgeApi.submitArticle(article.id, article.version, trimmed), t('knowledge.action.submitted'));
    if (dialog.kind === 'review')
      await run(() => knowledgeApi.reviewArticle(article.id, article.version, dialog.decision, trimmed), t(dialog.decision === 'approved' ? 'knowledge.action.approved' : 'knowledge.action.rejected'));
    if (dialog.kind === 'retire') await run(() => knowledgeApi.retireArticle(article.id, article.version, trimmed!), t('knowledge.action.retired'));
  };

  if (!can.edit && !can.submit && !reviewing && !can.retire) return null;
  const textRequired = dialog?.kind === 'retire' || (dialog?.kind === 'review' && dialog.decision === 'rejected');
  const dialogTitle =
    dialog?.kind === 'submit'
      ? t('knowledge.action.submitTitle')
      : dialog?.kind === 'retire'
        ? t('knowledge.action.retireTitle')
        : dialog?.decision === 'approved'
          ? t(stage === 'compliance' ? 'knowledge.action.approveComplianceTitle' : 'knowledge.action.approveTitle')
          : t('knowledge.action.rejectTitle');
  const textLabel = dialog?.kind === 'submit' ? t('knowledge.action.note') : dialog?.kind === 'retire' ? t('knowledge.action.reason') : t('knowledge.action.comment');

  return (
    <Space wrap data-testid="article-actions">
      {can.edit && (
        <Button icon={<EditOutlined />} onClick={() => void navigate(`/knowledge/articles/${article.id}/edit`)} data-testid="edit-article">
          {t('knowledge.action.edit')}
        </Button>
      )}
      {can.submit && (
        <Button type="primary" icon={<SendOutlined />} onClick={() => setDialog({ kind: 'submit' })} data-testid="submit-article">
          {t('knowledge.action.submit')}
        </Button>
      )}
      {reviewing && (
        <>
          <Button type="primary" icon={<CheckOutlined />} onClick={() => setDialog({ kind: 'review', decision: 'approved' })} data-testid="approve-article">
            {t(stage === 'compliance' ? 'knowledge.action.approveCompliance' : 'knowledge.action.approve')}
          </Button>
          <Button danger icon={<CloseOutlined />} onClick={() => setDialog({ kind: 'review', decision: 'rejected' })} data-testid="reject-article">
            {t('knowledge.action.reject')}
          </Button>
        </>
      )}
      {can.retire && (
        <Button danger icon={<StopOutlined />} onClick={() => setDialog({ kind: 'retire' })} data-testid="retire-article">
          {t('knowledge.action.retire')}
        </Button>
      )}
      <Modal
        open={!!dialog}
        title={dialogTitle}
        okText={t('knowledge.action.confirm')}
        cancelText={t('knowledge.cancel')}
        onOk={() => void confirm().catch(() => undefined)}
        onCancel={() => {
          setDialog(null);
          form.resetFields();
        }}
        confirmLoading={busy}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'confirm-action' }}
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="text"
            label={textLabel}
            rules={textRequired ? [{ required: true, whitespace: true, message: t('knowledge.action.textRequired') }] : []}
            extra={dialog?.kind === 'review' && dialog.decision === 'approved' && article.audience === 'customer' && stage === 'review' ? t('knowledge.action.complianceNext') : undefined}
          >
            <Input.TextArea rows={3} maxLength={dialog?.kind === 'review' ? 2000 : 1000} showCount data-testid="action-text" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
