/* server.c - a concurrent HTTP/1.1 key-value server on TCP, a Unix socket and UDP
 *
 * One thread (the caller of server_serve) waits with poll() on every
 * listening socket, on the UDP stats socket, on a signalfd that receives
 * SIGINT and SIGTERM, and on the read end of a "stop pipe".  Each accepted
 * connection gets its own thread, which serves requests one after the
 * other for as long as the client keeps the connection open, then puts
 * itself on a "done" list; the serving thread joins the threads on that
 * list, so no finished thread lingers and none is still running when the
 * server is freed.
 *
 * Connection sockets are non-blocking and every wait is a poll() on the
 * socket and on the stop pipe: when the server stops, one byte written to
 * the stop pipe wakes every idle connection at once, while a request in
 * flight is finished first.  Writes loop until every byte is out, because a
 * non-blocking write() may take only part of the buffer.
 */
#define _GNU_SOURCE
#include "kv.h"
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* How long a request in flight may stall before the connection is dropped. */
#define IO_TIMEOUT_MS 5000
/* After refusing a request, how long and how much unread input to discard
 * before closing (see close_refused). */
#define LINGER_MS 3000
#define LINGER_BYTES (4u << 20)
/* Stack of each connection thread: enough for its buffers, far below 8 MiB. */
#define CONN_STACK (256 * 1024)

struct server {
	int tcp_fd;             /* listening TCP socket */
	int unix_fd;            /* listening Unix socket, or -1 */
	int udp_fd;             /* UDP stats socket, or -1 */
	int sig_fd;             /* signalfd for SIGINT and SIGTERM */
	int stop_pipe[2];       /* a byte in it means "stop"; never read */
	int tcp_port;           /* bound TCP port */
	int udp_port;           /* bound UDP port, or -1 */
	char *unix_path;        /* socket file to remove at the end, or NULL */
	struct kv_table *table; /* the shared table */
	unsigned long connections; /* accepted so far (serving thread only) */
	pthread_mutex_t lock;   /* guards active and done */
	pthread_cond_t idle;    /* signalled when active drops to 0 */
	int active;             /* connection threads still serving */
	struct conn *done;      /* connections whose thread has finished, to join */
};

struct conn {
	struct server *srv;     /* the server it belongs to */
	pthread_t tid;          /* its thread */
	struct conn *next;      /* the next one on the server's done list */
	int fd;                 /* the connected socket (non-blocking) */
	size_t len;             /* bytes received and not yet used, in buf */
	char buf[HTTP_HEAD_MAX]; /* the head of the next request (and maybe more) */
};

/* ---- opening the sockets ---- */

/* A listening TCP socket on 127.0.0.1:port; the bound port goes to *bound.
 * Returns the descriptor, or -1 after a message. */
static int listen_tcp(int port, int *bound)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto out_err;
	int one = 1;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t alen = sizeof a;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 128) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) < 0)
		goto out_close;
	*bound = ntohs(a.sin_port);
	return fd;
out_close:
	close(fd);
out_err:
	fprintf(stderr, "kvserver: cannot listen on 127.0.0.1:%d: %s\n", port, strerror(errno));
	return -1;
}

/* A UDP socket bound to 127.0.0.1:port; the bound port goes to *bound.
 * Returns the descriptor, or -1 after a message. */
static int bind_udp(int port, int *bound)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto out_err;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t alen = sizeof a;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) < 0)
		goto out_close;
	*bound = ntohs(a.sin_port);
	return fd;
out_close:
	close(fd);
out_err:
	fprintf(stderr, "kvserver: cannot bind udp 127.0.0.1:%d: %s\n", port, strerror(errno));
	return -1;
}

/* Make way for a socket file at path: nothing there is fine; a socket that
 * nobody listens on (left by a crashed server) is removed; a live socket or
 * any other file is an error.  Returns 0, or -1 after a message. */
