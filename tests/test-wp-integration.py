#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Accounts against a real WordPress 6.1: run under wordpress/wp-fixture.sh run, which
exports WP_URL, WP_USER and WP_APP_PASSWORD. Uses the real newsdesk-cli and a real
Secret Service (gnome-keyring on a private session bus started here). Prints TAP."""

import base64
import hashlib
import html
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ndtest import (CLI, WP_APP_PASSWORD, WP_URL, WP_USER, Env, Keyring,  # noqa: E402,F401
                    contains, start_keyring, stop_keyring, run_tests, wp_fixture_missing)

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def one_line(stderr):
    lines = [l for l in stderr.splitlines() if l.strip()]
    if len(lines) != 1:
        raise AssertionError(f"expected one line on stderr, got {stderr!r}")
    return lines[0]


KEYRING = None


@test
def account_add_and_test(e):
    e.run("account", "add", "--kind", "wordpress", "--name", "Local WP", "--url", WP_URL,
          "--user", WP_USER, "--password-stdin", input=WP_APP_PASSWORD + "\n")

    # The password is in the keyring, under the account's id, and never in the file.
    with open(e.accounts) as f:
        data = f.read()
    if WP_APP_PASSWORD in data:
        raise AssertionError("the application password is in accounts.json")
    if stat.S_IMODE(os.stat(e.accounts).st_mode) != 0o600:
        raise AssertionError("accounts.json is not 0600")
    account_id = e.account_ids()["Local WP"]
    if KEYRING.lookup(account_id) != WP_APP_PASSWORD:
        raise AssertionError("the keyring does not hold the password for the account id")

    listed = e.run("account", "list").stdout
    contains(listed, "Local WP", "account list")
    contains(listed, WP_URL, "account list")

    out = e.run("account", "test", "Local WP").stdout
    contains(out, f"API found at {WP_URL}/wp-json/", "account test")
    contains(out, "Application passwords are available", "account test")
    contains(out, f"Logged in as {WP_USER}", "account test")

    # Remove takes the secret with it.
    e.run("account", "remove", "Local WP")
    if KEYRING.lookup(account_id) is not None:
        raise AssertionError("the password is still in the keyring after account remove")
    if "Local WP" in e.run("account", "list").stdout:
        raise AssertionError("account list still shows the removed account")


@test
def wrong_password(e):
    e.run("account", "add", "--name", "Wrong", "--url", WP_URL, "--user", WP_USER,
          "--password-stdin", input="abcd efgh ijkl mnop qrst uvwx\n")
    proc = e.run("account", "test", "Wrong", expect=1)
    line = one_line(proc.stderr)
    contains(line, f"did not accept the user name “{WP_USER}”", "wrong password")
    contains(line, "application password", "wrong password")
    # The steps before the login did succeed and were reported.
    contains(proc.stdout, "API found at", "wrong password")


class ProxyTrap:
    """A listening socket posing as the http proxy: anything that tries to reach
    example.invalid over plain http arrives here."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.hits = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.hits.append(conn.recv(200))
            conn.close()

    def url(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"


@test
def plain_http_refused(e):
    trap = ProxyTrap()
    env = dict(e.env)
    env["http_proxy"] = trap.url()
    env.pop("no_proxy", None)

    proc = e.run("account", "add", "--name", "Far", "--url", "http://example.invalid/",
                 "--user", WP_USER, "--password-stdin", input="secret\n", expect=1, env=env)
    line = one_line(proc.stderr)
    contains(line, "plain http", "refused add")
    contains(line, "unencrypted", "refused add")
    if os.path.exists(e.accounts) and "Far" in e.account_ids():
        raise AssertionError("the refused account was saved")

    # An account that allows it is accepted; then switched back off by hand in the file:
    # "account test" must refuse without connecting anywhere.
    e.run("account", "add", "--name", "Far", "--url", "http://example.invalid/", "--user",
          WP_USER, "--password-stdin", "--allow-insecure-http", input="secret\n", env=env)
    with open(e.accounts) as f:
        doc = json.load(f)
    next(a for a in doc["accounts"] if a["name"] == "Far")["allow_insecure_http"] = False
    with open(e.accounts, "w") as f:
        json.dump(doc, f)
    proc = e.run("account", "test", "Far", expect=1, env=env)
    contains(one_line(proc.stderr), "plain http", "refused test")
    time.sleep(0.2)
    if trap.hits:
        raise AssertionError(f"a connection was made: {trap.hits!r}")

    # Control: with the permission, the same command does try (and reaches the trap), so
    # the assertion above can fail.
    next(a for a in doc["accounts"] if a["name"] == "Far")["allow_insecure_http"] = True
    with open(e.accounts, "w") as f:
        json.dump(doc, f)
    e.run("account", "test", "Far", expect=1, env=env)
    time.sleep(0.2)
    if not trap.hits:
        raise AssertionError("the control request never reached the proxy trap")


# ---- publishing -------------------------------------------------------------------------

def rest(method, route, body=None, query=""):
    """The WordPress REST API as the test's own client (not Newsdesk's)."""
    url = f"{WP_URL}/wp-json{route}" + (f"?{query}" if query else "")
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    token = base64.b64encode(f"{WP_USER}:{WP_APP_PASSWORD}".encode()).decode()
    req.add_header("Authorization", f"Basic {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    handler = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with handler.open(req, timeout=60) as resp:
        return json.load(resp)


def add_local_account(e, name="Local"):
    e.run("account", "add", "--name", name, "--url", WP_URL, "--user", WP_USER,
          "--password-stdin", input=WP_APP_PASSWORD + "\n")


def make_jpeg(e, name, color):
    path = os.path.join(e.home, name)
    subprocess.run(["convert", "-size", "320x200", f"xc:{color}", path], check=True)
    return path


def new_complete(e, headline="Russia Commits To Fruitful Partnership With Latam - Lavrov"):
    body = os.path.join(e.home, "body.html")
    with open(body, "w") as f:
        f.write("<p>Lavrov said <strong>Latin America</strong> is a partner.</p>"
                "<p>Segundo párrafo con acentos 🎉</p>")
    photo = make_jpeg(e, "lead.jpg", "#a51d2d")
    return e.run("new", "--headline", headline,
                 "--standfirst", "Lavrov ‘welcomed’ the new ties",
                 "--byline", "María José Faría", "--dateline", "Moscow",
                 "--section", "News > Russia", "--tag", "Russia", "--tag", "Sanctions & Trade",
                 "--body-file", body, "--photo", photo, "--caption", "Lavrov in Moscow",
                 "--credit", "Twitter/@LaVigesima", "--alt", "Sergei Lavrov at a lectern",
                 "--related", "Earlier story|https://example.org/earlier").stdout.strip()


def remote_of(e, article_id):
    doc = json.loads(e.run("show", article_id).stdout)
    remotes = list(doc["remote"].values())
    eq(len(remotes), 1, "remote entries")
    return remotes[0]


def article_path(e, article_id, name="article.json"):
    return os.path.join(e.home, "data", "newsdesk", "articles", article_id, name)


def eq(a, b, what=""):
    if a != b:
        raise AssertionError(f"{what}: {a!r} != {b!r}")


def media_count():
    return len(rest("GET", "/wp/v2/media", query="per_page=100&context=edit"))


@test
def publish_complete_article(e):
    add_local_account(e)
    article_id = new_complete(e)
    media_before = media_count()
    proc = e.run("publish", article_id, "--account", "Local", "--status", "publish")
    url = proc.stdout.strip()
    contains(url, WP_URL, "printed URL")
    contains(proc.stderr, "Uploading the photo", "progress")

    remote = remote_of(e, article_id)
    post = rest("GET", f"/wp/v2/posts/{remote['id']}", query="context=edit")
    eq(post["link"], url, "link")
    eq(post["title"]["raw"], "Russia Commits To Fruitful Partnership With Latam - Lavrov", "title")
    eq(post["excerpt"]["raw"], "Lavrov ‘welcomed’ the new ties", "excerpt")
    eq(post["status"], "publish", "status")
    content = post["content"]["raw"]
    for needle in ("María José Faría", "Moscow",
                   "<p>Lavrov said <strong>Latin America</strong> is a partner.</p>",
                   "Segundo párrafo con acentos 🎉",
                   '<a href="https://example.org/earlier">Earlier story</a>',
                   f"<!-- newsdesk:{article_id} -->"):
        contains(content, needle, "content")

    # The category hierarchy News > Russia.
    eq(len(post["categories"]), 1, "categories")
    russia = rest("GET", f"/wp/v2/categories/{post['categories'][0]}")
    eq(russia["name"], "Russia", "leaf category")
    news = rest("GET", f"/wp/v2/categories/{russia['parent']}")
    eq(news["name"], "News", "parent category")
    eq(news["parent"], 0, "top category")

    tags = sorted(html.unescape(rest("GET", f"/wp/v2/tags/{t}")["name"]) for t in post["tags"])
    eq(tags, ["Russia", "Sanctions & Trade"], "tags")

    media = rest("GET", f"/wp/v2/media/{post['featured_media']}", query="context=edit")
    eq(media["caption"]["raw"], "Lavrov in Moscow | Photo: Twitter/@LaVigesima", "caption")
    eq(media["alt_text"], "Sergei Lavrov at a lectern", "alt text")
    eq(media_count(), media_before + 1, "media items")
    eq(remote["media_id"], str(post["featured_media"]), "recorded media id")
    eq(remote["modified"], post["modified_gmt"], "recorded modified")

    # An update: same post, no new media while the photo is unchanged.
    path = article_path(e, article_id)
    with open(path) as f:
        doc = json.load(f)
    doc["headline"] = "Lavrov: a fruitful partnership with Latin America"
    with open(path, "w") as f:
        json.dump(doc, f)
    url2 = e.run("publish", article_id, "--account", "Local", "--status", "publish").stdout.strip()
    eq(remote_of(e, article_id)["id"], remote["id"], "post id after update")
    post = rest("GET", f"/wp/v2/posts/{remote['id']}", query="context=edit")
    eq(post["title"]["raw"], "Lavrov: a fruitful partnership with Latin America", "updated title")
    eq(media_count(), media_before + 1, "media items after an update")
    eq(post["link"], url2, "link after update")

    # A changed photo is uploaded again and becomes the featured image.
    new_photo = make_jpeg(e, "other.jpg", "#1c71d8")
    photo_file = os.path.join(os.path.dirname(path), doc["photo"]["file"])
    shutil.copyfile(new_photo, photo_file)
    with open(path) as f:
        doc = json.load(f)
    with open(photo_file, "rb") as f:
        doc["photo"]["sha256"] = hashlib.sha256(f.read()).hexdigest()
    with open(path, "w") as f:
        json.dump(doc, f)
    e.run("publish", article_id, "--account", "Local", "--status", "publish")
    post = rest("GET", f"/wp/v2/posts/{remote['id']}", query="context=edit")
    eq(media_count(), media_before + 2, "media items after a photo change")
    if post["featured_media"] == int(remote["media_id"]):
        raise AssertionError("the featured image is still the old photo")
    eq(remote_of(e, article_id)["media_id"], str(post["featured_media"]), "recorded new media")


@test
def conflict_is_reported(e):
    add_local_account(e)
    article_id = new_complete(e, headline="Conflict test")
    e.run("publish", article_id, "--account", "Local")
    post_id = remote_of(e, article_id)["id"]
    time.sleep(1.1)   # modified_gmt has one-second resolution
    rest("POST", f"/wp/v2/posts/{post_id}", {"title": "Changed behind Newsdesk's back"})

    proc = e.run("publish", article_id, "--account", "Local", expect=3)
    line = one_line(proc.stderr.split("\n")[-2] + "\n")
    contains(line, "changed the post on the site", "conflict message")
    contains(line, "--force", "conflict message")
    eq(rest("GET", f"/wp/v2/posts/{post_id}", query="context=edit")["title"]["raw"],
       "Changed behind Newsdesk's back", "server copy intact")

    e.run("publish", article_id, "--account", "Local", "--force")
    eq(rest("GET", f"/wp/v2/posts/{post_id}", query="context=edit")["title"]["raw"],
       "Conflict test", "after --force")
    eq(remote_of(e, article_id)["id"], post_id, "same post after --force")


@test
def scheduled_post(e):
    add_local_account(e)
    article_id = new_complete(e, headline="Scheduled story")
    e.run("publish", article_id, "--account", "Local", "--status", "future",
          "--at", "2031-01-01T10:00:00+01:00")
    post = rest("GET", f"/wp/v2/posts/{remote_of(e, article_id)['id']}", query="context=edit")
    eq(post["status"], "future", "status")
    eq(post["date_gmt"], "2031-01-01T09:00:00", "date_gmt")
    eq(json.loads(e.run("show", article_id).stdout)["status"], "scheduled", "article status")


@test
def no_duplicates_when_ids_were_lost(e):
    add_local_account(e)
    article_id = new_complete(e, headline="Lost answers story")
    media_before = media_count()
    e.run("publish", article_id, "--account", "Local")
    first = remote_of(e, article_id)
    # As if the server's answers had never arrived: the library knows nothing.
    path = article_path(e, article_id)
    with open(path) as f:
        doc = json.load(f)
    doc["remote"] = {}
    with open(path, "w") as f:
        json.dump(doc, f)
    e.run("publish", article_id, "--account", "Local")
    again = remote_of(e, article_id)
    eq(again["id"], first["id"], "post id")
    eq(again["media_id"], first["media_id"], "media id")
    eq(media_count(), media_before + 1, "media items")
    found = rest("GET", "/wp/v2/posts",
                 query=f"search={article_id}&status=draft,publish,future&context=edit")
    eq(len(found), 1, "posts with the article's token")


@test
def dry_run_sends_nothing(e):
    add_local_account(e)
    article_id = new_complete(e, headline="Dry run story")
    before = len(rest("GET", "/wp/v2/posts", query="per_page=100&status=draft,publish,future"
                                                   "&context=edit"))
    out = e.run("publish", article_id, "--account", "Local", "--dry-run").stdout
    contains(out, "POST /wp/v2/posts", "dry run")
    contains(out, "Authorization: Basic ********", "dry run")
    contains(out, '"title" : "Dry run story"', "dry run")
    if WP_APP_PASSWORD in out:
        raise AssertionError("the dry run printed the password")
    after = len(rest("GET", "/wp/v2/posts", query="per_page=100&status=draft,publish,future"
                                                  "&context=edit"))
    eq(after, before, "posts after a dry run")
    eq(json.loads(e.run("show", article_id).stdout)["remote"], {}, "remote after a dry run")


def main():
    global KEYRING
    if wp_fixture_missing():
        return 1
    KEYRING, home = start_keyring("newsdesk-wp-keyring-")
    if KEYRING is None:
        return 1
    try:
        return run_tests(TESTS, KEYRING)
    finally:
        stop_keyring(KEYRING, home)


if __name__ == "__main__":
    sys.exit(main())
