// The playground as a learner uses it: the seed tutorial through the terminal, the topology and the requests panel,
// the editors' diagnostics, the keyboard alone, and the automation hook.
import { readFile } from 'node:fs/promises';
import { test, expect } from '@playwright/test';
import { Playground } from './playground.mjs';

test('the seed tutorial, end to end in the browser', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  // The page opened on the tutorial's end state; its commands are in the terminal.
  await expect(playground.terminalText()).toContainText('daemonset.apps/traefik-ingress-controller created');
  await expect(playground.terminalText()).toContainText('ingress.networking.k8s.io/nginx-ingress created');

  await playground.run('kubectl get deployment,pod');
  await expect(playground.terminalText()).toContainText('deployment.apps/nginx-deployment   3/3     3            3');
  const before = await page.locator('[data-testid="pod"][data-namespace="default"]').evaluateAll((pods) => pods.map((p) => p.dataset.name));
  expect(before).toHaveLength(3);

  // Delete a pod from its details; the Deployment brings a new one.
  await page.locator(`[data-testid="pod"][data-name="${before[0]}"]`).click();
  await expect(page.getByTestId('details')).toContainText(`pod/${before[0]}`);
  await expect(page.getByTestId('details')).toContainText('Controlled By:  ReplicaSet/');
  await page.getByTestId('delete-pod').click();
  await expect(playground.terminalText()).toContainText(`pod "${before[0]}" deleted`);
  await playground.fastForward();
  const running = page.locator('[data-testid="pod"][data-namespace="default"][data-phase="Running"]');
  await expect(running).toHaveCount(3);
  const after = await running.evaluateAll((pods) => pods.map((p) => p.dataset.name));
  expect(after).not.toContain(before[0]);
  await playground.run('kubectl get pod');
  await expect(playground.terminalText()).toContainText(after.find((name) => !before.includes(name)));

  // The Service and the Ingress: requests to the node's IP on port 80 are answered by rotating pods.
  await playground.run('kubectl get svc,ingress');
  await expect(playground.terminalText()).toContainText('service/nginx-service');
  await page.getByTestId('fire-10').click();
  await expect(playground.results()).toHaveCount(10);
  await expect(page.locator('[data-testid="packet"]').first()).toBeAttached();
  const answered = await playground.results().evaluateAll((rows) => rows.map((r) => [r.dataset.status, r.dataset.pod]));
  for (const [status] of answered) expect(status).toBe('200');
  expect(new Set(answered.map(([, pod]) => pod)).size).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('trace')).toContainText('ingress/nginx-ingress');
  await expect(page.getByTestId('outcome')).toContainText('200 OK');
  await playground.run('curl -s http://192.168.0.11/ | grep title');
  await expect(playground.terminalText()).toContainText('<title>Welcome to nginx!</title>');
  await page.screenshot({ path: 'test-results/tutorial.png', fullPage: true });
  playground.expectNoProblems();
});

test('a failing request shows where it stopped and why', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.run('kubectl delete service nginx-service');
  await expect(page.getByTestId('broken-edge').first()).toBeAttached();
  await page.getByTestId('fire').click();
  const result = playground.results().first();
  await expect(result).not.toHaveAttribute('data-status', '200');
  await expect(page.getByTestId('trace')).toContainText('nginx-service');
  await playground.run('kubectl apply -f service.yaml');
  await page.getByTestId('fire').click();
  await expect(playground.results().first()).toHaveAttribute('data-status', '200');
  playground.expectNoProblems();
});

