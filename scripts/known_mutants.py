# known_mutants.py - read a lab's solutions/LAB/equivalent-mutants file.
#
# The file names mutants of the sweep (scripts/mutate-gen) by their id, which
# holds no line number, so that it stays true while the code around moves:
#
#   Sample-seed: 14          which mutants make test grades (scripts/test-mutants)
#   Sample-size: 10
#
#   Equivalent: pipeline.c wait_all const `0` => `1`
#   Why: the reason no test can observe it, for a reviewer to check
#
#   Survives: pipeline.c ... (a mutant the suite does not kill yet)
#   Why: what a test would have to do to kill it
#
# Lines starting with # are comments.  Sweeps count Equivalent: mutants
# apart from the kill rate; Survives: mutants stay in it, as survivors, but
# make test does not draw them into its sample.
import os


def load(root, lab):
    """Returns (settings, equivalent, survives): the Sample- lines as a dict,
    and two dicts from mutant id to its reason.  A lab without the file has
    none of them."""
    settings, known = {}, {"Equivalent": {}, "Survives": {}}
    path = os.path.join(root, "solutions", lab, "equivalent-mutants")
    if not os.path.exists(path):
        return settings, {}, {}
    kind = ident = None
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, _, value = line.partition(": ")
            if key in known:
                kind, ident = key, value.strip()
                known[kind][ident] = ""
            elif key == "Why" and ident is not None:
                known[kind][ident] = value.strip()
                ident = None
            elif key.startswith("Sample-"):
                settings[key] = value.strip()
            else:
                raise SystemExit("%s:%d: cannot read '%s'" % (path, number, line))
    for kind in known:
        for ident, why in known[kind].items():
            if not why:
                raise SystemExit("%s: '%s' has no Why: line" % (path, ident))
    return settings, known["Equivalent"], known["Survives"]
