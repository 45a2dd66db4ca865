// Browser figures for `make bench`, measured in Debian's Chromium against the release build in dist/, served on
// loopback. Prints one JSON object; scripts/bench.py puts it in the table beside the native figures.
//
// - firstPaintMs: navigation start to the first frame after the topology is in the document (median of 5 loads).
// - slowFirstPaintMs: the same over Chromium's emulation of a slow classroom link (1.6 Mbit/s down, 150 ms round
//   trip, CDP Network.emulateNetworkConditions), from a server that sends gzip as static hosts do (median of 3), with
//   when the wasm and the editor script finished arriving, to show which waited for which.
// - editMs3 / editMs1000: a `replicas` change typed into the editor and applied (Ctrl+Enter) until the frame in which
//   the topology shows that many pods (p50 and p95 of 30 changes; the clock paused so nothing else moves). The change
//   replaces the number alone in CodeMirror's document, as typing it would.
// - fps: frames per second while 1,000 request packets travel over a 300-pod cluster.
// - heap at 1,000 pods: the JS heap (CDP Performance.getMetrics) and the wasm linear memory.
// - wasmRoutedPerSec: `kplay load -n 10000` run 10 times in the engine (window.kplay.execQuiet, behind ?test-hooks);
//   wasmRoutedPerSecTerminal: the same through window.kplay.exec, recorded and redrawn as the terminal does.
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');

const port = Number(process.env.KPLAY_BENCH_PORT || 8191);
const base = `http://127.0.0.1:${port}/?test-hooks`;
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', path.join(root, 'dist')], { stdio: 'ignore' });
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

async function waitForServer() {
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the static server did not start');
}

/** Records when the topology first appears, and keeps the wasm memory handle Trunk's loader announces. */
const probe = () => {
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="topology"] [data-testid="pod"]')) {
      observer.disconnect();
      requestAnimationFrame(() => { window.__firstPaint = performance.now(); });
    }
  }).observe(document, { childList: true, subtree: true });
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasmMemory = e.detail.wasm.memory; });
  // deployment.yaml's text area, inside its editor's shadow root.
  window.deploymentEditor = () => [...document.querySelectorAll('.cm-host')]
    .map((host) => host.shadowRoot?.querySelector('[data-testid="editor-deployment.yaml"]'))
    .find(Boolean);
};

/** In the page: types `replicas: to` over `replicas: from`, applies, and times until the topology shows it. */
const editOnce = async ([from, to]) => {
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

async function editLatency(page, low, high, rounds) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const [from, to] = i % 2 === 0 ? [low, high] : [high, low];
    times.push(await page.evaluate(editOnce, [from, to]));
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

/** Grows the cluster to `workers` workers and `replicas` running pods, then pauses the clock. */
async function scaleTo(page, workers, replicas) {
  await page.evaluate(async ([workers, replicas]) => {
    const have = window.kplay.state().nodes.filter((n) => n.role === 'worker').length;
    for (let i = have; i < workers; i++) await window.kplay.exec('kplay node add');
    await window.kplay.exec(`kubectl scale deployment nginx-deployment --replicas=${replicas}`);
    await window.kplay.exec('sleep 30');
  }, [workers, replicas]);
  await page.getByTestId('tab-deployment.yaml').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="pod"][data-namespace="default"][data-phase="Running"]').length === n, replicas, { timeout: 60_000 });
}

