import { useEffect, useRef, useState } from 'react';
import { useParams, Link } from 'react-router-dom';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Radio, Result, Select, Spin, Typography } from 'antd';
import { isProblem } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { fieldErrorsOf, toProblemDocument } from '../../components/problem-display.ts';
import { PublicPageFrame } from './public-page-frame.tsx';
import { fetchPublicForm, formPathOf, submitPublicForm, type PublicFormField, type SubmissionResult } from './public-form-api.ts';

/** The server refuses a form sent sooner than 3 s after it was read; a person rarely is that fast, autofill may be. */
const MIN_FILL_MS = 3_500;

interface Values {
  subject: string;
  fields: Record<string, unknown>;
  contact: Record<string, string | undefined>;
  consent: boolean;
  website?: string;
}

/** One control; Form.Item hands it value/checked and onChange, which it passes on. */
function FieldInput({ field, label, ...control }: { field: PublicFormField; label: string; [prop: string]: unknown }) {
  const { t, locale } = useLocale();
  const options = (field.options ?? []).map((o) => ({ value: o.value as string, label: o.labels[locale] }));
  switch (field.type) {
    case 'textarea':
      return <Input.TextArea {...control} autoSize={{ minRows: 4, maxRows: 12 }} maxLength={field.maxLength} showCount={field.maxLength !== undefined} aria-label={label} />;
    case 'number':
      return <InputNumber {...control} style={{ width: '100%' }} aria-label={label} />;
    case 'select':
      return <Select {...control} options={options} placeholder={t('publicForm.select')} aria-label={label} allowClear />;
    case 'radio':
      return <Radio.Group {...control} options={options} aria-label={label} />;
    case 'checkbox':
      return <Checkbox {...control} aria-label={label} />;
    default:
      return <Input {...control} maxLength={field.maxLength} aria-label={label} />;
  }
}

function Success({ result }: { result: SubmissionResult }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const link = `${window.location.origin}${result.trackingUrl}`;
  return (
    <Result
      status="success"
      title={t('publicForm.success.title')}
      subTitle={t('publicForm.success.number', { number: result.number })}
      extra={
        <div style={{ textAlign: 'left' }} data-testid="public-form-success">
          {result.duplicate && <Alert type="info" title={t('publicForm.success.duplicate')} style={{ marginBottom: 12 }} />}
          <Typography.Paragraph>{t('publicForm.success.keep')}</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: link, tooltips: [t('publicForm.success.copy'), t('publicForm.success.copied')], onCopy: () => void message.success(t('publicForm.success.copied')) }}>
            <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="tracking-link">
              {link}
            </Typography.Text>
          </Typography.Paragraph>
          <Link to={result.trackingUrl}>
            <Button type="primary">{t('publicForm.success.track')}</Button>
          </Link>
        </div>
      }
    />
  );
}

