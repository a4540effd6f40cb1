#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Content safety: the XSS corpus (tests/data/xss-corpus.txt) goes in through every door —
pasted into the body (the test-xss-paste widget test saves what the paste made), imported
as Newsdesk article JSON (in the body, headline, standfirst, byline, dateline, photo caption,
credit and alt text, related link titles and addresses) and as a ninjs item — and what
leaves Newsdesk is checked: the rendered page (export --format html, the preview's HTML),
the ninjs export, the folder publisher's index.html and ninjs, and the copy on a real
WordPress 6.1 fetched back through its REST API (title, content and excerpt raw and
rendered, the media item's caption and alt text). None may carry a script, an event
handler, a javascript:, vbscript: or data: link, a frame, object, embed, style, base,
meta or form.

Run under tests/wordpress/wp-fixture.sh run STATE -- python3 test-xss.py, with DISPLAY
(for the paste) as build-aux/test provides. Prints TAP."""

import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("wpint", os.path.join(HERE, "test-wp-integration.py"))
wpint = importlib.util.module_from_spec(spec)
spec.loader.exec_module(wpint)
sys.path.insert(0, HERE)
import ndtest  # noqa: E402

CORPUS = os.path.join(HERE, "data", "xss-corpus.txt")
PASTE_TEST = os.path.join(os.environ.get("G_TEST_BUILDDIR", ""), "test-xss-paste")

FORBIDDEN_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "style",
                  "base", "meta", "form", "link", "svg", "math", "template", "xmp", "noscript",
                  "input", "button", "textarea", "select", "body", "isindex", "param", "source",
                  "video", "audio", "marquee", "details"}
# What a standalone page (export --format html, the folder publisher) has of its own.
PAGE_TAGS = {"meta", "style", "body"}
BAD_ATTRS = re.compile(r"^(on.*|srcdoc|formaction|xlink:href|style|background|action|dynsrc|"
                       r"lowsrc|http-equiv)$")
URL_ATTRS = {"href", "src", "cite", "data", "action", "poster", "srcset", "xlink:href",
             "formaction", "background"}


def vectors():
    with open(CORPUS, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]


def bad_url(value):
    """javascript:, vbscript: or data:, however obfuscated (entities, whitespace, control
    characters, percent-encoding, case)."""
    v = urllib.parse.unquote(html.unescape(value or ""))
    v = re.sub(r"[\x00-\x20\x7f]+", "", v).lower()
    return v.startswith(("javascript:", "vbscript:", "data:")) or "script:" in v


class Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def leaks(markup, where, page=False):
    """Everything wrong with markup that a browser would render."""
    found = []
    scan = Scan()
    scan.feed(markup)
    scan.close()
    counts = {}
    for tag, attrs in scan.tags:
        counts[tag] = counts.get(tag, 0) + 1
        own = page and tag in PAGE_TAGS
        if tag in FORBIDDEN_TAGS and not own:
            found.append(f"<{tag}>")
        for name, value in attrs:
            if own and tag == "meta" and name == "http-equiv" and \
                    value.lower() == "content-security-policy":
                continue
            if BAD_ATTRS.match(name):
                found.append(f"{name}= on <{tag}>")
            if name in URL_ATTRS and bad_url(value):
                found.append(f"{name}={value!r} on <{tag}>")
    if page and (counts.get("style", 0) > 1 or counts.get("body", 0) > 1 or
                 counts.get("meta", 0) > 3):
        found.append(f"more page elements than the page's own: {counts}")
    if re.search(r"<\s*/?\s*script", markup, re.I):
        found.append("<script")
    if found:
        raise AssertionError(f"{where}: " + "; ".join(sorted(set(found))[:8]) +
                             f"\n{markup[:600]}")


def text_field(value, where):
    """A plain-text field that a CMS or page shows as HTML: no markup at all may survive
    (escaped text is fine)."""
    if re.search(r"<\s*[a-zA-Z!/?]", value or ""):
        raise AssertionError(f"{where} carries raw markup: {value[:300]!r}")


class Run:
    def __init__(self, e):
        self.e = e
        self.library = os.path.join(e.home, "data", "newsdesk")

    def cli(self, *args, expect=0):
        return self.e.run(*args, expect=expect)


def chunks(items, n):
    return [items[i:i + n] for i in range(0, len(items), n)]


def article_docs(e, vecs):
    """Article documents, each carrying a few vectors in every text field and the whole
    corpus as its body; returns the paths of the documents."""
    scratch = os.path.join(e.home, "scratch")
    photo = wpint.make_jpeg(e, "xss-photo.jpg", "#26a269")
    template_id = e.run("--library", scratch, "new", "--headline", "template",
                        "--photo", photo).stdout.strip()
    template = json.loads(e.run("--library", scratch, "show", template_id).stdout)
    out = []
    for i, group in enumerate(chunks(vecs, 6)):
        text = " ".join(group)
        doc = json.loads(json.dumps(template))
        doc["id"] = __import__("uuid").uuid4().hex[:8] + template_id[8:]
        doc["headline"] = f"Import {i}: {text}"
        doc["standfirst"] = text
        doc["byline"] = text
        doc["dateline"] = text
        doc["body_html"] = "\n".join(vecs)
        doc["photo"]["caption"] = text
        doc["photo"]["credit"] = text
        doc["photo"]["alt"] = text
        doc["related"] = [{"title": v, "url": "https://example.org/related"} for v in group]
        folder = os.path.join(e.home, f"doc{i}")
        os.makedirs(folder)
        shutil.copyfile(os.path.join(scratch, "articles", template_id, doc["photo"]["file"]),
                        os.path.join(folder, doc["photo"]["file"]))
        path = os.path.join(folder, "article.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        out.append(path)
    # Script addresses as related links: refused, or imported without the link.
    bad_links = []
    for j, url in enumerate(["javascript:alert(1)", "JaVaScRiPt:alert(2)", " javascript:alert(3)",
                             "jav\tascript:alert(4)", "data:text/html,<script>alert(5)</script>",
                             "vbscript:msgbox(6)", "https://example.org/\"><script>alert(7)</script>"]):
        doc = json.loads(json.dumps(template))
        doc["id"] = __import__("uuid").uuid4().hex[:8] + template_id[8:]
        doc["headline"] = f"Related link {j}"
        doc["photo"] = None
        doc["related"] = [{"title": "click", "url": url}]
        path = os.path.join(e.home, f"link{j}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        bad_links.append(path)
    return out, bad_links


def ninjs_doc(e, vecs):
    item = {
        "uri": "urn:newsdesk:test:xss",
        "type": "text",
        "version": "1",
        "headline": " ".join(vecs[:6]),
        "byline": " ".join(vecs[6:12]),
        "located": " ".join(vecs[12:18]),
        "description_text": " ".join(vecs[18:24]),
        "body_html": "\n".join(vecs),
    }
    path = os.path.join(e.home, "item.ninjs.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(item, f, ensure_ascii=False)
    return path


def check_exports(r, ident):
    page = r.cli("export", "--format", "html", ident).stdout
    leaks(page, f"{ident}: export --format html", page=True)
    for flavour in ("ninjs-2.2", "ninjs-3.1"):
        item = json.loads(r.cli("export", "--format", flavour, ident).stdout)
        for key in ("body_html", "description_html"):
            if key in item:
                leaks(item[key], f"{ident}: {flavour} {key}")
        if flavour == "ninjs-3.1":
            for content in item.get("contentBodies", []) if isinstance(item.get("contentBodies"), list) else []:
                if "html" in str(content.get("contentType", "")):
                    leaks(content.get("value", ""), f"{ident}: ninjs-3.1 contentBodies")


def check_folder(r, ident):
    url = r.cli("publish", ident, "--account", "Local folder").stdout.strip()
    page_path = urllib.parse.unquote(urllib.parse.urlparse(url).path)
    with open(page_path, encoding="utf-8") as f:
        leaks(f.read(), f"{ident}: folder index.html", page=True)
    with open(os.path.join(os.path.dirname(page_path), "article.ninjs.json"), encoding="utf-8") as f:
        item = json.load(f)
    for key in ("body_html", "description_html"):
        if key in item:
            leaks(item[key], f"{ident}: folder ninjs {key}")


def check_wordpress(r, ident):
    r.cli("publish", ident, "--account", "Local", "--status", "publish")
    doc = json.loads(r.cli("show", ident).stdout)
    remote = [v for v in doc["remote"].values() if "media_id" in v or "url" in v and
              v.get("url", "").startswith(wpint.WP_URL)]
    post_id = remote[0]["id"]
    post = wpint.rest("GET", f"/wp/v2/posts/{post_id}", query="context=edit")
    for field in ("title", "content", "excerpt"):
        leaks(post[field]["raw"], f"{ident}: WordPress {field}.raw")
        leaks(post[field]["rendered"], f"{ident}: WordPress {field}.rendered")
    # The title and excerpt are plain text in Newsdesk; WordPress shows them as HTML.
    text_field(post["title"]["raw"], f"{ident}: WordPress title.raw")
    text_field(post["excerpt"]["raw"], f"{ident}: WordPress excerpt.raw")
    if post.get("featured_media"):
        media = wpint.rest("GET", f"/wp/v2/media/{post['featured_media']}", query="context=edit")
        for field in ("caption", "description", "title"):
            leaks(media[field]["raw"], f"{ident}: WordPress media {field}.raw")
            leaks(media[field]["rendered"], f"{ident}: WordPress media {field}.rendered")
        text_field(media["caption"]["raw"], f"{ident}: WordPress media caption.raw")
        leaks(f'<img alt="{media["alt_text"]}">', f"{ident}: WordPress media alt_text")
        text_field(media["alt_text"], f"{ident}: WordPress media alt_text")
    return post


def main():
    if ndtest.wp_fixture_missing():
        return 1
    if not os.path.isfile(PASTE_TEST) or not os.environ.get("DISPLAY"):
        print(f"Bail out! needs the test-xss-paste widget test ({PASTE_TEST}) and DISPLAY")
        return 1
    wpint.KEYRING, keyring_home = ndtest.start_keyring("newsdesk-xss-keyring-")
    if wpint.KEYRING is None:
        return 1
    vecs = vectors()
    e = ndtest.Env(wpint.KEYRING)
    r = Run(e)
    steps = []
    ids = {}

    def step(name):
        def wrap(fn):
            steps.append((name, fn))
            return fn
        return wrap

    @step("the corpus pasted into the body (widget test), saved into the library")
    def paste():
        # The widget test talks to the X server only: no accessibility bus on the keyring's
        # session bus.
        env = dict(e.env, ND_XSS_LIBRARY=r.library, NO_AT_BRIDGE="1", GTK_A11Y="none")
        proc = subprocess.run([PASTE_TEST, "--tap"], env=env, capture_output=True, text=True,
                              timeout=120)
        if proc.returncode != 0 or "not ok" in proc.stdout:
            raise AssertionError(f"test-xss-paste failed:\n{proc.stdout}\n{proc.stderr[-2000:]}")
        m = re.search(r"saved the pasted article (\S+)", proc.stdout)
        if not m:
            raise AssertionError(f"test-xss-paste saved nothing:\n{proc.stdout}")
        ids["paste"] = [m.group(1)]

    @step("article JSON with the corpus in every field imports clean; script links refused")
    def import_json():
        docs, bad_links = article_docs(e, vecs)
        ids["import"] = [r.cli("import", d).stdout.strip() for d in docs]
        for path in bad_links:
            proc = r.cli("import", path, expect=None)
            if proc.returncode == 0:
                doc = json.loads(r.cli("show", proc.stdout.strip()).stdout)
                for link in doc.get("related", []):
                    if not re.match(r"^https?://[^\s\"<>]+$", link["url"]):
                        raise AssertionError(f"{path}: the related link {link['url']!r} was imported")
            elif proc.returncode != 1:
                raise AssertionError(f"{path}: import exited {proc.returncode}: {proc.stderr}")

    @step("a ninjs item with the corpus imports clean")
    def import_ninjs():
        ids["ninjs"] = [r.cli("import", ninjs_doc(e, vecs)).stdout.strip()]

    @step("rendered page (preview HTML) and ninjs exports carry no script")
    def exports():
        for group in ids.values():
            for ident in group:
                check_exports(r, ident)

    @step("the folder publisher's page and ninjs carry no script")
    def folder():
        r.cli("account", "list")   # creates the default "Local folder" account
        for group in ids.values():
            for ident in group:
                check_folder(r, ident)

    @step("the posts and media on the real WordPress carry no script")
    def wordpress():
        wpint.add_local_account(e)
        seen_text = False
        for group in ids.values():
            for ident in group:
                post = check_wordpress(r, ident)
                seen_text |= "good link, bad handler" in post["content"]["raw"]
        if not seen_text:
            raise AssertionError("the harmless text of the corpus never reached WordPress")

    print(f"1..{len(steps)}")
    failed = 0
    try:
        for n, (name, fn) in enumerate(steps, 1):
            try:
                fn()
                print(f"ok {n} - {name}")
            except Exception:
                failed += 1
                ndtest.tap_failure(f"{n} - {name}")
            sys.stdout.flush()
    finally:
        e.cleanup()
        ndtest.stop_keyring(wpint.KEYRING, keyring_home)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
