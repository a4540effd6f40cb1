#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: start to first painted frame and resident memory, Newsdesk against a bare
libadwaita window with a header bar built in the tree, in the same run, with an empty
library and with 10,000 articles. Medians of --runs runs after a warm-up. Prints figures;
not a pass/fail test. Needs a display (xvfb-run -a …).

Usage: bench-startup.py [--runs N] [--articles N]"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module  # noqa: E402

make_library = import_module("bench-cli-list").make_library

BIN = os.environ.get("NEWSDESK_BIN", "newsdesk")
BARE = os.environ.get("NEWSDESK_BARE_ADW", "bare-adw")


def run_once(binary, env):
    proc = subprocess.run([binary], env=env, capture_output=True, text=True, timeout=60)
    figures = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key in ("first-frame", "rss", "hwm"):
            figures[key] = int(value)
        elif key == "mark":   # "mark library-shown 412345"
            name, _, when = value.partition(" ")
            figures[name] = int(when)
    if "first-frame" not in figures:
        raise RuntimeError(f"{binary} reported nothing:\n{proc.stdout}\n{proc.stderr}")
    return figures


def check_library_shown(figures, articles):
    """The memory figure of a library start only counts with the library on screen."""
    if articles and "library-shown" not in figures:
        raise RuntimeError("the library was not shown before the memory was measured "
                           "(raise NEWSDESK_BENCH_SETTLE_MS?)")


def series(binary, env, runs, articles=0):
    run_once(binary, env)  # warm-up: shader and font caches
    results = [run_once(binary, env) for _ in range(runs)]
    for r in results:
        check_library_shown(r, articles)
    frame = statistics.median(r["first-frame"] for r in results) / 1000
    rss = statistics.median(r.get("rss", 0) for r in results) / 1024
    return frame, rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--articles", type=int, default=10000)
    args = parser.parse_args()

    root = tempfile.mkdtemp(prefix="newsdesk-bench-start-")
    try:
        env = dict(os.environ)
        env["NEWSDESK_BENCH"] = "1"
        env["XDG_CACHE_HOME"] = os.path.join(root, "cache")   # warm within the batch
        env["XDG_CONFIG_HOME"] = os.path.join(root, "config")
        env["XDG_DATA_HOME"] = os.path.join(root, "data")
        env["HOME"] = root
        empty = dict(env, NEWSDESK_LIBRARY=os.path.join(root, "empty"))
        full_dir = os.path.join(root, "full")
        os.makedirs(full_dir)
        make_library(full_dir, args.articles)
        full = dict(env, NEWSDESK_LIBRARY=full_dir)
        # The library index, as a first start writes it (with the CLI: the app lists after its
        # first frame, and a run may end before a full rebuild is written).
        subprocess.run([os.environ.get("NEWSDESK_CLI", "newsdesk-cli"), "--library", full_dir,
                        "list"], env=env, stdout=subprocess.DEVNULL, check=True, timeout=300)
        run_once(BIN, full)

        ref_frame, ref_rss = series(BARE, env, args.runs)
        e_frame, e_rss = series(BIN, empty, args.runs)
        f_frame, f_rss = series(BIN, full, args.runs, args.articles)

        print(f"start → first painted frame, median of {args.runs} (after a warm-up):")
        print(f"  bare libadwaita window (reference)   {ref_frame:7.1f} ms")
        print(f"  newsdesk, empty library               {e_frame:7.1f} ms   {e_frame / ref_frame:.2f}x (goal ≤ 1.3x)")
        print(f"  newsdesk, {args.articles} articles          {f_frame:7.1f} ms   {f_frame / ref_frame:.2f}x (goal ≤ 1.4x)")
        print("resident memory 1.5 s after the first frame:")
        print(f"  bare libadwaita window (reference)   {ref_rss:7.1f} MB")
        print(f"  newsdesk, empty library               {e_rss:7.1f} MB   +{e_rss - ref_rss:.1f} MB")
        print(f"  newsdesk, {args.articles} articles          {f_rss:7.1f} MB   +{f_rss - ref_rss:.1f} MB (goal ≤ +25 MB)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
