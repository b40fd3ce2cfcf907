"""The C++ side of the homework tool: finds the marked regions of a source file and rewrites them.

A *solution region* is the lines between a line `// BEGIN SOLUTION` and a line `// END SOLUTION`;
it must be whole statements inside a function body (possibly inside a loop or a lambda). A
*reference-only block* is the lines between `// BEGIN REFERENCE ONLY` and `// END REFERENCE ONLY`
(anywhere, also at namespace scope); the starter tree leaves it out.

The scanner tracks comments, string and character literals (raw strings too), braces and
parentheses, and the text since the last statement boundary, which is the *header* of the next
`{`: from the headers of the braces around a region it knows the function (and lambda) the region
is in. It is not a C++ parser; it knows what the library's sources need, and it reports what it
cannot handle as a Problem with file and line instead of guessing.
"""
import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

BEGIN_SOLUTION = re.compile(r"//\s?BEGIN SOLUTION\b")
END_SOLUTION = re.compile(r"//\s?END SOLUTION\b")
BEGIN_REFERENCE = re.compile(r"//\s?BEGIN REFERENCE ONLY\b")
END_REFERENCE = re.compile(r"//\s?END REFERENCE ONLY\b")
ERRORS_INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]nn/core/errors\.hpp[>"]')
INCLUDE = re.compile(r"^\s*#\s*include")


class Problem(Exception):
    """Marked code the tool cannot turn into a stub: `path:line: message` lines."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class Region:
    """One solution region of a file. Lines are 1-based; `begin`/`end` are the marker lines."""
    path: str
    begin: int
    end: int
    kind: str            # "function" or "lambda"
    function: str        # the enclosing function: f, Class::f, operator*, Class::operator()
    header: str          # the enclosing function's header (text before its `{`), normalised
    lambda_header: str   # the innermost lambda's header, "" outside a lambda
    indent: str
    body: List[str] = field(default_factory=list)   # the lines between the markers

    @property
    def lines(self) -> int:
        return len(self.body)

    def where(self) -> str:
        return f"{self.path}:{self.begin}"


@dataclass
class ScannedFile:
    path: str
    lines: List[str]
    regions: List[Region]
    reference_blocks: List[Tuple[int, int]]   # (begin, end) marker lines, inclusive


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def strip_attributes(t: str) -> str:
    """`t` without balanced `__attribute__((...))` and `[[...]]`."""
    while True:
        s = t.find("__attribute__")
        if s < 0:
            break
        i, depth = s + len("__attribute__"), 0
        while i < len(t):
            if t[i] == "(":
                depth += 1
            elif t[i] == ")":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        t = t[:s] + t[i + 1:]
    return re.sub(r"\[\[[^\]]*\]\]", "", t)


_LAMBDA = re.compile(
    r"(^|[(,=!&|?:] ?|return )\[[^\]\[]*\] ?(\(.*\))? ?(mutable)? ?(constexpr)? ?(noexcept)? ?(-> ?[^ ]+)?$")


def classify(header: str) -> str:
    """What the text before a `{` opens: "block" (bare braces), "control" (if/for/...),
    "lambda", "function", or "scope" (namespace, class, an initializer, anything else)."""
    h = _squash(header)
    if h == "":
        return "block"
    if (re.match(r"^(else|do|try)$", h) or re.match(r"^(for|if|while|switch|catch) ?\(", h)
            or re.match(r"^else if ?\(", h) or re.match(r"^(case .*|default) ?:$", h)):
        return "control"
    if re.search(r"(^|[ (,=])(namespace|class|struct|union|enum)( |$)", h) or h.startswith("extern "):
        return "scope"
    if _LAMBDA.search(h) and not re.search(r"operator ?\[\] ?\(", h):
        return "lambda"
    t = h
    while True:
        t2 = re.sub(r" ?(const|noexcept|override|final|volatile|&|&&)$", "", t)
        if t2 == t:
            break
        t = t2
    t = re.sub(r" ?-> ?[^()]*$", "", t)
    t = re.sub(r"\) ?:[^:].*$", ")", t)   # a constructor's member initializers
    if not t.endswith(")"):
        return "scope"
    pre = t.split("(", 1)[0]
    if "=" in pre and "operator" not in pre:
        return "scope"
    return "function"


def function_name(header: str) -> str:
    """The name before the parameter list of a function header: f, Class::f, operator*,
    Class::operator(). "?" when there is none."""
    t = _squash(strip_attributes(header))
    depth, i = 0, 0
    while i < len(t):
        c = t[i]
        if c == "(" and depth == 0:
            pre = t[:i]
            if re.search(r"operator ?$", pre) and t[i:i + 2] == "()":
                i += 2
                continue
            pre = pre.rstrip()
            for pattern in (r"[A-Za-z0-9_:~]*operator ?[^ A-Za-z0-9_]+$", r"[A-Za-z0-9_:~]*operator ?\(\)$",
                            r"[A-Za-z_~][A-Za-z0-9_:~]*$"):
                m = re.search(pattern, pre)
                if m:
                    return m.group(0).replace(" ", "")
            return "?"
        if c in "(<":
            depth += 1
        elif c in ")>" and depth > 0:
            depth -= 1
        i += 1
    return "?"


def line_comment(s: str) -> str:
    """The `// ...` comment of a line of code (outside literals), or ""."""
    quote, i = "", 0
    while i < len(s) - 1:
        c = s[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif s.startswith("//", i):
            return s[i:]
        i += 1
    return ""


class _Scanner:
    """Braces, parentheses and headers across the lines of one file."""

    def __init__(self):
        self.in_block_comment = False
        self.raw_end = None          # the `)delim"` that closes an open raw string literal
        self.depth = 0
        self.header = ""
        self.paren = 0
        self.stack = []              # (header, paren) of every open brace

    def scan(self, s: str, on_close=None):
        if not self.in_block_comment and self.raw_end is None and re.match(r"^\s*#", s):
            return
        i, n = 0, len(s)
        while i < n:
            if self.raw_end is not None:
                j = s.find(self.raw_end, i)
                if j < 0:
                    return
                i = j + len(self.raw_end)
                self.raw_end = None
                self.header += '""'
                continue
            if self.in_block_comment:
                j = s.find("*/", i)
                if j < 0:
                    return
                self.in_block_comment = False
                i = j + 2
                continue
            c = s[i]
            if s.startswith("//", i):
                break
            if s.startswith("/*", i):
                self.in_block_comment = True
                i += 2
                continue
            m = re.match(r'(?:u8|u|U|L)?R"([^()\\ ]{0,16})\(', s[i:])
            if m and (i == 0 or not (s[i - 1].isalnum() or s[i - 1] == "_")):
                self.raw_end = ")" + m.group(1) + '"'
                i += m.end()
                continue
            if c in "\"'":
                if c == "'" and i > 0 and s[i - 1].isalnum() and i + 1 < n and s[i + 1].isalnum():
                    i += 1        # a digit separator: 1'000'000
                    continue
                j = i + 1
                while j < n:
                    if s[j] == "\\":
                        j += 2
                        continue
                    if s[j] == c:
                        break
                    j += 1
                i = j + 1
                self.header += c + c
                continue
            if c == "{":
                self.depth += 1
                self.stack.append((self.header, self.paren))
                self.header, self.paren = "", 0
            elif c == "}":
                if self.stack:
                    _, self.paren = self.stack.pop()
                    self.depth -= 1
                    if on_close:
                        on_close(self.depth)
                else:
                    if on_close:
                        on_close(-1)
                self.header = ""
            elif c == ";" and self.paren <= 0:
                self.header = ""
            else:
                if c == "(":
                    self.paren += 1
                elif c == ")":
                    self.paren -= 1
                self.header += c
            i += 1
        self.header += " "


def scan(path: str, text: str) -> ScannedFile:
    """The regions and reference-only blocks of one file; raises Problem for bad markers."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    problems = []

    def problem(line, msg):
        problems.append(f"{path}:{line}: {msg}")

    sc = _Scanner()
    regions: List[Region] = []
    refs: List[Tuple[int, int]] = []
    open_region = None       # (begin line, depth, paren, kind, name, header, lambda header, indent)
    region_broken = [False]
    ref_begin = None

    for no, s in enumerate(lines, start=1):
        is_begin_ref, is_end_ref = bool(BEGIN_REFERENCE.search(s)), bool(END_REFERENCE.search(s))
        is_begin_sol, is_end_sol = bool(BEGIN_SOLUTION.search(s)), bool(END_SOLUTION.search(s))
        if is_begin_ref:
            if ref_begin is not None:
                problem(no, f"'// BEGIN REFERENCE ONLY' inside another reference-only block (opened at line {ref_begin})")
            if open_region:
                problem(no, "'// BEGIN REFERENCE ONLY' inside a solution region")
            ref_begin = no
        if (is_begin_sol or is_end_sol) and ref_begin is not None and not is_begin_ref:
            problem(no, "solution marker inside a reference-only block")
        if is_end_ref:
            if ref_begin is None:
                problem(no, "'// END REFERENCE ONLY' without a '// BEGIN REFERENCE ONLY'")
            else:
                refs.append((ref_begin, no))
                ref_begin = None
            continue
        if is_begin_ref:
            sc.scan(s)
            continue
        if is_begin_sol:
            if open_region:
                problem(no, f"'// BEGIN SOLUTION' inside another region (opened at line {open_region[0]})")
                continue
            if not re.match(r"^\s*//\s?BEGIN SOLUTION", s):
                problem(no, "code before '// BEGIN SOLUTION' on the marker line")
            if _squash(sc.header) != "":
                problem(no, f"region starts in the middle of a statement (after '{_squash(sc.header)}')")
            kind, name, fheader, lam = "", "?", "", ""
            for h, _ in reversed(sc.stack):
                cls = classify(h)
                if cls in ("control", "block"):
                    continue
                if cls == "lambda":
                    lam = lam or _squash(h)
                    continue
                if cls == "function":
                    name, fheader = function_name(h), _squash(strip_attributes(h))
                    kind = "lambda" if lam else "function"
                else:
                    kind = "lambda" if lam else "scope"
                break
            if not kind:
                kind = "lambda" if lam else "scope"
            if kind == "scope":
                problem(no, "region is not inside a function body (the braces around it open a namespace, class or initializer)")
            elif kind == "function" and re.match(r"^((static|inline|constexpr) )*auto ", fheader) and "->" not in fheader:
                problem(no, f"function {name} deduces its return type (auto) from the region; give it an explicit return type")
            elif kind == "function" and re.search(r"(^| )constexpr ", fheader):
                problem(no, f"function {name} is constexpr; a stub that throws cannot be evaluated at compile time")
            indent = re.match(r"^[ \t]*", s).group(0)
            open_region = (no, sc.depth, sc.paren, kind, name, fheader, lam, indent)
            region_broken[0] = False
            continue
        if is_end_sol:
            if not open_region:
                problem(no, "'// END SOLUTION' without a '// BEGIN SOLUTION'")
                continue
            b, depth, paren, kind, name, fheader, lam, indent = open_region
            open_region = None
            if not re.match(r"^\s*//\s?END SOLUTION", s):
                problem(no, "code before '// END SOLUTION' on the marker line")
            body = lines[b:no - 1]
            if region_broken[0] or sc.depth != depth:
                problem(b, f"region of line {b} has unbalanced braces: it must be whole statements")
            elif sc.paren != paren or _squash(sc.header) != "":
                problem(b, f"region of line {b} ends in the middle of a statement (before '{_squash(sc.header)}')")
            text_body = "\n".join(body)
            if kind == "lambda" and "->" not in lam and re.search(r"return [^;]", text_body):
                problem(b, f"region of line {b} returns a value from a lambda without '-> type'; the stub would change its return type")
            if not text_body.strip():
                problem(b, f"region of line {b} is empty")
            regions.append(Region(path, b, no, kind, name, fheader, lam, indent, body))
            continue

        def on_close(depth, _open=open_region):
            if depth < 0:
                problem(no, "unbalanced '}'")
            if open_region and depth < open_region[1]:
                region_broken[0] = True
        sc.scan(s, on_close)

    if open_region:
        problem(open_region[0], "'// BEGIN SOLUTION' without a matching '// END SOLUTION'")
    if ref_begin is not None:
        problem(ref_begin, "'// BEGIN REFERENCE ONLY' without a matching '// END REFERENCE ONLY'")
    if problems:
        raise Problem(problems)
    return ScannedFile(path, lines, regions, refs)


def has_markers(text: str) -> bool:
    return "SOLUTION" in text or "REFERENCE ONLY" in text


@dataclass
class Action:
    """What becomes of one region in a generated file.

    kind "keep": the region stays as it is (an exercise this tree does not hand out).
    kind "stub": the exercise `exercise`; the region becomes a `throw ::nn::NotImplemented(...)`.
    kind "companion": a helper computing an exercise's formula; it becomes `lines` (code that
        calls the student's function), padded to the region's length.
    kind "variant": for the check: a runtime switch between the stub (1), the solution (0) and
        the wrong answers in `variants` (2, 3, ...), chosen by nn_homework_variant(exercise).
    """
    kind: str
    exercise: str = ""
    lines: List[str] = field(default_factory=list)
    variants: List[List[str]] = field(default_factory=list)


def stub_message(exercise: str, region: "Region", line: int) -> str:
    """The text of the stub's nn::NotImplemented: the exercise id first (the grader reads it)."""
    return f"{exercise} -- {region.function}{' (lambda)' if region.kind == 'lambda' else ''} ({region.path}:{line})"


def rewrite(sf: ScannedFile, plan, hints: bool = False, extra_include: str = ""):
    """The file with its reference-only blocks left out and its regions rewritten by
    `plan(region) -> Action`. Returns (text, kept, stubs): the line ranges (first, last, both
    inclusive, in the output) of the regions kept as they are, and (exercise, line, what) of
    every stub's `throw`.

    Regions keep their number of lines (stub, companion), so line numbers stay those of the
    reference code. Where the file needs nn/core/errors.hpp and does not include it, the include
    takes a blank line of the include block, or the first stub gives a line back. `extra_include`
    (the check's variant header) goes next to it."""
    lines = sf.lines
    refonly = {}
    for b, e in sf.reference_blocks:
        for i in range(b, e + 1):
            refonly[i] = i == b
    actions = {r.begin: (r, plan(r)) for r in sf.regions}
    throwing = [a for _, a in actions.values() if a.kind in ("stub", "variant")]
    need = bool(throwing) and not any(ERRORS_INCLUDE.match(s) for s in lines)
    blank = first_inc = first_code = 0
    for i, s in enumerate(lines, start=1):
        if INCLUDE.match(s):
            first_inc = first_inc or i
        elif first_inc and not first_code and not blank and s.strip() == "":
            blank = i
        elif first_inc and not first_code and not re.match(r"^\s*(#|//|$)", s):
            first_code = i
    if first_code and blank > first_code:
        blank = 0
    giveback = need and not blank and not any(a.kind == "variant" for a in throwing)
    extra = [extra_include] if extra_include and throwing else []
    out: List[str] = []
    kept, stubs = [], []
    i = 1
    while i <= len(lines):
        s = lines[i - 1]
        if need and blank and i == blank:
            out.append("#include <nn/core/errors.hpp>")
            out.extend(extra)
            i += 1
            continue
        at_include = (first_inc and i == first_inc + 1) or (not first_inc and i == 1)
        if at_include and need and not blank:
            out.append("#include <nn/core/errors.hpp>")
            out.extend(extra)
        elif at_include and extra and not need:
            out.extend(extra)
        if i in refonly:
            if refonly[i]:
                ind = re.match(r"^[ \t]*", s).group(0)
                out.append(ind + "// (reference-only code left out of the starter tree)")
            else:
                out.append("")
            i += 1
            continue
        if i not in actions:
            out.append(s)
            i += 1
            continue
        r, a = actions[i]
        ind = r.indent
        if a.kind == "keep":
            kept.append((len(out) + 1, len(out) + r.end - r.begin + 1, a.exercise))
            out.extend(lines[r.begin - 1:r.end])
        elif a.kind == "companion":
            body = list(a.lines)
            out.append(f"{ind}// BEGIN COMPANION of exercise {a.exercise}: the same formula, computed by your code")
            out.extend(ind + x if x.strip() else "" for x in body)
            out.extend([""] * max(0, r.lines - len(body)))
            out.append(f"{ind}// END COMPANION")
        elif a.kind == "stub":
            what = stub_message(a.exercise, r, len(out) + 2)
            stubs.append((a.exercise, len(out) + 2, what))
            out.append(f"{ind}// BEGIN EXERCISE {a.exercise}: TODO(student): write the {r.lines} line(s) of the "
                       "solution here, then delete the throw")
            first_hint = line_comment(r.body[0]) if hints else ""
            out.append(f'{ind}throw ::nn::NotImplemented("{what}");' + (f"  {first_hint}" if first_hint else ""))
            last = r.end - 1
            if giveback and last > r.begin + 1:
                last -= 1
                giveback = False
            for j in range(r.begin + 2, last + 1):
                h = line_comment(lines[j - 1]) if hints else ""
                out.append(ind + h if h else "")
            out.append(f"{ind}// END EXERCISE")
        elif a.kind == "variant":
            what = stub_message(a.exercise, r, len(out) + 3)
            stubs.append((a.exercise, len(out) + 3, what))
            out.append(f"{ind}{{  // BEGIN EXERCISE {a.exercise} (check variants: 0 solution, 1 stub, 2... wrong)")
            out.append(f'{ind}  static const int nn_hw_variant_ = ::nn_homework_variant("{a.exercise}");')
            out.append(f'{ind}  if (nn_hw_variant_ == 1) throw ::nn::NotImplemented("{what}");')
            for k, body in enumerate(a.variants, start=2):
                out.append(f"{ind}  if (nn_hw_variant_ == {k}) {{")
                out.extend(body)
                out.append(f"{ind}  }} else")
            out.append(f"{ind}  {{")
            out.extend(r.body)
            out.append(f"{ind}  }}")
            out.append(f"{ind}}}  // END EXERCISE")
        else:
            raise ValueError(f"unknown action {a.kind}")
        i = r.end + 1
    return "\n".join(out) + "\n", kept, stubs


_COMMENT_OR_LITERAL = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


def strip_comments(text: str, strings: bool = True) -> str:
    """C/C++ source without comments, newlines kept; string and character literals kept, or
    emptied (`""`) when `strings` is False."""
    def repl(m):
        t = m.group(0)
        if t.startswith("//"):
            return ""
        if t.startswith("/*"):
            return "\n" * t.count("\n") or " "
        return t if strings else t[0] * 2
    return _COMMENT_OR_LITERAL.sub(repl, text)
