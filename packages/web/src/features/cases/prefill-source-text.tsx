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
  /** suggestion | refused | signal: how a key's marks look. */
  kindOf(key: string): string;
  titleOf(key: string): string;
  label: string;
}) {
  const segments = useMemo(() => segmentsOf(text, spans), [text, spans]);
  return (
    <section className="prefill-source" aria-label={label} data-testid="prefill-source">
      {segments.map((segment) =>
        segment.keys.length === 0 ? (
          <span key={segment.start}>{segment.text}</span>
        ) : (
          <mark
            key={segment.start}
            className={[`prefill-mark-${kindOf(segment.keys[0]!)}`, focused && segment.keys.includes(focused) ? 'prefill-mark-focused' : ''].filter(Boolean).join(' ')}
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
