// What scripts/bench-browser.mjs (`make bench`) and scripts/profile-browser.mjs (`make profile`) share: Chromium
// launched as on this machine, a static server for a build folder, the page's probes, and the editor edit that both
// time.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');

export const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

/** Debian's Chromium, headless, with nothing of its own on the network. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Serves `folder` (under the project) on loopback; resolves once it answers. Kill the returned process after. */
export async function staticServer(folder, port) {
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', path.join(root, folder)], { stdio: 'ignore' });
  await waitForServer(port);
  return server;
}

async function waitForServer(port) {
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the static server did not start');
}

/** Records when the topology (and the loading picture of it) first appears, and keeps the wasm memory handle Trunk's loader announces. */
export const probe = () => {
  // When the next frame has been painted. Its animation-frame callbacks run before its style, layout and paint (a
  // first frame spends about 90-110 ms in those on this machine), and a task posted from there may wait behind
  // timers, so the time is the end of that frame as Chromium's long-animation-frame entry gives it, which comes some
  // time after; a frame too short for an entry (under 50 ms) counts from its animation-frame callback. Like the
  // mutation observer below, it stops once the topology's paint is timed, so it never runs during the timed edits.
  const frames = [];
  const long = new PerformanceObserver((list) => frames.push(...list.getEntries()));
  long.observe({ type: 'long-animation-frame', buffered: true });
  const afterPaint = (done) => requestAnimationFrame(() => {
    const at = performance.now();
    const look = (tries) => {
      const frame = frames.find((f) => f.startTime <= at && at <= f.startTime + f.duration);
      if (frame || tries === 0) done(frame ? frame.startTime + frame.duration : at);
      else setTimeout(() => look(tries - 1), 100);
    };
    setTimeout(() => look(30), 100);
  });
  // One observer for both, gone once the topology shows: it must not run on every DOM change of the timed edits.
  new MutationObserver((_, observer) => {
    // The loading picture (www/preview.js), when the page shows one: the topology before the engine runs.
    if (window.__previewPaint === undefined && document.querySelector('.loading .preview svg')) {
      window.__previewPaint = null;
      afterPaint((t) => { window.__previewPaint = t; });
    }
    if (document.querySelector('[data-testid="topology"] [data-testid="pod"]')) {
      observer.disconnect();
      afterPaint((t) => { long.disconnect(); window.__firstPaint = t; });
    }
  }).observe(document, { childList: true, subtree: true });
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasmMemory = e.detail.wasm.memory; });
  // deployment.yaml's text area, inside its editor's shadow root.
  window.deploymentEditor = () => [...document.querySelectorAll('.cm-host')]
    .map((host) => host.shadowRoot?.querySelector('[data-testid="editor-deployment.yaml"]'))
    .find(Boolean);
};

/** In the page: types `replicas: to` over `replicas: from`, applies, and times until the topology shows it. */
export const editOnce = async ([from, to]) => {
  const editor = window.deploymentEditor();
  const code = kplayEditor.find(editor);
  // Only the number changes, as when a learner types it.
  const at = code.text().indexOf(`replicas: ${from}`) + 'replicas: '.length;
  const start = performance.now();
  code.paste(String(to), at, at + String(from).length);
  editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
  const shown = () => document.querySelectorAll('[data-testid="pod"][data-namespace="default"]:not([data-phase="Terminating"])').length === to;
  for (;;) {
    // performance.now() in the callback: the callback's own argument is the frame's start, which can come before `start`.
    const now = await new Promise((r) => requestAnimationFrame(() => r(performance.now())));
    if (shown()) return now - start;
    if (now - start > 5000) throw new Error(`the topology never showed ${to} pods`);
  }
};

/** In the page: one character typed at the end of deployment.yaml (a comment line there, so it means nothing), timed
 * until the next task runs: the main thread's work for a keystroke, the page's redraw included (it runs in
 * microtasks before the next task). */
export const keystrokeOnce = async (i) => {
  const code = kplayEditor.find(window.deploymentEditor());
  const end = code.text().length;
  const start = performance.now();
  code.paste(String(i % 10), end, end);
  const done = await new Promise((r) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => r(performance.now());
    channel.port2.postMessage(0);
  });
  return done - start;
};

/** A keystroke's main-thread time, p50 and p95 of `rounds` keys into a trailing comment of deployment.yaml; waits
 * for the apply that follows a pause in typing before it returns, so it is not timed in what comes next. The keys
 * alone run inside `around` (make profile records them there). */
export async function keystrokeCost(page, rounds, around = (keys) => keys()) {
  await page.evaluate(() => {
    const code = kplayEditor.find(window.deploymentEditor());
    code.paste(`${code.text().replace(/\n# typed: \d*$/, '')}\n# typed: `);
  });
  await page.waitForTimeout(600);
  const times = [];
  await around(async () => {
    for (let i = 0; i < rounds; i++) {
      times.push(await page.evaluate(keystrokeOnce, i));
      await page.waitForTimeout(30);
    }
  });
  await page.waitForTimeout(600);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

/** The floor under editLatency: from the same kind of start (a fresh page.evaluate) to the next frame, doing
 * nothing. A change can show no sooner than the next frame, so even an edit that cost nothing measures this. */
export async function nextFrameLatency(page, rounds) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    times.push(await page.evaluate(async () => {
      const start = performance.now();
      return new Promise((r) => requestAnimationFrame(() => r(performance.now() - start)));
    }));
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

export async function editLatency(page, low, high, rounds) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const [from, to] = i % 2 === 0 ? [low, high] : [high, low];
    times.push(await page.evaluate(editOnce, [from, to]));
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

/** Grows the cluster to `workers` workers and `replicas` running pods, then pauses the clock. */
export async function scaleTo(page, workers, replicas) {
  await page.evaluate(async ([workers, replicas]) => {
    const have = window.kplay.state().nodes.filter((n) => n.role === 'worker').length;
    for (let i = have; i < workers; i++) await window.kplay.exec('kplay node add');
    await window.kplay.exec(`kubectl scale deployment nginx-deployment --replicas=${replicas}`);
    await window.kplay.exec('sleep 30');
  }, [workers, replicas]);
  await page.getByTestId('tab-deployment.yaml').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="pod"][data-namespace="default"][data-phase="Running"]').length === n, replicas, { timeout: 60_000 });
}


/** `kubectl scale` changes the cluster, not the file: this writes `replicas: n` into deployment.yaml's editor and
 * applies it, so edits after it toggle from there. */
export async function applyReplicas(page, n) {
  await page.evaluate((n) => {
    const editor = window.deploymentEditor();
    const code = kplayEditor.find(editor);
    code.paste(code.text().replace(/replicas: \d+/, `replicas: ${n}`));
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
  }, n);
}

/** Ten volleys of 100 requests in one task, so all 1,000 packets are on their way together. */
export async function fireThousand(page) {
  await page.evaluate(() => { for (let i = 0; i < 10; i++) document.querySelector('[data-testid="fire-100"]').click(); });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="packet"]').length > 0);
}

/** In the page: frames per second over two seconds of requestAnimationFrame. */
export const countFrames = async () => {
  let frames = 0;
  const start = performance.now();
  while (performance.now() - start < 2000) {
    await new Promise((r) => requestAnimationFrame(r));
    frames++;
  }
  return frames / ((performance.now() - start) / 1000);
};

/** The page at `url` with its topology painted and the editor ready. */
export async function openPlayground(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(probe);
  await page.goto(url);
  await page.waitForFunction(() => window.__firstPaint !== undefined && window.kplay && window.deploymentEditor());
  return { context, page };
}
