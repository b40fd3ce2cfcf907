#!/usr/bin/env python3
"""make mutants: plant each classic mistake of tests/mutants/catalogue.toml in a scratch copy of
the tree, rebuild incrementally, run the unit, gradient and lecture tests, and print a table.

One scratch copy (<root>/build/mutants/tree), one build directory inside it (build/release, the
release preset, so the shared compiler cache hits), one mistake at a time: apply -> build -> run
the three test executables -> revert. Exit status 1 when a mistake survives, when an entry's search
text does not occur exactly once (a stale entry), or when a mistake does not compile; 2 on a usage
error or when the unmutated tree already fails a test. Python 3.11 standard library only.

  tests/mutants/run.py                 every entry
  tests/mutants/run.py --only a,b      the entries with these ids
  tests/mutants/run.py --check         only check that every search text occurs exactly once
  tests/mutants/run.py --list          the entries, one line each
See tests/mutants/README.md for the catalogue's format.
"""

import argparse
import fnmatch
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info < (3, 11):
    sys.exit("mutants: needs Python 3.11 or later (tomllib reads tests/mutants/catalogue.toml)")
import tomllib  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Path(__file__).resolve().parent / "catalogue.toml"
SUITES = ("unit", "grad", "lectures")          # the test executables <suite>_tests
SKIP_LABELS = ("slow", "golden")               # CTest labels whose tests run only when asked for
COPY_EXCLUDE = {".git", "build", "plots", "homework", "__pycache__", ".ipynb_checkpoints"}
LINKED = {"data"}                              # top-level directories linked, not copied (MNIST)
KEYS = {"id", "file", "search", "replace", "concerns", "mistake", "catchers", "need", "pending",
        "ctest"}


class Usage(Exception):
    """A problem with the command line or the catalogue itself (exit status 2)."""


# ---------------------------------------------------------------------------------------------
# The catalogue

@dataclass
class Entry:
    id: str
    file: str
    search: str
    replace: str
    concerns: str
    mistake: str
    catchers: list
    need: int
    pending: str = ""
    ctest: str = ""
    line: int = 0                   # where `search` starts in the tree (1-based), 0 when stale
    stale: str = ""                 # why the entry cannot be applied
    failed: list = field(default_factory=list)
    status: str = ""
    note: str = ""


