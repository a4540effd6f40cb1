#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Crash safety of autosave in the real newsdesk binary: type into the body with real key
events (xdotool), in bursts with pauses like a reporter's, kill -9 the app at a random
moment, start it again, and check:

- the article loads, in the app and with newsdesk-cli, and nothing is quarantined;
- its body is a prefix of everything typed so far (no torn or mixed save);
- it holds at least the last save seen completed on disk before the kill (a watcher reads
  article.json while the test types);
- no temp file is left anywhere in the library;
- typing without any pause is still saved (autosave is put off by typing, but not for
  ever).

ND_KILL_ROUNDS sets the number of kills (default 8; the full run uses 50 or more).
Needs DISPLAY and a session bus (build-aux/test). Prints TAP."""

import html
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_util as at  # noqa: E402

BIN = os.environ.get("NEWSDESK_BIN", "newsdesk")
CLI = os.environ.get("NEWSDESK_CLI", "newsdesk-cli")
ROUNDS = int(os.environ.get("ND_KILL_ROUNDS", "8"))
WORDS = ("lavrov said the talks were fruitful and that latin america is a partner "
         "ministers met in moscow on tuesday to sign trade deals").split()


def body_text(body_html):
    """The text of the body as one string, paragraphs joined by newlines."""
    paras = re.findall(r"<p>(.*?)</p>", body_html or "", re.S)
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in paras)


class Library:
    def __init__(self, home, env):
        self.dir = os.path.join(home, "data", "newsdesk")
        self.env = env

    def ids(self):
        articles = os.path.join(self.dir, "articles")
        return os.listdir(articles) if os.path.isdir(articles) else []

    def path(self, ident):
        return os.path.join(self.dir, "articles", ident, "article.json")

    def cli(self, *args):
        proc = subprocess.run([CLI, *args], env=self.env, capture_output=True, text=True,
                              timeout=60)
        if proc.returncode != 0:
            raise AssertionError(f"newsdesk-cli {' '.join(args)}: {proc.stderr}")
        return proc.stdout

    def check(self, ident):
        """Loads through newsdesk-cli (which cleans what a killed writer left) and checks
        nothing is left over; returns the body text on disk."""
        doc = json.loads(self.cli("show", ident))
        self.cli("list")
        self.cli("validate", ident)
        temps = []
        for root, dirs, files in os.walk(self.dir):
            temps += [os.path.join(root, n) for n in files + dirs if n.startswith(".nd-tmp-")]
        if temps:
            raise AssertionError(f"temp files left behind: {temps}")
        q = os.path.join(self.dir, "quarantine")
        if os.path.isdir(q) and os.listdir(q):
            raise AssertionError(f"quarantined: {os.listdir(q)}")
        return body_text(doc["body_html"])


class Watcher(threading.Thread):
    """Reads article.json whenever it changes: the saves seen completed, in order."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path = path
        self.seen = []          # (monotonic time, body text)
        self.stop = threading.Event()

    def run(self):
        last = None
        while not self.stop.is_set():
            try:
                st = os.stat(self.path)
                key = (st.st_mtime_ns, st.st_size, st.st_ino)
                if key != last:
                    with open(self.path, encoding="utf-8") as f:
                        doc = json.load(f)
                    last = key
                    self.seen.append((time.monotonic(), body_text(doc["body_html"])))
            except (OSError, ValueError):
                pass
            time.sleep(0.01)


def wait_body(body, expected, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        shown = at.text_of(body)
        if shown.rstrip("\n") == expected.rstrip("\n"):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the app shows {shown[-60:]!r} ({len(shown)}), the library "
                                 f"holds {expected[-60:]!r} ({len(expected)})")
        time.sleep(0.1)


def plan_text(rng, n_words):
    return " ".join(rng.choice(WORDS) for _ in range(n_words)) + " "


def start_app(env):
    # Under a loaded Xvfb the first connection is now and then refused ("cannot open
    # display"): that is the X server's, not Newsdesk's, so try again.
    for attempt in range(3):
        try:
            return at.App(BIN, env).start()
        except AssertionError as exc:
            if "cannot open display" not in str(exc) or attempt == 2:
                raise
            print(f"# the X server refused a connection; starting again ({exc})".replace("\n", " "))
            time.sleep(1)


