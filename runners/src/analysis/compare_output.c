// SPDX-License-Identifier: GPL-2.0
/*
 * The three renderings of a comparison (compare.h): a terminal table, a
 * Markdown table for pull requests, and a JSON report (results/VERDICT.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/compare.h"
#include "analysis/compare_geomean.h"
#include "analysis/compare_output.h"

int compare_output_format_parse(const char *s, enum compare_format *f)
{
	if (!strcmp(s, "table"))
		*f = COMPARE_FORMAT_TABLE;
	else if (!strcmp(s, "markdown") || !strcmp(s, "md"))
		*f = COMPARE_FORMAT_MARKDOWN;
	else if (!strcmp(s, "json"))
		*f = COMPARE_FORMAT_JSON;
	else if (!strcmp(s, "csv"))
		*f = COMPARE_FORMAT_CSV;
	else
		return -1;
	return 0;
}

/* What the headings say about one side; "?" for what it does not record. */
struct side_text {
	const char *kernel, *mode, *date, *git_rev, *cpu_model;
};

static const char *known(const char *s)
{
	return s ? s : "?";
}

static struct side_text side_text(const struct results_model *doc)
{
	const struct results_model_context *c = doc ? &doc->context : NULL;

	return (struct side_text){
		.kernel = known(c ? c->kernel_release : NULL),
		.mode = known(c ? c->mode : NULL),
		.date = known(c ? c->date : NULL),
		.git_rev = known(c ? c->hmmbench_git_rev : NULL),
		.cpu_model = known(c ? c->cpu_model : NULL),
	};
}

static void side_line(FILE *out, const char *label, const char *file,
		      const struct results_model *doc)
{
	struct side_text t = side_text(doc);

	fprintf(out, "%s: %s (kernel %s, %s, %s, hmmbench %s)\n", label, file, t.kernel, t.mode,
		t.date, t.git_rev);
}

/* "+10.2% [+9.8, +10.6]" or "n/a". */
static void change_text(const struct compare_metric *m, char *buf, size_t len)
{
	if (isnan(m->ratio)) {
		snprintf(buf, len, "n/a");
		return;
	}
	if (isnan(m->ratio_ci.low))
		snprintf(buf, len, "%+.2f%%", 100 * (m->ratio - 1));
	else
		snprintf(buf, len, "%+.2f%% [%+.2f, %+.2f]", 100 * (m->ratio - 1),
			 100 * (m->ratio_ci.low - 1), 100 * (m->ratio_ci.high - 1));
}

static void p_text(double p, char *buf, size_t len)
{
	if (isnan(p))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.3g", p);
}

static const char *colour_of(enum compare_verdict v)
{
	switch (v) {
	case COMPARE_REGRESSION:
		return "\033[1;31m";
	case COMPARE_IMPROVEMENT:
		return "\033[1;32m";
	case COMPARE_UNKNOWN:
		return "\033[33m";
	default:
		return "";
	}
}

static void summary_line(FILE *out, const struct compare_report *r)
{
	fprintf(out, "%zu configurations: %zu same, %zu regression, %zu improvement, %zu unknown"
		" -> %s (exit %d)\n", r->nr_rows, r->counts[COMPARE_SAME],
		r->counts[COMPARE_REGRESSION], r->counts[COMPARE_IMPROVEMENT],
		r->counts[COMPARE_UNKNOWN], compare_overall(r), compare_exit_code(r));
}

/* How far a change is from none, for sorting: |log ratio|; no ratio sorts last. */
static double change_size(const struct compare_metric *m)
{
	return m->ratio > 0 ? fabs(log(m->ratio)) : -1;
}

static const struct compare_report *sort_report;

static int cmp_by_change(const void *a, const void *b)
{
	double x = change_size(&sort_report->rows[*(const size_t *)a].time);
	double y = change_size(&sort_report->rows[*(const size_t *)b].time);

	return (x < y) - (x > y);
}

/* Indexes of the rows with verdict @v, largest change first; NULL when none (or no memory). */
static size_t *rows_by_change(const struct compare_report *r, enum compare_verdict v, size_t *n)
{
	size_t *idx = malloc((r->nr_rows ? r->nr_rows : 1) * sizeof(*idx));

	*n = 0;
	if (!idx)
		return NULL;
	for (size_t i = 0; i < r->nr_rows; i++)
		if (r->rows[i].time.verdict == v)
			idx[(*n)++] = i;
	/* qsort has no context argument in C11; the report is only read. */
	sort_report = r;
	qsort(idx, *n, sizeof(*idx), cmp_by_change);
	return idx;
}

