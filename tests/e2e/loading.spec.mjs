// The loading picture: while the engine's bytes are on their way, a first visit shows the seed cluster's topology
// (written into index.html by scripts/prerender.mjs, shown by www/preview.js), inert, until the live one replaces it.
import { test, expect } from '@playwright/test';
import { Playground } from './playground.mjs';

/** Holds the wasm back until the returned function is called, so the page stays loading while the test looks. */
async function holdEngine(page) {
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route(/_bg\.wasm$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test('a first visit shows the seed topology while the engine loads, then the live one', async ({ page }) => {
  const release = await holdEngine(page);
  await page.goto('/');
  const picture = page.locator('#app .loading .preview svg');
  await expect(picture).toBeVisible();
  await expect(picture).toHaveAttribute('aria-hidden', 'true');
  // The seed's three nginx pods and Traefik, as the page will draw them, but nothing to click or test by.
  await expect(picture.locator('g.pod')).toHaveCount(5);
  await expect(picture).toContainText('nginx-service');
  expect(await picture.locator('[data-testid], [data-name], [tabindex], [role]').count()).toBe(0);
  await expect(page.getByRole('status')).toContainText('Loading kplay');
  release();
  const playground = new Playground(page);
  await expect(playground.pods()).toHaveCount(3);
  await expect(page.locator('.preview')).toHaveCount(0);
});

test('the picture speaks the page language', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  await holdEngine(page);
  await page.goto('/');
  await expect(page.locator('.loading .preview svg')).toContainText('インターネット');
  await context.close();
});

/** Opens `url` with the engine held and the page's clock past the picture's wait, so an absent picture is absent. */
async function loadingPast(page, url) {
  await holdEngine(page);
  await page.clock.install();
  await page.goto(url);
  await expect(page.getByRole('status')).toContainText('Loading kplay');
  await page.clock.runFor(2_000);
}

test('the picture waits, so a fast load never shows it', async ({ page }) => {
  await holdEngine(page);
  await page.clock.install();
  await page.goto('/');
  await expect(page.getByRole('status')).toContainText('Loading kplay');
  await expect(page.locator('.preview')).toHaveCount(0);
  await page.clock.runFor(2_000);
  await expect(page.locator('.loading .preview svg')).toBeVisible();
});

test('a returning learner keeps the plain loading message', async ({ page }) => {
  // Saved files may hold another cluster than the seed's.
  await page.addInitScript(() => localStorage.setItem('kplay.files', '{}'));
  await loadingPast(page, '/');
  await expect(page.locator('.preview')).toHaveCount(0);
});

test('a share link keeps the plain loading message', async ({ page }) => {
  // A share or lesson link opens its own cluster.
  await loadingPast(page, '/#share=anything');
  await expect(page.locator('.preview')).toHaveCount(0);
});

test('an embed keeps the plain loading message, and does not load the picture', async ({ page }) => {
  const asked = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  // Its host decides its files.
  await loadingPast(page, '/embed.html');
  await expect(page.locator('.preview')).toHaveCount(0);
  expect(asked.filter((p) => p.endsWith('/preview.js'))).toEqual([]);
});
