#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads meson's testlog.json and prints the closing line CI reads: 'N passed, N failed'.
Counts TAP subtests where a test reports them, so the figure is the number of checks."""
import json
import re
import sys

passed = failed = skipped = 0
for line in open(sys.argv[1], encoding="utf-8"):
    entry = json.loads(line)
    result = entry.get("result")
    out = entry.get("stdout") or ""
    oks = len(re.findall(r"^ok \d+", out, re.M))
    bad = len(re.findall(r"^not ok \d+", out, re.M))
    skips = len(re.findall(r"^ok \d+ .*# SKIP", out, re.M))
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

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
