#!/usr/bin/env bash
# Fails when the release build in dist/ transfers more than the budget, gzip -9 (html + js + wasm + css).
set -euo pipefail
cd "$(dirname "$0")/.."
budget=$((400 * 1024))
total=0
for file in dist/*.html dist/*.js dist/*.wasm dist/*.css; do
  [ -f "$file" ] || continue
  size=$(gzip -9 -c "$file" | wc -c)
  printf '%8d  %s\n' "$size" "$file"
  total=$((total + size))
done
printf '%8d  total gzip (budget %d)\n' "$total" "$budget"
if [ "$total" -gt "$budget" ]; then
  echo "size budget exceeded: $total > $budget bytes gzip" >&2
  exit 1
fi
