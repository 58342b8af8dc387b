import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';

export interface FormJsSchema {
  components: { type: string; key?: string; id?: string; label?: string; [k: string]: unknown }[];
  [k: string]: unknown;
}

export interface FormJsViewHandle {
  /** Validates in the browser and returns the values, or the errors keyed by field key. */
  submit(): { data: Record<string, unknown>; errors: Record<string, string[]> };
  /** Shows the server's errors under the fields they name (keyed by form field key). */
  setFieldErrors(errors: Record<string, string[]>): void;
}

interface FormJsViewProps {
  schema: FormJsSchema;
  data: Record<string, unknown>;
  readOnly?: boolean;
  onChange?(data: Record<string, unknown>): void;
}

interface RegisteredField {
  id: string;
  key?: string;
}

/** A case's form rendered by @bpmn-io/form-js from its case type's schema. */
export const FormJsView = forwardRef<FormJsViewHandle, FormJsViewProps>(function FormJsView({ schema, data, readOnly = false, onChange }, ref) {
  const containerRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<Form | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is rebuilt when the schema or the stored values change, not on every keystroke; readOnly follows in the effect below
  useEffect(() => {
    // No debounce: each keystroke reaches the form's state at once, so a field's error clears as it
    // is fixed. Debounced, it cleared only when the field lost focus — on pressing Create — and the
    // form shrank under the pointer: the press started on the button and ended beside it.
    const form = new Form({ container: containerRef.current!, debounce: false } as ConstructorParameters<typeof Form>[0]);
    formRef.current = form;
    form.on('changed', (event: { data: Record<string, unknown> }) => onChangeRef.current?.(event.data));
    let live = true;
    form.importSchema(schema as never, data).then(
      () => {
        if (live) form.setProperty('readOnly', readOnly);
      },
      (error: Error) => console.warn('form-js could not import the schema', error.message),
    );
    return () => {
      live = false;
      form.destroy();
      formRef.current = null;
    };
  }, [schema, data]);

  useEffect(() => {
    formRef.current?.setProperty('readOnly', readOnly);
  }, [readOnly]);

  useImperativeHandle(ref, () => {
    const fields = (): RegisteredField[] => formRef.current?.get<{ getAll(): RegisteredField[] }>('formFieldRegistry').getAll() ?? [];
    return {
      submit() {
        const result = formRef.current!.submit();
        const byKey: Record<string, string[]> = {};
        for (const [id, messages] of Object.entries(result.errors as Record<string, string[]>)) {
          const key = fields().find((f) => f.id === id)?.key ?? id;
          byKey[key] = messages;
        }
        return { data: result.data as Record<string, unknown>, errors: byKey };
      },
      setFieldErrors(errorsByKey) {
        const errors: Record<string, string[]> = {};
        for (const [key, messages] of Object.entries(errorsByKey)) {
          const field = fields().find((f) => f.key === key);
          if (field) errors[field.id] = messages;
        }
        formRef.current?._setState({ errors });
      },
    };
  }, []);

  return <div ref={containerRef} className="docket-form" data-testid="case-form" />;
});
