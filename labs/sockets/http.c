/* http.c - parse HTTP/1.1 request heads and format response heads (given)
 *
 * Deliberately small: enough of RFC 9112 for GET, PUT and DELETE of opaque
 * values with Content-Length bodies.  No chunked bodies, no continuation
 * lines.  Header names are matched without regard to case, as HTTP wants.
 */
#define _GNU_SOURCE
#include "http.h"
#include "kv.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The end of the head in buf[0..len): the offset just past the blank line,
 * or 0 when there is none yet. */
static size_t head_end(const char *buf, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* One line of buf starting at *pos, without its "\r\n" or "\n", copied into
 * line[cap].  Returns its length, or -1 if it does not fit. */
static int next_line(const char *buf, size_t end, size_t *pos, char *line, size_t cap)
{
	size_t start = *pos, i = start;
	while (i < end && buf[i] != '\n')
		i++;
	size_t n = i - start;
	if (n > 0 && buf[start + n - 1] == '\r')
		n--;
	if (n >= cap)
		return -1;
	memcpy(line, buf + start, n);
	line[n] = '\0';
	*pos = i + 1;
	return (int)n;
}

static int is_token(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("!#$%&'*+-.^_`|~", *s))
			return 0;
	return 1;
}

/* "GET /kv/a HTTP/1.1": fills method and target; returns the minor version
 * (0 or 1), or -1 when malformed. */
static int parse_request_line(char *line, struct http_request *req)
{
	char *sp1 = strchr(line, ' ');
	char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || !sp2 || strchr(sp2 + 1, ' '))
		return -1;
	*sp1 = *sp2 = '\0';
	if (!is_token(line) || strlen(line) >= sizeof req->method)
		return -1;
	if (sp1[1] != '/' || strlen(sp1 + 1) >= sizeof req->target)
		return -1;
	strcpy(req->method, line);
	strcpy(req->target, sp1 + 1);
	if (strcmp(sp2 + 1, "HTTP/1.1") == 0)
		return 1;
	if (strcmp(sp2 + 1, "HTTP/1.0") == 0)
		return 0;
	return -1;
}

static int parse_length(const char *v, long *out)
{
	if (!isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	char *end;
	long n = strtol(v, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (errno || *end)
		return -1;
	if (*out >= 0 && *out != n)
		return -1;          /* two different Content-Lengths */
	*out = n;
	return 0;
}

/* One "Name: value" line; returns 0 or -1 when malformed. */
static int parse_header(char *line, struct http_request *req, int *conn_close, int *conn_keep)
{
	char *colon = strchr(line, ':');
	if (!colon || colon == line)
		return -1;
	*colon = '\0';
	if (!is_token(line))
		return -1;
	char *v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	char *e = v + strlen(v);
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	if (strcasecmp(line, "Content-Length") == 0)
		return parse_length(v, &req->content_length);
	if (strcasecmp(line, "Expect") == 0 && strcasecmp(v, "100-continue") == 0)
		req->expect_continue = 1;
	if (strcasecmp(line, "Connection") == 0) {
		if (strcasestr(v, "close"))
			*conn_close = 1;
		if (strcasestr(v, "keep-alive"))
			*conn_keep = 1;
	}
	return 0;
}

int http_parse_head(const char *buf, size_t len, struct http_request *req)
{
	size_t end = head_end(buf, len < HTTP_HEAD_MAX ? len : HTTP_HEAD_MAX);
	if (!end)
		return len >= HTTP_HEAD_MAX ? HTTP_MALFORMED : HTTP_INCOMPLETE;
	char line[HTTP_HEAD_MAX];
	size_t pos = 0;
	memset(req, 0, sizeof *req);
	req->content_length = -1;
	if (next_line(buf, end, &pos, line, sizeof line) < 0)
		return HTTP_MALFORMED;
	int minor = parse_request_line(line, req);
	if (minor < 0)
		return HTTP_MALFORMED;
	int conn_close = 0, conn_keep = 0;
	for (;;) {
		int n = next_line(buf, end, &pos, line, sizeof line);
		if (n < 0)
			return HTTP_MALFORMED;
		if (n == 0)
			break;
		if (parse_header(line, req, &conn_close, &conn_keep) < 0)
			return HTTP_MALFORMED;
	}
	req->keep_alive = minor == 1 ? !conn_close : conn_keep && !conn_close;
	req->head_len = end;
	return HTTP_COMPLETE;
}

int http_target_key(const char *target, char *key)
{
	if (strncmp(target, "/kv/", 4) != 0)
		return -1;
	const char *k = target + 4;
	size_t n = strlen(k);
	if (n == 0 || n > KV_MAX_KEY || strpbrk(k, "/?%"))
		return -1;
	memcpy(key, k, n + 1);
	return 0;
}

const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Unknown";
}

size_t http_format_head(char *out, size_t cap, int status, size_t body_len, int keep_alive)
{
	char length[64] = "", allow[64] = "";
	if (status != 204)
		snprintf(length, sizeof length, "Content-Length: %zu\r\n", body_len);
	if (status == 405)
		snprintf(allow, sizeof allow, "Allow: GET, PUT, DELETE\r\n");
	int n = snprintf(out, cap, "HTTP/1.1 %d %s\r\n%s%s%s\r\n", status, http_reason(status),
			 length, allow, keep_alive ? "" : "Connection: close\r\n");
	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}
