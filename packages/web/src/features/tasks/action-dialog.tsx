import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { isProblem } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { type DialogAction, type DialogValues, SIGNER_POSITIONS, actionLabel, dialogSpec, doneKey, requestBody, retryAfterMinutes } from './approval-actions.ts';
import { type ApprovalTask, invalidateAfterAction, taskOperations, useReturnTargets } from './approval-api.ts';
import { TaskUserPicker } from './user-picker.tsx';

type Values = DialogValues;

/** The form fields of the dialog, by the request's field names (for the server's field errors). */
const FIELD_OF: Record<string, keyof Values> = { reason: 'text', comment: 'text', userId: 'userId', userIds: 'userIds', targetElementId: 'targetElementId', position: 'position' };

function send(action: DialogAction, id: string, body: Record<string, unknown>): Promise<ApprovalTask | undefined> {
  switch (action) {
    case 'approve':
      return taskOperations.approve(id, body);
    case 'reject':
      return taskOperations.reject(id, body as { reason: string });
    case 'return':
      return taskOperations.return(id, body as { targetElementId: string; reason: string });
    case 'withdraw':
      return taskOperations.withdraw(id, body as { reason: string });
    case 'transfer':
      return taskOperations.transfer(id, body as { userId: string; reason: string });
    case 'delegate':
      return taskOperations.delegate(id, body as { userId: string });
    case 'resolve':
      return taskOperations.resolve(id, body);
    case 'add-signer':
      return taskOperations.addSigner(id, body as { userId: string; position: 'before' });
    case 'cc':
      return taskOperations.cc(id, body as { userIds: string[] });
    case 'urge':
      return taskOperations.urge(id, body);
  }
}

/**
 * One task operation in a modal: what it needs (a reason, a person, a step to go back to, where
 * a signer goes), sent as one request. The server's problems are shown in the reader's language;
 * field errors sit under their fields; a too-early urge says when it may be sent again.
 */
export function ActionDialog({
  task,
  action,
  onClose,
  onDone,
  formVariables,
}: {
  task: ApprovalTask;
  action: DialogAction | null;
  onClose: () => void;
  onDone: (action: DialogAction, answer: ApprovalTask | undefined) => void;
  /** The task form's values, or null when the form has errors the reader must fix first. */
  formVariables?: () => Record<string, unknown> | null;
}) {
  const { t, locale } = useLocale();
  const me = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [tooSoon, setTooSoon] = useState<number | null>(null);
  const spec = action ? dialogSpec(action) : null;
  const targets = useReturnTargets(task.id, action === 'return');

  const close = () => {
    setTooSoon(null);
    form.resetFields();
    onClose();
  };

  const submit = async (values: Values) => {
    if (!action || !spec) return;
    let variables: Record<string, unknown> | undefined;
    if (spec.sendsForm && formVariables) {
      const read = formVariables();
      // The form's own checks matter for a yes; a no or a hand-back goes without them.
      if (read === null && action === 'approve') {
        void message.warning(t('approval.formInvalid'));
        return;
      }
      variables = read ?? undefined;
    }
    setBusy(true);
    setTooSoon(null);
    try {
      const answer = await send(action, task.id, requestBody(action, values, variables));
      void message.success(t(doneKey(action)));
      await invalidateAfterAction(queryClient, task);
      form.resetFields();
      onDone(action, answer);
    } catch (error) {
      if (isProblem(error, 'urge-too-soon')) {
        setTooSoon(retryAfterMinutes((error.problem as Record<string, unknown>).retryAfter) ?? 1);
        return;
      }
      const errors = fieldErrorsOf(error, t).map((e) => ({ ...e, field: FIELD_OF[e.field] ?? e.field }));
      applyFieldErrors(form, errors, ['text', 'userId', 'userIds', 'targetElementId', 'position']);
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  const title = action ? actionLabel(t, action) : '';
  const textLabel = spec?.text === 'reason' ? t('approval.reason') : t('approval.comment');
  return (
    <Modal
      open={action !== null}
      title={title}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('approval.submit', { action: title })}
      cancelText={t('caseView.cancel')}
      okButtonProps={{ danger: spec?.tone === 'danger', 'data-testid': 'action-submit' }}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="action-dialog"
    >
      {action && spec && (
        <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ position: 'before' }} data-testid={`action-form-${action}`}>
          <Typography.Paragraph type="secondary">{t(`approval.help.${action}` as 'approval.help.approve')}</Typography.Paragraph>
          {spec.returnTarget && (
            <Form.Item name="targetElementId" label={t('approval.returnTarget')} rules={[{ required: true, message: t('approval.returnTargetRequired') }]}>
              <Select
                loading={targets.isPending}
                placeholder={t('approval.returnTargetPick')}
                notFoundContent={targets.isError ? t('approval.returnTargetsFailed') : t('approval.noReturnTargets')}
                options={(targets.data ?? []).map((target) => ({
                  value: target.elementId,
                  label: t('approval.returnTargetOption', {
                    name: target.name || target.elementId,
                    who: target.completedByName ?? t('approval.someone'),
                    at: formatDateTime(target.completedAt, locale),
                  }),
                }))}
                data-testid="return-target"
              />
            </Form.Item>
          )}
          {spec.user && (
            <Form.Item
              name={spec.user === 'many' ? 'userIds' : 'userId'}
              label={spec.user === 'many' ? t('approval.users') : t(action === 'add-signer' ? 'approval.signer' : action === 'delegate' ? 'approval.delegateTo' : 'approval.transferTo')}
              rules={[{ required: true, message: t('approval.userRequired') }]}
            >
              <TaskUserPicker caseId={task.caseId} multiple={spec.user === 'many'} exclude={spec.user === 'one' ? [me.id, task.assignee] : [me.id]} />
            </Form.Item>
          )}
          {spec.position && (
            <Form.Item name="position" label={t('approval.position')} rules={[{ required: true, message: t('approval.positionRequired') }]}>
              <Radio.Group>
                {SIGNER_POSITIONS.map((position) => (
                  <Radio key={position} value={position} data-testid={`position-${position}`} style={{ display: 'flex', marginBottom: 4 }}>
                    {t(`approval.position.${position}`)}
                    <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                      {t(`approval.position.${position}.help`)}
                    </Typography.Text>
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
          )}
          <Form.Item name="text" label={textLabel} rules={spec.reasonRequired ? [{ required: true, whitespace: true, message: t('approval.reasonRequired') }] : []}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount data-testid="action-text" />
          </Form.Item>
          {tooSoon !== null && <Alert type="warning" showIcon title={t('approval.urgeTooSoon', { minutes: tooSoon })} data-testid="urge-too-soon" role="alert" />}
        </Form>
      )}
    </Modal>
  );
}
