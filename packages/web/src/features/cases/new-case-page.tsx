import { useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Spin, TreeSelect } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { CASE_PRIORITIES, dataOf, type CreateCaseBody, type FieldError } from '@docket/client';
import { api } from '../../app/api.ts';
import { useT } from '../../app/locale.tsx';
import { FormJsView, type FormJsSchema, type FormJsViewHandle } from '../../components/form-js-view.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { useCaseTypes } from './case-queries.ts';
import { FormFieldPersonalDataWarning } from '../../components/personal-data-warning.tsx';
import { useReachableDepartments } from '../../app/access.tsx';
import { useSession } from '../../app/session.tsx';
import { departmentTreeData } from '../admin/admin-queries.ts';
import { useCan } from '../../app/access.tsx';
import { PrefillPanel } from './prefill-panel.tsx';
import { PrefillFieldMark, PrefillFormMarks } from './prefill-form-marks.tsx';
import { usePrefill } from './prefill-session.tsx';

interface CaseHeaderValues {
  title: string;
  priority: CreateCaseBody['priority'];
  channel?: string;
  queue?: string;
  tags?: string[];
  departmentId?: string;
}

const HEADER_FIELDS = ['title', 'priority', 'channel', 'queue', 'tags', 'type', 'departmentId'] as const;
/** Splits a validation problem's errors into the case form's (fields.x) and the header's. */
export function splitFieldErrors(errors: FieldError[]): { formErrors: Record<string, string[]>; otherErrors: FieldError[] } {
  const formErrors: Record<string, string[]> = {};
  const otherErrors: FieldError[] = [];
  for (const error of errors) {
    const match = /^fields\.([^.]+)/.exec(error.field);
    if (match) formErrors[match[1]!] = [...(formErrors[match[1]!] ?? []), error.reason];
    else otherErrors.push(error);
  }
  return { formErrors, otherErrors };
}

