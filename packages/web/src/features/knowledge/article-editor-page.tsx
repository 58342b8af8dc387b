import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Col, Form, Input, Modal, Result, Row, Skeleton, Space, Tabs, Typography } from 'antd';
import { SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { isProblem, type FieldError } from '@docket/client';
import { useBlocker, useNavigate, useParams } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { LoadError } from '../../components/load-error.tsx';
import { ArticleMetadataFields } from './article-metadata-form.tsx';
import { ARTICLE_FORM_FIELDS, emptyArticleForm, formValuesOf, toArticleBody, toFormFieldErrors, type ArticleFormValues } from './editor-model.ts';
import { KnowledgeFrame } from './knowledge-frame.tsx';
import { knowledgeApi, knowledgeKeys, useArticle, type KnowledgeArticle } from './knowledge-api.ts';
import { RichTextEditor } from './rich-text-editor.tsx';
import './knowledge.css';

/** /knowledge/articles/new: a blank article. */
export function NewArticlePage() {
  return <ArticleEditor key="new" />;
}

/** /knowledge/articles/:id/edit: the working draft (a published article opens its next version). */
export function EditArticlePage() {
  const { t } = useLocale();
  const { id = '' } = useParams();
  const article = useArticle(id, true);
  if (article.isError) return <LoadError error={article.error} retry={() => article.refetch()} />;
  if (article.isPending) return <Skeleton active />;
  if (!article.data.can.edit) return <Result status="403" title={t('knowledge.editor.mayNotEdit')} data-testid="may-not-edit" />;
  return <ArticleEditor key={id} article={article.data} />;
}

/**
 * The editor: title, the body in tiptap, metadata beside it, a preview. Saves the draft with the
 * version it read (If-Match), puts the server's validation errors on the fields they name, and
 * warns before leaving with unsaved changes.
 */
function ArticleEditor({ article }: { article?: KnowledgeArticle }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ArticleFormValues>();
  const [body, setBody] = useState(article?.body ?? '');
  const [dirty, setDirtyState] = useState(false);
  // The blocker and the save read this at once: a save's navigation must not wait for a render to learn nothing is unsaved.
  const dirtyRef = useRef(false);
  const setDirty = (value: boolean) => {
    dirtyRef.current = value;
    setDirtyState(value);
  };
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [otherErrors, setOtherErrors] = useState<FieldError[]>([]);
  const [bodyError, setBodyError] = useState<string | null>(null);
  const [tab, setTab] = useState('edit');
  // The article as last saved: its id and the version to send as If-Match.
  const saved = useRef<{ id: string; version: number } | null>(article ? { id: article.id, version: article.version } : null);
  const bodyRef = useRef(body);
  bodyRef.current = body;
  const initialValues = useRef(article ? formValuesOf(article) : emptyArticleForm()).current;

  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirtyRef.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const showErrors = (error: unknown) => {
    const errors = toFormFieldErrors(fieldErrorsOf(error, t));
    if (errors.length === 0) {
      showProblem(message, error, t);
      return;
    }
    const onForm = errors.filter((e) => (ARTICLE_FORM_FIELDS as readonly string[]).includes(e.field));
    form.setFields(onForm.map((e) => ({ name: e.field as keyof ArticleFormValues, errors: [e.reason] })));
    setBodyError(errors.find((e) => e.field === 'body')?.reason ?? null);
    setOtherErrors(errors.filter((e) => e.field !== 'body' && !(ARTICLE_FORM_FIELDS as readonly string[]).includes(e.field)));
    setTab('edit');
    void message.error(t('knowledge.editor.fixErrors'));
  };

  /**
   * Saves the draft: a new article is created and, with `follow`, the address becomes its editor's
   * (not while an image upload waits for the id: the editor must stay mounted). The saved article, or null when refused.
   */
  const save = async (follow = true): Promise<KnowledgeArticle | null> => {
    let values: ArticleFormValues;
    try {
      values = await form.validateFields();
    } catch {
      setTab('edit');
      return null;
    }
    setOtherErrors([]);
    setBodyError(null);
    const request = toArticleBody(values, bodyRef.current);
    try {
      const result = saved.current ? await knowledgeApi.updateArticle(saved.current.id, saved.current.version, request) : await knowledgeApi.createArticle(request);
      saved.current = { id: result.id, version: result.version };
      setDirty(false);
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
      // Now that nothing is unsaved, the address can follow the article without a warning.
      if (follow && !article) void navigate(`/knowledge/articles/${result.id}/edit`, { replace: true });
      return result;
    } catch (error) {
      if (isProblem(error) && error.status === 400) showErrors(error);
      else showProblem(message, error, t);
      return null;
    }
  };

  const saveDraft = async () => {
    setBusy('save');
    const result = await save();
    setBusy(null);
    if (result) void message.success(t('knowledge.editor.saved'));
  };
  const submit = async () => {
    setBusy('submit');
    try {
      const result = await save(false);
      if (!result) return;
      const submitted = await knowledgeApi.submitArticle(result.id, result.version);
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
      void message.success(t('knowledge.action.submitted'));
      void navigate(`/knowledge/articles/${submitted.id}?working=1`);
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(null);
    }
  };
  const ensureSaved = async () => {
    if (saved.current && !dirtyRef.current) return saved.current.id;
    const result = await save(false);
    return result?.id ?? null;
  };

  const title = Form.useWatch('title', form);
  return (
    <KnowledgeFrame title={article ? t('knowledge.editor.editTitle', { title: article.title }) : t('knowledge.editor.newTitle')} testId="article-editor" offerNew={false}>
      <Form<ArticleFormValues> form={form} layout="vertical" initialValues={initialValues} onValuesChange={() => setDirty(true)} scrollToFirstError>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {article && article.status === 'published' && <Alert type="info" showIcon title={t('knowledge.editor.newVersionNote', { version: article.publishedVersion ?? article.currentVersion })} />}
          {otherErrors.length > 0 && (
            <Alert type="error" showIcon title={t('knowledge.editor.fixErrors')} description={otherErrors.map((e) => `${e.field}: ${e.reason}`).join('；')} data-testid="other-errors" />
          )}
          <Form.Item name="title" label={t('knowledge.field.title')} rules={[{ required: true, whitespace: true, message: t('knowledge.editor.titleRequired') }]}>
            <Input maxLength={300} data-testid="field-title" />
          </Form.Item>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'edit',
                label: t('knowledge.editor.tab.edit'),
                forceRender: true,
                children: (
                  <Row gutter={[16, 16]}>
                    <Col xs={24} lg={16}>
                      <div>
                        <Typography.Text strong aria-hidden>
                          {t('knowledge.field.body')}
                        </Typography.Text>
                        <RichTextEditor
                          initialHtml={article?.body ?? ''}
                          label={t('knowledge.field.body')}
                          invalid={!!bodyError}
                          onChange={(html) => {
                            setBody(html);
                            setDirty(true);
                          }}
                          ensureSaved={ensureSaved}
                        />
                        {bodyError && (
                          <Typography.Text type="danger" role="alert" data-testid="body-error">
                            {bodyError}
                          </Typography.Text>
                        )}
                      </div>
                    </Col>
                    <Col xs={24} lg={8}>
                      <ArticleMetadataFields article={article} />
                    </Col>
                  </Row>
                ),
              },
              {
                key: 'preview',
                label: t('knowledge.editor.tab.preview'),
                children: (
                  <div data-testid="article-preview">
                    <h2 style={{ fontSize: 18 }}>{title || t('knowledge.editor.untitled')}</h2>
                    {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the editor's own HTML (only the nodes its schema knows); the server sanitises it again on save */}
                    <div className="kb-article-body" dangerouslySetInnerHTML={{ __html: body }} />
                  </div>
                ),
              },
            ]}
          />
          <Space wrap>
            <Button icon={<SaveOutlined />} onClick={() => void saveDraft()} loading={busy === 'save'} disabled={!!busy} data-testid="save-draft">
              {t('knowledge.editor.saveDraft')}
            </Button>
            <Button type="primary" icon={<SendOutlined />} onClick={() => void submit()} loading={busy === 'submit'} disabled={!!busy} data-testid="submit-for-review">
              {t('knowledge.editor.submit')}
            </Button>
            {dirty && <Typography.Text type="secondary">{t('knowledge.editor.unsaved')}</Typography.Text>}
          </Space>
        </Space>
      </Form>
      <Modal
        open={blocker.state === 'blocked'}
        title={t('knowledge.editor.leaveTitle')}
        okText={t('knowledge.editor.leave')}
        cancelText={t('knowledge.editor.stay')}
        okButtonProps={{ danger: true }}
        onOk={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      >
        {t('knowledge.editor.leaveDetail')}
      </Modal>
    </KnowledgeFrame>
  );
}
