#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Crash safety of attaching a photo: "newsdesk-cli photo ID FILE" is killed with SIGKILL at
random moments while it attaches one of two 20 MB photos, over and over, alternating. After
every kill the library must load, the article must name the old or the new photo with the
texts given for that photo (never a mix), the file it names must be whole (its SHA-256 is
that of one of the two sources and the one the article records), no temp file may be left
anywhere in the library, nothing is quarantined, and at most one unreferenced photo (a
whole one) may wait for the next attach, which removes it (so does a load once the article
was saved after it, or once it is a minute old).

ND_KILL_ROUNDS sets the number of kills (default 10; the full run uses 50 or more).
Prints TAP."""

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ndtest  # noqa: E402

CLI = ndtest.CLI
ROUNDS = int(os.environ.get("ND_KILL_ROUNDS", "10"))
PHOTO_NAMES = ("photo.jpg", "photo-2.jpg")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def make_photo(home, name, colour, size_mb=20):
    """A real JPEG (different pixels) followed by random bytes: 20 MB that take a while to
    copy, hash and fsync, and that no other file shares."""
    small = os.path.join(home, name + ".small.jpg")
    subprocess.run(["convert", "-size", "320x200", f"xc:{colour}", small], check=True)
    path = os.path.join(home, name)
    with open(small, "rb") as f, open(path, "wb") as out:
        out.write(f.read())
        out.write(os.urandom(size_mb * 1024 * 1024))
    os.unlink(small)
    return path


class Lib:
    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="newsdesk-crash-photo-")
        self.library = os.path.join(self.home, "library")
        self.env = dict(os.environ, NEWSDESK_LIBRARY=self.library, LANGUAGE="C",
                        LC_ALL="C.UTF-8", HOME=self.home)

    def run(self, *args, expect=0):
        proc = subprocess.run([CLI, *args], env=self.env, capture_output=True, text=True,
                              timeout=120)
        if expect is not None and proc.returncode != expect:
            raise AssertionError(f"newsdesk-cli {' '.join(args)} exited {proc.returncode}: "
                                 f"{proc.stderr}")
        return proc

    def start(self, *args):
        return subprocess.Popen([CLI, *args], env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)

    def folder(self, ident):
        return os.path.join(self.library, "articles", ident)

    def temp_files(self):
        found = []
        for root, dirs, files in os.walk(self.library):
            found += [os.path.join(root, n) for n in files + dirs if n.startswith(".nd-tmp-")]
        return found

    def quarantined(self):
        q = os.path.join(self.library, "quarantine")
        return os.listdir(q) if os.path.isdir(q) else []


def check_state(lib, ident, sources, texts):
    """The invariants after any kill; returns which source the article names."""
    doc = json.loads(lib.run("show", ident).stdout)
    lib.run("list")   # loads the library, as the app does at start
    photo = doc.get("photo")
    if photo is None:
        raise AssertionError("the article lost its photo")
    path = os.path.join(lib.folder(ident), photo["file"])
    if not os.path.isfile(path):
        raise AssertionError(f"the article names {photo['file']}, which is not there: "
                             f"{os.listdir(lib.folder(ident))}")
    got = sha256(path)
    if got != photo["sha256"]:
        raise AssertionError(f"{photo['file']} is not the file the article describes")
    which = next((k for k, v in sources.items() if v == got), None)
    if which is None:
        raise AssertionError(f"{photo['file']} is neither source photo (torn copy)")
    if (photo["caption"], photo["alt"]) != texts[which]:
        raise AssertionError(f"photo {which} with the texts {photo['caption']!r}, "
                             f"{photo['alt']!r}: a mix of two attaches")
    temps = lib.temp_files()
    if temps:
        raise AssertionError(f"temp files left behind: {temps}")
    if lib.quarantined():
        raise AssertionError(f"quarantined: {lib.quarantined()}")
    orphans = [n for n in os.listdir(lib.folder(ident))
               if n in PHOTO_NAMES and n != photo["file"]]
    for name in orphans:
        if sha256(os.path.join(lib.folder(ident), name)) not in sources.values():
            raise AssertionError(f"a half-written photo file {name} was left behind")
    if len(orphans) > 1:
        raise AssertionError(f"more than one unreferenced photo: {orphans}")
    return which, orphans


def attach_args(ident, which, sources_paths, texts):
    caption, alt = texts[which]
    return ["photo", ident, sources_paths[which], "--caption", caption, "--alt", alt,
            "--no-metadata"]


def kill_rounds(lib, ident, sources_paths, sources, texts, rounds, rng, label):
    """Alternates the photo; kills each attach at a random moment within its usual
    duration. Returns (killed mid-way and left the old photo, … the new photo,
    finished before the kill)."""
    which, _ = check_state(lib, ident, sources, texts)
    # How long an attach takes here, so the kills spread over all of it.
    other = "B" if which == "A" else "A"
    t0 = time.monotonic()
    lib.run(*attach_args(ident, other, sources_paths, texts))
    duration = time.monotonic() - t0
    which, orphans = check_state(lib, ident, sources, texts)
    if which != other or orphans:
        raise AssertionError(f"a finished attach left {which}, orphans {orphans}")

    old_kept = new_taken = finished = 0
    for n in range(rounds):
        target = "B" if which == "A" else "A"
        proc = lib.start(*attach_args(ident, target, sources_paths, texts))
        time.sleep(rng.uniform(0, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if proc.returncode != -signal.SIGKILL:
            if proc.returncode != 0:
                raise AssertionError(f"round {n}: the attach failed: {proc.stderr.read()}")
            finished += 1
        got, orphans = check_state(lib, ident, sources, texts)
        if proc.returncode == 0:
            if got != target or orphans:
                raise AssertionError(f"round {n}: finished, but the article names {got} "
                                     f"(orphans {orphans})")
        elif got == target:
            new_taken += 1
        else:
            old_kept += 1
        proc.stderr.close()
        which = got
    print(f"# {label}: {rounds} kills in {duration * 1000:.0f} ms attaches: old photo kept "
          f"{old_kept}, new photo taken {new_taken}, finished before the kill {finished}")
    return old_kept, new_taken, finished


def main():
    rng = random.Random()
    seed = int(os.environ.get("ND_KILL_SEED", str(random.randrange(1 << 30))))
    rng.seed(seed)
    print("1..2")
    print(f"# ND_KILL_ROUNDS={ROUNDS} ND_KILL_SEED={seed}")
    failed = 0
    lib = Lib()
    try:
        paths = {"A": make_photo(lib.home, "a.jpg", "#a51d2d"),
                 "B": make_photo(lib.home, "b.jpg", "#1c71d8")}
        sources = {k: sha256(v) for k, v in paths.items()}
        texts = {"A": ("Red photo A", "A red rectangle"),
                 "B": ("Blue photo B", "A blue rectangle")}

        # 1: kill -9 in the middle of attaches, over and over.
        try:
            ident = lib.run("new", "--headline", "Photo crash test").stdout.strip()
            lib.run(*attach_args(ident, "A", paths, texts))
            old_kept, new_taken, finished = kill_rounds(lib, ident, paths, sources, texts,
                                                        ROUNDS, rng, "attach")
            if old_kept + new_taken == 0:
                raise AssertionError("no kill landed inside an attach: the test proved nothing")
            print(f"ok 1 - {ROUNDS} kills during photo attach: old or new photo, whole, "
                  "never torn, no temp files")
        except Exception:
            failed += 1
            ndtest.tap_failure("1 - kill during photo attach")

        # 2: after the kills, one finished attach leaves exactly one photo file, and the
        # photo can be removed and attached again. An unreferenced photo is removed on load
        # once the article was saved after it (or it is over a minute old), never while an
        # attach may still be about to name it.
        try:
            which, _ = check_state(lib, ident, sources, texts)
            current = json.loads(lib.run("show", ident).stdout)["photo"]["file"]
            orphan = os.path.join(lib.folder(ident), next(n for n in PHOTO_NAMES if n != current))
            shutil.copyfile(paths["A"], orphan)
            lib.run("show", ident)
            if not os.path.exists(orphan):
                raise AssertionError("a photo newer than the article was removed on load")
            old = time.time() - 120
            os.utime(orphan, (old, old))
            lib.run("show", ident)
            if os.path.exists(orphan):
                raise AssertionError("a two-minute-old unreferenced photo survived a load")
            shutil.copyfile(paths["B"], orphan)
            time.sleep(1.1)   # mtimes in whole seconds
            lib.run("photo", ident, "--caption", texts[which][0])   # saves the article
            lib.run("show", ident)
            if os.path.exists(orphan):
                raise AssertionError("an unreferenced photo older than the article survived a load")
            lib.run(*attach_args(ident, "A", paths, texts))
            which, orphans = check_state(lib, ident, sources, texts)
            names = sorted(n for n in os.listdir(lib.folder(ident)) if n.startswith("photo"))
            if which != "A" or len(names) != 1:
                raise AssertionError(f"after a finished attach: {which}, files {names}")
            lib.run("photo", ident, "--remove")
            doc = json.loads(lib.run("show", ident).stdout)
            names = [n for n in os.listdir(lib.folder(ident)) if n.startswith("photo")]
            if doc.get("photo") is not None or names:
                raise AssertionError(f"after --remove: {doc.get('photo')}, files {names}")
            print("ok 2 - the next attach removes what a killed one left; --remove works")
        except Exception:
            failed += 1
            ndtest.tap_failure("2 - cleanup after the kills")
    finally:
        shutil.rmtree(lib.home, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
