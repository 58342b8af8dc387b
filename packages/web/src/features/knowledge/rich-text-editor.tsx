import { useState } from 'react';
import { App, Button, Divider, Form, Input, Modal, Tooltip, Upload } from 'antd';
import {
  BoldOutlined,
  InsertRowBelowOutlined,
  InsertRowRightOutlined,
  ItalicOutlined,
  LinkOutlined,
  OrderedListOutlined,
  PictureOutlined,
  RedoOutlined,
  TableOutlined,
  UndoOutlined,
  UnorderedListOutlined,
  DeleteOutlined,
} from '@ant-design/icons';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import Image from '@tiptap/extension-image';
import Link from '@tiptap/extension-link';
import { useLocale } from '../../app/locale.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { knowledgeApi, type ArticleAsset } from './knowledge-api.ts';
import './knowledge.css';

// Links an article may hold: web pages and mail; anything else (javascript:, data:) the server
// removes on save anyway, so the editor does not offer it.
const SAFE_LINK = /^(https?:\/\/|mailto:|\/)/i;

/**
 * The article body: tiptap with headings, lists, tables, links and images (uploaded as the
 * article's assets). `ensureSaved` gives the article's id, saving a new article's draft first, so
 * an image always belongs to an article.
 */
export function RichTextEditor({
  initialHtml,
  onChange,
  ensureSaved,
  label,
  invalid,
}: {
  initialHtml: string;
  onChange: (html: string) => void;
  ensureSaved: () => Promise<string | null>;
  label: string;
  invalid?: boolean;
}) {
  const editor = useEditor({
    extensions: [
      StarterKit.configure({ heading: { levels: [2, 3, 4] }, link: false }),
      Link.configure({ openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] }),
      Table.configure({ resizable: false }),
      TableRow,
      TableHeader,
      TableCell,
      Image.configure({ inline: false, allowBase64: false }),
    ],
    content: initialHtml,
    editorProps: { attributes: { 'aria-label': label, role: 'textbox', 'aria-multiline': 'true', 'data-testid': 'article-body-editor', ...(invalid ? { 'aria-invalid': 'true' } : {}) } },
    onUpdate: ({ editor: e }) => onChange(e.getHTML()),
    immediatelyRender: true,
  });
  return (
    <div className="kb-editor">
      {editor && <Toolbar editor={editor} ensureSaved={ensureSaved} />}
      <EditorContent editor={editor} />
    </div>
  );
}

