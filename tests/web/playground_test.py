#!/usr/bin/env python3
"""The playground in a real browser, against the native library. For each setup below the page
(build/docs/html/playground/index.html, opened from file://) is loaded in headless Chromium with
`?<setup>&autorun=1&steps=N`, trains N steps, and the test reads what the page exposes (the #status
element's data-step, data-loss and data-test-loss; window.playground). It checks that

  - the page trained exactly N steps, the training loss fell, and no console error, exception or
    failed load happened;
  - the page's exported main.cpp, compiled against the native nn (libnn.a, Armadillo on OpenBLAS),
    prints the same training and test losses at step N (relative difference <= TOLERANCE: the page's
    WebAssembly build has no BLAS, so its sums are added in another order), and, given the weights
    file the page exported, loads it with nn::load_weights and prints the same losses again;
  - for setups that use every choice of every setting (each data set, activation, initializer, loss,
    optimizer, schedule, batch norm, dropout, L2), a second module in the page and the same C
    functions compiled natively (tests/web/native_playground.cpp) give the same losses and accuracies;
  - the link of "Copy link" reproduces the run bit for bit in a fresh tab;
  - every "Try it in the playground" link of the chapter READMEs opens with all its settings used;
  - a link with a bad setting shows the error and uses the rest; training that diverges stops with a
    message and Reset starts again; the keyboard trains a step, starts and pauses; at a phone's
    width (390 px) nothing is wider than the screen.

It writes screenshots (desktop and phone) to the output directory. Usage:
  playground_test.py --html build/docs/html --root . --nn-lib build/release/nn/libnn.a --out DIR
"""
import argparse
import base64
import concurrent.futures
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "check"))
from check_pages import Chromium  # noqa: E402  (the DevTools-protocol driver of the docs check)

# Relative agreement of a loss with the native library's. Measured: the two agree to the last
# digit or two of a double (about 1e-15); 1e-9 leaves room for longer or more chaotic runs and
# still catches any difference in the computation itself.
TOLERANCE = 1e-9
SWEEP_STEPS = 150  # steps of each setup of the sweep

# (name, setup, steps): together they use every kind of piece the export writes -- each data set
# generator, hidden layers with several activations, batch norm, dropout, L2, an initializer,
# losses on probabilities and on logits, regression, four optimizers and three schedules.
SETUPS = [
    ("moons", "dataset=moons", 500),
    ("xor", "dataset=xor&layers=4&act=sigmoid&loss=bce_logits&opt=sgd&lr=0.1&momentum=0.9&nesterov=1"
            "&schedule=inverse_time&decay=1&decay_steps=200&batch=20", 400),
    ("spiral", "dataset=spiral&classes=3&n=300&layers=16,16&act=relu,elu&init=he_normal&bn=1&dropout=0.1"
               "&l2=0.001&loss=softmax_ce&opt=rmsprop&lr=0.01&schedule=cosine&decay_steps=600", 600),
    ("sine", "dataset=sine&layers=16,16&act=tanh&loss=mse&opt=nadam&lr=0.02&schedule=step&decay=0.5"
             "&decay_steps=200&batch=16", 500),
]


