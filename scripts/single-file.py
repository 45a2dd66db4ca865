#!/usr/bin/env python3
"""`make single-file`: dist-single/kplay.html, the release build in one self-contained file that runs from file://
with the network off (a USB stick, an LMS upload, a classroom without Wi-Fi).

Everything is inlined: the stylesheet in a <style>, the icon as a data: URL, the editor's script, and the wasm-bindgen
glue in a module script that reads the wasm from base64 and starts it as Trunk's loader would. No external URL is
left. The Content-Security-Policy names each inline script and style by its SHA-256, so only these run; it is as
strict as a file that must carry its own code can be (README, "One file").
"""
import base64
import hashlib
import pathlib
import re
import sys

dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
out = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "dist-single/kplay.html")


def one(pattern: str) -> pathlib.Path:
    found = sorted(dist.glob(pattern))
    if len(found) != 1:
        sys.exit(f"{dist}: expected one {pattern}, found {[p.name for p in found]} (run trunk build --release first)")
    return found[0]


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


glue = one("kplay-web-*.js").read_text(encoding="utf-8")
wasm = one("kplay-web-*_bg.wasm").read_bytes()
css = one("style-*.css").read_text(encoding="utf-8")
editor = one("codemirror-*.js").read_text(encoding="utf-8")
icon = (dist / "icon.svg").read_bytes()
# The page's own loading message, as index.html has it.
app = re.search(r'<div id="app">.*</body>', (dist / "index.html").read_text(encoding="utf-8"), re.S)
if app is None:
    sys.exit(f"{dist}/index.html: no <div id=\"app\"> before </body>")
app = app.group(0).removesuffix("</body>").rstrip()
# The loading picture (www/preview.js and its templates) is for a slow network; this file is read from disk.
app = re.sub(r'\s*<template id="preview-[a-z]+">.*?</template>', "", app, flags=re.S)
app = re.sub(r'\s*<!-- kplay:preview:.*?-->', "", app, flags=re.S)
app = re.sub(r'\s*<script src="preview.js"[^>]*></script>', "", app)

# The glue is an ES module; inlined, it keeps its functions and drops its exports, and the loader below starts it.
exports = re.compile(r"^export (?=(async )?function|class|const|let)", re.M)
glue = exports.sub("", glue)
glue = re.sub(r"^export \{[^}]*\};?\s*$", "", glue, flags=re.M)
glue = re.sub(r"^export default [^;]+;\s*$", "", glue, flags=re.M)
if re.search(r"^\s*(export|import)\b", glue, re.M):
    sys.exit("the wasm-bindgen glue has an import or export this script does not know how to inline")
loader = f"""{glue}
const kplayWasm = Uint8Array.from(atob('{base64.b64encode(wasm).decode()}'), (c) => c.charCodeAt(0));
__wbg_init({{ module_or_path: kplayWasm }}).then(
  () => dispatchEvent(new CustomEvent('TrunkApplicationStarted')),
  (error) => console.error('kplay could not start:', error),
);
"""

csp = "; ".join([
    "default-src 'none'",
    f"script-src {sha256(editor)} {sha256(loader)} 'wasm-unsafe-eval'",
    f"style-src {sha256(css)}",
    "img-src data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
])
icon_url = "data:image/svg+xml;base64," + base64.b64encode(icon).decode()
html = f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <meta http-equiv="Content-Security-Policy" content="{csp}" />
    <meta name="description" content="kplay: a Kubernetes playground that runs entirely in your browser" />
    <title>kplay</title>
    <link rel="icon" href="{icon_url}" />
    <style>{css}</style>
  </head>
  <body>
    {app}
    <script>{editor}</script>
    <script type="module">{loader}</script>
  </body>
</html>
"""
for name, text, closing in [("editor", editor, "</script"), ("glue", loader, "</script"), ("stylesheet", css, "</style")]:
    if closing in text.lower():
        sys.exit(f"the {name} contains {closing} and cannot be inlined as it is")
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text(html, encoding="utf-8")
print(f"{out}: {len(html.encode()):,} bytes")
