#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: how long `newsdesk-cli list` takes on a library of 10,000 articles.
Prints figures; it is not a pass/fail test. Goal (issue: Foundation): under 200 ms.

Usage: bench-cli-list.py [--articles N] [--runs N]"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid

CLI = os.environ.get("NEWSDESK_CLI", "newsdesk-cli")


def make_library(root, count):
    # Written directly in the document format: creating 10,000 articles through the CLI
    # would take minutes and measure process start-up, not listing.
    articles = os.path.join(root, "articles")
    os.makedirs(articles, mode=0o700)
    body = "".join(f"<p>Paragraph {i} of a typical story, with a few words in it.</p>\n"
                   for i in range(30))
    for i in range(count):
        ident = str(uuid.uuid4())
        folder = os.path.join(articles, ident)
        os.mkdir(folder, 0o700)
        doc = {
            "format": "newsdesk-article", "version": 1, "id": ident, "language": "en",
            "headline": f"Story number {i}: Russia Commits To Partnership With Latam",
            "standfirst": "A standfirst", "byline": "María Faría", "dateline": "Moscow",
            "section": ["News", "Russia"], "tags": ["Russia", "Venezuela"],
            "body_html": body, "photo": None, "related": [], "status": "draft",
            "publish_at": None, "created": "2022-07-04T10:00:00Z",
            "modified": f"2022-07-04T{10 + i % 10}:{i % 60:02d}:00Z", "remote": {},
        }
        with open(os.path.join(folder, "article.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=2)


def time_list(root):
    start = time.perf_counter()
    proc = subprocess.run([CLI, "--library", root, "list"], capture_output=True, text=True,
                          check=True)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, proc.stdout.count("\n")


def time_reference():
    # The floor: starting a process that does nothing (/bin/true), same machine, same run.
    start = time.perf_counter()
    subprocess.run(["true"], check=True)
    return (time.perf_counter() - start) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    root = tempfile.mkdtemp(prefix="newsdesk-bench-")
    try:
        t0 = time.perf_counter()
        make_library(root, args.articles)
        print(f"made a library of {args.articles} articles in {time.perf_counter() - t0:.1f} s")

        cold, rows = time_list(root)
        assert rows == args.articles, f"listed {rows} of {args.articles}"
        print(f"first list (builds the index): {cold:.0f} ms")

        times = [time_list(root)[0] for _ in range(args.runs)]
        refs = [time_reference() for _ in range(args.runs)]
        med, ref = statistics.median(times), statistics.median(refs)
        print(f"newsdesk-cli list, {args.articles} articles, median of {args.runs}: {med:.1f} ms "
              f"(min {min(times):.1f}, max {max(times):.1f}); goal < 200 ms")
        print(f"reference: starting /bin/true, median {ref:.1f} ms; ratio {med / ref:.1f}x")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
