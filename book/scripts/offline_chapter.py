#!/usr/bin/python3
"""offline_chapter.py - a chapter that reads complete without the book build.

usage: offline_chapter.py ROOT CHAPTER OUT.md [BOOK_URL]

The chapter's source (chapters/CHAPTER/index.md) leaves two things to the
book's build: each `--8<-- "path"` line, which the snippets extension replaces
with that file, and the `<!-- grading-table -->` line, which hooks.py replaces
with the lab's tables.  A handout's copy is read in an editor or on GitHub, so
this writes both in: the files' text, and the same tables the book shows
(gradingtable.py).  A hint into this chapter links to its own heading; a hint
into another page links to the book at BOOK_URL, or names the page when there
is no URL; so does a link into another chapter ("../syscalls/index.md#x"),
which a handout of one lab does not hold.  Exits 1 with the reason when an
included file is missing.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gradingtable  # noqa: E402
import labmeta  # noqa: E402

SNIPPET = re.compile(r'^(\s*)--8<-- "([^"]+)"\s*$')
PLACEHOLDER = "<!-- grading-table -->"
CHAPTER_LINK = re.compile(r"\[([^\]]+)\]\(\.\./([a-z0-9-]+)/index\.md(#[^)]*)?\)")


def expand(root, text):
    out = []
    for line in text.split("\n"):
        m = SNIPPET.match(line)
        if not m:
            out.append(line)
            continue
        path = os.path.join(root, m.group(2))
        try:
            with open(path) as f:
                body = f.read()
        except OSError as e:
            sys.exit("offline_chapter: %s: %s" % (m.group(2), e.strerror))
        out += [m.group(1) + l if l else l for l in body.rstrip("\n").split("\n")]
    return "\n".join(out)


def linker(book_url):
    def link(hint, chapter):
        if not hint:
            return "(no hint)"
        target, _, anchor = hint.partition("#")
        if target == chapter:
            return "[%s](#%s)" % (hint, anchor)
        if book_url:
            page = "%s/index.html" % target if target in labmeta.COURSE else "%s.html" % target
            return "[%s](%s/%s#%s)" % (hint, book_url, page, anchor)
        return "`%s` (in the book)" % hint
    return link


def other_chapters(text, book_url):
    """Links into another chapter, pointed at the book (or left as text)."""
    def repl(m):
        words, chapter, anchor = m.group(1), m.group(2), m.group(3) or ""
        if book_url:
            return "[%s](%s/%s/index.html%s)" % (words, book_url, chapter, anchor)
        return "%s (in the book's %s chapter)" % (words, chapter)
    return CHAPTER_LINK.sub(repl, text)


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__.split("\n\n")[1])
    root, chapter, out = sys.argv[1:4]
    book_url = sys.argv[4].rstrip("/") if len(sys.argv) == 5 else ""
    with open(os.path.join(root, "chapters", chapter, "index.md")) as f:
        text = other_chapters(expand(root, f.read()), book_url)
    if PLACEHOLDER in text:
        lab = labmeta.lab_for_chapter(labmeta.labs(root), chapter)
        if lab:
            text = text.replace(PLACEHOLDER, gradingtable.tables(lab, chapter, linker(book_url)))
    with open(out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
