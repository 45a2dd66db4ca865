// kplay embedded in tutorial pages on another origin (tests/e2e/host, served on the next port): the embed page driven
// through its postMessage API, and the drop-in script turning elements into independent playgrounds.
import { test, expect } from '@playwright/test';
import { Playground } from './playground.mjs';

const kplayPort = Number(process.env.KPLAY_E2E_PORT || 8181);
const kplay = `http://127.0.0.1:${kplayPort}/`;
const host = `http://127.0.0.1:${kplayPort + 1}`;

/** The messages the host page has received from the embed, of one type. */
const received = (page, type) => page.evaluate((t) => window.received.filter((m) => m.type === t), type);

test('a host page drives the embed through postMessage and hears its events', async ({ page }) => {
  const playground = new Playground(page);
  await page.goto(`${host}/api.html?kplay=${encodeURIComponent(kplay)}`);
  await expect.poll(() => received(page, 'ready')).toEqual([{ kplay: 1, type: 'ready', version: 1 }]);
  await expect.poll(async () => (await received(page, 'pods')).length).toBeGreaterThan(0);
  const frame = page.frameLocator('#kplay');
  await expect(frame.getByTestId('topology')).toBeVisible();
  await expect(frame.getByTestId('open-in-kplay')).toBeVisible();

  // A file set by the host is in the editor and applied.
  const deployment = await frame.getByTestId('editor-deployment.yaml').evaluate((el) => kplayEditor.find(el).text());
  await page.evaluate((text) => window.send({ kplay: 1, id: 'files', type: 'setFiles', files: { 'deployment.yaml': text } }),
    deployment.replace('replicas: 3', 'replicas: 4'));
  await expect.poll(() => received(page, 'done')).toContainEqual({ kplay: 1, type: 'done', id: 'files' });
  await expect.poll(() => frame.getByTestId('editor-deployment.yaml').evaluate((el) => kplayEditor.find(el).text()))
    .toContain('replicas: 4');
  await expect(frame.locator('[data-testid="pod"][data-namespace="default"]')).toHaveCount(4);

  // A shell line runs in the terminal and its output comes back.
  await page.evaluate(() => window.send({ kplay: 1, id: 2, type: 'run', line: 'kubectl get pods' }));
  await expect.poll(async () => (await received(page, 'output')).find((m) => m.id === 2)?.output ?? '')
    .toMatch(/^NAME +READY +STATUS/);
  await expect(frame.getByTestId('terminal-output')).toContainText('nginx-deployment-');

  // A request goes through the cluster and its result comes back.
  await page.evaluate(() => window.send({ kplay: 1, id: 3, type: 'request', path: '/', count: 2 }));
  await expect.poll(async () => (await received(page, 'requestResult')).find((m) => m.id === 3)?.results.length).toBe(2);
  const [result] = (await received(page, 'requestResult')).find((m) => m.id === 3).results;
  expect(result.status).toBe(200);
  expect(result.pod).toMatch(/^nginx-deployment-/);

  // Pods deleted from the host come back as events.
  const before = (await received(page, 'pods')).length;
  await page.evaluate(() => window.send({ kplay: 1, type: 'run', line: 'kubectl delete pod -l app=nginx --wait=false' }));
  await expect.poll(async () => (await received(page, 'pods')).length).toBeGreaterThan(before);

  // A malformed message gets an error and changes nothing.
  const pods = await frame.locator('[data-testid="pod"][data-namespace="default"]').count();
  await page.evaluate(() => window.send({ kplay: 1, id: 'bad', type: 'run', line: 42 }));
  await expect.poll(() => received(page, 'error')).toContainEqual(expect.objectContaining({ id: 'bad' }));
  await page.evaluate(() => window.send({ kplay: 7, id: 'future', type: 'reset' }));
  await expect.poll(async () => (await received(page, 'error')).find((m) => m.id === 'future')?.error ?? '')
    .toContain('unsupported API version 7');
  expect(await frame.locator('[data-testid="pod"][data-namespace="default"]').count()).toBe(pods);

  // A lesson opened by the host shows its panel.
  await page.evaluate(() => window.send({ kplay: 1, id: 'lesson', type: 'openLesson', lesson: 'scaling' }));
  await expect.poll(() => received(page, 'done')).toContainEqual({ kplay: 1, type: 'done', id: 'lesson' });
  await expect(frame.getByTestId('lesson-step-title')).toContainText('Six replicas');
  await page.evaluate(() => window.send({ kplay: 1, id: 'bad-lesson', type: 'openLesson', lesson: 'id: x\nsteps: []' }));
  await expect.poll(async () => (await received(page, 'error')).find((m) => m.id === 'bad-lesson')?.error ?? '')
    .toContain('missing field');

  // Reset goes back to the embed's opening; the language follows the host.
  await page.evaluate(() => window.send({ kplay: 1, id: 'reset', type: 'reset' }));
  await expect.poll(() => received(page, 'done')).toContainEqual({ kplay: 1, type: 'done', id: 'reset' });
  await page.evaluate(() => window.send({ kplay: 1, type: 'setLanguage', lang: 'ja' }));
  await expect(frame.locator('html')).toHaveAttribute('lang', 'ja');
  playground.expectNoProblems();
});

