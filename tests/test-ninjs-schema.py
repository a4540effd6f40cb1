#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Exports articles as ninjs 2.2 and 3.1 with the real newsdesk-cli and validates them
against the official IPTC schemas (copies in tests/data/ninjs/) with python3-jsonschema.
Prints TAP."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback

import jsonschema

CLI = os.environ.get("NEWSDESK_CLI", "newsdesk-cli")
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "ninjs")
SCHEMAS = {"ninjs-2.2": "ninjs-schema_2.2.json", "ninjs-3.1": "ninjs-schema_3.1.json"}
TESTS = []

# Debian's python3-jsonschema has no rfc3339-validator or rfc3987, so "date-time" and
# "uri" would go unchecked: check them here. URIs must be absolute (a scheme); non-ASCII
# is allowed, as in the IRIs reporters paste.
CHECKER = jsonschema.FormatChecker()
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f<>\"{}|\\^`]*$")


@CHECKER.checks("date-time")
def is_date_time(value):
    return not isinstance(value, str) or bool(DATE_TIME.match(value))


@CHECKER.checks("uri")
def is_uri(value):
    return not isinstance(value, str) or bool(URI.match(value))


def test(fn):
    TESTS.append(fn)
    return fn


def validator(fmt, formats=True):
    with open(os.path.join(DATA, SCHEMAS[fmt]), encoding="utf-8") as f:
        schema = json.load(f)
    # The draft the schema itself names ($schema: 2020-12 for both).
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft202012Validator, cls
    cls.check_schema(schema)
    return cls(schema, format_checker=CHECKER if formats else None)


def validate(fmt, item, what, formats=True):
    errors = sorted(validator(fmt, formats).iter_errors(item), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors]
        raise AssertionError(f"{what} is not valid {fmt}:\n" + "\n".join(lines))


