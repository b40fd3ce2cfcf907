#!/usr/bin/env python3
"""Doxygen input filter for the Markdown pages (docs/*.md and the chapter READMEs), so that one file
reads well on GitHub and on the docs site.

  Math     GitHub's $...$ (within one paragraph, also across line breaks) becomes Doxygen's \\f$...\\f$;
           a $$ line opens or closes a \\f[ ... \\f] block; $$...$$ on one line becomes \\f[...\\f].
           A double-quoted phrase holding math gets typographic quotes: Doxygen leaves formulas
           inside "..." unrendered.
  Links    docs/images/<dir>/<file> -> <dir>/<file> (found through IMAGE_PATH);
           docs/errata/<chapter>.md -> the errata page; docs/<page>.md -> @ref <page>;
           chapters/<NN_slug>/README.md -> that chapter's page; a chapter's .txt files -> the copies
           in files/<NN_slug>/ (docs/theme/copy-assets.sh); nn/.../x.hpp -> its file page;
           .cpp files of nn/, chapters/ and tests/ -> their source listings (#L12 -> line 12);
           docs/playground/index.html?setup -> the site's playground/index.html?setup.
  Contents on the main page, "- [Title](page)" list items become \\subpage entries (the navigation).
  Chapters a previous / contents / next bar under the title and at the end of every chapter page
           (a final "**Next:** ..." paragraph of the README is replaced by it; a "**Try it in the
           playground:**" line after it stays, above the bar); the README-number markers <!--out-->
           and <!--/out--> (cmake/readme_numbers.py) are removed.

``` fences and `code` spans are left alone. Usage (FILTER_PATTERNS): md2dox.py ROOT FILE
"""
import glob
import os
import re
import sys

ROOT = os.path.realpath(sys.argv[1])
PATH = os.path.realpath(sys.argv[2])
REL = os.path.relpath(PATH, ROOT)
CHAPTER = re.match(r"chapters/(\d\d_[a-z0-9_]+)/README\.md$", REL)

# The source files Doxygen reads (keep in step with INPUT in docs/Doxyfile.in).
SOURCES = sorted(
    os.path.relpath(p, ROOT)
    for pattern in ("nn/**/*.hpp", "nn/**/*.cpp", "chapters/*/main.cpp", "tests/lectures/**/*.cpp",
                    "tests/unit/**/*.cpp", "tests/grad/**/*.cpp")
    for p in glob.glob(os.path.join(ROOT, pattern), recursive=True))


def doxygen_name(rel):
    """The base name Doxygen gives a file's pages: the file name, or, when several input files share
    it, the path below their common directory; '_' -> '__', '/' -> '_2', '.' -> '_8'."""
    base = os.path.basename(rel)
    same = [s for s in SOURCES if os.path.basename(s) == base]
    name = base
    if len(same) > 1:
        common = os.path.commonpath([os.path.dirname(s) for s in same])
        name = os.path.relpath(rel, common)
    out = []
    for c in name:
        out.append({"_": "__", "/": "_2", ".": "_8", ":": "_1"}.get(c, c))
    return "".join(out)


def chapter_titles():
    titles = []
    for readme in sorted(glob.glob(os.path.join(ROOT, "chapters", "[0-9][0-9]_*", "README.md"))):
        slug = os.path.basename(os.path.dirname(readme))
        with open(readme, encoding="utf-8") as fh:
            first = fh.readline().strip()
        titles.append((slug, first.lstrip("#").strip() or slug))
    return titles


def page_label(slug):
    return "md_chapters_%s_README" % slug


def link_target(target):
    """The docs-site target of a link written for GitHub (None: leave it as it is)."""
    if re.match(r"[a-z]+:|#|@ref\b|\\ref\b", target):
        return None
    path, _, frag = target.partition("#")
    rel = os.path.normpath(os.path.join(os.path.dirname(REL), path))
    if rel.startswith("docs/images/"):
        return rel[len("docs/images/"):]
    if re.match(r"docs/errata/\d\d_[a-z0-9_]+\.md$", rel):
        return "@ref errata"
    m = re.match(r"docs/([a-z_]+)\.md$", rel)
    if m:
        return "@ref " + m.group(1)
    m = re.match(r"chapters/(\d\d_[a-z0-9_]+)/README\.md$", rel)
    if m:
        return "@ref " + page_label(m.group(1))
    if rel == "README.md":
        return "@ref mainpage"
    m = re.match(r"docs/playground/index\.html(\?[^/]*)?$", rel)
    if m:  # the playground page of the site (docs/CMakeLists.txt), with its setup
        return "playground/index.html" + (m.group(1) or "")
    m = re.match(r"chapters/(\d\d_[a-z0-9_]+)/([^/]+\.txt)$", rel)
    if m:
        return "files/%s/%s" % (m.group(1), m.group(2))
    if rel in SOURCES:
        line = re.match(r"L(\d+)$", frag)
        if rel.endswith(".hpp") and not line:
            return doxygen_name(rel) + ".html"
        return doxygen_name(rel) + "_source.html" + ("#l%05d" % int(line.group(1)) if line else "")
    return None


