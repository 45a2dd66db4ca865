// `make profile`: what runs while the page handles an edit or animates, in Debian's Chromium against a release
// build that keeps its wasm function names (dist-prof/, built by the Makefile without wasm-opt).
//
// For each scenario it records a Chromium trace (the renderer main thread's top-level work: script, style, layout,
// paint) and a sampled CPU profile (JS and wasm functions), then prints where the time went:
// - edit at 3 pods and at 1,000 pods: `replicas` typed into the editor and applied, as `make bench` times it;
// - animation: 1,000 request packets over a 300-pod cluster for two seconds;
// - routing: `kplay load -n 10000` in the engine alone, as `make bench` times it against native;
// - a keystroke in an editor at 3 and at 1,000 pods, as `make bench` times it.
// Components are wasm functions too: a Yew component that rendered shows up as its `FunctionProvider>::run`.
import { writeFileSync } from 'node:fs';
import { applyReplicas, countFrames, editLatency, fireThousand, keystrokeCost, launch, openPlayground, scaleTo, staticServer } from './browser-lib.mjs';

const port = Number(process.env.KPLAY_PROFILE_PORT || 8193);
const TOP = Number(process.env.KPLAY_PROFILE_TOP || 25);

/** Runs `work` under a trace and a CPU profile; returns both. */
async function record(cdp, work) {
  const events = [];
  const collect = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', collect);
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute', transferMode: 'ReportEvents' });
  await cdp.send('Profiler.start');
  await work();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', collect);
  return { events, profile };
}

/** The renderer main thread's top-level work by kind, in ms (nested events are counted once, in their parent). */
function mainThread(events) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const slices = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur)
    .sort((a, b) => a.ts - b.ts);
  const byName = new Map();
  let openUntil = 0;
  for (const e of slices) {
    if (e.ts < openUntil) continue;
    openUntil = e.ts + e.dur;
    byName.set(e.name, (byName.get(e.name) || 0) + e.dur / 1000);
  }
  return [...byName].sort((a, b) => b[1] - a[1]);
}

/** Self and total time by function, in ms, from a sampled CPU profile. A function that recurses counts once. */
function functions(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const name = (n) => n.callFrame.functionName || `(anonymous ${n.callFrame.url.split('/').pop()})`;
  const self = new Map();
  const total = new Map();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] || 0) / 1000;
    self.set(name(nodes.get(id)), (self.get(name(nodes.get(id))) || 0) + ms);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(name(nodes.get(at)));
    for (const n of seen) total.set(n, (total.get(n) || 0) + ms);
  });
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  return { self: top(self), total: top(total) };
}

const short = (name) => name.replace(/::h[0-9a-f]{16}$/, '').slice(0, 130);

function report(title, per, { events, profile }) {
  if (process.env.KPLAY_PROFILE_DUMP) writeFileSync(`${process.env.KPLAY_PROFILE_DUMP}-${per.dump}.json`, JSON.stringify(events));
  console.log(`\n## ${title}\n`);
  console.log(`Main thread, top-level work (ms per ${per.unit}):`);
  for (const [name, ms] of mainThread(events).slice(0, 12)) console.log(`  ${(ms / per.count).toFixed(2).padStart(8)}  ${name}`);
  const { self, total } = functions(profile);
  console.log(`\nFunctions by self time (ms per ${per.unit}):`);
  for (const [name, ms] of self) console.log(`  ${(ms / per.count).toFixed(2).padStart(8)}  ${short(name)}`);
  console.log(`\nFunctions by total time, callees included (ms per ${per.unit}):`);
  for (const [name, ms] of total) console.log(`  ${(ms / per.count).toFixed(2).padStart(8)}  ${short(name)}`);
}

/** In the page: counts what the DOM did until `stop()`: nodes added and removed, attributes set, by name. */
const watchMutations = () => {
  const counts = { text: 0 };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'childList') {
        // Where: the nearest element with a test id or a class.
        const where = r.target.closest?.('[data-testid],[class]');
        const name = where ? (where.getAttribute('data-testid') || where.getAttribute('class').split(' ')[0]) : r.target.nodeName;
        counts[`+ in ${name}`] = (counts[`+ in ${name}`] || 0) + r.addedNodes.length;
        counts[`- in ${name}`] = (counts[`- in ${name}`] || 0) + r.removedNodes.length;
      }
      else if (r.type === 'characterData') counts.text++;
      else counts[`@${r.attributeName}`] = (counts[`@${r.attributeName}`] || 0) + 1;
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  window.__stopMutations = () => { observer.disconnect(); return counts; };
};

async function editScenario(page, cdp, low, high, rounds) {
  await editLatency(page, low, high, 4);
  let latency;
  await page.evaluate(watchMutations);
  const recorded = await record(cdp, async () => { latency = await editLatency(page, low, high, rounds); });
  const mutations = await page.evaluate(() => window.__stopMutations());
  report(`Edit replicas ${low} <-> ${high}: p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms`,
    { unit: 'edit', count: rounds, dump: `edit${low}` }, recorded);
  console.log(`\nDOM changes per edit (outside the editors' shadow roots):`);
  for (const [what, n] of Object.entries(mutations).sort((a, b) => b[1] - a[1])) console.log(`  ${(n / rounds).toFixed(1).padStart(8)}  ${what}`);
}

/** Twenty characters typed into a comment of deployment.yaml (applied only once typing pauses, after the record). */
async function keystrokeScenario(page, cdp, pods) {
  let recorded;
  const cost = await keystrokeCost(page, 20, async (keys) => { recorded = await record(cdp, keys); });
  report(`A keystroke in an editor at ${pods} pods: p50 ${cost.p50.toFixed(1)} ms, p95 ${cost.p95.toFixed(1)} ms`,
    { unit: 'keystroke', count: 20, dump: `keystroke${pods}` }, recorded);
}

async function main() {
  const browser = await launch();
  const { page, context } = await openPlayground(browser, `http://127.0.0.1:${port}/?test-hooks`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  // Warmed up as make bench does (3 s), so the profile shows the optimized code, not V8's baseline tier.
  await page.evaluate(() => {
    const warm = performance.now() + 3000;
    while (performance.now() < warm) window.kplay.execQuiet('kplay load -n 10000 http://192.168.0.11/');
  });
  const routing = await record(cdp, () => page.evaluate(() => {
    for (let i = 0; i < 3; i++) window.kplay.execQuiet('kplay load -n 10000 http://192.168.0.11/');
  }));
  report('Routing: kplay load -n 10000, three times, in the engine alone', { unit: '10,000 requests', count: 3, dump: 'routing' }, routing);

  await page.getByTestId('play-pause').click();
  await page.getByTestId('tab-deployment.yaml').click();
  await editScenario(page, cdp, 3, 4, 20);
  await keystrokeScenario(page, cdp, 3);

  await page.getByTestId('play-pause').click();
  await scaleTo(page, 4, 300);
  await fireThousand(page);
  let fps = 0;
  const animation = await record(cdp, async () => { fps = await page.evaluate(countFrames); });
  report(`Animation, 300 pods and 1,000 packets: ${fps.toFixed(1)} fps`, { unit: 'frame', count: fps * 2, dump: 'animation' }, animation);

  await scaleTo(page, 10, 1000);
  await page.getByTestId('play-pause').click();
  await applyReplicas(page, 1000);
  await editScenario(page, cdp, 1000, 999, 10);
  await keystrokeScenario(page, cdp, 1000);
  await browser.close();
}

const server = await staticServer('dist-prof', port);
try {
  await main();
} finally {
  server.kill();
}