test('an editor typo is marked at its line in the gutter and underlined', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.edit('deployment.yaml', 'replicas: 3', 'replica: 3');
  // CodeMirror draws them in the editor's shadow root, which Playwright's CSS locators pierce.
  const editor = page.locator('.editor:not([hidden])');
  await expect(editor.locator('.cm-lintRange-error')).toHaveText('replica');
  const marker = editor.locator('.cm-lint-marker-error');
  await expect(marker).toHaveCount(1);
  const six = editor.locator('.cm-lineNumbers .cm-gutterElement').getByText('6', { exact: true });
  const [at, line] = [await marker.boundingBox(), await six.boundingBox()];
  expect(Math.abs(at.y + at.height / 2 - (line.y + line.height / 2))).toBeLessThan(3);
  await expect(page.getByTestId('diagnostic-hint')).toHaveText('did you mean `replicas`?');
  await expect(page.getByTestId('tab-deployment.yaml')).toHaveClass(/broken/);
  await expect(playground.editor('deployment.yaml')).toHaveAttribute('aria-invalid', 'true');
  // kplay's hint follows the page's language; kubectl's own words do not.
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('diagnostic-hint')).toHaveText('`replicas` のことですか？');
  await expect(page.getByTestId('diagnostic')).toContainText('unknown field "spec.replica"');
  // Hovering the underline shows the same in the editor.
  await editor.locator('.cm-lintRange-error').hover();
  await expect(page.locator('.cm-tooltip-lint')).toContainText('`replicas` のことですか？');
  playground.expectNoProblems();
});

test('Enter keeps the YAML indentation, one level deeper after a key, and undo takes it back', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.openFile('deployment.yaml');
  const editor = playground.editor('deployment.yaml');
  const text = await playground.editorText('deployment.yaml');
  await editor.getByText('matchLabels:').click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('tier: web');
  await expect.poll(() => playground.editorText('deployment.yaml')).toMatch(/matchLabels:\n      tier: web\n      app: nginx/);
  await page.keyboard.press('Control+z');
  await expect.poll(() => playground.editorText('deployment.yaml')).toBe(text);
  playground.expectNoProblems();
});

test('the editor colours YAML, matches brackets, and searches in the page language', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.openFile('deployment.yaml');
  const editor = playground.editor('deployment.yaml');
  const colour = (text) => editor.getByText(text, { exact: true }).first().evaluate((el) => getComputedStyle(el).color);
  const [key, value, plain] = [await colour('replicas'), await colour('3'), await editor.evaluate((el) => getComputedStyle(el).color)];
  expect(key).not.toBe(value);
  expect(key).not.toBe(plain);
  // A bracket typed is closed, and the cursor beside one shows its partner.
  await playground.select('deployment.yaml', 'nginx:1.17');
  await page.keyboard.type('[nginx:1.17');
  await expect.poll(() => playground.editorText('deployment.yaml')).toContain('image: [nginx:1.17]');
  await expect(page.locator('.editor:not([hidden]) .cm-matchingBracket')).toHaveCount(2);
  await page.keyboard.press('Control+z');
  // Search, with CodeMirror's own words in Japanese once the page is.
  await page.getByTestId('lang-toggle').click();
  await editor.click();
  await page.keyboard.press('Control+f');
  const search = page.locator('.editor:not([hidden]) .cm-search');
  await expect(search.locator('input[name="search"]')).toHaveAttribute('placeholder', '検索');
  await page.keyboard.type('nginx');
  await page.keyboard.press('Enter');
  await expect(page.locator('.editor:not([hidden]) .cm-searchMatch')).toHaveCount(5);
  await page.keyboard.press('Escape');
  await expect(search).toHaveCount(0);
  // Tab indents inside the editor; Escape then Tab moves on to the Apply button.
  await editor.getByText('kind', { exact: true }).click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(page.locator('.editor:not([hidden])').getByTestId('apply')).toBeFocused();
  playground.expectNoProblems();
});

test('without the editor script, a plain text area still edits and applies', async ({ page }) => {
  test.setTimeout(45_000);
  await page.route(/codemirror-[0-9a-f]+\.js$/, (route) => route.abort());
  await page.goto('/');
  await expect(page.getByTestId('topology')).toBeVisible();
  // The page waits ten seconds for the script before it gives up on it.
  const area = page.locator('textarea[data-testid="editor-deployment.yaml"]');
  await expect(area).toBeVisible({ timeout: 15_000 });
  await expect(area).toHaveAttribute('aria-invalid', 'false');
  await area.fill((await area.inputValue()).replace('replicas: 3', 'replicas: 2'));
  await area.press('Control+Enter');
  await expect(page.locator('[data-testid="pod"][data-namespace="default"]:not([data-phase="Terminating"])')).toHaveCount(2);
});

