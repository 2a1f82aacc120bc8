/* mapcount.h - count lines, words and bytes of a file, as wc does, through mmap
 *
 * mmap() makes the file's bytes part of the process's memory: no read()
 * calls, no buffer.  It has three edges a counter must handle: a file of
 * length 0 cannot be mapped (mmap fails with EINVAL), only regular files
 * have a fixed length to map, and a file that shrinks after it was mapped
 * makes every access beyond its new end raise SIGBUS.  You write
 * mapcount() in mapcount.c.
 */
#ifndef MAPCOUNT_H
#define MAPCOUNT_H

/* What wc prints for one file. */
struct counts {
	long long lines;       /* '\n' bytes */
	long long words;       /* words, as wc counts them in the C locale */
	long long bytes;       /* the file's length */
};

/* Count the lines, words and bytes of the file at path into *c.
 *
 * A word, as coreutils wc 9.1 counts it in the C locale, starts at a
 * printable byte that is not a space ('!'..'~') and ends at a whitespace
 * byte (' ', '\t', '\n', '\v', '\f', '\r'); every other byte (a NUL, a
 * byte above '~') neither starts nor ends one.
 *
 * Returns 0 on success (an empty file counts 0 0 0).  Returns -1 with errno
 * set: the error of open(), fstat() or mmap(); EISDIR for a directory;
 * EINVAL for any other file that is not a regular file (a FIFO, a device);
 * EIO when the file shrank while it was counted (SIGBUS).  Opening a FIFO
 * must not wait for a writer (O_NONBLOCK).  Nothing stays mapped or open,
 * and SIGBUS's disposition is as it was. */
int mapcount(const char *path, struct counts *c);

#endif
