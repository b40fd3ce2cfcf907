"""The leak check: does an exercise's answer survive somewhere else in the starter tree?

Every statement of a solution region gives a *fingerprint*: the expression it computes (the right
side of `=`, `+=`, ..., or of `return`) as a sequence of normalised tokens, with its variables
renamed by order of appearance. `return s * (1.0 - s);` and NumPy's `A1 * (1.0 - A1)` both become
`a * ( 1 - a )`; `1.0 / (1.0 + nn::exp(-z))` and `1.0 / (1.0 + np.exp(-(Xb @ W1 + b1)))` both
match `1 / ( 1 + exp ( - a ) )`, because a variable of the fingerprint may stand for a
parenthesised expression. Qualifiers (std::, nn::, arma::, np., torch., math.), element-wise and
matrix products (`%`, `@`, `*`), number spellings (1.0, 1., 1) and member access/indexing (`v.data`,
`m[i]`, `A1`) are not told apart. Fingerprints too plain to mean anything (fewer than two
operators, or nothing but variables and operators, like `(a - b) / c`) are dropped; an exercise
can add patterns of its own in the manifest (`leaks`), matched in the same way.

Searched: the code of every C++ and Python file (comments and string literals left out), the code
blocks and inline code of Markdown files, and the cells of notebooks. Not searched: comments and
prose (the formulas of the doc comments and chapter texts are the exercise statements), the stubs.
"""
import bisect
import json
import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

from . import cpp

# Names kept as they are (function names are anchors, not variables).
QUALIFIERS = {"std", "nn", "arma", "np", "numpy", "torch", "math", "F", "kernels", "autograd", "datum"}
TYPE_WORDS = {"const", "constexpr", "static", "double", "float", "int", "long", "unsigned", "auto", "bool",
              "mat", "vec", "rowvec", "colvec", "uword", "sword", "size_t", "umat", "uvec", "cube",
              "Mat", "Col", "Row", "std", "string", "inline", "volatile", "mutable", "void"}
BINARY_OPS = {"+", "-", "*", "/", "^", "**", "<", ">", "<=", ">=", "==", "!=", "&&", "||", "?", ":"}
KEYWORDS = {"return", "for", "if", "else", "while", "do", "switch", "case", "break", "continue", "in", "def",
            "lambda", "and", "or", "not", "new", "delete", "throw", "try", "catch"}
ARITHMETIC = {"+", "-", "*", "/", "^", "**"}
ASSIGN = {"=", "+=", "-=", "*=", "/=", "%="}
_TOKEN = re.compile(r"""
    (?P<num>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?[fFlLuU]*)
  | (?P<id>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>::|->|\*\*|<=|>=|==|!=|&&|\|\||\+=|-=|\*=|/=|%=|[-+*/%@^<>=!?:.,;()\[\]{}&|~])
""", re.VERBOSE)


@dataclass
class Fingerprint:
    exercise: str
    tokens: Tuple[str, ...]
    source: str          # the statement it came from

    def text(self) -> str:
        return " ".join(self.tokens)

    def literals(self):
        if not hasattr(self, "_literals"):
            self._literals = {_fp_key(f) for f in self.tokens if not f.startswith("%")}
        return self._literals


@dataclass
class Hit:
    exercise: str
    path: str
    line: int
    fingerprint: str
    source: str
    code: str


def _number(s: str) -> str:
    s = s.rstrip("fFlLuU")
    try:
        v = float(s)
    except ValueError:
        return s
    return repr(int(v)) if v == int(v) and abs(v) < 1e15 else repr(v)


