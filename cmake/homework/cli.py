"""Command line of the homework tool (docs/homework.md):

  python3 cmake/homework generate [--out homework] [--exercises ch03,sigmoid] [--hints]
  python3 cmake/homework list [--exercises ...] [--markdown]
  python3 cmake/homework grade [--build build/release] [--exercise ID] [--results FILE] [--no-build|--build-only]
  python3 cmake/homework check [--exercises ...] [--work build/homework-check] [--quick]
  python3 cmake/homework check --binary EXE --exercises ...      (the subset make test runs)
  python3 cmake/homework autograder [--starter homework] [--out homework-autograder.zip]
  python3 cmake/homework collect --submission DIR --into TREE     (Gradescope's run_autograder)
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile

from . import check, generate, grade, manifest, tree

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def _jobs(value):
    return int(value) if value else (os.cpu_count() or 2)


def cmd_generate(a):
    out = os.path.abspath(a.out or os.path.join(a.src, "homework"))
    t0 = time.time()
    try:
        st, stats = generate.generate(a.src, out, a.exercises, a.hints)
    except (generate.GenerateError, tree.TreeError) as e:
        problems = e.problems if hasattr(e, "problems") else [str(e)]
        print("make homework: nothing was written:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    total = sum(e.points for e in st.selected)
    print(f"homework starter tree: {out}")
    for e in st.selected:
        path, line = st.stubs.get(e.id, (e.file, 0))
        print(f"  {e.id:36s} ch{e.chapter}  {e.points:g} pt  {path}:{line}")
    for r in st.report:
        print(f"  {r}")
    for n in st.notes:
        print(f"  note: {n}")
    print(f"-- {len(st.selected)} exercises, {total:g} points; leak check passed; {stats['written']} files written, "
          f"{stats['unchanged']} unchanged, {stats['removed']} removed ({time.time() - t0:.1f} s); "
          f"the list is in {os.path.join(out, 'EXERCISES.md')}")
    return 0


TABLE_BEGIN = "<!-- BEGIN EXERCISES: python3 cmake/homework list --markdown --update docs/homework.md -->"
TABLE_END = "<!-- END EXERCISES -->"


def exercise_table(ref, sel) -> str:
    """The instructor's table of exercises (docs/homework.md), from the manifest."""
    rows = ["| id | exercise | chapter | points | where | tests | wrong answers the check tries |",
            "|----|----------|---------|--------|-------|-------|-------------------------------|"]
    for e in sel:
        tests = ", ".join(f"`{t}`" for t in generate.tests_of(e.tests, ref.tests))
        wrong = "; ".join(w.name for w in e.wrong)
        req = f" (needs {', '.join('`' + r + '`' for r in e.requires)})" if e.requires else ""
        rows.append(f"| `{e.id}` | {e.title}{req} | {e.chapter} | {e.points:g} | "
                    f"[{e.file}:{e.where.begin + 1}](../{e.file}#L{e.where.begin + 1}) | {tests} | {wrong} |")
    total = sum(e.points for e in sel)
    rows.append("")
    rows.append(f"{len(sel)} exercises, {total:g} points, {sum(len(generate.tests_of(e.tests, ref.tests)) for e in sel)} "
                f"graded tests, {sum(len(e.wrong) for e in sel)} wrong answers. The line is the first line of the "
                "solution in the reference code (the stub's `throw` in the starter).")
    return "\n".join(rows) + "\n"


def cmd_list(a):
    try:
        ref = generate.load(a.src)
        sel = manifest.select(ref.exercises, a.exercises)
    except (generate.GenerateError, manifest.ManifestError) as e:
        for p in e.problems:
            print("  " + p, file=sys.stderr)
        return 1
    if a.update:
        with open(a.update, encoding="utf-8") as f:
            text = f.read()
        if TABLE_BEGIN not in text or TABLE_END not in text:
            print(f"list: {a.update} has no lines {TABLE_BEGIN} ... {TABLE_END}", file=sys.stderr)
            return 1
        head, rest = text.split(TABLE_BEGIN, 1)
        _, tail = rest.split(TABLE_END, 1)
        new = head + TABLE_BEGIN + "\n\n" + exercise_table(ref, sel) + "\n" + TABLE_END + tail
        if new != text:
            with open(a.update, "w", encoding="utf-8") as f:
                f.write(new)
            print(f"list: updated the table in {a.update}")
        return 0
    if a.markdown:
        print(exercise_table(ref, sel), end="")
        return 0
    for e in sel:
        n = len(generate.tests_of(e.tests, ref.tests))
        print(f"{e.id:36s} ch{e.chapter} {e.points:g} pt  {e.file}:{e.where.begin + 1} {e.function}  "
              f"({n} tests, {len(e.wrong)} wrong answers)  {e.title}")
    print(f"-- {len(sel)} exercises, {sum(e.points for e in sel):g} points")
    return 0


