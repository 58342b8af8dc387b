import { useState } from 'react';
import { App, Button, Card, Form, Input, List, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import type { MessageKey } from '../../i18n/i18n.ts';
import { describeDuration } from './policy-model.ts';
import { PolicyTester } from './policy-tester.tsx';
import { slaAdminApi, slaKeys, usePacks, usePolicies, type SlaPack, type SlaPolicySummary } from './sla-admin-api.ts';
import { SlaAdminNav } from './sla-admin-nav.tsx';

/** SLA policies in match order (the first enabled one that matches a case wins), the regulatory packs, and the tester. */
export function PoliciesPage() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const policies = usePolicies();
  const [busy, setBusy] = useState(false);
  const [toggling, setToggling] = useState<SlaPolicySummary | null>(null);
  const items = policies.data ?? [];

  const move = async (index: number, by: -1 | 1) => {
    const keys = items.map((p) => p.key);
    const [moved] = keys.splice(index, 1);
    keys.splice(index + by, 0, moved!);
    setBusy(true);
    try {
      await slaAdminApi.reorderPolicies(keys);
      await queryClient.invalidateQueries({ queryKey: slaKeys.policies });
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card title={t('slaAdmin.policies.title')} extra={<SlaAdminNav />}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('slaAdmin.policies.intro')}
          </Typography.Paragraph>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/admin/sla-policies/new')} data-testid="new-policy">
            {t('slaAdmin.policies.new')}
          </Button>
          {policies.isError && <LoadError error={policies.error} retry={() => policies.refetch()} />}
          <Table<SlaPolicySummary>
            rowKey="id"
            loading={policies.isLoading || busy}
            dataSource={items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="policy-list"
            columns={[
              {
                title: t('slaAdmin.policy.order'),
                key: 'order',
                render: (_: unknown, p, index) => (
                  <Space size={2}>
                    <span style={{ minWidth: 20, display: 'inline-block' }}>{index + 1}</span>
                    <Button size="small" icon={<ArrowUpOutlined />} disabled={index === 0 || busy} aria-label={t('slaAdmin.policy.moveUp', { name: p.name })} onClick={() => void move(index, -1)} />
                    <Button
                      size="small"
                      icon={<ArrowDownOutlined />}
                      disabled={index === items.length - 1 || busy}
                      aria-label={t('slaAdmin.policy.moveDown', { name: p.name })}
                      onClick={() => void move(index, 1)}
                    />
                  </Space>
                ),
              },
              // Before the name, so a phone shows it without scrolling the table.
              {
                title: t('slaAdmin.policy.enabled'),
                dataIndex: 'enabled',
                render: (enabled: boolean, p) => <Switch checked={enabled} aria-label={t('slaAdmin.policy.enabledOf', { name: p.name })} onChange={() => setToggling(p)} />,
              },
              {
                title: t('slaAdmin.policy.name'),
                dataIndex: 'name',
                render: (name: string, p) => (
                  <Space size={4} wrap>
                    <Link to={`/admin/sla-policies/${encodeURIComponent(p.key)}`}>{name}</Link>
                    {p.pack && <Tag color="purple">{t('slaAdmin.policy.fromPack')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('slaAdmin.policy.targets'),
                key: 'targets',
                responsive: ['md'],
                render: (_: unknown, p) => (
                  <Space size={4} wrap>
                    {p.definition.targets.map((target) => (
                      <Tag key={target.key}>
                        {target.kind === 'step' && target.label ? target.label : t(`slaAdmin.kind.${target.kind}` as MessageKey)} {describeDuration(target.duration, t)}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              { title: t('slaAdmin.calendar.version'), dataIndex: 'currentVersion', render: (v: number) => t('slaAdmin.versionN', { version: v }), responsive: ['md'] },
              { title: t('slaAdmin.updatedAt'), dataIndex: 'updatedAt', render: (at: string) => formatDateTime(at, locale), responsive: ['lg'] },
            ]}
          />
        </Space>
      </Card>
      <PacksCard />
      <PolicyTester />
      {toggling && <ToggleDialog policy={toggling} onClose={() => setToggling(null)} />}
    </Space>
  );
}

/** Enabling or disabling is a new version of the policy: the reason goes to its history and the audit trail. */
function ToggleDialog({ policy, onClose }: { policy: SlaPolicySummary; onClose(): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const title = policy.enabled ? t('slaAdmin.policy.disable', { name: policy.name }) : t('slaAdmin.policy.enable', { name: policy.name });
  const ok = async () => {
    setBusy(true);
    try {
      await slaAdminApi.updatePolicy(policy.key, { enabled: !policy.enabled, reason: reason.trim() });
      await queryClient.invalidateQueries({ queryKey: slaKeys.policies });
      onClose();
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={title} onCancel={onClose} onOk={ok} okButtonProps={{ disabled: !reason.trim() }} confirmLoading={busy} okText={t('slaAdmin.save')} cancelText={t('slaAdmin.cancel')}>
      <Form layout="vertical">
        <Form.Item label={t('slaAdmin.reason')} required>
          <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Regulatory packs: sets of policies applied in one step, placed before the existing ones. */
function PacksCard() {
  const { t, locale } = useLocale();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const packs = usePacks();
  const [applying, setApplying] = useState<string | null>(null);
  const apply = (pack: SlaPack) => {
    const name = pack.name[locale] ?? pack.name['zh-CN'] ?? pack.key;
    modal.confirm({
      title: t('slaAdmin.packs.confirmTitle', { name }),
      content: pack.applied ? t('slaAdmin.packs.confirmAgain') : t('slaAdmin.packs.confirm'),
      okText: t('slaAdmin.packs.apply'),
      cancelText: t('slaAdmin.cancel'),
      okButtonProps: { 'data-testid': 'apply-pack-confirm' },
      onOk: async () => {
        setApplying(pack.key);
        try {
          await slaAdminApi.applyPack(pack.key);
          await Promise.all([queryClient.invalidateQueries({ queryKey: slaKeys.packs }), queryClient.invalidateQueries({ queryKey: slaKeys.policies })]);
          void message.success(t('slaAdmin.packs.applied', { name }));
        } catch (error) {
          showProblem(message, error, t);
        } finally {
          setApplying(null);
        }
      },
    });
  };
  return (
    <Card title={t('slaAdmin.packs.title')} data-testid="packs">
      {packs.isError && <LoadError error={packs.error} retry={() => packs.refetch()} />}
      {/* A list, not a table: each pack's description wraps and its button stays on screen on a phone. */}
      <List<SlaPack>
        loading={packs.isLoading}
        dataSource={packs.data ?? []}
        renderItem={(pack) => (
          <List.Item
            key={pack.key}
            actions={[
              <Button key="apply" loading={applying === pack.key} onClick={() => apply(pack)} data-testid={`apply-pack-${pack.key}`}>
                {pack.applied ? t('slaAdmin.packs.reapply') : t('slaAdmin.packs.apply')}
              </Button>,
            ]}
            style={{ flexWrap: 'wrap', gap: 8 }}
          >
            <List.Item.Meta
              title={
                <Space size={4} wrap>
                  <span>{pack.name[locale] ?? pack.name['zh-CN']}</span>
                  {pack.applied ? <Tag color="green">{t('slaAdmin.packs.isApplied')}</Tag> : <Tag>{t('slaAdmin.packs.notApplied')}</Tag>}
                  <Typography.Text type="secondary">{t('slaAdmin.packs.policyCount', { count: pack.policies.length })}</Typography.Text>
                </Space>
              }
              description={pack.description[locale] ?? pack.description['zh-CN']}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
