/* mwc_main.c - the command line of ./mwc (given code)
 *
 *     ./mwc FILE...
 *
 * prints "LINES WORDS BYTES FILE" for each file, and "LINES WORDS BYTES
 * total" after them when there are two or more: the fields of `wc FILE...`,
 * single-spaced.  The counting is yours, in mapcount.c.
 *
 * Exit status: 0 every file counted; 1 some could not be ("mwc: cannot count
 * 'FILE': reason" on stderr, and the others are still counted); 2 bad usage.
 */
#include "mapcount.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char *argv[])
{
	struct counts total = {0, 0, 0};
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: mwc FILE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct counts c;
		if (mapcount(argv[i], &c) < 0) {
			int err = errno;
			fflush(stdout);
			fprintf(stderr, "mwc: cannot count '%s': %s\n", argv[i], strerror(err));
			rc = 1;
			continue;
		}
		printf("%lld %lld %lld %s\n", c.lines, c.words, c.bytes, argv[i]);
		total.lines += c.lines;
		total.words += c.words;
		total.bytes += c.bytes;
	}
	if (argc > 2)
		printf("%lld %lld %lld total\n", total.lines, total.words, total.bytes);
	return fflush(stdout) == 0 ? rc : 1;
}