static int clear_stale_socket(const char *path, const struct sockaddr_un *a)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		fprintf(stderr, "kvserver: cannot use '%s': exists and is not a socket\n", path);
		return -1;
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	int live = connect(fd, (const struct sockaddr *)a, sizeof *a) == 0;
	close(fd);
	if (live) {
		fprintf(stderr, "kvserver: cannot use '%s': another server is listening on it\n", path);
		return -1;
	}
	unlink(path);
	return 0;
}

/* A listening Unix stream socket at path, mode 0600.  Returns the
 * descriptor, or -1 after a message. */
static int listen_unix(const char *path)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof a.sun_path) {
		fprintf(stderr, "kvserver: cannot use '%s': path too long\n", path);
		return -1;
	}
	strcpy(a.sun_path, path);
	if (clear_stale_socket(path, &a) < 0)
		return -1;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto out_err;
	mode_t old = umask(077);   /* born srwx------: never open to others */
	int rc = bind(fd, (struct sockaddr *)&a, sizeof a);
	umask(old);
	if (rc < 0)
		goto out_close;
	if (listen(fd, 128) < 0) {
		unlink(path);
		goto out_close;
	}
	return fd;
out_close:
	close(fd);
out_err:
	fprintf(stderr, "kvserver: cannot listen on '%s': %s\n", path, strerror(errno));
	return -1;
}

/* Ignore SIGPIPE (a write to a closed connection then fails with EPIPE
 * instead of killing the process), and route SIGINT and SIGTERM to a
 * signalfd.  Returns the signalfd, or -1 after a message. */
static int take_signals(void)
{
	struct sigaction sa = {.sa_handler = SIG_IGN};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		fprintf(stderr, "kvserver: cannot create signalfd: %s\n", strerror(errno));
	return fd;
}

struct server *server_open(const struct server_config *cfg)
{
	struct server *s = calloc(1, sizeof *s);
	if (!s) {
		fprintf(stderr, "kvserver: cannot allocate the server: %s\n", strerror(errno));
		return NULL;
	}
	s->tcp_fd = s->unix_fd = s->udp_fd = s->sig_fd = -1;
	s->stop_pipe[0] = s->stop_pipe[1] = -1;
	s->udp_port = -1;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->idle, NULL);
	s->table = kv_table_new();
	if (!s->table || pipe2(s->stop_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		fprintf(stderr, "kvserver: cannot set up: %s\n", strerror(errno));
		goto out_close;
	}
	s->sig_fd = take_signals();
	if (s->sig_fd < 0)
		goto out_close;
	s->tcp_fd = listen_tcp(cfg->tcp_port, &s->tcp_port);
	if (s->tcp_fd < 0)
		goto out_close;
	if (cfg->udp_port >= 0 && (s->udp_fd = bind_udp(cfg->udp_port, &s->udp_port)) < 0)
		goto out_close;
	if (cfg->unix_path) {
		s->unix_fd = listen_unix(cfg->unix_path);
		if (s->unix_fd < 0)
			goto out_close;
		s->unix_path = strdup(cfg->unix_path);
		if (!s->unix_path) {
			unlink(cfg->unix_path);
			goto out_close;
		}
	}
	return s;
out_close:
	server_close(s);
	return NULL;
}

int server_tcp_port(const struct server *s)
{
	return s->tcp_port;
}

int server_udp_port(const struct server *s)
{
	return s->udp_port;
}

/* ---- one connection ---- */

/* Wait until c->fd is ready for events.  With stoppable, the server's stop
 * also ends the wait (and there is no time limit).  Returns 1 when ready,
 * 0 on stop or time-out. */
static int wait_fd(struct conn *c, short events, int stoppable)
{
	struct pollfd p[2] = {{c->fd, events, 0}, {c->srv->stop_pipe[0], POLLIN, 0}};
	for (;;) {
		int n = poll(p, stoppable ? 2 : 1, stoppable ? -1 : IO_TIMEOUT_MS);
		if (n < 0 && errno == EINTR)
			continue;
		return n > 0 && p[0].revents;
	}
}

