"""labmeta.py - what the book needs to know about the labs.

Asks the grader: `build/grader/grade describe --lab NAME` prints a lab's
contract (lab.json and its official tests, read by the grader's own reader),
so the "how it is graded" table and the hint check are derived from what the
grader itself reads.  Used by hooks.py at build time and by check_site.py
after the build.  The grader is built first (`make grader`) when it is missing.
"""

import glob
import json
import os
import re
import subprocess

COURSE = ["syscalls", "files", "signals", "pipes", "sockets", "memory",
          "profiling", "tls"]

HINT_WHOLE = re.compile(r"^([A-Za-z0-9_-]+)#([A-Za-z0-9_.:-]+)$")

# The repository this script belongs to, whose grader describes the labs
# (of any tree: the self-test describes a fixture tree).
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GRADER = os.path.join(REPO, "build", "grader", "grade")


class LabError(Exception):
    """A lab's files do not follow the contract."""


def chapters(root):
    """Names of the chapters that exist under root/chapters, in course order."""
    return [c for c in COURSE
            if os.path.isfile(os.path.join(root, "chapters", c, "index.md"))]


def grader():
    """The grader's path, built with `make grader` when it is missing."""
    if not os.access(GRADER, os.X_OK):
        r = subprocess.run(["make", "-C", REPO, "--no-print-directory", "grader"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0 or not os.access(GRADER, os.X_OK):
            raise LabError("cannot build the grader (make grader): %s" % r.stdout.strip()[-500:])
    return GRADER


def describe(root, name):
    """The lab's contract, as `grade describe` prints it (a dict)."""
    try:
        r = subprocess.run([grader(), "describe", "--root", root, "--lab", name],
                           capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise LabError("grade describe --lab %s: %s" % (name, e))
    if r.returncode != 0:
        raise LabError(r.stderr.strip().replace("grade: ", "", 1) or
                       "grade describe --lab %s: exit status %d" % (name, r.returncode))
    try:
        return json.loads(r.stdout)
    except ValueError as e:
        raise LabError("grade describe --lab %s: not JSON: %s" % (name, e))


class Lab:
    """One lab: its metadata, its official tests and its points."""

    def __init__(self, root, name):
        self.name = name
        self.dir = os.path.join(root, "labs", name)
        self.meta = describe(root, name)
        self.chapter = self.meta["chapter"]
        # dicts: suite, name, id, file, points, description (as written, hint
        # included), text (without the hint) and hint ("chapter#anchor" or None)
        self.tests = self.meta["tests"]
        # dicts: check, name, program, args, same_as_sh, hint, requires
        self.scenarios = self.meta["scenarios"]

    def test_points(self, test):
        return test["points"]

    def points(self):
        """Points per check, in the grader's order; behaviour is the sum over tests."""
        return list(self.meta["points"].items())

    def hints(self):
        """(where, hint) for every hint of the lab: test descriptions and scenarios."""
        out = []
        for t in self.tests:
            where = "%s: GRADED(%s, %s)" % (t["file"], t["suite"], t["name"])
            out.append((where, t["hint"]))
        for s in self.scenarios:
            if s["hint"] is not None:
                out.append(("lab.json: %s[%s]" % (s["check"], s["name"]), s["hint"]))
        return out


def labs(root):
    """Every lab under root/labs that has a lab.json, by name."""
    found = {}
    for path in sorted(glob.glob(os.path.join(root, "labs", "*", "lab.json"))):
        name = os.path.basename(os.path.dirname(path))
        found[name] = Lab(root, name)
    return found


def lab_for_chapter(all_labs, chapter):
    """The lab whose metadata names this chapter, or None."""
    for lab in all_labs.values():
        if lab.chapter == chapter:
            return lab
    return None
