#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints the closing line CI reads: 'N passed, N failed'.

    test-summary.py TESTLOG.json... [--tap RESULTS.tap]... [--failed N]

Reads meson's testlog.json files (the main run, the sanitizer runs) and TAP result files
(build-aux/fuzz), and adds N failures for a stage that stopped before writing results.
Counts TAP subtests where a test reports them, so the figure is the number of checks."""
import argparse
import json
import re

parser = argparse.ArgumentParser()
parser.add_argument("testlogs", nargs="*")
parser.add_argument("--tap", action="append", default=[])
parser.add_argument("--failed", type=int, default=0)
args = parser.parse_args()

passed = failed = skipped = 0


def count_tap(out):
    oks = len(re.findall(r"^ok \d+", out, re.M))
    bad = len(re.findall(r"^not ok \d+", out, re.M))
    skips = len(re.findall(r"^ok \d+ .*# SKIP", out, re.M))
    return oks, bad, skips


for path in args.testlogs:
    for line in open(path, encoding="utf-8"):
        entry = json.loads(line)
        result = entry.get("result")
        oks, bad, skips = count_tap(entry.get("stdout") or "")
        if oks or bad:
            passed += oks - skips
            failed += bad
            skipped += skips
            if result not in ("OK", "EXPECTEDFAIL") and bad == 0:
                failed += 1
        elif result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1

for path in args.tap:
    oks, bad, skips = count_tap(open(path, encoding="utf-8").read())
    passed += oks - skips
    failed += bad
    skipped += skips

failed += args.failed

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
