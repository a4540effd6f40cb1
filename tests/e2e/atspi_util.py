# SPDX-License-Identifier: GPL-3.0-or-later
"""Drive the real Newsdesk through the accessibility tree, as a screen reader would.

Runs with /usr/bin/python3 (python3-gi, gir1.2-atspi-2.0). Needs DISPLAY and a session bus
with the accessibility bus (started here through org.a11y.Bus)."""

import os
import signal
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from ndtest import tap_failure  # noqa: E402


def app_env(home, language="C", localedir=None):
    """The environment for the app with everything private under home (XDG dirs), the
    accessibility bridge on, X11, no portals, and the given LANGUAGE (under LC_ALL=C.UTF-8:
    glibc honours LANGUAGE unless the locale is "C", and C.UTF-8 is not "C" for this)."""
    env = dict(os.environ)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        os.makedirs(os.path.join(home, sub), exist_ok=True)
        env[var] = os.path.join(home, sub)
    env["HOME"] = home
    for var in ("NEWSDESK_LIBRARY", "NO_AT_BRIDGE", "GTK_A11Y", "LANG"):
        env.pop(var, None)
    env["LC_ALL"] = "C.UTF-8"
    env["LANGUAGE"] = language
    if localedir:
        env["NEWSDESK_LOCALEDIR"] = localedir
    env["GDK_BACKEND"] = "x11"
    env["GTK_USE_PORTAL"] = "0"
    return env


def start_a11y_bus():
    # Activates at-spi-bus-launcher on the session bus so GTK finds it at start-up.
    subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus",
                    "/org/a11y/bus", "org.a11y.Bus.GetAddress"],
                   check=True, capture_output=True, timeout=20)


class App:
    def __init__(self, binary, env, name="newsdesk"):
        self.binary = binary
        self.env = env
        self.name = name
        self.proc = None
        self.root = None

    def start(self, timeout=30):
        self.proc = subprocess.Popen([self.binary], env=self.env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"newsdesk exited early:\n{self.proc.stdout.read()}")
            desktop = Atspi.get_desktop(0)
            for i in range(desktop.get_child_count()):
                child = desktop.get_child_at_index(i)
                try:
                    if child is not None and child.get_process_id() == self.proc.pid:
                        self.root = child
                        return self
                except gi.repository.GLib.Error:
                    continue
            time.sleep(0.2)
        raise AssertionError("newsdesk never appeared on the accessibility bus")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def windows(self):
        return [self.root.get_child_at_index(i) for i in range(self.root.get_child_count())]


def walk(node, depth=0, max_depth=60):
    if node is None or depth > max_depth:
        return
    yield node
    try:
        n = node.get_child_count()
    except gi.repository.GLib.Error:
        return
    for i in range(n):
        try:
            child = node.get_child_at_index(i)
        except gi.repository.GLib.Error:
            continue
        yield from walk(child, depth + 1, max_depth)


def showing(node):
    try:
        return node.get_state_set().contains(Atspi.StateType.SHOWING)
    except gi.repository.GLib.Error:
        return False


def find_button(app, label, timeout=10):
    """A dialog button by its visible label. GTK 4.8 names a button with a mnemonic label
    "_Apply Apply" (the label joined to its labelled-by text), so match the end."""
    deadline = time.monotonic() + timeout
    while True:
        for window in app.windows():
            for node in walk(window):
                try:
                    if node.get_role_name() != "push button":
                        continue
                    name = node.get_name() or ""
                    if name == label or name.endswith(" " + label):
                        return node
                except gi.repository.GLib.Error:
                    continue
        if time.monotonic() > deadline:
            raise AssertionError(f"no button labelled {label!r}")
        time.sleep(0.2)


def find_clickable(app, name, timeout=10):
    """A widget with this name that can be pressed. A GtkMenuButton shows up twice on GTK
    4.8 (the menu button and its inner toggle); only the inner one has a click action."""
    deadline = time.monotonic() + timeout
    while True:
        for window in app.windows():
            for node in walk(window):
                try:
                    if node.get_name() != name:
                        continue
                    action = node.get_action_iface()
                    if action is not None and action.get_n_actions() > 0:
                        return node
                except gi.repository.GLib.Error:
                    continue
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing to press named {name!r}")
        time.sleep(0.2)


