#!/usr/bin/env bash
# The release build's transfer size, gzip -9 (html + js + wasm + css), against two numbers:
# - the target, 400 KiB: what a page on a slow classroom network should download. Missed since the terminal put the
#   whole shell (kubectl, curl, the text tools, every printer) into the wasm; the run prints by how much.
#   The editor (CodeMirror 6, about 129 KiB of it) widened the gap.
# - the ceiling: the measured size plus a little room. It was 560 KiB when the terminal landed and became 720 KiB
#   with the CodeMirror editor (682 KiB measured). Going over it fails the run, so the size can only shrink or grow
#   on purpose (raise the ceiling in the same commit, and say why).
#   It became 840 KiB with "Learn Kubernetes Basics" verbatim (issue 14): 723,319 bytes before, 845,423 after, of
#   which go-template's gotmpl crate is about 38,700, json-patch about 11,500 and the rest kplay's own new verbs,
#   printers (jsonpath, custom-columns), bash and in-pod shell. Then 860 KiB: 859,586 bytes once namespaces, kubectl
#   config, --sort-by, bash arithmetic and brace expansion, sort/uniq/tr and multi-line paste came too (the dry runs'
#   clone of the shell is about 5,200 of the total). Then 900 KiB: 893,401 bytes with share links (issue 15), of which
#   miniz_oxide's deflate and inflate are about 14,700 and the Share/Open controls, the snapshot and its replay the
#   rest. Then 1,040 KiB: embeds, export and the PWA (issue 15) came to 915,502 bytes, and lessons (issue 16) add
#   about 125,000 (1,040,702 measured with the eight built-in lessons): pulldown-cmark, the Markdown reader of
#   lesson texts, about 63,800 (measured without it: wasm 817,966 against 881,765), serde_yaml's typed reading of a lesson with its line numbers (its deserializer's
#   map, string and sequence code for the lesson types; reading through a JSON Value instead saved only 6,400 and
#   loses the lines), the lessons' own text, the checks and the panel. Then 1,140 KiB: Gateway API (issue 17) took
#   1,045,618 to 1,151,404 bytes: five new kinds through the registry (each kind's decoding, defaults, validation,
#   store, printers and -o yaml; serde_json's sequence and option code for the Gateway API types' lists alone is
#   about 39,000 of the raw wasm's 421,575 more), HTTPRoute routing, filters and weights, the status controller, the
#   CRDs' validation messages, ingress2gateway and compare, the topology's Gateway row, the offline manifests and the
#   tenth lesson. Issue 18 is where it shrinks again: 1130 KiB once every sort went through one copy of the standard
#   sort (engine/order.rs), which took 1,165,550 bytes to 1,155,399; 1124 KiB once maps and sets built from
#   iterators inserted instead of sorting (1,148,928); 1076 KiB (1,098,800) once the store boxed its objects so one
#   copy of the ordered map serves every kind, kubectl -o yaml had its own emitter in place of serde_yaml's, and typed
#   values were read from JSON objects only (engine/json.rs); 1071 KiB (1,094,002) once the embed API's messages
#   were read without serde's tagged-content buffering; 1064 KiB (1,086,921) once wasm-opt could assume the lowest
#   KiB of memory unused (--low-memory-unused, www/index.html).
set -euo pipefail
cd "$(dirname "$0")/.."
target=$((400 * 1024))
ceiling=$((1064 * 1024))
total=0
# What index.html loads. embed.html is the same page for frames (the same files), and kplay-embed.js is loaded by
# other sites' pages, so neither is counted; both are printed.
for file in dist/index.html dist/*.js dist/*.wasm dist/*.css; do
  [ -f "$file" ] || continue
  case "$file" in dist/kplay-embed.js) continue ;; esac
  size=$(gzip -9 -c "$file" | wc -c)
  printf '%8d  %s\n' "$size" "$file"
  total=$((total + size))
done
printf '%8d  total gzip (target %d, ceiling %d)\n' "$total" "$target" "$ceiling"
for file in dist/embed.html dist/kplay-embed.js; do
  [ -f "$file" ] && printf '%8d  %s (not counted: for frames and host pages)\n' "$(gzip -9 -c "$file" | wc -c)" "$file"
done
if [ "$total" -gt "$target" ]; then
  printf '          target missed by %d bytes (%d%%)\n' "$((total - target))" "$(((total - target) * 100 / target))"
fi
if [ "$total" -gt "$ceiling" ]; then
  echo "size ceiling exceeded: $total > $ceiling bytes gzip" >&2
  exit 1
fi
