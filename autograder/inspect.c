/* inspect.c - what compiled student code may not contain
 *
 * Student code is linked into the official test runner and into the
 * scenario programs, whose main and test bodies the grader trusts.  The test
 * process never calls student code itself (labs/README.md, "Threat model"),
 * so that trust holds only if student code cannot run without being called:
 *  - no code before or after main: constructors and destructors
 *    (.init_array, .fini_array, .ctors, ...) and ifunc resolvers, which the
 *    dynamic loader runs at start-up;
 *  - no global symbol that replaces one of the C library, Criterion, cJSON
 *    or a library they load (a student write(), criterion_send_assert() or
 *    nn_socket() would run inside the trusted processes), nor main, nor the
 *    harness's own names.
 * binutils (readelf, nm) reads the objects; ldd lists the libraries.
 */
#define _GNU_SOURCE
#include "build.h"
#include "jobs.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INSPECT_SECONDS 60

/* Prints one line per problem; prints nothing for clean objects.  The
 * protected names are every dynamic symbol of the libraries the runner
 * loads: libc, Criterion and cJSON and everything they need (nanomsg,
 * libgit2, ld.so...), since a student definition would replace the one each
 * of them calls.  Sections are refused by type as well as by name, symbols
 * by type whether global or local. */
static const char script[] =
	"set -u\n"
	"protected=$(mktemp)\n"
	"trap 'rm -f \"$protected\"' EXIT\n"
	"for l in libc.so.6 libcriterion.so libcjson.so; do\n"
	"  p=$(gcc -print-file-name=$l)\n"
	"  [ -e \"$p\" ] || continue\n"
	"  echo \"$p\"\n"
	"  ldd \"$p\" | awk '$2 == \"=>\" && $3 ~ /^\\// { print $3 } $1 ~ /^\\// { print $1 }'\n"
	"done | sort -u | while read -r lib; do nm -D --defined-only \"$lib\"; done |\n"
	"  awk 'NF == 3 { sub(/@.*/, \"\", $3); print $3 }' | sort -u >\"$protected\"\n"
	"printf '%s\\n' main >>\"$protected\"\n"
	"for o in \"$@\"; do\n"
	"  f=${o##*/}; f=${f%.o}\n"
	"  readelf -SW \"$o\" | sed -n 's/^ *\\[ *[0-9]*\\] //p' | awk '\n"
	"    $1 ~ /^\\.(init_array|fini_array|preinit_array|ctors|dtors|init|fini)([.].*)?$/ ||\n"
	"    $2 ~ /^(INIT_ARRAY|FINI_ARRAY|PREINIT_ARRAY)$/ { print $1 }' |\n"
	"    sort -u | while read -r s; do\n"
	"      echo \"$f: has a $s section: code that runs before main or after it\"\\\n"
	"           \"(__attribute__((constructor)) or destructor); call your code from where it is needed\"\n"
	"    done\n"
	"  readelf -sW \"$o\" | awk '$4 == \"IFUNC\" { print $8 }' | sort -u | while read -r s; do\n"
	"    echo \"$f: $s is an ifunc, whose resolver runs before main; make it a plain function\"\n"
	"  done\n"
	"  nm -g --defined-only \"$o\" | awk 'NF == 3 { sub(/@.*/, \"\", $3); print $3 }' | while read -r s; do\n"
	"    case $s in graded_*|scenario_*|criterion_*|cr_*|__gcov_*)\n"
	"      echo \"$f: defines $s, a name of the test harness; rename it or make it static\"; continue;;\n"
	"    esac\n"
	"    if grep -qxF \"$s\" \"$protected\"; then\n"
	"      echo \"$f: defines $s(), which replaces the one of the C library (or of a library\"\\\n"
	"           \"the tests load) for the whole program; rename it or make it static\"\n"
	"    fi\n"
	"  done\n"
	"done\n";

char *inspect_objects(struct grade *g, char **objects, const char *log)
{
	char **argv = strv_new("/bin/sh", "-c", script, "inspect", NULL);
	for (char **o = objects; *o; o++)
		strv_push(&argv, *o);
	struct job *j = jobs_tool(g, argv, log, INSPECT_SECONDS);
	sandbox_run_one(j);
	char *text = read_file(log, NULL, 64 * 1024);
	char *r = NULL;
	if (j->end != JOB_EXITED || j->exit_code != 0)
		r = xprintf("the grader could not inspect your compiled code (nm and readelf, "
			    "from binutils): %s", text && text[0] ? text : "no output");
	else if (text && text[0])
		r = xstrdup(text);
	free(text);
	jobs_free(j);
	return r;
}
