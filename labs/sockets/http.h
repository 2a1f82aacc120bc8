/* http.h - the little HTTP/1.1 the sockets lab needs (given, do not edit)
 *
 * A request head is the request line and the header lines, ended by an
 * empty line ("\r\n\r\n"; a bare "\n\n" is accepted too).  http_parse_head()
 * looks at the bytes received so far and says whether the head is complete,
 * still incomplete, or malformed; the body (Content-Length bytes) follows
 * the head.  http_format_head() writes the head of a response.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

/* The longest request head accepted; a longer one is malformed. */
#define HTTP_HEAD_MAX 8192

/* What a request head says. */
struct http_request {
	char method[16];        /* "GET", "PUT", ... (any token) */
	char target[HTTP_HEAD_MAX]; /* the request target, e.g. "/kv/apple" */
	long content_length;    /* Content-Length, or -1 when absent */
	int keep_alive;         /* 1 unless "Connection: close" (or HTTP/1.0 without keep-alive) */
	int expect_continue;    /* 1 if "Expect: 100-continue": the client waits for
				   "HTTP/1.1 100 Continue\r\n\r\n" before sending the body */
	size_t head_len;        /* bytes of the head, blank line included */
};

/* Results of http_parse_head(). */
#define HTTP_COMPLETE 1      /* req is filled in; the body starts at buf + req->head_len */
#define HTTP_INCOMPLETE 0    /* read more bytes and call again with all of them */
#define HTTP_MALFORMED (-1)  /* answer 400 and close the connection */

/* Parse the request head at the start of buf[0..len).  Returns
 * HTTP_COMPLETE, HTTP_INCOMPLETE or HTTP_MALFORMED (a bad request line or
 * header, a bad Content-Length, or no end of head within HTTP_HEAD_MAX bytes). */
int http_parse_head(const char *buf, size_t len, struct http_request *req);

/* The key of a target "/kv/KEY" (KEY: 1 to KV_MAX_KEY bytes, no '/', '?'
 * or '%'), copied into key[KV_MAX_KEY + 1].  Returns 0, or -1 when the target
 * names no key (the answer is then 404). */
int http_target_key(const char *target, char *key);

/* The reason phrase of a status code ("Created" for 201), "Unknown" if none. */
const char *http_reason(int status);

/* Write into out[0..cap) the head of a response with this status and a body
 * of body_len bytes: the status line, Content-Length (never for 204),
 * "Allow: GET, PUT, DELETE" for 405, "Connection: close" when keep_alive is
 * 0, and the blank line.  Returns its length, or 0 when cap is too small.
 * 256 bytes are always enough. */
size_t http_format_head(char *out, size_t cap, int status, size_t body_len, int keep_alive);

#endif
