#!/usr/bin/env python3
"""Writes sw.js, the service worker www/pwa.js registers: every file of the build, cached under a name made from
their contents, so a new build is a new cache (and the page offers to reload into it) and the old one is deleted.

scripts/csp-hook.py runs it as Trunk's build ends; scripts/prerender.mjs runs it again once it has drawn the loading
picture into index.html, so the name follows the files as shipped. `--check DIR` exits 1 when DIR's sw.js does not
match its files (make test runs it)."""
import hashlib
import json
import pathlib
import sys

SERVICE_WORKER = """// kplay's service worker, written by scripts/service-worker.py for this build. It keeps every file of the build in one
// versioned cache, so the playground opens with the network off after one visit.
const CACHE = 'kplay-%(version)s';
const FILES = %(files)s;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(
    names.filter((name) => name.startsWith('kplay-') && name !== CACHE).map((name) => caches.delete(name)),
  )).then(() => self.clients.claim()));
});

// The page asks a waiting build to take over when the learner chooses to reload.
self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const found = await cache.match(request, { ignoreSearch: true })
      || (request.mode === 'navigate' ? await cache.match('./', { ignoreSearch: true }) : undefined);
    return found || fetch(request);
  }));
});
"""


def render(staging: pathlib.Path) -> str:
    """sw.js for the files in `staging` as they are now."""
    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file() and p.name != "sw.js")
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + (staging / name).read_bytes())
    listed = ["./"] + [f"./{name}" for name in files]
    return SERVICE_WORKER % {"version": digest.hexdigest()[:16], "files": json.dumps(listed, indent=2)}


def write(staging: pathlib.Path) -> None:
    (staging / "sw.js").write_text(render(staging), encoding="utf-8")


if __name__ == "__main__":
    args = sys.argv[1:]
    check = args[:1] == ["--check"]
    folder = pathlib.Path((args[1:] if check else args or ["dist"])[0])
    if not check:
        write(folder)
    elif (folder / "sw.js").read_text(encoding="utf-8") != render(folder):
        sys.exit(f"{folder}/sw.js does not match the files beside it: run scripts/service-worker.py {folder}")
