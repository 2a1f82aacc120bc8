/* report.c - the report a student reads, and results.json for machines
 *
 * The terminal report is a table of checks, then every failure with what
 * happened and where to read more, then the total on the last line.
 * results.json has Gradescope's shape; its tests' scores add up to the total.
 */
#define _GNU_SOURCE
#include "grade.h"

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

static int total_score(struct grade *g, int *max)
{
	int s = 0;
	*max = 0;
	for (int c = 0; c < NCHECKS; c++) {
		s += g->checks[c].score;
		*max += g->checks[c].max;
	}
	return s;
}

/* "chapters/pipes/index.md#anchor" and the book URL when one is set. */
static char *hint_text(struct grade *g, const char *hint)
{
	char *hash = strchr(hint, '#');
	if (!hash)
		return xstrdup(hint);
	char *chapter = strndup(hint, hash - hint);
	const char *url = getenv("BOOK_URL");
	char *r = url && url[0] ? xprintf("read chapters/%s/index.md%s, online %s%s/%s", chapter,
					  hash, url, chapter, hash)
				: xprintf("read chapters/%s/index.md%s", chapter, hash);
	(void)g;
	free(chapter);
	return r;
}

void report_print(struct grade *g, FILE *f)
{
	const char *bold = col(f, "\033[1m"), *red = col(f, "\033[31m"),
		   *green = col(f, "\033[32m"), *off = col(f, "\033[0m");
	fprintf(f, "\n%s%s: %s%s\n", bold, g->lab->name, g->lab->title, off);
	fprintf(f, "graded: %s\n\n", g->impl_label);
	fprintf(f, "  %-10s %7s  %s\n", "check", "points", "result");
	for (int c = 0; c < NCHECKS; c++) {
		struct check_result *r = &g->checks[c];
		if (!r->max)
			continue;
		const char *colour = r->score == r->max ? green : red;
		char pts[32];
		snprintf(pts, sizeof pts, "%d/%d", r->score, r->max);
		fprintf(f, "  %-10s %s%7s%s  %s\n", check_names[c], colour, pts, off,
			r->summary ? r->summary : "");
	}
	if (g->coverage_report)
		fprintf(f, "\n  coverage report: %s\n", g->coverage_report);

	int failures = 0;
	for (int i = 0; i < g->nitems; i++) {
		struct item *it = g->items[i];
		if (it->verdict == PASSED)
			continue;
		if (!failures++)
			fprintf(f, "\n%sWhat to fix%s\n", bold, off);
		fprintf(f, "\n%s%s %s (%d/%d)%s\n", red, it->verdict == NOT_GRADED ? "?" : "✗",
			it->name, it->score, it->max, off);
		if (it->description && it->description[0]) {
			char *d = xstrdup(it->description);
			char *br = strrchr(d, '[');
			if (br && it->hint)
				while (br > d && br[-1] == ' ')
					*--br = '\0';
			if (br && it->hint)
				*br = '\0';
			fprintf(f, "  checks: %s\n", d);
			free(d);
		}
		if (it->output) {
			char *ind = indent(it->output, "    ");
			fprintf(f, "  happened:\n%s", ind);
			free(ind);
		}
		if (it->hint) {
			char *h = hint_text(g, it->hint);
			fprintf(f, "  hint: %s\n", h);
			free(h);
		}
	}
	int max, score = total_score(g, &max);
	fprintf(f, "\n%s%s: %d/%d%s\n", bold, g->lab->name, score, max, off);
}

int report_write_json(struct grade *g, const char *path)
{
	int max, score = total_score(g, &max);
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
		char *name = it->check == CHECK_BEHAVIOUR ? xprintf("behaviour: %s", it->name)
							  : xstrdup(it->name);
		cJSON_AddStringToObject(t, "name", name);
		cJSON_AddNumberToObject(t, "score", it->score);
		cJSON_AddNumberToObject(t, "max_score", it->max);
		cJSON_AddStringToObject(t, "status", it->verdict == PASSED ? "passed" : "failed");
		struct sbuf o;
		sbuf_init(&o);
		if (it->verdict == NOT_GRADED)
			sbuf_printf(&o, "NOT GRADED. ");
		if (it->output)
			sbuf_printf(&o, "%s", it->output);
		if (it->hint && it->verdict != PASSED)
			sbuf_printf(&o, "\nhint: chapters/%.*s/index.md%s",
				    (int)strcspn(it->hint, "#"), it->hint, strchr(it->hint, '#') ?: "");
		cJSON_AddStringToObject(t, "output", o.s);
		sbuf_free(&o);
		cJSON *tags = cJSON_AddArrayToObject(t, "tags");
		cJSON_AddItemToArray(tags, cJSON_CreateString(check_names[it->check]));
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
