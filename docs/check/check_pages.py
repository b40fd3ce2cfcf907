#!/usr/bin/env python3
"""Reads the docs site the way a reader sees it: the generated HTML is rendered in headless Chromium
(driven over the DevTools protocol on a pipe, standard library only), MathJax is allowed to finish,
and the rendered pages are checked for

  - MathJax errors (an undefined control sequence, a parse error, a processing error), and MathJax
    that did not load at all,
  - leftover markup in the visible text: Doxygen's \\f$ \\f[ \\f] \\f{, its _form# placeholders, raw
    backticks (Markdown code that did not render), untypeset \\( \\[ and GitHub $...$ math,
  - broken local links (a missing file, or a #fragment the target page does not have), images that
    did not load, resources (scripts, style sheets) that failed, uncaught JavaScript errors,
  - tables, code and images wider than the text column that neither shrink nor scroll.

Code (pre, code, source listings) is not searched for markup: a formula in a comment of a source
listing is what the source says. Each failure is printed as `page: kind: text`; the exit status is 1
if there is any.

How (a browser tab per page costs a third to half a second of CPU; 850 pages were most of the
test suite's time), every page still rendered:
  - Pages are grouped by their head, body tag and scripts, with the page's own name taken out (every
    API page of a Doxygen site is one group; the search result pages another). The first page of a
    group, and its first page with a formula, are loaded for real, as a reader opens them: their
    scripts run (menu, navigation tree, search), and every check above applies to the page as drawn.
  - Every other page of the group is rendered in a "book": one document with the group's style
    sheets that holds many pages' bodies side by side, each in the geometry the real page's scripts
    gave it (the inline styles resize.js set on the sampled page: the content's margin and height),
    their scripts inert. MathJax runs once per book with the footer's own configuration, on exactly
    the pages whose footer would load it (the footer's test, applied to each page); the rest are
    marked tex2jax_ignore. The checks then run per page, scoped to its part of the book.
  - What scripts add to a page, the book cannot show; it is the same for every page of a group
    (that is what the grouping compares) and is checked from the data the scripts read: every link
    and sub-tree of the navigation tree (navtreedata.js, navtreeindex*.js, the node files), the
    menu's links and labels (menudata.js), and every search result's link and visible text
    (search/*.js); every script, style sheet and style-sheet url() of every page must exist.
`--all-in-browser` loads every page for real instead (the reference the book mode was compared with).

Usage:
  check_pages.py HTML_DIR [--chromium /usr/bin/chromium] [--jobs 2] [--page NAME ...]
                 [--all-in-browser] [--slowest N] [--dump FILE]
  check_pages.py HTML_DIR --screenshot PAGE --size 1366x768 --out shot.png [--full-page]
"""
import argparse
import base64
import html
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio",
    "--allow-file-access-from-files", "--remote-debugging-pipe",
    # every tab counts as visible: no timer throttling (MathJax runs on timers)
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]