test('Reset goes back to the seed state or to a bare cluster, and the editors follow', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.edit('deployment.yaml', 'replicas: 3', 'replicas: 5');
  await expect(playground.pods()).toHaveCount(5);
  // Reset asks first; dismissed, nothing changes.
  const asked = [];
  page.once('dialog', (dialog) => { asked.push(dialog.message()); dialog.dismiss(); });
  await page.getByTestId('reset').selectOption('seed');
  await expect.poll(() => asked.length).toBe(1);
  await expect(playground.pods()).toHaveCount(5);
  page.on('dialog', (dialog) => dialog.accept());
  await page.getByTestId('reset').selectOption('seed');
  await expect.poll(() => playground.editorText('deployment.yaml')).toContain('replicas: 3');
  await expect(playground.pods()).toHaveCount(3);
  await expect(playground.ingresses()).toHaveCount(1);
  await page.getByTestId('reset').selectOption('bare');
  await expect(playground.pods()).toHaveCount(0);
  await expect(playground.ingresses()).toHaveCount(0);
  await expect(page.locator('[data-testid="node"]')).toHaveCount(3);
  // The files are the tutorial's again, ready to apply.
  await playground.run('kubectl apply -f deployment.yaml');
  await expect(playground.pods()).toHaveCount(3);
  playground.expectNoProblems();
});

test('Japanese typed through an IME is applied once, when the composition is committed', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.select('deployment.yaml', 'nginx-deployment');
  await page.keyboard.press('End');
  const applies = async () => ((await playground.terminalText().innerText()).match(/apply -f deployment\.yaml/g) || []).length;
  const opening = await applies();
  // Typed text is applied after the pause; wait for that, so the count below is the composition's alone.
  await page.keyboard.type(' # ');
  await expect.poll(applies).toBe(opening + 1);
  const before = opening + 1;
  // Composing: the text shows the kana as they come, and nothing is applied however long the learner takes.
  const cdp = await page.context().newCDPSession(page);
  for (const text of ['r', 'れ', 'れp', 'れぷ', 'れぷりか']) {
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  }
  await expect.poll(() => playground.editorText('deployment.yaml')).toContain('nginx-deployment # れぷりか');
  await page.waitForTimeout(800);
  expect(await applies()).toBe(before);
  // Committed: applied once.
  await cdp.send('Input.insertText', { text: 'レプリカ' });
  await expect.poll(() => playground.editorText('deployment.yaml')).toContain('name: nginx-deployment # レプリカ\n');
  await expect.poll(applies).toBe(before + 1);
  await page.waitForTimeout(600);
  expect(await applies()).toBe(before + 1);
  playground.expectNoProblems();
});

test('clicking an ingress rule shows its lines in ingress.yaml', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await page.locator('.edge.route.clickable').first().click();
  await expect(page.getByTestId('tab-ingress.yaml')).toHaveAttribute('aria-selected', 'true');
  const selected = await playground.editor('ingress.yaml').evaluate((el) => kplayEditor.find(el).selected());
  expect(selected).toContain('- backend:');
  expect(selected).toContain('name: nginx-service');
  expect(selected).toContain('path: /');
  expect(selected).toContain('pathType: Prefix');
  playground.expectNoProblems();
});

test('the terminal completes with Tab and recalls history with Up', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  const input = page.getByTestId('terminal-input');
  await input.fill('kubectl get deploy');
  await input.press('Tab');
  await expect(input).toHaveValue('kubectl get deployment');
  await input.press('End');
  await input.type('s nginx-d');
  await input.press('Tab');
  await expect(input).toHaveValue('kubectl get deployments nginx-deployment ');
  await input.press('Enter');
  await expect(playground.terminalText()).toContainText('nginx-deployment   3/3');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('kubectl get deployments nginx-deployment ');
  playground.expectNoProblems();
});

