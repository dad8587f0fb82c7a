// SPDX-License-Identifier: GPL-2.0
/*
 * The three renderings of a comparison (compare.h): a terminal table, a
 * Markdown table for pull requests, and a JSON report (results/VERDICT.md).
 */
#include <math.h>
#include <string.h>

#include "compare.h"

int compare_format_parse(const char *s, enum compare_format *f)
{
	if (!strcmp(s, "table"))
		*f = COMPARE_FORMAT_TABLE;
	else if (!strcmp(s, "markdown") || !strcmp(s, "md"))
		*f = COMPARE_FORMAT_MARKDOWN;
	else if (!strcmp(s, "json"))
		*f = COMPARE_FORMAT_JSON;
	else
		return -1;
	return 0;
}

static const char *ctx_str(const json_t *doc, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(doc, "context"), key));

	return s ? s : "?";
}

static const char *kernel_of(const json_t *doc)
{
	const char *s = json_string_value(json_object_get(
		json_object_get(json_object_get(doc, "context"), "kernel"), "release"));

	return s ? s : "?";
}

static void side_line(FILE *out, const char *label, const char *file, const json_t *doc)
{
	fprintf(out, "%s: %s (kernel %s, %s, %s, hmmbench %s)\n", label, file, kernel_of(doc),
		ctx_str(doc, "mode"), ctx_str(doc, "date"), ctx_str(doc, "hmmbench_git_rev"));
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

void compare_print_table(FILE *out, const struct compare_report *r,
			 const struct compare_sides *s, int colour)
{
	char change[64], pm[32], pk[32];

	side_line(out, "base", s->base_file, s->base);
	side_line(out, "new ", s->new_file, s->new_);
	fprintf(out, "threshold +-%.3g%%, alpha %g, %g%% bootstrap CI of the median ratio "
		"(%zu resamples), Mann-Whitney U decides\n", 100 * r->threshold,
		r->options.alpha, 100 * r->options.ci_level, r->options.resamples);
	for (size_t i = 0; i < r->nr_warnings; i++)
		fprintf(out, "warning: %s\n", r->warnings[i]);
	fprintf(out, "\n%-11s  %-28s  %12s  %12s  %8s  %8s  %s\n", "verdict", "change [95% CI]",
		"base ns/page", "new ns/page", "p(MWU)", "p(KS)", "configuration");
	for (size_t i = 0; i < r->nr_rows; i++) {
		const struct compare_row *row = &r->rows[i];
		const struct compare_metric *m = &row->time;

		change_text(m, change, sizeof(change));
		p_text(m->mwu_p, pm, sizeof(pm));
		p_text(m->ks_p, pk, sizeof(pk));
		fprintf(out, "%s%-11s%s  %-28s  %12.4g  %12.4g  %8s  %8s  %s\n",
			colour ? colour_of(m->verdict) : "", compare_verdict_name(m->verdict),
			colour && *colour_of(m->verdict) ? "\033[0m" : "", change, m->base_median,
			m->new_median, pm, pk, row->name);
		if (m->verdict == COMPARE_SAME)
			continue;
		fprintf(out, "%13s(%s)\n", "", m->reason);
		for (size_t k = 0; k < row->nr_counters; k++) {
			const struct compare_metric *cm = &row->counters[k].metric;

			if (isnan(cm->ratio))
				continue;	/* zero counts: nothing to explain (JSON keeps it) */
			change_text(cm, change, sizeof(change));
			fprintf(out, "%13s%s: %s per page %.4g -> %.4g (%s)\n", "",
				row->counters[k].name, change, cm->base_median, cm->new_median,
				compare_verdict_name(cm->verdict));
		}
	}
	if (r->nr_only_base || r->nr_only_new)
		fprintf(out, "\nnot compared: %zu only in base, %zu only in new\n", r->nr_only_base,
			r->nr_only_new);
	fprintf(out, "\n");
	summary_line(out, r);
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

void compare_print_markdown(FILE *out, const struct compare_report *r,
			    const struct compare_sides *s)
{
	char change[64], pm[32], pk[32];

	fprintf(out, "### hmmbench compare: %s\n\n", compare_overall(r));
	fprintf(out, "| | file | kernel | mode | date | hmmbench |\n|---|---|---|---|---|---|\n");
	fprintf(out, "| base | `%s` | %s | %s | %s | %s |\n", s->base_file, kernel_of(s->base),
		ctx_str(s->base, "mode"), ctx_str(s->base, "date"),
		ctx_str(s->base, "hmmbench_git_rev"));
	fprintf(out, "| new | `%s` | %s | %s | %s | %s |\n\n", s->new_file, kernel_of(s->new_),
		ctx_str(s->new_, "mode"), ctx_str(s->new_, "date"),
		ctx_str(s->new_, "hmmbench_git_rev"));
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

static json_t *side_json(const char *file, const json_t *doc)
{
	const json_t *ctx = json_object_get(doc, "context");

	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "file", file, "kernel", kernel_of(doc),
			 "mode", ctx_str(doc, "mode"), "date", ctx_str(doc, "date"),
			 "hmmbench_git_rev", ctx_str(doc, "hmmbench_git_rev"),
			 "cpu_model", json_is_string(json_object_get(ctx, "cpu_model")) ?
			 ctx_str(doc, "cpu_model") : "?");
}

static json_t *strings_json(char **s, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

json_t *compare_report_json(const struct compare_report *r, const struct compare_sides *s)
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
		json_array_append_new(configs, c);
	}
	doc = json_pack("{s:i, s:o, s:o, s:{s:f, s:f, s:f, s:I, s:I, s:I, s:s, s:b}, s:o, "
			"s:{s:I, s:I, s:I, s:I, s:I, s:s, s:i}, s:o, s:o, s:o}",
			"hmmbench_compare", 1,
			"base", side_json(s->base_file, s->base),
			"new", side_json(s->new_file, s->new_),
			"options", "threshold", r->threshold, "alpha", r->options.alpha,
			"ci_level", r->options.ci_level, "resamples", (json_int_t)r->options.resamples,
			"seed", (json_int_t)r->options.seed,
			"min_samples", (json_int_t)r->options.min_samples,
			"test", "mann-whitney-u", "forced", r->options.force,
			"warnings", strings_json(r->warnings, r->nr_warnings),
			"summary", "configurations", (json_int_t)r->nr_rows,
			"same", (json_int_t)r->counts[COMPARE_SAME],
			"regression", (json_int_t)r->counts[COMPARE_REGRESSION],
			"improvement", (json_int_t)r->counts[COMPARE_IMPROVEMENT],
			"unknown", (json_int_t)r->counts[COMPARE_UNKNOWN],
			"verdict", compare_overall(r), "exit_code", compare_exit_code(r),
			"configurations", configs,
			"only_in_base", strings_json(r->only_base, r->nr_only_base),
			"only_in_new", strings_json(r->only_new, r->nr_only_new));
	return doc;
}