/** A static server for dist/ that sends gzip -9, as a static host would; each file is compressed once. */
function gzipServer(port) {
  const cache = new Map();
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.png': 'image/png' };
  const server = createServer((req, res) => {
    let file = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (file.endsWith('/')) file += 'index.html';
    const full = path.join(root, 'dist', path.normalize(file));
    try {
      if (!cache.has(full)) cache.set(full, gzipSync(readFileSync(full), { level: 9 }));
      res.writeHead(200, { 'Content-Type': types[path.extname(full)] || 'application/octet-stream', 'Content-Encoding': 'gzip' });
      res.end(cache.get(full));
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  server.listen(port, '127.0.0.1');
  return server;
}

/** First topology paint over an emulated slow link: navigation start to paint, and when the wasm and the editor
 * script had arrived (responseEnd, ms from navigation start). */
async function slowLoad(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8,
  });
  await page.addInitScript(probe);
  await page.goto(url);
  await page.waitForFunction(() => window.__firstPaint !== undefined, null, { timeout: 120_000 });
  const figures = await page.evaluate(() => {
    const end = (part) => performance.getEntriesByType('resource').find((e) => e.name.includes(part))?.responseEnd ?? null;
    return { paint: window.__firstPaint, wasm: end('_bg.wasm'), editor: end('codemirror') };
  });
  await context.close();
  return figures;
}

async function main() {
  await waitForServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const result = {};

  const paints = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(probe);
    await page.goto(base);
    await page.waitForFunction(() => window.__firstPaint !== undefined);
    paints.push(await page.evaluate(() => window.__firstPaint));
    await context.close();
  }
  result.firstPaintMs = quantile(paints, 0.5);

  const slowPort = port + 1;
  const slowServer = gzipServer(slowPort);
  const slow = [];
  for (let i = 0; i < 3; i++) slow.push(await slowLoad(browser, `http://127.0.0.1:${slowPort}/`));
  slowServer.close();
  slow.sort((a, b) => a.paint - b.paint);
  result.slow = slow[1];

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(probe);
  await page.goto(base);
  await page.waitForFunction(() => window.__firstPaint !== undefined && window.kplay && window.deploymentEditor());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');

  // Routed requests in wasm, through the same `kplay load` the native figure runs: the engine alone (execQuiet
  // neither records nor redraws), then as the terminal runs it (recorded in the terminal, and the page redrawn).
  result.wasmRoutedPerSec = await page.evaluate(() => {
    // Warm-up: V8 first runs wasm through its baseline compiler and optimizes hot functions later, as criterion's
    // warm-up lets the native code settle.
    for (let i = 0; i < 5; i++) window.kplay.execQuiet('kplay load -n 10000 http://192.168.0.11/');
    const start = performance.now();
    for (let i = 0; i < 10; i++) window.kplay.execQuiet('kplay load -n 10000 http://192.168.0.11/');
    return 100_000 / ((performance.now() - start) / 1000);
  });
  result.wasmRoutedPerSecTerminal = await page.evaluate(async () => {
    const start = performance.now();
    for (let i = 0; i < 10; i++) await window.kplay.exec('kplay load -n 10000 http://192.168.0.11/');
    return 100_000 / ((performance.now() - start) / 1000);
  });

  await page.getByTestId('play-pause').click();
  await page.getByTestId('tab-deployment.yaml').click();
  result.edit3 = await editLatency(page, 3, 4, 30);

  // 300 pods and 1,000 packets: ten volleys of 100, then count frames for two seconds.
  await page.getByTestId('play-pause').click();
  await scaleTo(page, 4, 300);
  // Ten volleys in one task, so all 1,000 are on their way together.
  await page.evaluate(() => { for (let i = 0; i < 10; i++) document.querySelector('[data-testid="fire-100"]').click(); });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="packet"]').length > 0);
  result.packetsInFlight = await page.locator('[data-testid="packet"]').count();
  result.fps = await page.evaluate(async () => {
    let frames = 0;
    const start = performance.now();
    while (performance.now() - start < 2000) {
      await new Promise((r) => requestAnimationFrame(r));
      frames++;
    }
    return frames / ((performance.now() - start) / 1000);
  });

  await scaleTo(page, 10, 1000);
  await page.getByTestId('play-pause').click();
  // `kubectl scale` changed the cluster, not the file: the editor says 1000 too, so the edits below toggle it.
  await page.evaluate(() => {
    const editor = window.deploymentEditor();
    const code = kplayEditor.find(editor);
    code.paste(code.text().replace(/replicas: \d+/, 'replicas: 1000'));
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
  });
  result.edit1000 = await editLatency(page, 1000, 999, 30);
  await cdp.send('HeapProfiler.collectGarbage');
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  result.jsHeapBytes = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  result.wasmMemoryBytes = await page.evaluate(() => window.__wasmMemory.buffer.byteLength);
  result.pods = await page.locator('[data-testid="pod"]').count();

  await browser.close();
  console.log(JSON.stringify(result));
}

try {
  await main();
} finally {
  server.kill();
}
