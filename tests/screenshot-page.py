#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Renders a page (the folder target's index.html) headless with WebKitGTK 6.0, JavaScript
off, and saves the whole document as a PNG. Needs a display (run under xvfb-run).

    xvfb-run -a tests/screenshot-page.py PAGE.html OUT.png [WIDTH]
"""

import os
import sys

import gi

gi.require_version("Gtk", "4.0")
gi.require_version("WebKit", "6.0")
from gi.repository import Gio, GLib, Gtk, WebKit  # noqa: E402


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    page, out = os.path.abspath(sys.argv[1]), sys.argv[2]
    width = int(sys.argv[3]) if len(sys.argv) == 4 else 860
    loop = GLib.MainLoop()
    result = {"status": 1}

    settings = WebKit.Settings(enable_javascript=False)
    view = WebKit.WebView(settings=settings)
    window = Gtk.Window(default_width=width, default_height=900)
    window.set_child(view)
    window.present()

    def saved(view, res):
        try:
            texture = view.get_snapshot_finish(res)
            texture.save_to_png(out)
            result["status"] = 0
        except GLib.Error as error:
            print(f"snapshot failed: {error.message}", file=sys.stderr)
        loop.quit()

    def snap():
        view.get_snapshot(WebKit.SnapshotRegion.FULL_DOCUMENT, WebKit.SnapshotOptions.NONE,
                          None, saved)
        return GLib.SOURCE_REMOVE

    def load_changed(view, event):
        if event == WebKit.LoadEvent.FINISHED:
            # Let the photo decode and the layout settle.
            GLib.timeout_add(700, snap)

    def load_failed(view, event, uri, error):
        print(f"could not load {uri}: {error.message}", file=sys.stderr)
        loop.quit()
        return True

    view.connect("load-changed", load_changed)
    view.connect("load-failed", load_failed)
    view.load_uri(Gio.File.new_for_path(page).get_uri())
    GLib.timeout_add_seconds(60, loop.quit)
    loop.run()
    return result["status"]


if __name__ == "__main__":
    sys.exit(main())
