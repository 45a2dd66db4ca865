// The seed tutorial's opening state and the first thing a learner tries: scaling the Deployment.
import { test, expect } from '@playwright/test';
import { Playground } from './playground.mjs';

test('opens on the seed: three pods behind the nginx service and one ingress', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await expect(playground.pods()).toHaveCount(3);
  // The tutorial's Service, and the one Traefik's manifest brings.
  await expect(playground.services()).toHaveCount(2);
  await expect(page.locator('[data-testid="service"][data-name="nginx-service"]')).toHaveCount(1);
  await expect(playground.ingresses()).toHaveCount(1);
  await expect(playground.ingresses().first()).toHaveAttribute('data-name', 'nginx-ingress');
  for (const pod of await playground.pods().all()) {
    await expect(pod).toHaveAttribute('data-phase', 'Running');
    await expect(pod).toHaveAttribute('data-name', /^nginx-deployment-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    await expect(pod).toHaveAttribute('data-node', /^kplay-worker2?$/);
  }
  await page.screenshot({ path: 'test-results/seed.png', fullPage: true });
  playground.expectNoProblems();
});

test('changing replicas from 3 to 5 in the editor draws 5 pods', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await expect(playground.pods()).toHaveCount(3);
  await playground.edit('deployment.yaml', 'replicas: 3', 'replicas: 5');
  await expect(playground.pods()).toHaveCount(5);
  await expect(page.locator('[data-testid="pod"][data-namespace="default"][data-phase="Running"]')).toHaveCount(5);
  await page.screenshot({ path: 'test-results/five-pods.png', fullPage: true });
  playground.expectNoProblems();
});

test('broken YAML shows the error at its line and keeps the last good cluster', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  // The editor closes the bracket as it is typed; the learner deletes the closing one.
  await playground.select('deployment.yaml', '  replicas: 3');
  await page.keyboard.type('  replicas: [3');
  await page.keyboard.press('Delete');
  const diagnostic = page.getByTestId('diagnostic').first();
  await expect(diagnostic).toBeVisible();
  await expect(diagnostic).toContainText('error converting YAML to JSON');
  await expect(playground.pods()).toHaveCount(3);
  await expect.poll(() => playground.editorText('deployment.yaml')).toMatch(/replicas: \[3\n/);
  await page.screenshot({ path: 'test-results/broken-yaml.png', fullPage: true });
  playground.expectNoProblems();
});

test('the language toggle switches to Japanese and is remembered', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  const toggle = page.getByTestId('lang-toggle');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.locator('.tagline')).toHaveText('ブラウザーの中の Kubernetes クラスター');
  await page.reload();
  await expect(playground.topology()).toBeVisible();
  await expect(page.locator('.tagline')).toHaveText('ブラウザーの中の Kubernetes クラスター');
  // The trace explains each hop in Japanese, and so does a request that fails.
  await page.getByTestId('fire').click();
  await expect(page.getByTestId('hop').first()).toContainText('クラスター外のクライアントから GET http://192.168.0.11:80/');
  await expect(page.locator('[data-testid="hop"][data-step="pod"]')).toContainText('コンテナ nginx（nginx:1.17）が 200 を返しました');
  await page.screenshot({ path: 'test-results/japanese.png', fullPage: true });
  await playground.run('kubectl scale deployment nginx-deployment --replicas=0');
  await expect(playground.pods()).toHaveCount(0);
  await page.getByTestId('fire').click();
  await expect(page.getByTestId('trace')).toContainText('セレクター app=nginx に一致する Pod はありません');
  await page.getByTestId('lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  playground.expectNoProblems();
});

test('fits a 360 px wide phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const playground = new Playground(page);
  await playground.open();
  await expect(playground.pods()).toHaveCount(3);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/phone.png', fullPage: true });
  playground.expectNoProblems();
});

test('works in a 700x500 iframe, as a tutorial page embeds it', async ({ page, baseURL }) => {
  const playground = new Playground(page);
  await page.setViewportSize({ width: 800, height: 600 });
  await page.setContent(`<p>A tutorial page</p><iframe src="${baseURL}/" width="700" height="500" title="kplay"></iframe>`);
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('topology')).toBeVisible();
  await expect(frame.locator('[data-testid="pod"][data-namespace="default"]')).toHaveCount(3);
  const inner = page.frames().find((f) => f.url().startsWith(baseURL));
  expect(await inner.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/iframe.png' });
  // The editor, the terminal and the requests panel all work inside the frame.
  await frame.getByTestId('editor-deployment.yaml').evaluate((el) => {
    const editor = kplayEditor.find(el);
    editor.select(editor.text().indexOf('replicas: 3') + 10, editor.text().indexOf('replicas: 3') + 11);
  });
  await page.keyboard.type('4');
  await expect(frame.locator('[data-testid="pod"][data-namespace="default"]')).toHaveCount(4);
  await frame.getByTestId('terminal-input').fill('kubectl get deploy');
  await frame.getByTestId('terminal-input').press('Enter');
  await expect(frame.getByTestId('terminal-output')).toContainText('nginx-deployment   ');
  await frame.getByTestId('fire').click();
  await expect(frame.getByTestId('request-result').first()).toHaveAttribute('data-status', '200');
  playground.expectNoProblems();
});

test('a misspelt field is shown at its line with a did-you-mean hint', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.edit('deployment.yaml', 'replicas: 3', 'replica: 3');
  const diagnostic = page.getByTestId('diagnostic').first();
  await expect(diagnostic).toHaveAttribute('data-line', '6');
  await expect(diagnostic).toContainText('unknown field "spec.replica"');
  await expect(page.getByTestId('diagnostic-hint').first()).toHaveText('did you mean `replicas`?');
  await expect(playground.pods()).toHaveCount(3);
  await page.screenshot({ path: 'test-results/typo.png', fullPage: true });
  playground.expectNoProblems();
});

test('paused, time stands still; playing at 16x, new pods start', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-pressed', 'true');
  await playground.edit('deployment.yaml', 'replicas: 3', 'replicas: 4');
  await expect(playground.pods()).toHaveCount(4);
  const clock = await page.getByTestId('clock').textContent();
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('clock')).toHaveText(clock);
  await expect(page.locator('[data-testid="pod"][data-namespace="default"][data-phase="ContainerCreating"]')).toHaveCount(1);
  await page.getByTestId('speed').selectOption('16');
  await page.getByTestId('play-pause').click();
  await expect(page.locator('[data-testid="pod"][data-namespace="default"][data-phase="Running"]')).toHaveCount(4);
  playground.expectNoProblems();
});
