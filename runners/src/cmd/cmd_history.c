// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench history DIR: keep nightly runs per series (history.h), judge the
 * newest run of each series against its baseline of accepted runs
 * (history_baseline.h), keep the verdict, and draw a trend plot per key
 * configuration (plots/trend.gp). 'history ack' (main.c dispatches it): cmd_history_ack.c.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "analysis/compare.h"
#include "analysis/compare_cli.h"
#include "analysis/per_page_figure.h"
#include "results/results_model.h"
#include "plot/gnuplot.h"
#include "results/history.h"
#include "results/history_baseline.h"
#include "results/merge.h"
#include "plot/plot_data.h"
#include "results/results.h"
#include "results/results_write.h"
#include "results/results_journal.h"
#include "results/results_load.h"
#include "util/parse_number.h"

enum plot_choice { PLOT_KEY, PLOT_ALL, PLOT_NONE };

struct history_options {
	const char *dir;
	const char *add;
	const char *rev;
	const char **series;	/* --series, repeatable when judging */
	size_t nr_series;
	const char *out;
	const char *plotdir;
	size_t window, trend;
	enum plot_choice plot;
	enum compare_format format;
	struct compare_options compare;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench history DIR --add RESULTS.json [--rev REV] [--series S]\n"
		"       hmmbench history DIR [--series S]... [--window N] [--trend N]\n"
		"                            [--plot key|all|none] [--plotdir D] [compare options]\n"
		"       hmmbench history ack [DIR/]SERIES [--config GLOB] --reason TEXT [--by WHO]\n"
		"\n"
		"--add stores a run as DIR/<mode>_<kernel track>_<cpu>/<date>-<rev>.json; the\n"
		"kernel track is the release without Debian's ABI or stable version\n"
		"(6.1.0-56-amd64 -> 6.1-amd64, 6.12.117+deb12-amd64 -> 6.12+deb12-amd64), so a\n"
		"series follows a Debian kernel across updates; --series S stores it in DIR/S/\n"
		"instead (a series still holds one mode and one CPU).\n"
		"Otherwise, for each series (or each S given): the newest run against its\n"
		"baseline, the last N accepted runs pooled (default %d): runs that showed no\n"
		"change, or whose change was acknowledged ('history ack'). A regression or\n"
		"improvement is reported every night until acknowledged. Trend plots of the\n"
		"key configurations go to DIR/<series>/trend/ (the last %d runs).\n"
		"compare options: --threshold PCT --alpha A --format table|markdown|json --out FILE\n"
		"                 --seed N --resamples N (--out with several series: one file)\n"
		"exit: 1 regression, 125 unknown, 0 otherwise (improvements are reported),\n"
		"2 errors; several series: the worst (2 > 1 > 125 > 0).\n"
		"Rules: results/VERDICT.md, \"History\".\n", HISTORY_DEFAULT_WINDOW,
		HISTORY_DEFAULT_TREND);
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

/* A named series may already hold runs: the new one must match their mode and CPU. */
static int check_series_accepts(const char *dir, const char *series, const json_t *doc,
				const char *file)
{
	char series_dir[PATH_MAX], path[PATH_MAX * 2], err[1024];
	char **runs = NULL;
	size_t nr_runs = 0;
	json_t *last;
	int ret = 0;

	snprintf(series_dir, sizeof(series_dir), "%s/%s", dir, series);
	if (history_list_runs(series_dir, &runs, &nr_runs) || !nr_runs) {
		history_names_free(runs, nr_runs);
		return 0;	/* a new series */
	}
	snprintf(path, sizeof(path), "%s/%s", series_dir, runs[nr_runs - 1]);
	last = results_load(path, err, sizeof(err));
	if (!last) {
		fprintf(stderr, "hmmbench history: %s\n", err);
		ret = -1;
	} else if (history_series_accepts(last, doc, err, sizeof(err))) {
		fprintf(stderr, "hmmbench history: %s cannot join series %s: %s\n", file, series, err);
		ret = -1;
	}
	json_decref(last);
	history_names_free(runs, nr_runs);
	return ret;
}

