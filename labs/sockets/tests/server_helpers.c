/* server_helpers.c - start the student's kvserver and talk to it (see server_helpers.h) */
#define _GNU_SOURCE
#include "server_helpers.h"
#include "graded.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Fork and exec LAB_BIN/kvserver with args; stdout to a pipe, stderr to a file. */
static void spawn(struct kvs *s, char *const args[])
{
	static int serial;
	char *argv[16] = {(char *)graded_program("kvserver")};
	int n = 1;
	for (; args[n - 1] && n < 15; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	memset(s, 0, sizeof *s);
	s->udp_port = -1;
	snprintf(s->err_path, sizeof s->err_path, "kvserver-%d.err", serial++);
	int out[2];
	cr_assert(pipe2(out, O_CLOEXEC) == 0, "cannot make a pipe: %s", strerror(errno));
	int err = open(s->err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	cr_assert(err >= 0, "cannot create %s", s->err_path);
	fflush(NULL);
	pid_t parent = getpid();
	pid_t pid = fork();
	cr_assert(pid >= 0, "cannot fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(126);
		signal(SIGPIPE, SIG_DFL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		int in = open("/dev/null", O_RDONLY);
		dup2(in, 0);
		dup2(out[1], 1);
		dup2(err, 2);
		/* Criterion's descriptors are not close-on-exec: the server
		 * must not reach them (it could write forged results there). */
		close_range(3, ~0U, 0);
		execv(argv[0], argv);
		dprintf(2, "tests: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(err);
	s->pid = pid;
	s->out_fd = out[0];
}

/* How reading the server's first lines ended. */
enum ports_end {
	PORTS_READ,     /* every wanted line arrived */
	PORTS_EOF,      /* its stdout reached end of file first */
	PORTS_TIMEOUT,  /* 5 s passed first */
	PORTS_FLOOD,    /* 1023 bytes came without the lines */
};

/* The two lines kvs_start waits for, and whether each arrived. */
struct ports_seen {
	int tcp;        /* "listening on 127.0.0.1:PORT" came whole */
	int udp;        /* "stats on udp 127.0.0.1:PORT" came whole */
};

#define TCP_LINE "listening on 127.0.0.1:"
#define UDP_LINE "stats on udp 127.0.0.1:"

/* Read stdout lines of the server until its TCP port (and the UDP port,
 * when wanted) are known.  Sets *seen to the lines that came whole. */
static enum ports_end read_ports(struct kvs *s, int want_udp, struct ports_seen *seen)
{
	char text[1024];
	size_t len = 0;
	double deadline = now() + 5;
	for (;;) {
		text[len] = '\0';
		char *tcp = strstr(text, TCP_LINE);
		char *udp = strstr(text, UDP_LINE);
		seen->tcp = tcp && strchr(tcp, '\n');
		seen->udp = udp && strchr(udp, '\n');
		if (seen->tcp && (!want_udp || seen->udp)) {
			s->port = atoi(tcp + strlen(TCP_LINE));
			if (want_udp)
				s->udp_port = atoi(udp + strlen(UDP_LINE));
			return PORTS_READ;
		}
		if (len == sizeof text - 1)
			return PORTS_FLOOD;
		int left = (int)((deadline - now()) * 1000);
		struct pollfd p = {s->out_fd, POLLIN, 0};
		if (left <= 0 || poll(&p, 1, left) == 0)
			return PORTS_TIMEOUT;
		ssize_t n = read(s->out_fd, text + len, sizeof text - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return PORTS_EOF;
		len += n;
	}
}

/* Wait up to seconds for the server to be reaped.  1 once it has exited. */
static int reap_within(struct kvs *s, double seconds)
{
	double deadline = now() + seconds;
	do {
		if (waitpid(s->pid, &s->status, WNOHANG) == s->pid) {
			s->pid = 0;
			close(s->out_fd);
			return 1;
		}
		usleep(5000);
	} while (now() < deadline);
	return 0;
}

/* The lines still missing, in words, for a message. */
static const char *missing_lines(int want_udp, const struct ports_seen *seen)
{
	if (!seen->tcp && want_udp && !seen->udp)
		return "\"" TCP_LINE "PORT\" and \"" UDP_LINE "PORT\"";
	if (!seen->tcp)
		return "\"" TCP_LINE "PORT\"";
	return "\"" UDP_LINE "PORT\"";
}

void kvs_start(struct kvs *s, int with_unix, int with_udp)
{
	char *args[8] = {"-p", "0"};
	int n = 2;
	if (with_unix) {
		args[n++] = "-u";
		args[n++] = KVS_SOCKET;
	}
	if (with_udp) {
		args[n++] = "-s";
		args[n++] = "0";
	}
	args[n] = NULL;
	spawn(s, args);
	s->unix_path = with_unix ? KVS_SOCKET : NULL;
	struct ports_seen seen;
	enum ports_end end = read_ports(s, with_udp, &seen);
	if (end == PORTS_READ)
		return;
	/* End of file on stdout usually means the server is exiting: give it
	 * the time to finish, so that an exit is reported as an exit. */
	int exited = reap_within(s, end == PORTS_EOF ? 2 : 0);
	kvs_stop(s, SIGKILL, 2);
	const char *how = with_unix ? (with_udp ? "-p 0 -u " KVS_SOCKET " -s 0" : "-p 0 -u " KVS_SOCKET)
				    : (with_udp ? "-p 0 -s 0" : "-p 0");
	const char *lines = missing_lines(with_udp, &seen);
	if (exited)
		cr_assert_fail("kvserver %s %s without printing %s (its last line on stderr: %s)", how,
			       kvs_describe(s), lines, kvs_stderr_last(s));
	if (end == PORTS_EOF)
		cr_assert_fail("kvserver %s closed its stdout without printing %s, and kept running "
			       "(its last line on stderr: %s)", how, lines, kvs_stderr_last(s));
	if (end == PORTS_FLOOD)
		cr_assert_fail("kvserver %s printed 1023 bytes on stdout without %s (its last line on "
			       "stderr: %s)", how, lines, kvs_stderr_last(s));
	cr_assert_fail("kvserver %s printed no %s within 5 s (its last line on stderr: %s)", how, lines,
		       kvs_stderr_last(s));
}

int kvs_run_to_exit(struct kvs *s, char *const args[], int seconds)
{
	spawn(s, args);
	double deadline = now() + seconds;
	while (now() < deadline) {
		if (waitpid(s->pid, &s->status, WNOHANG) == s->pid) {
			s->pid = 0;
			close(s->out_fd);
			return 1;
		}
		usleep(10000);
	}
	kvs_stop(s, SIGKILL, 2);
	return 0;
}

int kvs_stop(struct kvs *s, int sig, int seconds)
{
	if (s->pid <= 0)
		return 1;
	kill(s->pid, sig);
	double deadline = now() + seconds;
	int exited = 0;
	while (!exited && now() < deadline) {
		if (waitpid(s->pid, &s->status, WNOHANG) == s->pid)
			exited = 1;
		else
			usleep(5000);
	}
	if (!exited) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &s->status, 0);
	}
	s->pid = 0;
	close(s->out_fd);
	return exited;
}

int kvs_alive(struct kvs *s)
{
	if (s->pid <= 0)
		return 0;
	if (waitpid(s->pid, &s->status, WNOHANG) == s->pid) {
		s->pid = 0;
		close(s->out_fd);
		return 0;
	}
	return 1;
}

const char *kvs_stderr(const struct kvs *s)
{
	static char text[400];
	int fd = open(s->err_path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, text, sizeof text - 1) : 0;
	if (fd >= 0)
		close(fd);
	text[n > 0 ? n : 0] = '\0';
	if (n <= 0)
		return "(nothing)";
	text[strcspn(text, "\n")] = '\0';
	return text;
}

const char *kvs_stderr_last(const struct kvs *s)
{
	static char text[400];
	int fd = open(s->err_path, O_RDONLY);
	if (fd < 0)
		return "(nothing)";
	off_t size = lseek(fd, 0, SEEK_END);
	off_t from = size > (off_t)sizeof text - 1 ? size - (off_t)(sizeof text - 1) : 0;
	ssize_t n = pread(fd, text, sizeof text - 1, from);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	while (n > 0 && text[n - 1] == '\n')
		text[--n] = '\0';
	if (n <= 0)
		return "(nothing)";
	char *last = strrchr(text, '\n');
	return last ? last + 1 : text;
}

const char *kvs_code(int code)
{
	static char text[4][16];
	static int next;
	if (code <= 0)
		return "no response";
	char *t = text[next++ % 4];
	snprintf(t, sizeof text[0], "%d", code);
	return t;
}

const char *kvs_describe(const struct kvs *s)
{
	static char text[128];
	if (WIFEXITED(s->status))
		snprintf(text, sizeof text, "exited with status %d", WEXITSTATUS(s->status));
	else if (WIFSIGNALED(s->status))
		snprintf(text, sizeof text, "was killed by signal %d (%s)", WTERMSIG(s->status),
			 strsignal(WTERMSIG(s->status)));
	else
		snprintf(text, sizeof text, "stopped");
	return text;
}

int kvs_curl(const struct kvs *s, const char *method, const char *path,
	     const char *data_file, const char *out_file, const char *headers_file,
	     int via_unix)
{
	char url[256], data[256];
	snprintf(url, sizeof url, "http://%s%s", via_unix ? "localhost" : "127.0.0.1", path);
	if (!via_unix)
		snprintf(url, sizeof url, "http://127.0.0.1:%d%s", s->port, path);
	char *argv[24] = {"curl", "-sS", "--max-time", "5", "-o", (char *)out_file,
			  "-w", "%{http_code}", "-X", (char *)method};
	int n = 10;
	if (data_file) {
		snprintf(data, sizeof data, "@%s", data_file);
		argv[n++] = "--data-binary";
		argv[n++] = data;
	}
	if (headers_file) {
		argv[n++] = "-D";
		argv[n++] = (char *)headers_file;
	}
	if (via_unix) {
		argv[n++] = "--unix-socket";
		argv[n++] = (char *)s->unix_path;
	}
	argv[n++] = url;
	argv[n] = NULL;
	struct graded_result r;
	struct graded_opts o = {.seconds = 8};
	if (graded_run(&r, argv, &o) < 0 || graded_shell_status(&r) == 127) {
		graded_result_free(&r);
		graded_not_graded("curl cannot be run here (apt-get install curl)");
	}
	int code = atoi(r.out);
	graded_result_free(&r);
	return code;
}

/* ---- raw clients ---- */

static void set_timeouts(int fd)
{
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

int client_tcp(struct client *c, int port, int rcvbuf)
{
	c->len = 0;
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	if (rcvbuf > 0)
		setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
	int one = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	set_timeouts(c->fd);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c->fd, (struct sockaddr *)&a, sizeof a) < 0) {
		int e = errno;
		close(c->fd);
		c->fd = -1;
		errno = e;
		return -1;
	}
	return 0;
}

int client_unix(struct client *c, const char *path)
{
	c->len = 0;
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	set_timeouts(c->fd);
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
	if (connect(c->fd, (struct sockaddr *)&a, sizeof a) < 0) {
		int e = errno;
		close(c->fd);
		c->fd = -1;
		errno = e;
		return -1;
	}
	return 0;
}

void client_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

int client_send(struct client *c, const void *p, size_t len)
{
	const char *b = p;
	while (len > 0) {
		ssize_t n = send(c->fd, b, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		b += n;
		len -= n;
	}
	return 0;
}

int client_request(struct client *c, const char *method, const char *path,
		   const void *body, size_t len, const char *extra)
{
	char head[1024];
	char length[64] = "";
	if (body)
		snprintf(length, sizeof length, "Content-Length: %zu\r\n", len);
	int n = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: localhost\r\n%s%s\r\n",
			 method, path, length, extra ? extra : "");
	if (client_send(c, head, n) < 0)
		return -1;
	return body && len ? client_send(c, body, len) : 0;
}

/* Make sure c->buf holds at least want bytes.  0 or -1 (EOF, error, time-out). */
static int fill(struct client *c, size_t want)
{
	while (c->len < want) {
		ssize_t n = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		c->len += n;
	}
	return 0;
}

/* The length of the head at the start of c->buf, reading more as needed; 0 on failure. */
static size_t head_length(struct client *c)
{
	for (;;) {
		char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
		if (end)
			return end - c->buf + 4;
		if (c->len == sizeof c->buf || fill(c, c->len + 1) < 0)
			return 0;
	}
}

static void consume(struct client *c, size_t n)
{
	c->len -= n;
	memmove(c->buf, c->buf + n, c->len);
}

int client_response(struct client *c, char **body, size_t *len, char **headers)
{
	*body = NULL;
	*len = 0;
	if (headers)
		*headers = NULL;
	size_t hlen;
	int status;
	for (;;) {
		hlen = head_length(c);
		if (!hlen || sscanf(c->buf, "HTTP/1.%*d %d", &status) != 1)
			return -1;
		if (status != 100)
			break;
		consume(c, hlen);
	}
	char *head = strndup(c->buf, hlen);
	size_t clen = 0;
	for (char *h = strcasestr(head, "\r\ncontent-length:"); h; h = NULL)
		clen = strtoul(h + strlen("\r\ncontent-length:"), NULL, 10);
	consume(c, hlen);
	char *b = malloc(clen + 1);
	size_t got = 0;
	while (got < clen) {
		if (c->len == 0 && fill(c, 1) < 0) {
			free(b);
			free(head);
			return -1;
		}
		size_t take = c->len < clen - got ? c->len : clen - got;
		memcpy(b + got, c->buf, take);
		got += take;
		consume(c, take);
	}
	b[clen] = '\0';
	*body = b;
	*len = clen;
	if (headers)
		*headers = head;
	else
		free(head);
	return status;
}

int client_sees_eof(struct client *c)
{
	struct timeval tv = {3, 0};
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	char b;
	ssize_t n;
	while ((n = recv(c->fd, &b, 1, 0)) < 0 && errno == EINTR)
		;
	return n == 0 || (n < 0 && errno == ECONNRESET);
}

int udp_ask(int port, const char *query, char *reply, size_t cap)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct timeval tv = {3, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ssize_t n = -1;
	if (sendto(fd, query, strlen(query), 0, (struct sockaddr *)&a, sizeof a) >= 0)
		n = recvfrom(fd, reply, cap - 1, 0, NULL, NULL);
	close(fd);
	if (n < 0)
		return -1;
	reply[n] = '\0';
	return (int)n;
}

char *make_value(size_t len, unsigned seed)
{
	char *v = malloc(len ? len : 1);
	unsigned x = seed * 2654435761u + 1;
	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		v[i] = (char)(i % 257 == 0 ? i / 257 : x >> 16);
	}
	return v;
}
