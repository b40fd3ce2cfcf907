"""The starter tree: the reference repository's tracked files, the chosen exercises stubbed, the
leak check passed, plus what students and graders need (README.md, EXERCISES.md, the public
manifest, the GitHub Classroom workflow)."""
import json
import os
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from . import cpp, leaks, manifest, starter, tree

CPP_SUFFIXES = (".cpp", ".hpp", ".h", ".cc")
SOLUTION_FILES = re.compile(r"^(nn/.*\.cpp|chapters/[^/]+/main\.cpp)$")
HOMEWORK_TESTS = "tests/homework/"
PRIVATE = "tests/homework/private/"
TOOL_TESTS = "tests/homework/tool/"
TEST_DECL = re.compile(r"^\s*(?:TEST|TEST_F|TEST_P|TYPED_TEST|TYPED_TEST_P)\s*\(\s*([A-Za-z0-9_]+)\s*,\s*([A-Za-z0-9_]+)\s*\)", re.M)


class GenerateError(Exception):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class Reference:
    """The reference tree as the tool sees it."""
    src: str
    files: List[str]
    texts: Dict[str, str]                 # text files (UTF-8)
    binary: Dict[str, bytes]              # everything else
    exercises: List[manifest.Exercise]
    config: dict                          # the manifest's top level: allow, exclude, replace
    scanned: Dict[str, cpp.ScannedFile]
    tests: Dict[str, List[Tuple[str, int]]]   # tests/homework test name -> [(path, line)]
    companions: Dict[Tuple[str, int], Tuple[str, dict]] = field(default_factory=dict)

    def by_id(self) -> Dict[str, manifest.Exercise]:
        return {e.id: e for e in self.exercises}


def homework_tests(texts: Dict[str, str], prefix: str = HOMEWORK_TESTS, private: bool = False):
    """GoogleTest names (Suite.Name) declared in tests/homework/*.cpp -> where."""
    out: Dict[str, List[Tuple[str, int]]] = {}
    for path, text in texts.items():
        if not path.startswith(prefix) or not path.endswith(".cpp"):
            continue
        if not private and path.startswith(PRIVATE):
            continue
        for m in TEST_DECL.finditer(text):
            out.setdefault(f"{m.group(1)}.{m.group(2)}", []).append((path, text.count("\n", 0, m.start()) + 1))
    return out


def tests_of(patterns: List[str], tests) -> List[str]:
    """The test names `patterns` (Suite or Suite.Name) denote."""
    out = []
    for p in patterns:
        if "." in p:
            out += [t for t in tests if t == p]
        else:
            out += [t for t in tests if t.split(".")[0] == p]
    return sorted(set(out))


def slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    s = heading.strip().lower()
    s = re.sub(r"[`*_~]|\$[^$]*\$", lambda m: "" if m.group(0) in "`*_~" else m.group(0), s)
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def anchors(markdown: str) -> Dict[str, str]:
    out = {}
    fence = False
    for line in markdown.split("\n"):
        if re.match(r"^\s*(```|~~~)", line):
            fence = not fence
            continue
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m and not fence:
            text = re.sub(r"\s*\{#[^}]*\}\s*$", "", m.group(2))
            out[slug(text)] = text
    return out


def hint_text(ref_texts: Dict[str, str], hint: str) -> str:
    """'chapter 03, "Logit, probability, prediction" (chapters/03_.../README.md#logit-...)'."""
    path, _, anchor = hint.partition("#")
    title = anchors(ref_texts.get(path, "")).get(anchor, anchor)
    m = re.match(r"^chapters/(\d\d)_[^/]+/README\.md$", path)
    where = f"chapter {m.group(1)}" if m else path
    return f'{where}, section "{title}" ({hint})'


def load(src: str, require_git: bool = True) -> Reference:
    """The reference tree. Its files are those git tracks; without git (a tarball) only the tools
    that do not export (require_git False) fall back to every file but build outputs and data."""
    try:
        files = tree.tracked_files(src)
    except tree.TreeError:
        if require_git:
            raise
        files = tree.all_files(src)
    texts, binary = {}, {}
    for f in files:
        data = tree.read_bytes(src, f)
        try:
            texts[f] = data.decode("utf-8")
        except UnicodeDecodeError:
            binary[f] = data
    if manifest.MANIFEST not in texts:
        raise GenerateError([f"{src}: {manifest.MANIFEST} is missing (or not tracked by git)"])
    try:
        exercises = manifest.parse(texts[manifest.MANIFEST])
        config = json.loads(texts[manifest.MANIFEST])
    except manifest.ManifestError as e:
        raise GenerateError(e.problems)
    problems = []
    scanned = {}
    for f in files:
        if f in texts and f.endswith(CPP_SUFFIXES) and cpp.has_markers(texts[f]) and not f.startswith(TOOL_TESTS):
            try:
                sf = cpp.scan(f, texts[f])
            except cpp.Problem as p:
                problems += p.problems
                continue
            if sf.regions and not SOLUTION_FILES.match(f):
                problems += [f"{r.where()}: solution regions belong in nn/**/*.cpp or chapters/*/main.cpp"
                             for r in sf.regions]
                continue
            scanned[f] = sf
    tests = homework_tests(texts)
    ref = Reference(src, files, texts, binary, exercises, config, scanned, tests)
    problems += _bind(ref)
    if problems:
        raise GenerateError(problems)
    return ref


