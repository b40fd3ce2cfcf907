#!/usr/bin/env python3
"""Checks that every number a chapter README quotes as program output is what the program prints.

The marker convention
---------------------
In chapters/NN_name/README.md, put the words that quote the program's output between

    <!--out--> ... <!--/out-->

(HTML comments: invisible on the rendered page; spaces inside the comment are allowed, e.g.
`<!-- out -->`). A span may cover a phrase, a sentence, a table cell or several lines:

    by epoch 1000 the loss is <!--out-->0.2941<!--/out--> and the accuracy <!--out-->0.8800<!--/out-->

Every number inside a span must appear, written exactly the same way, as a number of the chapter's
golden output chapters/NN_name/expected_output.txt (the output of the golden run, see
cmake/golden.cmake and golden_args.txt). Numbers are compared as whole tokens: 0.61 does not match
0.6177, 0.5 does not match 0.50, and 79,510 is one number. The labels "Example 7.1" of the output
do not count as printed numbers (refer to examples outside the spans). Before comparing, a Unicode minus (U+2212)
becomes '-', and LaTeX's thousands separator {,} becomes ','.

A span that contains a fenced code block (an excerpt of the output) is checked line by line instead:
every non-empty line of the block must be a line of expected_output.txt (trailing blanks ignored,
timings such as "1.21 s" masked as the golden test masks them; a line "..." marks an elision).

Quote a number as the program prints it; if the text needs a number of another run (a run with other
flags than the golden run, e.g. chapter 06's full 20-epoch MNIST run), do not mark it, and say in
the text which run it comes from. Every README must contain at least one span.

Usage (from the repository root; CTest runs both as readme_numbers and readme_numbers.self_test):
  python3 cmake/readme_numbers.py [chapters]    check every chapters/*/README.md
  python3 cmake/readme_numbers.py --self-test   show that the check fails on a wrong number, an
                                                unclosed marker and a README without markers
Exit status 0 when every marked number is found, 1 otherwise (each problem printed as file:line).
"""
import os
import re
import sys
import tempfile

OPEN = re.compile(r"<!--\s*out\s*-->")
CLOSE = re.compile(r"<!--\s*/out\s*-->")
ANY_MARK = re.compile(r"<!--\s*/?out\s*-->")
# A number: optional minus, digits with optional thousands groups, decimals, exponent; not part of
# a word (L4-04, x1) or of a longer number.
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w])")
EXAMPLE_LABEL = re.compile(r"\bExample \d+\.\d+[a-z]?\b")
TIMING = re.compile(r"[0-9]+(\.[0-9]+)? ?(ms|s|min)([^a-zA-Z]|$)")


def normalise(text):
    return text.replace("\u2212", "-").replace("{,}", ",")


def numbers(text):
    return [m.group(0) for m in NUMBER.finditer(normalise(text))]


def mask_timings(line):
    return TIMING.sub(lambda m: "<time>" + m.group(3), line)


def spans(readme_text):
    """[(line of the opening marker, text between the markers)], or raises ValueError."""
    found, pos = [], 0
    while True:
        m = ANY_MARK.search(readme_text, pos)
        if not m:
            return found
        line = readme_text.count("\n", 0, m.start()) + 1
        if CLOSE.fullmatch(m.group(0)):
            raise ValueError(f"{line}: <!--/out--> without an opening <!--out-->")
        end = ANY_MARK.search(readme_text, m.end())
        if not end or not CLOSE.fullmatch(end.group(0)):
            raise ValueError(f"{line}: <!--out--> is not closed by <!--/out--> before the next marker"
                             " or the end of the file")
        found.append((line, readme_text[m.end():end.start()]))
        pos = end.end()


def code_lines(span_text):
    """The lines of the fenced code blocks in a span (None if the span has no fence)."""
    if "```" not in span_text:
        return None
    lines, inside = [], False
    for raw in span_text.split("\n"):
        if raw.strip().startswith("```"):
            inside = not inside
            continue
        if inside and raw.strip() and raw.strip() != "...":
            lines.append(raw.rstrip())
    return lines