# Runs in the page after its load event: waits for MathJax's startup (which typesets the page),
# then returns everything the checks need, for the page (BOOK false) or for each page of a book
# (BOOK true: the div.nn-check-page parts). Text inside code is not searched.
COLLECT_JS = r"""
(async () => {
  const book = %BOOK%;
  // MathJax 2 posts 'End' on its startup signal once the first typesetting pass is done
  const waitMath = () => new Promise(resolve => {
    const poll = () => {
      const s = window.MathJax && MathJax.Hub && MathJax.Hub.Startup && MathJax.Hub.Startup.signal;
      if (!s) { resolve('absent'); return; }
      if (s.posted.some(m => String(m) === 'End')) MathJax.Hub.Queue(() => resolve('done'));
      else setTimeout(poll, 25);
    };
    poll();
  });
  const usesMath = !!document.querySelector('script[src*="MathJax.js"]');
  const math = usesMath ? await Promise.race([waitMath(),
      new Promise(r => setTimeout(() => r('timeout'), %TIMEOUT%))]) : 'unused';
  const collect = root => {
    const out = {mathErrors: [], text: [], images: [], links: [], wide: [], column: null};
    // MathJax errors: the error box, with the TeX source it came from
    for (const e of root.querySelectorAll('.merror, .mjx-merror, .MathJax_Error')) {
      let tex = '';
      const box = e.closest('.MathJax, .MathJax_Display, .mjx-chtml, .MathJax_CHTML, .MathJax_SVG');
      if (box && window.MathJax && MathJax.Hub) {
        let s = box.closest('.MathJax_Display') || box;
        while (s && !(s.tagName === 'SCRIPT' && /math\/tex/.test(s.type))) s = s.nextElementSibling;
        if (s) tex = s.text;
      }
      out.mathErrors.push({message: e.textContent.trim() || e.getAttribute('title') || 'error',
                           tex: tex.trim().slice(0, 160)});
    }
    // a backslash drawn inside a formula is TeX that MathJax took literally (\\_ in \\text{...})
    for (const m of root.querySelectorAll('.mjx-chtml, .MathJax'))
      if (m.textContent.includes('\\')) {
        const s = m.closest('.MJXc-display') || m;
        let src = s.nextElementSibling;
        out.mathErrors.push({message: 'backslash shown in a formula',
                             tex: src && src.tagName === 'SCRIPT' ? src.text.trim().slice(0, 160) : m.textContent.slice(0, 80)});
      }
    // visible text outside code
    const skip = 'pre, code, script, style, textarea, noscript, .fragment, .line, .MathJax, ' +
        '.MathJax_Display, .MathJax_Preview, .MathJax_CHTML, .mjx-chtml, .MJX_Assistive_MathML, ' +
        '#MathJax_Message, #nav-tree, #MSearchBox, #MSearchSelectWindow, #MSearchResultsWindow';
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const p = n.parentElement;
      if (!p || p.closest(skip)) continue;
      // only text that could hold leftover markup travels back
      if (/[\\`$&]|_form#/.test(n.nodeValue)) out.text.push(n.nodeValue);
    }
    for (const img of root.querySelectorAll('img'))
      // failed: loaded with no pixels (an SVG may have no intrinsic size; a missing file is also
      // caught by the file check and the network log)
      out.images.push({src: img.src, ok: !(img.complete && img.naturalWidth === 0 && !/\.svg$/.test(img.src))});
    for (const a of root.querySelectorAll('a[href]'))
      out.links.push({href: a.href, text: a.textContent.trim().slice(0, 60)});
    // wide things: wider than the text column and neither shrunk nor scrollable
    const col = root.querySelector('div.contents');
    if (col) {
      const c = col.getBoundingClientRect();
      out.column = [Math.round(c.left), Math.round(c.width)];
      const limit = c.right + 1;
      const scrolls = el => {
        for (let e = el; e && e !== col; e = e.parentElement) {
          const ox = getComputedStyle(e).overflowX;
          if ((ox === 'auto' || ox === 'scroll') && e.getBoundingClientRect().right <= limit)
            return true;
        }
        return false;
      };
      for (const e of col.querySelectorAll('table, img, div.fragment, pre')) {
        const r = e.getBoundingClientRect();
        const right = r.left + Math.max(r.width, e.scrollWidth);
        if (r.width > 0 && right > limit && !scrolls(e))
          out.wide.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className.split(' ')[0] : '') +
                        ' ' + Math.round(right - r.left) + ' px wide, column ends at ' +
                        Math.round(limit - c.left) + ' px' +
                        (e.tagName === 'IMG' ? ' (' + e.getAttribute('src') + ')' : ''));
      }
    }
    return out;
  };
  if (!book) {
    const out = collect(document.body || document.documentElement);
    out.math = math;
    // what the page's scripts set on its static elements (a book gives its pages the same), and
    // the width of a vertical scroll bar of the window itself
    out.styles = Array.from(document.querySelectorAll('body [id][style]'))
        .map(e => [e.id, e.getAttribute('style')]);
    out.windowScrollbar = window.innerWidth - document.documentElement.clientWidth;
    return out;
  }
  return Array.from(document.querySelectorAll('div.nn-check-page')).map(part => {
    const out = collect(part);
    out.page = part.getAttribute('data-page');
    out.math = part.classList.contains('tex2jax_ignore') ? 'unused' : math;
    return out;
  });
})()
"""

# Markup that must not survive into the visible text of a page.
LEFTOVERS = [
    (re.compile(r"\\f[$\[\]{}]"), "Doxygen formula markup"),
    (re.compile(r"_form#\d*"), "Doxygen formula placeholder"),
    (re.compile(r"`"), "raw backtick"),
    (re.compile(r"\\[(\[]"), "formula MathJax did not typeset"),
    (re.compile(r"(?<![\w$\\])\$(?=[^\s$\d])[^$\n]{1,80}[^\s$\\]\$(?![\w$])"), "GitHub math not converted"),
    (re.compile(r"\[Math Processing Error\]"), "MathJax processing error"),
    (re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);"), "HTML entity shown as text"),
]

