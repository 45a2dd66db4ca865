// Accessibility as axe-core checks it (WCAG 2.1 A and AA, colour contrast included), in light and dark, English and
// Japanese, with the details, a request trace, the editor's search panel and a lint tooltip open.
import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Playground } from './playground.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function violations(page) {
  // Evaluated through the test's channel: the page's CSP (rightly) refuses an injected script tag.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const scheme of ['light', 'dark']) {
  test(`no WCAG A/AA violations, ${scheme}`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: scheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const playground = new Playground(page);
    await playground.open();
    await page.getByTestId('fire').click();
    await playground.pods().first().click();
    await expect(page.getByTestId('details')).toBeVisible();
    await playground.edit('deployment.yaml', 'replicas: 3', 'replica: 3');
    await expect(page.getByTestId('diagnostic')).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('lang-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    // With the editor's search panel open, and its lint tooltip showing.
    await playground.editor('deployment.yaml').click();
    await page.keyboard.press('Control+f');
    await page.keyboard.type('nginx');
    await page.locator('.editor:not([hidden]) .cm-lintRange-error').hover();
    await expect(page.locator('.cm-tooltip-lint')).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });
}