test('an embed that allows another origin ignores this page', async ({ page }) => {
  const playground = new Playground(page);
  await page.goto(`${host}/api.html?kplay=${encodeURIComponent(kplay)}&allow=${encodeURIComponent('https://docs.example')}`);
  const frame = page.frameLocator('#kplay');
  await expect(frame.getByTestId('topology')).toBeVisible();
  await page.evaluate(() => window.send({ kplay: 1, id: 1, type: 'run', line: 'kubectl delete deployment nginx-deployment' }));
  await page.evaluate(() => window.send({ kplay: 1, id: 2, type: 'bogus' }));
  await page.waitForTimeout(500);
  // Nothing came back (its events go to the allowed origin only), and nothing ran.
  expect(await page.evaluate(() => window.received)).toEqual([]);
  await expect(frame.locator('[data-testid="pod"][data-namespace="default"]')).toHaveCount(3);
  await expect(frame.getByTestId('terminal-output')).not.toContainText('kubectl delete deployment');
  playground.expectNoProblems();
});

test('the drop-in script makes two independent playgrounds and downloads the wasm once', async ({ page }) => {
  const playground = new Playground(page);
  const wasm = [];
  // What came over the network: a response from the browser's cache has no body size of its own.
  page.on('response', async (response) => {
    if (response.url().endsWith('.wasm')) wasm.push((await response.request().sizes()).responseBodySize);
  });
  await page.goto(`${host}/dropin.html?kplay=${encodeURIComponent(kplay)}`);
  const first = page.frameLocator('#first iframe');
  const second = page.frameLocator('#second iframe');
  const pods = (frame) => frame.locator('[data-testid="pod"][data-namespace="default"]');
  // The first: the terminal and topology only, and its startup script's output.
  await expect(pods(first)).toHaveCount(2);
  await expect(first.getByTestId('terminal-output')).toContainText('nginx-deployment   2/2');
  await expect(first.getByTestId('tab-deployment.yaml')).toHaveCount(0);
  await page.locator('#second').scrollIntoViewIfNeeded();
  await expect(pods(second)).toHaveCount(3);
  await expect(second.getByTestId('tab-service.yaml')).toHaveAttribute('aria-selected', 'true');
  // Its own service.yaml, written indented in the page, in the editor without the indentation.
  await expect.poll(() => second.getByTestId('editor-service.yaml').evaluate((el) => kplayEditor.find(el).text()))
    .toContain('apiVersion: v1\nkind: Service\n');
  await expect.poll(() => second.getByTestId('editor-service.yaml').evaluate((el) => kplayEditor.find(el).text()))
    .toContain('- port: 8080');
  // Read-only: shown, but not editable, and no Apply.
  await expect(second.getByTestId('editor-service.yaml')).toHaveAttribute('contenteditable', 'false');
  await expect(second.getByTestId('apply')).toHaveCount(0);

  // A pod deleted in one stays in the other.
  const name = await pods(first).first().getAttribute('data-name');
  await page.evaluate((line) => document.getElementById('first').kplay.send({ type: 'run', line }),
    `kubectl delete pod ${name} --wait=false`);
  await expect(first.getByTestId('terminal-output')).toContainText(`pod "${name}" deleted`);
  await expect(second.locator(`[data-testid="pod"][data-name="${name}"]`)).toHaveCount(1);
  await expect(second.getByTestId('terminal-output')).not.toContainText('deleted');

  // The frames size themselves: the first asked for its height, the second for its content's.
  await expect.poll(() => page.locator('#first iframe').evaluate((f) => f.getBoundingClientRect().height)).toBeCloseTo(522, 0);
  await expect.poll(() => page.locator('#second iframe').evaluate((f) => f.getBoundingClientRect().height)).toBeGreaterThan(700);
  expect(wasm).toHaveLength(2);
  expect(wasm.filter((bytes) => bytes > 0)).toHaveLength(1);
  playground.expectNoProblems();
});
