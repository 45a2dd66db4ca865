#!/usr/bin/env python3
"""Trunk post-build hook: moves the inline module script Trunk writes into index.html to its own file, so the page's
Content-Security-Policy can forbid inline scripts ('self' and 'wasm-unsafe-eval' only). The file is named by a hash
of its content, like Trunk's other assets, so a cached copy is never stale. That loader also requests the editor's
script, once the wasm has started, so the editor's bytes never share a slow link with the wasm's.

It also writes embed.html, the page other sites put in a frame: the same page and files, with data-mode="embed" on
#app, which the app reads to show the embed's panels and speak the postMessage API (src/ui/embed.rs), and without
the loading picture's script and marker (an embed opens with its host's files, not the seed's).

And it writes sw.js (scripts/service-worker.py), the service worker www/pwa.js registers."""
import hashlib
import importlib
import os
import pathlib
import re
import sys

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", sys.argv[1] if len(sys.argv) > 1 else "dist"))
index = staging / "index.html"
html = index.read_text(encoding="utf-8")
inline = re.compile(r"<script type=\"module\">(.*?)</script>", re.S)
match = inline.search(html)
if match is None:
    sys.exit(f"{index}: no inline module script to move (did Trunk change what it writes?)")
body = match.group(1).strip() + "\n"
# The editor's script is requested once the wasm has arrived and started, not beside it: on a slow classroom link
# the two would share the bandwidth and the topology would wait for the editor's bytes. (A low fetchpriority does not
# hold it back over HTTP/1.1.) The loader appends it, with Trunk's integrity hash.
editor_tag = re.compile(r'<script src="(\./codemirror-[0-9a-f]+\.js)"[^>]*?integrity="([^"]+)"[^>]*></script>\s*')
editor = editor_tag.search(html)
if editor is None:
    sys.exit(f"{index}: no editor script tag to defer (did Trunk change what it writes?)")
html = html[: editor.start()] + html[editor.end():]
event = 'dispatchEvent(new CustomEvent("TrunkApplicationStarted"'
if event not in body:
    sys.exit(f"{index}: Trunk's loader does not announce TrunkApplicationStarted as expected")
body = body.replace(event, f"""const editor = document.createElement('script');
editor.src = '{editor.group(1)}';
editor.integrity = '{editor.group(2)}';
editor.async = true;
document.head.append(editor);
{event}""", 1)
match = inline.search(html)
name = f"start-{hashlib.sha256(body.encode()).hexdigest()[:16]}.js"
(staging / name).write_text(body, encoding="utf-8")
# At the end of <head>, after the stylesheet, as Trunk's own loader is.
html = html[: match.start()] + html[match.end():]
html = html.replace("</head>", f'<script type="module" src="./{name}"></script></head>', 1)
if inline.search(html) or "<script>" in html:
    sys.exit(f"{index}: an inline script is left")
index.write_text(html, encoding="utf-8")

embed = html.replace('<div id="app">', '<div id="app" data-mode="embed">', 1)
embed = embed.replace("<title>kplay</title>", "<title>kplay (embedded)</title>", 1)
# The loading picture is the seed cluster's; an embed opens with its host's files, so it keeps the plain message.
embed = re.sub(r'\s*<!-- kplay:preview:.*?-->', "", embed, flags=re.S)
embed = re.sub(r'\s*<script src="preview.js"[^>]*></script>', "", embed)
if 'data-mode="embed"' not in embed:
    sys.exit(f"{index}: no <div id=\"app\"> to mark as the embed's")
(staging / "embed.html").write_text(embed, encoding="utf-8")

# The service worker, over every file just written (scripts/prerender.mjs writes it again after the loading picture).
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
importlib.import_module("service-worker").write(staging)
