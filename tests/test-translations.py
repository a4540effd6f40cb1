#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# The translations: every po/LINGUAS catalog passes `msgfmt --check`; the Spanish one
# translates every message of the current sources (nothing untranslated, nothing fuzzy,
# mnemonics kept); and the catalog the build compiled is the one the programs use: the real
# newsdesk-cli speaks Spanish with LANGUAGE=es; and the desktop file and metainfo merge with
# the Spanish strings. Prints TAP.
import os
import re
import subprocess
import sys
import tempfile

SRCDIR = os.environ.get('G_TEST_SRCDIR')
TOP = os.path.dirname(os.path.abspath(SRCDIR)) if SRCDIR else \
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILDDIR = os.environ.get('G_TEST_BUILDDIR')
BUILD_TOP = os.path.dirname(os.path.abspath(BUILDDIR)) if BUILDDIR else None
CLI = os.environ.get('NEWSDESK_CLI')
LOCALEDIR = os.environ.get('NEWSDESK_LOCALEDIR') or (BUILD_TOP and os.path.join(BUILD_TOP, 'po'))
PO = os.path.join(TOP, 'po')

# The keywords and flags of meson's "glib" i18n preset (what `newsdesk-pot` runs).
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]

results = []


def check(ok, name, diag=()):
    results.append((bool(ok), name, list(diag)))


def skip(name, why):
    results.append((True, name + ' # SKIP ' + why, []))


def linguas():
    langs = []
    with open(os.path.join(PO, 'LINGUAS'), encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0]
            langs += line.split()
    return langs


def unquote(s):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), s)


def entries(path):
    """(flags, msgid, [msgstr…]) of each message of a catalog, the header left out."""
    out = []
    with open(path, encoding='utf-8') as f:
        text = f.read()
    for chunk in re.split(r'\n\s*\n', text):
        flags, key, fields = [], None, {}
        for line in chunk.splitlines():
            if line.startswith('#,'):
                flags += [x.strip() for x in line[2:].split(',')]
            elif line.startswith('#'):
                continue
            else:
                m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
                if m:
                    key = m.group(1)
                    fields[key] = unquote(m.group(2))
                elif line.startswith('"') and key:
                    fields[key] += unquote(line.strip()[1:-1])
        if fields.get('msgid'):
            strs = [v for k, v in sorted(fields.items()) if k.startswith('msgstr')]
            out.append((flags, fields['msgid'], strs))
    return out


def mnemonic(s):
    """The letter after the mnemonic underscore, or None (a "__" is a literal underscore)."""
    m = re.search(r'(?<!_)_([^\s_])', s.replace('__', ''))
    return m.group(1) if m else None


