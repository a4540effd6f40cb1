#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every Newsdesk benchmark of issue 7 in one run, printed as one table: scenario, figure
(median of --runs after a warm-up), the reference measured in the same run, the ratio,
the goal, and whether it is met. Figures, not a pass/fail test: the exit status is 0
whenever every row got a figure (--smoke: 1 run each, no warm-up, tiny sizes — the test
suite runs that to check every scenario still works).

Needs a display and a session bus (build-aux/bench starts them). Usage:
  bench-all.py --build BUILD_DIR [--runs N] [--smoke] [--only NAME,...]"""

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))


def load(name, filename):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, filename))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Row:
    def __init__(self, scenario, goal):
        self.scenario, self.goal = scenario, goal
        self.figure = self.reference = self.ratio = None
        self.met = None
        self.why = None   # "not measured: …"

    def cells(self):
        if self.why:
            return [self.scenario, f"not measured: {self.why}", "", "", self.goal, ""]
        return [self.scenario, self.figure, self.reference or "—", self.ratio or "—",
                self.goal, "met" if self.met else "NOT met"]


def median(values):
    return statistics.median(values)


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build)
        self.smoke = args.smoke
        self.runs = 1 if args.smoke else args.runs
        self.warmup = 0 if args.smoke else 1
        self.root = tempfile.mkdtemp(prefix="newsdesk-bench-all-")
        env = dict(os.environ)
        # Benchmarks run without the test suite's slow-down knobs.
        for var in ("G_DEBUG", "MALLOC_CHECK_", "G_SLICE", "NO_AT_BRIDGE"):
            env.pop(var, None)
        env.update(
            GSETTINGS_BACKEND="memory",
            GSETTINGS_SCHEMA_DIR=os.path.join(self.build, "data"),
            NEWSDESK_LOCALEDIR=os.path.join(self.build, "po"),
            NEWSDESK_CLI=self.path("src/cli/newsdesk-cli"),
            NEWSDESK_BIN=self.path("src/newsdesk"),
            NEWSDESK_BARE_ADW=self.path("tests/bare-adw"),
            HOME=self.root,
            XDG_CACHE_HOME=os.path.join(self.root, "cache"),   # warm within the batch
            XDG_CONFIG_HOME=os.path.join(self.root, "config"),
            XDG_DATA_HOME=os.path.join(self.root, "data"),
            LC_ALL="C.UTF-8",
        )
        self.env = env
        os.environ.update(env)   # for the helper modules, which read os.environ
        self.rows = []

    def path(self, rel):
        return os.path.join(self.build, rel)

    def results(self, cmd, timeout, key, env=None):
        """Runs a bench program; returns the fields of its "@result key …" line."""
        proc = subprocess.run(cmd, env=env or self.env, capture_output=True, text=True,
                              timeout=timeout)
        for line in proc.stdout.splitlines():
            if line.startswith(f"@result {key} "):
                return line.split()[2:]
            if not line.startswith("@result"):
                self.log(line)
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise RuntimeError(f"{os.path.basename(cmd[0])} exited {proc.returncode} without a "
                           f"figure:\n{tail}")

    def log(self, line):
        if self.args.verbose:
            print(f"  | {line}", file=sys.stderr)

    def row(self, scenario, goal):
        r = Row(scenario, goal)
        self.rows.append(r)
        return r

    # ---- scenarios -----------------------------------------------------------------

    def startup(self):
        articles = 500 if self.smoke else self.args.articles
        rows = [self.row("start → first frame, empty library", "≤ 1.3×"),
                self.row(f"start → first frame, {articles:,} articles", "≤ 1.4×"),
                self.row(f"RSS after start, {articles:,} articles", "≤ ref + 25 MB")]
        try:
            startup = load("bench_startup", "bench-startup.py")
            cli_list = load("bench_cli_list", "bench-cli-list.py")
            full_dir = os.path.join(self.root, "full")
            os.makedirs(full_dir)
            cli_list.make_library(full_dir, articles)
            env = dict(self.env, NEWSDESK_BENCH="1")
            if self.smoke:
                env["NEWSDESK_BENCH_SETTLE_MS"] = "300"
            empty = dict(env, NEWSDESK_LIBRARY=os.path.join(self.root, "empty"))
            full = dict(env, NEWSDESK_LIBRARY=full_dir)
            # The library index, as a first start writes it. Not with the app: it lists after
            # its first frame, and a bench run may end before a full rebuild is written.
            subprocess.run([self.env["NEWSDESK_CLI"], "--library", full_dir, "list"],
                           env=self.env, stdout=subprocess.DEVNULL, check=True, timeout=300)
            startup.run_once(self.env["NEWSDESK_BIN"], full)
            series = {"bare": [], "empty": [], "full": []}
            binaries = {"bare": (self.env["NEWSDESK_BARE_ADW"], env),
                        "empty": (self.env["NEWSDESK_BIN"], empty),
                        "full": (self.env["NEWSDESK_BIN"], full)}
            for name in series:
                for _ in range(self.warmup):
                    startup.run_once(*binaries[name])
            # Interleaved, so drift on a shared machine hits all three alike.
            for _ in range(self.runs):
                for name in series:
                    series[name].append(startup.run_once(*binaries[name]))
            for r in series["full"]:
                startup.check_library_shown(r, articles)
            frame = {k: median(r["first-frame"] for r in v) / 1000 for k, v in series.items()}
            rss = {k: median(r.get("rss", 0) for r in v) / 1024 for k, v in series.items()}
        except Exception as e:   # noqa: BLE001 — a row says why instead
            for r in rows:
                r.why = short(e)
            return
        for r, key, goal in ((rows[0], "empty", 1.3), (rows[1], "full", 1.4)):
            ratio = round(frame[key] / frame["bare"], 2)   # judged as printed
            r.figure, r.reference = f"{frame[key]:.0f} ms", f"{frame['bare']:.0f} ms bare adw"
            r.ratio, r.met = f"{ratio:.2f}×", ratio <= goal
        growth = rss["full"] - rss["bare"]
        rows[2].figure = f"{rss['full']:.0f} MB"
        rows[2].reference = f"{rss['bare']:.0f} MB bare adw"
        rows[2].ratio, rows[2].met = f"+{growth:.0f} MB", growth <= 25

    def typing(self):
        words = 2000 if self.smoke else 20000
        r = self.row(f"keystroke → painted, {words:,} words, spell on", "≤ 1.25×")
        keys = 5 if self.smoke else max(10, self.runs * 10)
        try:
            editor, bare, spell = self.results(
                [self.path("tests/bench-typing"), "--keys", str(keys), "--words", str(words)],
                300, "typing")
        except Exception as e:   # noqa: BLE001
            r.why = short(e)
            return
        editor, bare = float(editor), float(bare)
        ratio = round(editor / bare, 2)
        r.figure = f"{editor:.1f} ms" + ("" if spell == "spell-on" else " (spell checker OFF)")
        r.reference = f"{bare:.1f} ms GtkTextView"
        r.ratio, r.met = f"{ratio:.2f}×", ratio <= 1.25

    def autosave(self):
        words = 2000 if self.smoke else 20000
        r1 = self.row(f"autosave, {words:,} words + photo: main thread", "≤ 15 ms")
        r2 = self.row("autosave: longest frame while saving", "≤ 20 ms")
        try:
            sync, frame, worst = self.results(
                [self.path("tests/bench-autosave"), "--runs", str(self.runs),
                 "--words", str(words)], 300, "autosave")
        except Exception as e:   # noqa: BLE001
            r1.why = r2.why = short(e)
            return
        sync, frame, worst = float(sync), float(frame), float(worst)
        r1.figure, r1.met = f"{sync:.2f} ms", sync <= 15
        r2.figure, r2.met = f"{frame:.1f} ms (worst {worst:.1f})", frame <= 20

    def select(self):
        words = 2000 if self.smoke else 20000
        r = self.row(f"select a {words:,}-word article → painted", "≤ 100 ms")
        try:
            (ms,) = self.results(
                [self.path("tests/bench-select"), "--runs", str(self.runs), "--words",
                 str(words), "--articles", "20" if self.smoke else "200"], 300, "select")
        except Exception as e:   # noqa: BLE001
            r.why = short(e)
            return
        r.figure, r.met = f"{float(ms):.0f} ms", float(ms) <= 100

    def wordpress(self):
        size = 2 if self.smoke else 25
        r1 = self.row("publish the complete article, loopback WP", "≤ 1.2×")
        r2 = self.row(f"upload of a {size} MB photo: peak RSS growth", "≤ 10 MB")
        if shutil.which("php") is None or shutil.which("mariadbd") is None and \
                not os.path.exists("/usr/sbin/mariadbd"):
            r1.why = r2.why = "WordPress fixture packages missing (build-aux/bench installs them)"
            return
        state = os.path.join(self.root, "wp-state")
        cmd = [os.path.join(SRC, "tests", "wordpress", "wp-fixture.sh"), "run", state, "--",
               sys.executable, os.path.join(HERE, "bench-wp.py"),
               "--runs", str(self.runs), "--upload-runs", "1" if self.smoke else "5",
               "--upload-mb", str(size)]
        proc = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=600)
        found = {}
        for line in proc.stdout.splitlines():
            if line.startswith("@result "):
                found[line.split()[1]] = line.split()[2:]
            else:
                self.log(line)
        why = "bench-wp.py failed: " + last_line(proc.stderr) if proc.returncode else "no figure"
        if "publish" in found:
            app, ref = map(float, found["publish"])
            r1.figure, r1.reference = f"{app:.0f} ms", f"{ref:.0f} ms curl"
            ratio = round(app / ref, 2)
            r1.ratio, r1.met = f"{ratio:.2f}×", ratio <= 1.2
        else:
            r1.why = why
        if "upload" in found:
            growth = float(found["upload"][0])
            r2.figure, r2.met = f"+{growth:.1f} MB", growth <= 10
        else:
            r2.why = why

    def cli_list(self):
        articles = 500 if self.smoke else self.args.articles
        r = self.row(f"newsdesk-cli list, {articles:,} articles", "≤ 200 ms")
        try:
            cli_list = load("bench_cli_list2", "bench-cli-list.py")
            cli_list.CLI = self.env["NEWSDESK_CLI"]
            lib = os.path.join(self.root, "cli-list")
            os.makedirs(lib)
            cli_list.make_library(lib, articles)
            _, rows = cli_list.time_list(lib)   # builds the index: the warm-up
            if rows != articles:
                raise RuntimeError(f"listed {rows} of {articles}")
            times = [cli_list.time_list(lib)[0] for _ in range(self.runs)]
            refs = [cli_list.time_reference() for _ in range(self.runs)]
        except Exception as e:   # noqa: BLE001
            r.why = short(e)
            return
        ms, ref = median(times), median(refs)
        r.figure, r.reference = f"{ms:.0f} ms", f"{ref:.1f} ms /bin/true"
        r.ratio, r.met = f"{ms / ref:.1f}×", ms <= 200

    SCENARIOS = ("startup", "typing", "autosave", "select", "wordpress", "cli_list")

    def run(self):
        wanted = self.args.only.split(",") if self.args.only else self.SCENARIOS
        try:
            for name in self.SCENARIOS:
                if name in wanted:
                    t0 = time.monotonic()
                    getattr(self, name)()
                    print(f"# {name}: {time.monotonic() - t0:.0f} s", file=sys.stderr)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
        self.print_table()
        return all(r.why is None for r in self.rows)

    def print_table(self):
        head = ["scenario", "figure (median)", "reference", "ratio", "goal", ""]
        cells = [head] + [r.cells() for r in self.rows]
        widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
        kind = "smoke run: 1 run each, tiny sizes" if self.smoke else \
            f"median of {self.runs} runs after a warm-up"
        print(f"\nNewsdesk benchmarks ({kind}; build {os.path.basename(self.build)})")
        for n, c in enumerate(cells):
            print("  ".join(c[i].ljust(widths[i]) for i in range(len(head))).rstrip())
            if n == 0:
                print("  ".join("-" * w for w in widths))


def short(error):
    """The first line, for the table; all of it on stderr."""
    if isinstance(error, RuntimeError):
        print(f"# {error}", file=sys.stderr)
    else:
        traceback.print_exception(error, file=sys.stderr)
    return last_line(str(error)).rstrip(":") or type(error).__name__


def last_line(text):
    lines = [l.strip() for l in str(text).strip().splitlines() if l.strip()]
    return lines[0][:100] if lines else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True, help="the meson build directory")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--only", help="comma-separated: " + ",".join(Bench.SCENARIOS))
    parser.add_argument("--verbose", action="store_true", help="show each program's output")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        # A failure, not a skip: the suite runs under build-aux/test, which provides one.
        print("needs a display: run build-aux/bench or build-aux/test (they start Xvfb)",
              file=sys.stderr)
        return 1
    ok = Bench(args).run()
    if not ok:
        print("some rows have no figure (see above)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
