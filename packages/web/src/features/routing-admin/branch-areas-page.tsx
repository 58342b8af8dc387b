import { useState } from 'react';
import { Alert, App, Button, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { Department } from '@docket/client';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { TypedValues } from './routing-inputs.tsx';
import { RoutingAdminFrame } from './routing-admin-nav.tsx';
import { routingAdminApi, routingAdminKeys, useBranchAreas, useVisibleDepartments } from './routing-admin-api.ts';

/** The region-code prefixes and place names each branch serves: how "push to the customer's branch" finds a branch without one recorded. */
export function BranchAreasPage() {
  const { t } = useLocale();
  const canAdmin = useCan('routing:admin');
  const departments = useVisibleDepartments();
  const branches = (departments.data ?? []).filter((d) => d.kind === 'branch' || d.kind === 'sub-branch');
  return (
    <RoutingAdminFrame title={t('routingAdmin.areas.title')} testId="branch-areas-page">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('routingAdmin.areas.intro')}
        </Typography.Paragraph>
        {!canAdmin && <Alert type="info" showIcon title={t('routingAdmin.readOnly')} data-testid="routing-read-only" />}
        {/* A list, not a table: each branch's areas wrap and its button stays on screen on a phone. */}
        <List<Department>
          loading={departments.isLoading}
          dataSource={branches}
          locale={{ emptyText: <Empty description={t('routingAdmin.areas.noBranches')} /> }}
          renderItem={(branch) => <BranchAreasItem key={branch.id} branch={branch} canAdmin={canAdmin} />}
          data-testid="branch-area-list"
        />
      </Space>
    </RoutingAdminFrame>
  );
}

function BranchAreasItem({ branch, canAdmin }: { branch: Department; canAdmin: boolean }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const areas = useBranchAreas(branch.id);
  const [draft, setDraft] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shown = draft ?? areas.data ?? [];
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await routingAdminApi.saveBranchAreas(branch.id, shown);
      await queryClient.invalidateQueries({ queryKey: routingAdminKeys.branchAreas(branch.id) });
      setDraft(null);
      void message.success(t('routingAdmin.areas.saved', { name: branch.name }));
    } catch (failure) {
      const found = fieldErrorsOf(failure, t);
      if (found.length > 0) setError(found.map((e) => e.reason).join(t('routingAdmin.listSeparator')));
      else showProblem(message, failure, t);
    } finally {
      setBusy(false);
    }
  };
  return (
    <List.Item
      style={{ flexWrap: 'wrap', gap: 8 }}
      data-testid={`branch-areas-${branch.code}`}
      actions={
        canAdmin
          ? [
              <Button key="save" type="primary" size="small" disabled={draft === null} loading={busy} onClick={() => void save()}>
                {t('routingAdmin.save')}
              </Button>,
            ]
          : []
      }
    >
      <List.Item.Meta
        title={`${branch.name} (${branch.code})`}
        description={
          areas.isLoading ? (
            <Spin size="small" />
          ) : canAdmin ? (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <TypedValues
                value={shown}
                onChange={(value) => setDraft(value)}
                style={{ minWidth: 240, maxWidth: 520, width: '100%' }}
                aria-label={t('routingAdmin.areas.areasOf', { name: branch.name })}
              />
              <Typography.Text type={error ? 'danger' : 'secondary'}>{error ?? t('routingAdmin.areas.hint')}</Typography.Text>
            </Space>
          ) : shown.length > 0 ? (
            shown.map((area) => <Tag key={area}>{area}</Tag>)
          ) : (
            t('routingAdmin.areas.none')
          )
        }
      />
    </List.Item>
  );
}