static int add_run(const struct history_options *o)
{
	char series[256], run[256], path[PATH_MAX], err[1024];
	json_t *doc = results_load(o->add, err, sizeof(err));
	struct stat st;
	int ret = EXIT_USAGE;

	if (!doc) {
		fprintf(stderr, "hmmbench history: %s\n", err);
		return EXIT_USAGE;
	}
	if (history_series_name(doc, series, sizeof(series)) ||
	    history_run_name(doc, o->rev, run, sizeof(run))) {
		fprintf(stderr, "hmmbench history: %s: context lacks mode, kernel.release or date\n",
			o->add);
		goto out;
	}
	if (o->nr_series > 1) {
		fprintf(stderr, "hmmbench history: --add takes one --series\n");
		goto out;
	}
	if (o->nr_series) {
		history_sanitize(o->series[0], series, sizeof(series));
		if (!series[0] || !strcmp(series, ".") || !strcmp(series, "..")) {
			fprintf(stderr, "hmmbench history: --series '%s' is not a usable name\n",
				o->series[0]);
			goto out;
		}
		if (check_series_accepts(o->dir, series, doc, o->add))
			goto out;
	}
	if (snprintf(path, sizeof(path), "%s/%s", o->dir, series) >= (int)sizeof(path) ||
	    mkdir_p(path)) {
		fprintf(stderr, "hmmbench history: cannot create %s/%s: %s\n", o->dir, series,
			strerror(errno));
		goto out;
	}
	snprintf(path, sizeof(path), "%s/%s/%s", o->dir, series, run);
	if (!stat(path, &st)) {
		fprintf(stderr, "hmmbench history: %s is already in the history\n", path);
		goto out;
	}
	if (results_write_atomic(doc, path, err, sizeof(err))) {
		fprintf(stderr, "hmmbench history: %s\n", err);
		goto out;
	}
	printf("%s\n", path);
	ret = EXIT_OK;
out:
	json_decref(doc);
	return ret;
}


static json_t *load_run(const char *series_dir, const char *run)
{
	char path[PATH_MAX * 2], err[1024];
	json_t *doc;

	snprintf(path, sizeof(path), "%s/%s", series_dir, run);
	doc = results_load(path, err, sizeof(err));
	if (!doc)
		fprintf(stderr, "hmmbench history: %s\n", err);
	return doc;
}

static const char *param(const json_t *params, const char *key)
{
	const char *s = results_model_param_string(params, key);

	return s ? s : "";
}

/*
 * Key configurations: per (op, kind), the fixed-format, no-write one of the
 * largest size (the headline), plus every configuration that changed.
 */
static void pick_key(const struct compare_report *r, enum plot_choice choice, int *key)
{
	for (size_t i = 0; i < r->nr_rows; i++) {
		const json_t *p = r->rows[i].parameters;
		enum compare_verdict v = r->rows[i].time.verdict;

		key[i] = choice == PLOT_ALL || v == COMPARE_REGRESSION || v == COMPARE_IMPROVEMENT;
		if (key[i] || strcmp(param(p, "format"), "fixed") || strcmp(param(p, "pattern"), "none"))
			continue;
		key[i] = 1;
		for (size_t j = 0; j < r->nr_rows; j++) {
			const json_t *q = r->rows[j].parameters;

			if (!strcmp(param(q, "op"), param(p, "op")) &&
			    !strcmp(param(q, "kind"), param(p, "kind")) &&
			    !strcmp(param(q, "format"), "fixed") && !strcmp(param(q, "pattern"), "none") &&
			    results_model_param_int(q, "size") > results_model_param_int(p, "size"))
				key[i] = 0;
		}
	}
}

static int write_trend_data(const char *path, const struct results_model *docs,
			    json_t *const *ledgers, size_t n, const json_t *params, const char *name)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "# run index, date, median ns/page, CI low, CI high, regression reported\n");
	for (size_t i = 0; i < n; i++) {
		const struct results_model_config *c = results_model_find_parameters(&docs[i], params);
		const char *date = docs[i].context.date;
		const char *verdict = history_baseline_ledger_verdict(ledgers[i], name);
		struct per_page_figure_median fig;
		double median, low, high;

		if (!c)
			continue;
		/* Time as results_model_median_ci() gives it; cycles for a qemu-sim run. */
		if (per_page_figure_median(&docs[i], c, per_page_figure_shown(&docs[i]),
					   &fig)) {
			fclose(f);
			return -ENOMEM;
		}
		median = isnan(fig.median) ? 0 : fig.median;
		low = isnan(fig.low) ? median : fig.low;
		high = isnan(fig.high) ? median : fig.high;
		fprintf(f, "%zu %.10s %.6g %.6g %.6g %d\n", i, date ? date : "?", median, low, high,
			verdict && !strcmp(verdict, "regression"));
	}
	return fclose(f) ? -errno : 0;
}

