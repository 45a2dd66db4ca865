#!/usr/bin/env bash
# Trunk pre-build hook: bundles the manifest editor (www/editor/codemirror.mjs and the CodeMirror packages pinned in
# package-lock.json) into one minified script, target/editor/codemirror.js, which index.html hands to Trunk.
# esbuild takes about 0.1 s, so it runs on every build. Its metafile (target/editor/meta.json) is what `make size`
# reads to say which package costs what.
set -euo pipefail
cd "$(dirname "$0")/.."
esbuild=node_modules/.bin/esbuild
if [ ! -x "$esbuild" ]; then
  echo "esbuild is missing: run scripts/ensure-tools.sh (or npm ci) first" >&2
  exit 1
fi
banner="/*! kplay's manifest editor. Bundles CodeMirror 6 and Lezer (MIT, Marijn Haverbeke and others), style-mod, crelt,
w3c-keyname and @marijn/find-cluster-break (MIT); see each package's LICENSE in node_modules. */"
"$esbuild" www/editor/codemirror.mjs --bundle --minify --format=iife --target=es2020 --legal-comments=eof \
  --banner:js="$banner" --log-level=warning --metafile=target/editor/meta.json --outfile=target/editor/codemirror.js
