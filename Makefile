# The two commands of the README. Each installs what is missing first, so a fresh clone needs only these.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: serve test bench fuzz single-file size profile

## serve: build and serve the playground on http://127.0.0.1:8080, rebuilding on change.
serve:
	scripts/ensure-tools.sh build
	trunk serve --offline

## test: formatting, clippy (native and wasm32), native tests, the release build (with its loading picture, drawn
## by scripts/prerender.mjs) and its size budget, and the browser tests.
test:
	scripts/ensure-tools.sh test
	cargo fmt --all -- --check
	cargo clippy --all-targets --locked -- -D warnings
	cargo clippy --lib --bins --locked --target wasm32-unknown-unknown -- -D warnings
	cargo test --locked
	trunk build --release --offline
	node scripts/prerender.mjs
	python3 scripts/service-worker.py --check dist
	python3 scripts/single-file.py dist dist-single/kplay.html
	scripts/size-budget.sh
	cd tests/e2e && npx playwright test

## single-file: dist-single/kplay.html, the release build in one file that runs from file:// with the network off.
single-file:
	scripts/ensure-tools.sh build
	trunk build --release --offline
	python3 scripts/single-file.py dist dist-single/kplay.html

## bench: one table of figures measured in this run: transfer size, first paint, edit-to-repaint, frame rate, heap
## (headless Chromium against the release build), share link and single-file sizes, and native criterion figures,
## each beside its target.
bench:
	scripts/ensure-tools.sh test
	trunk build --release --offline
	node scripts/prerender.mjs
	python3 scripts/single-file.py dist dist-single/kplay.html
	python3 scripts/bench.py

## size: where the bytes go: the wasm's biggest functions and its size by crate (twiggy), the editor bundle by npm
## package (esbuild's metafile), and the shipped total against the target.
size:
	scripts/ensure-tools.sh build
	command -v twiggy >/dev/null || cargo install twiggy --version 0.8.0 --locked
	trunk build --release --offline
	python3 scripts/size-report.py

## profile: what runs in the frame of an edit (at 3 and 1,000 pods) and of the packet animation: the main thread's
## work by kind (script, style, layout, paint) and the JS and wasm functions by time, from a Chromium trace and CPU
## profile of a release build that keeps its function names (dist-prof/, not wasm-opt'd, so slower than shipped).
profile:
	scripts/ensure-tools.sh test
	sed 's/data-wasm-opt="z"/data-wasm-opt="0"/' www/index.html > www/index-profile.html
	trunk build --release --offline --dist dist-prof www/index-profile.html; status=$$?; rm -f www/index-profile.html; exit $$status
	node scripts/profile-browser.mjs

## fuzz: each cargo-fuzz target for FUZZ_SECONDS (default 60) on the nightly toolchain libFuzzer needs; any crash
## stops the run and is left in fuzz/artifacts/ to become a regression test.
FUZZ_SECONDS ?= 60
fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)