function Toolbar({ editor, ensureSaved }: { editor: Editor; ensureSaved: () => Promise<string | null> }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [linking, setLinking] = useState(false);
  const [uploading, setUploading] = useState(false);
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      link: e.isActive('link'),
      table: e.isActive('table'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const chain = () => editor.chain().focus();
  const toggle = (key: keyof typeof active, labelKey: Parameters<typeof t>[0], run: () => void, icon?: React.ReactNode, text?: string) => (
    <Tooltip title={t(labelKey)}>
      <Button size="small" type={active[key] ? 'primary' : 'default'} aria-pressed={!!active[key]} aria-label={t(labelKey)} icon={icon} onClick={run} data-testid={`editor-${key}`}>
        {text}
      </Button>
    </Tooltip>
  );
  const command = (labelKey: Parameters<typeof t>[0], run: () => void, icon: React.ReactNode, testId: string, disabled = false) => (
    <Tooltip title={t(labelKey)}>
      <Button size="small" aria-label={t(labelKey)} icon={icon} onClick={run} disabled={disabled} data-testid={testId} />
    </Tooltip>
  );
  const upload = async (file: File) => {
    setUploading(true);
    try {
      const id = await ensureSaved();
      if (!id) return;
      const asset: ArticleAsset = await knowledgeApi.uploadAsset(id, file);
      if (asset.contentType.startsWith('image/')) chain().setImage({ src: asset.url, alt: asset.fileName }).run();
      else
        chain()
          .insertContent({ type: 'paragraph', content: [{ type: 'text', text: asset.fileName, marks: [{ type: 'link', attrs: { href: asset.url } }] }] })
          .run();
      void message.success(t('knowledge.editor.uploaded', { name: asset.fileName }));
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setUploading(false);
    }
  };
  return (
    <div className="kb-editor-toolbar" role="toolbar" aria-label={t('knowledge.editor.toolbar')} data-testid="editor-toolbar">
      {toggle('h2', 'knowledge.editor.heading2', () => chain().toggleHeading({ level: 2 }).run(), undefined, 'H2')}
      {toggle('h3', 'knowledge.editor.heading3', () => chain().toggleHeading({ level: 3 }).run(), undefined, 'H3')}
      {toggle('bold', 'knowledge.editor.bold', () => chain().toggleBold().run(), <BoldOutlined />)}
      {toggle('italic', 'knowledge.editor.italic', () => chain().toggleItalic().run(), <ItalicOutlined />)}
      {toggle('bullet', 'knowledge.editor.bulletList', () => chain().toggleBulletList().run(), <UnorderedListOutlined />)}
      {toggle('ordered', 'knowledge.editor.orderedList', () => chain().toggleOrderedList().run(), <OrderedListOutlined />)}
      {toggle('link', 'knowledge.editor.link', () => (active.link ? chain().unsetLink().run() : setLinking(true)), <LinkOutlined />)}
      <Divider orientation="vertical" />
      {command('knowledge.editor.insertTable', () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(), <TableOutlined />, 'editor-insert-table')}
      {command('knowledge.editor.addRow', () => chain().addRowAfter().run(), <InsertRowBelowOutlined />, 'editor-add-row', !active.table)}
      {command('knowledge.editor.addColumn', () => chain().addColumnAfter().run(), <InsertRowRightOutlined />, 'editor-add-column', !active.table)}
      {command('knowledge.editor.deleteTable', () => chain().deleteTable().run(), <DeleteOutlined />, 'editor-delete-table', !active.table)}
      <Divider orientation="vertical" />
      <Upload
        accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"
        showUploadList={false}
        customRequest={({ file, onSuccess }) => {
          void upload(file as File).then(() => onSuccess?.(null));
        }}
      >
        <Tooltip title={t('knowledge.editor.imageHint')}>
          <Button size="small" icon={<PictureOutlined />} loading={uploading} aria-label={t('knowledge.editor.image')} data-testid="editor-image" />
        </Tooltip>
      </Upload>
      {command('knowledge.editor.undo', () => chain().undo().run(), <UndoOutlined />, 'editor-undo', !active.canUndo)}
      {command('knowledge.editor.redo', () => chain().redo().run(), <RedoOutlined />, 'editor-redo', !active.canRedo)}
      <LinkDialog
        open={linking}
        onClose={() => setLinking(false)}
        onLink={(href) => {
          chain().extendMarkRange('link').setLink({ href }).run();
          setLinking(false);
        }}
      />
    </div>
  );
}

function LinkDialog({ open, onClose, onLink }: { open: boolean; onClose: () => void; onLink: (href: string) => void }) {
  const t = useLocale().t;
  const [form] = Form.useForm<{ href: string }>();
  return (
    <Modal
      open={open}
      title={t('knowledge.editor.link')}
      okText={t('knowledge.editor.linkApply')}
      cancelText={t('knowledge.cancel')}
      onCancel={onClose}
      onOk={() =>
        form.validateFields().then(
          ({ href }) => {
            onLink(href.trim());
            form.resetFields();
          },
          () => undefined,
        )
      }
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="href" label={t('knowledge.editor.linkUrl')} rules={[{ required: true, pattern: SAFE_LINK, message: t('knowledge.editor.linkInvalid') }]}>
          <Input placeholder="https://" autoFocus data-testid="link-url" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