def _bind(ref: Reference) -> List[str]:
    """Regions <-> exercises and companions; tests and hints exist; nothing is graded twice."""
    problems = []
    # companions: regions that compute an exercise's formula elsewhere; the starter calls the
    # student's code there instead
    companion_regions = {}
    for d in ref.config.get("companions", []):
        sf = ref.scanned.get(d.get("file", ""))
        cands = [r for r in (sf.regions if sf else []) if r.function == d.get("function") and
                 (not d.get("match") or d["match"] in r.header)]
        if len(cands) != 1 or d.get("exercise") not in ref.by_id() or not isinstance(d.get("starter"), list):
            problems.append(f"{manifest.MANIFEST}: companion {d.get('file')}:{d.get('function')}: needs 'exercise' "
                            f"(an exercise id), 'starter' (a list of lines) and exactly one region "
                            f"({len(cands)} match)")
            continue
        companion_regions[(cands[0].path, cands[0].begin)] = (d["exercise"], d)
    ref.companions = companion_regions
    others = {p: sf for p, sf in ref.scanned.items()}
    pruned = {}
    for p, sf in others.items():
        regions = [r for r in sf.regions if (r.path, r.begin) not in companion_regions]
        pruned[p] = cpp.ScannedFile(sf.path, sf.lines, regions, sf.reference_blocks)
    problems += manifest.resolve(ref.exercises, {p: s for p, s in pruned.items() if s.regions})
    graded_by = {}
    for e in ref.exercises:
        names = tests_of(e.tests, ref.tests)
        for pattern in e.tests:
            if not tests_of([pattern], ref.tests):
                problems.append(f"{manifest.MANIFEST}: exercise '{e.id}': no test {pattern} in {HOMEWORK_TESTS}*.cpp")
        for t in names:
            if t in graded_by:
                problems.append(f"{manifest.MANIFEST}: test {t} grades both '{graded_by[t]}' and '{e.id}': "
                                "every exercise needs tests of its own")
            graded_by[t] = e.id
        path, _, anchor = e.hint.partition("#")
        if path not in ref.texts:
            problems.append(f"{manifest.MANIFEST}: exercise '{e.id}': the hint's file {path} does not exist")
        elif anchor not in anchors(ref.texts[path]):
            problems.append(f"{manifest.MANIFEST}: exercise '{e.id}': {path} has no section #{anchor}")
    pfile = PRIVATE + "tests.json"
    if pfile in ref.texts:
        private = homework_tests(ref.texts, PRIVATE, private=True)
        try:
            mapping = json.loads(ref.texts[pfile]).get("tests", {})
        except json.JSONDecodeError as e:
            mapping = {}
            problems.append(f"{pfile}:{e.lineno}: not valid JSON: {e.msg}")
        for eid, patterns in mapping.items():
            if eid not in ref.by_id():
                problems.append(f"{pfile}: no exercise '{eid}'")
            for pattern in patterns:
                if not tests_of([pattern], private):
                    problems.append(f"{pfile}: exercise '{eid}': no test {pattern} in {PRIVATE}*.cpp")
    for t, where in sorted(ref.tests.items()):
        if t not in graded_by:
            problems.append(f"{where[0][0]}:{where[0][1]}: test {t} grades no exercise (list it in {manifest.MANIFEST})")
    return problems


# ------------------------------------------------------------------------------------------------

@dataclass
class Starter:
    files: Dict[str, bytes]
    modes: Dict[str, int]
    selected: List[manifest.Exercise]
    stubs: Dict[str, Tuple[str, int]]          # exercise -> (path, line of the throw)
    report: List[str]                          # what the generator changed besides the stubs
    notes: List[str]                           # overlaps with exercises not handed out


def _excluded(ref: Reference) -> Dict[str, str]:
    out = {}
    for d in ref.config.get("exclude", []):
        out[d["path"]] = d.get("reason", "")
    return out


def _is_excluded(path: str, excluded: Dict[str, str]) -> Optional[str]:
    for p, why in excluded.items():
        if path == p or (p.endswith("/") and path.startswith(p)):
            return why or "left out"
    return None