def find_now(app, name, role, timeout=15):
    """The first widget with this name and role, as soon as it is there (at.find waits
    for a SHOWING one until its timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        for window in app.windows():
            for node in at.walk(window):
                try:
                    if node.get_name() == name and node.get_role_name() == role:
                        return node
                except Exception:
                    continue
        if time.monotonic() > deadline:
            raise AssertionError(f"no {role} named {name!r}")
        time.sleep(0.1)


def click_in(app, node):
    """at.real_click, without waiting for what has already happened."""
    deadline = time.monotonic() + 15
    while True:
        try:
            wid, wx, wy, xwidth = at.window_origin(app)
            break
        except (IndexError, KeyError, ValueError):
            if time.monotonic() > deadline:
                raise AssertionError("the window never became visible")
            time.sleep(0.1)
    ext = node.get_extents(at.Atspi.CoordType.WINDOW)
    frame = app.windows()[0].get_extents(at.Atspi.CoordType.WINDOW)
    margin = max(0, (xwidth - frame.width) // 2)
    at.xdotool("windowfocus", wid)
    time.sleep(0.2)
    # No "mousemove --sync": it waits 15 s when the pointer is already there (it is, from
    # the round before).
    at.xdotool("mousemove", str(wx + margin + ext.x + ext.width // 2),
               str(wy + margin + ext.y + ext.height // 2))
    time.sleep(0.1)
    at.xdotool("click", "1")


def focus_body_end(app):
    body = find_now(app, "Body", "text")
    click_in(app, body)
    time.sleep(0.2)
    at.xdotool("key", "ctrl+End")
    return body


def type_bursts(rng, text, stop_at, pauses):
    """Types text in bursts with pauses between them until stop_at (monotonic); returns
    the xdotool processes started (the last may still run)."""
    procs = []
    pos = 0
    while pos < len(text) and time.monotonic() < stop_at:
        n = rng.randint(5, 60)
        chunk = text[pos:pos + n]
        pos += len(chunk)
        proc = subprocess.Popen(["xdotool", "type", "--delay", "15", chunk])
        procs.append(proc)
        while proc.poll() is None and time.monotonic() < stop_at:
            time.sleep(0.01)
        if proc.poll() is None:
            break
        pause = rng.choice(pauses)
        time.sleep(max(0.0, min(pause, stop_at - time.monotonic())))
    return procs


def one_round(rng, env, lib, ident, before, continuous=False):
    """Returns (ident, text on disk after the kill, saves seen)."""
    t_start = time.monotonic()
    app = start_app(env)
    try:
        if ident is None:
            at.click(at.find(app, "New article", "push button"))
            at.wait_for(lambda: len(lib.ids()) == 1, timeout=15, what="the new article on disk")
            ident = lib.ids()[0]
        body = focus_body_end(app)
        # The app shows what is on disk.
        wait_body(body, before)
        t_ready = time.monotonic()
        watcher = Watcher(lib.path(ident))
        watcher.start()
        time.sleep(0.05)
        if continuous:
            text = plan_text(rng, 500)
            start = time.monotonic()
            procs = type_bursts(rng, text, start + 14.0, pauses=(0.0,))
        else:
            text = plan_text(rng, 120)
            start = time.monotonic()
            procs = type_bursts(rng, text, start + rng.uniform(0.3, 6.0),
                                pauses=(0.05, 0.2, 0.5, 2.6))
        app.kill()
        # xdotool is left to finish its chunk (into no window): killed between a key's
        # press and release, it would leave the key held down for the next round.
        for proc in procs:
            proc.wait(timeout=30)
        watcher.stop.set()
        watcher.join()
    finally:
        app.kill()

    t_killed = time.monotonic()
    typed_so_far = before + text
    on_disk = lib.check(ident)
    print(f"# round: start {t_ready - t_start:.1f} s, typing {t_killed - t_ready:.1f} s, "
          f"check {time.monotonic() - t_killed:.1f} s, {len(watcher.seen)} saves seen",
          flush=True)
    if not typed_so_far.startswith(on_disk):
        raise AssertionError(f"the body on disk is not what was typed:\n{on_disk[-80:]!r}\n"
                             f"typed:\n{typed_so_far[-200:]!r}")
    if not on_disk.startswith(before):
        raise AssertionError("the body lost text saved before this round")
    for _, seen in watcher.seen:
        if not typed_so_far.startswith(seen):
            raise AssertionError(f"a save seen on disk was not what was typed: {seen[-80:]!r}")
    last_seen = watcher.seen[-1][1] if watcher.seen else before
    if not on_disk.startswith(last_seen):
        raise AssertionError(f"the last completed save is lost: on disk {len(on_disk)} "
                             f"characters, a save of {len(last_seen)} was seen")
    saves_while_typing = [t for t, s in watcher.seen if t > start and len(s) > len(before)]
    return ident, on_disk, saves_while_typing, start


def main():
    seed = int(os.environ.get("ND_KILL_SEED", str(random.randrange(1 << 30))))
    rng = random.Random(seed)
    print("1..3")
    print(f"# ND_KILL_ROUNDS={ROUNDS} ND_KILL_SEED={seed}")
    home = tempfile.mkdtemp(prefix="newsdesk-crash-autosave-")
    env = at.app_env(home)
    lib = Library(home, env)
    at.start_a11y_bus()
    failed = 0
    ident, text = None, ""
    try:
        # 1: kill -9 at random moments while typing in bursts.
        try:
            grew = 0
            t0 = time.monotonic()
            for n in range(ROUNDS):
                ident, on_disk, _, _ = one_round(rng, env, lib, ident, text)
                grew += len(on_disk) > len(text)
                text = on_disk
            print(f"# {ROUNDS} kills in {time.monotonic() - t0:.1f} s; the body grew in "
                  f"{grew} rounds, to {len(text)} characters")
            if not text:
                raise AssertionError(f"after {ROUNDS} rounds of typing nothing was ever saved")
            print(f"ok 1 - {ROUNDS} kills while typing: the body is always a prefix of what "
                  "was typed and holds the last completed save; no temp files")
        except Exception:
            failed += 1
            at.report_failure("1 - kill -9 while typing")

        # 2: typing without a pause for 14 s is saved on the way (the autosave delay is
        # 2 s; typing keeps putting it off, but for at most 4 delays, so a save comes
        # after 10 s at most).
        try:
            ident, on_disk, saves, start = one_round(rng, env, lib, ident, text,
                                                     continuous=True)
            if not saves or len(on_disk) <= len(text):
                raise AssertionError("14 s of typing without a pause was never saved")
            print(f"ok 2 - typing without a pause is saved after "
                  f"{saves[0] - start:.1f} s, not only in pauses")
            text = on_disk
        except Exception:
            failed += 1
            at.report_failure("2 - typing without a pause")

        # 3: after all that, the app starts and shows the article as saved.
        try:
            app = start_app(env)
            try:
                body = find_now(app, "Body", "text")
                wait_body(body, text)
            finally:
                app.stop()
            print("ok 3 - the app starts with the article as last saved")
        except Exception:
            failed += 1
            at.report_failure("3 - restart after the kills")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
