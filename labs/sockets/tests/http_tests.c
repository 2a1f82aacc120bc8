/* http_tests.c - every verb and status code, with curl as the client, over TCP */
#include "graded.h"
#include "server_helpers.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* Write len bytes of a value made from seed to path. */
static void value_file(const char *path, size_t len, unsigned seed)
{
	char *v = make_value(len, seed);
	cr_assert(graded_write_file(path, v, len) == 0, "cannot write %s", path);
	free(v);
}

/* Expect the file at path to hold exactly want[0..len). */
static void expect_file(const char *path, const char *want, size_t len, const char *what)
{
	size_t got_len = 0;
	char *got = graded_read_file(path, &got_len);
	cr_expect(got && got_len == len && memcmp(got, want, len) == 0,
		  "%s: expected the %zu bytes stored, got %zu bytes%s", what, len,
		  got ? got_len : 0, got && got_len == len ? " that differ" : "");
	free(got);
}

GRADED(http, put_new_key_is_201,
       .description = "PUT /kv/KEY of a new key stores it and answers 201 Created [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	graded_write_file("value", "hello\n", 6);
	int code = kvs_curl(&s, "PUT", "/kv/greeting", "value", "body", NULL, 0);
	cr_expect(code == 201, "curl -X PUT --data-binary @value .../kv/greeting on a new key: "
		  "expected status 201, got %s", kvs_code(code));
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(http, put_existing_key_is_204,
       .description = "PUT of a key that exists replaces its value and answers 204 No Content [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	graded_write_file("one", "one", 3);
	graded_write_file("two", "second", 6);
	int first = kvs_curl(&s, "PUT", "/kv/k", "one", "body", NULL, 0);
	int second = kvs_curl(&s, "PUT", "/kv/k", "two", "body", NULL, 0);
	int get = kvs_curl(&s, "GET", "/kv/k", NULL, "got", NULL, 0);
	cr_expect(first == 201, "first PUT of /kv/k: expected 201, got %s", kvs_code(first));
	cr_expect(second == 204, "second PUT of /kv/k: expected 204, got %s", kvs_code(second));
	cr_expect(get == 200, "GET /kv/k after two PUTs: expected 200, got %s", kvs_code(get));
	expect_file("got", "second", 6, "GET after the second PUT");
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(http, get_returns_exact_bytes,
       .description = "GET /kv/KEY answers 200 with exactly the bytes stored (NUL, CR and LF included) [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	size_t len = 100000;
	char *v = make_value(len, 7);
	graded_write_file("value", v, len);
	int put = kvs_curl(&s, "PUT", "/kv/binary", "value", "body", NULL, 0);
	int get = kvs_curl(&s, "GET", "/kv/binary", NULL, "got", NULL, 0);
	cr_expect(put == 201, "PUT of a 100000-byte value: expected 201, got %s", kvs_code(put));
	cr_expect(get == 200, "GET of it: expected 200, got %s", kvs_code(get));
	expect_file("got", v, len, "GET /kv/binary");
	free(v);
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(http, empty_value,
       .description = "an empty value (Content-Length: 0) can be stored and read back [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	graded_write_file("empty", "", 0);
	int put = kvs_curl(&s, "PUT", "/kv/nothing", "empty", "body", NULL, 0);
	int get = kvs_curl(&s, "GET", "/kv/nothing", NULL, "got", NULL, 0);
	cr_expect(put == 201, "PUT of an empty value: expected 201, got %s", kvs_code(put));
	cr_expect(get == 200, "GET of the empty value: expected 200, got %s", kvs_code(get));
	expect_file("got", "", 0, "GET /kv/nothing");
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(http, get_missing_is_404,
       .description = "GET of a key that was never stored answers 404 Not Found [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	int code = kvs_curl(&s, "GET", "/kv/never", NULL, "body", NULL, 0);
	cr_expect(code == 404, "GET /kv/never: expected 404, got %s", kvs_code(code));
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(http, path_outside_kv_is_404,
       .description = "a path that is not /kv/KEY (/, /kv/, /other) answers 404 [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	const char *paths[] = {"/", "/kv/", "/other", "/kv/a/b"};
	for (int i = 0; i < 4; i++) {
		int code = kvs_curl(&s, "GET", paths[i], NULL, "body", NULL, 0);
		cr_expect(code == 404, "GET %s: expected 404, got %s", paths[i], kvs_code(code));
	}
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(http, delete_is_204_then_404,
       .description = "DELETE removes a key (204), after which GET and DELETE of it answer 404 [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	graded_write_file("value", "x", 1);
	int put = kvs_curl(&s, "PUT", "/kv/gone", "value", "body", NULL, 0);
	int del = kvs_curl(&s, "DELETE", "/kv/gone", NULL, "body", NULL, 0);
	int get = kvs_curl(&s, "GET", "/kv/gone", NULL, "body", NULL, 0);
	int again = kvs_curl(&s, "DELETE", "/kv/gone", NULL, "body", NULL, 0);
	cr_expect(put == 201, "PUT /kv/gone: expected 201, got %s", kvs_code(put));
	cr_expect(del == 204, "DELETE /kv/gone: expected 204, got %s", kvs_code(del));
	cr_expect(get == 404, "GET /kv/gone after DELETE: expected 404, got %s", kvs_code(get));
	cr_expect(again == 404, "second DELETE /kv/gone: expected 404, got %s", kvs_code(again));
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(http, other_method_is_405_with_allow,
       .description = "a method other than GET, PUT and DELETE answers 405 with an Allow header [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	graded_write_file("value", "x", 1);
	int code = kvs_curl(&s, "POST", "/kv/k", "value", "body", "headers", 0);
	size_t len;
	char *h = graded_read_file("headers", &len);
	cr_expect(code == 405, "POST /kv/k: expected 405, got %s", kvs_code(code));
	cr_expect(h && strstr(h, "\r\nAllow: GET, PUT, DELETE\r\n"),
		  "the 405 response should carry \"Allow: GET, PUT, DELETE\"; its head was:\n%s",
		  h ? h : "(none)");
	free(h);
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(http, put_without_length_is_411,
       .description = "a PUT without Content-Length answers 411 Length Required [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	int code = kvs_curl(&s, "PUT", "/kv/k", NULL, "body", NULL, 0);
	cr_expect(code == 411, "curl -X PUT with no body (no Content-Length): expected 411, got %s", kvs_code(code));
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(http, one_mib_value_arrives_whole,
       .description = "a value of exactly 1 MiB is stored (201) and comes back whole [sockets#partial-io]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	size_t len = 1 << 20;
	char *v = make_value(len, 3);
	graded_write_file("value", v, len);
	int put = kvs_curl(&s, "PUT", "/kv/big", "value", "body", NULL, 0);
	int get = kvs_curl(&s, "GET", "/kv/big", NULL, "got", NULL, 0);
	cr_expect(put == 201, "PUT of a 1048576-byte value: expected 201, got %s", kvs_code(put));
	cr_expect(get == 200, "GET of it: expected 200, got %s", kvs_code(get));
	expect_file("got", v, len, "GET /kv/big");
	free(v);
	kvs_stop(&s, SIGKILL, 2);
}

GRADED(http, over_one_mib_is_413,
       .description = "a PUT body over 1 MiB answers 413 and stores nothing [sockets#http]",
       .timeout = 15)
{
	struct kvs s;
	kvs_start(&s, 0, 0);
	value_file("value", (1 << 20) + 1, 4);
	int put = kvs_curl(&s, "PUT", "/kv/huge", "value", "body", NULL, 0);
	int get = kvs_curl(&s, "GET", "/kv/huge", NULL, "body", NULL, 0);
	cr_expect(put == 413, "PUT of a 1048577-byte value: expected 413, got %s", kvs_code(put));
	cr_expect(get == 404, "GET of the refused key: expected 404, got %s", kvs_code(get));
	kvs_stop(&s, SIGKILL, 2);
}
