/* usable.c - how many bytes glibc's malloc() really gives for a request
 *
 * malloc_usable_size() (a GNU extension, hence _GNU_SOURCE) says how many
 * bytes of the block may be used: often more than was asked for, since the
 * chunk behind the block is the request plus an 8-byte size word, rounded
 * up to 16 bytes, and never less than 32.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	size_t sizes[] = {1, 24, 25, 100, 120, 1032};

	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		void *p = malloc(sizes[i]);
		if (!p) {
			perror("usable: malloc");
			return 1;
		}
		size_t usable = malloc_usable_size(p);
		printf("malloc(%4zu): %4zu usable bytes, a chunk of %4zu\n", sizes[i], usable,
		       usable + sizeof(size_t));
		free(p);
	}
	return 0;
}
