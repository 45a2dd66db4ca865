#!/usr/bin/env python3
"""`make bench`: every figure in one run on this machine, as one table with its target.

Runs the size count of dist/ (already built by the Makefile), the native criterion benchmarks, and the browser
benchmarks (scripts/bench-browser.mjs), then prints the table. Figures, not pass/fail: a missed target is marked."""
import glob
import gzip
import json
import re
import subprocess
import sys

KIB = 1024


def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), 9))


def sizes():
    # What index.html loads (as scripts/size-budget.sh counts it): not embed.html nor the host pages' kplay-embed.js.
    files = [f for pattern in ("js", "wasm", "css") for f in glob.glob(f"dist/*.{pattern}")
             if not f.endswith("kplay-embed.js")] + ["dist/index.html"]
    return sum(gz(f) for f in files), sum(gz(f) for f in files if f.endswith(".wasm"))


def share_link(script):
    """The share link's fragment for a script run as the page runs it (`kplay share`), in characters."""
    out = subprocess.run(["cargo", "run", "--release", "--quiet", "--bin", "kplay", "--", "share", "-"],
                         input=script, check=True, capture_output=True, text=True).stdout
    return len(out.strip())


def edited_files_script():
    """The three seed files, each edited, written in the terminal and applied: what a learner's session holds."""
    edits = {"deployment.yaml": ("replicas: 3", "replicas: 5"), "service.yaml": ("port: 80", "port: 8080"),
             "ingress.yaml": ("path: /", "path: /app")}
    lines = []
    for name, (old, new) in edits.items():
        with open(f"static/seed/{name}", encoding="utf-8") as f:
            text = f.read().replace(old, new, 1)
        lines += [f"cat > {name} <<'EOF'", text.rstrip("\n"), "EOF", f"kubectl apply -f {name}"]
    return "\n".join(lines) + "\n"


def single_file():
    path = "dist-single/kplay.html"
    with open(path, "rb") as f:
        raw = f.read()
    return len(raw), len(gzip.compress(raw, 9))


def native():
    """criterion's figures, in nanoseconds per iteration, by benchmark name."""
    out = subprocess.run(
        ["cargo", "bench", "--bench", "engine", "--", "--warm-up-time", "1", "--measurement-time", "3",
         "--output-format", "bencher"],
        check=True, capture_output=True, text=True).stdout
    figures = {}
    for line in out.splitlines():
        m = re.match(r"test (.+?) \.\.\. bench:\s+([\d,]+) ns/iter", line)
        if m:
            figures[m.group(1).strip()] = int(m.group(2).replace(",", ""))
    return figures


