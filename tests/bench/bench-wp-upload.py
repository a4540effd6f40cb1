#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peak memory of newsdesk-cli while it publishes an article with a 25 MB photo to the
real WordPress (run under wordpress/wp-fixture.sh run), against the same process only
logging in. The photo is streamed from disk, so the growth should stay under 10 MB.
Prints figures; it does not fail on a slow or busy machine."""

import importlib.util
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "wp_integration", os.path.join(HERE, "..", "test-wp-integration.py"))
wp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(wp)

SIZE = 25 * 1024 * 1024


def peak_rss_kb(e, *args, input=None):
    """Runs newsdesk-cli and returns its own peak RSS. VmHWM, polled: it starts afresh at
    exec, unlike ru_maxrss, which keeps the forking Python's figure."""
    proc = subprocess.Popen([wp.CLI, *args], env=e.env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if input:
        proc.stdin.write(input)
    proc.stdin.close()
    hwm = 0
    while proc.poll() is None:
        try:
            with open(f"/proc/{proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        hwm = max(hwm, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.005)
    out = proc.stdout.read()
    err = proc.stderr.read()
    if proc.returncode != 0:
        raise RuntimeError(f"newsdesk-cli {' '.join(args)} failed: {err}")
    return hwm, out


def main():
    if not (wp.WP_URL and wp.WP_USER and wp.WP_APP_PASSWORD):
        print("run under tests/wordpress/wp-fixture.sh run STATE_DIR -- …", file=sys.stderr)
        return 1
    home = tempfile.mkdtemp(prefix="newsdesk-bench-upload-")
    wp.KEYRING = wp.Keyring(home)
    e = wp.Env(wp.KEYRING)
    try:
        wp.add_local_account(e)
        # A real JPEG padded to 25 MB after its end marker: WordPress stores it as it is and
        # only has to decode a small picture.
        photo = os.path.join(e.home, "big.jpg")
        subprocess.run(["convert", "-size", "320x200", "xc:#a51d2d", photo], check=True)
        with open(photo, "ab") as f:
            f.write(os.urandom(SIZE - os.path.getsize(photo)))
        runs = []
        for i in range(5):
            # A new article each time: a new token, so a real upload and a new post.
            article_id = e.run("new", "--headline", f"Big photo {i}", "--photo", photo,
                               "--caption", "Big", "--credit", "Bench").stdout.strip()
            base, _ = peak_rss_kb(e, "account", "test", "Local")
            peak, url = peak_rss_kb(e, "publish", article_id, "--account", "Local")
            runs.append((base, peak))
            print(f"# run {i}: login {base} kB, publish {peak} kB, {url.strip()}")
        runs.sort(key=lambda r: r[1] - r[0])
        base, peak = runs[len(runs) // 2]
        growth_mb = (peak - base) / 1024
        print(f"upload of a {SIZE / 1048576:.0f} MB photo: peak RSS {peak / 1024:.1f} MB, "
              f"login only {base / 1024:.1f} MB, growth {growth_mb:.1f} MB "
              f"(goal: at most 10 MB) — median of {len(runs)}")
    finally:
        e.cleanup()
        wp.KEYRING.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
