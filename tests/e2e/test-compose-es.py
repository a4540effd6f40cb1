#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, in Spanish: start the real newsdesk binary with LANGUAGE=es and the catalog the
build compiled (NEWSDESK_LOCALEDIR), find its controls by their Spanish accessible names, as
a Spanish-speaking reporter's screen reader would, compose an article, and check autosave
wrote it. Prints TAP."""

import json
import os
import shutil
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_util as at  # noqa: E402

BIN = os.environ.get("NEWSDESK_BIN", "newsdesk")
HERE = os.path.dirname(os.path.abspath(__file__))
BUILD_TOP = os.path.dirname(os.path.abspath(os.environ.get("G_TEST_BUILDDIR", "."))) \
    if os.environ.get("G_TEST_BUILDDIR") else None
LOCALEDIR = os.environ.get("NEWSDESK_LOCALEDIR") or (BUILD_TOP and os.path.join(BUILD_TOP, "po"))

HEADLINE = "Rusia se compromete con América Latina, dice Lavrov"
STANDFIRST = "Moscú profundizará sus lazos con América Latina, según la fuente de Faría"
BYLINE = "María José Faría"
DATELINE = "Caracas"
BODY = "Lavrov dijo que América Latina es un socio clave, según la entrevista."
TAGS = ["Rusia", "Venezuela"]
LINKS = [("Venezuela y Rusia firman acuerdos", "https://example.org/acuerdos")]

# The Spanish accessible names, from po/es.po, and the English ones they replace: the test
# fails if any English one is still shown (a string that missed gettext).
SPANISH = {
    "New article": "Nuevo artículo",
    "Headline": "Titular",
    "Standfirst": "Entradilla",
    "Byline": "Firma",
    "Dateline": "Lugar",
    "Body": "Cuerpo",
    "Bold": "Negrita",
    "Section": "Sección",
    "Tags": "Etiquetas",
    "Add link": "Añadir enlace",
    "Choose photo": "Elegir foto",
    "Caption": "Pie de foto",
    "Credit": "Crédito",
    "Alt text": "Texto alternativo",
}


def make_env(home):
    env = dict(os.environ)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        os.makedirs(os.path.join(home, sub), exist_ok=True)
        env[var] = os.path.join(home, sub)
    env["HOME"] = home
    env.pop("NEWSDESK_LIBRARY", None)
    env.pop("NO_AT_BRIDGE", None)
    env.pop("GTK_A11Y", None)
    env.pop("LANG", None)
    # glibc honours LANGUAGE unless the locale is "C"; C.UTF-8 is not "C" for this purpose.
    env["LC_ALL"] = "C.UTF-8"
    env["LANGUAGE"] = "es"
    if LOCALEDIR:
        env["NEWSDESK_LOCALEDIR"] = LOCALEDIR
    env["GDK_BACKEND"] = "x11"
    env["GTK_USE_PORTAL"] = "0"
    return env


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
    start = text.index(word)
    at.real_click(app, node)
    node.get_text_iface().set_caret_offset(start)
    time.sleep(0.2)
    at.xdotool("key", "--delay", "15", *(["shift+Right"] * len(word)))
    time.sleep(0.2)


def check_labels(app):
    """The editor shows its Spanish names and none of the English ones."""
    for english, spanish in SPANISH.items():
        at.find(app, spanish)
    shown = {name for role, name in at.names(app) if name}
    english_left = sorted(e for e in SPANISH if e in shown)
    assert not english_left, f"English names still shown: {english_left}"


def compose(app):
    at.click(at.find(app, "Nuevo artículo", "push button"))
    at.set_text(at.find(app, "Titular", "text"), HEADLINE)
    at.set_text(at.find(app, "Entradilla", "text"), STANDFIRST)
    at.set_text(at.find(app, "Firma", "text"), BYLINE)
    at.set_text(at.find(app, "Lugar", "text"), DATELINE)

    body = at.find(app, "Cuerpo", "text")
    at.insert_text(body, 0, BODY)
    at.wait_for(lambda: at.text_of(body) == BODY, what="body text")
    select_range(app, body, BODY, "socio clave")
    at.click(at.find(app, "Negrita", "push button"))

    at.click(at.find(app, "Sección", "push button"))
    search = at.find(app, "Buscar secciones", "entry")
    at.set_text(search, "Noticias > Rusia")
    time.sleep(0.3)
    at.xdotool("key", "Return")

    tags = at.find(app, "Etiquetas", "text")
    for tag in TAGS:
        at.set_text(tags, tag + ",")

    for i, (title, url) in enumerate(LINKS, 1):
        at.click(at.find(app, "Añadir enlace", "push button"))
        at.set_text(at.find(app, f"URL del enlace {i}", "text"), url)
        at.set_text(at.find(app, f"Título del enlace {i}", "text"), title)


def check_document(doc):
    assert doc["headline"] == HEADLINE, doc["headline"]
    assert doc["standfirst"] == STANDFIRST, doc["standfirst"]
    assert doc["byline"] == BYLINE
    assert doc["dateline"] == DATELINE
    assert doc["section"] == ["Noticias", "Rusia"], doc["section"]
    assert doc["tags"] == TAGS, doc["tags"]
    assert "<strong>socio clave</strong>" in doc["body_html"], doc["body_html"]
    assert [(r["title"], r["url"]) for r in doc["related"]] == LINKS, doc["related"]


def report_failure(app, name):
    print(f"not ok {name}")
    for line in traceback.format_exc().splitlines():
        print("# " + line)
    if app is not None and app.root is not None:
        for role, label in at.names(app):
            if label:
                print(f"#   {role}: {label}")


def main():
    print("1..3")
    mo = LOCALEDIR and os.path.join(LOCALEDIR, "es", "LC_MESSAGES", "newsdesk.mo")
    if not mo or not os.path.isfile(mo):
        print(f"not ok 1 - the build has no Spanish catalog ({mo})")
        print("not ok 2 - compose # no catalog")
        print("not ok 3 - Spanish after restart # no catalog")
        return 1
    home = tempfile.mkdtemp(prefix="newsdesk-e2e-es-")
    env = make_env(home)
    at.start_a11y_bus()
    app = at.App(BIN, env)
    failed = 0
    try:
        try:
            app.start()
            at.find(app, "Nuevo artículo", "push button", timeout=15)
            print("ok 1 - the library window shows its Spanish names (“Nuevo artículo”)")
        except Exception:
            failed += 1
            report_failure(app, "1 - Spanish library window")

        try:
            compose(app)
            check_labels(app)
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
            print("ok 2 - composed an article by the Spanish names; autosave wrote it")
        except Exception:
            failed += 1
            report_failure(app, "2 - compose in Spanish")

        # After a restart the editor comes back, still in Spanish, with the article.
        try:
            app.stop()
            app = at.App(BIN, env).start()
            headline = at.find(app, "Titular", "text", timeout=15)
            at.wait_for(lambda: at.text_of(headline) == HEADLINE, what="headline after restart")
            assert at.text_of(at.find(app, "Lugar", "text")) == DATELINE
            assert at.find(app, "Quitar la etiqueta Rusia", "push button")
            print("ok 3 - after a restart the article is back, with its Spanish names")
        except Exception:
            failed += 1
            report_failure(app, "3 - restart in Spanish")
    finally:
        app.stop()
        shutil.rmtree(home, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