def plan_for(ref: Reference, selected_ids, mode: str = "stub", variants=None):
    """The Action of every region of the reference, for a starter ("stub") or the check's variant
    tree ("variant", with variants[exercise] = list of wrong bodies)."""
    by_region = {}
    for e in ref.exercises:
        by_region[(e.where.path, e.where.begin)] = e

    def plan(r):
        key = (r.path, r.begin)
        if key in ref.companions:
            ex, d = ref.companions[key]
            if ex in selected_ids:
                return cpp.Action("companion", ex, list(d["starter"]))
            return cpp.Action("keep")
        e = by_region.get(key)
        if e is None or e.id not in selected_ids:
            return cpp.Action("keep", e.id if e else "")
        if mode == "variant":
            return cpp.Action("variant", e.id, variants=(variants or {}).get(e.id, []))
        return cpp.Action("stub", e.id)
    return plan


def _companion_includes(ref: Reference, selected_ids) -> Dict[str, List[str]]:
    out = {}
    for (path, _), (ex, d) in ref.companions.items():
        if ex in selected_ids and d.get("include"):
            out.setdefault(path, []).append(d["include"])
    return out


def _add_includes(text: str, includes: List[str]) -> str:
    """Adds `#include <x>` lines after the first include, taking a blank line of the include block
    when there is one (line numbers stay)."""
    lines = text.split("\n")
    missing = [i for i in includes if not re.search(r'#\s*include\s*[<"]' + re.escape(i) + r'[>"]', text)]
    if not missing:
        return text
    first = next((k for k, s in enumerate(lines) if cpp.INCLUDE.match(s)), None)
    add = [f"#include <{i}>" for i in missing]
    if first is None:
        return "\n".join(add + lines)
    k = first + 1
    while k < len(lines) and (cpp.INCLUDE.match(lines[k]) or lines[k].strip() == ""):
        if lines[k].strip() == "" and add:
            lines[k] = add.pop(0)
        k += 1
    return "\n".join(lines[:first + 1] + add + lines[first + 1:])


def build(ref: Reference, selection: str = "", hints: bool = False, check_leaks: bool = True) -> Starter:
    try:
        selected = manifest.select(ref.exercises, selection)
    except manifest.ManifestError as e:
        raise GenerateError(e.problems)
    ids = {e.id for e in selected}
    excluded = _excluded(ref)
    replaced = {d["path"]: d for d in ref.config.get("replace", [])}
    plan = plan_for(ref, ids)
    includes = _companion_includes(ref, ids)
    files: Dict[str, bytes] = {}
    texts: Dict[str, str] = {}
    modes: Dict[str, int] = {}
    kept: Dict[str, List[Tuple[int, int]]] = {}
    stubs: Dict[str, Tuple[str, int]] = {}
    report = []
    for f in ref.files:
        if f.startswith((PRIVATE, TOOL_TESTS)) or f == manifest.MANIFEST:
            continue
        why = _is_excluded(f, excluded)
        if why:
            report.append(f"left out: {f} ({why})")
            continue
        if f in replaced:
            texts[f] = replaced[f]["text"]
            report.append(f"replaced: {f} ({replaced[f].get('reason', '')})")
            if os.access(os.path.join(ref.src, f), os.X_OK):
                modes[f] = 0o755
            continue
        if os.access(os.path.join(ref.src, f), os.X_OK):
            modes[f] = 0o755
        if f in ref.scanned:
            text, k, st = cpp.rewrite(ref.scanned[f], plan, hints=hints)
            if f in includes:
                text = _add_includes(text, includes[f])
            texts[f] = text
            if k:
                kept[f] = k
            for ex, line, _ in st:
                stubs[ex] = (f, line)
        elif f in ref.texts:
            texts[f] = ref.texts[f]
        else:
            files[f] = ref.binary[f]
    # what only the starter has
    public = [dict(e.public(stubs.get(e.id, ("", 0))[1]), hint_text=hint_text(ref.texts, e.hint)) for e in selected]
    texts[manifest.MANIFEST] = json.dumps({"version": 1, "selection": selection or "all", "exercises": public},
                                          indent=1) + "\n"
    texts["README.md"] = starter.readme(selected, stubs, selection or "all")
    texts["EXERCISES.md"] = starter.exercises_md(selected, stubs, ref)
    texts[".github/workflows/classroom.yml"] = starter.classroom_workflow(selected)
    notes = []
    if check_leaks:
        problems, notes, more = leak_check(ref, selected, texts, kept)
        report += more
        if problems:
            raise GenerateError(problems)
    for f, t in texts.items():
        files[f] = t.encode("utf-8")
    return Starter(files, modes, selected, stubs, report, notes)


