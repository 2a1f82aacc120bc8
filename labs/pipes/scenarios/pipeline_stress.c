/* pipeline_stress.c - pipeline_run() again and again in one process
 *
 *     pipeline_stress [ROUNDS]
 *
 * Runs two pipelines ROUNDS times (default 6) through pipeline_run() in
 * this process: eight commands moving 5000 lines, and `yes | head -n 1`,
 * where the writer dies of SIGPIPE.  After each run it checks the status,
 * the output file, that no child is left unreaped (waitpid(-1) must say
 * ECHILD) and that this process has exactly the descriptors it had before.
 * Exits 0 when every check held; otherwise says which failed and exits 1.
 *
 * It runs under the observer of scenario.h: the worker counts the runs of
 * pipeline_run() that returned, the outputs that were right, the children
 * found reaped (every command of a run, once waitpid(-1) says ECHILD) and the
 * failed checks.  Each run's output file is kept under a name of its own,
 * and the observer reads them all again itself (verified); it prints
 * "scenario complete" only when both accounts are the ones expected for
 * ROUNDS.
 */
#include "pipeline.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "scenario.h"

#define OUT "pipeline_stress.out"

/* The first line of OUT without its newline, or "" (static buffer). */
static const char *output(void)
{
	static char line[256];
	FILE *f = fopen(OUT, "r");

	line[0] = '\0';
	if (f) {
		if (!fgets(line, sizeof line, f))
			line[0] = '\0';
		line[strcspn(line, "\n")] = '\0';
		fclose(f);
	}
	return line;
}

/* Where the output of the run of n commands in round r is kept. */
static void kept_name(char *name, size_t cap, int round, size_t n)
{
	snprintf(name, cap, OUT ".%d.%zu", round, n);
}

/* Run texts once, check everything and count it in *a.  Returns 0 or 1. */
static int round_once(size_t n, char *texts[], const char *want, int round,
		      struct scenario_account *a)
{
	const char *why;
	size_t bad;
	int fds = scenario_open_descriptors(), problems = 0;
	struct command *cmds = pipeline_parse(n, texts, &why, &bad);

	if (!cmds) {
		fprintf(stderr, "pipeline_stress: cannot parse: %s\n", why);
		return 1;
	}
	remove(OUT);
	int status = pipeline_run(cmds, n);
	a->rounds++;
	pipeline_free(cmds, n);
	if (status != 0) {
		fprintf(stderr, "pipeline_stress: round %d, %s | ...: status %d, expected 0\n",
			round, texts[0], status);
		problems++;
	}
	if (strcmp(output(), want) != 0) {
		fprintf(stderr, "pipeline_stress: round %d, %s | ...: output \"%s\", expected \"%s\"\n",
			round, texts[0], output(), want);
		problems++;
	} else {
		a->records++;
	}
	char kept[64];
	kept_name(kept, sizeof kept, round, n);
	rename(OUT, kept);
	pid_t left = waitpid(-1, NULL, WNOHANG);
	if (left != -1 || errno != ECHILD) {
		fprintf(stderr, "pipeline_stress: round %d: a child is left unreaped (%s)\n", round,
			left == 0 ? "still running" : "a zombie");
		problems++;
	} else {
		a->reaped += (long)n;
	}
	if (scenario_open_descriptors() != fds) {
		fprintf(stderr, "pipeline_stress: round %d: %d descriptors open, %d before\n",
			round, scenario_open_descriptors(), fds);
		problems++;
	}
	return problems > 0;
}

#define CHAIN 8                /* commands of the long pipeline */
#define EARLY 2                /* commands of yes | head */

static int rounds_wanted(int argc, char *argv[])
{
	return argc > 1 ? atoi(argv[1]) : 6;
}

static int scenario_run(int argc, char *argv[], struct scenario_account *a)
{
	char *chain[CHAIN] = {"seq 1 5000", "cat", "cat", "cat", "cat", "cat", "cat",
			      "wc -l > " OUT};
	// yes ends after head on every run (scenarios/order.c), so the status
	// does not depend on which child the scheduler ends last.
	char yes[512];
	snprintf(yes, sizeof yes, "%s/order last yes", getenv("LAB_BIN") ? getenv("LAB_BIN") : ".");
	char *early[EARLY] = {yes, "head -n 1 > " OUT};
	int rounds = rounds_wanted(argc, argv), failed = 0;

	for (int r = 1; r <= rounds && !failed; r++) {
		failed += round_once(CHAIN, chain, "5000", r, a);
		failed += round_once(EARLY, early, "y", r, a);
	}
	remove(OUT);
	a->failures = failed;
	return failed ? 1 : 0;
}

/* The observer, once the worker has ended: every output kept, read again. */
static void scenario_verify(int argc, char *argv[], struct scenario_link *l,
			    struct scenario_account *seen)
{
	int rounds = rounds_wanted(argc, argv);
	char kept[64];

	scenario_end(l);
	for (int r = 1; r <= rounds; r++) {
		kept_name(kept, sizeof kept, r, CHAIN);
		seen->verified += scenario_file_holds(l, kept, "5000\n", 5);
		kept_name(kept, sizeof kept, r, EARLY);
		seen->verified += scenario_file_holds(l, kept, "y\n", 2);
	}
}

/* Two runs a round, each with the right output and all its children reaped. */
static void scenario_expect(int argc, char *argv[], struct scenario_account *a)
{
	int rounds = rounds_wanted(argc, argv);

	if (rounds < 0)
		rounds = 0;
	a->rounds = 2L * rounds;
	a->records = 2L * rounds;
	a->reaped = (long)(CHAIN + EARLY) * rounds;
	a->verified = 2L * rounds;
}

SCENARIO_MAIN
