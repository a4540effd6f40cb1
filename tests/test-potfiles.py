#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# po/POTFILES must list every source file that has translatable strings, and only files
# that exist; and xgettext must extract the listed files without an error, with the same
# keywords as meson's "glib" i18n preset. Prints TAP.
import os
import re
import subprocess
import sys
import tempfile

SRCDIR = os.environ.get('G_TEST_SRCDIR')
TOP = os.path.dirname(os.path.abspath(SRCDIR)) if SRCDIR else \
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# C: _( N_( C_( NC_( and the g_d*gettext calls; GtkBuilder: translatable="yes".
C_MARK = re.compile(r'(?<![\w])(?:N|C|NC)?_\s*\(\s*"|\bg_d(?:n|c|p)?gettext2?\s*\(')
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')

# The glib preset of meson's i18n.gettext ().
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
]

results = []


def check(ok, name, diag=()):
    results.append((ok, name, list(diag)))


def translatable_files():
    found = []
    for sub in ('src', 'ui'):
        for root, dirs, files in os.walk(os.path.join(TOP, sub)):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                rel = os.path.relpath(path, TOP)
                if name.endswith(('.c', '.h')):
                    mark = C_MARK
                elif name.endswith('.ui'):
                    mark = UI_MARK
                else:
                    continue
                with open(path, encoding='utf-8', errors='replace') as f:
                    text = f.read()
                if name.endswith(('.c', '.h')):
                    # Comments may mention _( without being translatable.
                    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
                    text = re.sub(r'^\s*//.*$', '', text, flags=re.M)
                if mark.search(text):
                    found.append(rel)
    return found


def read_potfiles():
    entries = []
    with open(os.path.join(TOP, 'po', 'POTFILES'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def main():
    listed = read_potfiles()
    listed_set = set(listed)

    missing = [f for f in translatable_files() if f not in listed_set]
    check(not missing, 'every file with translatable strings is in po/POTFILES',
          ['missing from po/POTFILES: ' + f for f in missing])

    absent = [f for f in listed if not os.path.isfile(os.path.join(TOP, f))]
    check(not absent, 'every file in po/POTFILES exists',
          ['listed but not found: ' + f for f in absent])

    dups = sorted({f for f in listed if listed.count(f) > 1})
    check(not dups, 'no file is listed twice', ['listed twice: ' + f for f in dups])

    present = [f for f in listed if os.path.isfile(os.path.join(TOP, f))]
    with tempfile.TemporaryDirectory(prefix='nd-potfiles-') as tmp:
        files_from = os.path.join(tmp, 'POTFILES')
        with open(files_from, 'w', encoding='utf-8') as f:
            f.write('\n'.join(present) + '\n')
        pot = os.path.join(tmp, 'newsdesk.pot')
        proc = subprocess.run(['xgettext', '--package-name=newsdesk', '--directory=' + TOP,
                               '--files-from=' + files_from, '--output=' + pot] + XGETTEXT_ARGS,
                              capture_output=True, text=True)
        diag = [l for l in proc.stderr.splitlines() if l.strip()]
        check(proc.returncode == 0, 'xgettext extracts po/POTFILES without errors', diag)
        # Warnings (a format string xgettext cannot parse, an empty msgid, …) count too.
        check(proc.returncode != 0 or not diag, 'xgettext prints no warnings', diag)

        count = 0
        if os.path.isfile(pot):
            with open(pot, encoding='utf-8') as f:
                count = sum(1 for l in f if l.startswith('msgid "')) - 1  # the header
        check(count > 0, 'the template holds messages (%d)' % count)

        # Each listed file contributes at least one message (a file without any is stale).
        referenced = set()
        if os.path.isfile(pot):
            with open(pot, encoding='utf-8') as f:
                for l in f:
                    if l.startswith('#: '):
                        for ref in l[3:].split():
                            referenced.add(ref.rsplit(':', 1)[0])
        # Only a note: a listed file without messages costs nothing.
        stale = [f for f in present if f not in referenced]
        check(True, 'files without messages: %d' % len(stale),
              ['listed, but no message from: ' + f for f in stale])

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