def main():
    langs = linguas()
    check('es' in langs, 'po/LINGUAS lists es', ['LINGUAS: %r' % langs])

    # 1. msgfmt --check of every catalog.
    for lang in langs:
        path = os.path.join(PO, lang + '.po')
        proc = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, path],
                              capture_output=True, text=True)
        diag = [l for l in proc.stderr.splitlines() if l.strip()]
        check(proc.returncode == 0, 'msgfmt --check po/%s.po' % lang, diag)

    # 2. The Spanish catalog against the current sources: a template made now, merged.
    es = os.path.join(PO, 'es.po')
    with tempfile.TemporaryDirectory(prefix='nd-translations-') as tmp:
        pot = os.path.join(tmp, 'newsdesk.pot')
        proc = subprocess.run(['xgettext', '--package-name=newsdesk', '--directory=' + TOP,
                               '--files-from=' + os.path.join(PO, 'POTFILES'),
                               '--output=' + pot] + XGETTEXT_ARGS,
                              capture_output=True, text=True)
        check(proc.returncode == 0 and os.path.isfile(pot), 'xgettext makes the template',
              proc.stderr.splitlines())
        merged = os.path.join(tmp, 'es.po')
        proc = subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, es, pot],
                              capture_output=True, text=True)
        check(proc.returncode == 0, 'msgmerge po/es.po with the template', proc.stderr.splitlines())
        if proc.returncode == 0:
            msgs = entries(merged)
            untranslated = [m for f, m, s in msgs if not s or not all(s)]
            fuzzy = [m for f, m, s in msgs if 'fuzzy' in f]
            check(msgs and not untranslated,
                  'po/es.po translates every message of the sources (%d)' % len(msgs),
                  ['untranslated: %r' % m for m in untranslated])
            check(not fuzzy, 'po/es.po has no fuzzy translation', ['fuzzy: %r' % m for m in fuzzy])
            # Messages that were dropped from the sources are only a note.
            obsolete = sum(1 for l in open(merged, encoding='utf-8') if l.startswith('#~ msgid '))
            check(True, 'messages no longer in the sources: %d' % obsolete)

    # 3. Mnemonics survive: a "_X" label keeps exactly one mnemonic in Spanish, and the
    # Spanish labels of one menu do not share a mnemonic letter.
    bad = []
    own = entries(es)
    for flags, msgid, strs in own:
        if re.match(r'^_\w', msgid):
            for s in strs:
                if not mnemonic(s) or s.replace('__', '').count('_') != 1:
                    bad.append('%r → %r' % (msgid, s))
    check(not bad, 'every mnemonic label keeps one mnemonic', bad)
    # {caption}-style placeholders (the photo caption format) are kept as they are.
    lost = []
    for flags, msgid, strs in own:
        want = set(re.findall(r'\{\w+\}', msgid))
        for s in strs:
            if s and set(re.findall(r'\{\w+\}', s)) != want:
                lost.append('%r → %r' % (msgid, s))
    check(not lost, 'every {placeholder} is kept', lost)
    tr = {m: s[0] for f, m, s in own if s}
    menus = [['_New Article', '_Reload Library', '_Preferences', '_Keyboard Shortcuts',
              '_About Newsdesk'],
             ['_Save Revision', '_Duplicate', '_Delete'],
             ['_Cancel', '_Remove Link', '_Apply'],
             ['_Cancel', '_Open Theirs as a Copy', '_Overwrite'],
             ['_Cancel', '_Save', '_Test Connection'],
             ['_Cancel', '_Publish', '_Try Again']]
    clashes = []
    for menu in menus:
        letters = [mnemonic(tr.get(m, m)).lower() for m in menu if mnemonic(tr.get(m, m))]
        if len(set(letters)) != len(letters):
            clashes.append('%r: %r' % ([tr.get(m, m) for m in menu], letters))
    check(not clashes, 'no two items of a menu share a mnemonic in Spanish', clashes)

    # 4. The compiled catalog is used by the real program.
    mo = LOCALEDIR and os.path.join(LOCALEDIR, 'es', 'LC_MESSAGES', 'newsdesk.mo')
    if not CLI or not mo:
        skip('newsdesk-cli --help speaks Spanish', 'NEWSDESK_CLI or the build directory unknown')
    else:
        check(os.path.isfile(mo), 'the build compiled %s' % mo)
        env = dict(os.environ)
        env.pop('LANG', None)
        env.update({'LC_ALL': 'C.UTF-8', 'LANGUAGE': 'es', 'NEWSDESK_LOCALEDIR': LOCALEDIR})
        proc = subprocess.run([CLI, '--help'], env=env, capture_output=True, text=True)
        out = proc.stdout + proc.stderr
        check(proc.returncode == 0 and 'Uso: newsdesk-cli' in out and 'Órdenes:' in out and
              'Publicar un artículo en una cuenta' in out,
              'newsdesk-cli --help speaks Spanish with LANGUAGE=es',
              ['exit %d' % proc.returncode] + out.splitlines())
        proc = subprocess.run([CLI, 'frobnicate'], env=env, capture_output=True, text=True)
        check(proc.returncode == 2 and 'orden desconocida «frobnicate»' in proc.stderr,
              'an error message with a format argument comes out in Spanish',
              ['exit %d' % proc.returncode] + proc.stderr.splitlines()[:3])
        # The control: the same program in English, so the Spanish came from the catalog.
        env['LANGUAGE'] = 'en'
        proc = subprocess.run([CLI, '--help'], env=env, capture_output=True, text=True)
        check('Usage: newsdesk-cli' in proc.stdout + proc.stderr,
              'newsdesk-cli --help is English with LANGUAGE=en', proc.stdout.splitlines()[:2])

    # 5. The desktop file and metainfo merged with the catalogs (as i18n.merge_file does: the
    # build does not redo that merge when only a .po changes, so merge here from the sources).
    with tempfile.TemporaryDirectory(prefix='nd-merge-') as tmp:
        data = os.path.join(TOP, 'data')
        desktop = os.path.join(tmp, 'newsdesk.desktop')
        proc = subprocess.run(['msgfmt', '--desktop', '-d', PO, '--template',
                               os.path.join(data, 'io.github.newsdesk.Newsdesk.desktop.in'),
                               '-o', desktop], capture_output=True, text=True)
        text = open(desktop, encoding='utf-8').read() if proc.returncode == 0 else ''
        check('GenericName[es]=Editor de artículos periodísticos' in text and
              re.search(r'^Keywords\[es\]=.*periodismo;', text, re.M),
              'the desktop file gets the Spanish name and keywords',
              proc.stderr.splitlines() + [l for l in text.splitlines() if '[es]' in l])
        metainfo = os.path.join(tmp, 'newsdesk.metainfo.xml')
        proc = subprocess.run(['msgfmt', '--xml', '-d', PO, '--template',
                               os.path.join(data, 'io.github.newsdesk.Newsdesk.metainfo.xml.in'),
                               '-o', metainfo], capture_output=True, text=True)
        text = open(metainfo, encoding='utf-8').read() if proc.returncode == 0 else ''
        check('<summary xml:lang="es">Escriba noticias y publíquelas en su CMS</summary>' in text,
              'the metainfo gets the Spanish summary', proc.stderr.splitlines())

    print('1..%d' % len(results))
    failed = 0
    for i, (ok, name, diag) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        for d in diag:
            print('# ' + d)
        failed += not ok
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
