#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""No secret leaks: with all debug logging on, newsdesk-cli publishes to the real WordPress
(run under wordpress/wp-fixture.sh run) and to an HTTP push receiver, tests the accounts,
fails with a wrong password, and prints dry runs. Then every file under the private HOME
(data, config, cache, state, the library, the outbox, the keyring's folder) and everything
the commands printed is searched for the application passwords, the push token and the
base64 of "user:password": zero hits. The search is checked on a planted control file, so
the test can fail. Prints TAP."""

import base64
import http.server
import importlib.util
import os
import secrets
import shutil
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("wp_integration",
                                               os.path.join(HERE, "test-wp-integration.py"))
wpi = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wpi)
sys.path.insert(0, HERE)
import ndtest  # noqa: E402

WP_URL = os.environ.get("WP_URL")
WP_USER = os.environ.get("WP_USER")
WP_APP_PASSWORD = os.environ.get("WP_APP_PASSWORD")
WRONG_PASSWORD = "Wrong" + secrets.token_hex(10)
PUSH_TOKEN = "push-token-" + secrets.token_hex(12)

# Every debug switch Newsdesk and its libraries honour (libsoup 3 has no environment
# switch of its own: it logs only through a SoupLogger, which Newsdesk never installs).
DEBUG_ENV = {"G_MESSAGES_DEBUG": "all", "SOUP_DEBUG": "all", "G_DEBUG": "",
             "GNUTLS_DEBUG_LEVEL": "0", "LIBSECRET_DEBUG": "all"}


def secret_forms():
    """Each secret as it could appear: plain, and as HTTP Basic credentials."""
    forms = {}
    for name, user, password in (("application password", WP_USER, WP_APP_PASSWORD),
                                 ("wrong password", WP_USER, WRONG_PASSWORD)):
        forms[name] = password.encode()
        pair = base64.b64encode(f"{user}:{password}".encode())
        forms[f"base64 of {user}:<{name}>"] = pair
    forms["push token"] = PUSH_TOKEN.encode()
    return forms


def search_files(roots, forms):
    """(hits, number of files searched): hits are (path, secret name)."""
    hits, count = [], 0
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            for name in filenames:
                path = os.path.join(dirpath, name)
                if os.path.islink(path) or not os.path.isfile(path):
                    continue
                try:
                    with open(path, "rb") as f:
                        data = f.read()
                except OSError:
                    continue
                count += 1
                for what, needle in forms.items():
                    if needle in data:
                        hits.append((path, what))
    return hits, count


def search_text(text, forms):
    data = text.encode()
    return [what for what, needle in forms.items() if needle in data]


class Receiver:
    """A Superdesk-style HTTP push receiver on loopback: takes items and assets."""

    def __init__(self):
        receiver = self
        self.items = 0
        self.headers = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                receiver.headers.append(str(self.headers))
                if self.path.endswith("/items"):
                    receiver.items += 1
                body = b'{"_status":"OK"}'
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def run_all(e, keyring_home):
    forms = secret_forms()
    printed = []
    env = dict(e.env)
    # Everything Newsdesk could write goes under this one private HOME.
    env["HOME"] = e.home
    env["XDG_STATE_HOME"] = os.path.join(e.home, "state")
    env["TMPDIR"] = os.path.join(e.home, "tmp")
    os.makedirs(env["TMPDIR"])
    debug = dict(env, **DEBUG_ENV)

    def cli(*args, expect=0, input=None, with_debug=True):
        proc = e.run(*args, expect=expect, input=input, env=debug if with_debug else env)
        printed.append(f"$ newsdesk-cli {' '.join(args)}\n{proc.stdout}{proc.stderr}")
        return proc

    # WordPress: add, test, publish, update, dry run.
    cli("account", "add", "--name", "Local", "--url", WP_URL, "--user", WP_USER,
        "--password-stdin", input=WP_APP_PASSWORD + "\n")
    cli("account", "test", "Local")
    e.env = env
    article = wpi.new_complete(e, headline="Secrets stay secret")
    proc = cli("publish", article, "--account", "Local", "--status", "draft")
    wpi.contains(proc.stdout, WP_URL, "published post URL")
    # Debug logging really was on (the search below is not of a silent run).
    wpi.contains("".join(printed), "DEBUG", "debug output")
    cli("publish", article, "--account", "Local", "--status", "draft")
    dry = cli("publish", article, "--account", "Local", "--dry-run").stdout
    wpi.contains(dry, "Authorization: Basic ********", "dry run masks Authorization")
    cli("account", "list", "--json")

    # A wrong password: the test and the publish fail, and say so.
    cli("account", "add", "--name", "Wrong", "--url", WP_URL, "--user", WP_USER,
        "--password-stdin", input=WRONG_PASSWORD + "\n")
    proc = cli("account", "test", "Wrong", expect=1)
    wpi.contains(proc.stderr, "did not accept the user name", "wrong password test")
    proc = cli("publish", article, "--account", "Wrong", expect=None)
    if proc.returncode == 0:
        raise AssertionError("publishing with a wrong password succeeded")
    cli("publish", article, "--account", "Wrong", "--dry-run")

    # HTTP push with a secret token: signed requests, the token itself never sent.
    receiver = Receiver()
    try:
        cli("account", "add", "--kind", "http-push", "--name", "Push",
            "--url", receiver.base + "push/items", "--assets-url", receiver.base + "push/assets",
            "--token-stdin", input=PUSH_TOKEN + "\n")
        cli("publish", article, "--account", "Push")
        if receiver.items != 1:
            raise AssertionError(f"the receiver got {receiver.items} items")
        dry = cli("publish", article, "--account", "Push", "--dry-run").stdout
        for headers in receiver.headers:
            wpi.contains(headers.lower(), "x-superdesk-signature: sha1=", "signed request")
            if PUSH_TOKEN in headers:
                raise AssertionError("the push token itself was sent")
        if PUSH_TOKEN in dry:
            raise AssertionError("the push dry run printed the token")
    finally:
        receiver.stop()

    # The search works: it finds a planted copy (outside the searched folders).
    control_dir = tempfile.mkdtemp(prefix="newsdesk-secrets-control-")
    try:
        with open(os.path.join(control_dir, "planted"), "wb") as f:
            f.write(b"x" + forms["application password"] + b"y" + forms["push token"])
        planted, _ = search_files([control_dir], forms)
        found = {what for _, what in planted}
        if found != {"application password", "push token"}:
            raise AssertionError(f"the search does not work: found {found} in the control file")
        if search_text("z" + WP_APP_PASSWORD, forms) != ["application password"]:
            raise AssertionError("the text search does not work")
    finally:
        shutil.rmtree(control_dir)

    # The keyring keeps the secrets, encrypted: its files are searched too, and must be
    # gnome-keyring's encrypted format (a plain-text keyring would hold them verbatim).
    keyrings = os.path.join(keyring_home, "keyring-data", "keyrings")
    files = [os.path.join(keyrings, n) for n in os.listdir(keyrings) if n.endswith(".keyring")]
    if not files:
        raise AssertionError(f"no keyring file in {keyrings}")
    for path in files:
        with open(path, "rb") as f:
            if not f.read(16).startswith(b"GnomeKeyring\n\r\0\n"):
                raise AssertionError(f"{path} is not an encrypted gnome-keyring file")

    # Zero hits, in files and in what was printed.
    hits, count = search_files([e.home, keyring_home], forms)
    # Not a vacuous search: what Newsdesk writes is there (accounts, the article with
    # its remote ids and photo) along with the keyring's files.
    for expected in (os.path.join("config", "newsdesk", "accounts.json"),
                     os.path.join("data", "newsdesk", "articles", article, "article.json")):
        if not os.path.exists(os.path.join(e.home, expected)):
            raise AssertionError(f"{expected} was not written")
    if count < 5:
        raise AssertionError(f"only {count} files were searched")
    if hits:
        raise AssertionError("secrets found in files: " +
                             ", ".join(f"{what} in {path}" for path, what in hits))
    text_hits = [(block.splitlines()[0], what) for block in printed
                 for what in search_text(block, forms)]
    if text_hits:
        raise AssertionError(f"secrets printed: {text_hits}")
    for root in (e.home, keyring_home):
        for dirpath, _, names in os.walk(root):
            for n in names:
                print(f"#   {os.path.relpath(os.path.join(dirpath, n), root)}")
    print(f"# searched {count} files and {len(printed)} command outputs "
          f"({sum(len(b) for b in printed)} bytes): no secret")


def main():
    if ndtest.wp_fixture_missing():
        return 1
    keyring, home = ndtest.start_keyring("newsdesk-secrets-")
    if keyring is None:
        return 1
    print("1..1")
    status = 0
    e = ndtest.Env(keyring)
    try:
        run_all(e, home)
        print("ok 1 - no secret in any file or output")
    except Exception:
        status = 1
        ndtest.tap_failure("1 - no secret in any file or output")
    finally:
        e.cleanup()
        ndtest.stop_keyring(keyring, home)
    return status


if __name__ == "__main__":
    sys.exit(main())
