/* listing.h - the lines of `ls -l` for the entries of a directory
 *
 * Each line shows what lstat() says about one entry, in four columns
 * separated by one space:
 *
 *     MODE NLINK SIZE NAME[ -> TARGET]
 *
 * MODE is ten characters, the type and the nine permission characters as
 * ls -l prints them ("drwxr-xr-x", "-rwsr-S--T").  SIZE is st_size, or for a
 * character or block device "MAJOR, MINOR" (as ls -l shows them).  A symbolic
 * link is not followed: its own line, with " -> " and the text it holds.
 *
 * Names and link targets are escaped as `ls -b` does: a backslash becomes
 * "\\", a space "\ ", the C escapes \a \b \t \n \v \f \r stand for those
 * bytes, and every other byte outside '!'..'~' becomes a backslash and three
 * octal digits ("\303").  So a line is always one line, and its columns are
 * the fields of `LC_ALL=C ls -goAb --time-style=+ DIR` with the "total" line
 * left out and runs of blanks made one.  You write the functions in listing.c.
 */
#ifndef LISTING_H
#define LISTING_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Write the ten-character MODE column for mode (from lstat) and a NUL into
 * out.  Type characters: '-' regular, 'd' directory, 'l' symbolic link,
 * 'p' FIFO, 's' socket, 'c' character device, 'b' block device, '?' other.
 * The execute characters show setuid and setgid as 's' (or 'S' without
 * execute permission) and the sticky bit as 't' (or 'T').  Can't fail. */
void listing_mode(mode_t mode, char out[11]);

/* Write the line of the entry name of directory dir (without a newline)
 * into buf, which holds cap bytes, NUL-terminated.
 *
 * Returns the line's length.  Returns -1 with errno set when lstat() or
 * readlink() fails, and ERANGE when the line does not fit in cap bytes. */
int listing_line(const char *dir, const char *name, char *buf, size_t cap);

/* Print the line of every entry of dir but "." and "..", each followed by
 * '\n', to out, sorted by name as strcmp() orders the bytes (what LC_ALL=C
 * ls does).
 *
 * Returns the number of lines printed.  Returns -1 with errno set when the
 * directory cannot be opened or read (readdir() returning NULL is the end
 * of the directory only when errno is unchanged) or an entry's line cannot
 * be made; nothing is left open. */
int listing_print(const char *dir, FILE *out);

#endif