ANCHOR = re.compile(r'\bid="([^"]+)"|<a\b[^>]*\bname="([^"]+)"')
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
SRC_ATTR = re.compile(r"""\bsrc\s*=\s*["']([^"']*)["']""", re.I)
LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
HREF_ATTR = re.compile(r"""\bhref\s*=\s*["']([^"']*)["']""", re.I)
NAV_INIT = re.compile(r"initNavTree\('([^']*)'")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
# The footer's MathJax loader (docs/theme/footer.html): the test of the page's text, and the text
FOOTER_TEST = re.compile(r"if \(!(/(?:[^/\\\n]|\\.)+/[a-z]*)\.test\(text\)\) return;")
FOOTER_TEXT = "(document.getElementById('doc-content') || document.body).textContent"
BOOK_BYTES = 1_500_000  # the HTML of one book, at most (about 60 pages of this site)
BOOK_PAGES = 80


class Chromium:
    """One headless Chromium, driven by DevTools protocol messages (JSON, NUL-terminated) on the
    pipes `--remote-debugging-pipe` reads from fd 3 and writes to fd 4."""

    def __init__(self, exe, profile):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def fds():
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen([exe, *CHROMIUM_FLAGS, "--user-data-dir=" + profile, "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=fds)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self.to_child, data):]
        return self.next_id

    def _read(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from Chromium")
            if select.select([self.from_child], [], [], left)[0]:
                chunk = os.read(self.from_child, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe (exit status %s)" % self.proc.poll())
                self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def messages(self, deadline):
        while self.events:
            yield self.events.pop(0)
        while True:
            yield self._read(deadline)

    def call(self, method, params=None, session=None, timeout=30):
        want = self.send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            msg = self._read(deadline)
            if msg.get("id") == want:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"].get("message")))
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def close(self):
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        os.close(self.to_child)
        os.close(self.from_child)


class Tab:
    """One page target of the browser, attached in flat mode (its messages carry a sessionId)."""

    def __init__(self, browser, width, height):
        self.b = browser
        # a browser context of its own: a renderer process of its own, so tabs run side by side
        context = browser.call("Target.createBrowserContext")["browserContextId"]
        target = browser.call("Target.createTarget", {"url": "about:blank",
                                                      "browserContextId": context})["targetId"]
        self.session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            browser.call(domain, session=self.session)
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
                     session=self.session)
        self.pending = None
        self.problems = []
        self.loaded = False

    def start(self, url, book=False, math_timeout=20):
        """Opens url; book: the page is a book (results per part), MathJax may take math_timeout s."""
        self.url, self.loaded, self.problems = url, False, []
        self.book, self.math_timeout = book, math_timeout
        self.nav = self.b.send("Page.navigate", {"url": url}, self.session)
        self.eval = None
        self.started = time.monotonic()

    def handle(self, msg):
        """Takes one message of this tab's session; returns the collected result when done."""
        method = msg.get("method")
        if method == "Runtime.exceptionThrown":
            d = msg["params"]["exceptionDetails"]
            text = (d.get("exception") or {}).get("description") or d.get("text", "")
            self.problems.append(("JavaScript error", text.splitlines()[0][:200]))
        elif method == "Log.entryAdded":
            e = msg["params"]["entry"]
            if e.get("level") == "error" and e.get("source") == "network" and not (e.get("url") or "").startswith("about:"):
                self.problems.append(("failed to load", (e.get("url") or e.get("text", ""))[:200]))
        elif method == "Page.loadEventFired" and not self.loaded:
            self.loaded = True
            expression = (COLLECT_JS.replace("%TIMEOUT%", str(int(self.math_timeout * 1000)))
                          .replace("%BOOK%", "true" if self.book else "false"))
            self.eval = self.b.send("Runtime.evaluate", {
                "expression": expression, "awaitPromise": True, "returnByValue": True}, self.session)
        elif msg.get("id") == self.nav and "error" not in msg and msg.get("result", {}).get("errorText"):
            self.problems.append(("cannot open page", msg["result"]["errorText"]))
            return {}
        elif self.eval is not None and msg.get("id") == self.eval:
            r = msg.get("result", {})
            if "exceptionDetails" in r:
                self.problems.append(("check script failed", str(r["exceptionDetails"].get("text"))))
                return {}
            return r.get("result", {}).get("value") or {}
        return None


def leftovers(text):
    """One failure per text node and kind, with the first match in context."""
    for chunk in text:
        for pattern, kind in LEFTOVERS:
            m = pattern.search(chunk)
            if m:
                a, b = max(0, m.start() - 50), min(len(chunk), m.end() + 50)
                yield kind, " ".join(chunk[a:b].split())


def local_path(url):
    p = urllib.parse.urlsplit(url)
    return urllib.parse.unquote(p.path), p.fragment


def read(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read()


def list_pages(html_dir, only):
    pages = sorted(os.path.relpath(os.path.join(d, f), html_dir)
                   for d, dirs, files in os.walk(html_dir) if "/mathjax" not in d + "/"
                   for f in files if f.endswith(".html"))
    pages = [p for p in pages if not p.startswith("mathjax/")]
    if only:
        pages = [p for p in pages if p in only or os.path.basename(p) in only]
    return pages


class Site:
    """The generated files, read once: anchors of pages, and the checks of links, which the real
    pages, the books and the scripts' data share."""

    def __init__(self, html_dir):
        self.dir = html_dir
        self.base = "file://" + urllib.parse.quote(html_dir) + "/"
        self.ids = {}

    def anchors(self, rel):
        if rel not in self.ids:
            self.ids[rel] = set(a or b for a, b in ANCHOR.findall(read(os.path.join(self.dir, rel))))
        return self.ids[rel]

    def listed(self, rel):
        """The members a page lists without documenting them: the rows of its declaration tables
        (tr class="memitem:<anchor>") and the links to a member's documentation elsewhere."""
        key = ("listed", rel)
        if key not in self.ids:
            text = read(os.path.join(self.dir, rel))
            self.ids[key] = set(re.findall(r'<tr class="memitem:([^"\s]+)', text)) | set(
                re.findall(r'<a class="el" href="[^"#]*#([^"]+)"', text))
        return self.ids[key]

    def link_problem(self, path, frag, text, tree=False):
        """path: a file path inside the site (relative to it); None if the link is fine. tree: a link
        of the navigation tree, which Doxygen points at the file page that lists a member documented
        on another page (the file's members, enum values), where there is no anchor to scroll to."""
        rel = os.path.normpath(path)
        if not os.path.exists(os.path.join(self.dir, rel)):
            return "%s -> %s" % (text or "(no text)", rel)
        if frag and rel.endswith(".html") and frag not in self.anchors(rel) and not (tree and frag in self.listed(rel)):
            return "%s -> %s#%s (no such anchor)" % (text or "(no text)", rel, frag)
        return None

    def href_problem(self, from_dir, href, text, tree=False):
        """A link written in a file of from_dir (relative to the site), as the browser resolves it:
        only links into the site are checked."""
        p = urllib.parse.urlsplit(href)
        if p.scheme or p.netloc or href.startswith("//") or not p.path:
            return None
        path = os.path.normpath(os.path.join(from_dir, urllib.parse.unquote(p.path)))
        if path.startswith(".."):
            return None
        return self.link_problem(path, p.fragment, text, tree)


def page_signature(source, rel):
    """What the page's scripts see besides its body: head (without the title), body tag and every
    script (source or src), with the page's own name taken out. Pages with one signature run the
    same code; one of them is loaded for real."""
    stem = os.path.splitext(os.path.basename(rel))[0]
    own = re.compile(re.escape(stem) + r"(?=[.'\"])")
    head = re.search(r"<head>(.*?)</head>", source, re.S | re.I)
    head = re.sub(r"<title>.*?</title>", "", head.group(1) if head else "", flags=re.S)
    body = re.search(r"<body\b[^>]*>", source, re.I)
    scripts = []
    for attrs, code in SCRIPT.findall(source):
        code = NAV_INIT.sub("initNavTree('@PAGE@'", code)
        scripts.append((own.sub("@PAGE@", attrs), own.sub("@PAGE@", code)))
    return (os.path.dirname(rel), own.sub("@PAGE@", SCRIPT.sub("", head)),
            body.group(0) if body else "", tuple(scripts))


def resource_problems(site, rel, source):
    """Scripts and style sheets the page loads, and the page its navigation tree opens."""
    d = os.path.dirname(rel)
    refs = [src for attrs, _ in SCRIPT.findall(source) for src in SRC_ATTR.findall(attrs)]
    refs += [h for tag in LINK_TAG.findall(source) for h in HREF_ATTR.findall(tag)]
    out = []
    for ref in refs:
        p = urllib.parse.urlsplit(ref)
        if p.scheme or p.netloc:
            continue
        path = os.path.normpath(os.path.join(d, urllib.parse.unquote(p.path)))
        if not path.startswith("..") and not os.path.exists(os.path.join(site.dir, path)):
            out.append(("failed to load", path))
    for target in NAV_INIT.findall(source):
        problem = site.href_problem(d, target, "initNavTree")
        if problem:
            out.append(("broken link", problem))
    return out


def js_strings(text, quote):
    """The string literals of one quote character in a script, unescaped."""
    pat = re.compile(quote + r"((?:[^" + quote + r"\\\n]|\\.)*)" + quote)
    out = []
    for m in pat.finditer(text):
        s = m.group(1)
        if "\\" in s:
            s = re.sub(r"\\u([0-9a-fA-F]{4})|\\(.)",
                       lambda e: chr(int(e.group(1), 16)) if e.group(1) else
                       {"n": "\n", "t": "\t"}.get(e.group(2), e.group(2)), s)
        out.append((m.start(), s))
    return out


def script_data_problems(site):
    """What the scripts of every page add to it, checked from the data they read (the same for
    every page that loads them): the navigation tree, the menu, the search results."""
    problems = {}

    def add(name, kind, text):
        problems.setdefault(name, []).append((kind, text))

    top = sorted(f for f in os.listdir(site.dir) if f.endswith(".js"))
    # the navigation tree: nodes [ "text", "link" | null, children | "node file" | null ]
    node = re.compile(r'\[\s*"(?P<text>(?:[^"\\]|\\.)*)"\s*,\s*(?:"(?P<url>(?:[^"\\]|\\.)*)"|null)\s*,'
                      r'\s*(?:"(?P<sub>(?:[^"\\]|\\.)*)"|null|\[)')
    for f in top:
        text = read(os.path.join(site.dir, f))
        if f == "navtreedata.js" or re.match(r"var \w+ =\s*\[\s*\[", text.split("*/")[-1].strip()):
            for m in node.finditer(re.sub(r"var NAVTREEINDEX =\s*\[.*?\];", "", text, flags=re.S)):
                if m.group("url"):
                    problem = site.href_problem("", m.group("url"), m.group("text"), tree=True)
                    if problem:
                        add(f, "broken link", problem + " (navigation tree)")
                if m.group("sub") and not os.path.exists(os.path.join(site.dir, m.group("sub") + ".js")):
                    add(f, "failed to load", m.group("sub") + ".js (navigation tree node of %s)" % m.group("text"))
        if f == "navtreedata.js":
            idx = re.search(r"var NAVTREEINDEX =\s*\[(.*?)\];", text, re.S)
            for i in range(len(js_strings(idx.group(1), '"')) if idx else 0):
                if not os.path.exists(os.path.join(site.dir, "navtreeindex%d.js" % i)):
                    add(f, "failed to load", "navtreeindex%d.js" % i)
        m = re.match(r"navtreeindex\d+\.js$", f)
        if m:
            for _, key in js_strings(text, '"'):
                if key.endswith(".html") or ".html#" in key:
                    problem = site.href_problem("", key, "(navigation tree index)", tree=True)
                    if problem:
                        add(f, "broken link", problem)
        if f == "menudata.js":
            for m in re.finditer(r'text:"((?:[^"\\]|\\.)*)"\s*,\s*url:"((?:[^"\\]|\\.)*)"', text):
                label = html.unescape(js_strings('"%s"' % m.group(1), '"')[0][1])
                for kind, ctx in leftovers([label]):
                    add(f, kind, ctx + " (menu)")
                problem = site.href_problem("", m.group(2), label)
                if problem:
                    add(f, "broken link", problem + " (menu)")
    # search results: ['id',['name',['../page.html#anchor',1,'scope'],...]] per letter and index
    search = os.path.join(site.dir, "search")
    if os.path.isdir(search):
        for f in sorted(os.listdir(search)):
            if not f.endswith(".js") or f in ("search.js", "searchdata.js"):
                continue
            text = read(os.path.join(search, f))
            if "var searchData" not in text:
                continue
            # the results page that shows them (search/all_5.html shows search/all_5.js)
            page = "search/" + f[:-3] + ".html"
            page = page if os.path.exists(os.path.join(site.dir, page)) else "search/" + f
            strings = js_strings(text, "'")
            for i, (_, s) in enumerate(strings):
                if s.startswith("../"):
                    name = strings[i - 1][1] if i else ""
                    problem = site.href_problem("search", s, html.unescape(name))
                    if problem:
                        add(page, "broken link", problem)
                elif not re.fullmatch(r"\w+_\d+", s):  # the entry's id is not shown
                    for kind, ctx in leftovers([html.unescape(s)]):
                        add(page, kind, ctx)
    # images and fonts the style sheets load
    for d, dirs, files in os.walk(site.dir):
        if "/mathjax" in d + "/" or d.endswith("/mathjax"):
            continue
        for f in files:
            if f.endswith(".css"):
                path = os.path.join(d, f)
                for ref in CSS_URL.findall(read(path)):
                    p = urllib.parse.urlsplit(ref.strip())
                    if p.scheme or p.netloc or not p.path:
                        continue
                    if not os.path.exists(os.path.join(d, urllib.parse.unquote(p.path))):
                        add(os.path.relpath(path, site.dir), "failed to load", ref + " (url() of the style sheet)")
    return problems


def make_book(site, group, parts, styles, window_scrollbar, footer, out_path):
    """Writes one book: the group's head (scripts removed), then each page's body with inert
    scripts and the real page's inline styles, then the footer's MathJax loader on the pages whose
    footer would load it. Returns the number of pages MathJax may typeset."""
    first = read(os.path.join(site.dir, parts[0]))
    head = re.search(r"<head>(.*?)</head>", first, re.S | re.I).group(1)
    head = SCRIPT.sub("", head)
    base = site.base + (urllib.parse.quote(group) + "/" if group else "")
    doctype = first[:first.lower().find("<html")]
    html_tag = re.search(r"<html\b[^>]*>", first, re.I).group(0)
    chunks = [doctype, html_tag, "\n<head>\n<base href=\"%s\"/>\n" % base, head,
              # the real page's window has no scroll bar of its own (its content scrolls)
              "<style>html { overflow-y: %s !important; }</style>\n" % ("scroll" if window_scrollbar else "hidden"),
              "</head>\n<body>\n"]
    for rel in parts:
        source = read(os.path.join(site.dir, rel))
        body = re.search(r"<body\b[^>]*>(.*)</body>", source, re.S | re.I)
        body = body.group(1) if body else ""
        # scripts stay in the text (the footer's test reads textContent) but never run or load
        body = re.sub(r"<script\b[^>]*>", '<script type="text/x-nn-check-inert">', body, flags=re.I)
        # a link within the page ("#anchor", "") names the page: the book's base is its folder
        own = urllib.parse.quote(os.path.basename(rel))
        body = re.sub(r"""(\bhref\s*=\s*)(["'])(?=#|\2)""", lambda m: m.group(1) + m.group(2) + own, body, flags=re.I)
        # the search box's results frame (empty until one searches) is not loaded either
        body = re.sub(r'(<div id="MSearchResultsWindow">\s*)<iframe\b.*?</iframe>', r"\1", body, flags=re.S)
        for ident, style in styles:
            tag = re.search(r'<\w+\b[^>]*\bid="%s"[^>]*>' % re.escape(ident), body)
            if tag:
                t = re.sub(r'\sstyle="[^"]*"', "", tag.group(0))
                t = t[:-1].rstrip("/") + ' style="%s"' % html.escape(style, quote=True) + (" />" if t.endswith("/>") else ">")
                body = body[:tag.start()] + t + body[tag.end():]
        chunks.append('<div class="nn-check-page" data-page="%s">\n%s\n</div>\n' % (html.escape(rel, quote=True), body))
    if footer:
        test, loader = footer
        chunks.append("""<script type="text/javascript">
(function () {  /* the footer's test, per page: pages it would not load MathJax for are ignored */
  var test = %s, any = false;
  document.querySelectorAll('div.nn-check-page').forEach(function (part) {
    if (test.test((part.querySelector('#doc-content') || part).textContent)) any = true;
    else part.classList.add('tex2jax_ignore');
  });
  window.nnCheckAnyMath = any;
})();
</script>
<script type="text/javascript">%s</script>
""" % (test, loader))
    chunks.append("</body>\n</html>\n")
    with open(out_path, "w", encoding="utf-8") as fh:
        fh.write("".join(chunks))


def footer_loader(source):
    """(test, loader) of the footer's MathJax script of a page, the loader made to ask the book's
    per-page test; None if the page has no such script. Fails when the footer changed its form."""
    for attrs, code in SCRIPT.findall(source):
        if "MathJax.js" not in code or SRC_ATTR.search(attrs):
            continue
        test = FOOTER_TEST.search(code)
        if not test or FOOTER_TEXT not in code:
            raise ValueError("the MathJax loader of docs/theme/footer.html changed its form: update "
                             "FOOTER_TEST/FOOTER_TEXT in docs/check/check_pages.py (book mode)")
        loader = code.replace(test.group(0), "if (!window.nnCheckAnyMath) return;")
        return test.group(1), loader
    return None


def run_browser(exe, width, height, jobs, jobs_list):
    """jobs_list: (key, url, book, math_timeout); returns {key: (value, problems, seconds)}. A page
    gets 40 s to load plus its math_timeout for MathJax."""
    if not jobs_list:
        return {}
    profile = tempfile.mkdtemp(prefix="nn-docs-check-")
    out = {}
    browser = Chromium(exe, profile)
    try:
        tabs = [Tab(browser, width, height) for _ in range(max(1, min(jobs, len(jobs_list))))]
        by_session = {t.session: t for t in tabs}
        queue = list(jobs_list)
        busy = {}

        def start(t):
            job = queue.pop(0)
            busy[t.session] = job
            t.start(job[1], job[2], job[3])

        def finish(t, value):
            key = busy.pop(t.session)[0]
            out[key] = (value, list(t.problems), time.monotonic() - t.started)
            if queue:
                start(t)
        for t in tabs:
            if queue:
                start(t)
        while busy:
            # wait for a message until the first busy page's time is up (a book may typeset for
            # longer than a minute without a message)
            limit = min(by_session[s].started + 40 + by_session[s].math_timeout for s in busy)
            try:
                msg = next(browser.messages(max(limit, time.monotonic() + 1)))
            except TimeoutError:
                msg = {}
            tab = by_session.get(msg.get("sessionId"))
            if tab is not None and tab.session in busy:
                value = tab.handle(msg)
                if value is not None:
                    finish(tab, value)
            for t in tabs:
                if t.session in busy and time.monotonic() - t.started > 40 + t.math_timeout:
                    t.problems.append(("timeout", "the page did not finish loading in %d s" % (40 + t.math_timeout)))
                    finish(t, {})
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    return out


def page_problems(site, v, math_timeout=20):
    """The failures in one page's collected values (real page or a book's part)."""
    f = []
    if v.get("math") in ("absent", "timeout"):
        f.append(("MathJax", "did not load" if v["math"] == "absent" else "did not finish in %d s" % math_timeout))
    for e in v.get("mathErrors", []):
        f.append(("MathJax error", "%s in %s" % (e["message"], " ".join((e["tex"] or "?").split()))))
    for kind, ctx in leftovers(v.get("text", [])):
        f.append((kind, ctx))
    base = site.base
    for img in v.get("images", []):
        local = img["src"].startswith(base) and not os.path.exists(
            os.path.join(site.dir, local_path(img["src"][len(base):])[0]))
        if not img["ok"] or local:
            f.append(("broken image", img["src"][len(base):] if img["src"].startswith(base) else img["src"]))
    for w in v.get("wide", []):
        f.append(("wider than the column", w))
    seen = set()
    for link in v.get("links", []):
        href = link["href"]
        if not href.startswith(base) or href in seen:
            continue
        seen.add(href)
        path, frag = local_path(href[len(base):])
        problem = site.link_problem(path, frag, link["text"])
        if problem:
            f.append(("broken link", problem))
    return f


def run_check(html_dir, exe, jobs, only, width, height, slowest=0, all_in_browser=False, dump=None):
    html_dir = os.path.realpath(html_dir)
    site = Site(html_dir)
    pages = list_pages(html_dir, only)
    if not pages:
        print("docs check: no HTML pages in %s (run `make docs`)" % html_dir)
        return 1
    t0 = time.monotonic()
    failures = {p: [] for p in pages}
    values = {}
    durations = {}
    url = lambda p: site.base + urllib.parse.quote(p)

    # groups of pages that run the same scripts
    groups = {}
    sources = {}
    for p in pages:
        source = read(os.path.join(html_dir, p))
        failures[p] += resource_problems(site, p, source)
        groups.setdefault(page_signature(source, p), []).append(p)
        sources[p] = (len(source), footer_loader(source),
                      bool(re.search(r"\\\(|\\\[|\\begin\{", source.split('id="doc-content"', 1)[-1])))
    real = []
    for members in groups.values():
        real.append(members[0])
        math = [p for p in members if sources[p][2]]
        if math and math[0] != members[0]:
            real.append(math[0])
    if all_in_browser:
        real = list(pages)
    real_set = set(real)

    real_results = run_browser(exe, width, height, jobs, [(p, url(p), False, 20) for p in real])
    for p in real:
        v, problems, secs = real_results[p]
        values[p] = v
        durations[p] = secs
        failures[p] += problems + page_problems(site, v)

    book_dir = tempfile.mkdtemp(prefix="nn-docs-book-")
    books = []
    try:
        for sig, members in groups.items():
            rest = [p for p in members if p not in real_set]
            if not rest:
                continue
            sample = real_results[members[0]][0]
            chunk, size = [], 0
            for p in rest + [None]:
                if p is None or (chunk and (size + sources[p][0] > BOOK_BYTES or len(chunk) >= BOOK_PAGES)):
                    if chunk:
                        n = len(books)
                        path = os.path.join(book_dir, "book%03d.html" % n)
                        footers = [sources[q][1] for q in chunk if sources[q][1]]
                        make_book(site, sig[0], chunk, sample.get("styles", []),
                                  sample.get("windowScrollbar", 0), footers[0] if footers else None, path)
                        # MathJax's time: the 20 s a real page gets, for each page of the book
                        # with a formula, but at most 5 minutes (the test's timeout is 10)
                        maths = sum(1 for q in chunk if sources[q][2])
                        books.append((n, "file://" + urllib.parse.quote(path), True,
                                      min(300, 20 * max(1, maths)), chunk))
                    chunk, size = [], 0
                if p is not None:
                    chunk.append(p)
                    size += sources[p][0]
        book_results = run_browser(exe, width, height, jobs, [b[:4] for b in books])
    finally:
        shutil.rmtree(book_dir, ignore_errors=True)
    for n, _, _, math_timeout, chunk in books:
        value, problems, secs = book_results[n]
        parts = {v.get("page"): v for v in value} if isinstance(value, list) else {}
        label = "book of %d pages (%s ... %s)" % (len(chunk), chunk[0], chunk[-1])
        for p in chunk:
            durations[p] = secs / len(chunk)
            if p not in parts:
                failures[p].append(("not rendered", "the %s did not report this page" % label))
                continue
            values[p] = parts[p]
            failures[p] += page_problems(site, parts[p], math_timeout)
        for kind, text in problems:
            # a file that failed to load belongs to the pages that name it
            named = [p for p in chunk if kind == "failed to load" and text.startswith(site.base)
                     and text[len(site.base):].split("?")[0] in read(os.path.join(html_dir, p))]
            for p in named or [label]:
                failures.setdefault(p, []).append((kind, text))

    if not only:
        for name, problems in script_data_problems(site).items():
            failures.setdefault(name, []).extend(problems)

    if dump:
        with open(dump, "w") as fh:
            json.dump({p: {k: v for k, v in values[p].items() if k not in ("styles", "page")}
                       for p in sorted(values)}, fh, indent=1, sort_keys=True)
    bad = 0
    for page in sorted(failures, key=lambda p: (p not in pages, p)):
        # a real page and the scripts' data may find the same thing (--all-in-browser)
        failures[page] = list(dict.fromkeys(failures[page]))
        for kind, text in failures[page]:
            bad += 1
            print("%s: %s: %s" % (page, kind, text))
    nbad = sum(1 for p in failures if failures[p])
    if slowest:
        for page in sorted(durations, key=durations.get, reverse=True)[:slowest]:
            print("  %6.2f s  %s" % (durations[page], page))
    print("docs check: %d pages (%d opened as a reader does, %d in %d books), %d failures on %d pages (%.1f s)"
          % (len(pages), len(real), len(pages) - len(real), len(books), bad, nbad, time.monotonic() - t0))
    return 1 if bad else 0


def screenshot(html_dir, exe, page, width, height, out, full):
    profile = tempfile.mkdtemp(prefix="nn-docs-shot-")
    browser = Chromium(exe, profile)
    try:
        tab = Tab(browser, width, height)
        tab.start("file://" + urllib.parse.quote(os.path.join(os.path.realpath(html_dir), page)))
        deadline = time.monotonic() + 60
        for msg in browser.messages(deadline):
            if msg.get("sessionId") == tab.session and tab.handle(msg) is not None:
                break
        time.sleep(1.0)  # let the navigation tree finish building
        params = {"format": "png"}
        if full:
            m = browser.call("Page.getLayoutMetrics", session=tab.session)["cssContentSize"]
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": width, "height": m["height"], "scale": 1})
        data = browser.call("Page.captureScreenshot", params, session=tab.session)["data"]
        with open(out, "wb") as fh:
            fh.write(base64.b64decode(data))
        print("wrote %s (%s at %dx%d)" % (out, page, width, height))
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("html_dir")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--jobs", type=int, default=2, help="pages loaded at once (tabs of one browser)")
    ap.add_argument("--page", action="append", default=[], help="check only this page (repeatable)")
    ap.add_argument("--all-in-browser", action="store_true",
                    help="open every page as a reader does (no books; several times slower)")
    ap.add_argument("--slowest", type=int, default=0, help="list the N slowest pages")
    ap.add_argument("--dump", metavar="FILE", help="write what was collected per page (JSON)")
    ap.add_argument("--size", default="1366x768", help="viewport, WIDTHxHEIGHT")
    ap.add_argument("--screenshot", metavar="PAGE", help="write a screenshot of PAGE instead of checking")
    ap.add_argument("--out", default="screenshot.png")
    ap.add_argument("--full-page", action="store_true")
    a = ap.parse_args()
    if not os.access(a.chromium, os.X_OK):
        print("docs check: Chromium not found (%s): install it with `bash cmake/install-deps.sh docs` "
              "(Debian package chromium)" % a.chromium)
        return 1
    width, height = (int(v) for v in a.size.lower().split("x"))
    if a.screenshot:
        return screenshot(a.html_dir, a.chromium, a.screenshot, width, height, a.out, a.full_page)
    return run_check(a.html_dir, a.chromium, a.jobs, set(a.page), width, height, a.slowest,
                     a.all_in_browser, a.dump)


if __name__ == "__main__":
    sys.exit(main())