/* Trend plots of the key configurations over the last o->trend runs. */
static int plot_trends(const struct history_options *o, const struct history_series *hs,
		       const struct compare_report *r)
{
	char plotdir_buf[PATH_MAX], outdir[PATH_MAX + 16], datadir[PATH_MAX + 32], script[PATH_MAX + 16];
	const char *plotdir = o->plotdir ? o->plotdir : gnuplot_script_dir(plotdir_buf, sizeof(plotdir_buf));
	size_t first = hs->nr_runs > o->trend ? hs->nr_runs - o->trend : 0, n = hs->nr_runs - first;
	struct results_model *docs = calloc(n ? n : 1, sizeof(*docs));
	int *key = calloc(r->nr_rows + 1, sizeof(*key)), failed = 0;
	char err[512];

	if (!docs || !key) {
		failed = 1;
		goto out;
	}
	snprintf(outdir, sizeof(outdir), "%s/trend", hs->dir);
	snprintf(datadir, sizeof(datadir), "%s/plot-data", outdir);
	snprintf(script, sizeof(script), "%s/trend.gp", plotdir);
	if (mkdir_p(datadir)) {
		fprintf(stderr, "hmmbench history: cannot create %s: %s\n", datadir, strerror(errno));
		failed = 1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *doc = load_run(hs->dir, hs->runs[first + i]);
		int ret = doc ? results_model_from_json(doc, &docs[i], err, sizeof(err)) : -EINVAL;

		json_decref(doc);
		if (ret) {
			if (doc)
				fprintf(stderr, "hmmbench history: %s\n", err);
			failed = 1;
			goto out;
		}
	}
	pick_key(r, o->plot, key);
	for (size_t i = 0; i < r->nr_rows; i++) {
		char base[256], data[PATH_MAX * 2], outbase[PATH_MAX * 2], subtitle[256];
		char *assignments = NULL;

		if (!key[i])
			continue;
		history_sanitize(r->rows[i].name, base, sizeof(base));
		for (char *p = base; *p; p++)
			if (*p == '+')
				*p = '-';
		snprintf(data, sizeof(data), "%s/%s.dat", datadir, base);
		snprintf(outbase, sizeof(outbase), "%s/%s", outdir, base);
		if (write_trend_data(data, docs, hs->ledgers + first, n, r->rows[i].parameters,
				     r->rows[i].name)) {
			fprintf(stderr, "hmmbench history: cannot write %s\n", data);
			failed = 1;
			continue;
		}
		plot_data_subtitle(&docs[n - 1].context, subtitle, sizeof(subtitle));
		if (asprintf(&assignments, "plotdir='%s'; outbase='%s'; datafile='%s'; "
			     "config='%s'; subtitle='newest: %s; verdict %s'; unit='%s'", plotdir,
			     outbase, data, r->rows[i].name, subtitle,
			     compare_verdict_name(r->rows[i].time.verdict),
			     plot_data_unit(&docs[n - 1])) < 0) {
			failed = 1;
			continue;
		}
		if (gnuplot_run(plotdir, "trend.gp", assignments)) {
			fprintf(stderr, "hmmbench history: gnuplot failed on %s for %s\n", script,
				outbase);
			failed = 1;
		} else if (o->format != COMPARE_FORMAT_JSON) {
			printf("trend: %s.png %s.svg\n", outbase, outbase);
		}
		free(assignments);
	}
out:
	for (size_t i = 0; docs && i < n; i++)
		results_model_free(&docs[i]);
	free(docs);
	free(key);
	return failed ? -1 : 0;
}

/* Per configuration of the newest run: its baseline runs (indexes into the series). */
struct baseline_plan {
	size_t nr_configs, window;
	size_t *idx;		/* nr_configs x window */
	size_t *count;		/* per configuration */
};

static const size_t *plan_runs(const struct baseline_plan *p, size_t c)
{
	return p->idx + c * p->window;
}

