#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the real newsdesk-cli binary and checks what a user gets: output, exit status,
files on disk. Prints TAP."""

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import traceback

CLI = os.environ.get("NEWSDESK_CLI", "newsdesk-cli")
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


class Env:
    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="newsdesk-cli-test-")
        self.env = dict(os.environ)
        for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                         ("XDG_CACHE_HOME", "cache")):
            path = os.path.join(self.home, sub)
            os.makedirs(path)
            self.env[var] = path
        self.env["HOME"] = self.home
        self.env.pop("NEWSDESK_LIBRARY", None)
        self.env["LANGUAGE"] = "C"
        self.env["LC_ALL"] = "C.UTF-8"
        self.library = os.path.join(self.home, "data", "newsdesk")

    def run(self, *args, input=None, expect=0):
        proc = subprocess.run([CLI, *args], env=self.env, input=input, capture_output=True,
                              text=True, timeout=60)
        if expect is not None and proc.returncode != expect:
            raise AssertionError(f"newsdesk-cli {' '.join(args)} exited {proc.returncode}, "
                                 f"expected {expect}\nstdout: {proc.stdout}\nstderr: {proc.stderr}")
        return proc

    def path(self, *parts):
        return os.path.join(self.home, *parts)

    def write(self, name, data, mode="w"):
        p = self.path(name)
        with open(p, mode) as f:
            f.write(data)
        return p

    def make_jpeg(self, name, size="120x80"):
        # A real JPEG with IPTC-free pixels, made by GdkPixbuf through python3-gi if present,
        # otherwise by ImageMagick; both are installed by the test set-up.
        p = self.path(name)
        subprocess.run(["convert", "-size", size, "xc:#a51d2d", p], check=True)
        return p

    def cleanup(self):
        shutil.rmtree(self.home, ignore_errors=True)


def eq(a, b, what=""):
    if a != b:
        raise AssertionError(f"{what}: {a!r} != {b!r}")


def new_complete(e):
    photo = e.make_jpeg("lead.jpg")
    body = e.write("body.html", "<p>Lavrov said <strong>Latin America</strong> is a "
                   "<a href=\"https://example.org/x\">partner</a>.</p>"
                   "<script>alert(1)</script><p onclick=\"x()\">Segundo párrafo 🎉</p>")
    proc = e.run("new",
                 "--headline", "Russia Commits To Fruitful Partnership With Latam - Lavrov",
                 "--standfirst", "Lavrov ‘welcomed’ the “new” ties",
                 "--byline", "María José Faría",
                 "--dateline", "Moscú",
                 "--language", "es",
                 "--section", "News > Russia",
                 "--tag", "Russia", "--tag", "Venezuela", "--tag", "russia",
                 "--body-file", body,
                 "--photo", photo,
                 "--caption", "Lavrov en Moscú",
                 "--credit", "Twitter/@LaVigesima",
                 "--alt", "Sergey Lavrov at a lectern",
                 "--related", "Venezuela y Rusia|https://example.org/venezuela?a=1&b=2",
                 "--related", "Lavrov’s tour|http://example.com/tour")
    ident = proc.stdout.strip()
    eq(len(ident), 36, "id printed")
    return ident


@test
def new_then_show_round_trips_every_field(e):
    ident = new_complete(e)
    doc = json.loads(e.run("show", ident).stdout)
    eq(doc["format"], "newsdesk-article", "format")
    eq(doc["version"], 1, "version")
    eq(doc["id"], ident, "id")
    eq(doc["headline"], "Russia Commits To Fruitful Partnership With Latam - Lavrov", "headline")
    eq(doc["standfirst"], "Lavrov ‘welcomed’ the “new” ties", "standfirst")
    eq(doc["byline"], "María José Faría", "byline")
    eq(doc["dateline"], "Moscú", "dateline")
    eq(doc["language"], "es", "language")
    eq(doc["section"], ["News", "Russia"], "section")
    eq(doc["tags"], ["Russia", "Venezuela"], "tags deduplicated case-insensitively")
    assert "<strong>Latin America</strong>" in doc["body_html"], doc["body_html"]
    assert '<a href="https://example.org/x">partner</a>' in doc["body_html"], doc["body_html"]
    assert "Segundo párrafo 🎉" in doc["body_html"]
    for bad in ("script", "alert", "onclick"):
        assert bad not in doc["body_html"], doc["body_html"]
    photo = doc["photo"]
    eq(photo["file"], "photo.jpg", "photo.file")
    eq(photo["caption"], "Lavrov en Moscú", "caption")
    eq(photo["credit"], "Twitter/@LaVigesima", "credit")
    eq(photo["alt"], "Sergey Lavrov at a lectern", "alt")
    eq((photo["width"], photo["height"]), (120, 80), "photo size")
    eq(len(photo["sha256"]), 64, "sha256")
    eq(doc["related"], [
        {"title": "Venezuela y Rusia", "url": "https://example.org/venezuela?a=1&b=2"},
        {"title": "Lavrov’s tour", "url": "http://example.com/tour"}], "related")
    eq(doc["status"], "draft", "status")
    # The photo is inside the article folder, private to the user.
    folder = os.path.join(e.library, "articles", ident)
    stored = os.path.join(folder, "photo.jpg")
    with open(stored, "rb") as f, open(e.path("lead.jpg"), "rb") as g:
        eq(f.read(), g.read(), "photo bytes")
    eq(stat.S_IMODE(os.stat(folder).st_mode), 0o700, "folder mode")
    eq(stat.S_IMODE(os.stat(stored).st_mode), 0o600, "photo mode")
    eq(stat.S_IMODE(os.stat(os.path.join(folder, "article.json")).st_mode), 0o600, "json mode")
    # A prefix of the id works like git's.
    eq(json.loads(e.run("show", ident[:8]).stdout)["id"], ident, "prefix")


@test
def list_shows_the_library(e):
    eq(e.run("list").stdout, "", "empty library lists nothing")
    ident = new_complete(e)
    e.run("new", "--headline", "Second story")
    out = e.run("list").stdout.splitlines()
    eq(len(out), 2, "two rows")
    row = [line for line in out if line.startswith(ident)][0]
    assert "News > Russia" in row and "Russia Commits To Fruitful" in row and "draft" in row, row
    rows = json.loads(e.run("list", "--json").stdout)
    eq(sorted(r["headline"] for r in rows),
       ["Russia Commits To Fruitful Partnership With Latam - Lavrov", "Second story"], "json list")


@test
def library_option_and_environment(e):
    other = e.path("elsewhere")
    ident = e.run("--library", other, "new", "--headline", "Elsewhere").stdout.strip()
    assert os.path.isfile(os.path.join(other, "articles", ident, "article.json"))
    eq(e.run("list").stdout, "", "default library untouched")
    assert "Elsewhere" in e.run("--library=" + other, "list").stdout


@test
def export_json_and_html(e):
    ident = new_complete(e)
    eq(json.loads(e.run("export", "--format", "json", ident).stdout),
       json.loads(e.run("show", ident).stdout), "export json")
    e.run("new", "--headline", "<script>alert('x')</script> & more")
    hostile = [r for r in json.loads(e.run("list", "--json").stdout)
               if r["headline"].startswith("<script>")][0]["id"]
    html = e.run("export", "--format", "html", hostile).stdout
    assert "<script>" not in html, html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html or \
           "&lt;script&gt;alert('x')&lt;/script&gt; &amp; more" in html, html
    out = e.path("page", "index.html")
    os.makedirs(os.path.dirname(out))
    e.run("export", "--format", "html", "--output", out, ident)
    page = open(out, encoding="utf-8").read()
    for needle in ("<nav class=\"breadcrumb\"><span>News</span> &gt; <span>Russia</span></nav>",
                   "Russia Commits To Fruitful Partnership With Latam - Lavrov</h1>",
                   "María José Faría", "Moscú", "Photo: Twitter/@LaVigesima",
                   'src="photo.jpg"', 'alt="Sergey Lavrov at a lectern"',
                   'href="https://example.org/venezuela?a=1&amp;b=2"'):
        assert needle in page, needle
    assert os.path.isfile(e.path("page", "photo.jpg"))
    e.run("export", "--format", "pdf", ident, expect=2)


@test
def validate_reports_the_bad_field(e):
    ident = new_complete(e)
    e.run("validate", ident)
    doc = json.loads(e.run("show", ident).stdout)
    doc["related"][1]["url"] = "javascript:alert(1)"
    bad = e.write("bad.json", json.dumps(doc))
    proc = e.run("validate", bad, expect=1)
    eq(proc.stderr.count("\n"), 1, "one line")
    assert "related[1].url: not an http(s) URL" in proc.stderr, proc.stderr
    proc = e.run("validate", e.write("junk.json", "{not json"), expect=1)
    assert "not valid JSON" in proc.stderr, proc.stderr
    doc["related"][1]["url"] = "https://fine.example/"
    doc["version"] = 9
    proc = e.run("validate", e.write("newer.json", json.dumps(doc)), expect=1)
    assert "newer Newsdesk" in proc.stderr, proc.stderr


@test
def import_documents(e):
    ident = new_complete(e)
    src = os.path.join(e.library, "articles", ident, "article.json")
    # Same library: a copy with a new id, never an overwrite.
    proc = e.run("import", src)
    copy = proc.stdout.strip()
    assert copy != ident and len(copy) == 36
    assert "copy" in proc.stderr
    a = json.loads(e.run("show", ident).stdout)
    b = json.loads(e.run("show", copy).stdout)
    for key in ("headline", "standfirst", "byline", "dateline", "section", "tags",
                "body_html", "related", "photo", "language"):
        eq(a[key], b[key], key)
    assert os.path.isfile(os.path.join(e.library, "articles", copy, "photo.jpg"))
    # Another library: same id; unknown keys survive.
    doc = json.loads(open(src, encoding="utf-8").read())
    doc["x_custom"] = {"kept": ["yes", 1]}
    folder = e.path("wire")
    os.makedirs(folder)
    with open(os.path.join(folder, "story.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    other = e.path("other-lib")
    got = e.run("--library", other, "import", os.path.join(folder, "story.json"))
    eq(got.stdout.strip(), ident, "same id in a new library")
    assert "not beside the document" in got.stderr, got.stderr
    shown = json.loads(e.run("--library", other, "show", ident).stdout)
    eq(shown["x_custom"], {"kept": ["yes", 1]}, "unknown key survives")
    eq(shown["photo"], None, "photo dropped when its file is missing")
    e.run("import", e.write("broken.json", "[]"), expect=1)


@test
def delete_and_restore(e):
    ident = new_complete(e)
    proc = e.run("delete", ident)
    assert "restore" in proc.stdout
    eq(e.run("list").stdout, "", "gone from the list")
    assert ident in e.run("list", "--trash").stdout
    e.run("show", ident, expect=1)
    e.run("restore", ident)
    assert ident in e.run("list").stdout
    assert os.path.isfile(os.path.join(e.library, "articles", ident, "photo.jpg"))
    e.run("restore", ident, expect=1)


@test
def plain_text_body_becomes_paragraphs(e):
    body = e.write("body.txt", "First paragraph & more.\n\nSecond <one>.\nThird line.\n")
    ident = e.run("new", "--headline", "Plain", "--body-file", body).stdout.strip()
    html = json.loads(e.run("show", ident).stdout)["body_html"]
    assert "<p>First paragraph &amp; more.</p>" in html, html
    assert "Second &lt;one&gt;." in html, html
    assert "Third line." in html, html
    ident = e.run("new", "--headline", "Stdin", "--body-file", "-",
                  input="<p>From <em>stdin</em></p>").stdout.strip()
    assert "<em>stdin</em>" in json.loads(e.run("show", ident).stdout)["body_html"]


@test
def user_errors_exit_1_with_one_line(e):
    cases = [
        ("show", "6f1c2c3e-8d0b-4b7e-9a4e-2f2d8a1c9b10"),
        ("new", "--related", "no url here"),
        ("new", "--related", "Bad|javascript:alert(1)"),
        ("new", "--language", "not a language"),
        ("new", "--photo", e.write("notes.jpg", "not an image"), "--caption", "x"),
        ("new", "--photo", e.path("missing.jpg")),
        ("new", "--publish-at", "tomorrow"),
        ("delete", "nothing-like-an-id"),
    ]
    for args in cases:
        proc = e.run(*args, expect=1)
        eq(proc.stderr.count("\n"), 1, f"one line for {args}: {proc.stderr!r}")
        assert proc.stderr.startswith("newsdesk-cli: "), proc.stderr
    eq(e.run("list").stdout, "", "nothing was created by a failed new")


@test
def usage_errors_exit_2(e):
    for args in ([], ["frobnicate"], ["show"], ["show", "a", "b"], ["new", "--bogus"],
                 ["list", "extra"], ["--nope", "list"], ["new", "--caption", "x"]):
        e.run(*args, expect=2)
    assert "Usage" in e.run("--help").stdout
    assert "--headline" in e.run("new", "--help").stdout


@test
def cli_links_no_gtk(e):
    ldd = subprocess.run(["ldd", CLI], capture_output=True, text=True, check=True).stdout
    for lib in ("libgtk", "libadwaita", "libgdk-4"):
        assert lib not in ldd, ldd


# -- ninjs
NINJS_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "ninjs")


@test
def export_ninjs_formats(e):
    ident = new_complete(e)
    shown = json.loads(e.run("show", ident).stdout)
    for fmt in ("ninjs-2.2", "ninjs-3.1"):
        item = json.loads(e.run("export", "--format", fmt, ident).stdout)
        eq(item["uri"], f"urn:uuid:{ident}", f"{fmt} uri")
        eq(item["standard"]["version"], fmt[-3:], f"{fmt} standard")
        eq(item["headlines"], [{"role": "main", "value": shown["headline"]}], f"{fmt} headline")
        eq(item["by"], "María José Faría", f"{fmt} by")
        for name in ("headline", "byline", "body_html", "keywords", "links", "bylines"):
            assert name not in item, f"{fmt} has the 1.x name {name}"
        body = item["bodies"][0]
        eq(body["value"], shown["body_html"], f"{fmt} body")
        created = "firstcreated" if fmt == "ninjs-2.2" else "firstCreated"
        eq(item[created], shown["created"], f"{fmt} {created}")
        pic = item["associations"][0]
        eq((pic["name"], pic["type"], pic["by"]), ("mainpic", "picture", "Twitter/@LaVigesima"),
           f"{fmt} mainpic")
        href = pic["renditions"][0]["href"]
        assert href.startswith("file:///") and href.endswith(f"/{ident}/photo.jpg"), href
        eq([a["uri"] for a in item["associations"][1:]],
           ["https://example.org/venezuela?a=1&b=2", "http://example.com/tour"], f"{fmt} related")
    sd = json.loads(e.run("export", "--format", "superdesk", ident).stdout)
    eq(sd["guid"], f"urn:uuid:{ident}", "superdesk guid")
    eq(sd["headline"], shown["headline"], "superdesk headline")
    eq(sd["body_html"], shown["body_html"], "superdesk body")
    eq(sd["keywords"], ["Russia", "Venezuela"], "superdesk keywords")
    eq(sd["subject"], [{"code": "news/russia", "name": "News > Russia", "scheme": "section"}],
       "superdesk subject")
    assert sd["firstcreated"].endswith("+0000"), sd["firstcreated"]
    media = sd["associations"]["featuremedia"]
    eq(media["description_text"], "Lavrov en Moscú", "superdesk caption")
    eq(media["renditions"]["original"]["width"], 120, "superdesk rendition width")
    # Beside an output file the photo is copied and named relatively.
    out = e.path("wire", "item.json")
    os.makedirs(os.path.dirname(out))
    e.run("export", "--format", "ninjs-2.2", "--output", out, ident)
    item = json.load(open(out, encoding="utf-8"))
    eq(item["associations"][0]["renditions"][0]["href"], "photo.jpg", "relative href")
    assert os.path.isfile(e.path("wire", "photo.jpg"))
    e.run("export", "--format", "ninjs-1.0", ident, expect=2)


@test
def ninjs_export_import_round_trip(e):
    ident = new_complete(e)
    e.run("new", "--headline", "Other")
    before = json.loads(e.run("show", ident).stdout)
    for fmt in ("ninjs-2.2", "ninjs-3.1", "superdesk"):
        folder = e.path("out-" + fmt)
        os.makedirs(folder)
        e.run("export", "--format", fmt, "--output", os.path.join(folder, "item.json"), ident)
        other = e.path("lib-" + fmt)
        got = e.run("--library", other, "import", os.path.join(folder, "item.json"))
        eq(got.stdout.strip(), ident, f"{fmt}: same id in a new library")
        eq(got.stderr, "", f"{fmt}: no notes when the photo is beside the item")
        after = json.loads(e.run("--library", other, "show", ident).stdout)
        for key in ("headline", "standfirst", "byline", "dateline", "language", "section",
                    "tags", "body_html", "related", "status", "publish_at", "created",
                    "modified"):
            eq(after[key], before[key], f"{fmt}: {key}")
        for key in ("caption", "credit", "alt", "width", "height", "sha256", "file"):
            eq(after["photo"][key], before["photo"][key], f"{fmt}: photo.{key}")
        assert os.path.isfile(os.path.join(other, "articles", ident, "photo.jpg"))


@test
def import_ninjs_samples(e):
    # ninjs 2.2 from a wire service: the picture is on the agency's server.
    got = e.run("import", os.path.join(NINJS_DATA, "wire-2.2.json"))
    eq(got.stdout.strip(), "3b0c5a7e-2f4d-4c1b-9d8e-6a5f4e3d2c1b", "2.2 id")
    eq(got.stderr.count("\n"), 1, "one note")
    assert "https://media.example.ch/8812/original.jpg" in got.stderr and "by hand" in got.stderr, \
        got.stderr
    doc = json.loads(e.run("show", "3b0c5a7e").stdout)
    eq(doc["headline"], "Zürcher Verkehrsbetriebe: Streik legt Trams und Busse lahm", "2.2 headline")
    eq(doc["section"], ["Wirtschaft", "Schweiz"], "2.2 section")
    eq(doc["tags"], ["Streik", "Öffentlicher Verkehr"], "2.2 tags")
    eq(doc["photo"], None, "2.2 photo not fetched")
    eq(doc["status"], "published", "2.2 usable")
    for bad in ("script", "onclick", "javascript", "<img"):
        assert bad not in doc["body_html"], doc["body_html"]

    # ninjs 3.1 in a hot folder, its picture beside it.
    folder = e.path("hot")
    os.makedirs(folder)
    shutil.copy(os.path.join(NINJS_DATA, "wire-3.1.json"), folder)
    e.make_jpeg(os.path.join("hot", "sismo-oaxaca.jpg"), "160x90")
    got = e.run("import", os.path.join(folder, "wire-3.1.json"))
    ident = got.stdout.strip()
    eq(ident, "9d2f6c1a-7b3e-4f5a-8c9d-0e1f2a3b4c5d", "3.1 id")
    eq(got.stderr, "", "3.1 no notes")
    doc = json.loads(e.run("show", ident).stdout)
    eq(doc["language"], "es-419", "3.1 language")
    eq(doc["photo"]["file"], "photo.jpg", "3.1 photo copied into the article")
    eq(doc["photo"]["caption"], "Vecinos en la calle tras el sismo en Oaxaca", "3.1 caption")
    eq(doc["photo"]["credit"], "Cuartoscuro/José Peña", "3.1 credit")
    eq((doc["photo"]["width"], doc["photo"]["height"]), (160, 90), "3.1 photo size")
    with open(os.path.join(e.library, "articles", ident, "photo.jpg"), "rb") as f, \
            open(os.path.join(folder, "sismo-oaxaca.jpg"), "rb") as g:
        eq(f.read(), g.read(), "3.1 photo bytes")
    # Again: a copy, never an overwrite.
    again = e.run("import", os.path.join(folder, "wire-3.1.json"))
    assert again.stdout.strip() != ident and "copy" in again.stderr, again

    # Superdesk, scheduled by its embargo.
    got = e.run("import", os.path.join(NINJS_DATA, "superdesk.json"))
    doc = json.loads(e.run("show", got.stdout.strip()).stdout)
    eq(doc["headline"], "Élections municipales : la participation en forte hausse à Lyon",
       "superdesk headline")
    eq((doc["status"], doc["publish_at"]), ("scheduled", "2035-06-01T06:00:00Z"), "superdesk embargo")
    eq(doc["tags"], ["élections", "Lyon", "participation"], "superdesk keywords")
    assert "iframe" not in doc["body_html"], doc["body_html"]
    assert "cdn.example.fr" in got.stderr, got.stderr


@test
def import_ninjs_errors(e):
    bad_link = {"uri": "urn:x", "headlines": [{"role": "main", "value": "Titular"}],
                "associations": [{"name": "related-1", "type": "text",
                                  "uri": "javascript:alert(document.cookie)"}]}
    proc = e.run("import", e.write("bad.json", json.dumps(bad_link)), expect=1)
    eq(proc.stderr.count("\n"), 1, "one line")
    assert "associations[0].uri: not an http(s) URL" in proc.stderr, proc.stderr
    proc = e.run("import", e.write("bad2.json", json.dumps(
        {"uri": "urn:x", "headlines": [{"value": 5}]})), expect=1)
    assert "headlines[0].value: expected text" in proc.stderr, proc.stderr
    proc = e.run("import", e.write("other.json", json.dumps({"shopping": ["milk"]})), expect=1)
    assert "neither a Newsdesk article nor a ninjs news item" in proc.stderr, proc.stderr
    proc = e.run("import", e.write("junk.json", "{not json"), expect=1)
    assert "not valid JSON" in proc.stderr, proc.stderr
    eq(e.run("list").stdout, "", "nothing imported")


# -- folder publisher
@test
def fresh_home_publishes_to_the_default_folder(e):
    # No account set up at all: the first start's "Local folder" account takes it.
    ident = new_complete(e)
    proc = e.run("publish", ident)
    url = proc.stdout.strip()
    assert url.startswith("file://"), url
    path = url[len("file://"):]
    published = e.path("Newsdesk", "Published")
    assert path.startswith(published + os.sep), (path, published)
    story = os.path.dirname(path)
    eq(os.path.basename(story), "russia-commits-to-fruitful-partnership-with-latam-lavrov", "slug")
    eq(len(os.path.relpath(story, published).split(os.sep)), 3, "<yyyy>/<mm>/<slug>")
    eq(sorted(os.listdir(story)), ["article.ninjs.json", "index.html", "photo.jpg"], "files")
    with open(path, encoding="utf-8") as f:
        page = f.read()
    assert "<h1>Russia Commits To Fruitful Partnership With Latam - Lavrov</h1>" in page, page
    assert "<script" not in page, page
    assert "Writing the page" in proc.stderr, proc.stderr
    with open(os.path.join(story, "article.ninjs.json"), encoding="utf-8") as f:
        item = json.load(f)
    eq(item["uri"], f"urn:uuid:{ident}", "ninjs uri")
    eq(item["pubstatus"], "withheld", "a draft (the default status) is held back")

    with open(e.path("config", "newsdesk", "accounts.json")) as f:
        accounts = json.load(f)
    eq([(a["name"], a["kind"]) for a in accounts["accounts"]], [("Local folder", "folder")],
       "default account")
    eq(accounts["default"], accounts["accounts"][0]["id"], "marked default")
    listed = e.run("account", "list").stdout
    assert "Local folder" in listed and published in listed and "(default)" in listed, listed

    # Publishing again replaces the story in the same place, one version up.
    eq(e.run("publish", "--status", "publish", ident).stdout.strip(), url, "same address")
    remote = json.loads(e.run("show", ident).stdout)["remote"][accounts["default"]]
    eq((remote["version"], remote["path"]), (2, story), "remote state")
    eq([n for n in os.listdir(os.path.dirname(story)) if n.startswith(".")], [], "no temp dirs")
    with open(os.path.join(story, "article.ninjs.json"), encoding="utf-8") as f:
        eq(json.load(f)["pubstatus"], "usable", "published")


@test
def folder_account_add_and_publish(e):
    ident = new_complete(e)
    out = e.path("wire", "out")
    e.run("account", "add", "--kind", "folder", "--name", "Wire", "--path", out)
    listed = e.run("account", "list").stdout
    assert "Wire" in listed and out in listed, listed
    url = e.run("publish", "--account", "Wire", "--status", "publish", ident).stdout.strip()
    assert url.startswith("file://" + out + os.sep), url
    assert os.path.isfile(url[len("file://"):]), url
    assert not os.path.exists(e.path("Newsdesk")), "the default folder was not used"

    e.run("account", "add", "--kind", "wordpress", "--name", "X", "--path", out, expect=2)
    # Without the default account there is nothing to publish to by default.
    e.run("account", "remove", "Local folder")
    proc = e.run("publish", ident, expect=1)
    assert "no default account" in proc.stderr, proc.stderr



# -- http push
class PushReceiver:
    """A Superdesk-style HTTP push consumer on loopback: assets by media_id (GET 200/404,
    POST multipart → 201), items by guid/uri with their version."""

    def __init__(self):
        import http.server
        import threading
        receiver = self
        self.assets, self.items, self.log = {}, {}, []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status, body=b""):
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                receiver.log.append(("GET", self.path))
                media_id = self.path.rsplit("/", 1)[-1]
                self.answer(200 if media_id in receiver.assets else 404)

            def do_POST(self):
                import email.parser
                import email.policy
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.log.append(("POST", self.path))
                if self.path == "/assets":
                    head = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
                    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
                    parts = {p.get_param("name", header="content-disposition"): p
                             for p in msg.iter_parts()}
                    media_id = parts["media_id"].get_content().strip()
                    receiver.assets[media_id] = {
                        "bytes": parts["media"].get_payload(decode=True),
                        "mime_type": parts["mime_type"].get_content().strip(),
                        "filemeta": json.loads(parts["filemeta"].get_content())}
                    self.answer(201)
                elif self.path == "/items":
                    item = json.loads(body)
                    receiver.items[item.get("guid") or item.get("uri")] = item
                    self.answer(201)
                else:
                    self.answer(404)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@test
def publish_http_push(e):
    r = PushReceiver()
    try:
        e.env["no_proxy"] = "127.0.0.1,localhost"
        for var in ("http_proxy", "HTTP_PROXY"):
            e.env.pop(var, None)
        # Wrong or missing options are usage errors.
        e.run("account", "add", "--kind", "http-push", "--name", "Wire",
              "--url", r.url + "/items", expect=2)
        e.run("account", "add", "--kind", "http-push", "--name", "Wire", "--url",
              r.url + "/items", "--assets-url", r.url + "/assets", "--format", "ninjs-9", expect=2)
        e.run("account", "add", "--kind", "wordpress", "--name", "X", "--url", r.url,
              "--format", "superdesk", expect=2)
        proc = e.run("account", "add", "--kind", "http-push", "--name", "Wire", "--url",
                     r.url + "/ftp", "--assets-url", "ftp://example.org/", expect=1)
        assert "assets URL" in proc.stderr, proc.stderr
        e.run("account", "add", "--kind", "http-push", "--name", "Wire",
              "--url", r.url + "/items", "--assets-url", r.url + "/assets", "--format", "superdesk")
        account = [a for a in json.loads(e.run("account", "list", "--json").stdout)
                   if a["name"] == "Wire"][0]
        eq(account["kind"], "http-push", "kind")

        ident = new_complete(e)
        dry = e.run("publish", ident, "--account", "Wire", "--dry-run").stdout
        assert f"POST {r.url}/items" in dry and "\"headline\"" in dry, dry
        eq(r.log, [], "a dry run sends nothing")

        proc = e.run("publish", ident, "--account", "Wire", "--status", "publish")
        eq(proc.stdout.strip(), r.url + "/items", "prints the resource URL")
        eq(len(r.assets), 1, "one asset")
        (media_id, asset), = r.assets.items()
        with open(os.path.join(e.library, "articles", ident, "photo.jpg"), "rb") as f:
            eq(asset["bytes"], f.read(), "the photo, byte for byte")
        eq(asset["mime_type"], "image/jpeg", "mime_type")
        item = r.items[f"urn:uuid:{ident}"]
        eq(item["version"], "1", "version")
        eq(item["headline"], "Russia Commits To Fruitful Partnership With Latam - Lavrov", "headline")
        eq(item["associations"]["featuremedia"]["renditions"]["original"]["href"],
           f"{r.url}/assets/{media_id}", "rendition href")
        doc = json.loads(e.run("show", ident).stdout)
        eq(doc["remote"][account["id"]]["version"], 1, "remote version")
        eq(doc["status"], "published", "status")

        # An update: version 2, and the unchanged photo is not sent again.
        e.run("publish", ident, "--account", "Wire", "--status", "publish")
        eq(r.items[f"urn:uuid:{ident}"]["version"], "2", "version 2")
        eq([entry for entry in r.log if entry == ("POST", "/assets")], [("POST", "/assets")],
           "one upload")
    finally:
        r.close()

def main():
    print(f"1..{len(TESTS)}")
    failed = 0
    for i, fn in enumerate(TESTS, 1):
        e = Env()
        try:
            fn(e)
            print(f"ok {i} - {fn.__name__}")
        except Exception:
            failed += 1
            print(f"not ok {i} - {fn.__name__}")
            for line in traceback.format_exc().splitlines():
                print(f"# {line}")
        finally:
            e.cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