static void table_header(FILE *out)
{
	fprintf(out, "%-11s  %-28s  %12s  %12s  %8s  %8s  %s\n", "verdict", "change [95% CI]",
		"base ns/page", "new ns/page", "p(MWU)", "p(KS)", "configuration");
}

static void table_row(FILE *out, const struct compare_row *row, int colour)
{
	const struct compare_metric *m = &row->time;
	char change[64], pm[32], pk[32];

	change_text(m, change, sizeof(change));
	p_text(m->mwu_p, pm, sizeof(pm));
	p_text(m->ks_p, pk, sizeof(pk));
	fprintf(out, "%s%-11s%s  %-28s  %12.4g  %12.4g  %8s  %8s  %s\n",
		colour ? colour_of(m->verdict) : "", compare_verdict_name(m->verdict),
		colour && *colour_of(m->verdict) ? "\033[0m" : "", change, m->base_median,
		m->new_median, pm, pk, row->name);
}

/* Why the verdict, and the counters that explain a change. */
static void row_details(FILE *out, const struct compare_row *row)
{
	char change[64];

	fprintf(out, "%13s(%s)\n", "", row->time.reason);
	for (size_t k = 0; k < row->nr_counters; k++) {
		const struct compare_metric *cm = &row->counters[k].metric;

		if (isnan(cm->ratio))
			continue;	/* zero counts: nothing to explain (JSON keeps it) */
		change_text(cm, change, sizeof(change));
		fprintf(out, "%13s%s: %s per page %.4g -> %.4g (%s)\n", "", row->counters[k].name,
			change, cm->base_median, cm->new_median, compare_verdict_name(cm->verdict));
	}
}

static void print_changes(FILE *out, const struct compare_report *r, int colour)
{
	static const enum compare_verdict order[] = {
		COMPARE_REGRESSION, COMPARE_IMPROVEMENT, COMPARE_UNKNOWN,
	};
	size_t changes = r->counts[COMPARE_REGRESSION] + r->counts[COMPARE_IMPROVEMENT] +
			 r->counts[COMPARE_UNKNOWN];

	if (!changes) {
		fprintf(out, "\nno changes: every configuration is the same within +-%.3g%%\n",
			100 * r->threshold);
		return;
	}
	fprintf(out, "\nchanges (%zu regression, %zu improvement, %zu unknown; largest first):\n",
		r->counts[COMPARE_REGRESSION], r->counts[COMPARE_IMPROVEMENT],
		r->counts[COMPARE_UNKNOWN]);
	table_header(out);
	for (size_t v = 0; v < sizeof(order) / sizeof(order[0]); v++) {
		size_t n, *idx = rows_by_change(r, order[v], &n);

		for (size_t i = 0; idx && i < n; i++) {
			table_row(out, &r->rows[idx[i]], colour);
			row_details(out, &r->rows[idx[i]]);
		}
		free(idx);
	}
}

/*
 * The geometric means, @heading first, then @row_format per group with a
 * ratio (its group, change in percent and configuration count), for the
 * table and the Markdown alike.
 */
static void print_geomeans(FILE *out, const struct compare_report *r, const char *heading,
			   const char *row_format)
{
	struct compare_geomean *g;
	size_t n;

	if (compare_geomean_compute(r, &g, &n))
		return;
	fputs(heading, out);
	for (size_t i = 0; i < n; i++)
		if (g[i].n)
			fprintf(out, row_format, g[i].group, 100 * (g[i].ratio - 1), g[i].n);
	free(g);
}

void compare_output_table(FILE *out, const struct compare_report *r,
			 const struct compare_sides *s, int colour)
{
	side_line(out, "base", s->base_file, s->base);
	side_line(out, "new ", s->new_file, s->new_);
	fprintf(out, "threshold +-%.3g%%, alpha %g, %g%% bootstrap CI of the median ratio "
		"(%zu resamples), Mann-Whitney U decides\n", 100 * r->threshold,
		r->options.alpha, 100 * r->options.ci_level, r->options.resamples);
	if (r->options.only)
		fprintf(out, "only the configurations matching %s\n", r->options.only);
	for (size_t i = 0; i < r->nr_warnings; i++)
		fprintf(out, "warning: %s\n", r->warnings[i]);
	print_changes(out, r, colour);
	print_geomeans(out, r, "\ngeometric mean of new/base per (operation, page kind):\n",
		       "  %-28s  %+8.2f%%  over %zu configurations\n");
	fprintf(out, "\nall configurations:\n");
	table_header(out);
	for (size_t i = 0; i < r->nr_rows; i++)
		table_row(out, &r->rows[i], colour);
	if (r->nr_only_base || r->nr_only_new)
		fprintf(out, "\nnot compared: %zu only in base, %zu only in new\n", r->nr_only_base,
			r->nr_only_new);
	fprintf(out, "\n");
	summary_line(out, r);
}

