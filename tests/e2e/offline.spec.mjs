// kplay without a network: dist-single/kplay.html from file:// with every request blocked, and the page as a PWA
// reloaded with the network off after one visit.
import { spawn } from 'node:child_process';
import { cpSync, appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test, expect } from '@playwright/test';
import { Playground } from './playground.mjs';

const single = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist-single/kplay.html')).href;

test('kplay.html runs from file:// with every network request blocked', async ({ page, context }) => {
  const requests = [];
  await context.route(/^(https?|wss?):/, (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  page.on('request', (request) => {
    if (!/^(file|data|blob):/.test(request.url())) requests.push(request.url());
  });
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(single);
  const playground = new Playground(page);
  await expect(playground.topology()).toBeVisible();
  await expect(playground.pods()).toHaveCount(3);
  // The editor (CodeMirror, inlined) and the terminal.
  await expect(playground.editor('deployment.yaml')).toBeVisible();
  expect(await playground.editorText('deployment.yaml')).toContain('name: nginx-deployment');
  await playground.run('kubectl get pods');
  await expect(playground.terminalText()).toContainText('nginx-deployment-');
  // A request from outside, through Traefik, to a pod.
  await page.getByTestId('fire').click();
  await expect(playground.results().first()).toContainText('200');
  await playground.edit('deployment.yaml', 'replicas: 3', 'replicas: 4');
  await expect(playground.pods()).toHaveCount(4);
  // Lessons open in the single file too.
  await page.goto('about:blank');
  await page.goto(`${single}#lesson=seed`);
  await expect(page.getByTestId('lesson')).toBeVisible();
  expect(requests).toEqual([]);
  expect(problems).toEqual([]);
});

test('after one visit the page reloads with the network off', async ({ page, context }) => {
  const playground = new Playground(page);
  await playground.open();
  // The service worker has cached the build and controls the page after a reload.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(playground.topology()).toBeVisible();
  await expect(playground.pods()).toHaveCount(3);
  await expect(playground.editor('deployment.yaml')).toBeVisible();
  await playground.run('kubectl get deployment');
  await expect(playground.terminalText()).toContainText('nginx-deployment   3/3');
  await context.setOffline(false);
  playground.expectNoProblems();
});

test('a new build offers itself, and the page reloads into it only when asked', async ({ page }) => {
  // A copy of the build on its own port, so this test can publish a "new version" without touching dist/.
  const root = mkdtempSync(path.join(os.tmpdir(), 'kplay-pwa-'));
  cpSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist'), root, { recursive: true });
  const port = Number(process.env.KPLAY_E2E_PORT || 8181) + 2;
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', root], { stdio: 'ignore' });
  try {
    const url = `http://127.0.0.1:${port}/`;
    await expect.poll(async () => (await fetch(url).catch(() => null))?.status ?? 0).toBe(200);
    const playground = new Playground(page);
    await page.goto(url);
    await expect(playground.topology()).toBeVisible();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await expect(page.getByTestId('update-available')).toHaveCount(0);
    // Publish: the service worker's file changes (as a new build's list and cache name would).
    appendFileSync(path.join(root, 'sw.js'), '\n// a new build\n');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await expect(page.getByTestId('update-available')).toBeVisible();
    await playground.run('kubectl get pods');
    await page.getByTestId('update-reload').click();
    await page.waitForEvent('load');
    await expect(playground.topology()).toBeVisible();
    await expect(page.getByTestId('update-available')).toHaveCount(0);
    playground.expectNoProblems();
  } finally {
    server.kill();
    rmSync(root, { recursive: true, force: true });
  }
});
