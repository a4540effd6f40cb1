#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""newsdesk-cli against a WordPress look-alike over https with a self-signed certificate:
"account test" shows what is wrong with the certificate and how to trust it; "account trust"
pins it for that account only (--fingerprint required without a terminal); "account
untrust" forgets it. Real newsdesk-cli, real (private) keyring. Prints TAP."""

import hashlib
import http.server
import importlib.util
import json
import os
import re
import ssl
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("wp_integration",
                                               os.path.join(HERE, "test-wp-integration.py"))
wpi = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wpi)
sys.path.insert(0, HERE)
import ndtest  # noqa: E402

CERT_A = os.path.join(HERE, "data", "tls", "self-signed-a.pem")
CERT_B = os.path.join(HERE, "data", "tls", "self-signed-b.pem")
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def fingerprint(path):
    with open(path) as f:
        pem = f.read()
    cert = pem[pem.index("-----BEGIN CERTIFICATE-----"):pem.index("-----END CERTIFICATE-----") + 25]
    digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(cert)).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, 64, 2))


FP_A = fingerprint(CERT_A)
FP_B = fingerprint(CERT_B)


class FakeWordPress:
    """Discovery, the API index with application passwords, users/me: enough for
    "account test". Counts the requests that got through the TLS handshake."""

    def __init__(self, certfile):
        fake = self
        self.requests = 0

        class Handler(ndtest.QuietHandler):
            def do_GET(self):
                fake.requests += 1
                if self.path == "/":
                    self.answer(200, "", "text/html",
                                [("Link", f'<{fake.url}wp-json/>; rel="https://api.w.org/"')])
                elif self.path.startswith("/wp-json/wp/v2/users/me"):
                    if self.headers.get("Authorization"):
                        self.answer(200, '{"id":1,"name":"Desk Editor","slug":"editor"}')
                    else:
                        self.answer(401, '{"code":"rest_not_logged_in","message":"No."}')
                elif self.path == "/wp-json/":
                    self.answer(200, '{"name":"Self-signed Desk","namespaces":["wp/v2"],'
                                     '"authentication":{"application-passwords":{}}}')
                else:
                    self.answer(404, '{"code":"rest_no_route"}')

            do_HEAD = do_GET

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.httpd.handle_error = lambda request, address: None  # refused handshakes
        self.url = f"https://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def accounts(e):
    with open(e.accounts) as f:
        return {a["name"]: a for a in json.load(f)["accounts"]}


def add(e, name, url):
    e.run("account", "add", "--kind", "wordpress", "--name", name, "--url", url,
          "--user", "editor", "--password-stdin", input="abcd efgh ijkl mnop\n")


@test
def test_shows_certificate_and_how_to_trust(e):
    server = FakeWordPress(CERT_A)
    try:
        add(e, "Self Signed", server.url)
        proc = e.run("account", "test", "Self Signed", expect=1)
        first = proc.stderr.splitlines()[0]
        wpi.contains(first, "cannot be trusted: it is not signed by an authority", "first line")
        wpi.contains(first, FP_A, "first line")
        for needle in ("Problem: it is not signed by an authority this computer knows",
                       "Issued to: O=Newsdesk Tests,CN=Test Site A",
                       "Issued by: O=Newsdesk Tests,CN=Test Site A",
                       "Valid from: ", "Valid until: 2126-",
                       f"SHA-256 fingerprint: {FP_A}",
                       f"newsdesk-cli account trust 'Self Signed' --fingerprint {FP_A}"):
            wpi.contains(proc.stderr, needle, "account test")
        wpi.eq(server.requests, 0, "requests that got through")
        assert "pinned_certificate" not in accounts(e)["Self Signed"]
    finally:
        server.stop()