/* A CSV field: quoted, with quotes doubled, when it holds a comma, quote or newline. */
static void csv_text(FILE *out, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* A number, empty when absent (spreadsheets read an empty cell as no value). */
static void csv_number(FILE *out, double v)
{
	fputc(',', out);
	if (isfinite(v))
		fprintf(out, "%.10g", v);
}

static void csv_param(FILE *out, const json_t *params, const char *key)
{
	const json_t *v = results_model_param(params, key);

	fputc(',', out);
	if (json_is_integer(v))
		fprintf(out, "%lld", (long long)json_integer_value(v));
	else
		csv_text(out, json_string_value(v));
}

void compare_output_csv(FILE *out, const struct compare_report *r)
{
	static const char *const params[] = { "op", "kind", "size", "format", "pattern" };

	fprintf(out, "configuration,op,kind,size,format,pattern,verdict,base_ns_per_page,"
		"new_ns_per_page,change_pct,ci_low_pct,ci_high_pct,mwu_p,ks_p,n_base,n_new,reason\n");
	for (size_t i = 0; i < r->nr_rows; i++) {
		const struct compare_row *row = &r->rows[i];
		const struct compare_metric *m = &row->time;

		csv_text(out, row->name);
		for (size_t k = 0; k < sizeof(params) / sizeof(params[0]); k++)
			csv_param(out, row->parameters, params[k]);
		fprintf(out, ",%s", compare_verdict_name(m->verdict));
		csv_number(out, m->base_median);
		csv_number(out, m->new_median);
		csv_number(out, 100 * (m->ratio - 1));
		csv_number(out, 100 * (m->ratio_ci.low - 1));
		csv_number(out, 100 * (m->ratio_ci.high - 1));
		csv_number(out, m->mwu_p);
		csv_number(out, m->ks_p);
		fprintf(out, ",%zu,%zu,", m->n_base, m->n_new);
		csv_text(out, m->reason);
		fputc('\n', out);
	}
}

static const char *md_mark(enum compare_verdict v)
{
	switch (v) {
	case COMPARE_REGRESSION:
		return ":red_circle: **regression**";
	case COMPARE_IMPROVEMENT:
		return ":green_circle: improvement";
	case COMPARE_UNKNOWN:
		return ":grey_question: unknown";
	default:
		return "same";
	}
}

void compare_output_markdown(FILE *out, const struct compare_report *r,
			    const struct compare_sides *s)
{
	struct side_text b = side_text(s->base), n = side_text(s->new_);
	char change[64], pm[32], pk[32];

	fprintf(out, "### hmmbench compare: %s\n\n", compare_overall(r));
	fprintf(out, "| | file | kernel | mode | date | hmmbench |\n|---|---|---|---|---|---|\n");
	fprintf(out, "| base | `%s` | %s | %s | %s | %s |\n", s->base_file, b.kernel, b.mode,
		b.date, b.git_rev);
	fprintf(out, "| new | `%s` | %s | %s | %s | %s |\n\n", s->new_file, n.kernel, n.mode,
		n.date, n.git_rev);
	fprintf(out, "Threshold ±%.3g%%, alpha %g; a change counts when Mann-Whitney U is "
		"significant and the whole %g%% bootstrap CI of the median ratio is beyond the "
		"threshold.\n\n", 100 * r->threshold, r->options.alpha, 100 * r->options.ci_level);
	for (size_t i = 0; i < r->nr_warnings; i++)
		fprintf(out, "> **warning:** %s\n", r->warnings[i]);
	if (r->nr_warnings)
		fprintf(out, "\n");
	fprintf(out, "| configuration | base ns/page | new ns/page | change [95%% CI] | p (MWU) "
		"| p (KS) | verdict |\n|---|---:|---:|---|---:|---:|---|\n");
	for (size_t i = 0; i < r->nr_rows; i++) {
		const struct compare_metric *m = &r->rows[i].time;

		change_text(m, change, sizeof(change));
		p_text(m->mwu_p, pm, sizeof(pm));
		p_text(m->ks_p, pk, sizeof(pk));
		fprintf(out, "| `%s` | %.4g | %.4g | %s | %s | %s | %s |\n", r->rows[i].name,
			m->base_median, m->new_median, change, pm, pk, md_mark(m->verdict));
	}
	print_geomeans(out, r, "\n| geometric mean of new/base | change | configurations |\n"
		       "|---|---:|---:|\n", "| %s | %+.2f%% | %zu |\n");
	fprintf(out, "\n**Summary:** ");
	summary_line(out, r);
}

/* JSON has no NaN: absent figures are null. */
static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *metric_json(const struct compare_metric *m)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:[o, o], s:I, s:o, s:o, s:b, s:s, s:s}",
			 "n_base", (json_int_t)m->n_base, "n_new", (json_int_t)m->n_new,
			 "base_median", num(m->base_median), "new_median", num(m->new_median),
			 "ratio", num(m->ratio),
			 "change_pct", num(isnan(m->ratio) ? NAN : 100 * (m->ratio - 1)),
			 "ratio_ci", num(m->ratio_ci.low), num(m->ratio_ci.high),
			 "ratio_ci_zero_base", (json_int_t)m->ratio_ci.zero_base,
			 "mwu_p", num(m->mwu_p), "ks_p", num(m->ks_p), "constant", m->constant,
			 "verdict", compare_verdict_name(m->verdict), "reason", m->reason);
}

