#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmarks against the real WordPress (run under tests/wordpress/wp-fixture.sh run):

- publish: `newsdesk-cli publish` of the complete test article (photo, section, tags,
  related link) against the same HTTP requests made with curl in the same run. The
  requests are the ones `newsdesk-cli publish --dry-run` prints, replayed in order with
  the ids the server assigns filled in, one curl process per request (what a script would
  do).
- upload: peak memory growth of newsdesk-cli publishing an article with a 25 MB photo
  (see bench-wp-upload.py), against the same process only logging in.

Medians of --runs after a warm-up. Prints figures (and "@result" lines for
bench-all.py); not a pass/fail test.

Usage: bench-wp.py [--runs N] [--upload-runs N] [--upload-mb N]"""

import argparse
import hashlib
import importlib.util
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


wp = load("wp_integration", os.path.join(HERE, "..", "test-wp-integration.py"))
upload = load("bench_wp_upload", os.path.join(HERE, "bench-wp-upload.py"))

REQUEST_LINE = re.compile(r"^(GET|POST|PUT|DELETE) (/\S*)$")


def parse_dry_run(text):
    """[(method, route, headers dict, body text or None)] from --dry-run output."""
    requests = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = REQUEST_LINE.match(lines[i])
        if not m:
            i += 1
            continue
        method, route = m.groups()
        headers = {}
        i += 1
        while i < len(lines) and lines[i].strip():
            key, _, value = lines[i].partition(": ")
            headers[key] = value
            i += 1
        body = []
        i += 1
        while i < len(lines) and not REQUEST_LINE.match(lines[i]):
            body.append(lines[i])
            i += 1
        text_body = "\n".join(body).strip() or None
        requests.append((method, route, headers, text_body))
    return requests


def curl(method, route, headers, data_args, cwd):
    cmd = ["curl", "-sS", "--noproxy", "*", "-X", method,
           "-u", f"{wp.WP_USER}:{wp.WP_APP_PASSWORD}"]
    for key, value in headers.items():
        if key != "Authorization":
            cmd += ["-H", f"{key}: {value}"]
    cmd += data_args
    cmd.append(f"{wp.WP_URL}/wp-json{route}")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=cwd)
    return json.loads(proc.stdout)


def replay(requests, workdir):
    """Sends the requests with curl, filling in the ids WordPress assigns."""
    cats, tags, media_id = [], [], 0
    body_file = os.path.join(workdir, "body.json")
    for method, route, headers, body in requests:
        data_args = []
        if route == "/wp/v2/media" and method == "POST":
            path = body.strip("()")
            with open(path, "rb") as f:
                md5 = hashlib.md5(f.read()).hexdigest()   # WordPress compares hex
            headers = dict(headers, **{"Content-MD5": md5})
            data_args = ["--data-binary", f"@{path}"]
        elif body is not None:
            doc = json.loads(body)
            if route == "/wp/v2/categories" and cats and "parent" in doc:
                doc["parent"] = cats[-1]
            if route.startswith("/wp/v2/posts"):
                if "categories" in doc:
                    doc["categories"] = cats[-1:] if cats else []
                if "tags" in doc:
                    doc["tags"] = tags
                if "featured_media" in doc:
                    doc["featured_media"] = media_id
            with open(body_file, "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)
            data_args = ["--data-binary", f"@{body_file}"]
        if route == "/wp/v2/media/0":
            route = f"/wp/v2/media/{media_id}"
        answer = curl(method, route, headers, data_args, workdir)
        ident = answer.get("id") or (answer.get("data") or {}).get("term_id")
        if ident is None:
            raise RuntimeError(f"{method} {route}: {answer}")
        if route == "/wp/v2/categories":
            cats.append(ident)
        elif route == "/wp/v2/tags":
            tags.append(ident)
        elif route == "/wp/v2/media":
            media_id = ident
    return len(requests)


def timed(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def bench_publish(e, runs):
    # Articles made up front (not timed): each publish is a new post with a new photo.
    ids = [wp.new_complete(e, headline=f"Bench story {i}") for i in range(runs + 1)]
    described = e.run("publish", ids[0], "--account", "Local", "--dry-run").stdout
    requests = parse_dry_run(described)
    if not requests:
        raise RuntimeError(f"--dry-run printed no requests:\n{described}")
    app, ref = [], []
    for i, article_id in enumerate(ids):
        a = timed(lambda: e.run("publish", article_id, "--account", "Local"))
        r = timed(lambda: replay(requests, e.home))
        if i > 0:   # the first is the warm-up
            app.append(a)
            ref.append(r)
    med, ref_med = statistics.median(app), statistics.median(ref)
    print(f"publish the complete test article ({len(requests)} requests), median of {runs}: "
          f"newsdesk-cli {med:.0f} ms, curl {ref_med:.0f} ms, ratio {med / ref_med:.2f}x "
          f"(goal ≤ 1.2x)")
    print(f"@result publish {med:.3f} {ref_med:.3f}")


def bench_upload(e, runs, size_mb):
    photo = os.path.join(e.home, "big.jpg")
    subprocess.run(["convert", "-size", "320x200", "xc:#a51d2d", photo], check=True)
    with open(photo, "ab") as f:
        f.write(os.urandom(size_mb * 1024 * 1024 - os.path.getsize(photo)))
    growths = []
    for i in range(runs):
        article_id = e.run("new", "--headline", f"Big photo {i}", "--photo", photo,
                           "--caption", "Big", "--credit", "Bench").stdout.strip()
        base, _ = upload.peak_rss_kb(e, "account", "test", "Local")
        peak, _ = upload.peak_rss_kb(e, "publish", article_id, "--account", "Local")
        growths.append((peak - base) / 1024)
    growth = statistics.median(growths)
    print(f"upload of a {size_mb} MB photo: peak memory growth median {growth:.1f} MB "
          f"over {runs} runs (goal ≤ 10 MB)")
    print(f"@result upload {growth:.3f} {size_mb}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--upload-runs", type=int, default=5)
    parser.add_argument("--upload-mb", type=int, default=25)
    args = parser.parse_args()
    if not (wp.WP_URL and wp.WP_USER and wp.WP_APP_PASSWORD):
        print("run under tests/wordpress/wp-fixture.sh run STATE_DIR -- …", file=sys.stderr)
        return 1
    home = tempfile.mkdtemp(prefix="newsdesk-bench-wp-")
    wp.KEYRING = wp.Keyring(home)
    e = wp.Env(wp.KEYRING)
    try:
        wp.add_local_account(e)
        bench_publish(e, args.runs)
        bench_upload(e, args.upload_runs, args.upload_mb)
    finally:
        e.cleanup()
        wp.KEYRING.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
