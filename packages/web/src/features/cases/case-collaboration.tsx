import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { App, Button, Empty, Input, List, Radio, Select, Space, Tag, Typography, Upload } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { EyeInvisibleOutlined, EyeOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { csrfHeaders, dataOf, LINK_KINDS, toProblemError, type Attachment, type CaseLink, type Comment, type CommentBody, type LinkBody } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { historyKey } from './case-timeline.tsx';
import { PersonalDataWarning } from '../../components/personal-data-warning.tsx';
import { CustomerReplyTag } from '../public-form/customer-reply-tag.tsx';

const path = (id: string) => ({ params: { path: { id } } });

function useRefreshCase(caseId: string) {
  const queryClient = useQueryClient();
  return (part: string) => Promise.all([queryClient.invalidateQueries({ queryKey: ['case', caseId, part] }), queryClient.invalidateQueries({ queryKey: historyKey(caseId) })]);
}

/** The reply box as others on the case view may use it: the knowledge panel puts an article's text in as a public reply. */
export interface ReplyComposer {
  /** Adds the text after what is typed already, makes the reply public and focuses the box; the agent still reads and sends it. */
  insertPublicReply(text: string): void;
}

export function CaseComments({ caseId, canComment = true, composerRef }: { caseId: string; canComment?: boolean; composerRef?: Ref<ReplyComposer> }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const refresh = useRefreshCase(caseId);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<CommentBody['visibility']>('internal');
  const textArea = useRef<TextAreaRef>(null);
  const [insertions, setInsertions] = useState(0);
  useImperativeHandle(
    composerRef,
    () => ({
      insertPublicReply(text: string) {
        setVisibility('public');
        setBody((typed) => (typed.trim() ? `${typed.trimEnd()}\n\n${text}` : text));
        setInsertions((n) => n + 1);
      },
    }),
    [],
  );
  // A hidden box takes no focus: wait for the frame after the tab holding it is shown again (the tabs show it one render late).
  useEffect(() => {
    if (insertions === 0) return;
    const frame = requestAnimationFrame(() => textArea.current?.focus({ cursor: 'end' }));
    return () => cancelAnimationFrame(frame);
  }, [insertions]);
  const comments = useQuery({
    queryKey: ['case', caseId, 'comments'],
    queryFn: async (): Promise<Comment[]> => dataOf(await api.GET('/api/v1/cases/{id}/comments', path(caseId))).items,
  });
  const add = useMutation({
    mutationFn: async () => dataOf(await api.POST('/api/v1/cases/{id}/comments', { ...path(caseId), body: { body, visibility } })),
    onSuccess: async () => {
      setBody('');
      await refresh('comments');
    },
    onError: (error) => showProblem(message, error, t),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <List
        size="small"
        loading={comments.isPending}
        dataSource={comments.data ?? []}
        locale={{ emptyText: t('comments.empty') }}
        renderItem={(comment) => (
          <List.Item data-testid="comment">
            <List.Item.Meta
              title={
                <Space size={4}>
                  <Typography.Text strong data-testid="comment-author">
                    {comment.authorName ?? t('person.unknown')}
                  </Typography.Text>
                  <Tag color={comment.visibility === 'public' ? 'green' : 'default'}>{t(comment.visibility === 'public' ? 'comments.public' : 'comments.internal')}</Tag>
                  <CustomerReplyTag comment={comment} />
                  <Typography.Text type="secondary">{formatDateTime(comment.createdAt, locale)}</Typography.Text>
                </Space>
              }
              description={<Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{comment.body}</Typography.Paragraph>}
            />
          </List.Item>
        )}
      />
      {!canComment ? (
        <Typography.Text type="secondary" data-testid="comments-read-only">
          {t('comments.readOnly')}
        </Typography.Text>
      ) : (
        <>
          <Radio.Group value={visibility} onChange={(e) => setVisibility(e.target.value as CommentBody['visibility'])} optionType="button" size="small">
            <Radio value="internal">{t('comments.internal')}</Radio>
            <Radio value="public">{t('comments.public')}</Radio>
          </Radio.Group>
          <Input.TextArea
            ref={textArea}
            aria-label={t('comments.placeholder')}
            placeholder={t('comments.placeholder')}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={20_000}
          />
          <PersonalDataWarning text={body} />
          <Button type="primary" disabled={!body.trim()} loading={add.isPending} onClick={() => add.mutate()} data-testid="add-comment">
            {t('comments.add')}
          </Button>
        </>
      )}
    </Space>
  );
}

export function CaseAttachments({ caseId, canAttach = true, canDownload = true }: { caseId: string; canAttach?: boolean; canDownload?: boolean }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const refresh = useRefreshCase(caseId);
  const attachments = useQuery({
    queryKey: ['case', caseId, 'attachments'],
    queryFn: async (): Promise<Attachment[]> => dataOf(await api.GET('/api/v1/cases/{id}/attachments', path(caseId))).items,
  });
  const upload = async (file: File) => {
    const formData = new FormData();
    formData.append('file', file, file.name);
    const response = await fetch(`/api/v1/cases/${caseId}/attachments`, { method: 'POST', body: formData, headers: csrfHeaders(), credentials: 'same-origin' });
    if (!response.ok) throw await toProblemError(response);
    void message.success(t('attachments.uploaded', { name: file.name }));
    await refresh('attachments');
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canAttach ? (
        <Upload
          showUploadList={false}
          customRequest={({ file, onSuccess, onError }) => {
            upload(file as File).then(
              () => onSuccess?.(null),
              (error: Error) => {
                showProblem(message, error, t);
                onError?.(error);
              },
            );
          }}
        >
          <Button icon={<UploadOutlined />}>{t('attachments.upload')}</Button>
        </Upload>
      ) : (
        <Typography.Text type="secondary" data-testid="attachments-read-only">
          {t('attachments.readOnly')}
        </Typography.Text>
      )}
      <List
        size="small"
        loading={attachments.isPending}
        dataSource={attachments.data ?? []}
        locale={{ emptyText: t('attachments.empty') }}
        renderItem={(attachment) => (
          <List.Item data-testid="attachment">
            <Space>
              <PaperClipOutlined />
              {canDownload ? (
                <a href={`/api/v1/cases/${caseId}/attachments/${attachment.id}`} download={attachment.fileName}>
                  {attachment.fileName}
                </a>
              ) : (
                <span>{attachment.fileName}</span>
              )}
              <Typography.Text type="secondary">
                {(attachment.sizeBytes / 1024).toFixed(1)} KB · {attachment.createdByName ?? t('person.unknown')} · {formatDateTime(attachment.createdAt, locale)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}

export function CaseLinks({ caseId, canLink = true }: { caseId: string; canLink?: boolean }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const refresh = useRefreshCase(caseId);
  const [number, setNumber] = useState('');
  const [kind, setKind] = useState<LinkBody['kind']>('relates-to');
  const links = useQuery({
    queryKey: ['case', caseId, 'links'],
    queryFn: async (): Promise<CaseLink[]> => dataOf(await api.GET('/api/v1/cases/{id}/links', path(caseId))).items,
  });
  const add = useMutation({
    mutationFn: async () => {
      const found = dataOf(await api.GET('/api/v1/cases', { params: { query: { q: number.trim(), limit: 5 } } })).items.find((c) => c.number === number.trim());
      if (!found) throw new Error(t('links.notFound', { number: number.trim() }));
      return dataOf(await api.POST('/api/v1/cases/{id}/links', { ...path(caseId), body: { caseId: found.id, kind } }));
    },
    onSuccess: async () => {
      setNumber('');
      await refresh('links');
    },
    onError: (error) => showProblem(message, error, t),
  });
  const remove = useMutation({
    mutationFn: async (linkId: string) => api.DELETE('/api/v1/cases/{id}/links/{linkId}', { params: { path: { id: caseId, linkId } } }),
    onSuccess: () => refresh('links'),
    onError: (error) => showProblem(message, error, t),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canLink && (
        <Space.Compact>
          <Select<LinkBody['kind']> aria-label={t('links.kind')} value={kind} onChange={setKind} style={{ width: 120 }} options={LINK_KINDS.map((k) => ({ value: k, label: t(`link.${k}`) }))} />
          <Input aria-label={t('links.caseNumber')} placeholder="CMP-2026-000123" value={number} onChange={(e) => setNumber(e.target.value)} style={{ width: 180 }} />
          <Button disabled={!number.trim()} loading={add.isPending} onClick={() => add.mutate()}>
            {t('links.add')}
          </Button>
        </Space.Compact>
      )}
      <List
        size="small"
        loading={links.isPending}
        dataSource={links.data ?? []}
        locale={{ emptyText: t('links.empty') }}
        renderItem={(link) => (
          <List.Item
            actions={
              canLink
                ? [
                    <Button key="remove" type="link" size="small" onClick={() => remove.mutate(link.id)}>
                      {t('links.remove')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space>
              <Tag>{LINK_KINDS.includes(link.kind as LinkBody['kind']) ? t(`link.${link.kind as LinkBody['kind']}`) : link.kind}</Tag>
              <Link to={`/cases/${link.linkedCaseId}`}>{link.linkedCaseNumber ?? link.linkedCaseId}</Link>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}

export function CaseWatchers({ caseId, canWatch = true }: { caseId: string; canWatch?: boolean }) {
  const { t, locale } = useLocale();
  const me = useSession();
  const { message } = App.useApp();
  const refresh = useRefreshCase(caseId);
  const watchers = useQuery({
    queryKey: ['case', caseId, 'watchers'],
    queryFn: async () => dataOf(await api.GET('/api/v1/cases/{id}/watchers', path(caseId))).items,
  });
  const watching = watchers.data?.some((w) => w.userId === me.id) ?? false;
  const toggle = useMutation({
    mutationFn: async () => {
      const params = { params: { path: { id: caseId, userId: me.id } } };
      return watching ? api.DELETE('/api/v1/cases/{id}/watchers/{userId}', params) : api.PUT('/api/v1/cases/{id}/watchers/{userId}', params);
    },
    onSuccess: () => refresh('watchers'),
    onError: (error) => showProblem(message, error, t),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canWatch && (
        <Button icon={watching ? <EyeInvisibleOutlined /> : <EyeOutlined />} loading={toggle.isPending} onClick={() => toggle.mutate()}>
          {t(watching ? 'watchers.unwatch' : 'watchers.watch')}
        </Button>
      )}
      {watchers.data?.length ? (
        <List
          size="small"
          dataSource={watchers.data}
          renderItem={(w) => (
            <List.Item>
              <span data-testid="watcher">{w.displayName ?? (w.userId === me.id ? me.displayName : t('person.unknown'))}</span> · {formatDateTime(w.since, locale)}
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('watchers.empty')} />
      )}
    </Space>
  );
}
