"""hooks.py - mkdocs hooks that turn chapters/ and labs/ into the book.

- on_config: the navigation lists the book's own pages and every chapter that
  exists, in course order; snippets are read relative to the repository root.
- on_files: chapters/NAME/index.md (and its images and examples) join the site
  as NAME/..., read in place, never copied; each figure drawn from source,
  chapters/NAME/figures/X.dot, is drawn by graphviz's dot into NAME/figures/X.svg.
- on_page_markdown: a chapter's <!-- grading-table --> becomes the "how it is
  graded" tables, generated from what the grader reads of the lab's lab.json
  and official tests (`grade describe`, through scripts/labmeta.py).

The repository root is the parent of book/, or $BOOK_ROOT (the self-test
builds a fixture tree that way).  Anything wrong is logged as a warning, and
the strict build turns every warning into a failure.
"""

import logging
import os
import re
import subprocess
import sys

from mkdocs.structure.files import File

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "scripts"))
import gradingtable  # noqa: E402
import labmeta  # noqa: E402

log = logging.getLogger("mkdocs.hooks.book")

PLACEHOLDER = "<!-- grading-table -->"
# Files of a chapter directory that are published next to its page.
STATIC = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".c", ".h", ".txt", ".sh")
OWN_PAGES = ["index.md", "getting-started.md", "grading.md"]
APPENDIX = ["tools.md"]

state = {}


def on_config(config, **kwargs):
    book = os.path.dirname(os.path.abspath(config["config_file_path"]))
    root = os.path.abspath(os.environ.get("BOOK_ROOT") or os.path.join(book, ".."))
    state["root"] = root
    state["chapters"] = labmeta.chapters(root)
    try:
        state["labs"] = labmeta.labs(root)
    except labmeta.LabError as e:
        log.warning("cannot read a lab: %s", e)
        state["labs"] = {}
    if not state["chapters"]:
        log.info("no chapter found under %s/chapters yet", root)

    config["mdx_configs"].setdefault("pymdownx.snippets", {})["base_path"] = [root]
    if os.environ.get("BOOK_SITE_URL"):
        config["site_url"] = os.environ["BOOK_SITE_URL"]
    nav = [{"Home": "index.md"}, {"Getting started": "getting-started.md"},
           {"How grading works": "grading.md"}]
    if state["chapters"]:
        nav.append({"Chapters": ["%s/index.md" % c for c in state["chapters"]]})
    nav.append({"Appendix": [{"Tools": "tools.md"}]})
    config["nav"] = nav
    return config


def draw_figures(chapter, out_root):
    """Draw chapters/CHAPTER/figures/*.dot as SVG under out_root/CHAPTER/figures/.

    Returns the drawn files' paths relative to out_root.  A figure that dot
    cannot draw is a warning, which the strict build makes a failure."""
    src = os.path.join(state["root"], "chapters", chapter, "figures")
    drawn = []
    if not os.path.isdir(src):
        return drawn
    out = os.path.join(out_root, chapter, "figures")
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(src)):
        if not name.endswith(".dot"):
            continue
        svg = os.path.join(out, name[:-4] + ".svg")
        try:
            r = subprocess.run(["dot", "-Tsvg", "-o", svg, os.path.join(src, name)],
                               capture_output=True, text=True, timeout=60)
        except FileNotFoundError:
            log.warning("cannot draw %s/figures/%s: dot is not installed (Debian package "
                        "graphviz)", chapter, name)
            continue
        if r.returncode != 0:
            log.warning("dot cannot draw %s/figures/%s: %s", chapter, name, r.stderr.strip())
            continue
        drawn.append(os.path.relpath(svg, out_root))
    return drawn


def on_files(files, config, **kwargs):
    src_dir = os.path.join(state["root"], "chapters")
    figures = os.path.join(os.path.dirname(os.path.abspath(config["site_dir"])), "figures")
    for chapter in state["chapters"]:
        for rel in draw_figures(chapter, figures):
            files.append(File(rel, figures, config["site_dir"], config["use_directory_urls"]))
    for chapter in state["chapters"]:
        top = os.path.join(src_dir, chapter)
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for name in sorted(filenames):
                rel = os.path.relpath(os.path.join(dirpath, name), src_dir)
                if rel == os.path.join(chapter, "index.md") or name.endswith(STATIC):
                    files.append(File(rel, src_dir, config["site_dir"],
                                      config["use_directory_urls"]))
    return files


def link(hint, chapter):
    """A Markdown link from a chapter page to the section a hint names."""
    if not hint:
        return "(no hint)"
    target, _, anchor = hint.partition("#")
    if target in state["chapters"]:
        path = "index.md" if target == chapter else "../%s/index.md" % target
    elif "%s.md" % target in OWN_PAGES + APPENDIX:
        path = "../%s.md" % target
    else:
        log.warning("chapter %s: hint [%s] names no page of the book", chapter, hint)
        return "`%s`" % hint
    return "[%s](%s#%s)" % (hint, path, anchor)


def chapter_of(page):
    parts = page.file.src_path.replace(os.sep, "/").split("/")
    if len(parts) == 2 and parts[1] == "index.md" and parts[0] in state["chapters"]:
        return parts[0]
    return None


ATTR_LIST = re.compile(r"\s*\{\s*[:#.][^}]*\}\s*$")


def on_page_markdown(markdown, page, config, files, **kwargs):
    # mkdocs 1.4 takes the title from the raw "# Pipes {#pipes}" line: drop
    # the attribute list, as the rendered heading does.
    if page.title:
        page.title = ATTR_LIST.sub("", page.title)
    chapter = chapter_of(page)
    if not chapter:
        return markdown
    lab = labmeta.lab_for_chapter(state["labs"], chapter)
    has_placeholder = PLACEHOLDER in markdown
    if lab and not has_placeholder:
        log.warning("chapter %s: labs/%s/lab.json exists but the page has no %s line",
                    chapter, lab.name, PLACEHOLDER)
    elif has_placeholder and not lab:
        log.warning("chapter %s: %s but no lab.json names this chapter", chapter, PLACEHOLDER)
    if lab and has_placeholder:
        markdown = markdown.replace(PLACEHOLDER, gradingtable.tables(lab, chapter, link))
    return markdown