def browser():
    out = subprocess.run(["node", "scripts/bench-browser.mjs"], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def find(figures, prefix):
    for name, ns in figures.items():
        if name.startswith(prefix):
            return ns
    sys.exit(f"no native benchmark named {prefix!r} in {sorted(figures)}")


def main():
    total, wasm = sizes()
    seed_link, edited_link = share_link(""), share_link(edited_files_script())
    single_raw, single_gz = single_file()
    nat = native()
    web = browser()
    routed_ns = find(nat, "routing/one request, routed")
    load_ns = find(nat, "routing/kplay load -n 10000") / 10_000
    native_load_rate = 1e9 / load_ns
    rows = [
        ("Transfer, gzip (html + js + wasm + css)", f"{total / KIB:.1f} KiB", "<= 400 KiB", total <= 400 * KIB),
        ("  of which wasm", f"{wasm / KIB:.1f} KiB", "", None),
        ("dist-single/kplay.html, raw / gzip", f"{single_raw / KIB:,.0f} / {single_gz / KIB:,.0f} KiB", "", None),
        ("Share link fragment, seed state", f"{seed_link:,} chars", "<= 8,000", seed_link <= 8000),
        ("Share link fragment, 3 edited files applied", f"{edited_link:,} chars", "<= 8,000", edited_link <= 8000),
        ("First topology paint, to the end of its frame (median of 5 loads, loopback)", f"{web['firstPaintMs']:.0f} ms", "<= 500 ms",
         web["firstPaintMs"] <= 500),
        ("First topology paint, 1.6 Mbit/s and 150 ms RTT, gzip: the loading picture (median of 3)",
         f"{web['slow']['preview']:,.0f} ms" if web["slow"]["preview"] else "none shown", "<= 2,500 ms",
         bool(web["slow"]["preview"]) and web["slow"]["preview"] <= 2500),
        ("  the live topology, the engine running (same load)", f"{web['slow']['paint']:,.0f} ms", "<= 2,500 ms",
         web["slow"]["paint"] <= 2500),
        ("  wasm / editor script arrived (same load)",
         f"{web['slow']['wasm'] or 0:,.0f} / {web['slow']['editor'] or 0:,.0f} ms", "wasm first",
         (web["slow"]["wasm"] or 0) <= (web["slow"]["editor"] or 0)),
        ("Edit to repaint at 3 pods, p50 / p95", f"{web['edit3']['p50']:.1f} / {web['edit3']['p95']:.1f} ms",
         "p95 <= 16 ms", web["edit3"]["p95"] <= 16),
        ("  the next frame with no edit at all (the floor), p50 / p95",
         f"{web['nextFrame']['p50']:.1f} / {web['nextFrame']['p95']:.1f} ms", "", None),
        ("Edit to repaint at 1,000 pods, p50 / p95",
         f"{web['edit1000']['p50']:.1f} / {web['edit1000']['p95']:.1f} ms", "p95 <= 50 ms",
         web["edit1000"]["p95"] <= 50),
        ("A keystroke in an editor, main thread, 3 / 1,000 pods, p50",
         f"{web['keystroke3']['p50']:.1f} / {web['keystroke1000']['p50']:.1f} ms", "", None),
        (f"Frame rate, 300 pods and {web['packetsInFlight']} packets in flight", f"{web['fps']:.1f} fps", ">= 55 fps",
         web["fps"] >= 55),
        (f"JS heap at {web['pods']} pods (after GC)", f"{web['jsHeapBytes'] / KIB / KIB:.1f} MiB", "<= 64 MiB",
         web["jsHeapBytes"] <= 64 * KIB * KIB),
        ("  wasm linear memory at the same moment", f"{web['wasmMemoryBytes'] / KIB / KIB:.1f} MiB", "", None),
        ("Routed requests/s, native (one request, criterion)", f"{1e9 / routed_ns:,.0f}/s", ">= 1,000,000/s",
         1e9 / routed_ns >= 1_000_000),
        ("One request explained hop by hop (curl, the UI), native",
         f"{find(nat, 'routing/one request, explained') / 1e3:.2f} µs", "", None),
        ("Routed requests/s, native, `kplay load -n 10000`", f"{native_load_rate:,.0f}/s", "", None),
        ("Routed requests/s, wasm, `kplay load -n 10000` x 10", f"{web['wasmRoutedPerSec']:,.0f}/s", "", None),
        ("  the same typed in the terminal (recorded, page redrawn)", f"{web['wasmRoutedPerSecTerminal']:,.0f}/s",
         "", None),
        ("  wasm / native, same command", f"{web['wasmRoutedPerSec'] / native_load_rate:.2f}x", ">= 0.5x",
         web["wasmRoutedPerSec"] / native_load_rate >= 0.5),
        ("Parse + validate + apply the 3 seed manifests", f"{find(nat, 'parse+validate+apply') / 1e3:.1f} µs", "",
         None),
        ("Apply a 1,000-replica Deployment, run until all Running",
         f"{find(nat, 'apply a 1000-replica') / 1e6:.1f} ms", "", None),
        ("One virtual second of a 1,000-pod cluster", f"{find(nat, 'one virtual second') / 1e3:.1f} µs", "", None),
        ("`kubectl get pods` at 1,000 pods", f"{find(nat, 'kubectl get pods at 1000') / 1e6:.2f} ms", "", None),
        ("Editor at 1,000 pods: replicas 1000 -> 999, apply and lay out (native)",
         f"{find(nat, 'editor: replicas 1000') / 1e6:.2f} ms", "", None),
        ("Scene layout at 1,000 pods (native)", f"{find(nat, 'scene layout at 1000') / 1e3:.0f} µs", "", None),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'measured':>22}  {'target':<16}  ")
    print("-" * (width + 50))
    for name, value, target, met in rows:
        mark = "" if met is None else ("met" if met else "MISSED")
        print(f"{name:<{width}}  {value:>22}  {target:<16}  {mark}")


if __name__ == "__main__":
    main()
