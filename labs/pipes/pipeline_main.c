/* pipeline_main.c - the command line of ./pipeline (given code)
 *
 *     ./pipeline 'cat words.txt' 'grep flower' 'wc -l'
 *
 * behaves like sh -c 'cat words.txt | grep flower | wc -l'.  This file only
 * parses the arguments and turns the result of pipeline_run() into the exit
 * status; the plumbing is in pipeline.c.
 */
#include "pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char *argv[])
{
	const char *why;
	size_t bad;

	if (argc < 2) {
		fprintf(stderr, "usage: pipeline 'COMMAND [< FILE]' ['COMMAND']... ['COMMAND [> FILE]']\n");
		return 2;
	}
	size_t n = argc - 1;
	struct command *cmds = pipeline_parse(n, argv + 1, &why, &bad);
	if (!cmds) {
		if (bad < n)
			fprintf(stderr, "pipeline: bad command '%s': %s\n", argv[1 + bad], why);
		else
			fprintf(stderr, "pipeline: %s\n", why);
		return 2;
	}
	int status = pipeline_run(cmds, n);
	int saved = errno;
	pipeline_free(cmds, n);
	if (status < 0) {
		fprintf(stderr, "pipeline: cannot start the pipeline: %s\n", strerror(saved));
		return 2;
	}
	return status;
}
