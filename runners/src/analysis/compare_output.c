// SPDX-License-Identifier: GPL-2.0
/*
 * The three renderings of a comparison (compare.h): a terminal table, a
 * Markdown table for pull requests, and a JSON report (results/VERDICT.md).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/compare.h"
#include "analysis/compare_geomean.h"
#include "analysis/compare_output.h"
#include "results/report_model_write.h"

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

static void metric_model(const struct compare_metric *m, struct report_model_metric *out)
{
	*out = (struct report_model_metric){
		.n_base = (int64_t)m->n_base, .n_new = (int64_t)m->n_new,
		.base_median = m->base_median, .new_median = m->new_median,
		.ratio = m->ratio,
		.ratio_ci_low = m->ratio_ci.low, .ratio_ci_high = m->ratio_ci.high,
		.ratio_ci_zero_base = (int64_t)m->ratio_ci.zero_base,
		.mwu_p = m->mwu_p, .ks_p = m->ks_p, .constant = m->constant,
		.verdict = compare_verdict_name(m->verdict), .reason = m->reason,
	};
}

static void side_model(const char *file, const struct results_model *doc,
		       struct report_model_side *out)
{
	struct side_text t = side_text(doc);

	*out = (struct report_model_side){ .file = file, .kernel = t.kernel, .mode = t.mode,
					   .date = t.date, .hmmbench_git_rev = t.git_rev,
					   .cpu_model = t.cpu_model };
}

/* The rows of @r with their counters into @m; 0 or -ENOMEM. */
static int rows_model(const struct compare_report *r, const struct compare_output_runs *runs,
		      struct report_model_compare *m)
{
	m->rows = calloc(r->nr_rows + 1, sizeof(*m->rows));
	if (!m->rows)
		return -ENOMEM;
	for (size_t i = 0; i < r->nr_rows; i++) {
		const struct compare_row *row = &r->rows[i];
		struct report_model_compare_row *out = &m->rows[m->nr_rows++];

		out->name = row->name;
		out->parameters = row->parameters;
		metric_model(&row->time, &out->time);
		out->counters = calloc(row->nr_counters + 1, sizeof(*out->counters));
		if (!out->counters)
			return -ENOMEM;
		for (size_t k = 0; k < row->nr_counters; k++) {
			out->counters[k].name = row->counters[k].name;
			metric_model(&row->counters[k].metric, &out->counters[k].metric);
		}
		out->nr_counters = row->nr_counters;
		if (runs) {
			out->has_baseline_runs = 1;
			out->nr_baseline_runs = runs[i].nr;
			out->baseline_runs = malloc((runs[i].nr + 1) * sizeof(*out->baseline_runs));
			if (!out->baseline_runs)
				return -ENOMEM;
			memcpy(out->baseline_runs, runs[i].names, runs[i].nr * sizeof(*runs[i].names));
		}
	}
	return 0;
}

/* The report's model; its strings point into @r, @s and @g (the geometric means). */
static int report_model_of(const struct compare_report *r, const struct compare_sides *s,
			   const struct compare_geomean *g, size_t nr_g,
			   const struct compare_output_runs *runs, struct report_model_compare *m)
{
	memset(m, 0, sizeof(*m));
	side_model(s->base_file, s->base, &m->base);
	side_model(s->new_file, s->new_, &m->new_);
	m->threshold = r->threshold;
	m->alpha = r->options.alpha;
	m->ci_level = r->options.ci_level;
	m->resamples = (int64_t)r->options.resamples;
	m->seed = (int64_t)r->options.seed;
	m->min_samples = (int64_t)r->options.min_samples;
	m->forced = r->options.force;
	m->only = r->options.only;
	m->warnings = (const char **)r->warnings;
	m->nr_warnings = r->nr_warnings;
	m->same = (int64_t)r->counts[COMPARE_SAME];
	m->regression = (int64_t)r->counts[COMPARE_REGRESSION];
	m->improvement = (int64_t)r->counts[COMPARE_IMPROVEMENT];
	m->unknown = (int64_t)r->counts[COMPARE_UNKNOWN];
	m->verdict = compare_overall(r);
	m->exit_code = compare_exit_code(r);
	m->only_in_base = (const char **)r->only_base;
	m->nr_only_in_base = r->nr_only_base;
	m->only_in_new = (const char **)r->only_new;
	m->nr_only_in_new = r->nr_only_new;
	m->geomeans = calloc(nr_g + 1, sizeof(*m->geomeans));
	if (!m->geomeans)
		return -ENOMEM;
	for (size_t i = 0; i < nr_g; i++)
		m->geomeans[m->nr_geomeans++] = (struct report_model_geomean){
			.group = g[i].group, .configurations = (int64_t)g[i].n, .ratio = g[i].ratio };
	return rows_model(r, runs, m);
}

json_t *compare_output_json(const struct compare_report *r, const struct compare_sides *s)
{
	return compare_output_json_with_runs(r, s, NULL);
}

json_t *compare_output_json_with_runs(const struct compare_report *r,
				      const struct compare_sides *s,
				      const struct compare_output_runs *runs)
{
	struct report_model_compare m;
	struct compare_geomean *g;
	json_t *doc = NULL;
	size_t nr_g;

	if (compare_geomean_compute(r, &g, &nr_g))
		return NULL;
	if (!report_model_of(r, s, g, nr_g, runs, &m))
		doc = report_model_write_compare(&m);
	/* The arrays only: the strings belong to @r, @s and @g. */
	m.warnings = m.only_in_base = m.only_in_new = NULL;
	report_model_compare_release(&m);
	free(g);
	return doc;
}
