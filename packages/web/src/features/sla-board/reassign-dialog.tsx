import { useState } from 'react';
import { App, Form, Modal } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { dataOf, isProblem } from '@docket/client';
import { api } from '../../app/api.ts';
import { useT } from '../../app/locale.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { AssigneePicker } from '../cases/assignee-picker.tsx';
import { slaBoardKey, type SlaBoardCase } from './sla-board-api.ts';

/**
 * One-click reassign from the board: a person picker of the case's assignable users, then
 * PATCH /cases/{id} with If-Match of the version the board read, as the case page does. A 412
 * means someone changed the case meanwhile: nothing is overwritten and the board reloads.
 */
export function ReassignDialog({ target, onClose }: { target: SlaBoardCase | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [assigneeId, setAssigneeId] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const close = () => {
    setAssigneeId(undefined);
    onClose();
  };
  const save = async () => {
    if (!target || !assigneeId) return;
    setSaving(true);
    try {
      dataOf(await api.PATCH('/api/v1/cases/{id}', { params: { path: { id: target.id }, header: { 'if-match': `"${target.version}"` } }, body: { assigneeId } }));
      void message.success(t('slaBoard.reassignDone', { number: target.number }));
      close();
    } catch (error) {
      if (isProblem(error, 'case-version-stale')) {
        void message.warning(t('slaBoard.reassignStale'));
        close();
      } else showProblem(message, error, t);
    } finally {
      setSaving(false);
      await queryClient.invalidateQueries({ queryKey: slaBoardKey });
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    }
  };
  return (
    <Modal
      open={target !== null}
      title={target ? t('slaBoard.reassignTo', { number: target.number }) : ''}
      onCancel={close}
      onOk={save}
      okText={t('slaBoard.confirm')}
      cancelText={t('slaBoard.cancel')}
      okButtonProps={{ disabled: !assigneeId, loading: saving, 'data-testid': 'reassign-confirm' } as never}
      destroyOnHidden
      data-testid="reassign-dialog"
    >
      {target && (
        <Form layout="vertical">
          <Form.Item label={t('slaBoard.assignee')} htmlFor="sla-reassign-picker">
            <AssigneePicker id="sla-reassign-picker" caseId={target.id} value={assigneeId} onChange={(value) => setAssigneeId(value)} style={{ width: '100%', minWidth: 0 }} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