def find_in_window(app, window_name, name, timeout=10):
    """A pressable widget named name (or "_Label Label", GTK 4.8's mnemonic naming) inside
    the toplevel window called window_name."""
    deadline = time.monotonic() + timeout
    while True:
        for window in app.windows():
            try:
                if window.get_name() != window_name:
                    continue
            except gi.repository.GLib.Error:
                continue
            for node in walk(window):
                try:
                    label = node.get_name() or ""
                    if label != name and not label.endswith(" " + name):
                        continue
                    action = node.get_action_iface()
                    if action is not None and action.get_n_actions() > 0:
                        return node
                except gi.repository.GLib.Error:
                    continue
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing to press named {name!r} in {window_name!r}")
        time.sleep(0.2)


def find(app, name, role=None, timeout=10):
    """The widget with this accessible name (and role name, if given); one that is showing
    is preferred (GTK 4.8 does not always keep SHOWING up to date, so any match will do)."""
    deadline = time.monotonic() + timeout
    while True:
        fallback = None
        for window in app.windows():
            for node in walk(window):
                try:
                    if node.get_name() != name:
                        continue
                    if role and node.get_role_name() != role:
                        continue
                    if showing(node):
                        return node
                    fallback = fallback or node
                except gi.repository.GLib.Error:
                    continue
        if fallback is not None:
            return fallback
        if time.monotonic() > deadline:
            raise AssertionError(f"no widget named {name!r}" + (f" ({role})" if role else ""))
        time.sleep(0.2)


def names(app):
    out = []
    for window in app.windows():
        for node in walk(window):
            try:
                out.append((node.get_role_name(), node.get_name()))
            except gi.repository.GLib.Error:
                pass
    return out


def report_failure(title, app=None):
    """TAP "not ok TITLE" with the exception and, if the app is up, every accessible name
    it shows."""
    tap_failure(title)
    if app is not None and app.root is not None:
        for role, label in names(app):
            if label:
                print(f"#   {role}: {label}")


def click(node):
    action = node.get_action_iface()
    if action is None and node.get_role_name() == "label":
        # A button's label matched the name; press the button around it.
        node = node.get_parent()
        action = node.get_action_iface()
    assert action is not None, f"{node.get_name()} has no action"
    for i in range(action.get_n_actions()):
        if action.get_action_name(i) in ("click", "press", "activate"):
            action.do_action(i)
            return
    action.do_action(0)


def text_of(node):
    text = node.get_text_iface()
    assert text is not None, f"{node.get_name()} has no text"
    # getText(0, -1) returns '' on GTK 4.8: ask for the real length.
    return text.get_text(0, text.get_character_count())


def set_text(node, value):
    editable = node.get_editable_text_iface()
    assert editable is not None, f"{node.get_name()} is not editable"
    editable.set_text_contents(value)


def insert_text(node, position, value):
    editable = node.get_editable_text_iface()
    editable.insert_text(position, value, len(value.encode("utf-8")))


def wait_for(predicate, timeout=10, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True, timeout=20)


def window_origin(app):
    """Screen position of the app's first window (for real clicks)."""
    out = subprocess.run(["xdotool", "search", "--pid", str(app.proc.pid), "--onlyvisible",
                          "--name", "."], capture_output=True, text=True, timeout=10).stdout.split()
    wid = out[-1]
    geo = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid], capture_output=True,
                         text=True, timeout=10).stdout
    vals = dict(line.split("=", 1) for line in geo.split())
    return wid, int(vals["X"]), int(vals["Y"]), int(vals["WIDTH"])


def real_click(app, node):
    """A real pointer click in the middle of node: moves keyboard focus like a person."""
    wid, wx, wy, xwidth = window_origin(app)
    ext = node.get_extents(Atspi.CoordType.WINDOW)
    frame = app.windows()[0].get_extents(Atspi.CoordType.WINDOW)
    margin = max(0, (xwidth - frame.width) // 2)
    x = wx + margin + ext.x + ext.width // 2
    y = wy + margin + ext.y + ext.height // 2
    xdotool("windowfocus", "--sync", wid)
    xdotool("mousemove", "--sync", str(x), str(y), "click", "1")
