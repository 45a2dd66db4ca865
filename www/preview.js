/*! kplay's loading picture. `make test` and `make bench` write into index.html, after Trunk builds it, a picture of
 * the seed cluster's topology in each language (scripts/prerender.mjs), each in a <template>. On a first visit (no
 * saved files, no share or lesson link), once loading has taken WAIT_MILLIS, this shows the one in the page's
 * language under "Loading kplay…", so a slow network shows the cluster long before the engine's bytes arrive; the
 * engine replaces it when it starts. A returning learner's page may hold another cluster, and its files come from
 * the offline cache anyway, so it keeps the plain loading message. The language is chosen as the page chooses it
 * (ui::prefs::initial_lang). Deferred, so it never holds up the engine's start. */
(() => {
  'use strict';
  const WAIT_MILLIS = 600;
  const stored = (key) => {
    try { return localStorage.getItem(key); } catch { return null; }
  };
  if (location.hash.length > 1 || stored('kplay.files') !== null) return;
  const speaks = (code) => ['en', 'ja'].find((lang) => code === lang || code.startsWith(`${lang}-`));
  let lang = null;
  try { lang = speaks(JSON.parse(stored('kplay.lang') || 'null') || ''); } catch { /* not JSON: ignore it */ }
  lang = lang || [...(navigator.languages || []), navigator.language].map((c) => speaks(c || '')).find(Boolean) || 'en';
  // Only when loading is slow: on a fast link the engine starts first, and drawing a picture it would replace at once
  // only delayed it (by about 60 ms of a 400 ms load, measured on loopback).
  setTimeout(() => {
    const picture = document.getElementById(`preview-${lang}`);
    const loading = document.querySelector('#app .loading');
    if (picture && loading) loading.prepend(picture.content.cloneNode(true));
  }, WAIT_MILLIS);
})();