test('the terminal shows its newest line, and after scrolling up Enter brings it back', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  const output = playground.terminalText();
  // Whether the last line's bottom is inside the output box.
  const showsNewest = () => output.evaluate((box) => {
    const last = box.querySelector('.term-lines').lastElementChild.getBoundingClientRect();
    const shown = box.getBoundingClientRect();
    return last.bottom > shown.top && last.bottom <= shown.bottom + 1;
  });
  // The seed tutorial's output overflows the box; the newest line is in view from the start.
  expect(await output.evaluate((box) => box.scrollHeight > box.clientHeight)).toBe(true);
  await expect.poll(showsNewest).toBe(true);
  await output.evaluate((box) => { box.scrollTop = -box.scrollHeight; });
  await expect.poll(showsNewest).toBe(false);
  await playground.run('kubectl get nodes');
  await expect(output.locator('pre').last()).toContainText('kplay-worker2');
  await expect.poll(showsNewest).toBe(true);
  playground.expectNoProblems();
});

test('keyboard only: terminal, a pod, a request', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await page.getByTestId('terminal-input').focus();
  await page.keyboard.type('kubectl scale deployment nginx-deployment --replicas=4');
  await page.keyboard.press('Enter');
  await expect(playground.terminalText()).toContainText('deployment.apps/nginx-deployment scaled');
  // Tab from the terminal reaches the topology's nodes and pods; Enter opens one.
  let focused = '';
  for (let i = 0; i < 20 && focused !== 'pod'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.dataset?.testid ?? '');
  }
  expect(focused).toBe('pod');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('details')).toBeVisible();
  await page.getByTestId('fire').focus();
  await page.keyboard.press('Enter');
  await expect(playground.results()).toHaveCount(1);
  await expect(page.getByTestId('request-announcement')).toContainText('200 OK');
  playground.expectNoProblems();
});

test('window.kplay runs shell lines and reports state', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  const printed = await page.evaluate(() => window.kplay.exec('kubectl get deploy nginx-deployment'));
  expect(printed).toContain('nginx-deployment   3/3');
  const state = await page.evaluate(() => window.kplay.state());
  expect(state.nodes.map((n) => n.name)).toEqual(['kplay-control-plane', 'kplay-worker', 'kplay-worker2']);
  expect(state.pods.filter((p) => p.namespace === 'default' && p.ready)).toHaveLength(3);
  expect(state.services.find((s) => s.name === 'nginx-service').endpoints).toBe(3);
  expect(state.ingresses[0].rules).toEqual(['*/ (Prefix) -> nginx-service']);
  await page.getByTestId('fire').click();
  const last = await page.evaluate(() => window.kplay.state().lastRequest);
  expect(last.status).toBe(200);
  await page.evaluate(() => window.kplay.exec('kubectl scale deployment nginx-deployment --replicas=2'));
  await expect(page.locator('[data-testid="pod"][data-namespace="default"]:not([data-phase="Terminating"])')).toHaveCount(2);
  playground.expectNoProblems();
});

test('a few pods pulse while they start; a crowd of pods keeps still', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await page.getByTestId('play-pause').click();
  const pulse = () => page.locator('[data-testid="pod"].pending circle').first().evaluate((c) => getComputedStyle(c).animationName);
  await page.evaluate(() => window.kplay.exec('kubectl scale deployment nginx-deployment --replicas=4'));
  await expect(playground.pods().and(page.locator('.pending'))).toHaveCount(1);
  await expect(playground.topology()).not.toHaveClass(/crowd/);
  expect(await pulse()).toBe('pulse');
  await page.evaluate(() => window.kplay.exec('kubectl scale deployment nginx-deployment --replicas=150'));
  await expect(playground.pods()).toHaveCount(150);
  await expect(playground.topology()).toHaveClass(/crowd/);
  expect(await pulse()).toBe('none');
  playground.expectNoProblems();
});

