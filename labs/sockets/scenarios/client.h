/* client.h - a tiny blocking HTTP client for the scenario programs */
#ifndef SCENARIO_CLIENT_H
#define SCENARIO_CLIENT_H

#include <stddef.h>

/* A connection and the bytes received on it but not yet used. */
struct sclient {
	int fd;                 /* connected socket, or -1 */
	size_t len;             /* bytes in buf */
	char buf[16384];        /* received bytes */
};

/* Connect to 127.0.0.1:port, or to the Unix socket path when path is not
 * NULL.  Returns 0, or -1 after a message on stderr, with errno set. */
int sclient_open(struct sclient *c, int port, const char *path);
void sclient_close(struct sclient *c);

/* Send "METHOD PATH HTTP/1.1" (with a body of len bytes when body is not
 * NULL, and the extra header lines) and read the answer.  Returns the
 * status, or -1 when no whole answer came within 20 s.  The body is dropped. */
int sclient_ask(struct sclient *c, const char *method, const char *path,
		const char *body, size_t len, const char *extra);

/* Send raw bytes and read one answer: the status, or -1. */
int sclient_raw(struct sclient *c, const char *bytes, size_t len);

/* Send one datagram to 127.0.0.1:port and wait for the reply (NUL-terminated
 * in reply).  Returns its length, or -1. */
int sclient_udp(int port, const char *query, char *reply, size_t cap);

/* Descriptors a scenario can check for leaks: those below SCENARIO_MAX_FD. */
#define SCENARIO_MAX_FD 4096
/* Mark in open[] the descriptors open now. */
void open_fds(char open[SCENARIO_MAX_FD]);
/* Report on stderr, as "who: descriptor N (target) is still open after
 * server_close", every descriptor open now that was not in before[];
 * returns how many. */
int report_new_fds(const char *who, const char before[SCENARIO_MAX_FD]);

#endif
