#!/usr/bin/env python3
"""Trunk post-build hook: moves the inline module script Trunk writes into index.html to its own file, so the page's
Content-Security-Policy can forbid inline scripts ('self' and 'wasm-unsafe-eval' only). The file is named by a hash
of its content, like Trunk's other assets, so a cached copy is never stale."""
import hashlib
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
name = f"start-{hashlib.sha256(body.encode()).hexdigest()[:16]}.js"
(staging / name).write_text(body, encoding="utf-8")
# At the end of <head>, after the stylesheet and the editor's script, as Trunk's own loader is.
html = html[: match.start()] + html[match.end():]
html = html.replace("</head>", f'<script type="module" src="./{name}"></script></head>', 1)
if inline.search(html) or "<script>" in html:
    sys.exit(f"{index}: an inline script is left")
index.write_text(html, encoding="utf-8")
