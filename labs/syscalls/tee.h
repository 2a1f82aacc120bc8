/* tee.h - a tee built from system calls only (given header)
 *
 * The lab's program copies its standard input to its standard output and to
 * every file named on the command line, like coreutils tee, using open(2),
 * read(2), write(2) and close(2) directly: no stdio on the data path.  The
 * functions below are the pieces you write in tee.c and rawwrite.c; the
 * given tee_main.c only parses the command line and calls tee_run().
 */
#ifndef TEE_H
#define TEE_H

#include <stddef.h>
#include <sys/types.h>

/* The smallest buffer the copy loop may use; the tests count read calls. */
#define TEE_MIN_BUFFER (64 * 1024)

/* Read up to len bytes from fd into buf, retrying when read(2) is
 * interrupted (EINTR).  Returns the count read, 0 at end of file, or -1 with
 * errno set on any other error. */
ssize_t tee_read(int fd, void *buf, size_t len);

/* Write all len bytes of buf to fd.  A short write is continued exactly
 * where the kernel stopped; EINTR is retried.  Returns 0 when every byte was
 * written, or -1 with errno set (then an unknown prefix was written). */
int tee_write_all(int fd, const void *buf, size_t len);

/* Open path for output: write-only, created with mode 0666 minus the umask,
 * truncated (append == 0) or opened with O_APPEND (append != 0), and always
 * with O_CLOEXEC.  Returns the descriptor, or -1 with errno set. */
int tee_open(const char *path, int append);

/* The whole program: copy everything readable from in to out and to each of
 * the npaths files in paths[].  A file that cannot be opened is reported on
 * stderr as "tee: cannot open 'FILE': REASON" and the others still get the
 * data; an output whose write fails is reported ("tee: cannot write 'FILE':
 * REASON", or "tee: cannot write standard output: REASON") and is written no
 * more, while the others go on.  Every descriptor it opens is closed before
 * it returns.  Returns the exit status: 0 if everything succeeded, 1 if
 * anything failed.  in and out are never closed. */
int tee_run(int in, int out, char *const paths[], int npaths, int append);

/* Write through the system call itself: syscall(SYS_write, fd, buf, len).
 * Returns what the kernel returns, the count written or -ERRNO (for example
 * -EBADF), and leaves errno exactly as it was before the call. */
long raw_write(int fd, const void *buf, size_t len);

#endif
