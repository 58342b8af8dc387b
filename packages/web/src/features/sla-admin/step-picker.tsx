import { useMemo } from 'react';
import { Form, Input, Select } from 'antd';
import { useCan } from '../../app/access.tsx';
import { useT } from '../../app/locale.tsx';
import { useProcess, useProcesses } from '../processes/process-api.ts';

/** The user tasks of a BPMN model, by id with their names: what a step target can run on. */
export function userTasksOf(xml: string | undefined): { id: string; name: string }[] {
  if (!xml || typeof DOMParser === 'undefined') return [];
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  return [...doc.getElementsByTagNameNS('*', 'userTask')].map((task) => ({ id: task.getAttribute('id') ?? '', name: task.getAttribute('name') ?? '' })).filter((task) => task.id);
}

/**
 * A step target's process and user task, picked by name from the deployed processes (for readers
 * of processes; anyone else types the keys).
 */
export function StepFields({ targetIndex }: { targetIndex: number }) {
  const t = useT();
  const canRead = useCan('process:read');
  const processes = useProcesses(canRead);
  const form = Form.useFormInstance();
  const processKey = Form.useWatch(['definition', 'targets', targetIndex, 'step', 'processKey'], form) as string | undefined;
  return (
    <>
      <Form.Item name={[targetIndex, 'step', 'processKey']} label={t('slaAdmin.target.process')} rules={[{ required: true, message: t('slaAdmin.required') }]}>
        {canRead ? (
          <Select
            showSearch
            optionFilterProp="label"
            style={{ width: 220 }}
            loading={processes.isLoading}
            options={(processes.data ?? []).map((p) => ({ value: p.key, label: p.name ?? p.key }))}
            onChange={() => form.setFieldValue(['definition', 'targets', targetIndex, 'step', 'elementId'], undefined)}
          />
        ) : (
          <Input style={{ width: 180 }} />
        )}
      </Form.Item>
      <Form.Item name={[targetIndex, 'step', 'elementId']} label={t('slaAdmin.target.task')} rules={[{ required: true, message: t('slaAdmin.required') }]}>
        {canRead && processKey ? <TaskSelect processKey={processKey} /> : <Input style={{ width: 160 }} />}
      </Form.Item>
    </>
  );
}

function TaskSelect({ processKey, ...props }: { processKey: string; value?: string; onChange?(value: string): void }) {
  const process = useProcess(processKey);
  const tasks = useMemo(() => userTasksOf(process.data?.xml), [process.data?.xml]);
  return <Select {...props} showSearch optionFilterProp="label" style={{ width: 200 }} loading={process.isLoading} options={tasks.map((task) => ({ value: task.id, label: task.name || task.id }))} />;
}

/** A deployed process by name (for readers of processes; anyone else types its key). */
export function ProcessKeySelect(props: { value?: string; onChange?(value: string): void }) {
  const canRead = useCan('process:read');
  const processes = useProcesses(canRead);
  if (!canRead) return <Input {...props} onChange={(e) => props.onChange?.(e.target.value)} style={{ width: 180 }} />;
  return (
    <Select
      {...props}
      showSearch
      optionFilterProp="label"
      style={{ width: 220 }}
      loading={processes.isLoading}
      options={(processes.data ?? []).map((p) => ({ value: p.key, label: p.name ?? p.key }))}
    />
  );
}