def leak_check(ref: Reference, selected, texts: Dict[str, str], kept) -> Tuple[List[str], List[str], List[str]]:
    """Looks for the selected exercises' answers in `texts` (the starter's text files, changed in
    place: leaking tests and notebook cells are removed). Returns (problems, notes, report)."""
    fps = []
    for e in selected:
        fps += leaks.fingerprints(e.id, e.where.body, ref.config.get("leaks", {}).get(e.id, []))
    allow = ref.config.get("allow", [])

    def allowed(hit):
        for a in allow:
            if a.get("path") == hit.path and (hit.exercise in a.get("exercises", []) or "*" in a.get("exercises", [])):
                return True
        return False

    problems, notes, report = [], [], []
    # the regions of exercises this starter does not hand out: their answers stay by design
    inside = {f: [(b, e) for b, e, _ in r] for f, r in kept.items()}
    for f, ranges in kept.items():
        lines = texts[f].split("\n")
        for b, e, other in ranges:
            keep = [";"] * len(lines)
            keep[b - 1:e] = lines[b - 1:e]
            for h in leaks.check({f: "\n".join(keep)}, fps):
                notes.append(f"{h.path}:{h.line}: the answer of '{h.exercise}' ({h.fingerprint}) is also the solution of "
                             f"'{other}', which this starter does not hand out (add it to EXERCISES to hide it)")
    for _ in range(3):      # removing a leaking test can only remove hits; twice is enough
        hits = [h for h in leaks.check(texts, fps, inside) if not allowed(h)]
        changed = False
        by_file: Dict[str, List[leaks.Hit]] = {}
        for h in hits:
            by_file.setdefault(h.path, []).append(h)
        for path, hs in sorted(by_file.items()):
            if path.startswith("tests/") and not path.startswith(HOMEWORK_TESTS) and path.endswith(".cpp"):
                new, removed = remove_tests(texts[path], {h.line for h in hs})
                what = ", ".join(sorted({h.exercise for h in hs}))
                if new is None:
                    del texts[path]
                    report.append(f"left out: {path} (holds the answer of {what} outside a TEST)")
                else:
                    texts[path] = new
                    report.append(f"removed from {path}: {', '.join(removed)} (they hold the answer of {what})")
                changed = True
            elif path.endswith(".ipynb"):
                # a notebook's cells build on each other: without one the rest may not run
                del texts[path]
                report.append(f"left out: {path} (a cell holds the answer of "
                              f"{', '.join(sorted({h.exercise for h in hs}))})")
                changed = True
        if not changed:
            for h in hits:
                problems.append(f"{h.path}:{h.line}: holds the answer of exercise '{h.exercise}' "
                                f"({h.fingerprint}, from '{h.source}'): {h.code}")
            break
    if problems:
        problems.append("leak check: fix these (stub the helper too, mark it as a companion, leave the file out, "
                        f"rephrase the text) or accept one with a reason in {manifest.MANIFEST} ('allow'); nothing was written")
    return problems, notes, report


def remove_tests(text: str, lines) -> Tuple[Optional[str], List[str]]:
    """`text` without the TEST blocks that contain one of `lines`; None when a line is outside
    every TEST block. Removed blocks become a comment and blank lines (line numbers stay)."""
    src = text.split("\n")
    blocks = []
    for m in TEST_DECL.finditer(text):
        start = text.count("\n", 0, m.start()) + 1
        sc = cpp._Scanner()
        end = None
        opened = False
        for k in range(start, len(src) + 1):
            sc.scan(src[k - 1])
            if sc.depth > 0:
                opened = True
            if opened and sc.depth == 0:
                end = k
                break
        if end:
            blocks.append((start, end, f"{m.group(1)}.{m.group(2)}"))
    removed = []
    for line in sorted(lines):
        blk = next((b for b in blocks if b[0] <= line <= b[1]), None)
        if blk is None:
            return None, []
        if blk[2] not in removed:
            removed.append(blk[2])
            b, e, name = blk
            src[b - 1] = f"// {name}: left out of the starter tree (it holds an exercise's answer)"
            for k in range(b, e):
                src[k] = ""
    return "\n".join(src), removed


def generate(src: str, out: str, selection: str = "", hints: bool = False) -> Tuple[Starter, Dict[str, int]]:
    tree.check_out_dir(src, out)
    ref = load(src)
    st = build(ref, selection, hints)
    stamp = json.dumps({"selection": selection or "all", "hints": bool(hints),
                        "exercises": [e.id for e in st.selected]}, indent=1) + "\n"
    st.files[tree.STAMP] = stamp.encode()
    stats = tree.write_tree(out, st.files, st.modes)
    return st, stats