/* Read what has arrived into c->buf.  Returns the number of new bytes, or
 * 0 at end of file, on error, on time-out, or on stop while no request has
 * begun. */
static size_t read_more(struct conn *c)
{
	int stoppable = c->len == 0;
	for (;;) {
		ssize_t n = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
		if (n >= 0) {
			c->len += n;
			return n;
		}
		if (errno == EINTR)
			continue;
		if ((errno != EAGAIN && errno != EWOULDBLOCK) || !wait_fd(c, POLLIN, stoppable))
			return 0;
	}
}

/* Write all len bytes of p.  Returns 0, or -1 when the client is gone or
 * stopped reading for IO_TIMEOUT_MS. */
static int write_all(struct conn *c, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(c->fd, p, len);
		if (n > 0) {
			p += n;
			len -= n;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (!wait_fd(c, POLLOUT, 0))
				return -1;
		} else {
			return -1;
		}
	}
	return 0;
}

/* Send one response: its head and body in a single buffer, so that the
 * client gets them in as few segments as possible.  Returns 0 or -1. */
static int respond(struct conn *c, int status, const char *body, size_t len, int keep_alive)
{
	char head[256];
	size_t hlen = http_format_head(head, sizeof head, status, len, keep_alive);
	char *out = malloc(hlen + len);
	if (!out)
		return -1;
	memcpy(out, head, hlen);
	if (len)
		memcpy(out + hlen, body, len);
	int rc = write_all(c, out, hlen + len);
	free(out);
	return rc;
}

/* Read until c->buf holds a whole request head.  Returns HTTP_COMPLETE
 * (req filled in) or HTTP_MALFORMED, or 0 when the connection is over. */
static int read_head(struct conn *c, struct http_request *req)
{
	int r;
	while ((r = http_parse_head(c->buf, c->len, req)) == HTTP_INCOMPLETE)
		if (read_more(c) == 0)
			return 0;
	return r;
}

/* Take the body of len bytes that follows the head (head_len bytes at the
 * start of c->buf), part of it maybe already in c->buf, and keep what
 * follows it there for the next request.  Returns a malloc'd body, or NULL
 * when the client went away or stalled. */
static char *read_body(struct conn *c, size_t head_len, size_t len)
{
	char *body = malloc(len ? len : 1);
	if (!body)
		return NULL;
	size_t have = c->len - head_len;
	size_t got = have < len ? have : len;
	memcpy(body, c->buf + head_len, got);
	c->len -= head_len + got;
	memmove(c->buf, c->buf + head_len + got, c->len);
	while (got < len) {
		ssize_t n = read(c->fd, body + got, len - got);
		if (n > 0)
			got += n;
		else if (n < 0 && errno == EINTR)
			continue;
		else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_fd(c, POLLIN, 0))
			continue;
		else
			break;
	}
	if (got < len) {
		free(body);
		return NULL;
	}
	return body;
}

/* Carry out a request with a complete body on the table and answer it.
 * Returns 0, or -1 when the answer could not be sent. */
static int handle(struct conn *c, const struct http_request *req, const char *body, size_t len)
{
	struct kv_table *t = c->srv->table;
	char key[KV_MAX_KEY + 1];
	int ka = req->keep_alive;
	int get = strcmp(req->method, "GET") == 0, put = strcmp(req->method, "PUT") == 0;
	if (!get && !put && strcmp(req->method, "DELETE") != 0)
		return respond(c, 405, NULL, 0, ka);
	if (http_target_key(req->target, key) < 0)
		return respond(c, 404, NULL, 0, ka);
	if (put) {
		int rc = kv_put(t, key, body, len);
		return respond(c, rc < 0 ? 500 : rc ? 201 : 204, NULL, 0, ka);
	}
	if (!get)
		return respond(c, kv_delete(t, key) ? 204 : 404, NULL, 0, ka);
	char *val;
	size_t vlen;
	if (kv_get(t, key, &val, &vlen) < 0)
		return respond(c, 404, NULL, 0, ka);
	int rc = respond(c, 200, val, vlen, ka);
	free(val);
	return rc;
}

