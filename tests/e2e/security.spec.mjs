// What a hostile paste or a hostile page could try: HTML and script in every place the learner's text is shown, and
// the Content-Security-Policy that forbids inline script, eval and other hosts.
import { test, expect } from '@playwright/test';
import { Playground } from './playground.mjs';

const PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>';

test('HTML and script in names, labels, annotations, files and terminal input render as text', async ({ page }) => {
  const playground = new Playground(page);
  const dialogs = [];
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  await playground.open();
  // Terminal input and output.
  await playground.run(`echo '${PAYLOAD}'`);
  await expect(playground.terminalText()).toContainText(PAYLOAD);
  // A file's contents, through cat.
  await playground.run(`echo '${PAYLOAD}' > evil.txt`);
  await playground.run('cat evil.txt');
  // An annotation shown by describe in the details panel, and a label value refused with the payload quoted.
  await playground.run(`kubectl annotate deployment nginx-deployment note='${PAYLOAD}'`);
  await playground.run(`kubectl label deployment nginx-deployment bad='${PAYLOAD}'`);
  await expect(playground.terminalText()).toContainText('Invalid value');
  // A name in the editor: refused by validation, echoed back in the diagnostic.
  await playground.edit('deployment.yaml', 'name: nginx-deployment', `name: '<img src=x onerror=alert(1)>'`);
  await expect(page.getByTestId('diagnostic').first()).toContainText('<img src=x');
  // An annotation on a pod's template reaches the pod and its describe.
  await playground.run(`kubectl describe deployment nginx-deployment`);
  await expect(playground.terminalText()).toContainText(`note: ${PAYLOAD}`);
  await playground.pods().first().click();
  await expect(page.getByTestId('details')).toBeVisible();

  expect(dialogs).toEqual([]);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('#app script').length)).toBe(0);
  playground.expectNoProblems();
});

test('the CSP blocks inline script and eval, and the app asks no other host for anything', async ({ page }) => {
  const playground = new Playground(page);
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await playground.open();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  const inline = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    await new Promise((r) => setTimeout(r, 50));
    return window.__inlineRan === true;
  });
  expect(inline).toBe(false);
  // A string handed to setTimeout is compiled as the page's own code (eval), outside the test's evaluate call.
  const evaluated = await page.evaluate(async () => {
    setTimeout('window.__evalRan = true', 0);
    await new Promise((r) => setTimeout(r, 50));
    return window.__evalRan === true;
  });
  expect(evaluated).toBe(false);
  const fetched = await page.evaluate(async () => {
    try { await fetch('https://example.com/'); return 'fetched'; } catch (e) { return 'blocked'; }
  });
  expect(fetched).toBe('blocked');
  await expect.poll(() => violations.length).toBeGreaterThanOrEqual(3);
  expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
  expect(violations.some((v) => v.startsWith('connect-src'))).toBe(true);
  // The page itself worked under the policy: no violation before the probes above.
  await playground.edit('deployment.yaml', 'replicas: 3', 'replicas: 4');
  await expect(playground.pods()).toHaveCount(4);
  await page.getByTestId('fire-10').click();
  await expect(playground.results()).toHaveCount(10);
  expect(violations.filter((v) => !v.startsWith('script-src') && !v.startsWith('connect-src'))).toEqual([]);
  // The probes' own refusals are the console errors expected here; nothing else may appear.
  playground.problems = playground.problems.filter((p) => !p.includes('Content Security Policy') && !p.includes('example.com'));
  playground.expectNoProblems();
});
