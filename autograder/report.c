/* report.c - the report a student reads, and results.json for machines
 *
 * The terminal report is a table of checks, then every failure with what
 * happened and where to read more, then the total on the last line.
 * results.json has Gradescope's shape; its tests' scores add up to the total.
 */
#define _GNU_SOURCE
#include "report.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int use_colour(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	return isatty(fileno(f)) && !(nc && nc[0]) && getenv("TERM") &&
	       strcmp(getenv("TERM"), "dumb") != 0;
}

static const char *col(FILE *f, const char *code)
{
	return use_colour(f) ? code : "";
}

/* "chapters/pipes/index.md#anchor" and the book URL when one is set. */
static char *hint_text(struct grade *g, const char *hint)
{
	char *hash = strchr(hint, '#');
	if (!hash)
		return xstrdup(hint);
	char *chapter = strndup(hint, hash - hint);
	const char *url = getenv("BOOK_URL");
	size_t n = url ? strlen(url) : 0;
	const char *slash = n && url[n - 1] == '/' ? "" : "/";
	char *r = n ? xprintf("read chapters/%s/index.md%s, online %s%s%s/%s", chapter, hash, url,
			      slash, chapter, hash)
		    : xprintf("read chapters/%s/index.md%s", chapter, hash);
	(void)g;
	free(chapter);
	return r;
}

/* The description without its trailing "[chapter#anchor]". */
static char *plain_description(const struct item *it)
{
	char *d = xstrdup(it->description);
	char *br = strrchr(d, '[');
	if (br && it->hint) {
		*br = '\0';
		while (br > d && br[-1] == ' ')
			*--br = '\0';
	}
	return d;
}

static void print_failure(struct grade *g, const struct item *it, FILE *f, const char *red,
			  const char *off)
{
	int named = strcmp(it->name, it->check->name) != 0 && it->check != &check_behaviour;
	fprintf(f, "\n%s%s %s%s%s (%d/%d)%s\n", red, it->verdict == NOT_GRADED ? "?" : "✗",
		named ? it->check->name : "", named ? ": " : "", it->name, it->score, it->max, off);
	if (it->description && it->description[0]) {
		char *d = plain_description(it);
		fprintf(f, "  checks: %s\n", d);
		free(d);
	}
	if (it->output) {
		char *ind = indent(it->output, "    ");
		fprintf(f, "  happened:\n%s", ind);
		free(ind);
	}
	if (it->reproduce)
		fprintf(f, "  by hand: %s\n", it->reproduce);
	if (it->hint) {
		char *h = hint_text(g, it->hint);
		fprintf(f, "  hint: %s\n", h);
		free(h);
	}
}

/* Skipped items are said once per check: "49 tests not run: no build". */
static void print_skipped(const struct check_score *r, struct item **items, int n, FILE *f)
{
	int skipped = 0;
	const char *why = NULL;
	for (int i = 0; i < n; i++)
		if (items[i]->check == r->check && items[i]->verdict == SKIPPED) {
			skipped++;
			why = why ? why : items[i]->output;
		}
	if (skipped)
		fprintf(f, "\n- %s: %d %s %s\n", r->check->name, skipped,
			skipped == 1 ? "item" : r->check->unit, why);
}

static void print_table(struct grade *g, const struct score *s, FILE *f, const char *green,
			const char *red, const char *off)
{
	fprintf(f, "\n  %-11s %7s  %s\n", "check", "points", "result");
	for (int c = 0; c < s->nrows; c++) {
		const struct check_score *r = &s->rows[c];
		char pts[32];
		snprintf(pts, sizeof pts, "%d/%d", r->score, r->max);
		fprintf(f, "  %-11s %s%7s%s  %s\n", r->check->name, r->score == r->max ? green : red,
			pts, off, r->summary);
	}
	if (g->coverage_report)
		fprintf(f, "\n  coverage report: %s\n", g->coverage_report);
}

/* "What to fix" and "Not run", check by check in table order. */
static void print_problems(struct grade *g, const struct score *s, FILE *f, const char *bold,
			   const char *red, const char *off)
{
	int failures = 0;
	for (int c = 0; c < s->nrows; c++)
		for (int i = 0; i < g->nitems; i++) {
			struct item *it = g->items[i];
			if (it->check != s->rows[c].check || it->verdict == PASSED ||
			    it->verdict == SKIPPED)
				continue;
			if (!failures++)
				fprintf(f, "\n%sWhat to fix%s\n", bold, off);
			print_failure(g, it, f, red, off);
		}
	int said = 0;
	for (int c = 0; c < s->nrows; c++)
		for (int i = 0; i < g->nitems && !said; i++)
			if (g->items[i]->check == s->rows[c].check && g->items[i]->verdict == SKIPPED)
				said = 1;
	if (said) {
		fprintf(f, "\n%sNot run%s\n", bold, off);
		for (int c = 0; c < s->nrows; c++)
			print_skipped(&s->rows[c], g->items, g->nitems, f);
	}
}