def cmd_grade(a):
    root = os.path.abspath(a.tree)
    build = os.path.abspath(a.build or os.path.join(root, "build", "release"))
    results = a.results if a.results else os.path.join(build, "homework", "results.json")
    missing = None
    if a.submission:
        missing = grade.collect(a.submission, root)
    _, status = grade.grade(root, build, _jobs(a.jobs), results, a.exercise or None, a.no_build, a.build_only,
                            timeout=a.timeout, missing=missing)
    return status


def cmd_collect(a):
    missing = grade.collect(a.submission, a.into)
    for f, why in missing.items():
        print(f"collect: {why}")
    return 0


def cmd_variant_sources(a):
    """For the subset check of make test: the variant sources of a few exercises (CMake runs it)."""
    ref = generate.load(a.src, require_git=False)
    ids = [x for x in a.exercises.split(",") if x]
    by_id = ref.by_id()
    files = sorted({by_id[i].file for i in ids})
    out = check.variant_files(ref, ids, files)
    for rel, text in out.items():      # written every time: the build's outputs must be newer
        path = os.path.join(a.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


def _check_binary(a, ref, ids):
    by_id = ref.by_id()
    exs = [by_id[i] for i in ids]
    private = {}
    pfile = os.path.join(ref.src, grade.PRIVATE_DIR, "tests.json")
    if a.private_binary and os.path.exists(pfile):
        with open(pfile, encoding="utf-8") as f:
            private = json.load(f).get("tests", {})
    ok = check.check_exercises(a.binary, exs, by_id, a.private_binary or "", private, cwd=ref.src)
    print(f"-- homework check: {len(exs)} exercises, {'all pass' if ok else 'FAILED'} "
          "(solution: full points; stub: 0 and every test reaches it; each wrong answer: less than full)")
    return 0 if ok else 1


def cmd_check(a):
    t0 = time.time()
    try:
        ref = generate.load(a.src, require_git=bool(not a.binary))
        sel = manifest.select(ref.exercises, a.exercises)
    except (generate.GenerateError, manifest.ManifestError) as e:
        for p in e.problems:
            print("  " + p, file=sys.stderr)
        return 1
    ids = [e.id for e in sel]
    if a.binary:
        return _check_binary(a, ref, ids)
    work = os.path.abspath(a.work or os.path.join(a.src, "build", "homework-check"))
    os.makedirs(work, exist_ok=True)
    jobs = _jobs(a.jobs)
    status = 0
    # 1. the variant tree: every exercise switchable at run time (the same tree whatever is
    # checked, so that a second run rebuilds only what changed), traced
    vt, vb = os.path.join(work, "variant-tree"), os.path.join(work, "variant-build")
    files = {}
    variants = check.variant_files(ref, [e.id for e in ref.exercises])
    for f in ref.files:
        if f.startswith(generate.TOOL_TESTS):
            continue
        if f in variants:
            files[f] = variants[f].encode()
        elif f in ref.scanned:
            text, _, _ = generate.cpp.rewrite(ref.scanned[f], lambda r: generate.cpp.Action("keep"))
            files[f] = text.encode()
        else:
            files[f] = ref.texts[f].encode() if f in ref.texts else ref.binary[f]
    files[check.VARIANT_HEADER] = variants[check.VARIANT_HEADER].encode()
    if os.path.exists(os.path.join(vt, tree.STAMP)) is False and os.path.isdir(vt) and os.listdir(vt):
        shutil.rmtree(vt)
    files[tree.STAMP] = b"variant tree of the homework check\n"
    tree.write_tree(vt, files)
    print(f"== variant tree: {vt} ({len(ref.exercises)} exercises switchable, {len(ids)} checked)")
    has_private = any(f.startswith(generate.PRIVATE) for f in ref.files)
    targets = [grade.PUBLIC_TARGET] + ([grade.PRIVATE_TARGET] if has_private else [])
    # configured every time: a target that appeared since (the private tests) is then known
    cmd = ["cmake", "-S", vt, "-B", vb, "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_CXX_FLAGS=-DNN_HOMEWORK_TRACE"]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode:
        print(p.stdout.decode(errors="replace")[-3000:])
        print("FAIL: the variant tree does not configure")
        return 1
    cmd = ["cmake", "--build", vb, "-j", str(jobs)] + sum((["--target", t] for t in targets), [])
    t1 = time.time()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode:
        out = p.stdout.decode(errors="replace").split("\n")
        print("\n".join([l for l in out if "error" in l.lower()][:40] or out[-40:]))
        print("FAIL: the variant tree does not build")
        return 1
    print(f"== built {', '.join(targets)} in {time.time() - t1:.0f} s")
    a.binary = os.path.join(vb, "tests", "homework", grade.PUBLIC_TARGET)
    a.private_binary = os.path.join(vb, "tests", "homework", grade.PRIVATE_TARGET) if has_private else ""
    status |= _check_binary(a, ref, ids)
    if a.quick:
        return status
    # 2. the real starter: generated (leak check), built, graded: every exercise at 0 points
    st_dir, st_build = os.path.join(work, "starter"), os.path.join(work, "starter-build")
    print(f"\n== the starter tree ({a.exercises or 'all'}) into {st_dir}")
    try:
        st, _ = generate.generate(a.src, st_dir, a.exercises, False)
    except (generate.GenerateError, tree.TreeError) as e:
        for p in getattr(e, "problems", [str(e)]):
            print("  " + p)
        print("FAIL: the starter tree cannot be generated")
        return 1
    if os.path.exists(os.path.join(a.src, "data")) and not os.path.exists(os.path.join(st_dir, "data")):
        os.symlink(os.path.realpath(os.path.join(a.src, "data")), os.path.join(st_dir, "data"))
    results = os.path.join(work, "starter-results.json")
    res, _ = grade.grade(st_dir, st_build, jobs, results, quiet=False)
    bad = [r.id for r in res if r.score != 0]
    with open(results, encoding="utf-8") as f:
        problems = grade.validate_results(json.load(f))
    if bad or problems or len(res) != len(sel):
        print(f"FAIL: in the starter, exercises with points: {bad}; results.json: {problems}")
        status = 1
    else:
        print(f"ok: the starter builds, every one of its {len(res)} exercises has 0 points, results.json is valid")
    print(f"-- homework check done in {time.time() - t0:.0f} s")
    return status


def cmd_autograder(a):
    starter = os.path.abspath(a.starter or os.path.join(a.src, "homework"))
    stamp = os.path.join(starter, tree.STAMP)
    if not os.path.exists(stamp):
        print(f"autograder: {starter} is not a starter tree made by make homework", file=sys.stderr)
        return 1
    with open(stamp, encoding="utf-8") as f:
        made = json.load(f)
    selection = "" if made.get("selection", "all") == "all" else made["selection"]
    # The zip is made afresh from the reference with the starter's selection, never from the files
    # on disk: an instructor who tried the exercises in that folder would otherwise ship answers
    # that the grader falls back to when a submission lacks a file.
    try:
        st = generate.build(generate.load(a.src), selection, bool(made.get("hints")))
    except (generate.GenerateError, tree.TreeError) as e:
        problems = e.problems if hasattr(e, "problems") else [str(e)]
        print("autograder: the starter could not be made again:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    st.files[tree.STAMP] = open(stamp, "rb").read()
    edited = sorted(f for f in {e.file for e in st.selected}
                    if os.path.isfile(os.path.join(starter, f))
                    and open(os.path.join(starter, f), "rb").read() != st.files.get(f))
    out = os.path.abspath(a.out or os.path.join(a.src, "build", "homework-autograder.zip"))
    private_dir = os.path.join(a.src, grade.PRIVATE_DIR)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("setup.sh", "run_autograder"):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16
            with open(os.path.join(HERE, "gradescope", name), "rb") as f:
                z.writestr(info, f.read())
        for rel in sorted(st.files):
            info = zipfile.ZipInfo("starter/" + rel)
            info.external_attr = st.modes.get(rel, 0o644) << 16
            z.writestr(info, st.files[rel])
        n_private = 0
        if os.path.isdir(private_dir) and not a.no_private:
            for rel in tree.tracked_files(a.src):
                if rel.startswith(grade.PRIVATE_DIR + "/"):
                    z.write(os.path.join(a.src, rel), "starter/" + rel)
                    n_private += 1
    for f in edited:
        print(f"autograder: note: {f} is edited in {starter}; the zip has the stub, as handed out")
    print(f"Gradescope autograder: {out} ({len(st.files)} files of the starter, {n_private} instructor-only test files); "
          "upload it as the assignment's autograder (docs/homework.md)")
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 cmake/homework", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    def src(q):
        q.add_argument("--src", default=os.environ.get("NN_HOMEWORK_SRC", REPO), help="the reference tree")

    g = sub.add_parser("generate", help="make the starter tree")
    src(g)
    g.add_argument("--out", help="where (default: homework/ in the repository)")
    g.add_argument("--exercises", default=os.environ.get("EXERCISES", ""), help="chapters (ch03) and ids; default all")
    g.add_argument("--hints", action="store_true", help="keep the solution lines' end-of-line comments")
    g.set_defaults(fn=cmd_generate)

    l = sub.add_parser("list", help="the exercises of the manifest")
    src(l)
    l.add_argument("--exercises", default="")
    l.add_argument("--markdown", action="store_true", help="the table of docs/homework.md")
    l.add_argument("--update", help="replace the table in this file (docs/homework.md)")
    l.set_defaults(fn=cmd_list)

    r = sub.add_parser("grade", help="build and grade a tree (the starter's make grade)")
    r.add_argument("--tree", default=REPO)
    r.add_argument("--build", help="build directory (default: <tree>/build/release)")
    r.add_argument("--exercise", default=os.environ.get("EXERCISE", ""), help="grade one exercise; exit 0 iff full points")
    r.add_argument("--results", help="results.json (default: <build>/homework/results.json)")
    r.add_argument("--submission", help="take the exercise files from this folder first (Gradescope)")
    r.add_argument("--no-build", action="store_true")
    r.add_argument("--build-only", action="store_true")
    r.add_argument("--jobs")
    r.add_argument("--timeout", type=float, default=120, help="seconds per exercise")
    r.set_defaults(fn=cmd_grade)

    c = sub.add_parser("check", help="the wrong-answer check")
    src(c)
    c.add_argument("--exercises", default=os.environ.get("EXERCISES", ""))
    c.add_argument("--work", help="default: build/homework-check")
    c.add_argument("--binary", help="check with this test binary (built from variant sources) only")
    c.add_argument("--private-binary", default="")
    c.add_argument("--quick", action="store_true", help="only the variants, not the starter build")
    c.add_argument("--jobs")
    c.set_defaults(fn=cmd_check)

    v = sub.add_parser("variant-sources", help="(CMake) variant sources of a few exercises")
    src(v)
    v.add_argument("--exercises", required=True)
    v.add_argument("--out", required=True)
    v.set_defaults(fn=cmd_variant_sources)

    z = sub.add_parser("autograder", help="the Gradescope autograder zip of a starter tree")
    src(z)
    z.add_argument("--starter", help="default: homework/")
    z.add_argument("--out")
    z.add_argument("--no-private", action="store_true", help="leave the instructor-only tests out")
    z.set_defaults(fn=cmd_autograder)

    k = sub.add_parser("collect", help="copy the exercise files of a submission into a tree")
    k.add_argument("--submission", required=True)
    k.add_argument("--into", required=True)
    k.set_defaults(fn=cmd_collect)

    a = p.parse_args(argv)
    if hasattr(a, "src"):
        a.src = os.path.abspath(a.src)
    return a.fn(a)
