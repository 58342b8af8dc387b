import { Alert, App, Button, Checkbox, Input, Modal, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useLocale } from '../../app/locale.tsx';
import { canClose, type SecretEvent, type SecretReveal } from './secret-model.ts';

/**
 * The signing secret, shown this once with a copy button and a warning. It cannot be dismissed
 * (Esc, the mask, the close button) until it was copied or the administrator says they stored it.
 */
export function SecretOnceModal({ reveal, dispatch }: { reveal: SecretReveal; dispatch(event: SecretEvent): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const closable = canClose(reveal);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(reveal.secret);
      dispatch({ type: 'copied' });
      void message.success(t('integrationAdmin.secret.copied'));
    } catch {
      // No clipboard (plain http, a locked-down browser): the field is selected for Ctrl+C instead.
      (document.querySelector('[data-testid="webhook-secret"]') as HTMLInputElement | null)?.select();
      void message.info(t('integrationAdmin.secret.copyByHand'));
    }
  };
  return (
    <Modal
      open
      title={t('integrationAdmin.secret.title', { name: reveal.webhookName })}
      closable={closable}
      keyboard={closable}
      mask={{ closable: false }}
      onCancel={() => dispatch({ type: 'closed' })}
      footer={
        <Button type="primary" disabled={!closable} onClick={() => dispatch({ type: 'closed' })} data-testid="secret-done">
          {t('integrationAdmin.secret.done')}
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="secret-once">
        <Alert type="warning" showIcon title={t('integrationAdmin.secret.warning')} />
        <Space.Compact style={{ width: '100%' }}>
          <Input readOnly value={reveal.secret} aria-label={t('integrationAdmin.secret.label')} data-testid="webhook-secret" style={{ fontFamily: 'monospace' }} onFocus={(e) => e.target.select()} />
          <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="copy-secret">
            {t('integrationAdmin.secret.copy')}
          </Button>
        </Space.Compact>
        <Typography.Text type="secondary">{t('integrationAdmin.secret.howToVerify')}</Typography.Text>
        <Checkbox checked={reveal.acknowledged} onChange={(e) => dispatch({ type: 'acknowledged', value: e.target.checked })} data-testid="secret-stored">
          {t('integrationAdmin.secret.stored')}
        </Checkbox>
      </Space>
    </Modal>
  );
}
