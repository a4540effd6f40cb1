# SPDX-License-Identifier: GPL-3.0-or-later
"""What the Python tests share: a private session bus with gnome-keyring on it, a private
HOME/XDG set-up for newsdesk-cli, and TAP output. Import it with the tests directory on
sys.path."""

import ctypes
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

CLI = os.environ.get("NEWSDESK_CLI", "newsdesk-cli")
WP_URL = os.environ.get("WP_URL")
WP_USER = os.environ.get("WP_USER")
WP_APP_PASSWORD = os.environ.get("WP_APP_PASSWORD")


def die_with_parent():
    # PR_SET_PDEATHSIG: the daemons go away even if this script is killed.
    try:
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)
    except OSError:
        pass


class Keyring:
    """A private session bus with gnome-keyring-daemon on it, so the test never touches the
    keyring of whoever runs it, nor shares one with tests running in parallel."""

    def __init__(self, home):
        self.env = dict(os.environ)
        run = os.path.join(home, "run")
        os.makedirs(run, mode=0o700)
        self.env.update(HOME=home, XDG_RUNTIME_DIR=run,
                        XDG_DATA_HOME=os.path.join(home, "keyring-data"))
        for prog in ("dbus-daemon", "gnome-keyring-daemon", "dbus-send", "secret-tool"):
            if shutil.which(prog) is None:
                raise RuntimeError(f"{prog} is not installed (build-aux/install-deps.sh --tests)")
        self.bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                    env=self.env, text=True, preexec_fn=die_with_parent)
        self.address = self.bus.stdout.readline().strip()
        if not self.address:
            raise RuntimeError("dbus-daemon printed no address")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.address
        self.keyring = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=self.env, preexec_fn=die_with_parent)
        self.keyring.stdin.write(b"test")
        self.keyring.stdin.close()
        deadline = time.monotonic() + 15
        while not self.has_secrets():
            if time.monotonic() > deadline:
                raise RuntimeError("gnome-keyring-daemon did not register org.freedesktop.secrets")
            time.sleep(0.05)

    def has_secrets(self):
        out = subprocess.run(["dbus-send", "--session", "--print-reply",
                              "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                              "org.freedesktop.DBus.NameHasOwner",
                              "string:org.freedesktop.secrets"],
                             env=self.env, capture_output=True, text=True)
        return "boolean true" in out.stdout

    def lookup(self, account_id):
        out = subprocess.run(["secret-tool", "lookup", "account-id", account_id],
                             env=self.env, capture_output=True, text=True)
        return out.stdout if out.returncode == 0 else None

    def stop(self):
        for proc in (self.keyring, self.bus):
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class Env:
    def __init__(self, keyring):
        self.home = tempfile.mkdtemp(prefix="newsdesk-wp-test-")
        self.env = dict(keyring.env)
        for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                         ("XDG_CACHE_HOME", "cache")):
            path = os.path.join(self.home, sub)
            os.makedirs(path)
            self.env[var] = path
        self.env.pop("NEWSDESK_LIBRARY", None)
        self.env["LANGUAGE"] = "C"
        self.env["LC_ALL"] = "C.UTF-8"
        self.env["no_proxy"] = "127.0.0.1,localhost"
        for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
            self.env.pop(var, None)
        self.accounts = os.path.join(self.home, "config", "newsdesk", "accounts.json")

    def run(self, *args, input=None, expect=0, env=None):
        proc = subprocess.run([CLI, *args], env=env or self.env, input=input,
                              capture_output=True, text=True, timeout=120)
        if expect is not None and proc.returncode != expect:
            raise AssertionError(f"newsdesk-cli {' '.join(args)} exited {proc.returncode}, "
                                 f"expected {expect}\nstdout: {proc.stdout}\nstderr: {proc.stderr}")
        return proc

    def account_ids(self):
        with open(self.accounts) as f:
            return {a["name"]: a["id"] for a in json.load(f)["accounts"]}

    def cleanup(self):
        shutil.rmtree(self.home, ignore_errors=True)


def contains(text, needle, what=""):
    if needle not in text:
        raise AssertionError(f"{what}: {needle!r} not in {text!r}")


class QuietHandler(http.server.BaseHTTPRequestHandler):
    """A request handler for fake servers: logs nothing; answer() sends a body (a str, or
    anything else as JSON) with its headers."""

    def log_message(self, *args):
        pass

    def answer(self, status, body, ctype="application/json", headers=()):
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def tap_failure(title):
    """Prints "not ok TITLE" and the current exception as TAP comments."""
    print(f"not ok {title}")
    for line in traceback.format_exc().splitlines():
        print(f"# {line}")


def wp_fixture_missing():
    """True (after a bail-out line) unless run under tests/wordpress/wp-fixture.sh."""
    if WP_URL and WP_USER and WP_APP_PASSWORD:
        return False
    print("Bail out! WP_URL, WP_USER, WP_APP_PASSWORD are not set: run under "
          "tests/wordpress/wp-fixture.sh run STATE_DIR -- …")
    return True


def start_keyring(prefix):
    """A private keyring in a new temporary HOME: (keyring, home), or (None, None) after a
    bail-out line (no skipping: without a keyring nothing can be checked)."""
    home = tempfile.mkdtemp(prefix=prefix)
    try:
        return Keyring(home), home
    except Exception as exc:
        print(f"Bail out! No Secret Service for the tests: {exc}")
        shutil.rmtree(home, ignore_errors=True)
        return None, None


def stop_keyring(keyring, home):
    keyring.stop()
    shutil.rmtree(home, ignore_errors=True)


def run_tests(tests, keyring):
    """Runs each fn(env) in a fresh Env on the keyring, printing TAP; 1 if any failed."""
    print(f"1..{len(tests)}")
    failed = 0
    for n, fn in enumerate(tests, 1):
        e = Env(keyring)
        try:
            fn(e)
            print(f"ok {n} - {fn.__name__}")
        except Exception:
            failed += 1
            tap_failure(f"{n} - {fn.__name__}")
        finally:
            e.cleanup()
        sys.stdout.flush()
    return 1 if failed else 0


def run_with_keyring(tests, prefix):
    """main() of a test file whose tests need nothing but a private keyring."""
    keyring, home = start_keyring(prefix)
    if keyring is None:
        return 1
    try:
        return run_tests(tests, keyring)
    finally:
        stop_keyring(keyring, home)