LINK = re.compile(r"(!?\[[^\]\n]*\])\(([^)\s]+)\)")
TAG = re.compile(r"<[A-Za-z/][^<>]*>")


def curly_quotes(s):
    """Pairs the straight double quotes of a paragraph (outside HTML tags and code) in order, and gives a pair
    that encloses math typographic quotes: Doxygen does not render a formula inside "..."."""
    spans = [m.span() for m in TAG.finditer(s)]
    ticks = [i for i, c in enumerate(s) if c == "`"]
    spans += list(zip(ticks[0::2], ticks[1::2]))  # code spans
    quotes = [i for i, c in enumerate(s) if c == '"' and not any(a <= i < b for a, b in spans)]
    chars = list(s)
    for a, b in zip(quotes[0::2], quotes[1::2]):
        if "$" in s[a:b]:
            chars[a], chars[b] = "\u201c", "\u201d"
    return "".join(chars)


def prose(s):
    """Links, quotes and math of a stretch of text outside code spans."""
    def link(m):
        t = link_target(m.group(2))
        return m.group(0) if t is None else "%s(%s)" % (m.group(1), t)
    s = LINK.sub(link, s)
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and s[i + 1:i + 2] == "$":
            out.append("$")
            i += 2
            continue
        if c == "$":
            rest = s[i + 1:]
            j = rest.find("$")
            if rest[:1] not in ("", " ") and j > 0:
                out.append("\\f$" + rest[:j] + "\\f$")
                i += j + 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


def paragraph(text):
    """Splits on backticks: odd pieces are code spans (left alone), even pieces are prose."""
    parts = curly_quotes(text).split("`")
    return "`".join(p if k % 2 else prose(p) for k, p in enumerate(parts))


def subpage(line):
    """On the main page, a list item that starts with a link to a page makes that page a child of
    the main page (\\subpage): the navigation then lists the pages in the order of the list."""
    m = re.match(r"^- \[([^\]]+)\]\(([^)\s]+)\)(.*)$", line)
    t = link_target(m.group(2)) if m else None
    if not t or not t.startswith("@ref "):
        return line
    return '- \\subpage %s "%s"%s' % (t[5:], m.group(1), m.group(3))


def nav_bar(slug):
    titles = chapter_titles()
    slugs = [s for s, _ in titles]
    k = slugs.index(slug)
    if k > 0:
        prev = '\\ref %s "%s"' % (page_label(titles[k - 1][0]), titles[k - 1][1])
    else:
        prev = '\\ref notation "Notation"'
    if k + 1 < len(titles):
        nxt = '\\ref %s "%s"' % (page_label(titles[k + 1][0]), titles[k + 1][1])
    else:
        nxt = '\\ref errata "Errata of all chapters"'
    return ('<div class="chapter-nav"><span class="prev">\u2190\u00a0%s</span>'
            '<span class="up">\\ref mainpage "Contents"</span>'
            '<span class="next">%s\u00a0\u2192</span></div>' % (prev, nxt))


# The <!--out--> ... <!--/out--> markers of the chapter READMEs (cmake/readme_numbers.py checks the
# numbers between them): source-only, removed before Doxygen sees them (it would drop the blank
# after a comment and print a comment inside "..." literally).
README_NUMBER_MARK = re.compile(r"<!--\s*/?out\s*-->")


def main():
    with open(PATH, encoding="utf-8") as fh:
        text = fh.read()
    if CHAPTER:
        text = README_NUMBER_MARK.sub("", text)
    lines = text.split("\n")
    out, para = [], []
    fence = display = False
    titled = False

    def flush():
        if para:
            out.append(paragraph("\n".join(para)))
            para.clear()

    for line in lines:
        if line.startswith("```"):
            flush()
            fence = not fence
            out.append(line)
            continue
        if fence:
            out.append(line)
            continue
        if re.match(r"^[ \t]*\$\$[ \t]*$", line):
            flush()
            out.append("\\f]" if display else "\\f[")
            display = not display
            continue
        m = re.match(r"^[ \t]*\$\$(.*)\$\$[ \t]*$", line)
        if m and not display:
            flush()
            out.append("\\f[" + m.group(1) + "\\f]")
            continue
        if display:
            out.append(line)
            continue
        if not line.strip():
            flush()
            out.append(line)
            continue
        if CHAPTER and not titled and line.startswith("# "):
            flush()
            out.append(paragraph(line))
            out.append("")
            out.append(nav_bar(CHAPTER.group(1)))
            titled = True
            continue
        if REL == "docs/mainpage.md":
            line = subpage(line)
        para.append(line)
    flush()
    if CHAPTER:
        # the chapter's closing "**Next:** ..." paragraph becomes the bar
        while out and not out[-1].strip():
            out.pop()
        k = len(out) - 1
        tail = []  # a last "Try it in the playground" line stays above the bar
        if k >= 0 and out[k].lstrip().startswith("**Try it in the playground:**"):
            tail = ["", out.pop()]
            while out and not out[-1].strip():
                out.pop()
            k = len(out) - 1
        if k >= 0 and out[k].lstrip().startswith("**Next:**"):
            out.pop()
        out += tail + ["", nav_bar(CHAPTER.group(1)), ""]
    sys.stdout.write("\n".join(out))


main()
