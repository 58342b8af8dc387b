import { useState } from 'react';
import { App, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { dataOf } from '@docket/client';
import { api } from '../../app/api.ts';
import { LanguageSwitch } from '../../app/layout.tsx';
import { useT } from '../../app/locale.tsx';
import { ME_QUERY_KEY, useMeQuery } from '../../app/session.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';

interface SignInValues {
  username: string;
  password: string;
}

/** Sign-in: the API sets the httpOnly session cookie and the readable CSRF cookie. */
export function SignInPage() {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<SignInValues>();
  const [submitting, setSubmitting] = useState(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMeQuery();
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/';
  if (me.data) return <Navigate to={next} replace />;

  const onFinish = async (values: SignInValues) => {
    setSubmitting(true);
    try {
      const { user } = dataOf(await api.POST('/api/v1/auth/login', { body: values }));
      queryClient.setQueryData(ME_QUERY_KEY, user);
      navigate(next, { replace: true });
    } catch (error) {
      applyFieldErrors(form, fieldErrorsOf(error), ['username', 'password']);
      showProblem(message, error, t);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 360 }} title={<Typography.Title level={4} style={{ margin: 0 }}>{t('app.name')}</Typography.Title>} extra={<LanguageSwitch />}>
        <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} size="middle">
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
      </Card>
    </div>
  );
}