test('edits and history survive a reload; a crash shows a banner and keeps the text', async ({ page }) => {
  const playground = new Playground(page);
  await page.goto('/?test-hooks');
  await expect(playground.topology()).toBeVisible();
  await playground.edit('deployment.yaml', 'replicas: 3', 'replicas: 4');
  await expect(page.locator('[data-testid="pod"][data-namespace="default"]')).toHaveCount(4);
  await playground.run('kubectl get nodes');
  await page.evaluate(() => window.kplay.crash()).catch(() => {});
  await expect(page.getByTestId('crash-banner')).toBeVisible();
  await page.screenshot({ path: 'test-results/crash.png' });
  await page.getByTestId('reload').click();
  await expect(playground.topology()).toBeVisible();
  await expect.poll(() => playground.editorText('deployment.yaml')).toMatch(/replicas: 4/);
  await expect(page.locator('[data-testid="pod"][data-namespace="default"]')).toHaveCount(4);
  await page.getByTestId('terminal-input').press('ArrowUp');
  await expect(page.getByTestId('terminal-input')).toHaveValue('kubectl get nodes');
});

test('kubectl edit opens the live object in a tab, and Apply saves the edit', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.run('kubectl edit deployment nginx-deployment');
  const file = 'kubectl-edit-deployment-nginx-deployment.yaml';
  await expect(page.getByTestId(`tab-${file}`)).toHaveAttribute('aria-selected', 'true');
  await playground.edit(file, 'replicas: 3', 'replicas: 4');
  // Typing alone saves nothing: an edit is saved when the editor is closed, here by Apply.
  await expect(playground.terminalText()).not.toContainText('edited');
  await page.locator('[data-testid="apply"]:visible').click();
  await expect(playground.terminalText()).toContainText('deployment.apps/nginx-deployment edited');
  await expect(page.getByTestId(`tab-${file}`)).toHaveCount(0);
  await expect(page.getByTestId('tab-deployment.yaml')).toHaveAttribute('aria-selected', 'true');
  await playground.run('kubectl get deployment nginx-deployment -o jsonpath={.spec.replicas}');
  await expect(playground.terminalText().locator('pre:not(.term-input-line):not(.stderr)').last()).toHaveText('4');
  playground.expectNoProblems();
});

test('kubectl get -w streams as the clock runs, until Ctrl+C', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.run('kubectl scale deployment nginx-deployment --replicas=5');
  await playground.run('kubectl get pods -w');
  const running = () => playground.terminalText().evaluate((el) => (el.textContent.match(/Running/g) || []).length);
  const before = await running();
  await playground.fastForward();
  await expect.poll(running).toBeGreaterThan(before);
  await page.getByTestId('terminal-input').press('Control+c');
  await expect(playground.terminalText()).toContainText('^C');
  const stopped = await running();
  await page.waitForTimeout(1000);
  expect(await running()).toBe(stopped);
  playground.expectNoProblems();
});

test('a multi-line command pasted from a tutorial runs as a terminal runs it', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  // kubernetes.io's "List All Container Images Running in a Cluster", as copied from the page.
  const pasted = 'kubectl get pods --all-namespaces -o jsonpath="{..image}" |\\\ntr -s \'[[:space:]]\' \'\\n\' |\\\nsort |\\\nuniq -c\n';
  await page.getByTestId('terminal-input').evaluate((input, text) => {
    const data = new DataTransfer();
    data.setData('text', text);
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, pasted);
  await expect(playground.terminalText()).toContainText('3 docker.io/library/nginx:1.17');
  await expect(playground.terminalText()).toContainText('3 nginx:1.17');
  await expect(page.getByTestId('terminal-input')).toHaveValue('');
  playground.expectNoProblems();
});

