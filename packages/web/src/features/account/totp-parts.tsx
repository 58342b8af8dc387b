import { Alert, Button, Input, QRCode, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useT } from '../../app/locale.tsx';

/** The TOTP secret being enrolled: a QR code for an authenticator app, the secret to type, the otpauth URI. */
export function TotpSecret({ secret, otpauthUri }: { secret: string; otpauthUri: string }) {
  const t = useT();
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Text>{t('mfa.scan')}</Typography.Text>
      <QRCode value={otpauthUri} size={160} bordered={false} aria-label={t('mfa.qr')} />
      <Typography.Text type="secondary">{t('mfa.orType')}</Typography.Text>
      <Typography.Text code copyable={{ text: secret }} data-testid="totp-secret">
        {secret}
      </Typography.Text>
      <Typography.Text type="secondary" copyable={{ text: otpauthUri }} style={{ fontSize: 12, wordBreak: 'break-all' }}>
        {otpauthUri}
      </Typography.Text>
    </Space>
  );
}

/** Recovery codes, shown once: the user is told to keep them now. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useT();
  return (
    <Alert
      type="warning"
      showIcon
      title={t('mfa.recoveryCodes.title')}
      description={
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('mfa.recoveryCodes.detail')}</Typography.Text>
          <Input.TextArea readOnly aria-label={t('mfa.recoveryCodes.title')} value={codes.join('\n')} autoSize data-testid="recovery-codes" style={{ fontFamily: 'monospace' }} />
          <Button icon={<CopyOutlined />} onClick={() => void navigator.clipboard?.writeText(codes.join('\n')).catch(() => undefined)}>
            {t('mfa.recoveryCodes.copy')}
          </Button>
        </Space>
      }
    />
  );
}

/** Six digits, with the one-time-code autofill hint. */
export function TotpCodeInput(props: { id?: string; value?: string; onChange?: (value: string) => void; autoFocus?: boolean }) {
  const t = useT();
  return (
    <Input
      id={props.id}
      value={props.value}
      onChange={(e) => props.onChange?.(e.target.value.replace(/\D/g, '').slice(0, 6))}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      autoFocus={props.autoFocus}
      aria-label={t('mfa.code')}
      placeholder="123456"
      style={{ letterSpacing: 4, fontFamily: 'monospace' }}
    />
  );
}