static json_t *side_json(const char *file, const struct results_model *doc)
{
	struct side_text t = side_text(doc);

	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "file", file, "kernel", t.kernel,
			 "mode", t.mode, "date", t.date, "hmmbench_git_rev", t.git_rev,
			 "cpu_model", t.cpu_model);
}

static json_t *strings_json(char **s, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

static json_t *geomeans_json(const struct compare_report *r)
{
	struct compare_geomean *g;
	json_t *a;
	size_t n;

	if (compare_geomean_compute(r, &g, &n))
		return NULL;
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:I, s:o, s:o}", "group", g[i].group,
						   "configurations", (json_int_t)g[i].n,
						   "ratio", num(g[i].ratio),
						   "change_pct", num(100 * (g[i].ratio - 1))));
	free(g);
	return a;
}

json_t *compare_output_json(const struct compare_report *r, const struct compare_sides *s)
{
	return compare_output_json_annotated(r, s, NULL, NULL);
}

json_t *compare_output_json_annotated(const struct compare_report *r,
				      const struct compare_sides *s,
				      void (*annotate)(json_t *entry, size_t row, void *ctx), void *ctx)
{
	json_t *configs = json_array(), *doc;

	for (size_t i = 0; configs && i < r->nr_rows; i++) {
		const struct compare_row *row = &r->rows[i];
		json_t *counters = json_object();
		json_t *c = metric_json(&row->time);

		for (size_t k = 0; counters && k < row->nr_counters; k++)
			json_object_set_new(counters, row->counters[k].name,
					    metric_json(&row->counters[k].metric));
		if (!c || !counters) {
			json_decref(c);
			json_decref(counters);
			json_decref(configs);
			return NULL;
		}
		json_object_set_new(c, "name", json_string(row->name));
		json_object_set(c, "parameters", row->parameters);
		json_object_set_new(c, "unit", json_string("ns/page"));
		json_object_set_new(c, "counters", counters);
		if (annotate)
			annotate(c, i, ctx);
		json_array_append_new(configs, c);
	}
	doc = json_pack("{s:i, s:o, s:o, s:{s:f, s:f, s:f, s:I, s:I, s:I, s:s, s:b, s:s?}, s:o, "
			"s:{s:I, s:I, s:I, s:I, s:I, s:s, s:i}, s:o, s:o, s:o, s:o}",
			"hmmbench_compare", 1,
			"base", side_json(s->base_file, s->base),
			"new", side_json(s->new_file, s->new_),
			"options", "threshold", r->threshold, "alpha", r->options.alpha,
			"ci_level", r->options.ci_level, "resamples", (json_int_t)r->options.resamples,
			"seed", (json_int_t)r->options.seed,
			"min_samples", (json_int_t)r->options.min_samples,
			"test", "mann-whitney-u", "forced", r->options.force, "only", r->options.only,
			"warnings", strings_json(r->warnings, r->nr_warnings),
			"summary", "configurations", (json_int_t)r->nr_rows,
			"same", (json_int_t)r->counts[COMPARE_SAME],
			"regression", (json_int_t)r->counts[COMPARE_REGRESSION],
			"improvement", (json_int_t)r->counts[COMPARE_IMPROVEMENT],
			"unknown", (json_int_t)r->counts[COMPARE_UNKNOWN],
			"verdict", compare_overall(r), "exit_code", compare_exit_code(r),
			"configurations", configs, "geomean", geomeans_json(r),
			"only_in_base", strings_json(r->only_base, r->nr_only_base),
			"only_in_new", strings_json(r->only_new, r->nr_only_new));
	return doc;
}
