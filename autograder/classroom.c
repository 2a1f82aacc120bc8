/* classroom.c - turn the grader's results.json into a GitHub Classroom result
 *
 * The Classroom reporter adds up tests[].score of every runner and compares it
 * with the sum of max_score.  It silently breaks on a missing or fractional
 * score (NaN, or 0 in the exported CSV) and drops a runner whose max_score is 0,
 * so this converter always writes integers, keeps the tests' sum equal to the
 * grader's total, and still answers (with status "error") when the grader left
 * no results.json behind.  It never fails for a missing or broken input:
 * Classroom's job stops at the first failed step, before the reporter runs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "classroom.h"

/* Bytes of a test's output kept in its message; GitHub caps a step's outputs. */
#define MESSAGE_MAX 1500
/* Largest results.json read; the grader's are a few hundred kilobytes at most. */
#define RESULTS_MAX (16u << 20)

/* Read the whole file at path (NUL-terminated).  On error, NULL is returned
 * and errno is set.  The caller frees the result. */
static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			char *more;

			cap = cap ? cap * 2 : 65536;
			if (cap > RESULTS_MAX) {
				errno = EFBIG;
				goto out_free;
			}
			more = realloc(buf, cap + 1);
			if (!more)
				goto out_free;
			buf = more;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		errno = EIO;
		goto out_free;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;

out_free:
	free(buf);
	fclose(f);
	return NULL;
}

/* The base64 of len bytes of data, without line breaks.  Returns NULL when out
 * of memory.  The caller frees the result. */
char *classroom_base64(const char *data, size_t len)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *in = (const unsigned char *)data;
	char *out = malloc((len + 2) / 3 * 4 + 1), *p = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i += 3) {
		unsigned long v = (unsigned long)in[i] << 16;

		if (i + 1 < len)
			v |= (unsigned long)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		*p++ = digits[v >> 18 & 63];
		*p++ = digits[v >> 12 & 63];
		*p++ = i + 1 < len ? digits[v >> 6 & 63] : '=';
		*p++ = i + 2 < len ? digits[v & 63] : '=';
	}
	*p = '\0';
	return out;
}

/* A copy of s cut to at most MESSAGE_MAX bytes, on a UTF-8 character
 * boundary, with a note when something was cut.  NULL when out of memory. */
static char *cut_message(const char *s)
{
	static const char note[] = "\n[... cut: the whole output is in results.json]";
	size_t len = strlen(s);
	char *out;

	if (len <= MESSAGE_MAX)
		return strdup(s);
	len = MESSAGE_MAX;
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	out = malloc(len + sizeof(note));
	if (!out)
		return NULL;
	memcpy(out, s, len);
	memcpy(out + len, note, sizeof(note));
	return out;
}

/* Add one runner test to the array tests.  Returns 0, or -1 when out of memory. */
static int add_test(cJSON *tests, const char *name, const char *status,
		    long score, const char *message)
{
	cJSON *t = cJSON_CreateObject();
	char *msg = cut_message(message ? message : "");

	if (!t || !msg)
		goto out_free;
	if (!cJSON_AddStringToObject(t, "name", name) ||
	    !cJSON_AddStringToObject(t, "status", status) ||
	    !cJSON_AddNumberToObject(t, "score", (double)score) ||
	    !cJSON_AddStringToObject(t, "message", msg) ||
	    !cJSON_AddNumberToObject(t, "line_no", 0) ||
	    !cJSON_AddStringToObject(t, "test_code", "") ||
	    !cJSON_AddStringToObject(t, "filename", "") ||
	    !cJSON_AddNumberToObject(t, "duration", 0))
		goto out_free;
	free(msg);
	cJSON_AddItemToArray(tests, t);
	return 0;

out_free:
	free(msg);
	cJSON_Delete(t);
	return -1;
}

/* A runner result with status "error", score 0 and max_score max, saying why.
 * Returns NULL when out of memory. */
static cJSON *error_result(long max, const char *why)
{
	cJSON *r = cJSON_CreateObject();
	cJSON *tests = cJSON_CreateArray();

	if (!r || !tests)
		goto out_free;
	cJSON_AddItemToObject(r, "tests", tests);
	tests = NULL;
	if (!cJSON_AddNumberToObject(r, "version", 1) ||
	    !cJSON_AddStringToObject(r, "status", "error") ||
	    !cJSON_AddNumberToObject(r, "max_score", (double)max) ||
	    add_test(cJSON_GetObjectItem(r, "tests"), "grading", "error", 0, why))
		goto out_free;
	return r;

out_free:
	cJSON_Delete(tests);
	cJSON_Delete(r);
	return NULL;
}

/* Round n non-negative scores to integers whose sum is the rounded sum of the
 * scores (largest remainder first), so that the reporter's total matches the
 * grader's.  Integer scores are left as they are. */
static void integer_scores(const double *score, long *out, int n)
{
	double total = 0;
	long sum = 0, target;

	for (int i = 0; i < n; i++) {
		total += score[i];
		out[i] = (long)(score[i] + 1e-9);
		sum += out[i];
	}
	target = (long)(total + 0.5);
	while (sum < target) {
		int best = -1;
		double best_rest = -1;

		for (int i = 0; i < n; i++) {
			double rest = score[i] - (double)out[i];

			if (rest > 1e-9 && rest < 1 && rest > best_rest) {
				best = i;
				best_rest = rest;
			}
		}
		if (best < 0)
			break;
		out[best]++;
		sum++;
	}
}

