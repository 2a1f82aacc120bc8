/* tee_main.c - the command line of ./tee (given code)
 *
 *     ./tee [-a] [FILE]...
 *
 * copies standard input to standard output and to every FILE, like coreutils
 * tee.  This file only reads the options; the work is tee_run() in tee.c.
 * The exit status is tee_run()'s: 0 when every byte reached every output,
 * 1 when anything failed, and 1 for an unknown option (as coreutils does).
 */
#include "tee.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void usage(void)
{
	fputs("usage: tee [-a] [FILE]...\n", stderr);
}

int main(int argc, char *argv[])
{
	int append = 0;
	int i = 1;

	// Options come first; "--" ends them and "-" alone is a file name.
	for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-a") == 0 || strcmp(argv[i], "--append") == 0) {
			append = 1;
			continue;
		}
		fprintf(stderr, "tee: unknown option '%s'\n", argv[i]);
		usage();
		return 1;
	}
	return tee_run(STDIN_FILENO, STDOUT_FILENO, argv + i, argc - i, append);
}
