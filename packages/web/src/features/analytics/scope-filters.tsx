import { DatePicker, Form, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useReachableDepartments } from '../../app/access.tsx';
import { useT } from '../../app/locale.tsx';
import { useCaseTypes } from '../cases/case-queries.ts';

// The filter fields every analytics screen shares (the API's AnalyticsFilterQuery): one wording,
// one behaviour, whichever screen they sit on.

/** From and to, as two pickers, not a RangePicker: its inputs trap Tab (see workspace-page.tsx). */
export function PeriodFilter({ from, to, onChange, testIdPrefix }: { from: Dayjs; to: Dayjs; onChange: (next: { from?: Dayjs; to?: Dayjs }) => void; testIdPrefix?: string }) {
  const t = useT();
  return (
    <Form.Item label={t('analytics.filter.period')} style={{ marginInlineEnd: 8 }}>
      <Space wrap size={4}>
        <DatePicker
          value={from}
          allowClear={false}
          onChange={(d: Dayjs | null) => d && onChange({ from: d })}
          aria-label={t('analytics.filter.from')}
          style={{ width: 130 }}
          data-testid={testIdPrefix && `${testIdPrefix}-from`}
        />
        <DatePicker
          value={to}
          allowClear={false}
          onChange={(d: Dayjs | null) => d && onChange({ to: d })}
          aria-label={t('analytics.filter.to')}
          style={{ width: 130 }}
          data-testid={testIdPrefix && `${testIdPrefix}-to`}
        />
      </Space>
    </Form.Item>
  );
}

/** A department and everything below it, among those the reader's case:read reaches. */
export function DepartmentFilter({ value, onChange, testId }: { value: string | undefined; onChange: (departmentId: string | undefined) => void; testId?: string }) {
  const t = useT();
  const departments = useReachableDepartments('case:read');
  return (
    <Form.Item>
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        value={value}
        onChange={(departmentId?: string) => onChange(departmentId)}
        placeholder={t('analytics.filter.anyDepartment')}
        aria-label={t('analytics.filter.department')}
        style={{ width: 170 }}
        options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
        data-testid={testId}
      />
    </Form.Item>
  );
}

export function CaseTypeFilter({ value, onChange, testId }: { value: string | undefined; onChange: (caseType: string | undefined) => void; testId?: string }) {
  const t = useT();
  const types = useCaseTypes();
  return (
    <Form.Item>
      <Select
        allowClear
        value={value}
        onChange={(caseType?: string) => onChange(caseType)}
        placeholder={t('analytics.filter.anyCaseType')}
        aria-label={t('analytics.filter.caseType')}
        style={{ width: 150 }}
        options={(types.data ?? []).map((type) => ({ value: type.key, label: type.name }))}
        data-testid={testId}
      />
    </Form.Item>
  );
}
