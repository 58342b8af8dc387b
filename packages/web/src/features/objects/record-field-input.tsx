import { useState } from 'react';
import { DatePicker, Input, InputNumber, Select, Spin, Switch, TreeSelect } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { dataOf } from '@docket/client';
import { api } from '../../app/api.ts';
import { useCan, useReachableDepartments } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { departmentTreeData, useDepartments, useUsers } from '../admin/admin-queries.ts';
import { labelOf } from './object-model.ts';
import { objectsApi, type ObjectFieldDefinition } from './objects-api.ts';

// One record field's input by its type, and the conversions between a record's JSON value and
// what the Ant Design control holds (a date as dayjs, money as a decimal string).

const DATE_FORMAT = 'YYYY-MM-DD';

/** The record's value as the form control holds it. */
export function toControlValue(field: ObjectFieldDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if ((field.type === 'date' || field.type === 'datetime') && typeof value === 'string') return dayjs(value);
  return value;
}

/** The control's value as the API takes it; undefined for an empty control. */
export function fromControlValue(field: ObjectFieldDefinition, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (field.type === 'date' && dayjs.isDayjs(value)) return (value as Dayjs).format(DATE_FORMAT);
  if (field.type === 'datetime' && dayjs.isDayjs(value)) return (value as Dayjs).toISOString();
  if (field.type === 'money') return String(value);
  if (field.type === 'multi-select' && Array.isArray(value) && value.length === 0) return undefined;
  return value;
}

interface InputProps {
  field: ObjectFieldDefinition;
  id?: string;
  value?: unknown;
  onChange?: (value: unknown) => void;
  disabled?: boolean;
  'aria-label'?: string;
}

/** The control for one field; Form.Item passes id, value and onChange. */
export function RecordFieldInput({ field, ...props }: InputProps) {
  const { locale } = useLocale();
  const common = { id: props.id, disabled: props.disabled, 'aria-label': props['aria-label'], 'data-testid': `record-field-${field.key}` };
  const onChange = (value: unknown) => props.onChange?.(value);
  switch (field.type) {
    case 'long-text':
      return <Input.TextArea {...common} value={props.value as string} onChange={(e) => onChange(e.target.value)} autoSize={{ minRows: 2, maxRows: 8 }} />;
    case 'number':
      return <InputNumber {...common} value={props.value as number} onChange={onChange} style={{ width: '100%', maxWidth: 240 }} />;
    case 'money':
      return <InputNumber {...common} value={props.value as string} onChange={onChange} stringMode precision={2} prefix={field.currency ?? 'CNY'} style={{ width: '100%', maxWidth: 240 }} />;
    case 'date':
      return <DatePicker {...common} value={props.value as Dayjs} onChange={onChange} format={DATE_FORMAT} />;
    case 'datetime':
      return <DatePicker {...common} showTime value={props.value as Dayjs} onChange={onChange} />;
    case 'boolean':
      return <Switch {...common} checked={props.value === true} onChange={onChange} />;
    case 'select':
    case 'multi-select':
      return (
        <Select
          {...common}
          mode={field.type === 'multi-select' ? 'multiple' : undefined}
          allowClear
          value={props.value as string}
          onChange={onChange}
          options={(field.options ?? []).map((o) => ({ value: o.value, label: labelOf(o.label, locale, o.value) }))}
          style={{ width: '100%', maxWidth: 360 }}
        />
      );
    case 'user':
      return <UserPicker {...common} value={props.value as string} onChange={onChange} />;
    case 'department':
      return <DepartmentPicker {...common} value={props.value as string} onChange={onChange} />;
    case 'reference':
      return <ReferencePicker {...common} typeKey={field.referenceTo ?? ''} value={props.value as string} onChange={onChange} />;
    case 'case-reference':
      return <CasePicker {...common} value={props.value as string} onChange={onChange} />;
    default:
      return <Input {...common} value={props.value as string} onChange={(e) => onChange(e.target.value)} style={{ maxWidth: 420 }} />;
  }
}

type PickerProps = { id?: string; value?: string; onChange: (value: unknown) => void; disabled?: boolean; 'aria-label'?: string; 'data-testid'?: string };

/** Users by name (administrators see the directory); others keep the value they have. */
function UserPicker(props: PickerProps) {
  const canList = useCan('user:admin');
  const [q, setQ] = useState('');
  const users = useUsers(q || undefined, canList);
  const options = canList ? (users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` })) : props.value ? [{ value: props.value, label: props.value }] : [];
  return (
    <Select
      {...props}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      loading={users.isFetching}
      options={options}
      notFoundContent={users.isFetching ? <Spin size="small" /> : undefined}
      style={{ width: '100%', maxWidth: 360 }}
    />
  );
}

/** Departments as a tree: the whole tree for administrators, else those the reader reaches. */
function DepartmentPicker(props: PickerProps) {
  const canList = useCan('user:admin');
  const all = useDepartments(canList);
  const reachable = useReachableDepartments('case:read');
  const departments = canList ? all.data : reachable.data;
  return (
    <TreeSelect {...props} allowClear treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} treeData={departmentTreeData(departments ?? [])} style={{ width: '100%', maxWidth: 360 }} />
  );
}

/** Records of the target type found by their words (?q=), shown as name and number. */
function ReferencePicker({ typeKey, ...props }: PickerProps & { typeKey: string }) {
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['objects', 'reference', typeKey, q],
    queryFn: () => objectsApi.listRecords(typeKey, { q: q || undefined, limit: 20 }),
    enabled: Boolean(typeKey),
    staleTime: 10_000,
  });
  const current = useQuery({ queryKey: ['objects', 'record', props.value ?? ''], queryFn: () => objectsApi.getRecord(props.value!), enabled: Boolean(props.value), retry: false });
  const options = (found.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.displayName} (${r.number})` }));
  if (props.value && !options.some((o) => o.value === props.value)) options.unshift({ value: props.value, label: current.data ? `${current.data.displayName} (${current.data.number})` : props.value });
  return (
    <Select
      {...props}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      loading={found.isFetching}
      options={options}
      notFoundContent={found.isFetching ? <Spin size="small" /> : undefined}
      style={{ width: '100%', maxWidth: 360 }}
    />
  );
}

/** Cases found by number or words (the case list's ?q=), shown as number and title. */
export function CasePicker(props: PickerProps) {
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['objects', 'case-search', q],
    queryFn: async () => dataOf(await api.GET('/api/v1/cases', { params: { query: { q, limit: 10 } } })).items,
    enabled: q.trim().length > 0,
    staleTime: 10_000,
  });
  const options = (found.data ?? []).map((c) => ({ value: c.id, label: `${c.number} ${c.title}` }));
  if (props.value && !options.some((o) => o.value === props.value)) options.unshift({ value: props.value, label: props.value });
  return (
    <Select
      {...props}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      loading={found.isFetching}
      options={options}
      notFoundContent={found.isFetching ? <Spin size="small" /> : undefined}
      style={{ width: '100%', maxWidth: 360 }}
    />
  );
}
