import { useState } from 'react';
import { Alert, App, Button, Card, Form, Radio, Result, Space, Spin, Statistic, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';
import { errorReportCsv, fieldLabel, formatFieldValue, importReasonCode, labelOf } from './object-model.ts';
import { IMPORT_ACTIONS, IMPORT_MODES, objectsApi, objectsKeys, useObjectType, type ImportAction, type ImportError, type ImportMode, type ImportReport, type ObjectType } from './objects-api.ts';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PREVIEW_ROWS = 10;
const PREVIEW_COLUMNS = 8;

/** A row's reason in the reader's words: by its stable code; the server's English only to readers of English. */
export function importReason(error: ImportError, t: Translate): string {
  const coded = error.code ? { code: error.code, params: error.params } : importReasonCode(error.reason);
  const known = coded ? (translateIfKnown(t, `objects.importError.${coded.code}`, coded.params) ?? translateIfKnown(t, `fieldError.${coded.code}`, coded.params)) : undefined;
  return known ?? (t.locale === 'en-US' ? error.reason : t('objects.import.invalidValue'));
}

const previewRows = (report: ImportReport) => report.preview ?? [];

/** CSV/XLSX import with a preview, the chosen mode and a per-row error report (issue 21). */
export function ImportPage() {
  const { type: typeKey = '' } = useParams();
  const { t } = useLocale();
  const type = useObjectType(typeKey);
  if (type.isError) return <LoadError error={type.error} retry={() => type.refetch()} />;
  if (!type.data) return <Spin aria-label={t('objects.loading')} />;
  return <Importer type={type.data} />;
}

function Importer({ type }: { type: ObjectType }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('all-or-nothing');
  const [action, setAction] = useState<ImportAction>('insert');
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);
  const typeName = labelOf(type.name, locale, type.key);
  // An error names `fields.<key>`, `externalId` or a column; row 0 is the file itself.
  const fieldName = (path: string) => {
    const field = type.fields.find((f) => f.key === path.replace(/^fields\./, ''));
    if (field) return fieldLabel(field, locale);
    if (path === 'externalId') return t('objects.record.externalId');
    if (path === 'file') return t('objects.import.file');
    return path;
  };

  const run = async (asPreview: boolean) => {
    if (!file) return;
    setBusy(asPreview ? 'preview' : 'import');
    try {
      const report = await objectsApi.importFile(type.key, file, { mode, action, preview: asPreview });
      if (asPreview) {
        setPreview(report);
        setResult(null);
      } else {
        setResult(report);
        await queryClient.invalidateQueries({ queryKey: objectsKeys.records(type.key) });
        await queryClient.invalidateQueries({ queryKey: objectsKeys.types });
      }
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(null);
    }
  };

  const reset = () => {
    setPreview(null);
    setResult(null);
  };

  const downloadErrors = (report: ImportReport) => {
    // More errors than the answer holds: the server's report has every one.
    if (report.errorsTruncated) {
      window.location.assign(`/api/v1/imports/${report.id}/errors.csv`);
      return;
    }
    const csv = errorReportCsv(report.errors, [t('objects.import.row'), t('objects.import.field'), t('objects.import.reason')], fieldName, (e) => importReason(e, t));
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = `${type.key}-import-errors.csv`;
    anchor.click();
    URL.revokeObjectURL(url);
  };

  // The preview shows what each row would store: the display field first, then the others (masked as stored).
  const shownColumns = [type.fields.find((f) => f.key === type.displayField), ...type.fields.filter((f) => f.key !== type.displayField)].filter((f) => f !== undefined).slice(0, PREVIEW_COLUMNS);
  const words = { yes: t('objects.yes'), no: t('objects.no') };
  const blocked = preview !== null && mode === 'all-or-nothing' && preview.failedRows > 0;

  const errorTable = (report: ImportReport) => (
    <KeyboardScrollable label={t('objects.import.errors')}>
      <Table<ImportError & { index: number }>
        rowKey="index"
        size="small"
        dataSource={report.errors.map((e, index) => ({ ...e, index }))}
        pagination={report.errors.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        data-testid="import-errors"
        columns={[
          { title: t('objects.import.row'), dataIndex: 'row', width: 80, render: (row: number) => (row === 0 ? t('objects.import.wholeFile') : row) },
          { title: t('objects.import.field'), key: 'field', render: (_: unknown, e) => fieldName(e.field) },
          { title: t('objects.import.reason'), key: 'reason', render: (_: unknown, e) => importReason(e, t) },
        ]}
      />
    </KeyboardScrollable>
  );

  return (
    <Card
      title={
        <Space wrap>
          <Link to="/records">{t('objects.home.title')}</Link>
          <span aria-hidden>/</span>
          <Link to={`/records/${type.key}`}>{typeName}</Link>
          <span aria-hidden>/</span>
          <span>{t('objects.import.title')}</span>
        </Space>
      }
      styles={{ header: { flexWrap: 'wrap', rowGap: 8 } }}
      data-testid="import-page"
    >
      {result ? (
        <Result
          status={result.status === 'imported' ? (result.failedRows > 0 ? 'warning' : 'success') : 'error'}
          title={result.status === 'imported' ? t('objects.import.done', { imported: result.importedRows, total: result.totalRows }) : t('objects.import.rejected', { failed: result.failedRows })}
          subTitle={result.failedRows > 0 ? t('objects.import.skipped', { failed: result.failedRows }) : undefined}
          data-testid="import-result"
          extra={[
            <Link key="list" to={`/records/${type.key}`}>
              <Button type="primary" tabIndex={-1}>
                {t('objects.import.toList')}
              </Button>
            </Link>,
            result.errors.length > 0 && (
              <Button key="errors" icon={<DownloadOutlined />} onClick={() => downloadErrors(result)} data-testid="download-errors">
                {t('objects.import.downloadErrors')}
              </Button>
            ),
            <Button
              key="again"
              onClick={() => {
                reset();
                setFile(null);
              }}
            >
              {t('objects.import.again')}
            </Button>,
          ]}
        >
          {result.errors.length > 0 && errorTable(result)}
        </Result>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Paragraph type="secondary">{t('objects.import.intro', { fields: type.fields.map((f) => f.key).join(', ') })}</Typography.Paragraph>
          <Upload.Dragger
            accept={ACCEPT}
            maxCount={1}
            beforeUpload={(chosen) => {
              setFile(chosen);
              reset();
              return false;
            }}
            onRemove={() => {
              setFile(null);
              reset();
            }}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('objects.import.drop')}</p>
            <Typography.Text type="secondary">{t('objects.import.formats')}</Typography.Text>
          </Upload.Dragger>
          <Form layout="vertical">
            <Form.Item label={t('objects.import.mode')} extra={t(`objects.importMode.${mode}.help`)}>
              <Radio.Group
                value={mode}
                onChange={(e) => {
                  setMode(e.target.value as ImportMode);
                  reset();
                }}
                options={IMPORT_MODES.map((value) => ({ value, label: t(`objects.importMode.${value}`) }))}
                data-testid="import-mode"
              />
            </Form.Item>
            <Form.Item label={t('objects.import.action')} extra={t(`objects.importAction.${action}.help`)}>
              <Radio.Group
                value={action}
                onChange={(e) => {
                  setAction(e.target.value as ImportAction);
                  reset();
                }}
                options={IMPORT_ACTIONS.map((value) => ({ value, label: t(`objects.importAction.${value}`) }))}
              />
            </Form.Item>
          </Form>
          <Space wrap>
            <Button icon={<UploadOutlined />} disabled={!file} loading={busy === 'preview'} onClick={() => void run(true)} data-testid="import-preview">
              {t('objects.import.preview')}
            </Button>
            <Button type="primary" disabled={!preview || blocked || preview.totalRows === preview.failedRows} loading={busy === 'import'} onClick={() => void run(false)} data-testid="import-run">
              {mode === 'valid-rows' && preview && preview.failedRows > 0 ? t('objects.import.runValid', { count: preview.totalRows - preview.failedRows }) : t('objects.import.run')}
            </Button>
          </Space>
          {preview && (
            <Space orientation="vertical" style={{ width: '100%' }} data-testid="import-preview-report">
              <Space wrap size="large">
                <Statistic title={t('objects.import.total')} value={preview.totalRows} />
                <Statistic title={t('objects.import.valid')} value={preview.totalRows - preview.failedRows} />
                <Statistic title={t('objects.import.failed')} value={preview.failedRows} styles={{ content: preview.failedRows > 0 ? { color: '#b42318' } : undefined }} />
              </Space>
              {blocked && <Alert type="warning" showIcon title={t('objects.import.blocked')} description={t('objects.import.blockedHelp')} data-testid="import-blocked" />}
              <Typography.Title level={5}>{t('objects.import.previewRows', { n: Math.min(PREVIEW_ROWS, previewRows(preview).length) })}</Typography.Title>
              <KeyboardScrollable label={t('objects.import.previewRows', { n: PREVIEW_ROWS })}>
                <Table<{ row: number; fields: Record<string, unknown> }>
                  rowKey="row"
                  size="small"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={previewRows(preview).slice(0, PREVIEW_ROWS)}
                  data-testid="import-preview-rows"
                  columns={[
                    { title: t('objects.import.row'), dataIndex: 'row', width: 70 },
                    ...shownColumns.map((field) => ({
                      title: fieldLabel(field, locale),
                      key: field.key,
                      render: (_: unknown, r: { fields: Record<string, unknown> }) => formatFieldValue(field, r.fields[field.key], locale, words) || '—',
                    })),
                  ]}
                />
              </KeyboardScrollable>
              {preview.errors.length > 0 && (
                <>
                  <Space wrap>
                    <Typography.Title level={5} style={{ margin: 0 }}>
                      {t('objects.import.errors')}
                    </Typography.Title>
                    <Button size="small" icon={<DownloadOutlined />} onClick={() => downloadErrors(preview)}>
                      {t('objects.import.downloadErrors')}
                    </Button>
                  </Space>
                  {errorTable(preview)}
                </>
              )}
            </Space>
          )}
        </Space>
      )}
    </Card>
  );
}
