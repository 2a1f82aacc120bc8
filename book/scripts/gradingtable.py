"""gradingtable.py - a chapter's "how it is graded" tables, as Markdown.

Made from what the grader reads of the lab (labmeta.Lab), so the book and the
grader cannot disagree.  Used by hooks.py when the book is built, and by
offline_chapter.py for the copy of a chapter that a handout carries; each
passes its own way of linking a hint ("pipes#closing-unused-ends") to the
section it names.
"""


def cell(text):
    return " ".join(str(text).split()).replace("|", "\\|")


def check_text(lab, check):
    meta = lab.meta
    files = ", ".join("`%s`" % f for f in meta["student_files"])
    scenarios = [s for s in lab.scenarios if s["check"] == check]
    if check == "build":
        flags = " ".join(["-std=gnu11", "-Wall", "-Wextra"] + meta["cflags"])
        return "your files compile with `gcc %s`; warnings are shown" % flags
    if check == "behaviour":
        return "each of the %d official tests below runs to its end with every " \
               "assertion holding" % len(lab.tests)
    if check == "coverage":
        return "your own tests in `%s` run %s%% or more of the lines of %s" % (
            meta["student_tests"], meta["coverage_threshold"], files)
    if check == "leaks":
        return "%d scenario(s) below run under Valgrind memcheck with no error, " \
               "no lost block and no descriptor left open but 0, 1 and 2" % len(scenarios)
    if check == "races":
        tool = meta["race_tool"]
        if tool == "repeat":
            return "%d scenario(s) below each run %s times; every run must exit 0" % (
                len(scenarios), meta["race_repeats"])
        return "%d scenario(s) below run under Valgrind %s with no error reported" % (
            len(scenarios), {"helgrind": "Helgrind", "drd": "DRD"}.get(tool, tool))
    if check == "faults":
        return "%d scenario(s) below run under strace, which makes chosen system calls " \
               "fail or kills the program at them; each time the program keeps its " \
               "promise (status, message, files, descriptors)" % len(scenarios)
    if check == "performance":
        return "the work stays under the lab's instruction budget, counted by Valgrind callgrind"
    return "see `labs/%s/lab.json`" % lab.name


def tables(lab, chapter, link):
    """The tables that replace a chapter's <!-- grading-table --> line.

    link(hint, chapter) turns a hint into a Markdown link (or text)."""
    out = ['<div class="grading-table" markdown="1">', "",
           "| check | points | passes when |", "|---|---:|---|"]
    total = 0
    for check, points in lab.points():
        total += points
        out.append("| %s | %s | %s |" % (check, points, cell(check_text(lab, check))))
    out.append("| **total** | **%s** | |" % total)
    out += ["", "The points of every check but behaviour are scaled by the share of "
            "behaviour points you earned: a program that does nothing earns none of them.",
            "", "**Official tests** (`labs/%s/tests/`):" % lab.name, "",
            "| test: what it checks | points | read |", "|---|---:|---|"]
    for t in lab.tests:
        out.append("| <code>%s/<wbr>%s</code>: %s | %s | %s |" % (
            t["suite"], t["name"], cell(t["text"]), lab.test_points(t),
            link(t["hint"], chapter)))
    scenarios = [(s["check"], s) for s in lab.scenarios]
    if scenarios:
        out += ["", "**Scenarios** (from `labs/%s/lab.json`):" % lab.name, "",
                "| check | scenario | command | read |", "|---|---|---|---|"]
        for check, s in scenarios:
            argv = [s.get("program", "?")] + ["'%s'" % a if " " in a else a
                                              for a in s.get("args", [])]
            out.append("| %s | %s | `%s` | %s |" % (
                check, cell(s.get("name", "")), cell(" ".join(argv)),
                link(s.get("hint"), chapter)))
    out += ["", "</div>", ""]
    return "\n".join(out)
