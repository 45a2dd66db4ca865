// Writes the loading picture into dist/index.html (after `trunk build`): the seed cluster's topology as the page
// draws it, in each language, as a <template> that www/preview.js shows on a first visit while the engine's bytes
// arrive. Drawn by the release build itself in Debian's Chromium, so it is the real picture; the copy is inert:
// no test ids or data, nothing focusable or clickable, hidden from assistive technology (the loading message speaks for it).
// Then it writes sw.js again (scripts/service-worker.py), whose cache name is made from the files as shipped.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, root, staticServer } from './browser-lib.mjs';

const MARKER = /<!-- kplay:preview:[\s\S]*?-->/;
const port = Number(process.env.KPLAY_PRERENDER_PORT || 8195);
const index = path.join(root, 'dist/index.html');

/** The topology's SVG in `lang`, from a fresh page with nothing saved, made inert. */
async function picture(browser, lang) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: lang });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="topology"] [data-testid="pod"][data-phase="Running"]').length >= 3);
  const svg = await page.evaluate(() => {
    const copy = document.querySelector('svg[data-testid="topology"]').cloneNode(true);
    for (const el of [copy, ...copy.querySelectorAll('*')]) {
      for (const name of el.getAttributeNames()) {
        if (name.startsWith('data-') || ['tabindex', 'role', 'aria-label'].includes(name)) el.removeAttribute(name);
      }
    }
    copy.setAttribute('aria-hidden', 'true');
    return copy.outerHTML;
  });
  await context.close();
  // The page's Content-Security-Policy forbids inline code and style; the picture must not bring any.
  if (/<script|<style|\sstyle=|\son[a-z]+=/i.test(svg)) throw new Error(`the ${lang} picture holds inline script or style`);
  return `<template id="preview-${lang}"><div class="preview">${svg}</div></template>`;
}

const html = readFileSync(index, 'utf8');
if (!MARKER.test(html)) throw new Error(`${index}: no kplay:preview marker (is it a Trunk build of www/index.html?)`);
const server = await staticServer('dist', port);
const browser = await launch();
try {
  const templates = [await picture(browser, 'en'), await picture(browser, 'ja')];
  writeFileSync(index, html.replace(MARKER, templates.join('\n    ')));
  console.log(`dist/index.html: the loading picture in en and ja (${templates.join('').length.toLocaleString('en')} characters)`);
  // index.html changed, so the service worker's cache name (made from the files) must too.
  execFileSync('python3', [path.join(root, 'scripts/service-worker.py'), path.join(root, 'dist')], { stdio: 'inherit' });
} finally {
  await browser.close();
  server.kill();
}