def load_catalogue(path=CATALOGUE):
    """The entries of the catalogue, checked for form (not yet against the tree)."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise Usage(f"{path}: {e}")
    raw = data.get("mutant")
    if not isinstance(raw, list) or not raw:
        raise Usage(f"{path}: no [[mutant]] entries")
    entries, seen = [], set()
    for n, r in enumerate(raw, 1):
        where = f"{path.name}: entry {n} ({r.get('id', 'no id')})"
        unknown = set(r) - KEYS
        if unknown:
            raise Usage(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        for k in ("id", "file", "search", "replace", "concerns", "mistake"):
            if not isinstance(r.get(k), str):
                raise Usage(f"{where}: '{k}' must be a string")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", r["id"]):
            raise Usage(f"{where}: id must be lower-case letters, digits and '-'")
        if r["id"] in seen:
            raise Usage(f"{where}: id '{r['id']}' appears twice")
        seen.add(r["id"])
        if not r["search"] or "\n" in r["search"] or "\n" in r["replace"]:
            raise Usage(f"{where}: search must be non-empty, search and replace on one line")
        if r["search"] == r["replace"]:
            raise Usage(f"{where}: replace equals search")
        catchers = r.get("catchers", [])
        if not isinstance(catchers, list) or not catchers or not all(isinstance(c, str) for c in catchers):
            raise Usage(f"{where}: 'catchers' must be a non-empty list of test names")
        need = r.get("need", 1)
        if need not in (1, 2):
            raise Usage(f"{where}: 'need' must be 1 or 2")
        entries.append(Entry(r["id"], r["file"], r["search"], r["replace"], r["concerns"],
                             r["mistake"], catchers, need, r.get("pending", ""), r.get("ctest", "")))
    return entries


def locate(entry, root):
    """Sets entry.line, or entry.stale when the search text does not occur exactly once."""
    path = root / entry.file
    if not path.is_file():
        entry.stale = f"{entry.file} does not exist"
        return
    text = path.read_text(encoding="utf-8")
    count = text.count(entry.search)
    if count != 1:
        entry.stale = f"search text occurs {count} times in {entry.file} (must be exactly once)"
        return
    entry.line = text[: text.index(entry.search)].count("\n") + 1


# ---------------------------------------------------------------------------------------------
# The scratch tree

def _remove(p):
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p)
    elif p.exists() or p.is_symlink():
        p.unlink()


def _link(target, link):
    """Makes `target` a symbolic link to `link`; True when it had to change."""
    if target.is_symlink() and os.readlink(target) == str(link):
        return False
    _remove(target)
    os.symlink(link, target)
    return True


def sync_tree(src, dst):
    """Makes dst a copy of src (without build output or .git), rewriting only the files whose
    bytes differ, so that the build in dst stays incremental. Symbolic links are copied as links;
    a top-level data/ directory (MNIST) is linked, not copied."""
    dst.mkdir(parents=True, exist_ok=True)
    changed = 0
    for dirpath, dirnames, filenames in os.walk(src, followlinks=False):
        here = Path(dirpath)
        rel = here.relative_to(src)
        top = rel == Path(".")
        dirnames[:] = [d for d in dirnames
                       if d not in (COPY_EXCLUDE if top else {"__pycache__", ".ipynb_checkpoints"})]
        links = [d for d in dirnames if (here / d).is_symlink() or (top and d in LINKED)]
        dirnames[:] = [d for d in dirnames if d not in links]
        target_dir = dst / rel
        target_dir.mkdir(parents=True, exist_ok=True)
        wanted = set(dirnames) | set(filenames) | set(links) | ({"build"} if top else set())
        for existing in os.listdir(target_dir):
            if existing not in wanted:
                _remove(target_dir / existing)
                changed += 1
        for name in links:
            s = here / name
            changed += _link(target_dir / name, os.readlink(s) if s.is_symlink() else s.resolve())
        for name in filenames:
            s, d = here / name, target_dir / name
            if s.is_symlink():
                changed += _link(d, os.readlink(s))
                continue
            data = s.read_bytes()
            if d.is_file() and not d.is_symlink() and d.read_bytes() == data:
                continue
            _remove(d)
            d.write_bytes(data)
            shutil.copymode(s, d)
            changed += 1
    return changed


class Tree:
    """The scratch copy and its build directory."""

    def __init__(self, root, scratch, jobs, log):
        self.root, self.dir, self.jobs, self.log = root, scratch / "tree", jobs, log
        self.build_dir = self.dir / "build" / "release"
        self.tests = {}      # suite -> list of gtest names to run (slow and golden left out)

    def run(self, cmd, timeout=None, **kw):
        with open(self.log, "a") as log:
            log.write(f"\n$ {' '.join(map(str, cmd))}\n")
            log.flush()
            return subprocess.run(cmd, cwd=self.dir, stdout=log, stderr=subprocess.STDOUT,
                                  timeout=timeout, **kw)

    def prepare(self):
        changed = sync_tree(self.root, self.dir)
        if not (self.build_dir / "CMakeCache.txt").exists():
            r = self.run(["cmake", "--preset", "release"])
            if r.returncode != 0:
                raise Usage(f"configuring the scratch tree failed (see {self.log})")
        return changed

    def build(self, everything=False):
        cmd = ["cmake", "--build", str(self.build_dir), "-j", str(self.jobs)]
        if not everything:
            cmd += ["--target"] + [f"{s}_tests" for s in SUITES]
        return self.run(cmd).returncode == 0

    def discover(self):
        """The gtest names of each suite, without the tests CTest labels slow or golden."""
        skip = set()
        r = subprocess.run(["ctest", "--test-dir", str(self.build_dir), "--show-only=json-v1"],
                           cwd=self.dir, capture_output=True, text=True)
        if r.returncode == 0:
            for t in json.loads(r.stdout).get("tests", []):
                labels = set()
                for p in t.get("properties", []):
                    if p.get("name") == "LABELS":
                        labels |= set(p.get("value", []))
                if labels & set(SKIP_LABELS):
                    skip.add(t["name"])
        for suite in SUITES:
            exe = self.build_dir / "tests" / f"{suite}_tests"
            r = subprocess.run([str(exe), "--gtest_list_tests"], cwd=self.dir, capture_output=True,
                               text=True)
            names, prefix = [], ""
            for line in r.stdout.splitlines():
                if not line.strip():
                    continue
                if not line.startswith(" "):
                    prefix = line.split()[0]
                else:
                    names.append(prefix + line.split()[0])
            self.tests[suite] = [n for n in names if n not in skip]
            if not self.tests[suite]:
                raise Usage(f"{exe.name} lists no tests (exit {r.returncode}; see {self.log})")
        return skip

    # -----------------------------------------------------------------------------------------
    # Running the tests

    def run_suite(self, suite, timeout):
        """Runs the suite's tests; returns (names that failed, seconds). A crash or a hang counts
        as a failure of the test that was running, and the rest of the suite is run after it."""
        exe = self.build_dir / "tests" / f"{suite}_tests"
        todo = list(self.tests[suite])
        failed, t0 = [], time.monotonic()
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
        while todo:
            filt = ":".join(todo)
            proc = subprocess.Popen([str(exe), f"--gtest_filter={filt}", "--gtest_color=no"],
                                    cwd=self.dir, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, env=env, start_new_session=True)
            try:
                out, _ = proc.communicate(timeout=timeout)
                why = f"exit {proc.returncode}" if proc.returncode < 0 else ""
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                out, _ = proc.communicate()
                why = f"timeout {timeout:.0f} s"
            text = out.decode("utf-8", "replace")
            finished, running = set(), None
            for line in text.splitlines():
                if line.startswith("[ RUN      ] "):
                    running = line[13:].strip()
                elif line.startswith(("[       OK ] ", "[  FAILED  ] ", "[  SKIPPED ] ")):
                    # "Suite.Name (3 ms)", "Prefix/Suite.Name/Param, where GetParam() = ..."
                    name = (line[13:].split() or [""])[0].rstrip(",")
                    if name == running:
                        finished.add(name)
                        running = None
                        if line.startswith("[  FAILED  ]") and name not in failed:
                            failed.append(name)
            todo = [t for t in todo if t not in finished]
            if running is not None:                # crashed or hung inside `running`: go on after it
                failed.append(f"{running} [{why or 'died'}]")
                todo = [t for t in todo if t != running]
                continue
            if why or proc.returncode not in (0, 1):   # died outside any test
                failed.append(f"{suite}_tests [{why or f'exit {proc.returncode}'}]")
            break
        return failed, time.monotonic() - t0

    def run_suites(self, timeout):
        failed = []
        for suite in SUITES:
            f, _ = self.run_suite(suite, timeout)
            failed += f
        return failed

    def run_ctest(self, regex, timeout):
        """Names of the CTest tests matching regex that fail (an entry's `ctest` key); None when
        the regex selects no test."""
        r = subprocess.run(["ctest", "--test-dir", str(self.build_dir), "-R", regex, "-j", "1",
                            "--timeout", str(int(timeout)),
                            "--output-log", str(self.build_dir / "mutants-ctest.log")],
                           cwd=self.dir, capture_output=True, text=True)
        if "No tests were found" in r.stdout + r.stderr:
            return None
        failed = re.findall(r"^\s*\d+ - (\S+) \(", r.stdout, re.M)
        if r.returncode != 0 and not failed:
            failed = [f"ctest -R {regex} [exit {r.returncode}]"]
        return failed


# ---------------------------------------------------------------------------------------------
# One entry

def matches(name, patterns):
    base = name.split(" [")[0]
    return any(fnmatch.fnmatchcase(base, p) for p in patterns)


def judge(entry):
    n = len(entry.failed)
    if n == 0:
        entry.status = "survived"
    elif n < entry.need:
        entry.status = "weak"
    else:
        entry.status = "caught"
    missing = [c for c in entry.catchers if not any(matches(f, [c]) for f in entry.failed)]
    notes = []
    if missing:
        notes.append("expected but passed: " + ", ".join(missing))
    if entry.pending and entry.status != "caught":
        notes.append("pending: " + entry.pending)
    entry.note = "; ".join(notes)


def mutate(tree, entry, timeout):
    """Applies the entry to the scratch tree, rebuilds, runs the tests and reverts."""
    path = tree.dir / entry.file
    original = path.read_bytes()
    text = original.decode("utf-8")
    if text.count(entry.search) != 1:      # the scratch copy must agree with the tree
        entry.status, entry.note = "stale", f"search text occurs {text.count(entry.search)} times"
        return
    try:
        path.write_bytes(text.replace(entry.search, entry.replace, 1).encode("utf-8"))
        if not tree.build(everything=bool(entry.ctest)):
            entry.status, entry.note = "broken", f"the mutant does not compile (see {tree.log})"
            return
        entry.failed = tree.run_suites(timeout)
        if entry.ctest:
            extra = tree.run_ctest(entry.ctest, timeout)
            if extra is None:
                entry.status, entry.note = "stale", f"ctest = '{entry.ctest}' selects no test"
                return
            entry.failed += extra
        judge(entry)
    finally:
        path.write_bytes(original)         # the next build recompiles it (a ccache hit)


# ---------------------------------------------------------------------------------------------
# The table

def shorten(names, k=2):
    if not names:
        return "-"
    shown = ", ".join(names[:k])
    return shown + (f", +{len(names) - k} more" if len(names) > k else "")


def print_table(entries, out=sys.stdout):
    rows = [("id", "file:line", "failed", "tests that failed", "result")]
    for e in entries:
        where = f"{e.file}:{e.line}" if e.line else e.file
        status = e.status.upper() if e.status in ("survived", "stale", "broken") else e.status
        if e.status == "weak":
            status = f"WEAK (need {e.need})"
        rows.append((e.id, where, str(len(e.failed)) if e.status not in ("stale", "broken") else "-",
                     shorten(e.failed), status))
    width = [max(len(r[c]) for r in rows) for c in range(4)]
    for i, r in enumerate(rows):
        line = "  ".join(r[c].ljust(width[c]) for c in range(4)) + "  " + r[4]
        print(line.rstrip(), file=out)
        if i == 0:
            print("-" * len(line), file=out)
    notes = [(e.id, e.stale or e.note) for e in entries if e.stale or e.note]
    if notes:
        print("\nnotes:", file=out)
        for i, n in notes:
            print(f"  {i}: {n}", file=out)


def summary(entries):
    count = {s: sum(e.status == s for e in entries) for s in ("caught", "weak", "survived", "stale", "broken")}
    return count, ", ".join(f"{v} {k}" for k, v in count.items() if v or k in ("caught", "weak", "survived"))


# ---------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="", help="comma-separated entry ids (default: all)")
    ap.add_argument("--catalogue", type=Path, default=CATALOGUE,
                    help="the catalogue to read (default tests/mutants/catalogue.toml)")
    ap.add_argument("--check", action="store_true", help="only check the search texts against the tree")
    ap.add_argument("--list", action="store_true", help="list the entries and exit")
    ap.add_argument("--strict", action="store_true", help="exit 1 also when an entry is weak")
    ap.add_argument("--jobs", type=int, default=2, help="compile jobs of each rebuild (default 2)")
    ap.add_argument("--scratch", type=Path, default=ROOT / "build" / "mutants",
                    help="where the scratch tree lives (default build/mutants)")
    ap.add_argument("--timeout", type=float, default=0,
                    help="seconds one test executable may run (default: 10 x the unmutated run, >= 60)")
    args = ap.parse_args(argv)

    try:
        entries = load_catalogue(args.catalogue)
    except Usage as e:
        print(f"mutants: {e}", file=sys.stderr)
        return 2
    if args.only:
        wanted = [s.strip() for s in args.only.split(",") if s.strip()]
        known = {e.id for e in entries}
        unknown = [w for w in wanted if w not in known]
        if unknown:
            print(f"mutants: no entry with id {', '.join(unknown)} (see tests/mutants/run.py --list)",
                  file=sys.stderr)
            return 2
        entries = [e for e in entries if e.id in wanted]
    for e in entries:
        locate(e, ROOT)
        if e.stale:
            e.status = "stale"
    if args.list:
        for e in entries:
            print(f"{e.id:32} {e.file}:{e.line or '?'}  [{e.concerns}]  {e.mistake}")
        return 0
    if args.check:
        stale = [e for e in entries if e.stale]
        for e in stale:
            print(f"mutants: STALE {e.id}: {e.stale}", file=sys.stderr)
        print(f"mutants: {len(entries) - len(stale)} of {len(entries)} entries apply to the tree")
        return 1 if stale else 0

    args.scratch.mkdir(parents=True, exist_ok=True)
    log = args.scratch / "log.txt"
    log.write_text("")
    report = args.scratch / "report.txt"      # every failed test of every entry
    report.write_text("")
    tree = Tree(ROOT, args.scratch, args.jobs, log)
    t_start = time.monotonic()
    try:
        print(f"mutants: scratch tree {tree.dir} ({tree.prepare()} files updated); build log {log}",
              flush=True)
        if not tree.build():
            print(f"mutants: the unmutated tree does not build (see {log})", file=sys.stderr)
            return 2
        skipped = tree.discover()
        t0 = time.monotonic()
        base_failed = tree.run_suites(timeout=1800)
        base_seconds = time.monotonic() - t0
        if base_failed:
            print("mutants: the unmutated tree already fails " + shorten(base_failed, 10) +
                  "; fix that first (a failing test cannot tell a mutant)", file=sys.stderr)
            return 2
        timeout = args.timeout or max(60.0, 10 * base_seconds)
        for regex in sorted({e.ctest for e in entries if e.ctest and not e.stale}):
            if not tree.build(everything=True):
                print(f"mutants: the unmutated tree does not build (see {log})", file=sys.stderr)
                return 2
            base_ctest = tree.run_ctest(regex, timeout)
            if base_ctest:
                print(f"mutants: unmutated, ctest -R '{regex}' already fails " + shorten(base_ctest, 10),
                      file=sys.stderr)
                return 2
        n_tests = sum(len(v) for v in tree.tests.values())
        print(f"mutants: {n_tests} tests ({', '.join(f'{s} {len(tree.tests[s])}' for s in SUITES)}; "
              f"{len(skipped)} labelled {'/'.join(SKIP_LABELS)} left out) pass in {base_seconds:.1f} s "
              f"unmutated; {len(entries)} entries", flush=True)
        for k, e in enumerate(entries, 1):
            if e.stale:
                continue
            t1 = time.monotonic()
            mutate(tree, e, timeout)
            with open(report, "a") as r:
                r.write(f"{e.id} {e.file}:{e.line} {e.status} {len(e.failed)}\n")
                r.writelines(f"    {name}\n" for name in e.failed)
            print(f"  [{k}/{len(entries)}] {e.id}: {e.status} ({len(e.failed)} failed, "
                  f"{time.monotonic() - t1:.0f} s)", flush=True)
    except KeyboardInterrupt:
        print("\nmutants: interrupted (the scratch tree is reverted at the next run)", file=sys.stderr)
        return 130
    except Usage as e:
        print(f"mutants: {e}", file=sys.stderr)
        return 2
    print()
    print_table(entries)
    count, text = summary(entries)
    noun = "entry" if len(entries) == 1 else "entries"
    print(f"\nmutants: {len(entries)} {noun}: {text}; {time.monotonic() - t_start:.0f} s "
          f"(every failed test: {report})")
    bad = count["survived"] + count["stale"] + count["broken"] + (count["weak"] if args.strict else 0)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
