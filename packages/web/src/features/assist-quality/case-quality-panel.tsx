import { useState } from 'react';
import { App, Button, Card, Empty, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { qualityApi, qualityKeys } from './quality-api.ts';
import { FindingList } from './quality-words.tsx';

/** The case's quality findings, for readers with assist:quality; nothing at all for others. */
export function CaseQualityPanel({ caseId }: { caseId: string }) {
  return useCan('assist:quality') ? <QualityCard caseId={caseId} /> : null;
}

function QualityCard({ caseId }: { caseId: string }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const quality = useQuery({ queryKey: qualityKeys.ofCase(caseId), queryFn: () => qualityApi.ofCase(caseId) });
  const [inspecting, setInspecting] = useState(false);

  const inspectAgain = async () => {
    setInspecting(true);
    try {
      queryClient.setQueryData(qualityKeys.ofCase(caseId), await qualityApi.inspect(caseId));
      await queryClient.invalidateQueries({ queryKey: qualityKeys.all });
      void message.success(t('assistQuality.panel.inspected'));
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setInspecting(false);
    }
  };

  const inspection = quality.data?.inspection;
  return (
    <Card
      size="small"
      title={t('assistQuality.panel.title')}
      data-testid="quality-panel"
      loading={quality.isPending}
      extra={
        <Button size="small" icon={<ReloadOutlined />} loading={inspecting} onClick={() => void inspectAgain()} data-testid="quality-inspect">
          {t('assistQuality.panel.inspectAgain')}
        </Button>
      }
    >
      {quality.isError ? (
        <LoadError error={quality.error} retry={() => quality.refetch()} />
      ) : !inspection ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('assistQuality.panel.notInspected')} />
      ) : (
        <>
          {inspection.findings.length === 0 ? (
            <Typography.Paragraph data-testid="quality-clean">{t('assistQuality.panel.clean')}</Typography.Paragraph>
          ) : (
            <FindingList findings={inspection.findings} />
          )}
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12, overflowWrap: 'anywhere' }}>
            {t('assistQuality.panel.meta', {
              trigger: t(`assistQuality.trigger.${inspection.trigger}`),
              at: formatDateTime(inspection.inspectedAt, locale),
              by: inspection.inspectedBy.name ?? t('assistQuality.panel.system'),
              model: inspection.modelVersion,
            })}
          </Typography.Paragraph>
        </>
      )}
    </Card>
  );
}