/* A number member of obj, or def when it is absent or not a number. */
static double number_of(const cJSON *obj, const char *key, double def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsNumber(v) ? v->valuedouble : def;
}

/* A string member of obj, or def. */
static const char *string_of(const cJSON *obj, const char *key, const char *def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) && v->valuestring ? v->valuestring : def;
}

/* Fill the runner result r from the grader's results.  Returns 0, or -1
 * with why set when results does not have the expected shape. */
static int fill_result(cJSON *r, const cJSON *results, long max_hint,
		       char *why, size_t whylen)
{
	const cJSON *tests = cJSON_GetObjectItemCaseSensitive(results, "tests");
	const cJSON *t;
	cJSON *out;
	int n = cJSON_GetArraySize(tests), i = 0;
	double *score;
	long *points, total = 0, max;

	if (!cJSON_IsArray(tests) || n == 0) {
		snprintf(why, whylen, "results.json lists no tests");
		return -1;
	}
	max = (long)(number_of(results, "max_score", 0) + 0.5);
	if (max <= 0)
		max = max_hint;
	else if (max_hint > 0 && max != max_hint)
		fprintf(stderr, "classroom-result: the grader's max_score %ld "
			"differs from --max %ld; using %ld\n", max, max_hint, max);
	score = calloc((size_t)n, sizeof(*score));
	points = calloc((size_t)n, sizeof(*points));
	if (!score || !points) {
		snprintf(why, whylen, "out of memory");
		free(score);
		free(points);
		return -1;
	}
	cJSON_ArrayForEach(t, tests) {
		double s = number_of(t, "score", 0);

		score[i++] = s > 0 && s < 1e9 ? s : 0;
	}
	integer_scores(score, points, n);
	out = cJSON_AddArrayToObject(r, "tests");
	i = 0;
	cJSON_ArrayForEach(t, tests) {
		const char *st = string_of(t, "status", "failed");

		total += points[i];
		if (!out || add_test(out, string_of(t, "name", "unnamed test"),
				     strcmp(st, "passed") ? "fail" : "pass",
				     points[i], string_of(t, "output", ""))) {
			snprintf(why, whylen, "out of memory");
			free(score);
			free(points);
			return -1;
		}
		i++;
	}
	free(score);
	free(points);
	cJSON_AddNumberToObject(r, "version", 1);
	cJSON_AddStringToObject(r, "status", max > 0 && total >= max ? "pass" : "fail");
	cJSON_AddNumberToObject(r, "max_score", (double)max);
	return 0;
}

/* The runner result for the results file at path; an error result when it
 * cannot be read or parsed.  NULL only when out of memory. */
cJSON *classroom_runner_result(const char *path, long max_hint)
{
	char why[512];
	char *text = read_all(path);
	cJSON *results, *r;

	if (!text) {
		snprintf(why, sizeof(why), "the grader wrote no results: cannot read '%s': %s",
			 path, strerror(errno));
		return error_result(max_hint, why);
	}
	results = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsObject(results)) {
		cJSON_Delete(results);
		snprintf(why, sizeof(why), "'%s' is not a JSON object", path);
		return error_result(max_hint, why);
	}
	r = cJSON_CreateObject();
	if (r && fill_result(r, results, max_hint, why, sizeof(why))) {
		cJSON_Delete(r);
		r = error_result(max_hint, why);
	}
	cJSON_Delete(results);
	return r;
}

/* Parse "--max N"; returns 0, or -1 when N is not a non-negative integer. */
static int parse_max(const char *s, long *max)
{
	char *end;

	errno = 0;
	*max = strtol(s, &end, 10);
	return errno || end == s || *end || *max < 0 ? -1 : 0;
}

int classroom_result_main(int argc, char **argv)
{
	const char *path = NULL;
	long max = 0;
	cJSON *r;
	char *json, *b64;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--max") && i + 1 < argc) {
			if (parse_max(argv[++i], &max)) {
				fprintf(stderr, "classroom-result: --max needs a whole number, "
					"not '%s'\n", argv[i]);
				return 2;
			}
		} else if (!path && argv[i][0] != '-') {
			path = argv[i];
		} else {
			fprintf(stderr, "usage: grade classroom-result RESULTS_JSON [--max N]\n");
			return 2;
		}
	}
	if (!path) {
		fprintf(stderr, "usage: grade classroom-result RESULTS_JSON [--max N]\n");
		return 2;
	}
	r = classroom_runner_result(path, max);
	json = r ? cJSON_PrintUnformatted(r) : NULL;
	b64 = json ? classroom_base64(json, strlen(json)) : NULL;
	cJSON_Delete(r);
	free(json);
	if (!b64) {
		fprintf(stderr, "classroom-result: out of memory\n");
		return 2;
	}
	printf("%s\n", b64);
	free(b64);
	return fflush(stdout) ? 2 : 0;
}