class Env:
    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="newsdesk-ninjs-schema-")
        self.env = dict(os.environ)
        for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                         ("XDG_CACHE_HOME", "cache")):
            os.makedirs(os.path.join(self.home, sub))
            self.env[var] = os.path.join(self.home, sub)
        self.env["HOME"] = self.home
        self.env.pop("NEWSDESK_LIBRARY", None)
        self.env["LANGUAGE"] = "C"
        self.env["LC_ALL"] = "C.UTF-8"

    def run(self, *args, expect=0):
        proc = subprocess.run([CLI, *args], env=self.env, capture_output=True, text=True,
                              timeout=60)
        if expect is not None and proc.returncode != expect:
            raise AssertionError(f"newsdesk-cli {' '.join(args)} exited {proc.returncode}\n"
                                 f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
        return proc

    def path(self, *parts):
        return os.path.join(self.home, *parts)

    def cleanup(self):
        shutil.rmtree(self.home, ignore_errors=True)


def new_complete(e):
    photo = e.path("lead.jpg")
    subprocess.run(["convert", "-size", "120x80", "xc:#a51d2d", photo], check=True)
    body = e.path("body.html")
    with open(body, "w", encoding="utf-8") as f:
        f.write("<p>Lavrov dijo que <strong>América Latina</strong> es un "
                "<a href=\"https://example.org/x\">socio</a>.</p><h2>Contexto</h2>"
                "<ul><li>Uno</li><li>Dos 🎉</li></ul><blockquote><p>«Cita»</p></blockquote>")
    return e.run("new",
                 "--headline", "Rusia se compromete a una «alianza fructífera» — Lavrov",
                 "--standfirst", "Lavrov ‘welcomed’ the “new” ties 🇻🇪",
                 "--byline", "María José Faría",
                 "--dateline", "Moscú",
                 "--language", "es-419",
                 "--section", "Noticias > Rusia y Ásia",
                 "--tag", "Rusia", "--tag", "Diplomacia 🌎",
                 "--body-file", body,
                 "--photo", photo,
                 "--caption", "Lavrov en la rueda de prensa “anual”",
                 "--credit", "Twitter/@LaVigesima",
                 "--alt", "Sergey Lavrov en un atril",
                 "--related", "Venezuela y Rusia|https://example.org/venezuela?a=1&b=2",
                 "--related", "La gira de Lavrov|http://example.com/gira",
                 "--status", "scheduled",
                 "--publish-at", "2031-01-01T09:00:00Z").stdout.strip()


@test
def complete_article_exports_are_valid(e):
    ident = new_complete(e)
    for fmt in SCHEMAS:
        item = json.loads(e.run("export", "--format", fmt, ident).stdout)
        validate(fmt, item, f"the complete article as {fmt}")
        # Every field made it: this is not a valid but empty item.
        assert item["uri"] == f"urn:uuid:{ident}", item["uri"]
        assert item["headlines"][0]["value"].startswith("Rusia se compromete"), item["headlines"]
        assert item["by"] == "María José Faría"
        assert item["located"] == "Moscú"
        assert item["language"] == "es-419"
        assert "<h2>Contexto</h2>" in item["bodies"][0]["value"]
        names = [a["name"] for a in item["associations"]]
        assert names == ["mainpic", "related-1", "related-2"], names
        rendition = item["associations"][0]["renditions"][0]
        assert rendition["href"].startswith("file:///"), rendition
        assert (rendition["width"], rendition["height"]) == (120, 80), rendition
        embargo = "embargoed" if fmt == "ninjs-2.2" else "embargoedUntil"
        status = "pubstatus" if fmt == "ninjs-2.2" else "pubStatus"
        assert item[embargo] == "2031-01-01T09:00:00Z", item
        assert item[status] == "withheld", item
        assert {s["rel"] for s in item["subjects"]} == {"section", "keyword"}, item["subjects"]


@test
def minimal_article_exports_are_valid(e):
    ident = e.run("new").stdout.strip()
    for fmt in SCHEMAS:
        item = json.loads(e.run("export", "--format", fmt, ident).stdout)
        validate(fmt, item, f"an empty article as {fmt}")
        assert item["uri"] == f"urn:uuid:{ident}"
    ident = e.run("new", "--headline", "Solo un titular", "--status", "published").stdout.strip()
    for fmt in SCHEMAS:
        item = json.loads(e.run("export", "--format", fmt, ident).stdout)
        validate(fmt, item, f"a headline-only article as {fmt}")


@test
def imported_wire_items_export_valid(e):
    for sample in ("wire-2.2.json", "wire-3.1.json", "superdesk.json"):
        ident = e.run("import", os.path.join(DATA, sample)).stdout.strip()
        for fmt in SCHEMAS:
            item = json.loads(e.run("export", "--format", fmt, ident).stdout)
            validate(fmt, item, f"{sample} re-exported as {fmt}")


@test
def sample_items_are_valid(e):
    validate("ninjs-2.2", json.load(open(os.path.join(DATA, "wire-2.2.json"), encoding="utf-8")),
             "wire-2.2.json")
    # The 3.1 sample is a hot-folder item: its rendition href is the picture's file name
    # beside it, a URI reference rather than an absolute URI. JSON Schema 2020-12 treats
    # "format" as an annotation by default, so the item is valid as the spec defines it.
    sample = json.load(open(os.path.join(DATA, "wire-3.1.json"), encoding="utf-8"))
    validate("ninjs-3.1", sample, "wire-3.1.json", formats=False)
    sample["associations"][0]["renditions"][0]["href"] = "https://media.example.mx/sismo.jpg"
    validate("ninjs-3.1", sample, "wire-3.1.json with an absolute href")


@test
def validation_is_not_vacuous(e):
    # The validator must reject what a careless exporter would write.
    ident = new_complete(e)
    for fmt in SCHEMAS:
        good = json.loads(e.run("export", "--format", fmt, ident).stdout)
        for mutate in (lambda i: i.__setitem__("headline", "1.x name"),
                       lambda i: i.__setitem__("keywords", ["a"]),
                       lambda i: i.pop("uri"),
                       lambda i: i["headlines"][0].pop("value"),
                       lambda i: i["associations"][0].__setitem__("bogus", 1),
                       lambda i: i.__setitem__("versioncreated" if fmt == "ninjs-2.2"
                                               else "versionCreated", "yesterday")):
            bad = json.loads(json.dumps(good))
            mutate(bad)
            try:
                validate(fmt, bad, "mutated item")
            except AssertionError:
                continue
            raise AssertionError(f"{fmt}: a broken item was accepted: {bad}")
        other = "ninjs-3.1" if fmt == "ninjs-2.2" else "ninjs-2.2"
        try:
            validate(other, good, "item against the other version")
        except AssertionError:
            pass
        else:
            raise AssertionError(f"a {fmt} item validated as {other}")


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