/** /forms/:key — the bank's public form: no sign-in, both languages, a tracking link on success. */
export function PublicFormPage() {
  const { key = '' } = useParams();
  const { t, locale } = useLocale();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string>();
  const loadedAt = useRef(Date.now());
  const view = useQuery({ queryKey: ['public-form', key], queryFn: () => fetchPublicForm(key), staleTime: Number.POSITIVE_INFINITY, retry: false });
  useEffect(() => {
    if (view.data) loadedAt.current = Date.now();
  }, [view.data]);
  useEffect(() => {
    if (view.data) document.title = view.data.titles[locale];
  }, [view.data, locale]);

  const submit = useMutation({
    mutationFn: async (values: Values) => {
      const wait = MIN_FILL_MS - (Date.now() - loadedAt.current);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const contact = Object.fromEntries(Object.entries(values.contact ?? {}).filter(([, v]) => v !== undefined && v !== ''));
      const fields = Object.fromEntries(Object.entries(values.fields ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''));
      return submitPublicForm(key, {
        formToken: view.data!.formToken,
        website: values.website ?? '',
        consent: values.consent === true,
        language: locale,
        subject: values.subject,
        fields,
        ...(Object.keys(contact).length > 0 ? { contact } : {}),
      });
    },
    onError: (error) => {
      const errors = fieldErrorsOf(error, t);
      form.setFields(errors.filter((e) => e.field !== 'formToken' && e.field !== 'website').map((e) => ({ name: formPathOf(e.field), errors: [e.reason] })));
      const unplaced = errors.filter((e) => e.field === 'formToken' || e.field === 'website');
      setFormError(unplaced.length > 0 ? unplaced.map((e) => e.reason).join(' ') : errors.length > 0 ? undefined : toProblemDocument(error, t).title);
    },
  });

  if (view.isPending)
    return (
      <PublicPageFrame>
        <Spin />
      </PublicPageFrame>
    );
  if (view.isError)
    return (
      <PublicPageFrame>
        <Result
          status={isProblem(view.error) && view.error.status === 404 ? '404' : 'error'}
          title={isProblem(view.error) && view.error.status === 404 ? t('publicForm.notFound') : toProblemDocument(view.error, t).title}
        />
      </PublicPageFrame>
    );
  const data = view.data;
  if (submit.data)
    return (
      <PublicPageFrame title={data.titles[locale]}>
        <Success result={submit.data} />
      </PublicPageFrame>
    );
  const required = { required: true, message: t('publicForm.required') };
  return (
    <PublicPageFrame title={data.titles[locale]}>
      <Card>
        {data.intro && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{data.intro[locale]}</Typography.Paragraph>}
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark
          onFinish={(values) => {
            setFormError(undefined);
            submit.mutate(values);
          }}
          data-testid="public-form"
        >
          <Form.Item name="subject" label={t('publicForm.subject')} rules={[required, { max: 200 }]}>
            <Input maxLength={200} placeholder={t('publicForm.subjectPlaceholder')} />
          </Form.Item>
          {data.fields.map((field) => {
            const label = field.labels[locale];
            return (
              <Form.Item key={field.key} name={['fields', field.key]} label={label} valuePropName={field.type === 'checkbox' ? 'checked' : 'value'} rules={field.required ? [required] : []}>
                <FieldInput field={field} label={label} />
              </Form.Item>
            );
          })}
          {data.contact.length > 0 && <Typography.Title level={5}>{t('publicForm.contact')}</Typography.Title>}
          {data.contact.map((c) => (
            <Form.Item key={c.kind} name={['contact', c.kind]} label={c.labels[locale]} rules={c.required ? [required] : []}>
              <Input type={c.kind === 'email' ? 'email' : c.kind === 'phone' ? 'tel' : 'text'} autoComplete={c.kind === 'name' ? 'name' : c.kind === 'phone' ? 'tel' : 'email'} />
            </Form.Item>
          ))}
          {/* Not for people: hidden from sight and from assistive technology; a bot filling every input fills it. */}
          <div aria-hidden="true" style={{ position: 'absolute', left: -10_000, width: 1, height: 1, overflow: 'hidden' }}>
            <Form.Item name="website" label="Website">
              <Input tabIndex={-1} autoComplete="off" />
            </Form.Item>
          </div>
          <Form.Item name="consent" valuePropName="checked" rules={[{ validator: (_rule, value) => (value ? Promise.resolve() : Promise.reject(new Error(t('fieldError.consent')))) }]}>
            <Checkbox>{t('publicForm.consent')}</Checkbox>
          </Form.Item>
          {formError && <Alert type="error" title={formError} style={{ marginBottom: 12 }} data-testid="public-form-error" />}
          <Button type="primary" htmlType="submit" block loading={submit.isPending} data-testid="public-form-submit">
            {submit.isPending ? t('publicForm.submitting') : t('publicForm.submit')}
          </Button>
        </Form>
      </Card>
    </PublicPageFrame>
  );
}
