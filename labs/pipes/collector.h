/* collector.h - records sent through a FIFO by many processes at once
 *
 * A record is a line: up to COLLECTOR_RECORD_MAX bytes of text without a
 * newline, sent with a '\n' after it.  Many producer processes open the same
 * FIFO for writing and send records; one collector reads them.  Because a
 * write() of at most PIPE_BUF bytes to a pipe or FIFO is atomic, a record
 * sent with ONE write() is never mixed with another producer's bytes.
 * You write both functions in collector.c.
 */
#ifndef COLLECTOR_H
#define COLLECTOR_H

#include <limits.h>
#include <stddef.h>

/* Longest record, newline excluded: the record and its '\n' fit in PIPE_BUF. */
#define COLLECTOR_RECORD_MAX (PIPE_BUF - 1)

/* Called once per record, in the order records are read.  rec is not
 * NUL-terminated and has no '\n'; it is valid only during the call. */
typedef void collector_fn(const char *rec, size_t len, void *arg);

/* Send the len bytes at rec followed by '\n' to fd with a single write().
 *
 * Returns 0 when the whole record was written.  Returns -1 with errno set
 * when it was not: EINVAL if len > COLLECTOR_RECORD_MAX or rec holds a '\n'
 * (nothing is written), otherwise the error of write() (for example EAGAIN
 * on a full non-blocking pipe, with nothing written).  An interrupted write
 * (EINTR) is retried. */
int collector_write_record(int fd, const char *rec, size_t len);

/* Read records from fd until end of file, calling fn(rec, len, arg) for each
 * whole record.  A record may arrive split over several read()s; it is
 * delivered once, whole.
 *
 * Returns the number of records delivered.  Returns -1 with errno set on a
 * read error (EINTR is retried), with EPROTO if the data ends in the middle
 * of a record (the whole records before it are delivered), and with EMSGSIZE
 * if a record is longer than COLLECTOR_RECORD_MAX.  fd is not closed. */
long collector_read(int fd, collector_fn *fn, void *arg);

#endif
