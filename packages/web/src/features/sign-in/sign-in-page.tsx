import { type ReactNode, useState } from 'react';
import { App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { dataOf, isProblem, type Me } from '@docket/client';
import { api } from '../../app/api.ts';
import { LanguageSwitch } from '../../app/layout.tsx';
import { useT } from '../../app/locale.tsx';
import { ME_QUERY_KEY, useMeQuery } from '../../app/session.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { RecoveryCodes, TotpCodeInput, TotpSecret } from '../account/totp-parts.tsx';

interface SignInValues {
  username: string;
  password: string;
}

/**
 * Where sign-in stands: the password step; the second factor (a TOTP code or a recovery code);
 * forced enrolment when a role requires a second factor the user does not have yet; and the
 * recovery codes, shown once, after an enrolment completed during sign-in.
 */
type Step =
  | { kind: 'password' }
  | { kind: 'mfa'; mfaToken: string }
  | { kind: 'enrol'; mfaToken: string; secret?: string; otpauthUri?: string }
  | { kind: 'recovery-codes'; user: Me; codes: string[] };

/** Sign-in: the API sets the httpOnly session cookie and the readable CSRF cookie. */
export function SignInPage() {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<SignInValues>();
  const [codeForm] = Form.useForm<{ code?: string; recoveryCode?: string }>();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [useRecovery, setUseRecovery] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMeQuery();
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/';
  if (me.data && step.kind !== 'recovery-codes') return <Navigate to={next} replace />;

  const finish = (user: Me) => {
    queryClient.setQueryData(ME_QUERY_KEY, user);
    void navigate(next, { replace: true });
  };

  const onPassword = async (values: SignInValues) => {
    setSubmitting(true);
    try {
      const answer = dataOf(await api.POST('/api/v1/auth/login', { body: values }));
      if ('mfaRequired' in answer) {
        codeForm.resetFields();
        if (answer.mfaEnrolmentRequired) {
          const enrolment = dataOf(await api.POST('/api/v1/auth/login/mfa/enrolment', { body: { mfaToken: answer.mfaToken } }));
          setStep({ kind: 'enrol', mfaToken: answer.mfaToken, ...enrolment });
        } else setStep({ kind: 'mfa', mfaToken: answer.mfaToken });
      } else finish(answer.user);
    } catch (error) {
      applyFieldErrors(form, fieldErrorsOf(error, t), ['username', 'password']);
      showProblem(message, error, t);
    } finally {
      setSubmitting(false);
    }
  };

  const onCode = async (values: { code?: string; recoveryCode?: string }) => {
    if (step.kind !== 'mfa' && step.kind !== 'enrol') return;
    setSubmitting(true);
    try {
      const body = useRecovery && step.kind === 'mfa' ? { mfaToken: step.mfaToken, recoveryCode: values.recoveryCode!.trim() } : { mfaToken: step.mfaToken, code: values.code! };
      const answer = dataOf(await api.POST('/api/v1/auth/login/mfa', { body }));
      // The second step sets the session and CSRF cookies and answers who I am, as the first does.
      const user = answer.user;
      if (answer.recoveryCodes?.length) setStep({ kind: 'recovery-codes', user, codes: answer.recoveryCodes });
      else finish(user);
    } catch (error) {
      applyFieldErrors(codeForm, fieldErrorsOf(error, t), ['code', 'recoveryCode']);
      showProblem(message, error, t);
      // An expired or spent challenge cannot be retried: start again from the password.
      if (isProblem(error, 'mfa-token-invalid')) setStep({ kind: 'password' });
    } finally {
      setSubmitting(false);
    }
  };

  const codeField = (
    <Form.Item name="code" label={t('mfa.code')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('mfa.codeInvalid') }]}>
      <TotpCodeInput autoFocus />
    </Form.Item>
  );

  let body: ReactNode;
  if (step.kind === 'password') {
    body = (
      <Form form={form} layout="vertical" onFinish={onPassword} requiredMark={false} size="middle">
        <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true, message: t('signIn.required') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.required') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {t('signIn.submit')}
        </Button>
      </Form>
    );
  } else if (step.kind === 'mfa') {
    body = (
      <Form form={codeForm} layout="vertical" onFinish={onCode} requiredMark={false} size="middle" data-testid="mfa-step">
        <Typography.Paragraph>
          <SafetyOutlined /> {useRecovery ? t('mfa.recoveryPrompt') : t('mfa.prompt')}
        </Typography.Paragraph>
        {useRecovery ? (
          <Form.Item name="recoveryCode" label={t('mfa.recoveryCode')} rules={[{ required: true, message: t('signIn.required') }]}>
            <Input autoComplete="off" autoFocus style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        ) : (
          codeField
        )}
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="submit-code">
            {t('mfa.verify')}
          </Button>
          <Button type="link" block onClick={() => setUseRecovery(!useRecovery)}>
            {useRecovery ? t('mfa.useCode') : t('mfa.useRecovery')}
          </Button>
          <Button type="link" block onClick={() => setStep({ kind: 'password' })}>
            {t('mfa.back')}
          </Button>
        </Space>
      </Form>
    );
  } else if (step.kind === 'enrol') {
    body = (
      <Form form={codeForm} layout="vertical" onFinish={onCode} requiredMark={false} size="middle" data-testid="mfa-enrol-step">
        <Typography.Paragraph>{t('mfa.enrolmentRequired')}</Typography.Paragraph>
        {step.secret && step.otpauthUri && <TotpSecret secret={step.secret} otpauthUri={step.otpauthUri} />}
        <div style={{ height: 12 }} />
        {codeField}
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="submit-code">
          {t('mfa.confirm')}
        </Button>
      </Form>
    );
  } else {
    body = (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <RecoveryCodes codes={step.codes} />
        <Button type="primary" block onClick={() => finish(step.user)} data-testid="continue">
          {t('mfa.continue')}
        </Button>
      </Space>
    );
  }

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5', padding: 16 }}>
      <Card
        style={{ width: step.kind === 'password' || step.kind === 'mfa' ? 360 : 440, maxWidth: '100%' }}
        title={
          <Typography.Title level={1} style={{ margin: 0, fontSize: 20 }}>
            {t('app.name')}
          </Typography.Title>
        }
        extra={<LanguageSwitch />}
      >
        <Typography.Paragraph type="secondary">{step.kind === 'password' ? t('signIn.subtitle') : t('mfa.title')}</Typography.Paragraph>
        {body}
      </Card>
    </main>
  );
}