/* What serve_request leaves the connection to do next. */
enum { SERVE_END, SERVE_MORE, SERVE_REFUSED };

/* Serve one request.  Returns SERVE_MORE when the connection may carry
 * another, SERVE_REFUSED after a refusal (400, 411, 413) that left the
 * client's input unread, SERVE_END otherwise. */
static int serve_request(struct conn *c)
{
	struct http_request req;
	int r = read_head(c, &req);
	if (r == 0)
		return SERVE_END;
	if (r == HTTP_MALFORMED) {
		respond(c, 400, NULL, 0, 0);
		return SERVE_REFUSED;
	}
	if (req.content_length > (long)KV_MAX_VALUE) {
		respond(c, 413, NULL, 0, 0);
		return SERVE_REFUSED;
	}
	if (req.content_length < 0 && strcmp(req.method, "PUT") == 0) {
		respond(c, 411, NULL, 0, 0);
		return SERVE_REFUSED;
	}
	size_t len = req.content_length < 0 ? 0 : req.content_length;
	static const char go_on[] = "HTTP/1.1 100 Continue\r\n\r\n";
	if (req.expect_continue && len > 0 && write_all(c, go_on, sizeof go_on - 1) < 0)
		return SERVE_END;
	char *body = read_body(c, req.head_len, len);
	if (!body)
		return SERVE_END;
	int rc = handle(c, &req, body, len);
	free(body);
	return rc == 0 && req.keep_alive ? SERVE_MORE : SERVE_END;
}

/* Milliseconds left until deadline on the monotonic clock (0 when past). */
static int ms_left(const struct timespec *deadline)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 ? (int)ms : 0;
}

/* Prepare to close a connection whose request was refused unread (the
 * "lingering close" of RFC 9112 section 9.6).  A close() with unread input
 * makes the kernel send a reset, and a reset can destroy the answer before
 * the client has read it.  So: send our end of file first (shutdown
 * SHUT_WR), then read and discard what the client still sends until it
 * closes too, for at most LINGER_MS, LINGER_BYTES or the server's stop.
 * The caller closes the socket.  This function can't fail. */