def tokenize(code: str) -> List[Tuple[str, int]]:
    """(token, line) pairs: qualifiers dropped, products unified, numbers normalised, member access
    and indexing folded into one operand `$`, casts and declarations' type words dropped."""
    newlines = [m.start() for m in re.finditer("\n", code)]
    raw = []
    for m in _TOKEN.finditer(code):
        raw.append((m.lastgroup, m.group(0), bisect.bisect_right(newlines, m.start()) + 1))
    out: List[Tuple[str, int]] = []
    i = 0
    n = len(raw)
    while i < n:
        kind, t, ln = raw[i]
        nxt = raw[i + 1][1] if i + 1 < n else ""
        if kind == "id" and t in QUALIFIERS and nxt in ("::", "."):
            i += 2
            continue
        if kind == "id" and t in ("static_cast", "reinterpret_cast", "const_cast") and nxt == "<":
            j = i + 2
            while j < n and raw[j][1] != ">":
                j += 1
            i = j + 1
            continue
        if kind == "id" and t in ("conv_to",) and nxt == "<":
            j = i + 2
            depth = 1
            while j < n and depth:
                depth += {"<": 1, ">": -1}.get(raw[j][1], 0)
                j += 1
            # ::from
            if j + 1 < n and raw[j][1] == "::":
                j += 2
            i = j
            continue
        if kind == "id" and t in TYPE_WORDS:
            i += 1
            continue
        if kind == "num":
            out.append((_number(t), ln))
        elif kind == "id" and t in KEYWORDS:
            out.append((t, ln))
        elif kind == "id":
            out.append(("$" + t, ln))
        elif t in ("%", "@"):
            out.append(("*", ln))
        else:
            out.append((t, ln))
        i += 1
    # fold operand chains: $a.b, $a->b, $a[...], $a.t() / .T (transpose), and calls of members
    folded: List[Tuple[str, int]] = []
    i = 0
    n = len(out)
    while i < n:
        t, ln = out[i]
        if t.startswith("$"):
            name = t
            i += 1
            while i < n:
                if out[i][0] in (".", "->") and i + 1 < n and out[i + 1][0].startswith("$"):
                    member = out[i + 1][0][1:]
                    if member == "t" and i + 3 < n and out[i + 2][0] == "(" and out[i + 3][0] == ")":
                        folded.append((name, ln))
                        folded.append(("'", ln))
                        name = None
                        i += 4
                        break
                    if member == "T":
                        folded.append((name, ln))
                        folded.append(("'", ln))
                        name = None
                        i += 2
                        break
                    name = name + "." + member
                    i += 2
                    continue
                if out[i][0] == "[":
                    depth, j = 1, i + 1
                    while j < n and depth:
                        depth += {"[": 1, "]": -1}.get(out[j][0], 0)
                        j += 1
                    name = name + "[]"
                    i = j
                    continue
                break
            if name is not None:
                folded.append((name, ln))
            continue
        folded.append((t, ln))
        i += 1
    return folded


def _is_operand(t: str) -> bool:
    return t.startswith("$")


