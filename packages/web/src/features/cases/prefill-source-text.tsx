import { useMemo } from 'react';
import { segmentsOf, type KeyedSpan } from './prefill-model.ts';

/**
 * The pasted text as sent, with every suggestion's source in a <mark>; the marks of the field in
 * focus are emphasised. Rendered as text, never as HTML: it is the customer's own words.
 */
export function PrefillSourceText({
  text,
  spans,
  focused,
  kindOf,
  titleOf,
  label,
}: {
  text: string;
  spans: readonly KeyedSpan[];
  focused: string | null;
  /** suggestion | refused | signal | quiet (marked only in focus): how a key's marks look; the first key not quiet decides. */
  kindOf(key: string): string;
  titleOf(key: string): string;
  label: string;
}) {
  const segments = useMemo(() => segmentsOf(text, spans), [text, spans]);
  // A free-text field's words in focus are tinted, not outlined: they may be the whole text.
  const focusedClass = focused && kindOf(focused) === 'quiet' ? 'prefill-mark-focused-quiet' : 'prefill-mark-focused';
  return (
    <section className="prefill-source" aria-label={label} data-testid="prefill-source">
      {segments.map((segment) =>
        segment.keys.length === 0 ? (
          <span key={segment.start}>{segment.text}</span>
        ) : (
          <mark
            key={segment.start}
            className={[`prefill-mark-${segment.keys.map(kindOf).find((k) => k !== 'quiet') ?? 'quiet'}`, focused && segment.keys.includes(focused) ? focusedClass : ''].filter(Boolean).join(' ')}
            data-keys={segment.keys.join(' ')}
            title={segment.keys.map(titleOf).join(', ')}
          >
            {segment.text}
          </mark>
        ),
      )}
    </section>
  );
}
