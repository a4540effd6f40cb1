#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Crash safety of publishing to a real WordPress 6.1: "newsdesk-cli publish" is killed with
SIGKILL at random moments, spread over its phases (connecting, checking the post, finding
the section and tags, uploading the photo, setting its texts, creating or updating the
post), then run again until it succeeds. Afterwards the library must load with no temp
files, and the site, asked through its own REST API (context=edit, every status), must hold
exactly one post carrying the article's token, exactly one media item for each version of
its photo, and the article must record that post and that media item.

Rounds alternate between fresh articles and one article published again and again (with a
new headline, and now and then a new photo).

Run under tests/wordpress/wp-fixture.sh run STATE -- python3 test-crash-publish.py.
ND_KILL_ROUNDS sets the number of kills (default 8; the full run uses 50 or more).
Prints TAP."""

import hashlib
import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("wpint", os.path.join(HERE, "test-wp-integration.py"))
wpint = importlib.util.module_from_spec(spec)
spec.loader.exec_module(wpint)
sys.path.insert(0, HERE)
import ndtest  # noqa: E402

CLI = wpint.CLI
ROUNDS = int(os.environ.get("ND_KILL_ROUNDS", "8"))
PHASES = ["Connecting to the site", "Checking the post on the site", "Finding the section",
          "Finding the tags", "Uploading the photo", "Setting the photo’s caption and alt text",
          "Creating the post", "Updating the post"]
STATUSES = ("draft", "pending", "future", "publish", "private")


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def media_token(article_id, photo_sha):
    """The token Newsdesk puts in the uploaded file's name (nd-wordpress-publisher.c)."""
    return hashlib.sha256(f"{article_id}:{photo_sha}".encode()).hexdigest()[:8]


class Publisher:
    """Runs newsdesk-cli publish, killing it at a moment chosen at random."""

    def __init__(self, e, rng):
        self.e = e
        self.rng = rng
        self.phase_hits = {p: 0 for p in PHASES}
        self.phase_hits["at start"] = 0

    def publish_killed(self, article_id, status, first):
        # The phases this publish goes through: a first one creates, later ones check and
        # update.
        skip = ("Checking the post on the site", "Updating the post") if first \
            else ("Creating the post",)
        target = self.rng.choice([p for p in PHASES if p not in skip] + ["at start"])
        proc = subprocess.Popen([CLI, "publish", article_id, "--account", "Local",
                                 "--status", status], env=self.e.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        seen = threading.Event()
        lines = []

        def read():
            for line in proc.stderr:
                lines.append(line.rstrip("\n"))
                if target != "at start" and line.startswith(target):
                    seen.set()
            seen.set()   # ended without reaching the target
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        if target == "at start":
            time.sleep(self.rng.uniform(0, 0.15))
            hit = True
        else:
            seen.wait(timeout=60)
            hit = any(line.startswith(target) for line in lines)
            if hit:
                # Most requests take a few milliseconds here: short delays land inside
                # the request just announced, long ones in the phases after it.
                time.sleep(self.rng.choice((0.005, 0.03, 0.2)) * self.rng.random())
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=10)
        proc.stdout.close()
        killed = proc.returncode == -signal.SIGKILL
        if killed and hit:
            self.phase_hits[target] += 1
        if not killed and proc.returncode != 0:
            raise AssertionError(f"publish (not killed) exited {proc.returncode}: {lines}")
        return killed, lines

    def publish_until_done(self, article_id, status):
        for attempt in range(3):
            proc = self.e.run("publish", article_id, "--account", "Local", "--status", status,
                              expect=None)
            if proc.returncode == 0:
                return proc.stdout.strip()
            last = proc
        raise AssertionError(f"publishing again after the kill failed 3 times, exit "
                             f"{last.returncode}: {last.stderr}")


def library_clean(e):
    library = os.path.join(e.home, "data", "newsdesk")
    e.run("list")
    temps = []
    for root, dirs, files in os.walk(library):
        temps += [os.path.join(root, n) for n in files + dirs if n.startswith(".nd-tmp-")]
    if temps:
        raise AssertionError(f"temp files left behind: {temps}")
    q = os.path.join(library, "quarantine")
    if os.path.isdir(q) and os.listdir(q):
        raise AssertionError(f"quarantined: {os.listdir(q)}")


def posts_with_token(article_id):
    token = f"<!-- newsdesk:{article_id} -->"
    found = wpint.rest("GET", "/wp/v2/posts",
                       query=f"search={article_id}&status={','.join(STATUSES)}"
                             "&per_page=100&context=edit")
    return [p for p in found if token in p["content"]["raw"]]


def all_media():
    out, page = [], 1
    while True:
        batch = wpint.rest("GET", "/wp/v2/media",
                           query=f"per_page=100&page={page}&context=edit")
        out += batch
        if len(batch) < 100:
            return out
        page += 1


