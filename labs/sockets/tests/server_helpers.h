/* server_helpers.h - start the student's kvserver and talk to it, for the official tests
 *
 * Every test starts its own server with port 0 (never a fixed port: two
 * graders may run at once), reads the bound ports from the lines it prints
 * on stdout, and stops it at the end.  The server dies with the test
 * process in any case (PR_SET_PDEATHSIG), so a failed assertion never
 * leaves it running.  Raw clients have 5-second send and receive time-outs,
 * so a server that never answers fails a test instead of hanging it.
 */
#ifndef SERVER_HELPERS_H
#define SERVER_HELPERS_H

#include <stddef.h>
#include <sys/types.h>

/* The Unix socket path the tests use, relative to the scratch directory. */
#define KVS_SOCKET "kv.sock"

/* A running kvserver. */
struct kvs {
	pid_t pid;              /* its process, or 0 once reaped */
	int port;               /* bound TCP port */
	int udp_port;           /* bound UDP stats port, or -1 */
	const char *unix_path;  /* KVS_SOCKET, or NULL */
	int out_fd;             /* read end of its stdout */
	char err_path[64];      /* file that collects its stderr */
	int status;             /* wait status, once reaped */
};

/* Start kvserver -p 0, plus -u KVS_SOCKET and -s 0 when asked.  Fails the
 * test (with what the server said) unless it prints its ports within 5 s. */
void kvs_start(struct kvs *s, int with_unix, int with_udp);

/* Start kvserver with exactly these arguments (argv[0] excluded) and wait
 * up to seconds for it to exit.  Returns 1 if it exited (status in
 * s->status), 0 if it is still running (then it is killed). */
int kvs_run_to_exit(struct kvs *s, char *const args[], int seconds);

/* Send sig to the server and wait up to seconds for it to exit.  Returns 1
 * when it exited (wait status in s->status), 0 when it did not (it is then
 * killed).  Safe to call twice. */
int kvs_stop(struct kvs *s, int sig, int seconds);

/* 1 while the server is still running. */
int kvs_alive(struct kvs *s);

/* The first bytes of what the server wrote on stderr (static buffer). */
const char *kvs_stderr(const struct kvs *s);

/* The last line the server wrote on stderr (static buffer), "(nothing)"
 * when it wrote none. */
const char *kvs_stderr_last(const struct kvs *s);

/* "exited with status 1", "killed by signal 13 (Broken pipe)" for s->status. */
const char *kvs_describe(const struct kvs *s);

/* Run curl for one request on the server, over the Unix socket when
 * via_unix.  data_file (or NULL for no body) is sent with --data-binary;
 * the response body goes to out_file, its headers to headers_file (or
 * NULL).  Returns the HTTP status, or 0 when curl got no response. */
int kvs_curl(const struct kvs *s, const char *method, const char *path,
	     const char *data_file, const char *out_file, const char *headers_file,
	     int via_unix);

/* A status for a message: "404", or "no response" for 0 (curl's code
 * when no response came) and -1 (client_response's).  Four calls may
 * share one message. */
const char *kvs_code(int code);

/* A connected raw client with its own receive buffer. */
struct client {
	int fd;                 /* connected socket, blocking, with time-outs */
	size_t len;             /* bytes in buf not yet consumed */
	char buf[65536];        /* received bytes */
};

/* Connect to 127.0.0.1:port (or to the Unix socket path).  rcvbuf > 0
 * sets SO_RCVBUF before connecting.  Returns 0, or -1 (errno set).  Never
 * asserts, so client threads may use it. */
int client_tcp(struct client *c, int port, int rcvbuf);
int client_unix(struct client *c, const char *path);
void client_close(struct client *c);

/* Send all len bytes; 0 or -1. */
int client_send(struct client *c, const void *p, size_t len);
/* Send a request "METHOD PATH HTTP/1.1" with Host, a Content-Length when
 * body is not NULL, and the extra header lines in extra (each ending in
 * "\r\n", or NULL).  0 or -1. */
int client_request(struct client *c, const char *method, const char *path,
		   const void *body, size_t len, const char *extra);
/* Read one response (skipping "100 Continue").  Returns its status and
 * sets *body (malloc'd, NUL-terminated, free it) and *len, or returns -1
 * when the connection closed or 5 s passed before a whole response came
 * (*body is then NULL).  headers, if not NULL, receives a malloc'd copy of
 * the head. */
int client_response(struct client *c, char **body, size_t *len, char **headers);
/* 1 if the server closed the connection (read gives end of file within
 * 3 s, with no further byte), 0 otherwise. */
int client_sees_eof(struct client *c);

/* Send one datagram to 127.0.0.1:port and wait up to 3 s for the reply.
 * Returns the reply's length (reply NUL-terminated), or -1. */
int udp_ask(int port, const char *query, char *reply, size_t cap);

/* A value of len pseudo-random bytes made from seed (NUL, CR and LF among
 * them once len is a few hundred).  malloc'd. */
char *make_value(size_t len, unsigned seed);

#endif
