#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: start the real newsdesk binary, compose a complete article only through the
accessibility tree (by the accessible names a screen reader would use), kill it with SIGKILL,
start it again, and check every field came back. Prints TAP."""

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_util as at  # noqa: E402

BIN = os.environ.get("NEWSDESK_BIN", "newsdesk")

HEADLINE = "Russia Commits To Fruitful Partnership With Latam - Lavrov"
STANDFIRST = "Moscow will deepen ties with Latin America, said Faría’s source"
BYLINE = "María José Faría"
DATELINE = "Moscú"
BODY = "Lavrov said Latin America is a partner, see the interview."
CAPTION = "Sergey Lavrov at a news conference"
CREDIT = "Twitter/@LaVigesima"
ALT = "Sergey Lavrov speaking at a lectern"
LINKS = [("Venezuela and Russia sign deals", "https://example.org/venezuela"),
         ("Lavrov’s tour", "https://example.org/tour")]


def library_doc(home):
    articles = os.path.join(home, "data", "newsdesk", "articles")
    ids = [d for d in os.listdir(articles)] if os.path.isdir(articles) else []
    if len(ids) != 1:
        return None, None
    path = os.path.join(articles, ids[0], "article.json")
    try:
        with open(path, encoding="utf-8") as f:
            return ids[0], json.load(f)
    except (OSError, ValueError):
        return ids[0], None


def select_range(app, node, text, word):
    """Selects word with the keyboard, as a person would: GTK 4.8 does not implement
    selecting through AT-SPI, but it does move the caret."""
    start = text.index(word)
    at.real_click(app, node)
    node.get_text_iface().set_caret_offset(start)
    time.sleep(0.2)
    at.xdotool("key", "--delay", "15", *(["shift+Right"] * len(word)))
    time.sleep(0.2)


def compose(app, home, photo):
    at.click(at.find(app, "New article", "push button"))
    at.set_text(at.find(app, "Headline", "text"), HEADLINE)
    at.set_text(at.find(app, "Standfirst", "text"), STANDFIRST)
    at.set_text(at.find(app, "Byline", "text"), BYLINE)
    at.set_text(at.find(app, "Dateline", "text"), DATELINE)

    body = at.find(app, "Body", "text")
    at.insert_text(body, 0, BODY)
    at.wait_for(lambda: at.text_of(body) == BODY, what="body text")
    select_range(app, body, BODY, "partner")
    at.click(at.find(app, "Bold", "push button"))
    select_range(app, body, BODY, "the interview")
    at.click(at.find(app, "Link", "push button"))
    at.set_text(at.find(app, "Link address", "text"), "https://example.org/interview")
    at.click(at.find_button(app, "Apply"))

    # The photo, through the file chooser, as a person would: type the path.
    at.click(at.find(app, "Choose photo", "push button"))
    time.sleep(1.0)
    at.xdotool("type", "--delay", "20", photo)
    time.sleep(0.3)
    at.xdotool("key", "Return")
    at.wait_for(lambda: (library_doc(home)[1] or {}).get("photo") is not None, timeout=20,
                what="the photo to be attached")
    at.set_text(at.find(app, "Caption", "text"), CAPTION)
    at.set_text(at.find(app, "Credit", "text"), CREDIT)
    at.set_text(at.find(app, "Alt text", "text"), ALT)

    at.click(at.find(app, "Section", "push button"))
    search = at.find(app, "Search sections", "entry")
    at.set_text(search, "News > Russia")
    # The popover put the keyboard focus in its search entry: Enter takes the section.
    time.sleep(0.3)
    at.xdotool("key", "Return")

    tags = at.find(app, "Tags", "text")
    at.set_text(tags, "Russia,")
    at.set_text(tags, "Venezuela,")

    for i, (title, url) in enumerate(LINKS, 1):
        at.click(at.find(app, "Add link", "push button"))
        at.set_text(at.find(app, f"Link URL {i}", "text"), url)
        at.set_text(at.find(app, f"Link title {i}", "text"), title)


def check_document(doc):
    assert doc["headline"] == HEADLINE, doc["headline"]
    assert doc["standfirst"] == STANDFIRST, doc["standfirst"]
    assert doc["byline"] == BYLINE
    assert doc["dateline"] == DATELINE
    assert doc["section"] == ["News", "Russia"], doc["section"]
    assert doc["tags"] == ["Russia", "Venezuela"], doc["tags"]
    body = doc["body_html"]
    assert "<strong>partner</strong>" in body, body
    assert '<a href="https://example.org/interview">the interview</a>' in body, body
    photo = doc["photo"]
    assert photo and photo["file"].startswith("photo."), photo
    assert (photo["caption"], photo["credit"], photo["alt"]) == (CAPTION, CREDIT, ALT), photo
    assert [(r["title"], r["url"]) for r in doc["related"]] == LINKS, doc["related"]


def main():
    print("1..3")
    home = tempfile.mkdtemp(prefix="newsdesk-e2e-")
    env = at.app_env(home)
    photo = os.path.join(home, "lavrov.jpg")
    subprocess.run(["convert", "-size", "800x533", "gradient:#62a0ea-#1c71d8", photo], check=True)
    at.start_a11y_bus()
    app = at.App(BIN, env)
    failed = 0
    try:
        # 1: compose, then wait for autosave to have written everything.
        try:
            app.start()
            compose(app, home, photo)
            deadline = time.monotonic() + 15
            while True:
                ident, doc = library_doc(home)
                try:
                    check_document(doc or {})
                    break
                except (AssertionError, KeyError, TypeError):
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
            print("ok 1 - composed a complete article through AT-SPI; autosave wrote it")
        except Exception:
            failed += 1
            at.report_failure("1 - compose")
            if app.root is not None:
                for role, name in at.names(app):
                    if name:
                        print(f"#   {role}: {name}")

        # 2: SIGKILL, start again: the article comes back with every field.
        try:
            app.kill()
            app = at.App(BIN, env).start()
            headline = at.find(app, "Headline", "text", timeout=15)
            at.wait_for(lambda: at.text_of(headline) == HEADLINE, what="headline after restart")
            assert at.text_of(at.find(app, "Standfirst", "text")) == STANDFIRST
            assert at.text_of(at.find(app, "Byline", "text")) == BYLINE
            assert at.text_of(at.find(app, "Dateline", "text")) == DATELINE
            assert at.text_of(at.find(app, "Body", "text")) == BODY
            assert at.text_of(at.find(app, "Caption", "text")) == CAPTION
            assert at.text_of(at.find(app, "Credit", "text")) == CREDIT
            assert at.text_of(at.find(app, "Alt text", "text")) == ALT
            assert at.find(app, "Remove tag Russia", "push button")
            assert at.find(app, "Remove tag Venezuela", "push button")
            for i, (title, url) in enumerate(LINKS, 1):
                assert at.text_of(at.find(app, f"Link title {i}", "text")) == title
                assert at.text_of(at.find(app, f"Link URL {i}", "text")) == url
            check_document(library_doc(home)[1])
            print("ok 2 - after kill -9 and restart every field is back")
        except Exception:
            failed += 1
            at.report_failure("2 - restart")

        # 3: publish with no set-up at all: the default account is the local folder.
        try:
            at.click(at.find(app, "Publish", "push button"))
            at.click(at.find_in_window(app, "Publish", "Publish"))
            pages = []

            def published():
                pages[:] = glob.glob(os.path.join(home, "Newsdesk", "Published", "*", "*", "*",
                                                  "index.html"))
                return bool(pages)
            at.wait_for(published, timeout=20, what="the page in ~/Newsdesk/Published")
            with open(pages[0], encoding="utf-8") as f:
                page = f.read()
            assert HEADLINE in page and CREDIT in page and ALT in page, page[:400]
            folder = os.path.dirname(pages[0])
            assert os.path.isfile(os.path.join(folder, "article.ninjs.json"))
            assert any(n.startswith("photo.") for n in os.listdir(folder)), os.listdir(folder)
            print("ok 3 - published to the default local folder with no set-up")
        except Exception:
            failed += 1
            at.report_failure("3 - publish to the default folder")
    finally:
        app.stop()
        shutil.rmtree(home, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