export function NewCasePage() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const caseTypes = useCaseTypes();
  const me = useSession();
  // Only departments the user may create cases in; their own is the default when it is one of them.
  const departments = useReachableDepartments('case:create');
  const defaultDepartment = departments.data?.some((d) => d.id === me.departmentId) ? me.departmentId! : undefined;
  const typeKey = params.get('type') ?? undefined;
  const caseType = caseTypes.data?.find((ct) => ct.key === typeKey);
  const [header] = Form.useForm<CaseHeaderValues>();
  const formRef = useRef<FormJsViewHandle>(null);
  const [submitting, setSubmitting] = useState(false);
  const [unplaced, setUnplaced] = useState<FieldError[]>([]);
  const schema = useMemo(() => caseType?.schema as FormJsSchema | undefined, [caseType]);
  // Issue 22: the "paste the conversation" prefill, for those /me allows it.
  const prefill = usePrefill(caseType, header, useCan('assist:use'));
  const channel = Form.useWatch('channel', header);

  const submit = async () => {
    setUnplaced([]);
    let values: CaseHeaderValues;
    try {
      values = await header.validateFields();
    } catch {
      return;
    }
    const { data, errors } = formRef.current!.submit();
    if (Object.keys(errors).length > 0) {
      void message.warning(t('newCase.fieldErrors', { count: Object.keys(errors).length }));
      return;
    }
    setSubmitting(true);
    try {
      const body: CreateCaseBody = { type: typeKey!, title: values.title, priority: values.priority, fields: data };
      if (values.channel) body.channel = values.channel;
      if (values.queue) body.queue = values.queue;
      if (values.tags?.length) body.tags = values.tags;
      if (values.departmentId) body.departmentId = values.departmentId;
      const created = dataOf(await api.POST('/api/v1/cases', { body }));
      void message.success(t('newCase.created', { number: created.number }));
      // The case exists whatever happens to the record of what was taken from the suggestions.
      await prefill.recordOutcomes(created.id).catch(() => void message.warning(t('assist.prefill.outcomesFailed')));
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      void navigate(`/cases/${created.id}`);
    } catch (error) {
      const { formErrors, otherErrors } = splitFieldErrors(fieldErrorsOf(error, t));
      formRef.current?.setFieldErrors(formErrors);
      const rest = applyFieldErrors(header, otherErrors, HEADER_FIELDS);
      const formKeys = new Set(schema?.components.map((c) => c.key).filter(Boolean));
      setUnplaced([
        ...rest,
        ...Object.entries(formErrors)
          .filter(([key]) => !formKeys.has(key))
          .flatMap(([key, reasons]) => reasons.map((reason) => ({ field: `fields.${key}`, reason }))),
      ]);
      showProblem(message, error, t);
    } finally {
      setSubmitting(false);
    }
  };

  const form = caseType && schema && (
    <>
      <Form form={header} layout="vertical" initialValues={{ priority: 'normal' }} requiredMark>
        <Row gutter={12}>
          <Col xs={24} lg={12}>
            <Form.Item name="title" label={t('case.title')} rules={[{ required: true, message: t('signIn.required') }, { max: 300 }]} extra={<FormFieldPersonalDataWarning name="title" />}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} lg={4}>
            <Form.Item name="priority" label={t('case.priority')} extra={<PrefillFieldMark session={prefill} field="priority" />}>
              <Select options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} {...(prefill.enabled ? prefill.sourceFocusProps('priority') : {})} />
            </Form.Item>
          </Col>
          <Col xs={12} lg={4}>
            <Form.Item name="channel" label={t('case.channel')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} lg={4}>
            <Form.Item name="queue" label={t('case.queue')}>
              <Input />
            </Form.Item>
          </Col>
          {(departments.data?.length ?? 0) > 0 && (
            <Col xs={24} lg={8}>
              <Form.Item key={defaultDepartment ?? 'none'} name="departmentId" label={t('newCase.department')} initialValue={defaultDepartment}>
                <TreeSelect allowClear treeDefaultExpandAll placeholder={t('newCase.noDepartment')} treeData={departmentTreeData(departments.data ?? [])} data-testid="new-case-department" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} lg={12}>
            <Form.Item name="tags" label={t('case.tags')}>
              <Select mode="tags" open={false} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <PrefillFormMarks session={prefill}>
        <FormJsView key={caseType.key} ref={formRef} schema={schema} data={prefill.formData} onChange={prefill.onFormChange} />
      </PrefillFormMarks>
      {unplaced.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('problem.validation')}
          description={
            <ul style={{ margin: 0 }}>
              {unplaced.map((e) => (
                <li key={e.field + e.reason}>{`${e.field}: ${e.reason}`}</li>
              ))}
            </ul>
          }
        />
      )}
      <Button type="primary" onClick={submit} loading={submitting} data-testid="create-case">
        {t('newCase.submit')}
      </Button>
    </>
  );

  return (
    <Card title={t('newCase.title')}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Select
          aria-label={t('newCase.type')}
          placeholder={t('newCase.pickType')}
          style={{ width: 320 }}
          loading={caseTypes.isPending}
          value={typeKey}
          onChange={(key: string) => setParams({ type: key })}
          options={caseTypes.data?.map((ct) => ({ value: ct.key, label: `${ct.name} (${ct.prefix})` }))}
          data-testid="case-type-select"
        />
        {typeKey && !caseType && caseTypes.isPending && <Spin />}
        {caseType && schema && !prefill.enabled && (
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            {form}
          </Space>
        )}
        {caseType && schema && prefill.enabled && (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={9}>
              <div className="prefill-aside">
                <PrefillPanel session={prefill} channel={channel} caseTypes={caseTypes.data ?? []} onSwitchType={(key) => setParams({ type: key })} />
              </div>
            </Col>
            <Col xs={24} xl={15}>
              <Space orientation="vertical" style={{ width: '100%' }} size="middle">
                {form}
              </Space>
            </Col>
          </Row>
        )}
      </Space>
    </Card>
  );
}
