import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { Tag } from 'antd';
import { useLocale } from '../../app/locale.tsx';
import { percentOf, type SuggestionState } from './prefill-model.ts';
import type { PrefillSession } from './prefill-session.tsx';

// Marks the suggested fields in the form-js form (issue 22): form-js renders its own DOM, so the
// marks are data attributes on its field wrappers (drawn by prefill.css), set again whenever
// form-js redraws; focusing or pointing at a field tells the prefill which source to emphasise.

const FIELD = '.fjs-form-field';
export const STATE_COLOR: Record<SuggestionState, string> = { suggested: 'processing', accepted: 'success', changed: 'warning', rejected: 'default' };
const KEY = 'data-assist-key';

function setAttr(el: Element, name: string, value: string | null) {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** A form-js label's text without the required mark. */
const labelText = (field: Element) => (field.querySelector('label')?.textContent ?? '').replace(/\*\s*$/, '').trim();

export function PrefillFormMarks({ session, children }: { session: PrefillSession; children: ReactNode }) {
  const { t } = useLocale();
  const ref = useRef<HTMLDivElement>(null);
  const { fields, suggestions, focused, setFocused, enabled } = session;

  const decorate = useCallback(() => {
    const container = ref.current;
    if (!container) return;
    for (const el of container.querySelectorAll(FIELD)) {
      const text = labelText(el);
      const field = fields.find((f) => f.formLabel.trim() === text) ?? fields.find((f) => text !== '' && text.startsWith(f.formLabel.trim()));
      setAttr(el, KEY, field?.key ?? null);
      const s = field && enabled ? suggestions.find((x) => x.field === field.key) : undefined;
      const badge = s ? (s.state === 'suggested' ? t('assist.form.suggested', { percent: percentOf(s.confidence) }) : t(`assist.state.${s.state}`)) : null;
      setAttr(el, 'data-assist-state', s?.state ?? null);
      setAttr(el, 'data-assist-badge', badge);
      setAttr(el, 'data-assist-focused', s && focused === s.field ? 'true' : null);
      const input = el.querySelector('input, textarea, select, [role="combobox"]');
      if (input) setAttr(input, 'aria-description', badge);
    }
  }, [fields, suggestions, focused, enabled, t]);

  useEffect(() => {
    decorate();
    const container = ref.current;
    if (!container) return;
    const observer = new MutationObserver(decorate);
    observer.observe(container, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [decorate]);

  // Listened to on the wrapper: the events come from form-js's own inputs, which React does not render.
  const latest = useRef({ suggestions, focused, setFocused });
  latest.current = { suggestions, focused, setFocused };
  useEffect(() => {
    const container = ref.current;
    if (!container || !enabled) return;
    const suggestedKey = (target: EventTarget | null) => {
      const key = target instanceof Element ? (target.closest(`[${KEY}]`)?.getAttribute(KEY) ?? null) : null;
      return key && latest.current.suggestions.some((s) => s.field === key) ? key : null;
    };
    const onFocusIn = (event: FocusEvent) => latest.current.setFocused(suggestedKey(event.target));
    const onFocusOut = (event: FocusEvent) => {
      if (!container.contains(event.relatedTarget as Node | null)) latest.current.setFocused(null);
    };
    const onMouseOver = (event: MouseEvent) => {
      const key = suggestedKey(event.target);
      if (key && key !== latest.current.focused) latest.current.setFocused(key);
    };
    // Leaving with the pointer gives the emphasis back to the field that has the keyboard focus.
    const onMouseLeave = () => latest.current.setFocused(suggestedKey(container.contains(document.activeElement) ? document.activeElement : null));
    container.addEventListener('focusin', onFocusIn);
    container.addEventListener('focusout', onFocusOut);
    container.addEventListener('mouseover', onMouseOver);
    container.addEventListener('mouseleave', onMouseLeave);
    return () => {
      container.removeEventListener('focusin', onFocusIn);
      container.removeEventListener('focusout', onFocusOut);
      container.removeEventListener('mouseover', onMouseOver);
      container.removeEventListener('mouseleave', onMouseLeave);
    };
  }, [enabled]);

  return (
    <div ref={ref} className="prefill-form">
      {children}
    </div>
  );
}

/** The mark of a suggestion on a field outside form-js (the case's priority): its state, and the confidence while it waits. */
export function PrefillFieldMark({ session, field }: { session: PrefillSession; field: string }) {
  const { t } = useLocale();
  const s = session.enabled ? session.suggestions.find((x) => x.field === field) : undefined;
  if (!s) return null;
  return (
    <Tag color={STATE_COLOR[s.state]} data-testid={`prefill-mark-${field}`} style={{ marginTop: 4 }}>
      {s.state === 'suggested' ? t('assist.form.suggested', { percent: percentOf(s.confidence) }) : t(`assist.state.${s.state}`)}
    </Tag>
  );
}