@test
def test_trust_needs_matching_fingerprint(e):
    server = FakeWordPress(CERT_A)
    try:
        add(e, "Desk", server.url)
        # No terminal and no --fingerprint: shown, not trusted.
        proc = e.run("account", "trust", "Desk", input="yes\n", expect=1)
        wpi.contains(proc.stdout, f"SHA-256 fingerprint: {FP_A}", "trust output")
        wpi.contains(proc.stderr, "Not trusted", "trust without fingerprint")
        wpi.contains(proc.stderr, f"--fingerprint {FP_A}", "trust without fingerprint")
        assert "pinned_certificate" not in accounts(e)["Desk"]
        # The wrong fingerprint: refused.
        proc = e.run("account", "trust", "Desk", "--fingerprint", FP_B, expect=1)
        wpi.contains(proc.stderr, f"fingerprint is {FP_A}, not {FP_B}", "wrong fingerprint")
        assert "pinned_certificate" not in accounts(e)["Desk"]
        proc = e.run("account", "trust", "Desk", "--fingerprint", "12:34", expect=2)
        assert "pinned_certificate" not in accounts(e)["Desk"]
        wpi.eq(server.requests, 0, "requests while fetching the certificate")

        # The right one, as openssl prints it (lower case, no colons works too).
        proc = e.run("account", "trust", "Desk", "--fingerprint",
                     FP_A.replace(":", "").lower())
        wpi.contains(proc.stdout, f"Trusted the certificate {FP_A} for “Desk”", "trust")
        saved = accounts(e)["Desk"]
        wpi.eq(saved["pinned_certificate_sha256"], FP_A, "fingerprint in accounts.json")
        wpi.contains(saved["pinned_certificate"], "-----BEGIN CERTIFICATE-----", "pem")
        assert "PRIVATE KEY" not in saved["pinned_certificate"]
        wpi.contains(e.run("account", "list").stdout, "(trusted certificate)", "account list")

        # Now it connects and logs in.
        proc = e.run("account", "test", "Desk")
        wpi.contains(proc.stdout, "Logged in as Desk Editor", "pinned test")
        assert server.requests > 0

        # Only this account: another one for the same server is still refused.
        add(e, "Other", server.url)
        before = server.requests
        proc = e.run("account", "test", "Other", expect=1)
        wpi.contains(proc.stderr, "cannot be trusted", "other account")
        wpi.eq(server.requests, before, "requests of the other account")

        # Forget it: refused again.
        proc = e.run("account", "untrust", "Desk")
        wpi.contains(proc.stdout, f"Forgot the certificate {FP_A} trusted for “Desk”", "untrust")
        assert "pinned_certificate" not in accounts(e)["Desk"]
        e.run("account", "test", "Desk", expect=1)
        proc = e.run("account", "untrust", "Desk")
        wpi.contains(proc.stdout, "has no trusted certificate", "untrust again")
    finally:
        server.stop()


@test
def test_changed_certificate_is_refused(e):
    server_a = FakeWordPress(CERT_A)
    server_b = FakeWordPress(CERT_B)
    try:
        add(e, "Desk", server_a.url)
        e.run("account", "trust", "Desk", "--fingerprint", FP_A)
        e.run("account", "test", "Desk")
        # The site now answers with another self-signed certificate (same account).
        with open(e.accounts) as f:
            data = json.load(f)
        for a in data["accounts"]:
            if a["name"] == "Desk":
                a["url"] = server_b.url
        with open(e.accounts, "w") as f:
            json.dump(data, f)
        proc = e.run("account", "test", "Desk", expect=1)
        wpi.contains(proc.stderr.splitlines()[0], "the site’s certificate has changed", "changed")
        wpi.contains(proc.stderr, FP_B, "changed")
        wpi.contains(proc.stderr, f"--fingerprint {FP_B}", "changed")
        wpi.eq(server_b.requests, 0, "requests to the changed server")
    finally:
        server_a.stop()
        server_b.stop()


def main():
    return ndtest.run_with_keyring(TESTS, "newsdesk-tls-cli-")


if __name__ == "__main__":
    sys.exit(main())