class Page:
    """One tab, attached in flat mode; collects console errors, exceptions and failed loads."""

    def __init__(self, browser, width, height):
        self.b = browser
        context = browser.call("Target.createBrowserContext")["browserContextId"]
        target = browser.call("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
        self.session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.call(domain)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        self.problems = []
        self.loaded = False

    def call(self, method, params=None, timeout=60):
        r = self.b.call(method, params, session=self.session, timeout=timeout)
        self.drain()
        return r

    def drain(self):
        keep = []
        for msg in self.b.events:
            if msg.get("sessionId") != self.session:
                keep.append(msg)
                continue
            m, p = msg.get("method"), msg.get("params", {})
            if m == "Page.loadEventFired":
                self.loaded = True
            elif m == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                self.problems.append("exception: " + ((d.get("exception") or {}).get("description") or d.get("text", "")))
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                self.problems.append("console.%s: %s" % (p["type"], text))
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                e = p["entry"]
                self.problems.append("%s error: %s %s" % (e.get("source"), e.get("text", ""), e.get("url", "")))
        self.b.events[:] = keep

    def eval(self, expression, timeout=60):
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True},
                      timeout=timeout)
        if "exceptionDetails" in r:
            raise RuntimeError("%s: %s" % (expression[:80], r["exceptionDetails"].get("text")))
        return r.get("result", {}).get("value")

    def open(self, url):
        """Navigates and waits for the new page's load event."""
        self.loaded = False
        r = self.call("Page.navigate", {"url": url})
        if r.get("errorText"):
            raise RuntimeError("cannot open %s: %s" % (url, r["errorText"]))
        deadline = time.monotonic() + 60
        while not self.loaded:
            self.b.events.append(self.b._read(deadline))
            self.drain()

    def key(self, key, code, vk):
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk,
                                                 "text": key if kind == "keyDown" else ""})

    def status(self):
        return self.eval("Object.assign({}, document.getElementById('status').dataset)")

    def wait(self, steps, timeout=120):
        """Waits until the page is idle ('ready' or 'error') after `steps` steps; returns #status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.status() if self.eval("!!document.getElementById('status')") else None
            if s and s.get("state") == "error":
                return s
            if s and s.get("state") == "ready" and (steps is None or int(s.get("step", -1)) >= steps):
                return s
            time.sleep(0.1)
        raise TimeoutError("the page did not reach step %s in %d s (status %s)" % (steps, timeout, s))

    def screenshot(self, path, full=True):
        params = {"format": "png"}
        if full:
            m = self.call("Page.getLayoutMetrics")["cssContentSize"]
            w = self.eval("document.documentElement.clientWidth")
            params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": w, "height": m["height"], "scale": 1})
        data = self.call("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(data))


def page_url(html, query):
    return "file://" + urllib.parse.quote(os.path.join(os.path.realpath(html), "playground", "index.html")) + "?" + query


def native_rows(output):
    """{step: (train loss, test loss)} of the exported program's table, and the row after 'weights of'."""
    rows, loaded = {}, None
    after = False
    for line in output.splitlines():
        if line.startswith("weights of"):
            after = True
            continue
        f = line.split()
        if len(f) >= 3 and f[0].isdigit():
            row = (float(f[1]), float(f[2]))
            if after:
                loaded = row
            else:
                rows[int(f[0])] = row
    return rows, loaded


def close(a, b):
    if a != a and b != b:  # both NaN: no test set
        return True
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-300)


