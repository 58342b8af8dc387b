import { useEffect, useRef, type ReactNode } from 'react';

/**
 * Lets a keyboard user scroll a wide Ant Design table sideways: its scrolling element (which
 * Ant Design renders without a tab stop) becomes a focusable, labelled region, so Tab reaches it
 * and the arrow keys scroll it (WCAG 2.1.1; axe `scrollable-region-focusable`).
 */
export function KeyboardScrollable({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  // After every render: the table may replace its scrolling element when its data changes.
  useEffect(() => {
    for (const element of ref.current?.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body') ?? []) {
      if (element.tabIndex === 0) continue;
      element.tabIndex = 0;
      element.setAttribute('role', 'region');
      element.setAttribute('aria-label', label);
    }
  });
  return <div ref={ref}>{children}</div>;
}
