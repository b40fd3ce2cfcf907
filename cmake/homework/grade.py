"""The grader: builds the graded tests, runs each exercise's tests, prints the table and writes
results.json in Gradescope's format.

Each exercise's tests run in a process of their own (`--gtest_filter`), so a crash or an endless
loop costs only that exercise. A failed check is shown by the line the homework checks print
(`HW-CHECK: ...`: what was computed from what, the value expected, the value obtained), never by
GoogleTest's own message, which quotes the test's source (and so its formulas)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional

STUB = re.compile(r"not implemented yet \(exercise\): ([a-z][a-z0-9_]*)")
CHECK = re.compile(r"HW-CHECK: (.*)")
EXCEPTION = re.compile(r"C\+\+ exception with description \"(.*?)\" thrown in", re.S)
PUBLIC_TARGET, PRIVATE_TARGET = "homework_tests", "homework_private_tests"
PRIVATE_DIR = "tests/homework/private"


@dataclass
class TestResult:
    name: str
    passed: bool
    message: str = ""          # sanitised: safe to show a student
    reached: Optional[str] = None   # the exercise whose stub the test reached, if any
    private: bool = False


@dataclass
class ExerciseResult:
    id: str
    title: str
    chapter: str
    points: float
    hint: str
    tests: List[TestResult] = field(default_factory=list)
    error: str = ""            # the build failed, the binary crashed or timed out, a file is missing

    @property
    def passed(self) -> int:
        return sum(1 for t in self.tests if t.passed)

    @property
    def score(self) -> float:
        if self.error or not self.tests:
            return 0.0
        return round(self.points * self.passed / len(self.tests), 2)

    def first_failure(self) -> str:
        if self.error:
            return self.error
        for t in self.tests:
            if not t.passed:
                return t.message
        return ""

    def output(self) -> str:
        lines = [f"{self.passed} of {len(self.tests)} checks pass" if self.tests else "no checks ran"]
        private = [t for t in self.tests if t.private]
        if private:
            lines[0] += f" (the instructor's checks: {sum(t.passed for t in private)} of {len(private)})"
        if self.error:
            lines.append(self.error)
        for t in self.tests:
            if not t.passed and not t.private:
                lines.append(f"- {t.name}: {t.message}")
        if any(not t.passed and t.private for t in self.tests):
            lines.append("- an instructor's check fails (not shown)")
        if self.score < self.points:
            lines.append(f"Read: {self.hint}")
        return "\n".join(lines)


def sanitise(failure: str, exercise: str, source_hint: str = "") -> (str, Optional[str]):
    """What a student may see of one GoogleTest failure message."""
    m = STUB.search(failure)
    if m:
        other = m.group(1)
        if other == exercise:
            return "not implemented yet (it still throws nn::NotImplemented)", other
        return (f"reaches the stub of exercise '{other}' first: do that one, then come back", other)
    m = CHECK.search(failure)
    if m:
        return m.group(1).strip(), None
    m = EXCEPTION.search(failure)
    if m:
        text = m.group(1).strip().split("\n")[0]
        return f"your code threw an exception: {text[:300]}", None
    return ("a check failed" + (f" ({source_hint})" if source_hint else "")), None


def parse_gtest_json(path: str, exercise: str, private: bool = False) -> List[TestResult]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    out = []
    for suite in data.get("testsuites", []):
        for t in suite.get("testsuite", []):
            name = f"{suite['name']}.{t['name']}"
            failures = t.get("failures", [])
            skipped = t.get("result") == "SKIPPED" or t.get("status") == "NOTRUN"
            if not failures and not skipped:
                out.append(TestResult(name, True, private=private))
                continue
            if skipped:
                out.append(TestResult(name, False, "skipped", private=private))
                continue
            text = failures[0].get("failure", "")
            where = text.split("\n", 1)[0] if re.match(r"^\S+:\d+", text) else ""
            msg, reached = sanitise(text, exercise, where)
            for f2 in failures:
                m = STUB.search(f2.get("failure", ""))
                if m and reached is None:
                    reached = m.group(1)
            out.append(TestResult(name, False, msg, reached, private))
    return out


def gtest_filter(patterns: List[str]) -> str:
    return ":".join(p if "." in p else p + ".*" for p in patterns)


def run_tests(binary: str, patterns: List[str], exercise: str, env: Optional[dict] = None,
              timeout: float = 120, private: bool = False, cwd: Optional[str] = None):
    """(results, error): the exercise's tests in one process."""
    with tempfile.TemporaryDirectory(prefix="nn-grade-") as tmp:
        out = os.path.join(tmp, "gtest.json")
        cmd = [binary, f"--gtest_filter={gtest_filter(patterns)}", f"--gtest_output=json:{out}",
               "--gtest_brief=1"]
        e = dict(os.environ)
        e.update(env or {})
        e.setdefault("OPENBLAS_NUM_THREADS", "1")
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                               env=e, cwd=cwd)
        except subprocess.TimeoutExpired:
            return [], f"the tests took longer than {timeout:g} s and were stopped (an endless loop?)"
        if not os.path.exists(out):
            sig = -p.returncode if p.returncode < 0 else 0
            what = f"signal {sig}" if sig else f"exit status {p.returncode}"
            tail = p.stdout.decode(errors="replace").strip().split("\n")[-1:] if p.stdout else []
            return [], f"the test program crashed ({what}) before it could report{': ' + tail[0] if tail else ''}"
        results = parse_gtest_json(out, exercise, private)
        if not results:
            return [], "no test matched " + gtest_filter(patterns)
        return results, ""


