/* tag.h - a keyed tag for each completion marker, so that one test's marker
 * says nothing about another's
 *
 * When the official tests run side by side in one runner, they share one
 * marker file, which the code under test can read.  If a marker carried the
 * run's nonce itself, code in one test could copy it from a neighbour's
 * "end" line and forge its own.  So a marker carries a tag instead: SipHash-2-4
 * (Aumasson and Bernstein), keyed with the nonce, of "WHAT suite/name".  Only
 * a process that holds the nonce can make the tag for a given test, and a tag
 * seen for one test is no use for any other.  Criterion's report lines, written
 * by the runner into a file the code under test can also write, are tagged
 * the same way (over the whole line), so that none can be forged or edited.
 * Header-only: the grader and the tests' harness both include it.
 */
#ifndef TAG_H
#define TAG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define TAG_ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static inline void tag_round(uint64_t v[4])
{
	v[0] += v[1]; v[1] = TAG_ROTL(v[1], 13); v[1] ^= v[0]; v[0] = TAG_ROTL(v[0], 32);
	v[2] += v[3]; v[3] = TAG_ROTL(v[3], 16); v[3] ^= v[2];
	v[0] += v[3]; v[3] = TAG_ROTL(v[3], 21); v[3] ^= v[0];
	v[2] += v[1]; v[1] = TAG_ROTL(v[1], 17); v[1] ^= v[2]; v[2] = TAG_ROTL(v[2], 32);
}

static inline uint64_t tag_load64(const unsigned char *p)
{
	uint64_t x = 0;
	for (int i = 7; i >= 0; i--)
		x = x << 8 | p[i];
	return x;
}

/* SipHash-2-4 of the len bytes at msg under the 16-byte key. */
static inline uint64_t tag_siphash(const unsigned char key[16], const void *msg, size_t len)
{
	const unsigned char *m = msg;
	uint64_t k0 = tag_load64(key), k1 = tag_load64(key + 8);
	uint64_t v[4] = {k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
			 k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL};
	size_t whole = len - len % 8;
	for (size_t i = 0; i < whole; i += 8) {
		uint64_t w = tag_load64(m + i);
		v[3] ^= w;
		tag_round(v);
		tag_round(v);
		v[0] ^= w;
	}
	unsigned char last[8] = {0};
	memcpy(last, m + whole, len % 8);
	uint64_t b = (uint64_t)len << 56 | tag_load64(last);
	v[3] ^= b;
	tag_round(v);
	tag_round(v);
	v[0] ^= b;
	v[2] ^= 0xff;
	for (int i = 0; i < 4; i++)
		tag_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* The tag of the len bytes at text under the hex nonce, as 16 hex digits
 * in out (17 bytes with its '\0'). */
static inline void tag_of_bytes(const char *nonce, const void *text, size_t len, char out[17])
{
	unsigned char key[16] = {0};
	for (size_t i = 0; i < 32 && nonce[i]; i++) {
		int c = nonce[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 0;
		key[i / 2] |= (unsigned char)(i % 2 ? d : d << 4);
	}
	uint64_t t = tag_siphash(key, text, len);
	snprintf(out, 17, "%016llx", (unsigned long long)t);
	memset(key, 0, sizeof key);
}

/* The tag of "WHAT suite/name" under the hex nonce: a completion marker's. */
static inline void tag_of(const char *nonce, const char *what, const char *test, char out[17])
{
	char msg[512];
	int n = snprintf(msg, sizeof msg, "%s %s", what, test);
	tag_of_bytes(nonce, msg, n < 0 ? 0 : (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1, out);
}

#endif
