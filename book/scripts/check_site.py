#!/usr/bin/python3
"""check_site.py - check a built book against the chapters and labs it came from.

usage: check_site.py ROOT SITE

ROOT is the repository (or a fixture tree) holding chapters/ and labs/; SITE
is the directory mkdocs built.  Checks, each failure on its own line:

  - every chapter (chapters/NAME/index.md) has its page NAME/index.html;
  - no snippet line (--8<--) was left unresolved in any page, and no C
    block longer than PASTED_MAX lines is pasted into a chapter;
  - every lab hint, as the grader reads it (`grade describe`): at the end
    of each GRADED() description in labs/*/tests/*.c and in each scenario of
    labs/*/lab.json, names a page of the book and an anchor (an id) that
    exists on that page;
  - the chapter of each lab shows the generated grading table, listing every
    official test.

Exit status: 0 all checks passed, 1 something failed.
"""

import glob
import html.parser
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labmeta  # noqa: E402


# A fenced code block: fence, language, body.
FENCE = re.compile(r"^(`{3,}|~{3,})[ \t]*\.?(\w*)[^\n]*\n(.*?)^\1[ \t]*$", re.S | re.M)
# The longest C fragment a chapter may write inline.
PASTED_MAX = 6


class Ids(html.parser.HTMLParser):
    """Collects every id attribute and the text inside div.grading-table."""

    def __init__(self):
        super().__init__()
        self.ids = set()
        self.depth = 0          # >0 while inside the grading table div
        self.table_text = []
        self.tables = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if self.depth:
            if tag == "div":
                self.depth += 1
            if tag == "table":
                self.tables += 1
        elif tag == "div" and "grading-table" in (a.get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.table_text.append(data)


def parse(path):
    p = Ids()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.table_text = "".join(p.table_text)
    return p


def page_file(site, target):
    for rel in ("%s/index.html" % target, "%s.html" % target):
        if os.path.isfile(os.path.join(site, rel)):
            return rel
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: check_site.py ROOT SITE")
    root, site = sys.argv[1], sys.argv[2]
    failures = []
    pages = {}

    def page(rel):
        if rel not in pages:
            pages[rel] = parse(os.path.join(site, rel))
        return pages[rel]

    chapters = labmeta.chapters(root)
    for c in chapters:
        if not page_file(site, c):
            failures.append("chapter %s: no page %s/index.html in the site" % (c, c))

    index = os.path.join(site, "search", "search_index.json")
    try:
        with open(index, encoding="utf-8") as f:
            located = {d["location"].split("#")[0] for d in json.load(f)["docs"]}
        for c in chapters:
            if page_file(site, c) not in located:
                failures.append("search: chapter %s is not in %s" % (c, index))
    except (OSError, ValueError, KeyError) as e:
        failures.append("search: cannot read the search index %s: %s" % (index, e))

    # Code is included from the real files, never pasted: a C block longer
    # than a short fragment must be a snippet.
    for c in chapters:
        md = os.path.join(root, "chapters", c, "index.md")
        with open(md, encoding="utf-8") as f:
            text = f.read()
        for m in FENCE.finditer(text):
            body = m.group(3)
            lines = body.count("\n")
            if m.group(2) in ("c", "h") and "--8<--" not in body and lines > PASTED_MAX:
                failures.append("chapters/%s/index.md:%d: a C block of %d lines is pasted; "
                                "include it from its file with --8<-- \"path\"" % (
                                    c, text.count("\n", 0, m.start()) + 1, lines))

    html_files = glob.glob(os.path.join(site, "**", "*.html"), recursive=True)
    for path in sorted(html_files):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if "<title>" in line and ("{#" in line or "{:" in line):
                    failures.append("%s:%d: an attribute list shows in the title: %s" % (
                        os.path.relpath(path, site), n, line.strip()[:120]))
                if "--8<--" in line or "--8&lt;--" in line:
                    failures.append("%s:%d: unresolved snippet line: %s" % (
                        os.path.relpath(path, site), n, line.strip()[:120]))

    try:
        labs = labmeta.labs(root)
    except labmeta.LabError as e:
        failures.append(str(e))
        labs = {}
    hints = 0
    for name, lab in labs.items():
        if not lab.tests:
            failures.append("labs/%s: no GRADED() test in tests/*.c" % name)
        for where, hint in lab.hints():
            hints += 1
            where = "labs/%s/%s" % (name, where)
            if hint is None:
                failures.append("%s: the description does not end with a [chapter#anchor] hint"
                                % where)
                continue
            m = labmeta.HINT_WHOLE.match(hint)
            if not m:
                failures.append("%s: hint %r is not chapter#anchor" % (where, hint))
                continue
            target, anchor = m.groups()
            rel = page_file(site, target)
            if not rel:
                failures.append("%s: hint [%s]: the book has no page %r" % (where, hint, target))
            elif anchor not in page(rel).ids:
                failures.append("%s: hint [%s]: %s has no section with id %r" % (
                    where, hint, rel, anchor))

        rel = page_file(site, lab.chapter) if lab.chapter in chapters else None
        if not rel:
            failures.append("labs/%s: its chapter %r is not in the book, so its grading "
                            "table is not shown" % (name, lab.chapter))
            continue
        p = page(rel)
        if not p.tables:
            failures.append("%s: no grading table for labs/%s (is <!-- grading-table --> "
                            "in the lab section?)" % (rel, name))
            continue
        for t in lab.tests:
            if "%s/%s" % (t["suite"], t["name"]) not in p.table_text:
                failures.append("%s: grading table lacks test %s/%s" % (rel, t["suite"], t["name"]))

    for f in failures:
        print("check_site: %s" % f)
    print("check_site: %d pages, %d chapters, %d labs, %d hints checked; %s" % (
        len(html_files), len(chapters), len(labs), hints,
        "%d problems" % len(failures) if failures else "all good"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
