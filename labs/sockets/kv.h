/* kv.h - the key-value table and the HTTP server of the sockets lab
 *
 * Two modules, two student files:
 *  - table.c: an in-memory table from keys to byte strings, shared by every
 *    connection thread, so every function here must be safe to call from
 *    several threads at once (one mutex around the table is enough);
 *  - server.c: the sockets, the threads and the shutdown.  It listens on TCP
 *    (127.0.0.1), on an optional Unix domain socket and on an optional UDP
 *    stats port, serves GET, PUT and DELETE on /kv/KEY over HTTP/1.1, and
 *    stops cleanly on SIGINT or SIGTERM.
 *
 * http.h (given) parses request heads and formats response heads, so that
 * the work left to you is about sockets and threads, not about text.
 */
#ifndef KV_H
#define KV_H

#include <stddef.h>

/* The largest value a PUT may store; a longer body gets 413. */
#define KV_MAX_VALUE (1u << 20)
/* The longest key, in bytes. */
#define KV_MAX_KEY 250

/* ---- table.c ---- */

struct kv_table;

/* Counters of a table, as the UDP stats port reports them. */
struct kv_stats {
	unsigned long keys;     /* keys stored now */
	unsigned long gets;     /* kv_get calls so far */
	unsigned long puts;     /* kv_put calls so far */
	unsigned long deletes;  /* kv_delete calls so far */
};

/* A new empty table, or NULL (errno set) when out of memory.  Free it with
 * kv_table_free(). */
struct kv_table *kv_table_new(void);
/* Free the table and every value in it.  No other thread may use it any more. */
void kv_table_free(struct kv_table *t);

/* Store a copy of len bytes at val under key (a NUL-terminated string).
 * Returns 1 when the key was new, 0 when an old value was replaced, -1 when
 * out of memory (the table is then unchanged). */
int kv_put(struct kv_table *t, const char *key, const void *val, size_t len);

/* Look key up.  On success, returns 0 and sets *val to a malloc'd copy of
 * the value (the caller frees it; never NULL, even for an empty value) and
 * *len to its length.  Returns -1 when the key is absent or when out of
 * memory (then *val is NULL). */
int kv_get(struct kv_table *t, const char *key, char **val, size_t *len);

/* Remove key.  Returns 1 when it was there, 0 when it was not. */
int kv_delete(struct kv_table *t, const char *key);

/* Copy the counters into *st.  This function can't fail. */
void kv_table_stats(struct kv_table *t, struct kv_stats *st);

/* ---- server.c ---- */

/* What to listen on. */
struct server_config {
	int tcp_port;           /* TCP port on 127.0.0.1; 0 picks a free one */
	const char *unix_path;  /* Unix domain socket path, or NULL for none */
	int udp_port;           /* UDP stats port on 127.0.0.1; 0 picks a free one; -1 for none */
};

struct server;

/* Open every socket of cfg (bound and listening), ignore SIGPIPE, and block
 * SIGINT and SIGTERM in the calling thread so that server_serve() can take
 * them (call it before creating any other thread).  A stale socket file at
 * unix_path (left by a server that crashed) is replaced; a live one, or a
 * file that is not a socket, is an error.  The socket file is created with
 * no access for group and others (srwx------).
 * On error, prints "kvserver: cannot ...: reason" on stderr, undoes what was
 * done, and returns NULL. */
struct server *server_open(const struct server_config *cfg);

/* The ports actually bound (useful after asking for port 0); the UDP port
 * is -1 when there is none. */
int server_tcp_port(const struct server *s);
int server_udp_port(const struct server *s);

/* Serve clients, one thread per connection, until SIGINT or SIGTERM arrives
 * or server_shutdown() is called; then stop accepting, let every request in
 * flight finish, close idle connections, wait for every connection thread
 * and return 0.  Returns -1 (message on stderr) only if serving could not
 * start at all.
 * What fails while serving costs at most one connection, never the server:
 *  - accept(2) failing (EMFILE or ENFILE when descriptors run out,
 *    ECONNABORTED, ...) leaves the connection queued: serving goes on and
 *    accepts it on a later try;
 *  - a client that goes away while its answer is written (EPIPE, which
 *    must not kill the process, or ECONNRESET) has its connection closed
 *    and its thread ended; the other clients are served as before. */
int server_serve(struct server *s);

/* Ask server_serve() to stop, from any thread.  This function can't fail. */
void server_shutdown(struct server *s);

/* Close every socket, remove the Unix socket file, free s.  Call it after
 * server_serve() returned, or instead of it. */
void server_close(struct server *s);

#endif
