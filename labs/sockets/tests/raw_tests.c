/* raw_tests.c - hand-made clients: bad, split, slow, silent, persistent and vanishing ones */
#include "graded.h"
#include "server_helpers.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <poll.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* 12 pipelined GETs of /kv/big: 12 MiB of answers, more than the socket
 * buffers of both ends can hold, so the server's write()s must wait. */
#define BIG_COUNT 12
#define GET_BIG "GET /kv/big HTTP/1.1\r\nHost: x\r\n\r\n"
#define BIG_GETS GET_BIG GET_BIG GET_BIG GET_BIG GET_BIG GET_BIG \
	GET_BIG GET_BIG GET_BIG GET_BIG GET_BIG GET_BIG
/* The client's receive buffer (a fixed size turns off its growth). */
#define BIG_RCVBUF 65536

static void connect_or_fail(struct client *c, const struct kvs *s, int rcvbuf)
{
	cr_assert(client_tcp(c, s->port, rcvbuf) == 0, "cannot connect to 127.0.0.1:%d: %s",
		  s->port, strerror(errno));
}

/* One request on c; returns the status, frees the body. */
static int ask(struct client *c, const char *method, const char *path, const char *body,
	       const char *extra)
{
	char *got;
	size_t len;
	if (client_request(c, method, path, body, body ? strlen(body) : 0, extra) < 0)
		return -1;
	int status = client_response(c, &got, &len, NULL);
	free(got);
	return status;
}

/* The status of a GET of path with curl: does the server still serve others? */
static void expect_serving(struct kvs *s, const char *after)
{
	cr_expect(kvs_alive(s), "the server died %s: it %s", after, kvs_describe(s));
	if (!kvs_alive(s))
		return;
	int code = kvs_curl(s, "GET", "/kv/absent", NULL, "body", NULL, 0);
	cr_expect(code == 404, "%s, curl GET /kv/absent should get 404 at once, got %s", after, kvs_code(code));
}

GRADED(raw, malformed_request_is_400,
       .description = "a request that is not HTTP gets 400 and the connection is closed; the server carries on [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	struct client c;
	connect_or_fail(&c, &s, 0);
	const char junk[] = "HELLO there, this is not HTTP\r\n\r\n";
	client_send(&c, junk, sizeof junk - 1);
	char *body;
	size_t len;
	int status = client_response(&c, &body, &len, NULL);
	free(body);
	cr_expect(status == 400, "after sending %s expected a 400 response, got %s", "\"HELLO there, ...\"",
		  kvs_code(status));
	cr_expect(client_sees_eof(&c), "after a 400 the server should close the connection");
	client_close(&c);
	expect_serving(&s, "after a malformed request");
	kvs_stop(&s, SIGKILL, 2);
}

/* Send one more byte on c and watch what the server's kernel answers: an
 * acknowledgement while the server still reads (drains) the connection, a
 * reset once it has closed it.  Returns 1 on a reset, 0 on an
 * acknowledgement, -1 when neither came within 3 s. */