def check_chapter(chapter_dir):
    """Problems (strings) and counts (spans, numbers, lines) for one chapter folder."""
    readme = os.path.join(chapter_dir, "README.md")
    golden = os.path.join(chapter_dir, "expected_output.txt")
    problems = []
    if not os.path.isfile(golden):
        return [f"{golden}: missing (the golden output the README's numbers are checked against)"], 0, 0, 0
    text = open(readme, encoding="utf-8").read()
    output = open(golden, encoding="utf-8").read()
    printed = set(numbers(EXAMPLE_LABEL.sub("", output)))  # "Example 7.1" labels are not output values
    printed_lines = {mask_timings(l.rstrip()) for l in output.split("\n")}
    try:
        found = spans(text)
    except ValueError as e:
        return [f"{readme}:{e}"], 0, 0, 0
    if not found:
        return [f"{readme}: no <!--out-->...<!--/out--> span: mark the numbers it quotes from the "
                f"program (see cmake/readme_numbers.py)"], 0, 0, 0
    n_numbers = n_lines = 0
    for line, body in found:
        block = code_lines(body)
        if block is not None:
            for offset, l in enumerate(block):
                n_lines += 1
                if mask_timings(l) not in printed_lines:
                    problems.append(f"{readme}:{line}: the quoted output line\n    {l}\n  is not a line of {golden}")
            continue
        tokens = numbers(body)
        if not tokens:
            problems.append(f"{readme}:{line}: the span holds no number: {body.strip()!r}")
        for t in tokens:
            n_numbers += 1
            if t not in printed:
                at = line + body[: body.find(t)].count("\n") if t in body else line
                problems.append(f"{readme}:{at}: {t} is quoted as program output but {golden} never "
                                f"prints it (span: {' '.join(body.split())!r})")
    return problems, len(found), n_numbers, n_lines


def check_all(chapters_root):
    dirs = sorted(d for d in (os.path.join(chapters_root, e) for e in os.listdir(chapters_root))
                  if os.path.isfile(os.path.join(d, "README.md")))
    if not dirs:
        print(f"readme_numbers: no chapters/*/README.md under {chapters_root}")
        return 1
    all_problems = []
    for d in dirs:
        problems, n_spans, n_numbers, n_lines = check_chapter(d)
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{os.path.basename(d):28s} {n_spans:3d} spans, {n_numbers:3d} numbers, "
              f"{n_lines:3d} output lines: {status}")
        all_problems += problems
    for p in all_problems:
        print(p)
    print(f"readme_numbers: {len(dirs)} chapters, "
          f"{'all marked numbers found' if not all_problems else f'{len(all_problems)} problem(s)'}")
    return 1 if all_problems else 0


def self_test():
    golden = ("Example 5.2  epoch  400  loss 0.6017  accuracy 0.6925\n"
              "Example 6.1  parameters: 79,510\n"
              "Example 7.3  Epoch 1/1 - loss 0.6393 - 1.21 s\n"
              "Example 5.23  the printed line = -0.0728\n")
    cases = [
        ("good", "Loss <!--out-->0.6017<!--/out--> at epoch <!--out-->400<!--/out-->, "
                 "<!--out-->$79{,}510$<!--/out--> parameters, <!-- out -->\u22120.0728<!-- /out -->.\n"
                 "<!--out-->\n```\nExample 7.3  Epoch 1/1 - loss 0.6393 - 2.50 s\n...\n```\n<!--/out-->\n", True),
        ("a wrong number", "the loss sits near <!--out-->0.617<!--/out-->\n", False),
        ("a number printed only as an example label", "<!--out-->5.2<!--/out-->\n", False),
        ("a number that is only a prefix of a printed one", "<!--out-->0.60<!--/out-->\n", False),
        ("another format of a printed number", "<!--out-->0.69250<!--/out-->\n", False),
        ("a wrong line in a quoted block", "<!--out-->\n```\nExample 5.2  epoch  400  loss 0.6018  "
                                           "accuracy 0.6925\n```\n<!--/out-->\n", False),
        ("an unclosed marker", "<!--out-->0.6017 and on\n", False),
        ("a closing marker alone", "0.6017<!--/out-->\n", False),
        ("a span without a number", "<!--out-->the loss<!--/out-->\n", False),
        ("a README without markers", "The loss is 0.6017.\n", False),
    ]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, readme, should_pass in cases:
            d = os.path.join(tmp, "chapters", "99_case")
            os.makedirs(d, exist_ok=True)
            open(os.path.join(d, "README.md"), "w", encoding="utf-8").write(readme)
            open(os.path.join(d, "expected_output.txt"), "w", encoding="utf-8").write(golden)
            problems = check_chapter(d)[0]
            passed = not problems
            verdict = "ok" if passed == should_pass else "WRONG"
            failures += passed != should_pass
            print(f"self-test: {name:50s} {'passes' if passed else 'fails '} "
                  f"(expected to {'pass' if should_pass else 'fail'}): {verdict}")
            for p in problems:
                print("    " + p.replace(tmp + os.sep, "").replace("\n", "\n    "))
    print(f"readme_numbers self-test: {len(cases) - failures} of {len(cases)} cases behave as expected")
    return 1 if failures else 0


def main(argv):
    if argv[1:2] == ["--self-test"]:
        return self_test()
    root = argv[1] if len(argv) > 1 else "chapters"
    return check_all(root)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
