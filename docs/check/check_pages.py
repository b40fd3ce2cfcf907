#!/usr/bin/env python3
"""Reads the docs site the way a reader sees it: every generated HTML page is loaded in one headless
Chromium (driven over the DevTools protocol on a pipe, standard library only), MathJax is allowed to
finish, and the rendered page is checked for

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

Usage:
  check_pages.py HTML_DIR [--chromium /usr/bin/chromium] [--jobs 2] [--page NAME ...]
  check_pages.py HTML_DIR --screenshot PAGE --size 1366x768 --out shot.png [--full-page]
"""
import argparse
import base64
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
# then returns everything the checks need. Text inside code is not searched.
COLLECT_JS = r"""
(async () => {
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
  const out = {math, mathErrors: [], text: [], images: [], links: [], wide: []};
  // MathJax errors: the error box, with the TeX source it came from
  for (const e of document.querySelectorAll('.merror, .mjx-merror, .MathJax_Error')) {
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
  for (const m of document.querySelectorAll('.mjx-chtml, .MathJax'))
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
  const walker = document.createTreeWalker(document.body || document.documentElement,
                                           NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (!p || p.closest(skip)) continue;
    // only text that could hold leftover markup travels back
    if (/[\\`$&]|_form#/.test(n.nodeValue)) out.text.push(n.nodeValue);
  }
  for (const img of document.images)
    // failed: loaded with no pixels (an SVG may have no intrinsic size; a missing file is also
    // caught by the file check and the network log)
    out.images.push({src: img.src, ok: !(img.complete && img.naturalWidth === 0 && !/\.svg$/.test(img.src))});
  for (const a of document.querySelectorAll('a[href]'))
    out.links.push({href: a.href, text: a.textContent.trim().slice(0, 60)});
  // wide things: wider than the text column and neither shrunk nor scrollable
  const col = document.querySelector('div.contents');
  if (col) {
    const limit = col.getBoundingClientRect().right + 1;
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
                      Math.round(limit - col.getBoundingClientRect().left) + ' px' +
                      (e.tagName === 'IMG' ? ' (' + e.getAttribute('src') + ')' : ''));
    }
  }
  return out;
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

    def start(self, url):
        self.url, self.loaded, self.problems = url, False, []
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
            self.eval = self.b.send("Runtime.evaluate", {
                "expression": COLLECT_JS.replace("%TIMEOUT%", "20000"), "awaitPromise": True,
                "returnByValue": True}, self.session)
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


def run_check(html_dir, exe, jobs, only, width, height, slowest=0):
    html_dir = os.path.realpath(html_dir)
    pages = sorted(os.path.relpath(os.path.join(d, f), html_dir)
                   for d, dirs, files in os.walk(html_dir) if "/mathjax" not in d + "/"
                   for f in files if f.endswith(".html"))
    pages = [p for p in pages if not p.startswith("mathjax/")]
    if only:
        pages = [p for p in pages if p in only or os.path.basename(p) in only]
    if not pages:
        print("docs check: no HTML pages in %s (run `make docs`)" % html_dir)
        return 1
    profile = tempfile.mkdtemp(prefix="nn-docs-check-")
    failures = {}
    results = {}
    durations = {}
    t0 = time.monotonic()
    base = "file://" + urllib.parse.quote(html_dir) + "/"
    browser = Chromium(exe, profile)
    try:
        tabs = [Tab(browser, width, height) for _ in range(max(1, jobs))]
        by_session = {t.session: t for t in tabs}
        queue = list(pages)
        busy = {}
        for t in tabs:
            if queue:
                page = queue.pop(0)
                busy[t.session] = page
                t.start(base + urllib.parse.quote(page))
        while busy:
            deadline = time.monotonic() + 60
            msg = next(browser.messages(deadline))
            tab = by_session.get(msg.get("sessionId"))
            if tab is None or tab.session not in busy:
                continue
            value = tab.handle(msg)
            if value is None:
                if time.monotonic() - tab.started > 60:
                    value = {}
                    tab.problems.append(("timeout", "the page did not finish loading in 60 s"))
                else:
                    continue
            page = busy.pop(tab.session)
            results[page] = value
            durations[page] = time.monotonic() - tab.started
            failures[page] = list(tab.problems)
            if queue:
                nxt = queue.pop(0)
                busy[tab.session] = nxt
                tab.start(base + urllib.parse.quote(nxt))
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)

    ids = {}  # page -> its anchors, read from the file when a link asks for one

    def anchors(rel):
        if rel not in ids:
            with open(os.path.join(html_dir, rel), encoding="utf-8", errors="replace") as fh:
                ids[rel] = set(a or b for a, b in ANCHOR.findall(fh.read()))
        return ids[rel]
    for page, v in results.items():
        f = failures[page]
        if v.get("math") in ("absent", "timeout"):
            f.append(("MathJax", "did not load" if v["math"] == "absent" else "did not finish in 20 s"))
        for e in v.get("mathErrors", []):
            f.append(("MathJax error", "%s in %s" % (e["message"], " ".join((e["tex"] or "?").split()))))
        for kind, ctx in leftovers(v.get("text", [])):
            f.append((kind, ctx))
        for img in v.get("images", []):
            local = img["src"].startswith(base) and not os.path.exists(
                os.path.join(html_dir, local_path(img["src"][len(base):])[0]))
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
            path = os.path.join(html_dir, path)
            rel = os.path.relpath(path, html_dir)
            if not os.path.exists(path):
                f.append(("broken link", "%s -> %s" % (link["text"] or "(no text)", rel)))
            elif frag and rel.endswith(".html") and frag not in anchors(rel):
                f.append(("broken link", "%s -> %s#%s (no such anchor)" % (link["text"] or "(no text)", rel, frag)))
    bad = 0
    for page in pages:
        for kind, text in failures.get(page, []):
            bad += 1
            print("%s: %s: %s" % (page, kind, text))
    nbad = sum(1 for p in pages if failures.get(p))
    if slowest:
        for page in sorted(durations, key=durations.get, reverse=True)[:slowest]:
            print("  %6.2f s  %s" % (durations[page], page))
    print("docs check: %d pages, %d failures on %d pages (%.1f s)" % (len(pages), bad, nbad, time.monotonic() - t0))
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
    ap.add_argument("--slowest", type=int, default=0, help="list the N slowest pages")
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
    return run_check(a.html_dir, a.chromium, a.jobs, set(a.page), width, height, a.slowest)


if __name__ == "__main__":
    sys.exit(main())
