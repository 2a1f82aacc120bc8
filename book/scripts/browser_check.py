#!/usr/bin/python3
"""browser_check.py - open the built book in headless Chromium and judge each page.

usage: browser_check.py SITE_DIR SCREENSHOT_DIR CANARY_DIR [--seconds N]

Serves SITE_DIR on 127.0.0.1 (ephemeral port) from a thread of this process,
starts Debian's Chromium headless and drives it over the DevTools protocol on
a pipe (--remote-debugging-pipe: no port, no WebSocket library).  Every page
(the landing page, the book's own pages, each chapter) must load with

  - no console error, no uncaught exception, no error in the browser log;
  - no request that failed or answered 4xx/5xx (a missing asset);
  - no request to any host but the local server (the book is self-contained);
  - the Material theme applied (header, navigation, an h1);
  - every image rendered: an <img> that is not complete or has no natural
    width failed to load or to decode (a figure whose SVG came out empty or
    corrupt is served with 200, so only this catches it);
  - no image shrunk below SQUEEZE of its natural width to fit the page (at
    the 1280-pixel window): a figure drawn too wide has its text shrunk
    with it, out of reach of the eye.

Screenshots of each page (its top, first code block, each figure and
grading table) go to SCREENSHOT_DIR.  First, the canary page in
CANARY_DIR (served under /__canary__/) breaks each rule on purpose; if the
check does not flag every one of them, the check itself is broken and fails.

Everything has a deadline: each protocol call, each page, and the whole run
(SIGALRM); Chromium runs in its own process group, killed at the end whatever
happened.  Exit status: 0 all pages clean, 1 a page or the canary failed,
2 the browser could not be run.
"""

import base64
import functools
import glob
import http.server
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--no-default-browser-check",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-extensions", "--disable-default-apps",
         "--mute-audio", "--hide-scrollbars", "--window-size=1280,900",
         "--remote-debugging-pipe"]
CALL_SECONDS = 15
LOG = "chromium.log"
PAGE_SECONDS = 20
QUIET_SECONDS = 0.5


class Timeout(Exception):
    pass


# ---------------------------------------------------------------- server

