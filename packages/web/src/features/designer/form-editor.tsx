import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Select, Space, Typography } from 'antd';
import { FormEditor } from '@bpmn-io/form-js-editor';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-editor/dist/assets/properties-panel.css';
import { useT } from '../../app/locale.tsx';
import type { FormJsSchema } from '../../components/form-js-view.tsx';

// The data classes the server masks and encrypts (modules/cases/form-schema.ts DATA_CLASSES).
export const DATA_CLASSES = ['resident-id', 'phone', 'bank-card', 'account', 'name', 'email', 'address', 'uscc'] as const;
type DataClass = (typeof DATA_CLASSES)[number];

interface EditorField {
  id: string;
  type: string;
  key?: string;
  label?: string;
  properties?: Record<string, unknown>;
}

export interface FormEditorHandle {
  getSchema(): FormJsSchema;
}

/** The @bpmn-io/form-js editor, plus a panel for the data class of the selected field. */
export const CaseTypeFormEditor = forwardRef<FormEditorHandle, { schema: FormJsSchema }>(function CaseTypeFormEditor({ schema }, ref) {
  const t = useT();
  const containerRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<FormEditor | null>(null);
  const [selected, setSelected] = useState<EditorField | null>(null);
  /** The schema is imported and the canvas accepts drops (the browser tests wait for it). */
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const editor = new FormEditor({ container: containerRef.current! });
    editorRef.current = editor;
    const onSelection = (event: { selection: EditorField | null }) => setSelected(event.selection ? { ...event.selection } : null);
    editor.on('selection.changed', onSelection);
    editor.on('changed', () => {
      const current = editor.get<{ get(): EditorField | null }>('selection').get();
      setSelected(current ? { ...current } : null);
    });
    setReady(false);
    let live = true;
    editor.importSchema(structuredClone(schema) as never).then(
      () => live && setReady(true),
      (error: Error) => console.warn('form-js editor could not import the schema', error.message),
    );
    return () => {
      live = false;
      editor.destroy();
      editorRef.current = null;
    };
  }, [schema]);

  useImperativeHandle(ref, () => ({ getSchema: () => editorRef.current!.saveSchema() as FormJsSchema }), []);

  const setDataClass = (dataClass: DataClass | 'none') => {
    const editor = editorRef.current;
    const field = editor?.get<{ get(): EditorField | null }>('selection').get();
    if (!editor || !field) return;
    const properties = { ...(field.properties ?? {}) };
    if (dataClass === 'none') delete properties.dataClass;
    else properties.dataClass = dataClass;
    editor.get<{ editFormField(field: EditorField, name: string, value: unknown): void }>('modeling').editFormField(field, 'properties', properties);
  };

  const currentClass = (selected?.properties?.dataClass as DataClass | undefined) ?? 'none';
  return (
    <div>
      <Space style={{ marginBottom: 8, minHeight: 28 }} data-testid="data-class-panel">
        {selected?.key ? (
          <>
            <Typography.Text>
              {selected.label || selected.key} — {t('designer.dataClass')}
            </Typography.Text>
            <Select<DataClass | 'none'>
              aria-label={t('designer.dataClass')}
              size="small"
              style={{ width: 200 }}
              value={currentClass}
              onChange={setDataClass}
              options={[{ value: 'none', label: t('designer.dataClass.none') }, ...DATA_CLASSES.map((c) => ({ value: c, label: t(`dataClass.${c}`) }))]}
              data-testid="data-class-select"
            />
          </>
        ) : (
          <Typography.Text type="secondary">{t('designer.selectField')}</Typography.Text>
        )}
      </Space>
      <div ref={containerRef} className="docket-form-editor" style={{ height: 560, border: '1px solid #f0f0f0' }} data-testid="form-editor" data-ready={ready ? 'true' : undefined} />
    </div>
  );
});