static int plan_same(const struct baseline_plan *p, size_t a, size_t b)
{
	return p->count[a] == p->count[b] &&
	       !memcmp(plan_runs(p, a), plan_runs(p, b), p->count[a] * sizeof(*p->idx));
}

/*
 * The pooled baseline: one merged model per distinct set of baseline runs,
 * and a view of them that holds, per configuration of the newest run, its
 * entry from the merge of its own baseline runs.
 */
struct pooled_baseline {
	struct results_model *merged;
	size_t nr_merged;
	struct results_model view;	/* the first merge's context; configurations not owned */
};

static void pooled_baseline_free(struct pooled_baseline *b)
{
	for (size_t i = 0; b->merged && i < b->nr_merged; i++)
		results_model_free(&b->merged[i]);
	free(b->merged);
	free(b->view.configs);
	memset(b, 0, sizeof(*b));
}

/* The merge of @runs baseline runs of @p's configuration @c into @out; 0 or -1 (printed). */
static int merge_baseline(const struct history_series *hs, const struct baseline_plan *p,
			  size_t c, json_t **docs, struct results_model *out)
{
	json_t *pool[HISTORY_MAX_WINDOW], *merged;
	char err[1024];
	int ret;

	for (size_t i = 0; i < p->count[c]; i++) {
		size_t run = plan_runs(p, c)[i];

		if (!docs[run] && !(docs[run] = load_run(hs->dir, hs->runs[run])))
			return -1;
		pool[i] = docs[run];
	}
	merged = merge_runs(pool, p->count[c], err, sizeof(err));
	ret = merged ? results_model_from_json(merged, out, err, sizeof(err)) : -1;
	json_decref(merged);
	if (ret)
		fprintf(stderr, "hmmbench history: %s: %s\n", hs->dir, err);
	return ret ? -1 : 0;
}

/*
 * The pooled baseline of the configurations of @newest. 0, or -1 on error
 * (message printed) or when no configuration has a baseline (*none set).
 */
static int pool_baseline(const struct history_series *hs, const struct results_model *newest,
			 const struct baseline_plan *p, struct pooled_baseline *b, int *none)
{
	json_t **docs = calloc(hs->nr_runs + 1, sizeof(*docs));
	size_t *model_of = calloc(p->nr_configs + 1, sizeof(*model_of));	/* index + 1 */
	int failed;

	memset(b, 0, sizeof(*b));
	b->merged = calloc(p->nr_configs + 1, sizeof(*b->merged));
	b->view.configs = calloc(p->nr_configs + 1, sizeof(*b->view.configs));
	failed = !docs || !model_of || !b->merged || !b->view.configs;
	*none = 1;
	for (size_t c = 0; !failed && c < p->nr_configs; c++) {
		const struct results_model_config *entry;
		const struct results_model *m;

		if (!p->count[c])
			continue;
		*none = 0;
		for (size_t d = 0; d < c && !model_of[c]; d++)
			if (model_of[d] && plan_same(p, c, d))
				model_of[c] = model_of[d];
		if (!model_of[c]) {
			if (merge_baseline(hs, p, c, docs, &b->merged[b->nr_merged])) {
				failed = 1;
				break;
			}
			model_of[c] = ++b->nr_merged;
		}
		m = &b->merged[model_of[c] - 1];
		if (!b->view.context.json) {	/* the first merge */
			b->view.context = m->context;
			b->view.schema_version = m->schema_version;
			b->view.skipped = m->skipped;
			b->view.nr_skipped = m->nr_skipped;
		}
		entry = results_model_find_parameters(m, newest->configs[c].parameters);
		if (entry)
			b->view.configs[b->view.nr_configs++] = *entry;
	}
	for (size_t i = 0; docs && i < hs->nr_runs; i++)
		json_decref(docs[i]);
	free(docs);
	free(model_of);
	if (failed || *none) {
		pooled_baseline_free(b);
		return -1;
	}
	return 0;
}