def build_native(root, nn_lib, cxx, work, name, code=None, sources=()):
    """Compiles `code` (written to WORK/NAME.cpp) or `sources` against libnn.a as the library's users
    do (nn.pc's flags); returns (executable, None) or (None, the compiler's complaint)."""
    exe = os.path.join(work, name)
    if code is not None:
        src = os.path.join(work, name + ".cpp")
        with open(src, "w") as fh:
            fh.write(code)
        sources = [src]
    cmd = [cxx, "-std=c++20", "-O2", "-ffp-contract=off", "-DARMA_DONT_USE_WRAPPER", "-DARMA_USE_BLAS", "-DARMA_USE_LAPACK",
           "-I" + root, *sources, "-o", exe, nn_lib, "-lopenblas"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        return None, "%s does not compile:\n%s\n%s" % (name, " ".join(cmd), r.stderr[-3000:])
    return exe, None


def sweep(settings):
    """Setups that together use every choice the page offers (read from its settings): each data
    set, activation, initializer, loss, optimizer and schedule, and the switches."""
    choices = {s["key"]: s.get("choices", []) for s in settings}
    base = "dataset=moons&n=120&layers=6&batch=16"
    out = ["dataset=%s&layers=6" % d for d in choices["dataset"]]
    out += [base + "&act=" + a for a in choices["act"]]
    out += [base + "&init=" + i for i in choices["init"]]
    out += [base + "&loss=" + l for l in choices["loss"]]  # the binary task's losses
    out += ["dataset=blobs&classes=4&n=120&layers=6&loss=" + l for l in ("ce", "softmax_ce", "nll", "mse", "mae")]
    out += ["dataset=sine&layers=8&loss=" + l for l in ("mse", "mae")]
    out += [base + "&opt=" + o for o in choices["opt"]]
    out += [base + "&schedule=%s&decay_steps=50" % sc for sc in choices["schedule"]]
    out += ["dataset=moons&n=120&batch=16&layers=6,5,4&act=relu,selu,prelu"]
    out += [base + x for x in ("&bn=1", "&dropout=0.3", "&l2=0.01", "&test=0", "&layers=",
                               "&opt=sgd&momentum=0.9&nesterov=1", "&opt=rmsprop&momentum=0.5&centered=1",
                               "&opt=ftrl&ftrl_l1=0.01&ftrl_l2=0.01&ftrl_beta=0.5", "&dataset=spiral&classes=5&act=rrelu")]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--html", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--nn-lib", required=True)
    ap.add_argument("--cxx", default=shutil.which("c++") or "g++")
    ap.add_argument("--out", required=True)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    a = ap.parse_args()
    failures = []
    fail = failures.append
    os.makedirs(a.out, exist_ok=True)
    index = os.path.join(a.html, "playground", "index.html")
    for path, what in ((index, "the playground page (make docs builds it)"), (a.nn_lib, "the native library"),
                       (a.chromium, "Chromium (bash cmake/install-deps.sh docs)")):
        if not os.path.exists(path):
            print("playground test: %s is missing: %s" % (what, path))
            return 1
    t0 = time.monotonic()
    profile = tempfile.mkdtemp(prefix="nn-playground-test-")
    work = os.path.join(a.out, "native")
    os.makedirs(work, exist_ok=True)
    browser = Chromium(a.chromium, profile)
    pages, grid, web_sweep = {}, [], []
    try:
        tab = Page(browser, 1366, 900)
        # 1. the setups: train N steps on load, read the results and the exports
        for name, setup, steps in SETUPS:
            tab.problems = []
            tab.open(page_url(a.html, setup + "&autorun=1&steps=%d" % steps))
            s = tab.wait(steps)
            r = {"status": s, "losses": tab.eval("playground.losses()"), "query": tab.eval("playground.query()"),
                 "cpp": tab.eval("playground.exportCpp(%d, %d)" % (steps, steps // 10)),
                 "weights": base64.b64decode(tab.eval("playground.weightsBase64()")),
                 "link": tab.eval("playground.link()"), "banner": tab.eval("document.getElementById('error').textContent")}
            pages[name] = r
            tab.screenshot(os.path.join(a.out, "playground-%s.png" % name))
            where = "setup %s (%s)" % (name, setup)
            if s.get("state") != "ready" or int(s["step"]) != steps:
                fail("%s: the page stopped at step %s in state %s: %s" % (where, s.get("step"), s.get("state"), r["banner"]))
                continue
            if r["banner"]:
                fail("%s: the page shows an error: %s" % (where, r["banner"]))
            first, last = r["losses"][0], r["losses"][-1]
            if not (first["step"] == 0 and last["step"] == steps and last["train"] < first["train"]):
                fail("%s: the training loss did not fall: step %s %s -> step %s %s" %
                     (where, first["step"], first["train"], last["step"], last["train"]))
            if float(s["loss"]) != last["train"]:
                fail("%s: data-loss %s is not the last training loss %s" % (where, s["loss"], last["train"]))
            for p in tab.problems:
                fail("%s: %s" % (where, p))
            print("playground test: %-7s step %4d  train loss %.12g  test loss %.12g" %
                  (name, steps, float(s["loss"]), float(s["testLoss"])))

        # 2. a shared link reproduces the run
        name = SETUPS[0][0]
        tab.problems = []
        tab.open(pages[name]["link"])
        s = tab.wait(SETUPS[0][2])
        if s.get("loss") != pages[name]["status"]["loss"] or s.get("testLoss") != pages[name]["status"]["testLoss"]:
            fail("shared link %s: losses %s / %s, the run gave %s / %s" % (pages[name]["link"], s.get("loss"),
                 s.get("testLoss"), pages[name]["status"]["loss"], pages[name]["status"]["testLoss"]))
        fail_all = ["shared link: %s" % p for p in tab.problems]
        failures.extend(fail_all)

        # 3. the keyboard: S trains one step, space starts and pauses
        tab.problems = []
        tab.open(page_url(a.html, "dataset=xor"))
        tab.wait(0)
        tab.eval("document.activeElement && document.activeElement.blur(); 0")
        tab.key("s", "KeyS", 83)
        s = tab.wait(1)
        if s.get("step") != "1":
            fail("keyboard: S did not train one step (step %s)" % s.get("step"))
        tab.key(" ", "Space", 32)
        time.sleep(0.5)
        running = tab.status()
        tab.key(" ", "Space", 32)
        stopped = tab.wait(None)
        if running.get("state") != "running" or int(stopped["step"]) <= 1:
            fail("keyboard: space did not start and pause training (%s, then %s)" % (running, stopped))
        failures.extend("keyboard: %s" % p for p in tab.problems)

        # 4. a bad link: the error is shown, the rest of the setup is used
        tab.problems = []
        tab.open(page_url(a.html, "dataset=moons&lr=100&layers=3&bogus=1"))
        tab.wait(0)
        banner = tab.eval("document.getElementById('error').textContent")
        query = tab.eval("playground.query()")
        if "lr" not in banner or "bogus" not in banner or "layers=3&" not in query or "lr=0.03" not in query:
            fail("bad link: expected an error naming lr and bogus and the setup layers=3 with the default lr, got %r, %r" %
                 (banner, query))
        address = tab.eval("location.search")
        if address != "?" + query:
            fail("the address %s is not the setup ?%s" % (address, query))
        failures.extend("bad link: %s" % p for p in tab.problems)

        # 5. training that diverges stops with a message, and Reset starts again
        tab.problems = []
        tab.open(page_url(a.html, "dataset=sine&act=relu&opt=sgd&lr=10&autorun=1&steps=200"))
        s = tab.wait(200)
        banner = tab.eval("document.getElementById('error').textContent")
        if s.get("state") != "error" or "Training stopped at step" not in banner or "smaller learning rate" not in banner:
            fail("divergence: expected state error and a message, got %s, %r" % (s, banner))
        tab.eval("document.getElementById('reset').click(); 0")
        s = tab.wait(0)
        if s.get("state") != "ready" or s.get("step") != "0":
            fail("divergence: Reset did not start again at step 0 (%s)" % s)
        failures.extend("divergence: %s" % p for p in tab.problems)

        # 6. the chapters' links open with every setting used
        links = []
        for readme in sorted(glob.glob(os.path.join(a.root, "chapters", "[0-9][0-9]_*", "README.md"))):
            with open(readme, encoding="utf-8") as fh:
                for m in re.finditer(r"\]\(([^)\s]*playground/index\.html\?([^)\s]*))\)", fh.read()):
                    links.append((os.path.basename(os.path.dirname(readme)), m.group(2)))
        if len(links) < 8:
            fail("chapter links: found %d 'Try it in the playground' links in the chapter READMEs, expected 8 or more" % len(links))
        for chapter, query in links:
            tab.problems = []
            q = urllib.parse.unquote(query)
            steps = int((re.search(r"(?:^|&)steps=(\d+)", q) or [0, "0"])[1])
            tab.open(page_url(a.html, query))
            s = tab.wait(steps if "autorun=1" in q else 0)
            banner = tab.eval("document.getElementById('error').textContent")
            if banner or s.get("state") != "ready":
                fail("chapter %s link ?%s: state %s, %s" % (chapter, q, s.get("state"), banner))
            failures.extend("chapter %s link: %s" % (chapter, p) for p in tab.problems)
        print("playground test: %d chapter links open" % len(links))

        # 7. every choice of every setting, in a second module of the page (compared below)
        tab.problems = []
        tab.open(page_url(a.html, "dataset=moons"))
        tab.wait(0)
        grid = sweep(tab.eval("playground.info().settings"))
        web_sweep = tab.eval("""(async () => {
          const M = await createNnPlayground();
          const c = M.cwrap('pg_create', 'number', ['string']), t = M.cwrap('pg_train', 'number', ['number']);
          const s = M.cwrap('pg_state', 'string', []), e = M.cwrap('pg_error', 'string', []);
          return %s.map((q) => (c(q) || t(%d)) ? {error: e()} : JSON.parse(s()));
        })()""" % (json.dumps(grid), SWEEP_STEPS), timeout=300)
        failures.extend("sweep: %s" % p for p in tab.problems)

        # 8. how fast the page trains the default 2-8-8-1 network (reported, not checked)
        tab.problems = []
        tab.open(page_url(a.html, "dataset=moons&layers=8,8&autorun=1&steps=20000"))
        s = tab.wait(20000)
        print("playground test: 2-8-8-1 on two moons (batch 10), 20000 steps: %s steps/s in the page, drawing included" %
              s.get("stepsPerSecond"))
        failures.extend("speed run: %s" % p for p in tab.problems)

        # 9. a phone's width
        phone = Page(browser, 390, 844)
        phone.open(page_url(a.html, SETUPS[0][1] + "&autorun=1&steps=200"))
        phone.wait(200)
        wide = phone.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if wide > 0:
            fail("phone width: the page is %d px wider than the 390 px screen" % wide)
        phone.screenshot(os.path.join(a.out, "playground-phone.png"))
        failures.extend("phone: %s" % p for p in phone.problems)
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)

    # 10. the exported programs, natively: the same losses, and the page's weights file loads; the
    # sweep through the same C functions compiled natively
    src = os.path.join(a.root, "docs", "playground", "src")
    jobs = {n: dict(code=pages[n]["cpp"]) for n in pages}
    jobs["native_playground"] = dict(sources=sorted(glob.glob(os.path.join(src, "*.cpp"))) +
                                     [os.path.join(a.root, "tests", "web", "native_playground.cpp")])
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        built = dict(zip(jobs, pool.map(lambda n: build_native(a.root, a.nn_lib, a.cxx, work, n, **jobs[n]), jobs)))
    exe, err = built["native_playground"]
    if err:
        fail(err)
    else:
        lines = "".join("%d %s\n" % (SWEEP_STEPS, q) for q in grid)
        r = subprocess.run([exe], input=lines, capture_output=True, text=True, timeout=300)
        native_sweep = [json.loads(x) for x in r.stdout.splitlines()]
        if len(native_sweep) != len(grid):
            fail("sweep: the native module answered %d of %d setups: %s" % (len(native_sweep), len(grid), r.stderr[-500:]))
        worst, worst_at = 0.0, ""
        for q, w, n in zip(grid, web_sweep, native_sweep):
            if "error" in w or "error" in n:
                fail("sweep %s: the page says %s, the native build %s" % (q, w.get("error", "ok"), n.get("error", "ok")))
                continue
            for key in ("train_loss", "test_loss", "train_acc", "test_acc"):
                x, y = w[key], n[key]
                if (x is None) != (y is None) or (x is not None and not close(x, y)):
                    fail("sweep %s: %s is %r in the page, %r natively" % (q, key, x, y))
                elif x is not None and abs(x - y) / max(abs(x), abs(y), 1e-300) > worst:
                    worst, worst_at = abs(x - y) / max(abs(x), abs(y), 1e-300), "%s of %s" % (key, q)
        print("playground test: sweep of %d setups (every choice of every setting), %d steps each: page and native "
              "agree, largest relative difference %.1e (%s)" % (len(grid), SWEEP_STEPS, worst, worst_at))
    for name, setup, steps in SETUPS:
        if name not in pages:
            continue
        exe, err = built[name]
        err = err and "the exported program of setup %s: %s" % (name, err)
        if err:
            fail("setup %s: %s" % (name, err))
            continue
        wfile = os.path.join(work, name + ".weights")
        with open(wfile, "wb") as fh:
            fh.write(pages[name]["weights"])
        r = subprocess.run([exe, wfile], capture_output=True, text=True, timeout=120)
        if r.returncode:
            fail("setup %s: the exported program failed: %s" % (name, r.stderr.strip()))
            continue
        rows, loaded = native_rows(r.stdout)
        page = (float(pages[name]["status"]["loss"]), float(pages[name]["status"]["testLoss"]))
        native = rows.get(steps)
        if native is None or not all(close(x, y) for x, y in zip(page, native)):
            fail("setup %s: at step %d the page has train/test loss %.17g / %.17g, the native program %s" %
                 (name, steps, page[0], page[1], native))
        if loaded is None or not all(close(x, y) for x, y in zip(page, loaded)):
            fail("setup %s: the page's weights, loaded natively, give %s, the page %s" % (name, loaded, page))
        for h in pages[name]["losses"]:  # every step the page recorded that the program printed too
            if h["step"] in rows and not close(h["train"], rows[h["step"]][0]):
                fail("setup %s: at step %d the page has train loss %.17g, the native program %.17g" %
                     (name, h["step"], h["train"], rows[h["step"]][0]))
        diff = max(abs(x - y) / max(abs(x), 1e-300) for x, y in zip(page, native)) if native else float("nan")
        print("playground test: %-7s native step %4d  train loss %.12g  test loss %.12g  (relative difference %.1e)" %
              (name, steps, native[0] if native else float("nan"), native[1] if native else float("nan"), diff))
    for f in failures:
        print("playground test: FAIL: " + f)
    print("playground test: %d setups against the native library, %d failures (%.1f s); screenshots in %s" %
          (len(SETUPS), len(failures), time.monotonic() - t0, a.out))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
