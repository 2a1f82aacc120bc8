"""labmeta.py - what the book needs to know about the labs.

Reads labs/NAME/lab.json (the lab contract, labs/README.md) and the official
tests labs/NAME/tests/*.c, so that the "how it is graded" table and the hint
check are derived from the same files the grader reads.  Used by hooks.py at
build time and by check_site.py after the build.
"""

import glob
import json
import os
import re
import subprocess
import tempfile

COURSE = ["syscalls", "files", "signals", "pipes", "sockets", "memory",
          "profiling", "tls"]

CHECKS = ["build", "behaviour", "coverage", "leaks", "races", "performance"]

HINT_AT_END = re.compile(r"\[([A-Za-z0-9_-]+)#([A-Za-z0-9_.:-]+)\]\s*$")
HINT_WHOLE = re.compile(r"^([A-Za-z0-9_-]+)#([A-Za-z0-9_.:-]+)$")


class LabError(Exception):
    """A lab's files do not follow the contract."""


def chapters(root):
    """Names of the chapters that exist under root/chapters, in course order."""
    return [c for c in COURSE
            if os.path.isfile(os.path.join(root, "chapters", c, "index.md"))]


def c_string(literals):
    """The value of adjacent C string literals ("a" "b" -> ab), simple escapes."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', literals, re.S)
    text = "".join(parts)
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def macro_args(src, start):
    """The text between the parenthesis at src[start] and its match."""
    depth, i, n = 0, start, len(src)
    while i < n:
        c = src[i]
        if c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            i = j
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return src[start + 1:i]
        i += 1
    raise LabError("unbalanced parentheses after GRADED(")


# Stands in for graded.h: GRADED() becomes a marker the parser finds after
# the preprocessor has expanded any wrapper macro a test file defines.
GRADED_STUB = "#define GRADED(suite, name, ...) BOOK_GRADED_MARK(suite, name, __VA_ARGS__)\n"
SYSTEM_INCLUDE = re.compile(r"^\s*#\s*include\s*<([^>]+)>", re.M)
MISSING_HEADER = re.compile(r"fatal error: ([^:\s]+): No such file or directory")


def preprocess(path, lab_dir):
    """The test file after the C preprocessor, GRADED() stubbed.

    System and library headers are replaced by empty files (created on
    demand), so this needs only cpp, not Criterion or the C library headers."""
    with tempfile.TemporaryDirectory(prefix="book-cpp-") as stubs:
        with open(os.path.join(stubs, "graded.h"), "w") as f:
            f.write(GRADED_STUB)
        # Stub the <headers> the lab's files name at once: one cpp run, not one per header.
        sources = glob.glob(os.path.join(lab_dir, "*.h")) + \
            glob.glob(os.path.join(lab_dir, "tests", "*.[ch]"))
        for source in sources:
            with open(source, encoding="utf-8", errors="replace") as f:
                for name in SYSTEM_INCLUDE.findall(f.read()):
                    stub = os.path.normpath(os.path.join(stubs, name))
                    if stub.startswith(stubs + os.sep) and not os.path.exists(stub):
                        os.makedirs(os.path.dirname(stub), exist_ok=True)
                        open(stub, "w").close()
        for _ in range(200):
            try:
                r = subprocess.run(["cpp", "-P", "-w", "-nostdinc", "-I", stubs, "-I", lab_dir,
                                    path], capture_output=True, text=True, timeout=30)
            except FileNotFoundError:
                raise LabError("cpp is not installed (Debian package cpp)")
            missing = MISSING_HEADER.search(r.stderr)
            if r.returncode == 0:
                return r.stdout
            if not missing:
                raise LabError("cpp %s: %s" % (path, r.stderr.strip()[:500]))
            stub = os.path.normpath(os.path.join(stubs, missing.group(1)))
            if not stub.startswith(stubs + os.sep) or os.path.exists(stub):
                raise LabError("cpp %s: %s" % (path, r.stderr.strip()[:500]))
            os.makedirs(os.path.dirname(stub), exist_ok=True)
            open(stub, "w").close()
    raise LabError("cpp %s: too many missing headers" % path)


def official_tests(lab_dir):
    """Every GRADED(suite, name, ...) test of a lab, in file order.

    Wrapper macros are expanded by the real preprocessor.  Returns a list of
    dicts: suite, name, file, description (as written, hint included), text
    (without the hint) and hint ("chapter#anchor" or None)."""
    tests = []
    for path in sorted(glob.glob(os.path.join(lab_dir, "tests", "*.c"))):
        src = preprocess(path, lab_dir)
        for m in re.finditer(r"\bBOOK_GRADED_MARK\s*\(\s*(\w+)\s*,\s*(\w+)\s*,", src):
            args = macro_args(src, src.index("(", m.start()))
            d = re.search(r'\.description\s*=\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', args, re.S)
            description = c_string(d.group(1)) if d else ""
            h = HINT_AT_END.search(description)
            tests.append({
                "suite": m.group(1), "name": m.group(2),
                "file": os.path.relpath(path, lab_dir),
                "description": description,
                "text": HINT_AT_END.sub("", description).strip(),
                "hint": "%s#%s" % h.groups() if h else None,
            })
    return tests


def json_hints(node, where="lab.json"):
    """Every "hint" value found anywhere in lab.json, with where it was found."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "hint" and isinstance(value, str):
                found.append((where, value))
            else:
                found.extend(json_hints(value, "%s/%s" % (where, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            label = value.get("name", i) if isinstance(value, dict) else i
            found.extend(json_hints(value, "%s[%s]" % (where, label)))
    return found


class Lab:
    """One lab: its metadata, its official tests and its points."""

    def __init__(self, root, name):
        self.name = name
        self.dir = os.path.join(root, "labs", name)
        path = os.path.join(self.dir, "lab.json")
        try:
            with open(path, encoding="utf-8") as f:
                self.meta = json.load(f)
        except (OSError, ValueError) as e:
            raise LabError("%s: %s" % (path, e))
        self.chapter = self.meta.get("chapter", name)
        self.tests = official_tests(self.dir)
        behaviour = self.meta.get("behaviour", {})
        self.default_points = behaviour.get("default_points", 1)
        self.weights = behaviour.get("weights", {})

    def test_points(self, test):
        return self.weights.get("%s/%s" % (test["suite"], test["name"]),
                                self.default_points)

    def points(self):
        """Points per check, in the grader's order; behaviour is the sum over tests."""
        pts = dict(self.meta.get("points", {}))
        pts["behaviour"] = sum(self.test_points(t) for t in self.tests)
        order = CHECKS + sorted(k for k in pts if k not in CHECKS)
        return [(k, pts[k]) for k in order if k in pts]

    def hints(self):
        """(where, hint) for every hint of the lab: test descriptions and lab.json."""
        out = []
        for t in self.tests:
            where = "%s: GRADED(%s, %s)" % (t["file"], t["suite"], t["name"])
            out.append((where, t["hint"]))
        out.extend(json_hints(self.meta))
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
