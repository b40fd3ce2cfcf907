"""The exercise manifest (tests/homework/exercises.json): every exercise's id, title, chapter,
points, the solution region it is, the tests that grade it, a hint, and wrong answers for the check.

    {"version": 1,
     "exercises": [
       {"id": "sigmoid", "title": "The logistic sigmoid", "chapter": "03", "points": 2,
        "file": "nn/activations/sigmoid.cpp", "function": "sigmoid", "match": "(double z)",
        "tests": ["HwSigmoid"],
        "hint": "chapters/03_logistic_regression/README.md#logit-probability-prediction",
        "requires": [],
        "wrong": [{"name": "sign flip", "replace": "-z", "with": "z"}]}]}

- `file` + `function` (+ `match`, a piece of the function's header, for overloads; + `region`,
  1-based, for a function with several regions) name exactly one solution region.
- `tests`: GoogleTest suite names (`HwSigmoid`) or full names (`HwSigmoid.AtZero`) of
  tests/homework/*.cpp. Points are split evenly over the tests.
- `requires`: exercises whose stubs these tests may also reach (the grader says "do X first").
- `wrong`: plausible wrong answers, each a list of text replacements inside the region
  (`replace`/`with`, or `edits: [{replace, with}, ...]`), or the region's new text (`text`).
  Only the check reads them; the starter's copy of the manifest has none (nor any solution text).
"""
import json
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from . import cpp

MANIFEST = "tests/homework/exercises.json"
ID = re.compile(r"^[a-z][a-z0-9_]*$")
SUITE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9_/]+)?$")


class ManifestError(Exception):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class Wrong:
    name: str
    edits: List[Dict[str, str]] = field(default_factory=list)
    text: Optional[str] = None

    def apply(self, body: List[str]) -> List[str]:
        """The region's lines with this wrong answer; raises ValueError when an edit does not apply."""
        if self.text is not None:
            return self.text.split("\n")
        joined = "\n".join(body)
        for e in self.edits:
            n = joined.count(e["replace"])
            if n != 1:
                raise ValueError(f"wrong answer '{self.name}': '{e['replace']}' occurs {n} times in the region (must be once)")
            joined = joined.replace(e["replace"], e["with"])
        return joined.split("\n")


@dataclass
class Exercise:
    id: str
    title: str
    chapter: str
    points: float
    file: str
    function: str
    tests: List[str]
    hint: str
    match: str = ""
    region: int = 0
    requires: List[str] = field(default_factory=list)
    wrong: List[Wrong] = field(default_factory=list)
    # resolved by resolve():
    where: Optional[cpp.Region] = None

    def public(self, line: int = 0) -> dict:
        """What the starter's manifest keeps: no solution text, no wrong answers."""
        d = {"id": self.id, "title": self.title, "chapter": self.chapter, "points": self.points,
             "file": self.file, "function": self.function, "tests": self.tests, "hint": self.hint,
             "requires": self.requires}
        if line:
            d["line"] = line
        if self.where is not None:
            d["lines"] = self.where.lines
        return d


def _get(d, key, kind, where, problems, default=None, required=True):
    if key not in d:
        if required:
            problems.append(f"{where}: '{key}' is missing")
        return default
    v = d[key]
    if kind is float:
        ok = isinstance(v, (int, float)) and not isinstance(v, bool)
    else:
        ok = isinstance(v, kind)
    if not ok:
        problems.append(f"{where}: '{key}' must be {kind.__name__ if hasattr(kind, '__name__') else kind}, not {type(v).__name__}")
        return default
    return v