def check_server(e, article_id, published_shas):
    """One post with the token, recorded in the article; one media item per photo version
    published, the current one recorded and featured."""
    doc = json.loads(e.run("show", article_id).stdout)
    remotes = list(doc["remote"].values())
    wpint.eq(len(remotes), 1, "remote entries")
    remote = remotes[0]
    posts = posts_with_token(article_id)
    if len(posts) != 1:
        raise AssertionError(f"{len(posts)} posts carry the token of {article_id}: "
                             f"{[p['id'] for p in posts]}")
    wpint.eq(remote["id"], str(posts[0]["id"]), "recorded post id")
    media = all_media()
    for sha in published_shas:
        token = media_token(article_id, sha)
        mine = [m for m in media if token in m["slug"] or token in m["source_url"]]
        if len(mine) != 1:
            raise AssertionError(f"{len(mine)} media items for photo {sha[:12]} of "
                                 f"{article_id}: {[m['id'] for m in mine]}")
    current = media_token(article_id, doc["photo"]["sha256"])
    featured = [m for m in media if current in m["slug"] or current in m["source_url"]][0]
    wpint.eq(remote["media_id"], str(featured["id"]), "recorded media id")
    wpint.eq(posts[0]["featured_media"], featured["id"], "featured media")
    wpint.eq(posts[0]["title"]["raw"], doc["headline"], "title on the site")


def set_headline(e, article_id, headline):
    path = wpint.article_path(e, article_id)
    with open(path) as f:
        doc = json.load(f)
    doc["headline"] = headline
    with open(path, "w") as f:
        json.dump(doc, f)


def make_photo(e, name, rng):
    path = os.path.join(e.home, name)
    # Big enough that WordPress takes a moment to make its thumbnails.
    subprocess.run(["convert", "-size", "1600x1000", "plasma:", "-quality", "92", path],
                   check=True)
    return path


def run_rounds(e, rng, rounds, same_article):
    pub = Publisher(e, rng)
    killed_total = 0
    fresh_ids = []
    ident = None
    shas = {}
    for n in range(rounds):
        status = rng.choice(["draft", "publish"])
        if same_article:
            if ident is None:
                ident = wpint.new_complete(e, headline="Same story, published again")
                shas[ident] = set()
            else:
                set_headline(e, ident, f"Same story, version {n}")
                if rng.random() < 0.4:
                    e.run("photo", ident, make_photo(e, f"p{n}.jpg", rng), "--no-metadata")
            article_id = ident
        else:
            article_id = wpint.new_complete(e, headline=f"Fresh story {n}")
            shas[article_id] = set()
            fresh_ids.append(article_id)
        sha = json.loads(e.run("show", article_id).stdout)["photo"]["sha256"]
        killed, lines = pub.publish_killed(article_id, status,
                                           first=not same_article or n == 0)
        killed_total += killed
        library_clean(e)
        # The library still loads; the article is whole.
        doc = json.loads(e.run("show", article_id).stdout)
        wpint.eq(doc["photo"]["sha256"], sha, "photo after the kill")
        pub.publish_until_done(article_id, status)
        shas[article_id].add(sha)
        library_clean(e)
        try:
            check_server(e, article_id, shas[article_id])
        except AssertionError as exc:
            raise AssertionError(f"round {n} (killed {'during ' + lines[-1] if lines else 'at start'}"
                                 f"): {exc}") from None
    # Every article of this run once more, now that all rounds are over.
    for article_id, versions in shas.items():
        check_server(e, article_id, versions)
    hits = ", ".join(f"{k}: {v}" for k, v in pub.phase_hits.items())
    print(f"# {'same article' if same_article else 'fresh articles'}: {rounds} rounds, "
          f"{killed_total} killed mid-way; kills by phase: {hits}")
    if killed_total == 0:
        raise AssertionError("no publish was killed mid-way: the test proved nothing")


def main():
    if ndtest.wp_fixture_missing():
        return 1
    wpint.KEYRING, home = ndtest.start_keyring("newsdesk-crash-publish-keyring-")
    if wpint.KEYRING is None:
        return 1
    seed = int(os.environ.get("ND_KILL_SEED", str(random.randrange(1 << 30))))
    print("1..2")
    print(f"# ND_KILL_ROUNDS={ROUNDS} ND_KILL_SEED={seed}")
    failed = 0
    try:
        for n, (name, same) in enumerate((("fresh articles", False), ("same article", True)), 1):
            e = ndtest.Env(wpint.KEYRING)
            rng = random.Random(seed + n)
            try:
                wpint.add_local_account(e)
                t0 = time.monotonic()
                run_rounds(e, rng, max(1, (ROUNDS + 1) // 2), same)
                print(f"ok {n} - kill -9 during publish, {name}: one post and one media item "
                      f"per photo on the site, recorded in the article "
                      f"({time.monotonic() - t0:.1f} s)")
            except Exception:
                failed += 1
                ndtest.tap_failure(f"{n} - kill -9 during publish, {name}")
            finally:
                e.cleanup()
            sys.stdout.flush()
    finally:
        ndtest.stop_keyring(wpint.KEYRING, home)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