test('a share link replays the same pods, files and terminal in a fresh browser', async ({ page, browser }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.run('kubectl scale deployment nginx-deployment --replicas=4');
  await playground.run('kubectl delete pod -l app=nginx --wait=false');
  await playground.edit('service.yaml', 'port: 80', 'port: 8080');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-notice')).toBeVisible();
  const link = await page.evaluate(() => window.location.href);
  expect(link).toContain('#share=');
  const names = (p) => p.locator('[data-testid="pod"][data-namespace="default"]').evaluateAll((pods) => pods.map((x) => x.dataset.name).sort());
  const before = await names(page);
  const terminal = await playground.terminalText().innerText();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const replayed = new Playground(other);
  await other.goto(link);
  await expect(replayed.topology()).toBeVisible();
  await expect.poll(() => names(other)).toEqual(before);
  expect(await replayed.terminalText().innerText()).toBe(terminal);
  await expect(other.getByTestId('tab-service.yaml')).toHaveAttribute('aria-selected', 'true');
  expect(await replayed.editorText('service.yaml')).toContain('port: 8080');
  replayed.expectNoProblems();
  await fresh.close();
  playground.expectNoProblems();
});

test('a cut link says so and the page opens as usual; a .kplay file opens by the picker', async ({ page }) => {
  const playground = new Playground(page);
  await page.goto('/#share=eJzLSM3JyQcABiwCFQ');
  await expect(playground.topology()).toBeVisible();
  await expect(page.getByTestId('link-error')).toBeVisible();
  await expect(playground.pods()).toHaveCount(3);
  const file = JSON.stringify({
    version: 1, opening: 'bare', seed: 1, workers: 2,
    steps: [{ line: 'kubectl create deployment web --image=nginx --replicas=2' }],
    files: {},
  });
  await page.getByTestId('open-file').setInputFiles({ name: 'lesson.kplay', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(playground.terminalText()).toContainText('deployment.apps/web created');
  await playground.fastForward();
  await expect(playground.pods()).toHaveCount(2);
  await page.getByTestId('open-file').setInputFiles({ name: 'bad.kplay', mimeType: 'application/json', buffer: Buffer.from('{"version": 99}') });
  await expect(page.getByTestId('share-notice')).toBeVisible();
  playground.expectNoProblems();
});

test('Export downloads a zip of the three files and a README for kind or minikube', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.edit('deployment.yaml', 'replicas: 3', 'replicas: 5');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  expect(download.suggestedFilename()).toBe('kplay-export.zip');
  const bytes = await readFile(await download.path());
  expect(bytes.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
  const text = bytes.toString('utf8');
  for (const name of ['kplay-export/deployment.yaml', 'kplay-export/service.yaml', 'kplay-export/ingress.yaml', 'kplay-export/README.md']) {
    expect(text).toContain(name);
  }
  expect(text).toContain('replicas: 5');
  expect(text).toContain('kind create cluster');
  playground.expectNoProblems();
});

test('a lesson or share link pasted into the address bar of an open page opens without a reload', async ({ page }) => {
  const playground = new Playground(page);
  await playground.open();
  await playground.run('kubectl scale deployment nginx-deployment --replicas=5');
  await page.getByTestId('share').click();
  const link = await page.evaluate(() => window.location.hash);
  // Share's own link in the address bar changes nothing.
  await expect(playground.terminalText()).toContainText('scaled');
  await page.evaluate(() => { window.location.hash = 'lesson=scaling'; });
  await expect(page.getByTestId('lesson-step-title')).toContainText('Six replicas');
  await expect(playground.pods()).toHaveCount(3);
  await page.evaluate((hash) => { window.location.hash = hash; }, link);
  await expect(playground.pods()).toHaveCount(5);
  await page.evaluate(() => { window.location.hash = 'share=eJzLSM3JyQcABiwCFQ'; });
  await expect(page.getByTestId('share-notice')).toBeVisible();
  playground.expectNoProblems();
});