class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; /__canary__/ is served from the canary directory."""

    canary = None

    def translate_path(self, path):
        rel = urllib.parse.urlsplit(path).path
        if rel.startswith("/__canary__/"):
            tail = urllib.parse.unquote(rel[len("/__canary__/"):])
            return os.path.join(self.canary, os.path.normpath("/" + tail).lstrip("/"))
        return super().translate_path(path)

    def log_message(self, fmt, *args):
        pass


def serve(site, canary):
    Handler.canary = canary
    handler = functools.partial(Handler, directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


# ---------------------------------------------------------------- browser

class Browser:
    """Chromium driven over the DevTools protocol on fds 3 and 4."""

    def __init__(self, profile, log):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Move the browser's ends to fds 3 and 4 inside a shell, then exec it.
        script = 'exec "$0" "$@" 3<&%d 4>&%d %d<&- %d>&-' % (
            to_chrome_r, from_chrome_w, to_chrome_r, from_chrome_w)
        self.proc = subprocess.Popen(
            ["/bin/sh", "-c", script, CHROMIUM] + FLAGS +
            ["--user-data-dir=" + profile, "about:blank"],
            pass_fds=(to_chrome_r, from_chrome_w), start_new_session=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=log)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.next_id = 0
        self.replies = {}
        self.events = queue.Queue()
        self.cond = threading.Condition()
        self.closed = False
        threading.Thread(target=self.reader, daemon=True).start()

    def reader(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self.from_chrome, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "id" in msg:
                    with self.cond:
                        self.replies[msg["id"]] = msg
                        self.cond.notify_all()
                else:
                    self.events.put(msg)
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def call(self, method, params=None, session=None, seconds=CALL_SECONDS):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + seconds
        with self.cond:
            while self.next_id not in self.replies:
                left = deadline - time.monotonic()
                if self.closed:
                    raise RuntimeError("chromium closed the pipe (its stderr: %s)" % LOG)
                if left <= 0:
                    raise Timeout("%s: no answer in %d s" % (method, seconds))
                self.cond.wait(left)
            reply = self.replies.pop(self.next_id)
        if "error" in reply:
            raise RuntimeError("%s: %s" % (method, reply["error"].get("message")))
        return reply.get("result", {})

    def kill(self, grace=0):
        """Stop the browser: wait grace seconds for it to exit by itself (it
        then reaps its own helpers), then kill whatever is left of its group."""
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for fd in (self.to_chrome, self.from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass


# ---------------------------------------------------------------- one page

class PageVisit:
    """Load one URL in a fresh tab and collect everything that went wrong."""

    def __init__(self, browser, origin):
        self.b = browser
        self.origin = origin
        self.problems = []
        self.inflight = {}
        self.answered = set()   # requests that have their response status
        self.loaded = False
        self.last_activity = time.monotonic()

    def problem(self, kind, text):
        entry = (kind, " ".join(str(text).split())[:300])
        if entry not in self.problems:
            self.problems.append(entry)

    def local(self, url):
        return url.startswith(self.origin + "/") or url.split(":", 1)[0] in ("data", "blob", "about")

    def handle(self, ev):
        method, p = ev.get("method"), ev.get("params", {})
        self.last_activity = time.monotonic()
        if method == "Target.attachedToTarget":
            # A worker (the search index runs in one) waits until it is watched too.
            sid = p["sessionId"]
            for m in ("Runtime.enable", "Network.enable"):
                self.send_async(m, sid)
            self.send_async("Runtime.runIfWaitingForDebugger", sid)
        elif method == "Page.loadEventFired":
            self.loaded = True
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            self.problem("console error", args)
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            self.problem("uncaught exception",
                         d.get("exception", {}).get("description") or d.get("text"))
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            e = p["entry"]
            self.problem("browser log error", "%s %s" % (e.get("text"), e.get("url", "")))
        elif method == "Network.requestWillBeSent":
            url = p["request"]["url"]
            self.inflight[p["requestId"]] = url
            if not self.local(url):
                self.problem("external request", url)
        elif method == "Network.responseReceived":
            status = p["response"]["status"]
            self.answered.add(p["requestId"])
            if status >= 400:
                self.problem("missing asset", "%s answered %s" % (p["response"]["url"], status))
        elif method == "Network.loadingFinished":
            self.inflight.pop(p["requestId"], None)
        elif method == "Network.loadingFailed":
            url = self.inflight.pop(p["requestId"], "?")
            self.problem("failed request", "%s: %s" % (url, p.get("errorText")))

    def send_async(self, method, session):
        # Fire and forget: the reply is collected (and dropped) by call()'s map.
        self.b.next_id += 1
        msg = {"id": self.b.next_id, "method": method, "params": {}, "sessionId": session}
        os.write(self.b.to_chrome, json.dumps(msg).encode() + b"\0")

    def pump(self, until, seconds):
        """Handle events until until() is true; Timeout after seconds."""
        deadline = time.monotonic() + seconds
        while not until():
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout("page did not settle in %d s" % seconds)
            try:
                ev = self.b.events.get(timeout=min(left, 0.1))
            except queue.Empty:
                continue
            if ev.get("sessionId") in self.sessions or ev.get("method") == "Target.attachedToTarget":
                if ev.get("method") == "Target.attachedToTarget":
                    self.sessions.add(ev["params"]["sessionId"])
                self.handle(ev)

    def quiet(self):
        # A request counts as done once its status is known (a missing asset
        # is flagged by its status): a lost loadingFinished must not hang us.
        return self.loaded and not (self.inflight.keys() - self.answered) and \
            time.monotonic() - self.last_activity > QUIET_SECONDS

    def visit(self, url, shots, dark=False):
        b = self.b
        # A fresh context per visit: no cache, cookies or localStorage carried over.
        context = b.call("Target.createBrowserContext")["browserContextId"]
        target = b.call("Target.createTarget", {"url": "about:blank",
                                                "browserContextId": context})["targetId"]
        sid = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.sessions = {sid}
        try:
            for m in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
                b.call(m, session=sid)
            b.call("Network.setCacheDisabled", {"cacheDisabled": True}, session=sid)
            b.call("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                            "flatten": True}, session=sid)
            b.call("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900,
                   "deviceScaleFactor": 1, "mobile": False}, session=sid)
            b.call("Emulation.setEmulatedMedia", {"features": [
                {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]},
                session=sid)
            b.call("Page.navigate", {"url": url}, session=sid)
            try:
                self.pump(self.quiet, PAGE_SECONDS)
            except Timeout:
                self.problem("not loaded", "no quiet moment in %d s (load event %s; pending: %s)" % (
                    PAGE_SECONDS, "seen" if self.loaded else "never seen",
                    ", ".join(sorted(self.inflight.values())) or "nothing"))
            facts = self.evaluate(sid, FACTS % SQUEEZE)
            if callable(shots):
                shots = shots(facts)
            for name, script in shots:
                if script:
                    self.evaluate(sid, script)
                    time.sleep(0.8)  # let the header finish its scroll animation
                png = b.call("Page.captureScreenshot", {"format": "png"}, session=sid)["data"]
                with open(name, "wb") as f:
                    f.write(base64.b64decode(png))
            # Events that arrived while taking screenshots count too.
            self.pump(lambda: self.b.events.empty(), 2)
            return facts
        finally:
            try:
                b.call("Target.closeTarget", {"targetId": target}, seconds=5)
                b.call("Target.disposeBrowserContext", {"browserContextId": context}, seconds=5)
            except (Timeout, RuntimeError):
                pass

    def evaluate(self, sid, expr):
        r = self.b.call("Runtime.evaluate", {"expression": expr, "returnByValue": True},
                        session=sid)
        if "exceptionDetails" in r:
            raise RuntimeError("evaluate failed: %s" % r["exceptionDetails"].get("text"))
        value = r.get("result", {}).get("value")
        return json.loads(value) if isinstance(value, str) and value.startswith("{") else value


# ---------------------------------------------------------------- the run

# A figure shown at less than this share of its natural width has text too
# small to read: below it, graphviz's 10-point edge labels (13 pixels at
# full size) fall under 10 pixels.
SQUEEZE = 0.75
# What a page says about itself once loaded (%s: the SQUEEZE ratio).
FACTS = """JSON.stringify({
    title: document.title,
    header: !!document.querySelector('header.md-header'),
    nav: document.querySelectorAll('nav.md-nav a').length,
    h1: (document.querySelector('article h1') || {}).textContent || '',
    styled: getComputedStyle(document.querySelector('header.md-header') ||
                             document.body).position === 'sticky',
    code: document.querySelectorAll('.highlight pre').length,
    grading: document.querySelectorAll('.grading-table table').length,
    images: document.images.length,
    broken: Array.from(document.images)
        .filter(i => !i.complete || i.naturalWidth === 0)
        .map(i => i.getAttribute('src')),
    squeezed: Array.from(document.images)
        .filter(i => i.naturalWidth > 0 && i.width < %s * i.naturalWidth)
        .map(i => [i.getAttribute('src'), i.width, i.naturalWidth]),
    scheme: document.body.getAttribute('data-md-color-scheme')})"""

# Each planted fault of the canary page: the kind of problem it must raise,
# and a piece of that problem's text (the broken image must be the one that
# loads fine and does not decode, not just the missing one).
CANARY_EXPECTS = [("console error", "planted"), ("uncaught exception", "planted"),
                  ("missing asset", "missing.css"), ("external request", "127.0.0.2"),
                  ("broken image", "not-an-image.svg"), ("squeezed image", "too-wide.svg")]
SCROLL_TO_CODE = "var c = document.querySelector('.highlight'); if (c) c.scrollIntoView();"
SCROLL_TO_IMAGE = "document.images[%d].scrollIntoView({block: 'center'});"
SCROLL_TO_GRADING = "document.querySelector('.grading-table').scrollIntoView();"


def judge(v, facts):
    """Add to v's problems what the page's facts show: images that did not
    render or are shrunk out of legibility, a missing or unstyled Material
    theme."""
    for src in facts.get("broken") or []:
        v.problem("broken image", "%s did not load or decode" % src)
    for src, shown, natural in facts.get("squeezed") or []:
        v.problem("squeezed image", "%s is shown %d pixels wide of its %d: draw it narrower"
                  % (src, shown, natural))
    if not facts.get("header") or not facts.get("styled"):
        v.problem("unstyled", "the Material header is missing or not styled")
    if not facts.get("nav"):
        v.problem("no navigation", "no link in the navigation")
    if not facts.get("h1", "").strip():
        v.problem("no title", "no h1 in the article")


def pages_of(site):
    found = ["index.html"]
    found += sorted(os.path.relpath(p, site) for p in glob.glob(os.path.join(site, "*.html"))
                    if os.path.basename(p) not in ("index.html", "404.html"))
    found += sorted(os.path.relpath(p, site) for p in glob.glob(os.path.join(site, "*", "index.html"))
                    if not p.startswith(os.path.join(site, "search")))
    return found


def shot_name(out, page, suffix=""):
    stem = page[:-len("/index.html")] if page.endswith("/index.html") else page[:-len(".html")]
    return os.path.join(out, stem.replace("/", "-") + suffix + ".png")


def run(site, out, canary):
    os.makedirs(out, exist_ok=True)
    for old in glob.glob(os.path.join(out, "*.png")):
        os.remove(old)
    server = serve(site, canary)
    origin = "http://127.0.0.1:%d" % server.server_address[1]
    tmp = tempfile.mkdtemp(prefix="book-browser-")
    profile = os.path.join(tmp, "profile")
    os.mkdir(profile)
    browser = None
    closed = False
    failed = 0
    try:
        global LOG
        LOG = os.path.join(out, "chromium.log")
        with open(LOG, "wb") as log:
            browser = Browser(profile, log)
        version = browser.call("Browser.getVersion", seconds=30)["product"]
        print("browser: %s, site served at %s" % (version, origin))

        v = PageVisit(browser, origin)
        judge(v, v.visit(origin + "/__canary__/index.html",
                         [(os.path.join(out, "canary.png"), None)]))
        missed = ["%s (%s)" % (kind, part) for kind, part in CANARY_EXPECTS
                  if not any(k == kind and part in text for k, text in v.problems)]
        if missed:
            failed += 1
            print("FAIL canary: the check did not flag: %s (it saw %s)" % (
                ", ".join(missed), v.problems))
        else:
            print("ok   canary: all %d planted faults flagged (%s)" % (
                len(CANARY_EXPECTS), ", ".join(sorted({k for k, _ in v.problems}))))

        for page in pages_of(site):
            def shots(facts, page=page):
                # The top of the page, its first code block, each figure (to
                # judge by eye that it reads at the page's width) and its
                # grading table.
                wanted = [(shot_name(out, page), None)]
                if facts.get("code"):
                    wanted.append((shot_name(out, page, "-code"), SCROLL_TO_CODE))
                for i in range(facts.get("images") or 0):
                    wanted.append((shot_name(out, page, "-figure-%d" % (i + 1)),
                                   SCROLL_TO_IMAGE % i))
                if facts.get("grading"):
                    wanted.append((shot_name(out, page, "-grading"), SCROLL_TO_GRADING))
                return wanted

            v = PageVisit(browser, origin)
            facts = v.visit("%s/%s" % (origin, page), shots)
            judge(v, facts)
            if v.problems:
                failed += 1
                print("FAIL %s" % page)
                for kind, text in v.problems:
                    print("       %s: %s" % (kind, text))
            else:
                print("ok   %-28s %-40s code blocks: %d  images: %d  screenshot: %s" % (
                    page, repr(facts["h1"].strip().rstrip("¶"))[:40], facts["code"],
                    facts["images"], os.path.relpath(shot_name(out, page))))

        v = PageVisit(browser, origin)
        facts = v.visit(origin + "/index.html", [(os.path.join(out, "index-dark.png"), None)],
                        dark=True)
        if facts.get("scheme") != "slate" or v.problems:
            failed += 1
            print("FAIL dark scheme: scheme %r, problems %s" % (facts.get("scheme"), v.problems))
        else:
            print("ok   dark scheme (prefers-color-scheme: dark gives %r)" % facts["scheme"])
        try:
            browser.call("Browser.close", seconds=5)
            closed = True
        except (Timeout, RuntimeError):
            closed = False
    finally:
        if browser:
            browser.kill(grace=10 if closed else 0)
        server.shutdown()
        server.server_close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


def on_alarm(signum, frame):
    raise Timeout("the browser check ran out of time")


def on_term(signum, frame):
    # Turn timeout(1)'s SIGTERM into an exception so that Chromium is killed.
    # (Should this process die by SIGKILL instead, Chromium exits by itself
    # when its DevTools pipe closes.)
    raise Timeout("stopped by signal %d" % signum)


def main():
    args = sys.argv[1:]
    seconds = 100
    if "--seconds" in args:
        i = args.index("--seconds")
        seconds = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    site, out, canary = (os.path.abspath(a) for a in args)
    if not os.path.isfile(os.path.join(site, "index.html")):
        print("browser_check: no %s/index.html; run make book first" % site, file=sys.stderr)
        return 2
    if not os.access(CHROMIUM, os.X_OK):
        print("browser_check: no browser at %s" % CHROMIUM, file=sys.stderr)
        return 2
    signal.signal(signal.SIGALRM, on_alarm)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_term)
    signal.alarm(seconds)
    try:
        return run(site, out, canary)
    except (Timeout, RuntimeError) as e:
        print("browser_check: %s" % e, file=sys.stderr)
        return 2 if isinstance(e, RuntimeError) else 1
    finally:
        signal.alarm(0)


if __name__ == "__main__":
    sys.exit(main())
