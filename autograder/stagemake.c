/* stagemake.c - grade stage-and-make: the build path of grading, alone
 *
 * Grading stages the lab and runs lab.mk before any check; this subcommand
 * does just that, through the same functions, so that the make tests can
 * prove what make rebuilds without grading anything.
 */
#define _GNU_SOURCE
#include "labmake.h"
#include "stage.h"
#include "stagemake.h"
#include "util.h"

#include <getopt.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

struct stagemake_options {
	char *lab, *impl, *out, *root;
	int jobs;
};

static void usage(void)
{
	fprintf(stderr, "usage: grade stage-and-make --lab NAME --impl DIR --out DIR "
		"[--root DIR] [--jobs N] [TARGET | VAR=VALUE]...\n");
	exit(2);
}

static struct stagemake_options parse(int argc, char **argv)
{
	struct stagemake_options o = {NULL, NULL, NULL, ".", 2};
	static const struct option longopts[] = {
		{"lab", required_argument, 0, 'l'}, {"impl", required_argument, 0, 'i'},
		{"out", required_argument, 0, 'o'}, {"root", required_argument, 0, 'r'},
		{"jobs", required_argument, 0, 'j'}, {0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "+l:i:o:r:j:", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': o.lab = optarg; break;
		case 'i': o.impl = optarg; break;
		case 'o': o.out = optarg; break;
		case 'r': o.root = optarg; break;
		case 'j': o.jobs = atoi(optarg); break;
		default: usage();
		}
	}
	if (!o.lab || !o.impl || !o.out)
		usage();
	return o;
}

/* Run argv with our stdout and stderr; its exit status, or 2. */
static int run(char **argv)
{
	pid_t pid;
	int status;
	int err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (err) {
		fprintf(stderr, "grade: cannot run '%s': %s\n", argv[0], strerror(err));
		return 2;
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return 2;
	return WEXITSTATUS(status);
}

/* make's arguments: the first TARGET replaces "all", the rest follow. */
static char **make_argv(const struct lab *lab, const char *root, const char *out,
			int jobs, char **extra)
{
	char *mk = xprintf("%s/autograder/lab.mk", root);
	char *common = xprintf("%s/labs/common", root);
	char *src = xprintf("%s/src", out);
	char *bin = xprintf("%s/bin", out);
	const char *target = NULL;
	for (char **e = extra; *e && !target; e++)
		if (!strchr(*e, '='))
			target = *e;
	char **argv = labmake_argv(lab, mk, src, out, bin, common, target, jobs);
	for (char **e = extra; *e; e++)
		if (*e != target)
			strv_push(&argv, *e);
	free(mk);
	free(common);
	free(src);
	free(bin);
	return argv;
}

int stagemake_main(int argc, char **argv)
{
	struct stagemake_options o = parse(argc, argv);
	char *root = absolute(o.root);
	char *why = NULL;
	struct lab *lab = lab_load(root, o.lab, &why);
	if (!lab)
		fatal("%s", why);
	if (make_dirs(o.out, 0755) < 0)
		fatal("cannot create '%s'", o.out);
	char *out = absolute(o.out);
	char *impl = absolute(o.impl);
	char *src = xprintf("%s/src", out);
	char *bin = xprintf("%s/bin", out);
	if (stage_lab(lab, impl, src, &why) < 0)
		fatal("%s", why);
	if (labmake_forget_links(lab, out, bin) < 0)
		fatal("cannot remove the last links under '%s'", out);
	char **margv = make_argv(lab, root, out, o.jobs, argv + optind);
	int rc = run(margv);
	strv_free(margv);
	free(src);
	free(bin);
	free(impl);
	free(out);
	free(root);
	return rc;
}