def canonical(tokens: Iterable[str], calls: bool = True) -> Tuple[str, ...]:
    """Variables renamed a, b, c, ... by first appearance; a name followed by `(` is a function and
    kept (its last component)."""
    toks = list(tokens)
    names: Dict[str, str] = {}
    out = []
    for k, t in enumerate(toks):
        if _is_operand(t):
            if calls and k + 1 < len(toks) and toks[k + 1] == "(":
                out.append(t[1:].split(".")[-1])
                continue
            if t not in names:
                names[t] = "%" + chr(ord("a") + len(names) % 26) + ("" if len(names) < 26 else str(len(names) // 26))
            out.append(names[t])
        else:
            out.append(t)
    return tuple(out)


def meaningful(fp: Tuple[str, ...]) -> bool:
    ops = sum(1 for t in fp if t in ARITHMETIC)
    variables = [t for t in fp if t.startswith("%")]
    repeated = len(variables) != len(set(variables))
    anchors = sum(1 for t in fp if re.match(r"^[0-9.]", t) or re.match(r"^[A-Za-z_]", t))
    return len(fp) >= 7 and ops >= 2 and (anchors >= 1 or repeated)


def statements(tokens: List[Tuple[str, int]]) -> List[List[Tuple[str, int]]]:
    out, cur = [], []
    depth = 0
    for t, ln in tokens:
        if t in ("(", "["):
            depth += 1
        elif t in (")", "]"):
            depth -= 1
        if t in (";", "{", "}") and depth <= 0:
            if cur:
                out.append(cur)
            cur = []
            depth = 0
            continue
        cur.append((t, ln))
    if cur:
        out.append(cur)
    return out


def expression_of(stmt: List[str]) -> List[str]:
    """The expression a statement computes: after its top-level assignment, or after `return`."""
    if stmt and stmt[0] == "return":
        return stmt[1:]
    depth = 0
    for k, t in enumerate(stmt):
        if t in ("(", "["):
            depth += 1
        elif t in (")", "]"):
            depth -= 1
        elif depth == 0 and t in ASSIGN:
            return stmt[k + 1:]
    return stmt


def fingerprints(exercise: str, body: List[str], extra: Iterable[str] = ()) -> List[Fingerprint]:
    code = cpp.strip_comments("\n".join(body), strings=False)
    fps, seen = [], set()
    for st in statements(tokenize(code)):
        toks = [t for t, _ in st]
        if toks and toks[0] in ("if", "for", "while", "else"):
            # `if (c) x = e` / `for (...) s += e`: the statement after the control header
            depth, k = 0, 1
            while k < len(toks):
                depth += {"(": 1, ")": -1}.get(toks[k], 0)
                k += 1
                if depth == 0:
                    break
            toks = toks[k:]
        fp = canonical(expression_of(toks))
        if meaningful(fp) and fp not in seen:
            seen.add(fp)
            fps.append(Fingerprint(exercise, fp, " ".join(t.lstrip("$") for t in toks)))
    # the whole region, when it is long enough to be unmistakable: catches a text that prints the
    # solution's code even when each statement alone is too plain to be a fingerprint
    whole = []
    for st in statements(tokenize(code)):
        whole += [t for t, _ in st] + [";"]
    region = canonical(whole[:-1])
    if len(region) >= 12 and sum(1 for t in region if t in ARITHMETIC | ASSIGN) >= 2 and region not in seen:
        seen.add(region)
        fps.append(Fingerprint(exercise, region, "the whole solution"))
    for pattern in extra:
        fp = canonical(t for t, _ in tokenize(pattern))
        if fp and fp not in seen:
            seen.add(fp)
            fps.append(Fingerprint(exercise, fp, pattern))
    return fps


def _candidates(toks: List[str], i: int) -> List[int]:
    """Where a variable of a fingerprint that starts at toks[i] may end: after an operand, a
    parenthesised group, or a short product or quotient of them (`vi / c2`, `(lr / c1) * m`)."""
    ends = []

    def item(j):
        if j >= len(toks):
            return None
        if toks[j] == "(":
            depth, k = 1, j + 1
            while k < len(toks) and depth:
                depth += {"(": 1, ")": -1}.get(toks[k], 0)
                k += 1
            return None if depth else k
        if _is_operand(toks[j]) and not (j + 1 < len(toks) and toks[j + 1] == "("):
            return j + 1
        if re.match(r"^[0-9.]", toks[j]):
            return j + 1
        return None

    e = item(i)
    if e is None or re.match(r"^[0-9.]", toks[i]):
        return [] if e is None or re.match(r"^[0-9.]", toks[i]) else [e]
    ends.append(e)
    for _ in range(3):                     # up to four factors
        if e < len(toks) and toks[e] in ("*", "/"):
            e2 = item(e + 1)
            if e2 is None:
                break
            e = e2
            ends.append(e)
        else:
            break
    return ends


def _match_at(fp: Tuple[str, ...], toks: List[str], start: int) -> Optional[int]:
    """End index of a match of `fp` at toks[start:], or None. A variable matches an operand, a
    parenthesised group or a short product of them, consistently (the same variable, the same
    text) and injectively; shorter choices first, then backtracking."""
    def go(k, i, binding, used):
        if k == len(fp):
            return i
        f = fp[k]
        if f.startswith("%"):
            if f in binding:
                val = binding[f]
                if tuple(toks[i:i + len(val)]) != val:
                    return None
                return go(k + 1, i + len(val), binding, used)
            for e in _candidates(toks, i):
                val = tuple(toks[i:e])
                if val in used:
                    continue
                binding[f] = val
                used.add(val)
                r = go(k + 1, e, binding, used)
                if r is not None:
                    return r
                del binding[f]
                used.discard(val)
            return None
        if i >= len(toks):
            return None
        t = toks[i]
        if re.match(r"^[A-Za-z_]", f):       # a function name
            if not (_is_operand(t) and t[1:].split(".")[-1] == f):
                return None
        elif t != f:
            return None
        return go(k + 1, i + 1, binding, used)
    return go(0, start, {}, set())


def _key(toks: List[str], i: int) -> str:
    t = toks[i]
    if _is_operand(t) and i + 1 < len(toks) and toks[i + 1] == "(":
        return "fn:" + t[1:].split(".")[-1]
    return t


def _fp_key(f: str) -> str:
    return "fn:" + f if re.match(r"^[A-Za-z_]", f) else f


def search(fps: List[Fingerprint], tokens: List[Tuple[str, int]]) -> List[Tuple[Fingerprint, int, int, int]]:
    """The first match of each fingerprint in `tokens`: (fingerprint, line, start, end)."""
    toks = [t for t, _ in tokens]
    index: Dict[str, List[int]] = {}
    for i in range(len(toks)):
        index.setdefault(_key(toks, i), []).append(i)
    hits = []
    for fp in fps:
        if any(k not in index for k in fp.literals()):
            continue
        # anchor on the fingerprint's rarest literal in this file; the tokens before it in the
        # fingerprint take at least one and (variables) at most a dozen tokens each
        j = min((j for j, f in enumerate(fp.tokens) if not f.startswith("%")),
                key=lambda j: len(index[_fp_key(fp.tokens[j])]))
        found = None
        tried = set()
        for p in index[_fp_key(fp.tokens[j])]:
            for s in range(max(0, p - 12 * j), p - j + 1):
                if s in tried:
                    continue
                tried.add(s)
                e = _match_at(fp.tokens, toks, s)
                if e is not None:
                    found = (fp, tokens[s][1], s, e)
                    break
            if found:
                break
        if found:
            hits.append(found)
    return hits


# ------------------------------------------------------------------------------------------------
# What is code in each kind of file.

def code_of_cpp(text: str) -> str:
    return cpp.strip_comments(text, strings=False)


def code_of_python(text: str) -> str:
    # strings (docstrings too) and comments out, newlines kept
    out = re.sub(r'(?s)("""|\'\'\')(.*?)\1', lambda m: "\n" * m.group(0).count("\n"), text)
    out = re.sub(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', '""', out)
    return re.sub(r"#[^\n]*", "", out)


def code_of_markdown(text: str) -> str:
    """Fenced code blocks (without their comments) and inline code spans, everything else blank
    (newlines kept)."""
    out = []
    fence = None
    block: List[str] = []
    language = ""
    for line in text.split("\n"):
        m = re.match(r"^\s*(```+|~~~+)\s*([\w+-]*)", line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
                code = "\n".join(block)
                code = code_of_python(code) if language in ("python", "py") else cpp.strip_comments(code, strings=False)
                out.extend(code.split("\n"))
                out.append(";")
                block = []
            else:
                block.append(line)
            continue
        if m:
            fence = m.group(1)
            language = m.group(2).lower()
            out.append(";")
            continue
        spans = re.findall(r"`([^`\n]+)`", line)
        out.append(" ; ".join(spans) + (" ;" if spans else ""))
    return "\n".join(out)


def code_of_notebook(text: str) -> str:
    try:
        nb = json.loads(text)
    except json.JSONDecodeError:
        return ""
    parts = []
    for cell in nb.get("cells", []):
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else str(src)
        if cell.get("cell_type") == "code":
            parts.append(code_of_cpp(src) if "%%cpp" in src or "#include" in src else code_of_python(src))
        else:
            parts.append(code_of_markdown(src))
        parts.append(";")
    return "\n".join(parts)


def code_of(path: str, text: str) -> Optional[str]:
    p = path.lower()
    if p.endswith((".cpp", ".hpp", ".h", ".cc", ".cxx", ".hh")):
        return code_of_cpp(text)
    if p.endswith(".py"):
        return code_of_python(text)
    if p.endswith(".md"):
        return code_of_markdown(text)
    if p.endswith(".ipynb"):
        return code_of_notebook(text)
    return None


def check(files: Dict[str, str], fps: List[Fingerprint], exclude: Dict[str, List[Tuple[int, int]]] = None):
    """Hits of the fingerprints in `files` (path -> text). `exclude[path]` lists line ranges
    (inclusive) not searched (the regions of exercises the starter does not hand out: reported
    by the caller separately)."""
    exclude = exclude or {}
    hits: List[Hit] = []
    for path, text in sorted(files.items()):
        code = code_of(path, text)
        if code is None:
            continue
        lines = code.split("\n")
        for b, e in exclude.get(path, []):
            for k in range(b - 1, min(e, len(lines))):
                lines[k] = ";"
        code = "\n".join(lines)
        toks = tokenize(code)
        src_lines = text.split("\n")
        for fp, line, _, _ in search(fps, toks):
            shown = src_lines[line - 1].strip() if 0 < line <= len(src_lines) and not path.endswith(".ipynb") else ""
            hits.append(Hit(fp.exercise, path, line, fp.text(), fp.source, shown))
    return hits
