#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end, in Spanish: start the real newsdesk binary with LANGUAGE=es and the catalog the
build compiled (NEWSDESK_LOCALEDIR), find its controls by their Spanish accessible names, as
a Spanish-speaking reporter's screen reader would, compose an article, check autosave wrote
it, and publish it ("Publicar ahora") to the default account, the local folder. Prints TAP."""

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

    # The article is in Spanish too: "Idioma" → "Español" (the list is Inglés, Español, …).
    language = at.find(app, "Idioma", "combo box")
    at.real_click(app, language)
    time.sleep(0.5)
    at.xdotool("key", "Down")
    time.sleep(0.2)
    at.xdotool("key", "Return")
    at.wait_for(lambda: any(n.get_name() == "Español" for n in at.walk(language)),
                what="the language Español")

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
    assert doc.get("language") == "es", doc.get("language")
    assert doc["standfirst"] == STANDFIRST, doc["standfirst"]
    assert doc["byline"] == BYLINE
    assert doc["dateline"] == DATELINE
    assert doc["section"] == ["Noticias", "Rusia"], doc["section"]
    assert doc["tags"] == TAGS, doc["tags"]
    assert "<strong>socio clave</strong>" in doc["body_html"], doc["body_html"]
    assert [(r["title"], r["url"]) for r in doc["related"]] == LINKS, doc["related"]


def window_named(app, title, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        for window in app.windows():
            try:
                if window.get_name() == title:
                    return window
            except at.gi.repository.GLib.Error:
                continue
        if time.monotonic() > deadline:
            raise AssertionError(f"no window called {title!r}")
        time.sleep(0.2)


def in_window(window, *names, timeout=10):
    """A button inside window named one of names, or "Name _Label" (GTK 4.8 may join an
    explicit name to a mnemonic label's text)."""
    deadline = time.monotonic() + timeout
    while True:
        for node in at.walk(window):
            try:
                if node.get_role_name() != "push button":
                    continue
                label = node.get_name() or ""
                if not any(label == name or label.endswith(" " + name) for name in names):
                    continue
                action = node.get_action_iface()
                if action is not None and action.get_n_actions() > 0:
                    return node
            except at.gi.repository.GLib.Error:
                continue
        if time.monotonic() > deadline:
            raise AssertionError(f"no button named {names!r} in {window.get_name()!r}")
        time.sleep(0.2)


def real_click_in(app, window, node):
    """A real pointer click on node of a window other than the main one (a dialog)."""
    title = window.get_name()
    wids = subprocess.run(["xdotool", "search", "--pid", str(app.proc.pid), "--onlyvisible",
                           "--name", f"^{title}$"], capture_output=True, text=True,
                          timeout=10).stdout.split()
    assert wids, f"no X window called {title!r}"
    wid = wids[-1]
    geo = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid], capture_output=True,
                         text=True, timeout=10).stdout
    vals = dict(line.split("=", 1) for line in geo.split())
    ext = node.get_extents(at.Atspi.CoordType.WINDOW)
    frame = window.get_extents(at.Atspi.CoordType.WINDOW)
    margin = max(0, (int(vals["WIDTH"]) - frame.width) // 2)
    x = int(vals["X"]) + margin + ext.x + ext.width - 30   # the drop-down arrow of a combo row
    y = int(vals["Y"]) + margin + ext.y + ext.height // 2
    at.xdotool("windowfocus", "--sync", wid)
    at.xdotool("mousemove", "--sync", str(x), str(y), "click", "1")


def publish(app, home):
    """Publicar… → the dialog: "Carpeta local" is the account, choose "Publicar ahora" in
    "Estado", press "Publicar"; the page lands in ~/Newsdesk/Published."""
    at.click(in_window(app.windows()[0], "Publicar", "Publicar…"))
    dialog = window_named(app, "Publicar")

    def labels():
        return [n.get_name() for n in at.walk(dialog) if n.get_role_name() == "label"]
    at.wait_for(lambda: "Carpeta local" in labels(), what="the default account, Carpeta local")
    status = [n for n in at.walk(dialog) if n.get_role_name() == "combo box" and
              (n.get_name() or "").startswith("Estado")][0]
    real_click_in(app, dialog, status)
    time.sleep(0.5)
    at.xdotool("key", "Down")
    time.sleep(0.2)
    at.xdotool("key", "Return")
    at.wait_for(lambda: "Publicar ahora" in labels(), what="the status Publicar ahora")
    at.click(in_window(dialog, "Publicar"))

    pages = []

    def published():
        pages[:] = glob.glob(os.path.join(home, "Newsdesk", "Published", "**", "index.html"),
                             recursive=True)
        return bool(pages)
    at.wait_for(published, timeout=30, what="the page in ~/Newsdesk/Published")
    with open(pages[0], encoding="utf-8") as f:
        page = f.read()
    assert HEADLINE in page and STANDFIRST in page, page[:400]
    assert "<strong>socio clave</strong>" in page, page[:800]
    # The dialog says so, in Spanish.
    done = f"«{HEADLINE}» está en Carpeta local."
    at.wait_for(lambda: done in labels(), timeout=15, what=repr(done))
    at.wait_for(lambda: (library_doc(home)[1] or {}).get("status") == "published",
                timeout=15, what="the article to be marked published")
    return pages[0]


def main():
    print("1..4")
    mo = LOCALEDIR and os.path.join(LOCALEDIR, "es", "LC_MESSAGES", "newsdesk.mo")
    if not mo or not os.path.isfile(mo):
        print(f"not ok 1 - the build has no Spanish catalog ({mo})")
        print("not ok 2 - compose # no catalog")
        print("not ok 3 - publish # no catalog")
        print("not ok 4 - Spanish after restart # no catalog")
        return 1
    home = tempfile.mkdtemp(prefix="newsdesk-e2e-es-")
    env = at.app_env(home, language="es", localedir=LOCALEDIR)
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
            at.report_failure(app=app, title="1 - Spanish library window")

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
            at.report_failure(app=app, title="2 - compose in Spanish")

        try:
            page = publish(app, home)
            print("ok 3 - published (“Publicar ahora”) to the default local folder: "
                  + os.path.relpath(page, home))
        except Exception:
            failed += 1
            at.report_failure(app=app, title="3 - publish in Spanish")

        # After a restart the editor comes back, still in Spanish, with the article.
        try:
            app.stop()
            app = at.App(BIN, env).start()
            headline = at.find(app, "Titular", "text", timeout=15)
            at.wait_for(lambda: at.text_of(headline) == HEADLINE, what="headline after restart")
            assert at.text_of(at.find(app, "Lugar", "text")) == DATELINE
            assert at.find(app, "Quitar la etiqueta Rusia", "push button")
            print("ok 4 - after a restart the article is back, with its Spanish names")
        except Exception:
            failed += 1
            at.report_failure(app=app, title="4 - restart in Spanish")
    finally:
        app.stop()
        shutil.rmtree(home, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
