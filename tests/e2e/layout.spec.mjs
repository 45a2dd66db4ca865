// The page at embed sizes and on a wide screen: topology text readable and inside its boxes, rule labels off their
// edges, the editor's line numbers beside their lines, and a console that stays clean while typing over a selection.
import { test, expect } from '@playwright/test';
import { Playground } from './playground.mjs';

/** Every text of the topology whose box is not inside the block it belongs to, as "block: text". */
const overflowing = (page) => page.getByTestId('topology').evaluate((svg) => {
  const out = [];
  for (const block of svg.querySelectorAll('[data-testid="service"], [data-testid="ingress"]')) {
    const rect = block.querySelector('rect').getBBox();
    for (const text of block.querySelectorAll('text')) {
      const box = text.getBBox();
      if (box.x < rect.x || box.x + box.width > rect.x + rect.width || box.y + box.height > rect.y + rect.height) {
        out.push(`${block.dataset.name}: ${text.textContent}`);
      }
    }
  }
  return out;
});

/** The rule labels that an edge's stroke passes through. */
const labelsOnEdges = (page) => page.getByTestId('topology').evaluate((svg) => {
  const out = [];
  for (const label of svg.querySelectorAll('.edge .label')) {
    const box = label.getBBox();
    for (const path of svg.querySelectorAll('.edge path:not(.hit)')) {
      for (let at = 0; at <= path.getTotalLength(); at += 2) {
        const p = path.getPointAtLength(at);
        if (p.x > box.x && p.x < box.x + box.width && p.y > box.y && p.y < box.y + box.height) {
          out.push(label.textContent);
          break;
        }
      }
    }
  }
  return out;
});

/** How far (px) each visible line number sits from its line, the worst of them. */
const gutterDrift = (playground, file) => playground.editor(file).evaluate((content) => {
  const root = content.getRootNode();
  // Line numbers, without the invisible one CodeMirror sizes the gutter with.
  const numbers = [...root.querySelectorAll('.cm-lineNumbers .cm-gutterElement')]
    .filter((e) => /^\d+$/.test(e.textContent) && e.getBoundingClientRect().height > 0);
  const lines = [...root.querySelectorAll('.cm-line')];
  return Math.max(...numbers.slice(0, lines.length).map((n, i) =>
    Math.abs(n.getBoundingClientRect().top - lines[i].getBoundingClientRect().top)));
});

for (const [width, height] of [[360, 740], [700, 500], [1440, 900]]) {
  test(`at ${width}x${height} the topology reads well and the line numbers sit by their lines`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    const playground = new Playground(page);
    await playground.open();
    await expect(playground.pods()).toHaveCount(3);
    // Titles stay at least 9 px tall on screen, however narrow the page: the topology scrolls instead.
    const titles = await page.locator('.topology .title').evaluateAll((ts) => ts.map((t) => t.getBoundingClientRect().height));
    expect(Math.min(...titles)).toBeGreaterThanOrEqual(9);
    expect(await overflowing(page)).toEqual([]);
    expect(await labelsOnEdges(page)).toEqual([]);
    await playground.editor('deployment.yaml').scrollIntoViewIfNeeded();
    await expect.poll(() => gutterDrift(playground, 'deployment.yaml')).toBeLessThanOrEqual(1);
    playground.expectNoProblems();
  });
}

test('a narrow topology opens scrolled to its middle', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const playground = new Playground(page);
  await playground.open();
  const pane = page.locator('.topology-pane');
  const [scroll, room] = await pane.evaluate((el) => [el.scrollLeft, el.scrollWidth - el.clientWidth]);
  expect(room).toBeGreaterThan(0);
  expect(Math.abs(scroll - room / 2)).toBeLessThanOrEqual(1);
  playground.expectNoProblems();
});

test('typing over a selection of the whole file keeps the console clean', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.editor('service.yaml').waitFor({ state: 'attached' });
  await playground.openFile('deployment.yaml');
  await playground.editor('deployment.yaml').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('kind: ');
  await expect.poll(() => playground.editorText('deployment.yaml')).toBe('kind: ');
  // Brackets still close themselves.
  await page.keyboard.type('[');
  await expect.poll(() => playground.editorText('deployment.yaml')).toBe('kind: []');
  await page.keyboard.press('Control+Z');
  await expect.poll(() => playground.editorText('deployment.yaml')).not.toContain('[');
  playground.expectNoProblems();
});
