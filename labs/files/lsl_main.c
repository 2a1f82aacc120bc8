/* lsl_main.c - the command line of ./lsl (given code)
 *
 *     ./lsl [DIR]
 *
 * prints one line per entry of DIR (default "."), as listing.h describes:
 * the columns of `LC_ALL=C ls -goAb --time-style=+ DIR`, single-spaced,
 * without the "total" line.  The listing itself is yours, in listing.c.
 *
 * Exit status: 0 listed; 1 "lsl: cannot list 'DIR': reason" on stderr;
 * 2 bad usage.
 */
#include "listing.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char *argv[])
{
	if (argc > 2) {
		fprintf(stderr, "usage: lsl [DIR]\n");
		return 2;
	}
	const char *dir = argc == 2 ? argv[1] : ".";
	if (listing_print(dir, stdout) < 0) {
		int err = errno;
		fflush(stdout);
		fprintf(stderr, "lsl: cannot list '%s': %s\n", dir, strerror(err));
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
