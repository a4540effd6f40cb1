#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Accessibility audit: walks the whole AT-SPI tree of the running app's windows (the main
window with an article open, the link dialog, the publish dialog, the preferences and
their accounts page, the shortcuts window) and
fails on any focusable widget that has no accessible name. Prints TAP."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_util as at  # noqa: E402
from gi.repository import Atspi  # noqa: E402

BIN = os.environ.get("NEWSDESK_BIN", "newsdesk")
CONTAINER_ROLES = {"scroll pane", "viewport", "panel", "filler"}
CLI = os.environ.get("NEWSDESK_CLI", "newsdesk-cli")


def unnamed_focusable(app):
    """(unnamed focusable widgets, how many focusable widgets were looked at)."""
    bad = []
    seen = 0
    for window in app.windows():
        for node in at.walk(window):
            try:
                states = node.get_state_set()
                if not states.contains(Atspi.StateType.FOCUSABLE):
                    continue
                # GTK 4.8 reports VISIBLE (it never sets SHOWING).
                if not states.contains(Atspi.StateType.VISIBLE):
                    continue
                # Containers are focusable only so they can be scrolled: the controls
                # inside them carry the names a screen reader reads.
                if node.get_role_name() in CONTAINER_ROLES:
                    continue
                seen += 1
                name = (node.get_name() or "").strip()
                if not name:
                    chain = []
                    parent = node.get_parent()
                    while parent is not None and len(chain) < 6:
                        chain.append(f"{parent.get_role_name()} {parent.get_name()!r}")
                        parent = parent.get_parent()
                    bad.append(f"{node.get_role_name()} in {window.get_name()!r} "
                               f"(inside: {' < '.join(chain)})")
            except Exception:  # a node that vanished while walking
                continue
    return bad, seen


def audit(label, app, results):
    time.sleep(1.0)
    bad, seen = unnamed_focusable(app)
    # An audit that looked at nothing proves nothing.
    if seen < 3:
        bad = bad + [f"only {seen} focusable widgets were visible to the audit"]
    results.append((label, bad, seen))


def main():
    home = tempfile.mkdtemp(prefix="newsdesk-a11y-")
    env = dict(os.environ)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache")):
        os.makedirs(os.path.join(home, sub), exist_ok=True)
        env[var] = os.path.join(home, sub)
    env["HOME"] = home
    env.pop("NEWSDESK_LIBRARY", None)
    env.pop("NO_AT_BRIDGE", None)
    env["LANGUAGE"] = "C"
    photo = os.path.join(home, "p.jpg")
    subprocess.run(["convert", "-size", "320x200", "xc:#1c71d8", photo], check=True)
    ident = subprocess.run([CLI, "new", "--headline", "Audit", "--section", "News", "--tag", "A",
                            "--photo", photo, "--related", "R|https://example.org/"], env=env,
                           check=True, capture_output=True, text=True).stdout.strip()
    # A story waiting in the outbox: its site (a closed loopback port) cannot be reached.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    subprocess.run([CLI, "account", "add", "--kind", "http-push", "--name", "Wire",
                    "--url", dead + "/items", "--assets-url", dead + "/assets"], env=env,
                   check=True, capture_output=True)
    queued = subprocess.run([CLI, "publish", ident, "--account", "Wire"], env=env,
                            capture_output=True, text=True)
    assert queued.returncode == 4, (queued.returncode, queued.stdout, queued.stderr)

    at.start_a11y_bus()
    app = at.App(BIN, env)
    results = []
    failed = 0
    try:
        app.start()
        # An article open, so the editor and its side panel are in the tree.
        headline = None
        for _ in range(50):
            try:
                row = at.find(app, "Articles", timeout=2)
                break
            except AssertionError:
                time.sleep(0.2)
        at.click(at.find(app, "New article", "push button"))
        headline = at.find(app, "Headline", "text")
        at.set_text(headline, "Audit article")
        at.click(at.find(app, "Add link", "push button"))
        audit("main window with an article open", app, results)

        body = at.find(app, "Body", "text")
        at.insert_text(body, 0, "Some text")
        at.click(at.find(app, "Link", "push button"))
        audit("link dialog", app, results)
        at.click(at.find_button(app, "Cancel"))

        at.click(at.find(app, "Publish", "push button"))
        at.find(app, "Show request", timeout=10)
        audit("publish dialog", app, results)
        at.click(at.find_in_window(app, "Publish", "Cancel"))
        time.sleep(0.5)

        # Through the main menu, as a keyboard or screen-reader user would.
        at.click(at.find_clickable(app, "Main menu"))
        at.click(at.find_clickable(app, "Preferences"))
        at.find(app, "Headline limit", timeout=10)
        audit("preferences", app, results)
        try:
            at.click(at.find_clickable(app, "Accounts", timeout=3))
            time.sleep(0.5)
            audit("preferences: accounts", app, results)
        except AssertionError:
            results.append(("preferences: accounts", ["the Accounts page could not be opened"], 0))
        prefs = [w for w in app.windows() if w.get_name() == "Preferences"]
        at.click(at.find(app, "Close", "push button")) if not prefs else None
        time.sleep(0.5)

        at.click(at.find_clickable(app, "Main menu"))
        at.click(at.find_clickable(app, "Outbox"))
        at.find(app, "Retry Now", "push button", timeout=10)
        audit("outbox", app, results)
        at.click(at.find_in_window(app, "Outbox", "Close"))
        time.sleep(0.5)

        at.click(at.find_clickable(app, "Main menu"))
        at.click(at.find_clickable(app, "Keyboard Shortcuts"))
        time.sleep(1.5)
        audit("shortcuts window", app, results)
    except Exception:
        failed += 1
        print("1..1")
        print("not ok 1 - could not drive the app to every window")
        for line in traceback.format_exc().splitlines():
            print("# " + line)
        app.stop()
        shutil.rmtree(home, ignore_errors=True)
        return 1
    finally:
        app.stop()

    print(f"1..{len(results)}")
    for i, (label, bad, seen) in enumerate(results, 1):
        if bad:
            failed += 1
            print(f"not ok {i} - {label}: {len(bad)} focusable widgets without a name")
            for b in bad:
                print(f"#   {b}")
        else:
            print(f"ok {i} - {label}: all {seen} focusable widgets have a name")
    shutil.rmtree(home, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