void report_print(struct grade *g, const struct score *s, FILE *f)
{
	const char *bold = col(f, "\033[1m"), *red = col(f, "\033[31m"),
		   *green = col(f, "\033[32m"), *off = col(f, "\033[0m");
	fprintf(f, "\n%s%s: %s%s\n", bold, g->lab->name, g->lab->title, off);
	fprintf(f, "graded: %s\n", g->impl_label);
	if (g->partial)
		fprintf(f, "partial: %s; the total below is not a grade\n",
			g->test_glob ? "only the build and the tests you chose (test=...)"
			: g->only    ? "only the checks asked for (--checks)"
				     : "grading stopped at the first lost point (--first-loss)");
	/* Watching, the table comes last: it is what stays on the screen. */
	if (g->table_last) {
		print_problems(g, s, f, bold, red, off);
		print_table(g, s, f, green, red, off);
	} else {
		print_table(g, s, f, green, red, off);
		print_problems(g, s, f, bold, red, off);
	}
	fprintf(f, "\n%s%s: %d/%d%s%s\n", bold, g->lab->name, s->total, s->max,
		g->partial ? " (partial)" : "", off);
}

int report_write_json(struct grade *g, const struct score *s, const char *path)
{
	int max = s->max, score = s->total;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "score", score);
	cJSON_AddNumberToObject(root, "max_score", max);
	cJSON_AddNumberToObject(root, "execution_time", (int)(g->seconds + 0.5));
	char *out = xprintf("%s: %d/%d", g->lab->name, score, max);
	cJSON_AddStringToObject(root, "output", out);
	free(out);
	cJSON *tests = cJSON_AddArrayToObject(root, "tests");
	for (int i = 0; i < g->nitems; i++) {
		struct item *it = g->items[i];
		cJSON *t = cJSON_CreateObject();
		char *name = strcmp(it->name, it->check->name) ?
			     xprintf("%s: %s", it->check->name, it->name) : xstrdup(it->name);
		cJSON_AddStringToObject(t, "name", name);
		cJSON_AddNumberToObject(t, "score", it->score);
		cJSON_AddNumberToObject(t, "max_score", it->max);
		cJSON_AddStringToObject(t, "status", it->verdict == PASSED ? "passed" : "failed");
		struct sbuf o;
		sbuf_init(&o);
		if (it->verdict == NOT_GRADED)
			sbuf_printf(&o, "NOT GRADED. ");
		if (it->verdict == PASSED && it->score < it->max)
			sbuf_printf(&o, "passed; worth %d of %d: these points follow behaviour. ",
				    it->score, it->max);
		if (it->output)
			sbuf_printf(&o, "%s", it->output);
		if (it->hint && it->verdict != PASSED)
			sbuf_printf(&o, "\nhint: chapters/%.*s/index.md%s",
				    (int)strcspn(it->hint, "#"), it->hint, strchr(it->hint, '#') ?: "");
		cJSON_AddStringToObject(t, "output", o.s);
		sbuf_free(&o);
		cJSON *tags = cJSON_AddArrayToObject(t, "tags");
		cJSON_AddItemToArray(tags, cJSON_CreateString(it->check->name));
		cJSON_AddItemToArray(tests, t);
		free(name);
	}
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	char *tmp = xprintf("%s.tmp", path);
	int rc = write_file(tmp, text) == 0 && rename(tmp, path) == 0 ? 0 : -1;
	free(tmp);
	free(text);
	return rc;
}

int report_write_timings(struct grade *g, const char *path)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *secs = cJSON_AddObjectToObject(root, "seconds");
	for (int i = 0; i < g->nitems; i++) {
		struct item *it = g->items[i];
		if (it->seconds <= 0)
			continue;
		char *key = it->check == &check_behaviour || !strcmp(it->name, it->check->name) ?
			    xstrdup(it->name) : xprintf("%s/%s", it->check->name, it->name);
		cJSON_AddNumberToObject(secs, key, it->seconds);
		free(key);
	}
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	int rc = write_file(path, text);
	free(text);
	return rc;
}
