import { useState } from 'react';
import { Alert, App, Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { describeActions, describeConditions, movedKeys } from './rule-model.ts';
import { RoutingAdminFrame } from './routing-admin-nav.tsx';
import { RoutingTester } from './routing-tester.tsx';
import { useRoutingNames } from './routing-names.ts';
import { routingAdminApi, routingAdminKeys, useRules, type RoutingRule } from './routing-admin-api.ts';

/** Routing rules in match order, each summarised in words, with the tester below. */
export function RulesPage() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canAdmin = useCan('routing:admin');
  const rules = useRules();
  const names = useRoutingNames();
  const [busy, setBusy] = useState(false);
  const items = rules.data ?? [];
  const now = Date.now();

  const move = async (index: number, by: -1 | 1) => {
    setBusy(true);
    try {
      await routingAdminApi.reorderRules(
        movedKeys(
          items.map((r) => r.key),
          index,
          by,
        ),
      );
      await queryClient.invalidateQueries({ queryKey: routingAdminKeys.rules });
      void message.success(t('routingAdmin.rules.moved'));
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  const state = (rule: RoutingRule) => {
    if (!rule.enabled) return <Tag>{t('routingAdmin.rule.disabled')}</Tag>;
    if (new Date(rule.effectiveFrom).getTime() > now) return <Tag color="blue">{t('routingAdmin.rule.scheduled')}</Tag>;
    if (rule.effectiveTo && new Date(rule.effectiveTo).getTime() <= now) return <Tag color="default">{t('routingAdmin.rule.expired')}</Tag>;
    return null;
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <RoutingAdminFrame
        title={t('routingAdmin.rules.title')}
        testId="rules-page"
        extra={
          canAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/admin/routing/rules/new')} data-testid="new-rule">
              {t('routingAdmin.rules.new')}
            </Button>
          )
        }
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('routingAdmin.rules.intro')}
          </Typography.Paragraph>
          {!canAdmin && <Alert type="info" showIcon title={t('routingAdmin.readOnly')} data-testid="routing-read-only" />}
          {rules.isError && <LoadError error={rules.error} retry={() => rules.refetch()} />}
          <Table<RoutingRule>
            rowKey="id"
            loading={rules.isLoading || busy}
            dataSource={items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('routingAdmin.rules.empty')} /> }}
            data-testid="rule-list"
            columns={[
              {
                title: t('routingAdmin.rules.order'),
                key: 'order',
                render: (_: unknown, rule, index) => (
                  <Space size={2}>
                    <span style={{ minWidth: 20, display: 'inline-block' }}>{index + 1}</span>
                    {canAdmin && (
                      <>
                        <Button
                          size="small"
                          icon={<ArrowUpOutlined />}
                          disabled={index === 0 || busy}
                          aria-label={t('routingAdmin.rules.moveUp', { name: rule.name })}
                          onClick={() => void move(index, -1)}
                          data-testid={`rule-up-${rule.key}`}
                        />
                        <Button
                          size="small"
                          icon={<ArrowDownOutlined />}
                          disabled={index === items.length - 1 || busy}
                          aria-label={t('routingAdmin.rules.moveDown', { name: rule.name })}
                          onClick={() => void move(index, 1)}
                          data-testid={`rule-down-${rule.key}`}
                        />
                      </>
                    )}
                  </Space>
                ),
              },
              {
                title: t('routingAdmin.rule.name'),
                dataIndex: 'name',
                render: (name: string, rule) => (
                  <Space orientation="vertical" size={0}>
                    <Space size={4} wrap>
                      <Link to={`/admin/routing/rules/${encodeURIComponent(rule.key)}`}>{name}</Link>
                      {state(rule)}
                      {rule.appliesTo === 'task' && <Tag color="purple">{t('routingAdmin.subject.task')}</Tag>}
                    </Space>
                    <Typography.Text type="secondary">{t('routingAdmin.rule.version', { version: rule.version })}</Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('routingAdmin.rules.conditions'),
                key: 'conditions',
                render: (_: unknown, rule) => <Lines lines={describeConditions(rule.conditions, rule.appliesTo, t, names)} />,
              },
              {
                title: t('routingAdmin.rules.actions'),
                key: 'actions',
                render: (_: unknown, rule) => <Lines lines={describeActions(rule.actions, t, names)} />,
              },
              { title: t('routingAdmin.rule.effectiveFrom'), dataIndex: 'effectiveFrom', responsive: ['lg'], render: (at: string) => formatDateTime(at, locale) },
            ]}
          />
        </Space>
      </RoutingAdminFrame>
      <RoutingTester />
    </Space>
  );
}

function Lines({ lines }: { lines: string[] }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: 16, maxWidth: 360 }}>
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