static int plan_baselines(const struct history_series *hs, const struct results_model *newest,
			  size_t window, struct baseline_plan *p)
{
	p->nr_configs = newest->nr_configs;
	p->window = window;
	p->idx = calloc(p->nr_configs * window + 1, sizeof(*p->idx));
	p->count = calloc(p->nr_configs + 1, sizeof(*p->count));
	if (!p->idx || !p->count)
		return -1;
	for (size_t c = 0; c < p->nr_configs; c++) {
		const char *name = newest->configs[c].name;

		p->count[c] = history_baseline(hs->runs, hs->nr_runs - 1, hs->ledgers, hs->acks,
					       name ? name : "", window, p->idx + c * window);
	}
	return 0;
}

static void plan_free(struct baseline_plan *p)
{
	free(p->idx);
	free(p->count);
}

/* "S/{A .. B} (N runs pooled)" when every configuration has the same baseline. */
static void baseline_label(const struct history_series *hs, const char *series,
			   const struct baseline_plan *p, char *buf, size_t len)
{
	size_t first = SIZE_MAX, lo = SIZE_MAX, hi = 0;
	int uniform = 1;

	for (size_t c = 0; c < p->nr_configs; c++) {
		if (!p->count[c])
			continue;
		if (first == SIZE_MAX)
			first = c;
		else if (!plan_same(p, c, first))
			uniform = 0;
		lo = p->count[c] < lo ? p->count[c] : lo;
		hi = p->count[c] > hi ? p->count[c] : hi;
	}
	if (uniform)
		snprintf(buf, len, "%s/{%s .. %s} (%zu runs pooled)", series,
			 hs->runs[plan_runs(p, first)[0]],
			 hs->runs[plan_runs(p, first)[p->count[first] - 1]], p->count[first]);
	else
		snprintf(buf, len, "%s/baseline per configuration (%zu to %zu runs pooled, "
			 "acknowledged changes; see verdicts/)", series, lo, hi);
}

/*
 * The baseline runs of each configuration of @r (one entry per row, the
 * names pointing into @hs), or NULL when out of memory; free both arrays.
 */
static struct compare_output_runs *baseline_runs(const struct history_series *hs,
						 const struct compare_report *r,
						 const struct results_model *newest,
						 const struct baseline_plan *p, const char ***names)
{
	struct compare_output_runs *runs = calloc(r->nr_rows + 1, sizeof(*runs));
	size_t total = 0, used = 0;

	for (size_t k = 0; k < p->nr_configs; k++)
		total += p->count[k];
	*names = calloc(total + 1, sizeof(**names));
	if (!runs || !*names) {
		free(runs);
		free(*names);
		return NULL;
	}
	for (size_t row = 0; row < r->nr_rows; row++) {
		const char *name = r->rows[row].name;

		runs[row].names = *names + used;
		for (size_t k = 0; name && k < p->nr_configs; k++) {
			const char *n = newest->configs[k].name;

			if (!n || strcmp(n, name))
				continue;
			for (size_t b = 0; b < p->count[k] && used < total; b++)
				(*names)[used++] = hs->runs[plan_runs(p, k)[b]];
		}
		runs[row].nr = (size_t)(*names + used - runs[row].names);
	}
	return runs;
}

