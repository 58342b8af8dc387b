import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

let axeSource: Promise<string> | undefined;

/** The pointer off the controls, and every animation that ends, ended (see seriousViolations). */
async function atRest(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  // At most 5 s: a paused animation never finishes, and the check should then measure, not hang.
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)))
          .map((animation) => animation.finished.catch(() => undefined)),
      ),
      new Promise((resolve) => setTimeout(resolve, 5_000)),
    ]),
  );
}

/**
 * What makes the page scroll sideways at rest: [] when it fits the window's width, otherwise how many
 * pixels it is too wide and the innermost elements that reach past the right edge (a number alone
 * left a failure on a busy runner, 10 px on /tasks at 390 px, with nothing to go on).
 */
export async function sidewaysOverflow(page: Page): Promise<string[]> {
  await atRest(page);
  return page.evaluate(() => {
    const root = document.documentElement;
    const excess = root.scrollWidth - root.clientWidth;
    if (excess <= 0) return [];
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.getAttribute('data-testid') ? `[data-testid="${element.getAttribute('data-testid')}"]` : ''}${[...element.classList]
        .slice(0, 2)
        .map((c) => `.${c}`)
        .join('')}`;
    const path = (element: Element) => {
      const names: string[] = [];
      for (let at: Element | null = element; at && at !== document.body && names.length < 4; at = at.parentElement) names.unshift(name(at));
      return names.join(' > ');
    };
    // Past the edge and not held in: a fixed element, or one inside a box that clips or scrolls
    // sideways within the window, does not widen the page.
    const widensPage = (element: Element) => {
      for (let at: Element | null = element; at && at !== document.body; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (style.position === 'fixed') return false;
        if (at !== element && style.overflowX !== 'visible' && at.getBoundingClientRect().right <= root.clientWidth + 0.5) return false;
      }
      return true;
    };
    const past = [...document.body.querySelectorAll('*')].filter((element) => element.getBoundingClientRect().right > root.clientWidth + 0.5 && widensPage(element));
    // Innermost: an element past the edge none of whose children is, i.e. where the width comes from.
    const innermost = past.filter((element) => !past.some((other) => other !== element && element.contains(other)));
    return [
      `${excess} px wider than the window`,
      ...innermost.slice(0, 5).map((element) => `${path(element)} ends at ${Math.round(element.getBoundingClientRect().right)} px: ${JSON.stringify((element.textContent ?? '').trim().slice(0, 40))}`),
    ];
  });
}

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
  await atRest(page);
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
