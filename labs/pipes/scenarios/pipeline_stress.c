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

/* Run texts once and check everything.  Returns 0 or 1. */
static int round_once(size_t n, char *texts[], const char *want, int round)
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
	}
	if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD) {
		fprintf(stderr, "pipeline_stress: round %d: a child is left unreaped\n", round);
		problems++;
	}
	if (scenario_open_descriptors() != fds) {
		fprintf(stderr, "pipeline_stress: round %d: %d descriptors open, %d before\n",
			round, scenario_open_descriptors(), fds);
		problems++;
	}
	return problems > 0;
}

int main(int argc, char *argv[])
{
	char *chain[] = {"seq 1 5000", "cat", "cat", "cat", "cat", "cat", "cat",
			 "wc -l > " OUT};
	char *early[] = {"yes", "head -n 1 > " OUT};
	int rounds = argc > 1 ? atoi(argv[1]) : 6, failed = 0;

	for (int r = 1; r <= rounds && !failed; r++) {
		failed += round_once(8, chain, "5000", r);
		failed += round_once(2, early, "y", r);
	}
	remove(OUT);
	return failed ? 1 : 0;
}
