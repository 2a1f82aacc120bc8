/* readlink_len.c - readlink() returns a length, writes no NUL, and cuts a
 * text that does not fit without saying so
 *
 * Makes two links in the current directory (run it in an empty one), reads
 * them into an 8-byte buffer to show both traps, then reads them whole
 * with link_text(), the idiom to copy.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Returns the text of the symbolic link path as a C string the caller
 * frees, or NULL with errno set.  A result that fills the buffer may have
 * been cut, so the buffer doubles until the text leaves room for the NUL. */
static char *link_text(const char *path)
{
	size_t size = 8;
	char *buf = NULL;

	for (;;) {
		char *bigger = realloc(buf, size);
		if (bigger == NULL)
			break;
		buf = bigger;
		ssize_t n = readlink(path, buf, size - 1);
		if (n < 0)
			break;
		if ((size_t)n < size - 1) {
			buf[n] = '\0';     /* the terminator is the caller's job */
			return buf;
		}
		size *= 2;
	}
	int err = errno;
	free(buf);
	errno = err;
	return NULL;
}

/* Prints what link_text() makes of path. */
static void show(const char *path)
{
	char *text = link_text(path);

	if (text == NULL)
		printf("link_text(%s): fails, %s\n", path, errno == ENOENT ? "ENOENT" : strerror(errno));
	else
		printf("link_text(%s) = \"%s\" (%zu bytes)\n", path, text, strlen(text));
	free(text);
}

int main(void)
{
	char buf[8];

	if (symlink("a/long/target/name", "long") < 0 || symlink("tiny", "short") < 0) {
		perror("readlink_len: symlink");
		return 1;
	}
	memset(buf, '#', sizeof buf);
	ssize_t n = readlink("long", buf, sizeof buf);
	if (n < 0) {
		perror("readlink_len: readlink");
		return 1;
	}
	printf("readlink(long, buf, 8) = %zd: \"%.*s\", cut, no error\n", n, (int)n, buf);
	n = readlink("short", buf, sizeof buf);
	if (n < 0) {
		perror("readlink_len: readlink");
		return 1;
	}
	printf("readlink(short, buf, 8) = %zd: all 8 bytes of buf are \"%.8s\"\n", n, buf);
	show("long");
	show("short");
	show("missing");
	return 0;
}
