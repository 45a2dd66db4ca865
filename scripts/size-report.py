#!/usr/bin/env python3
"""`make size`: where the bytes of the page go. The wasm's biggest functions and its size by crate (kplay by module),
read by twiggy from a release build that keeps its function names (before wasm-opt, so figures are raw, not the
shipped ones); the editor bundle by npm package, from esbuild's metafile; and the shipped total against the target,
from scripts/size-budget.sh. Figures are measured in this run."""

import collections
import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WASM = ROOT / "target/wasm32-unknown-unknown/release/kplay-web.wasm"
META = ROOT / "target/editor/meta.json"
TOP = 25


def run(*args, **kw):
    return subprocess.run(args, cwd=ROOT, check=True, text=True, capture_output=True, **kw).stdout


def owner(name):
    """The crate (or kplay's module) a twiggy item belongs to."""
    if name.startswith("data[") or name.startswith('data segment'):
        return "(data: strings and tables)"
    if not re.search(r"[a-z_]\w*::", name):
        return "(" + name.split("[")[0].strip('"') + ")"
    # `<alloc::vec::Vec<T> as core::clone::Clone>::clone` belongs to the type's crate; `<impl ...>` paths to the path.
    text = name[1:] if name.startswith("<") else name
    text = re.sub(r"^(impl\s+|&mut\s+|&|\[|\()+", "", text)
    if re.match(r"^[A-Z]\w* as ", text):
        # `<T as Trait>`: a blanket impl; it belongs to the trait's crate.
        text = text.split(" as ", 1)[1]
    parts = re.findall(r"[A-Za-z_]\w*", text)
    if not parts:
        return "(other)"
    crate = parts[0]
    if crate == "kplay" and len(parts) > 1:
        return f"kplay::{parts[1]}"
    return crate


def wasm_report():
    run("cargo", "build", "--release", "--target", "wasm32-unknown-unknown", "--bin", "kplay-web")
    table = run("twiggy", "top", "-n", "1000000", "--format", "csv", str(WASM))
    everything = list(csv.DictReader(io.StringIO(table)))
    # Names and wasm-bindgen's own section are stripped before shipping; what is left is code and data.
    stripped = [r for r in everything if "custom section" in r["Name"] or "function names" in r["Name"]]
    rows = [r for r in everything if r not in stripped]
    total = sum(int(r["ShallowSize"]) for r in rows)
    gone = sum(int(r["ShallowSize"]) for r in stripped)
    print(f"wasm before wasm-opt: {WASM.stat().st_size:,} bytes: {total:,} of code and data, {gone:,} of names and")
    print("wasm-bindgen's section, which are stripped before shipping. Percentages are of code and data.\n")
    print(f"Biggest {TOP} functions and data:")
    for r in rows[:TOP]:
        name = re.sub(r"::h[0-9a-f]{16}$", "", r["Name"])
        size = int(r["ShallowSize"])
        print(f"  {size:>9,}  {100 * size / total:5.2f}%  {name[:110]}")
    by_owner = collections.Counter()
    for r in rows:
        by_owner[owner(r["Name"])] += int(r["ShallowSize"])
    print("\nBy crate (kplay by module):")
    for name, size in by_owner.most_common(30):
        print(f"  {size:>9,}  {100 * size / total:5.2f}%  {name}")


def editor_report():
    run("scripts/build-editor.sh")
    meta = json.loads(META.read_text())
    output = next(iter(meta["outputs"].values()))
    by_package = collections.Counter()
    for path, info in output["inputs"].items():
        m = re.search(r"node_modules/((?:@[^/]+/)?[^/]+)/", path)
        by_package[m.group(1) if m else path] += info["bytesInOutput"]
    total = sum(by_package.values())
    print(f"\nEditor bundle: {output['bytes']:,} bytes minified, by package:")
    for name, size in by_package.most_common(20):
        print(f"  {size:>9,}  {100 * size / total:5.2f}%  {name}")


def total_report():
    if not (ROOT / "dist").is_dir():
        print("\nNo dist/: run `trunk build --release --offline` for the shipped total.")
        return
    result = subprocess.run(["scripts/size-budget.sh"], cwd=ROOT, text=True, capture_output=True)
    print("\nShipped, gzip -9 (scripts/size-budget.sh on dist/):")
    print(result.stdout + result.stderr, end="")


def main():
    wasm_report()
    editor_report()
    total_report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