static int byte_gets_reset(struct client *c)
{
	if (send(c->fd, "x", 1, MSG_NOSIGNAL) != 1)
		return errno == EPIPE || errno == ECONNRESET ? 1 : -1;
	struct timespec tick = {0, 1000000};
	for (int i = 0; i < 3000; i++) {
		struct tcp_info ti;
		socklen_t len = sizeof ti;
		if (getsockopt(c->fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
			return -1;
		if (ti.tcpi_state == TCP_CLOSE)
			return 1;
		if (ti.tcpi_unacked == 0)
			return 0;
		nanosleep(&tick, NULL);
	}
	return -1;
}

/* A PUT whose body is over the limit, sent whole before the answer is
 * read, as a client that does not ask "Expect: 100-continue" does: far more
 * than the socket buffers hold while the server reads nothing. */
#define REFUSED_SENT 2000000
#define REFUSED_HEAD "PUT /kv/huge HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n"

GRADED(raw, refused_body_ends_cleanly,
       .description = "a 2 MB PUT sent whole before reading the answer: the server refuses it with 413 yet lets the body arrive, then ends with end of file, not a reset (shut down the write side and drain before closing) [sockets#closing]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	struct client c;
	connect_or_fail(&c, &s, 0);
	size_t hlen = sizeof REFUSED_HEAD - 1;
	char *req = malloc(hlen + REFUSED_SENT);
	cr_assert(req, "out of memory");
	memcpy(req, REFUSED_HEAD, hlen);
	memset(req + hlen, 'x', REFUSED_SENT);
	int sent = client_send(&c, req, hlen + REFUSED_SENT);
	int err = errno;
	free(req);
	cr_expect(sent == 0, "the server broke the connection while the client was still sending "
		  "its 2 MB body (it closed with the body unread, so the kernel reset the connection): %s",
		  strerror(err));
	char *body;
	size_t len;
	int status = client_response(&c, &body, &len, NULL);
	free(body);
	cr_expect(status == 413, "PUT with Content-Length: 2000000: expected 413, got %d", status);
	cr_expect(client_sees_eof(&c), "after a 413 the server should end the connection");
	int reset = byte_gets_reset(&c);
	cr_expect(reset == 0, "after the 413 and its end of file the client sent one more byte of its "
		  "body; %s", reset == 1 ? "the server's kernel answered with a reset: the server closed "
		  "with input unread, and a reset can destroy the answer before the client reads it"
		  : "neither an acknowledgement nor a reset came within 3 s");
	client_close(&c);
	expect_serving(&s, "after a refused PUT");
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(raw, request_one_byte_at_a_time,
       .description = "a PUT that arrives one byte at a time is served as if it came at once [sockets#partial-io]",
       .timeout = 20)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	struct client c;
	connect_or_fail(&c, &s, 0);
	const char req[] = "PUT /kv/drip HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nwater";
	struct timespec gap = {0, 3000000};
	for (size_t i = 0; i < sizeof req - 1; i++) {
		cr_assert(client_send(&c, req + i, 1) == 0, "the server closed the connection after "
			  "%zu bytes of a request sent one byte at a time", i);
		nanosleep(&gap, NULL);
	}
	char *body;
	size_t len;
	int status = client_response(&c, &body, &len, NULL);
	free(body);
	cr_expect(status == 201, "PUT /kv/drip sent one byte at a time: expected 201, got %s", kvs_code(status));
	int get = kvs_curl(&s, "GET", "/kv/drip", NULL, "got", NULL, 0);
	char *got = graded_read_file("got", NULL);
	cr_expect(get == 200 && got && strcmp(got, "water") == 0,
		  "GET /kv/drip afterwards: expected 200 and \"water\", got %s and \"%s\"", kvs_code(get), got ? got : "");
	free(got);
	client_close(&c);
	kvs_stop(&s, SIGKILL, 2);
}

/* The first bytes the server sends on c, as they come (at most cap - 1
 * bytes, NUL-terminated), waiting up to 1 s (the test's own time limit is
 * 2 s); "" when nothing came. */
static void first_bytes(struct client *c, char *buf, size_t cap)
{
	struct pollfd p = {.fd = c->fd, .events = POLLIN};
	ssize_t n = 0;
	if (poll(&p, 1, 1000) == 1)
		n = recv(c->fd, buf, cap - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
}

GRADED(raw, expect_100_continue,
       .description = "a PUT that says \"Expect: 100-continue\" and waits gets \"HTTP/1.1 100 Continue\" before it sends its body, then 201 [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	struct client c;
	connect_or_fail(&c, &s, 0);
	// curl sends Expect only for bodies over 1 MiB, which get 413: a raw
	// client asks for a small one, and holds the body back until told.
	static const char head[] = "PUT /kv/asked HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
				   "Expect: 100-continue\r\n\r\n";
	client_send(&c, head, sizeof head - 1);
	char got[256];
	first_bytes(&c, got, sizeof got);
	cr_expect(strncmp(got, "HTTP/1.1 100 Continue\r\n\r\n", 25) == 0,
		  "after the head of a PUT with \"Expect: 100-continue\" the client waits for "
		  "\"HTTP/1.1 100 Continue\"; within 1 s the server sent %s%.60s%s",
		  got[0] ? "\"" : "nothing", got, got[0] ? "\"" : "");
	client_send(&c, "hello", 5);
	char *body;
	size_t len;
	int status = client_response(&c, &body, &len, NULL);
	free(body);
	cr_expect(status == 201, "the PUT, once its body was sent: expected 201, got %s", kvs_code(status));
	client_close(&c);
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(raw, refused_method_body_is_read,
       .description = "a POST with a body gets 405, and its body is read and dropped: the next request on the same connection is served [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	struct client c;
	connect_or_fail(&c, &s, 0);
	int first = ask(&c, "POST", "/kv/posted", "GET /kv/posted HTTP/1.1", NULL);
	int second = ask(&c, "PUT", "/kv/after", "ok", NULL);
	cr_expect(first == 405, "POST /kv/posted with a body: expected 405, got %s", kvs_code(first));
	cr_expect(second == 201, "PUT /kv/after on the same connection, after the 405: expected 201, "
		  "got %s (bytes after a body belong to the next request, so the 405's body must be "
		  "read and dropped first)", kvs_code(second));
	client_close(&c);
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(raw, slow_client_does_not_stall_others,
       .description = "a client that sent half a request does not stall other clients, and is served when it finishes [sockets#concurrency]",
       .timeout = 20)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	struct client slow;
	connect_or_fail(&slow, &s, 0);
	client_send(&slow, "PUT /kv/slow HTTP/1.1\r\nHost: x\r\nCont", 36);
	usleep(100000);
	expect_serving(&s, "while a client had sent half a request");
	client_send(&slow, "ent-Length: 2\r\n\r\nok", 19);
	char *body;
	size_t len;
	int status = client_response(&slow, &body, &len, NULL);
	free(body);
	cr_expect(status == 201, "the slow client's PUT, once complete: expected 201, got %s", kvs_code(status));
	client_close(&slow);
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(raw, silent_client_does_not_stall_others,
       .description = "clients that connect and send nothing do not stall other clients [sockets#concurrency]",
       .timeout = 20)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	struct client silent[4];
	for (int i = 0; i < 4; i++)
		connect_or_fail(&silent[i], &s, 0);
	usleep(100000);
	expect_serving(&s, "while 4 clients were connected and silent");
	for (int i = 0; i < 4; i++)
		client_close(&silent[i]);
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(raw, persistent_connection,
       .description = "one connection carries several requests in turn (HTTP/1.1 keep-alive) [sockets#keep-alive]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	struct client c;
	connect_or_fail(&c, &s, 0);
	int st[5];
	st[0] = ask(&c, "PUT", "/kv/p", "first", NULL);
	st[1] = ask(&c, "PUT", "/kv/p", "second", NULL);
	st[2] = ask(&c, "GET", "/kv/p", NULL, NULL);
	st[3] = ask(&c, "DELETE", "/kv/p", NULL, NULL);
	st[4] = ask(&c, "GET", "/kv/p", NULL, NULL);
	int want[5] = {201, 204, 200, 204, 404};
	const char *what[5] = {"PUT", "PUT again", "GET", "DELETE", "GET after DELETE"};
	for (int i = 0; i < 5; i++)
		cr_expect(st[i] == want[i], "request %d on one connection (%s /kv/p): expected %d, got %s%s",
			  i + 1, what[i], want[i], kvs_code(st[i]), st[i] < 0 ? " (connection closed or no answer in 5 s)" : "");
	client_close(&c);
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(raw, connection_close_honoured,
       .description = "a request with \"Connection: close\" is answered, then the server closes the connection [sockets#keep-alive]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	struct client c;
	connect_or_fail(&c, &s, 0);
	int status = ask(&c, "GET", "/kv/none", NULL, "Connection: close\r\n");
	cr_expect(status == 404, "GET /kv/none with Connection: close: expected 404, got %s", kvs_code(status));
	cr_expect(client_sees_eof(&c), "after answering a request with \"Connection: close\" the server "
		  "should close the connection (no end of file within 3 s)");
	client_close(&c);
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(raw, pipelined_requests,
       .description = "two requests sent in one write get two answers, in order [sockets#keep-alive]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	struct client c;
	connect_or_fail(&c, &s, 0);
	const char two[] = "PUT /kv/pipe HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
			   "GET /kv/pipe HTTP/1.1\r\nHost: x\r\n\r\n";
	client_send(&c, two, sizeof two - 1);
	char *b1, *b2 = NULL;
	size_t l1, l2 = 0;
	int s1 = client_response(&c, &b1, &l1, NULL);
	int s2 = s1 < 0 ? -1 : client_response(&c, &b2, &l2, NULL);
	cr_expect(s1 == 201, "first of two requests in one write (PUT): expected 201, got %s", kvs_code(s1));
	cr_expect(s2 == 200 && l2 == 3 && memcmp(b2, "abc", 3) == 0,
		  "second of two requests in one write (GET): expected 200 and \"abc\", got %s and \"%s\"",
		  kvs_code(s2), b2 ? b2 : "");
	free(b1);
	free(b2);
	client_close(&c);
	kvs_stop(&s, SIGKILL, 2);
}

/* Store a 1 MiB value as /kv/big with curl; returns the value (malloc'd). */
static char *put_big(struct kvs *s, unsigned seed)
{
	size_t len = 1 << 20;
	char *v = make_value(len, seed);
	graded_write_file("value", v, len);
	int put = kvs_curl(s, "PUT", "/kv/big", "value", "body", NULL, 0);
	cr_assert(put == 201, "PUT of a 1 MiB value: expected 201, got %s", kvs_code(put));
	return v;
}

GRADED(raw, big_responses_arrive_whole,
       .description = "12 pipelined GETs of a 1 MiB value, read slowly, all arrive whole: write() may send only part [sockets#partial-io]",
       .timeout = 25)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	char *v = put_big(&s, 11);
	struct client c;
	connect_or_fail(&c, &s, BIG_RCVBUF);
	cr_assert(client_send(&c, BIG_GETS, strlen(BIG_GETS)) == 0, "cannot send 12 GET requests");
	usleep(300000);             /* more than the socket buffers hold is now waiting */
	for (int i = 0; i < BIG_COUNT; i++) {
		char *body;
		size_t got;
		int status = client_response(&c, &body, &got, NULL);
		cr_expect(status == 200, "response %d of 12 to GET /kv/big: expected 200 and 1048576 bytes, "
			  "got %s%s", i + 1, kvs_code(status),
			  status < 0 ? " (fewer bytes than Content-Length said, none for 5 s)" : "");
		cr_expect(status != 200 || (got == 1u << 20 && memcmp(body, v, got) == 0),
			  "response %d of 12 to GET /kv/big: the body differs from what was stored", i + 1);
		free(body);
		if (status != 200)
			break;
	}
	free(v);
	client_close(&c);
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(raw, client_vanishing_mid_response,
       .description = "a client that hangs up in the middle of a response does not kill the server (SIGPIPE) [sockets#sigpipe]",
       .timeout = 20)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	free(put_big(&s, 5));
	for (int i = 0; i < 2 && kvs_alive(&s); i++) {
		struct client c;
		connect_or_fail(&c, &s, BIG_RCVBUF);
		client_send(&c, BIG_GETS, strlen(BIG_GETS));
		shutdown(c.fd, SHUT_WR);
		char some[1000];
		size_t got = 0;
		ssize_t n;
		while (got < sizeof some && (n = recv(c.fd, some + got, sizeof some - got, 0)) > 0)
			got += n;
		usleep(50000);
		client_close(&c);   /* bytes left unread: the kernel answers the server with a reset */
		usleep(100000);
	}
	expect_serving(&s, "after 2 clients hung up in the middle of 12 MiB of responses");
	kvs_stop(&s, SIGKILL, 2);
}
