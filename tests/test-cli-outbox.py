#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""newsdesk-cli's offline outbox against a WordPress look-alike on loopback that can be
down (503 with Retry-After, 401) or not listening at all: "publish" queues and exits 4,
"outbox list" shows the job and why, "outbox retry" publishes it once the site is back
(one post, exit 0), "outbox cancel" removes it. Real newsdesk-cli, real (private) keyring.
Prints TAP."""

import http.server
import importlib.util
import json
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("wp_integration",
                                               os.path.join(HERE, "test-wp-integration.py"))
wpi = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wpi)
sys.path.insert(0, HERE)
import ndtest  # noqa: E402

PASSWORD = "abcd efgh ijkl mnop\n"
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


class FakeWordPress:
    """Just enough of the REST API for a publish without a photo: discovery, terms, the
    token lookups and posts. mode "ok", "503" (every API call, with Retry-After) or
    "401"; stop() closes the port, start() opens the same port again."""

    def __init__(self):
        self.mode = "ok"
        self.posts_created = 0
        self.posts = {}
        self.port = 0
        self.httpd = None
        self.start()

    def start(self):
        fake = self

        class Handler(ndtest.QuietHandler):
            def body(self):
                n = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(n) if n else b""
                try:
                    return json.loads(data or b"{}")
                except ValueError:
                    return {}

            def api_refused(self):
                if fake.mode == "503":
                    self.answer(503, '{"code":"maintenance","message":"Down for maintenance."}',
                                headers=[("Retry-After", "120")])
                    return True
                if fake.mode == "401" or not self.headers.get("Authorization"):
                    self.answer(401, '{"code":"incorrect_password","message":"The provided '
                                     'password is an invalid application password."}')
                    return True
                return False

            def post_json(self, pid):
                p = fake.posts[pid]
                return {"id": pid, "link": f"{fake.url}?p={pid}", "status": p["status"],
                        "modified_gmt": p["modified_gmt"], "featured_media": 0,
                        "title": {"raw": p["title"]}, "content": {"raw": p["content"]},
                        "categories": p["categories"], "tags": p["tags"]}

            def do_GET(self):
                path = self.path.split("?")[0]
                if path == "/":
                    self.answer(200, "", "text/html",
                                [("Link", f'<{fake.url}wp-json/>; rel="https://api.w.org/"')])
                elif path == "/wp-json/":
                    self.answer(200, '{"name":"Fake Desk","namespaces":["wp/v2"],'
                                     '"authentication":{"application-passwords":{}}}')
                elif self.api_refused():
                    pass
                elif path in ("/wp-json/wp/v2/posts", "/wp-json/wp/v2/media"):
                    self.answer(200, "[]")
                elif path.startswith("/wp-json/wp/v2/posts/"):
                    self.answer(200, self.post_json(int(path.rsplit("/", 1)[1])))
                elif path == "/wp-json/wp/v2/users/me":
                    self.answer(200, '{"id":1,"name":"Desk Editor","slug":"editor"}')
                else:
                    self.answer(404, '{"code":"rest_no_route","message":"No route."}')

            do_HEAD = do_GET

            def do_POST(self):
                path = self.path.split("?")[0]
                sent = self.body()
                if path.startswith("/wp-json/wp/v2/") and self.api_refused():
                    return
                if path in ("/wp-json/wp/v2/categories", "/wp-json/wp/v2/tags"):
                    self.answer(201, {"id": 10 if "categories" in path else 20})
                elif path == "/wp-json/wp/v2/posts" or path.startswith("/wp-json/wp/v2/posts/"):
                    if path == "/wp-json/wp/v2/posts":
                        fake.posts_created += 1
                        pid = 40 + fake.posts_created - 1
                        fake.posts[pid] = {}
                    else:
                        pid = int(path.rsplit("/", 1)[1])
                    fake.posts[pid].update(
                        title=sent.get("title", ""), content=sent.get("content", ""),
                        status=sent.get("status", "draft"), categories=sent.get("categories", []),
                        tags=sent.get("tags", []),
                        modified_gmt=time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()))
                    self.answer(201 if path == "/wp-json/wp/v2/posts" else 200, self.post_json(pid))
                else:
                    self.answer(404, '{"code":"rest_no_route","message":"No route."}')

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None


def setup(e, server):
    e.run("account", "add", "--kind", "wordpress", "--name", "Fake Desk", "--url", server.url,
          "--user", "editor", "--password-stdin", input=PASSWORD)
    ident = e.run("new", "--headline", "Outbox story", "--section", "News > Russia",
                  "--tag", "Russia").stdout.strip()
    assert len(ident) == 36, ident
    return ident


def outbox_dir(e):
    return os.path.join(e.home, "data", "newsdesk", "outbox")


def jobs(e):
    return json.loads(e.run("outbox", "list", "--json").stdout)


def contains(text, needle, what=""):
    if needle not in text:
        raise AssertionError(f"{what}: {needle!r} not in {text!r}")


@test
def publish_queues_when_down_then_retry_publishes(e):
    server = FakeWordPress()
    try:
        ident = setup(e, server)
        server.mode = "503"
        proc = e.run("publish", ident, "--account", "Fake Desk", "--status", "publish", expect=4)
        contains(proc.stderr, "HTTP 503", "the reason")
        contains(proc.stdout, "Queued “Outbox story” for Fake Desk", "what happened")
        contains(proc.stdout, "Next attempt", "when")
        listed = jobs(e)
        assert len(listed) == 1, listed
        job = listed[0]
        assert job["article_id"] == ident and job["state"] == "queued", job
        assert job["attempts"] == 1, job
        contains(job["last_error"], "Down for maintenance.", "the server's words")
        # Retry-After: 120 is honoured.
        due = time.mktime(time.strptime(job["next_attempt"], "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
        assert due >= time.time() + 100, (job["next_attempt"], time.time())

        text = e.run("outbox", "list").stdout
        contains(text, job["id"], "job id")
        contains(text, "queued", "state")
        contains(text, "Fake Desk", "account")
        contains(text, "Outbox story", "headline")
        contains(text, "HTTP 503", "reason")

        # Still down: still queued, exit 4.
        proc = e.run("outbox", "retry", expect=4)
        contains(proc.stdout, "Still queued", "retry while down")
        assert jobs(e)[0]["attempts"] == 2

        server.mode = "ok"
        proc = e.run("outbox", "retry")
        contains(proc.stdout, f"Published “Outbox story”: {server.url}?p=40", "retry result")
        assert server.posts_created == 1, server.posts_created
        assert server.posts[40]["status"] == "publish"
        contains(e.run("outbox", "list").stdout, "The outbox is empty.", "after")
        article = json.loads(e.run("show", ident).stdout)
        assert article["status"] == "published", article["status"]
        remote = list(article["remote"].values())[0]
        assert str(remote["id"]) == "40", remote

        # Publishing again updates the same post.
        e.run("publish", ident, "--account", "Fake Desk", "--status", "publish")
        assert server.posts_created == 1
    finally:
        server.stop()


@test
def refused_then_up(e):
    server = FakeWordPress()
    try:
        ident = setup(e, server)
        server.stop()
        proc = e.run("publish", ident, "--account", "Fake Desk", expect=4)
        contains(proc.stderr, "Could not reach", "the reason")
        job = jobs(e)[0]
        server.start()
        proc = e.run("outbox", "retry", job["id"][:8])
        contains(proc.stdout, "Published “Outbox story”", "retry result")
        assert server.posts_created == 1
        assert jobs(e) == []
    finally:
        server.stop()


@test
def cancel_removes_the_job(e):
    server = FakeWordPress()
    try:
        ident = setup(e, server)
        server.mode = "503"
        e.run("publish", ident, "--account", "Fake Desk", expect=4)
        job = jobs(e)[0]
        assert os.path.isdir(os.path.join(outbox_dir(e), job["id"]))
        proc = e.run("outbox", "cancel", job["id"])
        contains(proc.stdout, "Cancelled", "cancel")
        assert jobs(e) == []
        assert os.listdir(outbox_dir(e)) == [], os.listdir(outbox_dir(e))
        proc = e.run("outbox", "cancel", job["id"], expect=1)
        contains(proc.stderr, "no outbox job", "cancel again")
        e.run("show", ident)   # the article stays
        assert server.posts_created == 0
    finally:
        server.stop()


@test
def wrong_password_needs_attention(e):
    server = FakeWordPress()
    try:
        ident = setup(e, server)
        server.mode = "503"
        e.run("publish", ident, "--account", "Fake Desk", expect=4)
        server.mode = "401"
        proc = e.run("outbox", "retry", expect=1)
        contains(proc.stdout, "needs attention", "retry result")
        job = jobs(e)[0]
        assert job["state"] == "failed" and job["next_attempt"] is None, job
        contains(e.run("outbox", "list").stdout, "needs attention", "list")
        # Not retryable: a direct publish with 401 is not queued.
        e.run("outbox", "cancel", job["id"])
        proc = e.run("publish", ident, "--account", "Fake Desk", expect=1)
        assert jobs(e) == []
    finally:
        server.stop()


@test
def usage(e):
    e.run("outbox", expect=2)
    e.run("outbox", "bogus", expect=2)
    e.run("outbox", "cancel", expect=2)
    contains(e.run("outbox", "--help").stdout, "retry [JOB]", "help")
    contains(e.run("--help").stdout, "outbox", "command list")
    contains(e.run("outbox", "list").stdout, "The outbox is empty.", "empty")
    contains(e.run("outbox", "retry").stdout, "The outbox is empty.", "empty retry")


def main():
    return ndtest.run_with_keyring(TESTS, "newsdesk-cli-outbox-")


if __name__ == "__main__":
    sys.exit(main())