static int write_ledger(const struct history_series *hs, const struct compare_report *r,
			const struct compare_sides *s, const struct results_model *newest,
			const struct baseline_plan *p)
{
	const char *run = hs->runs[hs->nr_runs - 1];
	char path[PATH_MAX * 2], err[1024];
	const char **names;
	struct compare_output_runs *runs = baseline_runs(hs, r, newest, p, &names);
	json_t *j = runs ? compare_output_json_with_runs(r, s, runs) : NULL;
	int ret;

	if (!j) {
		free(runs);
		free(names);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/verdicts", hs->dir);
	mkdir_p(path);
	snprintf(path, sizeof(path), "%s/verdicts/%s", hs->dir, run);
	ret = results_write_atomic(j, path, err, sizeof(err));
	if (ret)
		fprintf(stderr, "hmmbench history: %s\n", err);
	json_decref(j);
	free(runs);
	free(names);
	return ret;
}

/* Where the reports go: one stream, and with several series in JSON one document. */
struct report_sink {
	FILE *out;		/* stdout or the --out file */
	int to_file;
	size_t nr_series;	/* series to judge */
	json_t *combined;	/* {"hmmbench_history": 1, "series": [...]} with several, JSON */
	json_t *combined_series;	/* its "series" array */
};

static int emit_report(const struct history_options *o, struct report_sink *sink,
		       const char *series, const struct compare_report *r,
		       const struct compare_sides *s)
{
	if (o->format == COMPARE_FORMAT_JSON) {
		json_t *j = compare_output_json(r, s);

		if (!j)
			return -1;
		if (sink->combined)
			return json_array_append_new(sink->combined_series,
				json_pack("{s:s, s:i, s:o}", "series", series,
					  "exit_code", compare_exit_code(r), "report", j));
		if (json_dumpf(j, sink->out, JSON_INDENT(1) | JSON_REAL_PRECISION(10)) ||
		    fputc('\n', sink->out) == EOF) {
			json_decref(j);
			return -1;
		}
		json_decref(j);
		return 0;
	}
	if (sink->nr_series > 1)
		fprintf(sink->out, o->format == COMPARE_FORMAT_MARKDOWN ? "## Series `%s`\n\n" :
			"== series %s\n", series);
	if (o->format == COMPARE_FORMAT_MARKDOWN)
		compare_output_markdown(sink->out, r, s);
	else
		compare_output_table(sink->out, r, s, !sink->to_file && isatty(STDOUT_FILENO));
	if (sink->nr_series > 1)
		fputc('\n', sink->out);
	return ferror(sink->out) ? -1 : 0;
}

/* A series too young to judge still has its place in the report. */
static int emit_nothing(const struct history_options *o, struct report_sink *sink,
			const char *series, size_t nr_runs)
{
	if (o->format == COMPARE_FORMAT_JSON) {
		if (!sink->combined)
			return 0;
		return json_array_append_new(sink->combined_series,
			json_pack("{s:s, s:i, s:n}", "series", series, "exit_code", 0, "report"));
	}
	if (!sink->to_file && sink->nr_series == 1)
		return 0;	/* the history: line says it */
	fprintf(sink->out, o->format == COMPARE_FORMAT_MARKDOWN ?
		"## Series `%s`\n\n%zu run, nothing to compare yet.\n\n" :
		"== series %s\n%zu run, nothing to compare yet\n\n", series, nr_runs);
	return ferror(sink->out) ? -1 : 0;
}

/* The lines a nightly log shows: counts, then every change and unknown by name. */
static void tell_verdict(const struct history_options *o, const struct report_sink *sink,
			 const char *series, const char *run, const char *baseline,
			 const struct compare_report *r)
{
	FILE *tell = o->format == COMPARE_FORMAT_JSON && !sink->to_file ? stderr : stdout;

	fprintf(tell, "history: %s: newest %s vs %s: %zu same, %zu regression, %zu improvement, "
		"%zu unknown\n", series, run, baseline, r->counts[COMPARE_SAME],
		r->counts[COMPARE_REGRESSION], r->counts[COMPARE_IMPROVEMENT],
		r->counts[COMPARE_UNKNOWN]);
	for (size_t i = 0; i < r->nr_rows; i++) {
		const struct compare_metric *m = &r->rows[i].time;

		if (m->verdict == COMPARE_REGRESSION || m->verdict == COMPARE_IMPROVEMENT)
			fprintf(tell, "history: %s: %s: %s %+.2f%% (reported every run until "
				"acknowledged: hmmbench history ack %s/%s --config '%s' "
				"--reason TEXT)\n", series, compare_verdict_name(m->verdict),
				r->rows[i].name, 100 * (m->ratio - 1), o->dir, series,
				r->rows[i].name);
		else if (m->verdict == COMPARE_UNKNOWN)
			fprintf(tell, "history: %s: unknown: %s (%s)\n", series, r->rows[i].name,
				m->reason);
	}
	for (size_t i = 0; i < r->nr_only_new; i++)
		fprintf(tell, "history: %s: new configuration, no baseline yet: %s\n", series,
			r->only_new[i]);
	fflush(tell);
}

static int judge_series(const struct history_options *o, struct report_sink *sink,
			const char *series)
{
	char err[1024], baseline[PATH_MAX * 2], newest_label[PATH_MAX * 2];
	struct compare_options co = o->compare;
	struct compare_report r = { 0 };
	struct compare_sides s = { 0 };
	struct baseline_plan plan = { 0 };
	struct history_series hs;
	struct pooled_baseline pooled = { 0 };
	struct results_model new_model = { 0 };
	json_t *newest = NULL;
	int none = 0, ret = EXIT_USAGE;

	if (history_baseline_series_open(o->dir, series, &hs, err, sizeof(err))) {
		fprintf(stderr, "hmmbench history: %s\n", err);
		return EXIT_USAGE;
	}
	if (!hs.nr_runs) {
		fprintf(stderr, "hmmbench history: %s holds no runs (add them with --add)\n", hs.dir);
		goto out;
	}
	if (!(newest = load_run(hs.dir, hs.runs[hs.nr_runs - 1])))
		goto out;
	if (results_model_from_json(newest, &new_model, err, sizeof(err))) {
		fprintf(stderr, "hmmbench history: %s: %s\n", series, err);
		goto out;
	}
	if (plan_baselines(&hs, &new_model, o->window, &plan)) {
		fprintf(stderr, "hmmbench history: out of memory\n");
		goto out;
	}
	if (pool_baseline(&hs, &new_model, &plan, &pooled, &none)) {
		if (none) {
			printf("history: %s: %zu run%s, nothing to compare yet\n", series, hs.nr_runs,
			       hs.nr_runs == 1 ? "" : "s");
			ret = emit_nothing(o, sink, series, hs.nr_runs) ? EXIT_USAGE : EXIT_OK;
		}
		goto out;
	}
	/* A series holds one mode and CPU: matrix or ABI changes only warn. */
	co.force = 1;
	if (compare_documents(&pooled.view, &new_model, &co, &r, err, sizeof(err))) {
		fprintf(stderr, "hmmbench history: %s: %s\n", series, err);
		goto out;
	}
	for (size_t i = 0; i < r.nr_warnings; i++)
		fprintf(stderr, "hmmbench history: %s: warning: %s\n", series, r.warnings[i]);
	baseline_label(&hs, series, &plan, baseline, sizeof(baseline));
	snprintf(newest_label, sizeof(newest_label), "%s/%s", series, hs.runs[hs.nr_runs - 1]);
	s.base_file = baseline;
	s.new_file = newest_label;
	s.base = &pooled.view;
	s.new_ = &new_model;
	if (emit_report(o, sink, series, &r, &s)) {
		fprintf(stderr, "hmmbench history: writing the report failed\n");
		goto out;
	}
	tell_verdict(o, sink, series, hs.runs[hs.nr_runs - 1], baseline, &r);
	if (write_ledger(&hs, &r, &s, &new_model, &plan))
		goto out;
	if (o->plot != PLOT_NONE && plot_trends(o, &hs, &r))
		goto out;
	ret = compare_exit_code(&r);
out:
	compare_report_free(&r);
	plan_free(&plan);
	pooled_baseline_free(&pooled);
	results_model_free(&new_model);
	json_decref(newest);
	history_baseline_series_close(&hs);
	return ret;
}

/* 2 > 1 > 125 > 0: the worst outcome of several series. */
static int worse(int a, int b)
{
	static const int rank[] = { EXIT_OK, COMPARE_EXIT_UNKNOWN, EXIT_FAIL, EXIT_USAGE };
	int ra = 0, rb = 0;

	for (int i = 0; i < 4; i++) {
		if (rank[i] == a)
			ra = i;
		if (rank[i] == b)
			rb = i;
	}
	return ra >= rb ? a : b;
}

static int parse_count(const char *flag, const char *value, size_t max, size_t *out)
{
	unsigned long long v;

	if (parse_number_u64(value, 10, 1, max, &v)) {
		fprintf(stderr, "hmmbench history: %s '%s': want 1 .. %zu\n", flag, value, max);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

static int parse_options(int argc, char **argv, struct history_options *o)
{
	memset(o, 0, sizeof(*o));
	o->window = HISTORY_DEFAULT_WINDOW;
	o->trend = HISTORY_DEFAULT_TREND;
	o->plot = PLOT_KEY;
	o->format = COMPARE_FORMAT_TABLE;
	o->series = calloc((size_t)argc + 1, sizeof(*o->series));
	if (!o->series)
		return -1;
	compare_options_default(&o->compare);
	for (int i = 1; i < argc; i++) {
		const char *flag = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
		int taken;

		if (!strcmp(flag, "--help") || !strcmp(flag, "-h")) {
			usage(stdout);
			exit(EXIT_OK);
		}
		taken = compare_cli_parse_flag("history", argc, argv, &i, &o->compare, &o->format, &o->out);
		if (taken < 0)
			return -1;
		if (taken)
			continue;
		if (flag[0] != '-') {
			if (o->dir) {
				fprintf(stderr, "hmmbench history: unexpected argument '%s'\n", flag);
				return -1;
			}
			o->dir = flag;
			continue;
		}
		if (!value) {
			fprintf(stderr, "hmmbench history: %s needs a value (see --help)\n", flag);
			return -1;
		}
		i++;
		if (!strcmp(flag, "--add")) {
			o->add = value;
		} else if (!strcmp(flag, "--rev")) {
			o->rev = value;
		} else if (!strcmp(flag, "--series")) {
			o->series[o->nr_series++] = value;
		} else if (!strcmp(flag, "--plotdir")) {
			o->plotdir = value;
		} else if (!strcmp(flag, "--window")) {
			if (parse_count(flag, value, HISTORY_MAX_WINDOW, &o->window))
				return -1;
		} else if (!strcmp(flag, "--trend")) {
			if (parse_count(flag, value, 10000, &o->trend))
				return -1;
		} else if (!strcmp(flag, "--plot")) {
			if (!strcmp(value, "key"))
				o->plot = PLOT_KEY;
			else if (!strcmp(value, "all"))
				o->plot = PLOT_ALL;
			else if (!strcmp(value, "none"))
				o->plot = PLOT_NONE;
			else {
				fprintf(stderr, "hmmbench history: --plot '%s': want key, all or none\n",
					value);
				return -1;
			}
		} else {
			fprintf(stderr, "hmmbench history: unknown option '%s' (see --help)\n", flag);
			return -1;
		}
	}
	if (!o->dir) {
		usage(stderr);
		return -1;
	}
	return 0;
}

/* Judge each of @names; the worst exit. */
static int judge_all(const struct history_options *o, const char *const *names, size_t n)
{
	struct report_sink sink = { .out = stdout, .nr_series = n };
	int ret = EXIT_OK;

	if (o->out) {
		sink.out = fopen(o->out, "w");
		sink.to_file = 1;
		if (!sink.out) {
			fprintf(stderr, "hmmbench history: --out %s: %s\n", o->out, strerror(errno));
			return EXIT_USAGE;
		}
	}
	if (o->format == COMPARE_FORMAT_JSON && n > 1) {
		sink.combined_series = json_array();
		sink.combined = json_pack("{s:i, s:O}", "hmmbench_history", 1, "series",
					  sink.combined_series);
		json_decref(sink.combined_series);
	}
	for (size_t i = 0; i < n; i++)
		ret = worse(ret, judge_series(o, &sink, names[i]));
	if (sink.combined) {
		json_object_set_new(sink.combined, "exit_code", json_integer(ret));
		if (json_dumpf(sink.combined, sink.out, JSON_INDENT(1) | JSON_REAL_PRECISION(10)) ||
		    fputc('\n', sink.out) == EOF)
			ret = EXIT_USAGE;
		json_decref(sink.combined);
	}
	if (sink.to_file ? fclose(sink.out) : fflush(sink.out)) {
		fprintf(stderr, "hmmbench history: writing %s failed\n", o->out ? o->out : "stdout");
		ret = EXIT_USAGE;
	}
	return ret;
}

int cmd_history(int argc, char **argv)
{
	struct history_options o;
	char **series = NULL;
	size_t nr_series = 0;
	int ret;

	if (parse_options(argc, argv, &o)) {
		free(o.series);
		return EXIT_USAGE;
	}
	if (o.add) {
		ret = add_run(&o);
	} else if (o.nr_series) {
		ret = judge_all(&o, o.series, o.nr_series);
	} else if (history_list_series(o.dir, &series, &nr_series)) {
		fprintf(stderr, "hmmbench history: cannot read %s: %s\n", o.dir, strerror(errno));
		ret = EXIT_USAGE;
	} else if (!nr_series) {
		fprintf(stderr, "hmmbench history: %s holds no series (add runs with --add)\n", o.dir);
		ret = EXIT_USAGE;
	} else {
		ret = judge_all(&o, (const char *const *)series, nr_series);
	}
	history_names_free(series, nr_series);
	free(o.series);
	return ret;
}
