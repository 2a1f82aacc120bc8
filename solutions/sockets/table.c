/* table.c - the shared key-value table: a hash table behind one mutex
 *
 * Every connection thread of the server reads and writes this table, so
 * each public function takes the table's mutex for the whole of its work.
 * Values are copied in and copied out: no pointer into the table ever leaves
 * the lock, so a value can be replaced or deleted while another thread is
 * still sending the old one.
 */
#include "kv.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 4096

struct entry {
	struct entry *next;     /* the next entry in the same bucket */
	char *key;              /* NUL-terminated, owned */
	char *val;              /* len bytes, owned (never NULL) */
	size_t len;             /* bytes in val */
};

struct kv_table {
	pthread_mutex_t lock;   /* guards everything below */
	struct entry *buckets[NBUCKETS]; /* chains of entries */
	struct kv_stats stats;  /* counters for the stats port */
};

/* FNV-1a: a short, well-spread hash for short strings. */
static size_t bucket_of(const char *key)
{
	unsigned long h = 2166136261u;
	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h % NBUCKETS;
}

/* A malloc'd copy of len bytes (at least one byte allocated), or NULL. */
static char *copy_bytes(const void *p, size_t len)
{
	char *c = malloc(len ? len : 1);
	if (c && len)
		memcpy(c, p, len);
	return c;
}

/* The link that points at key's entry (or at NULL if there is none).
 * The caller holds the lock. */
static struct entry **find(struct kv_table *t, const char *key)
{
	struct entry **e = &t->buckets[bucket_of(key)];
	while (*e && strcmp((*e)->key, key) != 0)
		e = &(*e)->next;
	return e;
}

struct kv_table *kv_table_new(void)
{
	struct kv_table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	int err = pthread_mutex_init(&t->lock, NULL);
	if (err) {
		free(t);
		errno = err;
		return NULL;
	}
	return t;
}

void kv_table_free(struct kv_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < NBUCKETS; i++) {
		struct entry *e = t->buckets[i];
		while (e) {
			struct entry *next = e->next;
			free(e->key);
			free(e->val);
			free(e);
			e = next;
		}
	}
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* Put a new entry at the head of the chain *link.  Returns 1, or -1 when
 * out of memory.  The caller holds the lock. */
static int insert(struct kv_table *t, struct entry **link, const char *key, char *val, size_t len)
{
	struct entry *e = malloc(sizeof *e);
	char *k = copy_bytes(key, strlen(key) + 1);
	if (!e || !k) {
		free(e);
		free(k);
		return -1;
	}
	*e = (struct entry){.next = *link, .key = k, .val = val, .len = len};
	*link = e;
	t->stats.keys++;
	return 1;
}

int kv_put(struct kv_table *t, const char *key, const void *val, size_t len)
{
	char *copy = copy_bytes(val, len);   /* copied before taking the lock */
	if (!copy)
		return -1;
	pthread_mutex_lock(&t->lock);
	t->stats.puts++;
	struct entry **link = find(t, key);
	int rc;
	if (*link) {
		free((*link)->val);
		(*link)->val = copy;
		(*link)->len = len;
		rc = 0;
	} else {
		rc = insert(t, link, key, copy, len);
		if (rc < 0)
			free(copy);
	}
	pthread_mutex_unlock(&t->lock);
	return rc;
}

int kv_get(struct kv_table *t, const char *key, char **val, size_t *len)
{
	pthread_mutex_lock(&t->lock);
	t->stats.gets++;
	struct entry *e = *find(t, key);
	*val = e ? copy_bytes(e->val, e->len) : NULL;
	if (*val)
		*len = e->len;
	pthread_mutex_unlock(&t->lock);
	return *val ? 0 : -1;
}

int kv_delete(struct kv_table *t, const char *key)
{
	pthread_mutex_lock(&t->lock);
	t->stats.deletes++;
	struct entry **link = find(t, key);
	struct entry *e = *link;
	if (e) {
		*link = e->next;
		t->stats.keys--;
	}
	pthread_mutex_unlock(&t->lock);
	if (!e)
		return 0;
	free(e->key);
	free(e->val);
	free(e);
	return 1;
}

void kv_table_stats(struct kv_table *t, struct kv_stats *st)
{
	pthread_mutex_lock(&t->lock);
	*st = t->stats;
	pthread_mutex_unlock(&t->lock);
}