def parse(text: str, source: str = MANIFEST) -> List[Exercise]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ManifestError([f"{source}:{e.lineno}: not valid JSON: {e.msg}"])
    problems = []
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        raise ManifestError([f"{source}: expected an object with a list 'exercises'"])
    out, seen = [], {}
    for k, d in enumerate(data["exercises"]):
        where = f"{source}: exercise {k + 1}"
        if not isinstance(d, dict):
            problems.append(f"{where}: not an object")
            continue
        eid = _get(d, "id", str, where, problems, "")
        if eid:
            where = f"{source}: exercise '{eid}'"
            if not ID.match(eid):
                problems.append(f"{where}: the id must be lower case letters, digits and '_'")
            if eid in seen:
                problems.append(f"{where}: the id is used twice")
            seen[eid] = True
        known = {"id", "title", "chapter", "points", "file", "function", "match", "region", "tests",
                 "hint", "requires", "wrong", "line", "lines"}
        for key in d:
            if key not in known:
                problems.append(f"{where}: unknown key '{key}'")
        ex = Exercise(
            id=eid,
            title=_get(d, "title", str, where, problems, ""),
            chapter=_get(d, "chapter", str, where, problems, ""),
            points=_get(d, "points", float, where, problems, 0),
            file=_get(d, "file", str, where, problems, ""),
            function=_get(d, "function", str, where, problems, ""),
            tests=_get(d, "tests", list, where, problems, []),
            hint=_get(d, "hint", str, where, problems, ""),
            match=_get(d, "match", str, where, problems, "", required=False),
            region=_get(d, "region", int, where, problems, 0, required=False),
            requires=_get(d, "requires", list, where, problems, [], required=False),
        )
        if ex.chapter and not re.match(r"^\d\d$", ex.chapter):
            problems.append(f"{where}: 'chapter' must be two digits, like \"03\"")
        if isinstance(ex.points, (int, float)) and ex.points <= 0:
            problems.append(f"{where}: 'points' must be positive")
        if not ex.tests:
            problems.append(f"{where}: no tests grade this exercise ('tests' is empty)")
        for t in ex.tests:
            if not isinstance(t, str) or not SUITE.match(t):
                problems.append(f"{where}: test '{t}' is not a GoogleTest suite name or Suite.Name")
        if ex.hint and "#" not in ex.hint:
            problems.append(f"{where}: the hint must point to a section: path#anchor")
        for w in _get(d, "wrong", list, where, problems, [], required=False):
            if not isinstance(w, dict) or not isinstance(w.get("name"), str):
                problems.append(f"{where}: every wrong answer needs a 'name'")
                continue
            edits = w.get("edits") or ([{"replace": w["replace"], "with": w.get("with", "")}] if "replace" in w else [])
            if "text" not in w and not edits:
                problems.append(f"{where}: wrong answer '{w['name']}' has neither 'replace'/'with', 'edits' nor 'text'")
            for e in edits:
                if not isinstance(e.get("replace"), str) or not isinstance(e.get("with"), str) or not e["replace"]:
                    problems.append(f"{where}: wrong answer '{w['name']}': every edit needs strings 'replace' and 'with'")
            ex.wrong.append(Wrong(w["name"], edits, w.get("text")))
        out.append(ex)
    ids = {e.id for e in out}
    for e in out:
        for r in e.requires:
            if r not in ids:
                problems.append(f"{source}: exercise '{e.id}': requires unknown exercise '{r}'")
            if r == e.id:
                problems.append(f"{source}: exercise '{e.id}' requires itself")
    if problems:
        raise ManifestError(problems)
    return out


def load(path: str) -> List[Exercise]:
    with open(path, encoding="utf-8") as f:
        return parse(f.read(), path)


def resolve(exercises: List[Exercise], scanned: Dict[str, cpp.ScannedFile]) -> List[str]:
    """Binds every exercise to its region; returns the problems: an exercise that names no region
    or several, a region no exercise names."""
    problems = []
    claimed = {}
    for e in exercises:
        sf = scanned.get(e.file)
        if sf is None:
            problems.append(f"{MANIFEST}: exercise '{e.id}': {e.file} has no solution regions (or does not exist)")
            continue
        cands = [r for r in sf.regions if r.function == e.function and (not e.match or e.match in r.header)]
        if e.region:
            cands = cands[e.region - 1:e.region] if 0 < e.region <= len(cands) else []
        if len(cands) != 1:
            names = sorted({f"{r.function} (line {r.begin})" for r in sf.regions})
            problems.append(
                f"{MANIFEST}: exercise '{e.id}': {len(cands)} regions of {e.file} match function "
                f"'{e.function}'" + (f", match '{e.match}'" if e.match else "")
                + (f", region {e.region}" if e.region else "")
                + f" (the file's regions: {', '.join(names)})")
            continue
        r = cands[0]
        key = (r.path, r.begin)
        if key in claimed:
            problems.append(f"{MANIFEST}: exercises '{claimed[key]}' and '{e.id}' name the same region {r.where()}")
        claimed[key] = e.id
        e.where = r
    for sf in scanned.values():
        for r in sf.regions:
            if (r.path, r.begin) not in claimed:
                problems.append(f"{r.where()}: the solution region in {r.function} is no exercise of {MANIFEST} "
                                "(add an entry with id, title, chapter, points, tests and hint)")
    return problems


def select(exercises: List[Exercise], spec: str) -> List[Exercise]:
    """The exercises named by EXERCISES: "" or "all" -> all; otherwise a comma-separated list of
    chapters (ch03, 03) and exercise ids. Unknown names raise ManifestError."""
    spec = (spec or "").strip()
    if spec in ("", "all"):
        return list(exercises)
    wanted, unknown = set(), []
    ids = {e.id for e in exercises}
    chapters = {e.chapter for e in exercises}
    for part in [p.strip() for p in spec.split(",") if p.strip()]:
        m = re.match(r"^(?:ch)?(\d{1,2})$", part)
        if m and m.group(1).zfill(2) in chapters:
            wanted |= {e.id for e in exercises if e.chapter == m.group(1).zfill(2)}
        elif part in ids:
            wanted.add(part)
        else:
            unknown.append(part)
    if unknown:
        raise ManifestError([
            f"EXERCISES: unknown {', '.join(repr(u) for u in unknown)}; use chapters "
            f"({', '.join('ch' + c for c in sorted(chapters))}) or exercise ids (python3 cmake/homework list)"])
    return [e for e in exercises if e.id in wanted]