# ------------------------------------------------------------------------------------------------

def load_public(tree: str):
    with open(os.path.join(tree, "tests/homework/exercises.json"), encoding="utf-8") as f:
        data = json.load(f)
    private = {}
    pfile = os.path.join(tree, PRIVATE_DIR, "tests.json")
    if os.path.exists(pfile):
        with open(pfile, encoding="utf-8") as f:
            private = json.load(f).get("tests", {})
    return data, private


def configure_and_build(tree: str, build: str, jobs: int, targets: List[str], log) -> (bool, str):
    """Configures `build` when needed and builds `targets`; (ok, compiler errors to show)."""
    env = dict(os.environ)
    known = all(os.path.isdir(os.path.join(build, "tests", "homework", "CMakeFiles", t + ".dir")) for t in targets)
    if os.path.exists(os.path.join(build, "CMakeCache.txt")) and not known:
        # a target the build does not know yet (the instructor's tests were put back): configure again
        log(f"configuring again: cmake -S {tree} -B {build}")
        p = subprocess.run(["cmake", "-S", tree, "-B", build], cwd=tree, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=env)
        if p.returncode != 0:
            text = p.stdout.decode(errors="replace")
            return False, "CMake could not configure the tree:\n" + "\n".join(text.strip().split("\n")[-25:])
    if not os.path.exists(os.path.join(build, "CMakeCache.txt")):
        preset = os.path.basename(os.path.normpath(build))
        if os.path.normpath(os.path.join(tree, "build", preset)) == os.path.normpath(build) and \
                os.path.exists(os.path.join(tree, "CMakePresets.json")):
            cmd = ["cmake", "--preset", preset]
        else:
            cmd = ["cmake", "-S", tree, "-B", build, "-DCMAKE_BUILD_TYPE=Release"]
        log(f"configuring: {' '.join(cmd)}")
        p = subprocess.run(cmd, cwd=tree, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        if p.returncode != 0:
            text = p.stdout.decode(errors="replace")
            return False, "CMake could not configure the tree:\n" + "\n".join(text.strip().split("\n")[-25:])
    cmd = ["cmake", "--build", build, "-j", str(jobs)]
    for t in targets:
        cmd += ["--target", t]
    log(f"building: {' '.join(cmd)}")
    p = subprocess.run(cmd, cwd=tree, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    if p.returncode != 0:
        text = p.stdout.decode(errors="replace")
        errors = [l for l in text.split("\n") if re.search(r"error|Error", l)]
        return False, "the code does not compile:\n" + "\n".join((errors or text.split("\n"))[:30])
    return True, ""


def grade(tree: str, build: str, jobs: int = 2, results: Optional[str] = None, only: Optional[str] = None,
          no_build: bool = False, build_only: bool = False, quiet: bool = False, timeout: float = 120,
          missing: Optional[Dict[str, str]] = None) -> (List[ExerciseResult], int):
    """Grades the tree; returns the results and the exit status."""
    log = (lambda s: None) if quiet else (lambda s: print(s, flush=True))
    data, private = load_public(tree)
    exercises = data["exercises"]
    if only:
        exercises = [e for e in exercises if e["id"] == only]
        if not exercises:
            print(f"grade: no exercise '{only}' in this starter (see EXERCISES.md)", file=sys.stderr)
            return [], 2
    has_private = os.path.isdir(os.path.join(tree, PRIVATE_DIR)) and bool(private)
    targets = [PUBLIC_TARGET] + ([PRIVATE_TARGET] if has_private else [])
    started = time.time()
    error = ""
    if not no_build:
        ok, error = configure_and_build(tree, build, jobs, targets, log)
        if build_only:
            if not ok:
                print(error, file=sys.stderr)
            return [], 0 if ok else 1
    binary = os.path.join(build, "tests", "homework", PUBLIC_TARGET)
    pbinary = os.path.join(build, "tests", "homework", PRIVATE_TARGET)
    if not error and not os.path.exists(binary):
        error = f"{binary} does not exist: build it first (make grade does)"
    out: List[ExerciseResult] = []
    for e in exercises:
        r = ExerciseResult(e["id"], e["title"], e["chapter"], e["points"], e.get("hint_text", e["hint"]))
        if missing and e["file"] in missing:
            r.error = missing[e["file"]]
        elif error:
            r.error = error.split("\n")[0] if len(error) > 200 else error
        else:
            res, err = run_tests(binary, e["tests"], e["id"], timeout=timeout, cwd=tree)
            r.tests += res
            r.error = err
            if has_private and e["id"] in private and os.path.exists(pbinary):
                res, err = run_tests(pbinary, private[e["id"]], e["id"], timeout=timeout, private=True, cwd=tree)
                r.tests += res
                r.error = r.error or (err and "an instructor's check: " + err)
        out.append(r)
    elapsed = time.time() - started
    if only:
        r = out[0]
        print(table([r]))
        if r.score < r.points:
            print(r.output())
        if results:
            write_results(results, out, elapsed, error)
        return out, 0 if r.score >= r.points else 1
    print(table(out))
    if error:
        print("\n" + error)
    if results:
        write_results(results, out, elapsed, error)
        print(f"\nresults: {results}")
    return out, 0


def table(results: List[ExerciseResult]) -> str:
    rows = [("id", "exercise", "points", "first failing check / what to read")]
    for r in results:
        first = r.first_failure()
        note = "done" if r.score >= r.points and not first else first
        if r.score < r.points:     # the section's name; results.json and EXERCISES.md give the link
            note += f"  [read: {r.hint.rsplit(' (', 1)[0] if r.hint.endswith(')') else r.hint}]"
        rows.append((r.id, r.title, f"{r.score:g}/{r.points:g}", note))
    w0 = max(len(x[0]) for x in rows)
    w1 = min(44, max(len(x[1]) for x in rows))
    w2 = max(len(x[2]) for x in rows)
    lines = []
    for k, (a, b, c, d) in enumerate(rows):
        b = b if len(b) <= w1 else b[:w1 - 1] + "~"
        lines.append(f"{a:<{w0}}  {b:<{w1}}  {c:>{w2}}  {d}")
        if k == 0:
            lines.append("-" * min(120, w0 + w1 + w2 + 40))
    total = sum(r.score for r in results)
    possible = sum(r.points for r in results)
    lines.append("-" * min(120, w0 + w1 + w2 + 40))
    lines.append(f"{'total':<{w0}}  {'':<{w1}}  {f'{total:g}/{possible:g}':>{w2}}")
    return "\n".join(lines)


def gradescope(results: List[ExerciseResult], elapsed: float, error: str = "") -> dict:
    tests = []
    per_chapter: Dict[str, int] = {}
    for r in results:
        per_chapter[r.chapter] = per_chapter.get(r.chapter, 0) + 1
        tests.append({
            "name": f"{r.id}: {r.title} (chapter {r.chapter})",
            "number": f"{r.chapter}.{per_chapter[r.chapter]}",
            "score": r.score,
            "max_score": r.points,
            "status": "passed" if r.score >= r.points else "failed",
            "output": r.output(),
            "visibility": "visible",
        })
    total = round(sum(r.score for r in results), 2)
    possible = sum(r.points for r in results)
    summary = f"{total:g} of {possible:g} points; {sum(1 for r in results if r.score >= r.points)} of {len(results)} exercises done."
    if error:
        summary += "\n" + error
    return {"score": total, "execution_time": round(elapsed, 1), "output": summary, "visibility": "visible",
            "stdout_visibility": "hidden", "tests": tests}


def write_results(path: str, results: List[ExerciseResult], elapsed: float, error: str = ""):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(gradescope(results, elapsed, error), f, indent=1)
        f.write("\n")
    os.replace(tmp, path)


def validate_results(data: dict) -> List[str]:
    """Problems of a results.json against Gradescope's format (the keys this grader writes)."""
    problems = []
    if not isinstance(data.get("score"), (int, float)):
        problems.append("'score' is missing or not a number")
    if not isinstance(data.get("tests"), list):
        return problems + ["'tests' is missing or not a list"]
    for k, t in enumerate(data["tests"]):
        for key, kind in (("name", str), ("score", (int, float)), ("max_score", (int, float)), ("output", str)):
            if not isinstance(t.get(key), kind):
                problems.append(f"tests[{k}]: '{key}' is missing or of the wrong type")
        if t.get("visibility") not in ("hidden", "after_due_date", "after_published", "visible"):
            problems.append(f"tests[{k}]: 'visibility' must be hidden, after_due_date, after_published or visible")
        if isinstance(t.get("score"), (int, float)) and isinstance(t.get("max_score"), (int, float)):
            if not 0 <= t["score"] <= t["max_score"]:
                problems.append(f"tests[{k}]: score {t['score']} outside [0, {t['max_score']}]")
    if isinstance(data.get("score"), (int, float)) and all(isinstance(t.get("score"), (int, float)) for t in data["tests"]):
        if abs(data["score"] - sum(t["score"] for t in data["tests"])) > 1e-6:
            problems.append("'score' is not the sum of the tests' scores")
    return problems


def collect(submission: str, into: str) -> Dict[str, str]:
    """Copies the exercise files of a submission (a folder: the student's tree, or the files
    alone, anywhere below it) into the grading tree `into`. Returns file -> problem for the
    files that could not be found."""
    data, _ = load_public(into)
    files = sorted({e["file"] for e in data["exercises"]})
    unique = {os.path.basename(f) for f in files
              if sum(1 for g in files if os.path.basename(g) == os.path.basename(f)) == 1}
    found = {}
    for root, dirs, names in os.walk(submission):
        dirs[:] = [d for d in dirs if d not in (".git", "build", "data")]
        for n in names:
            full = os.path.join(root, n)
            rel = os.path.relpath(full, submission).replace(os.sep, "/")
            for f in files:
                if rel == f or rel.endswith("/" + f):
                    if f not in found or len(rel) < len(found[f][0]):
                        found[f] = (rel, full)
                elif rel == os.path.basename(f) and rel in unique and f not in found:
                    found[f] = (rel, full)
    missing = {}
    for f in files:
        if f in found:
            shutil.copyfile(found[f][1], os.path.join(into, f))
        else:
            missing[f] = f"{f} is not in the submission (upload it, or your whole folder)"
    return missing
