#!/usr/bin/env bash
# Installs what kplay needs, skipping whatever is already present. `build`: what `make serve` needs;
# `test`: that plus clippy, rustfmt, Debian's Chromium and the Playwright packages.
set -euo pipefail
cd "$(dirname "$0")/.."
need="${1:-build}"
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup (https://rustup.rs)" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm not found: install Node.js 20 or newer" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# trunk 0.22 refuses rustc 1.95, so the last 0.21 is pinned.
if ! trunk --version 2>/dev/null | grep -q ' 0\.21\.14$'; then
  say "installing trunk 0.21.14 (about 8 minutes on 2 cores)"
  cargo install trunk --version 0.21.14 --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, and Trunk.toml must name the same version.
bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! grep -q "^wasm_bindgen = \"$bindgen\"" Trunk.toml; then
  echo "Trunk.toml's [tools] wasm_bindgen must be \"$bindgen\", the version in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $bindgen\$"; then
  say "installing wasm-bindgen-cli $bindgen (about 3 minutes)"
  # Not --locked: the registry mirror lacks one of its locked dependencies.
  cargo install wasm-bindgen-cli --version "$bindgen"
fi

# Build tools from package-lock.json: wasm-opt (the npm package binaryen; Debian's and the crate's are too old for
# rustc 1.95's output), esbuild and the CodeMirror packages of the editor. A copy of the lockfile in node_modules says
# which lockfile was installed, so a changed lockfile installs again.
if ! cmp -s package-lock.json node_modules/.kplay-installed-lock.json || ! wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
  say "installing build tools from package-lock.json (binaryen, esbuild, CodeMirror)"
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.kplay-installed-lock.json
fi

[ "$need" = test ] || exit 0

for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

if [ ! -f tests/e2e/node_modules/@playwright/test/package.json ] || [ ! -f tests/e2e/node_modules/axe-core/package.json ]; then
  say "installing the browser-test packages from tests/e2e/package-lock.json"
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