static void close_refused(struct conn *c)
{
	if (shutdown(c->fd, SHUT_WR) < 0)
		return;
	struct timespec deadline;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += LINGER_MS / 1000;
	size_t drained = 0;
	struct pollfd p[2] = {{c->fd, POLLIN, 0}, {c->srv->stop_pipe[0], POLLIN, 0}};
	while (drained < LINGER_BYTES) {
		ssize_t n = read(c->fd, c->buf, sizeof c->buf);
		if (n > 0) {
			drained += n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			return;             /* the client closed too, or is gone */
		int left = ms_left(&deadline);
		if (left == 0)
			return;
		p[1].revents = 0;
		if (poll(p, 2, left) < 0 && errno != EINTR)
			return;
		if (p[1].revents)
			return;             /* the server is stopping */
	}
}

/* The thread of one connection: serve it, close it, and hand it over to
 * be joined (the joiner frees c). */
static void *connection_main(void *arg)
{
	struct conn *c = arg;
	struct server *s = c->srv;
	int r;
	while ((r = serve_request(c)) == SERVE_MORE)
		;
	if (r == SERVE_REFUSED)
		close_refused(c);
	close(c->fd);
	pthread_mutex_lock(&s->lock);
	c->next = s->done;
	s->done = c;
	if (--s->active == 0)
		pthread_cond_broadcast(&s->idle);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/* Join every connection thread that has finished, and free its conn. */
static void reap(struct server *s)
{
	pthread_mutex_lock(&s->lock);
	struct conn *c = s->done;
	s->done = NULL;
	pthread_mutex_unlock(&s->lock);
	while (c) {
		struct conn *next = c->next;
		pthread_join(c->tid, NULL);
		free(c);
		c = next;
	}
}

/* ---- the serving thread ---- */

/* Accept one pending connection on lfd and start its thread. */
static void accept_one(struct server *s, int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;             /* the client gave up already, or no descriptors left */
	struct conn *c = malloc(sizeof *c);
	if (!c) {
		close(fd);
		return;
	}
	c->srv = s;
	c->fd = fd;
	c->len = 0;
	s->connections++;
	pthread_mutex_lock(&s->lock);
	s->active++;
	pthread_mutex_unlock(&s->lock);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, CONN_STACK);
	int err = pthread_create(&c->tid, &attr, connection_main, c);
	pthread_attr_destroy(&attr);
	if (err) {
		fprintf(stderr, "kvserver: cannot start a thread: %s\n", strerror(err));
		close(fd);
		free(c);
		pthread_mutex_lock(&s->lock);
		s->active--;
		pthread_mutex_unlock(&s->lock);
	}
}

/* Answer one datagram on the stats port: "stats" gets the counters. */
static void answer_stats(struct server *s)
{
	char q[512], reply[512];
	struct sockaddr_storage from;
	socklen_t flen = sizeof from;
	ssize_t n = recvfrom(s->udp_fd, q, sizeof q - 1, 0, (struct sockaddr *)&from, &flen);
	if (n < 0)
		return;
	while (n > 0 && (q[n - 1] == '\n' || q[n - 1] == '\r'))
		n--;
	q[n] = '\0';
	struct kv_stats st;
	kv_table_stats(s->table, &st);
	int len = strcmp(q, "stats") != 0
		? snprintf(reply, sizeof reply, "error unknown query\n")
		: snprintf(reply, sizeof reply,
			   "connections=%lu keys=%lu gets=%lu puts=%lu deletes=%lu\n",
			   s->connections, st.keys, st.gets, st.puts, st.deletes);
	sendto(s->udp_fd, reply, len, 0, (struct sockaddr *)&from, flen);
}

/* Stop: no new connections, wake the idle ones, wait for every thread. */
static void drain(struct server *s)
{
	close(s->tcp_fd);
	s->tcp_fd = -1;
	if (s->unix_fd >= 0)
		close(s->unix_fd);
	s->unix_fd = -1;
	server_shutdown(s);
	pthread_mutex_lock(&s->lock);
	while (s->active > 0)
		pthread_cond_wait(&s->idle, &s->lock);
	pthread_mutex_unlock(&s->lock);
	reap(s);
}

int server_serve(struct server *s)
{
	struct pollfd p[5] = {{s->sig_fd, POLLIN, 0}, {s->stop_pipe[0], POLLIN, 0},
			      {s->tcp_fd, POLLIN, 0}, {s->unix_fd, POLLIN, 0},
			      {s->udp_fd, POLLIN, 0}};
	for (;;) {
		if (poll(p, 5, -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "kvserver: cannot poll: %s\n", strerror(errno));
			break;
		}
		if (p[0].revents || p[1].revents)
			break;
		for (int i = 2; i < 4; i++)
			if (p[i].revents & POLLIN)
				accept_one(s, p[i].fd);
		if (p[4].revents & POLLIN)
			answer_stats(s);
		reap(s);
	}
	struct signalfd_siginfo si;
	if (read(s->sig_fd, &si, sizeof si) < 0 && errno != EAGAIN)
		fprintf(stderr, "kvserver: cannot read signalfd: %s\n", strerror(errno));
	drain(s);
	return 0;
}

void server_shutdown(struct server *s)
{
	ssize_t n = write(s->stop_pipe[1], "x", 1);
	(void)n;                /* a full pipe already says "stop" */
}

void server_close(struct server *s)
{
	if (!s)
		return;
	for (int *fd = (int[]){s->tcp_fd, s->unix_fd, s->udp_fd, s->sig_fd, s->stop_pipe[0],
			       s->stop_pipe[1], -2}; *fd != -2; fd++)
		if (*fd >= 0)
			close(*fd);
	if (s->unix_path)
		unlink(s->unix_path);
	free(s->unix_path);
	kv_table_free(s->table);
	pthread_cond_destroy(&s->idle);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
