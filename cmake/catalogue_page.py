#!/usr/bin/env python3
"""Writes docs/catalogue.md: every worked example of the lectures' catalogue with the lecture's
value, its status, the test that carries it and whether that test passed in the last run.

Usage (from the repository root, after `make test`):
  python3 cmake/catalogue_page.py [--catalogue ../shared/lectures/WORKED_EXAMPLES.md]
                                  [--xml build/release/test-xml] [--out docs/catalogue.md]
"""
import argparse, glob, os, re
import xml.etree.ElementTree as ET

ID = re.compile(r"### (L[0-4]-\d{2,3}) -- (.*)")

# Lecture claims the shared catalogue does not list, added by this project (ids L<deck>-X<n>, e.g. L1-X1); their
# tests carry the id like any other. Explained on the errata page.
EXTRA = {
    "L1-X1": {"title": "One hidden layer with a non-linear activation gives a convex region",
              "topic": "mlp", "status": "ERRATUM (claim)",
              "states": '"1 hidden layer with nonlinear activation: Boundary of convex region (open or '
                        'closed)" (slide "Decision Boundary").'},
    "L4-X1": {"title": "Decision-region plot: np.linspace(xmin[0], xmax[1]) on both axes",
              "topic": "tensors", "status": "ERRATUM (code)",
              "states": "x0plot = x1plot = np.linspace(xmin[0], xmax[1], nplot); extent=[xmin[0], "
                        "xmax[0], xmin[0], xmax[1]]."},
}

# The convention of cmake/readme_numbers.py, repeated at the end of the page for contributors.
README_NUMBERS = """## Numbers quoted in the chapter texts

Every number a chapter README quotes as program output is checked against that chapter's golden
output `expected_output.txt` by the CTest test `readme_numbers` (`cmake/readme_numbers.py`; its
self-test `readme_numbers.self_test` shows that it fails on a wrong number). Put the quoted words
between the HTML comments `<!--out-->` and `<!--/out-->` (invisible on the rendered page): every
number inside must appear, written the same way, among the numbers of `expected_output.txt`
(0.61 does not match 0.6177, 0.5 does not match 0.50); a span around a fenced block of output is
checked line by line. Numbers of other runs (other flags than the golden run) stay unmarked, and the
text says which run they come from. Every README has at least one span.
"""
PROP = re.compile(r'RecordProperty\(\s*"catalogue_id"\s*,\s*"([^"]*)"')
TEST = re.compile(r"TEST(?:_F|_P)?\(\s*(\w+)\s*,\s*(\w+)\s*\)")


def read_catalogue(path):
    entries, cur = {}, None
    for line in open(path, encoding="utf-8"):
        m = ID.match(line)
        if m:
            cur = m.group(1)
            entries[cur] = {"title": m.group(2).strip(), "topic": "", "status": "", "states": ""}
            continue
        if not cur:
            continue
        for key, field in (("topic", "- **topic:**"), ("status", "- **status:**"),
                           ("states", "- **lecture states:**")):
            if line.startswith(field):
                entries[cur][key] = line.split(":**", 1)[1].strip()
    return entries


def tests_by_id(root):
    """catalogue id -> [(test name, test file relative to root, line of its TEST)]."""
    found = {}
    for path in sorted(glob.glob(os.path.join(root, "tests", "**", "*.cpp"), recursive=True)):
        current, where = None, 0
        rel = os.path.relpath(path, root)
        for n, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
            t = TEST.search(line)
            if t:
                current, where = f"{t.group(1)}.{t.group(2)}", n
            for m in PROP.finditer(line):
                for i in m.group(1).split():
                    found.setdefault(i, []).append((current or rel, rel, where or n))
    return found


def xml_status(d):
    res = {}
    for f in glob.glob(os.path.join(d, "**", "*.xml"), recursive=True):
        try:
            root = ET.parse(f).getroot()
        except ET.ParseError:
            continue
        for tc in root.iter("testcase"):
            name = f"{tc.get('classname')}.{tc.get('name')}"
            bad = tc.find("failure") is not None or tc.get("result") == "skipped"
            res[name] = "fail" if bad else "pass"
    return res


def cell(text, n=90):
    """A table cell: | and $ escaped, cut to n characters at a word, code spans and quotes closed."""
    if len(text) > n:
        cut = text[: n - 1]
        cut = cut[: cut.rfind(" ")] if " " in cut[n // 2:] else cut
        if cut.count("`") % 2:
            cut += "`"
        text = cut.rstrip() + " …"
        if text.count('"') % 2:  # an open quote would swallow the rest of the table in Doxygen
            text += '"'
    return text.replace("|", "\\|").replace("$", "\\$")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--catalogue", default="../shared/lectures/WORKED_EXAMPLES.md")
    ap.add_argument("--xml", default="build/release/test-xml")
    ap.add_argument("--out", default="docs/catalogue.md")
    a = ap.parse_args()
    cat, tests, runs = read_catalogue(a.catalogue), tests_by_id("."), xml_status(a.xml)
    cat.update(EXTRA)
    lines = ["# Worked-example catalogue {#catalogue}", "",
             "Every worked example of the five lecture decks: its status in the catalogue (`OK`, `ERRATUM`,",
             "`UNDERSPECIFIED`), the result of its test in the last `make test` run, the value the lecture",
             "states, and the GoogleTest that reproduces it (each test name links to its code). Errata are",
             "explained on the [errata](errata.md) page; the [sources](sources.md) page describes the decks.",
             "Generated by `cmake/catalogue_page.py`.", "",
             "| id | status | result | example | lecture states | test | topic |",
             "|---|---|---|---|---|---|---|"]
    carried = passed = 0
    def order(kv):  # deck, then the catalogue's numbers, then the project's X entries
        n = kv[0][3:]
        return (int(kv[0][1]), n.startswith("X"), int(n.lstrip("X")))

    for i, e in sorted(cat.items(), key=order):
        ts = tests.get(i, [])
        carried += bool(ts)
        result = "-"
        if ts:
            rs = [runs.get(t, "not run") for t, _, _ in ts]
            result = "fail" if "fail" in rs else ("pass" if all(r == "pass" for r in rs) else "not run")
            passed += result == "pass"
        status = e["status"].split(" ")[0]
        names = '<br>'.join(f'[`{t}`](../{path}#L{line})' for t, path, line in ts) if ts else 'no test yet'
        lines.append(f"| {i} | {status} | {result} | {cell(e['title'], 60)} | {cell(e['states'], 70)} | "
                     f"{names} | {e['topic']} |")
    lines += ["", f"{carried} of {len(cat)} worked examples are carried by a test; {passed} passed in the last run. "
              f"The ids {' and '.join(sorted(EXTRA))} are lecture claims this project adds to the catalogue "
              f"(explained on the errata page).", "",
              README_NUMBERS]
    open(a.out, "w", encoding="utf-8").write("\n".join(lines))
    print(f"wrote {a.out}: {carried}/{len(cat)} carried, {passed} passing")


if __name__ == "__main__":
    main()
