import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

let axeSource: Promise<string> | undefined;

/**
 * axe-core's serious and critical findings on the page, or inside the element `within` selects: one
 * line each, naming the rule, what it asks and where.
 *
 * What axe measures is the page at rest. The pointer is moved off the controls (a hovered button's
 * lighter colour is a passing state), and every animation that ends is waited for: a colour still
 * fading back from hover, or a section's text still fading in as it opens, measured halfway gave
 * contrast findings on a busy runner that the settled page does not have (fresh-clone CI on 8aa857d
 * and 46e5de8). A spinner's animation runs forever, so it is not waited for.
 */
export async function seriousViolations(page: Page, within?: string): Promise<string[]> {
  await page.mouse.move(0, 0);
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)))
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  // Through the DevTools protocol, not a <script>: the console's CSP (script-src 'self') rightly
  // refuses inline scripts, and the check must run under the real policy.
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(await axeSource);
  return page.evaluate(async (selector) => {
    interface AxeResult {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    }
    const axe = (window as unknown as { axe: { run(context: Element | Document, options: object): Promise<AxeResult> } }).axe;
    const context = selector ? document.querySelector(selector) : document;
    if (!context) throw new Error(`nothing on the page matches ${selector}`);
    const result = await axe.run(context, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} at ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(' | ')}`,
      );
  }, within);
}
