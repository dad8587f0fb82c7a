// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench history DIR: keep nightly runs per series, judge the newest run
 * against a pooled baseline window and the previous run (history.h), keep
 * the verdict, and draw a trend plot per key configuration (plots/trend.gp).
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

#include "commands.h"
#include "compare.h"
#include "gnuplot.h"
#include "history.h"
#include "merge.h"
#include "plot_data.h"
#include "results.h"

enum plot_choice { PLOT_KEY, PLOT_ALL, PLOT_NONE };

struct history_options {
	const char *dir;
	const char *add;
	const char *rev;
	const char *series;
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
		"       hmmbench history DIR [--series S] [--window N] [--trend N]\n"
		"                            [--plot key|all|none] [--plotdir D] [compare options]\n"
		"\n"
		"--add stores a run as DIR/<mode>_<kernel>_<cpu>/<date>-<rev>.json, or in\n"
		"DIR/S/ with --series S (a kernel that changes every night: one series for\n"
		"all its releases; a series still holds one mode and one CPU).\n"
		"Otherwise, for each series (or S): the newest run against the previous N runs\n"
		"pooled (default %d) and against the previous run; a regression in both is\n"
		"confirmed. Trend plots (median, CI band, confirmed regressions) of the key\n"
		"configurations go to DIR/<series>/trend/ (the last %d runs).\n"
		"compare options: --threshold PCT --alpha A --format table|markdown|json --out FILE\n"
		"                 --seed N --resamples N\n"
		"exit: 1 confirmed regression, 125 unknown or unconfirmed, 0 otherwise, 2 errors.\n"
		"Rules: results/VERDICT.md.\n", HISTORY_DEFAULT_WINDOW, HISTORY_DEFAULT_TREND);
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
	if (o->series) {
		history_sanitize(o->series, series, sizeof(series));
		if (!series[0] || !strcmp(series, ".") || !strcmp(series, "..")) {
			fprintf(stderr, "hmmbench history: --series '%s' is not a usable name\n",
				o->series);
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


/* Whether run @ledger marked the configuration with @params as a confirmed regression. */
static int ledger_confirmed(const json_t *ledger, const json_t *params)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(ledger, "configurations"), i, c)
		if (json_equal(json_object_get(c, "parameters"), (json_t *)params))
			return json_is_true(json_object_get(c, "confirmed"));
	return 0;
}

static const char *param(const json_t *params, const char *key)
{
	const char *s = json_string_value(json_object_get(params, key));

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
			    json_integer_value(json_object_get(q, "size")) >
			    json_integer_value(json_object_get(p, "size")))
				key[i] = 0;
		}
	}
}

static int write_trend_data(const char *path, json_t *const *docs, json_t *const *ledgers,
			    size_t n, const json_t *params)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "# run index, date, median ns/page, CI low, CI high, confirmed regression\n");
	for (size_t i = 0; i < n; i++) {
		const json_t *c = results_find_configuration(docs[i], params);
		const json_t *pp = json_object_get(c, "per_page");
		const json_t *ci = json_object_get(pp, "median_ci");
		const char *date = json_string_value(json_object_get(json_object_get(docs[i],
									"context"), "date"));
		double median = json_number_value(json_object_get(pp, "median"));

		if (!c)
			continue;
		fprintf(f, "%zu %.10s %.6g %.6g %.6g %d\n", i, date ? date : "?", median,
			json_is_number(json_object_get(ci, "low")) ?
			json_number_value(json_object_get(ci, "low")) : median,
			json_is_number(json_object_get(ci, "high")) ?
			json_number_value(json_object_get(ci, "high")) : median,
			ledgers[i] ? ledger_confirmed(ledgers[i], params) : 0);
	}
	return fclose(f) ? -errno : 0;
}

/* Trend plots of the key configurations over the last o->trend runs. */
static int plot_trends(const struct history_options *o, const char *series_dir,
		       char *const *runs, size_t nr_runs, const struct compare_report *r)
{
	char plotdir_buf[PATH_MAX], outdir[PATH_MAX + 16], datadir[PATH_MAX + 32], script[PATH_MAX + 16];
	const char *plotdir = o->plotdir ? o->plotdir : gnuplot_script_dir(plotdir_buf, sizeof(plotdir_buf));
	size_t first = nr_runs > o->trend ? nr_runs - o->trend : 0, n = nr_runs - first;
	json_t **docs = calloc(n, sizeof(*docs)), **ledgers = calloc(n, sizeof(*ledgers));
	int *key = calloc(r->nr_rows + 1, sizeof(*key)), failed = 0;
	char err[1024];

	if (!docs || !ledgers || !key) {
		failed = 1;
		goto out;
	}
	snprintf(outdir, sizeof(outdir), "%s/trend", series_dir);
	snprintf(datadir, sizeof(datadir), "%s/plot-data", outdir);
	snprintf(script, sizeof(script), "%s/trend.gp", plotdir);
	if (mkdir_p(datadir)) {
		fprintf(stderr, "hmmbench history: cannot create %s: %s\n", datadir, strerror(errno));
		failed = 1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX * 2];

		snprintf(path, sizeof(path), "%s/%s", series_dir, runs[first + i]);
		docs[i] = results_load(path, err, sizeof(err));
		if (!docs[i]) {
			fprintf(stderr, "hmmbench history: %s\n", err);
			failed = 1;
			goto out;
		}
		snprintf(path, sizeof(path), "%s/verdicts/%s", series_dir, runs[first + i]);
		ledgers[i] = json_load_file(path, 0, NULL);
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
		if (write_trend_data(data, docs, ledgers, n, r->rows[i].parameters)) {
			fprintf(stderr, "hmmbench history: cannot write %s\n", data);
			failed = 1;
			continue;
		}
		plot_subtitle(docs[n - 1], subtitle, sizeof(subtitle));
		if (asprintf(&assignments, "plotdir='%s'; outbase='%s'; datafile='%s'; "
			     "config='%s'; subtitle='newest: %s; verdict %s'", plotdir, outbase, data,
			     r->rows[i].name, subtitle,
			     compare_verdict_name(r->rows[i].time.verdict)) < 0) {
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
	for (size_t i = 0; docs && ledgers && i < n; i++) {
		json_decref(docs[i]);
		json_decref(ledgers[i]);
	}
	free(docs);
	free(ledgers);
	free(key);
	return failed ? -1 : 0;
}

static int write_ledger(const char *series_dir, const char *run, const struct compare_report *rw,
			const struct compare_sides *s, const int *confirmed,
			const struct compare_report *rp, const char *previous)
{
	char path[PATH_MAX * 2], err[1024];
	json_t *j = compare_report_json(rw, s), *configs;
	size_t i;
	json_t *c;
	int ret;

	if (!j)
		return -1;
	configs = json_object_get(j, "configurations");
	json_array_foreach(configs, i, c)
		json_object_set_new(c, "confirmed", json_boolean(confirmed[i]));
	json_object_set_new(j, "previous", json_pack("{s:s, s:I, s:I, s:I, s:I}", "file", previous,
		"same", (json_int_t)rp->counts[COMPARE_SAME],
		"regression", (json_int_t)rp->counts[COMPARE_REGRESSION],
		"improvement", (json_int_t)rp->counts[COMPARE_IMPROVEMENT],
		"unknown", (json_int_t)rp->counts[COMPARE_UNKNOWN]));
	snprintf(path, sizeof(path), "%s/verdicts", series_dir);
	mkdir_p(path);
	snprintf(path, sizeof(path), "%s/verdicts/%s", series_dir, run);
	ret = results_write_atomic(j, path, err, sizeof(err));
	if (ret)
		fprintf(stderr, "hmmbench history: %s\n", err);
	json_decref(j);
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

static int judge_series(const struct history_options *o, const char *series)
{
	char series_dir[PATH_MAX], err[1024], window_label[PATH_MAX + 64], newest_label[PATH_MAX * 2];
	struct compare_report rw = { 0 }, rp = { 0 };
	struct compare_options co = o->compare;
	struct compare_sides s = { 0 };
	struct history_window w;
	json_t **window = NULL, *newest = NULL, *pooled = NULL;
	char **runs = NULL;
	size_t nr_runs = 0, nr_confirmed;
	int *confirmed = NULL, ret = EXIT_USAGE;

	snprintf(series_dir, sizeof(series_dir), "%s/%s", o->dir, series);
	if (history_list_runs(series_dir, &runs, &nr_runs)) {
		fprintf(stderr, "hmmbench history: cannot read %s: %s\n", series_dir, strerror(errno));
		return EXIT_USAGE;
	}
	if (history_window(nr_runs, o->window, &w)) {
		printf("history: %s: %zu run%s, nothing to compare yet\n", series, nr_runs,
		       nr_runs == 1 ? "" : "s");
		history_names_free(runs, nr_runs);
		return EXIT_OK;
	}
	window = calloc(w.count, sizeof(*window));
	if (!window)
		goto out;
	for (size_t i = 0; i < w.count; i++)
		if (!(window[i] = load_run(series_dir, runs[w.first + i])))
			goto out;
	if (!(newest = load_run(series_dir, runs[w.newest])))
		goto out;
	pooled = results_merge(window, w.count, err, sizeof(err));
	if (!pooled) {
		fprintf(stderr, "hmmbench history: %s: %s\n", series, err);
		goto out;
	}
	/* A series already holds one mode, kernel and CPU: matrix or ABI changes only warn. */
	co.force = 1;
	if (compare_documents(pooled, newest, &co, &rw, err, sizeof(err)) ||
	    compare_documents(window[w.count - 1], newest, &co, &rp, err, sizeof(err))) {
		fprintf(stderr, "hmmbench history: %s: %s\n", series, err);
		goto out;
	}
	confirmed = calloc(rw.nr_rows + 1, sizeof(*confirmed));
	if (!confirmed)
		goto out;
	nr_confirmed = history_confirm(&rw, &rp, confirmed);
	for (size_t i = 0; i < rw.nr_warnings; i++)
		fprintf(stderr, "hmmbench history: %s: warning: %s\n", series, rw.warnings[i]);

	snprintf(window_label, sizeof(window_label), "%s/{%s .. %s} (%zu runs pooled)", series,
		 runs[w.first], runs[w.previous], w.count);
	snprintf(newest_label, sizeof(newest_label), "%s/%s", series, runs[w.newest]);
	s.base_file = window_label;
	s.new_file = newest_label;
	s.base = pooled;
	s.new_ = newest;
	if (compare_emit("history", &rw, &s, o->format, o->out))
		goto out;
	{
		FILE *tell = o->format == COMPARE_FORMAT_JSON && !o->out ? stderr : stdout;

		fprintf(tell, "history: %s: newest %s vs %zu runs and vs %s: %zu confirmed "
			"regression%s\n", series, runs[w.newest], w.count, runs[w.previous],
			nr_confirmed, nr_confirmed == 1 ? "" : "s");
		for (size_t i = 0; i < rw.nr_rows; i++)
			if (confirmed[i])
				fprintf(tell, "history: confirmed regression: %s %+.2f%%\n",
					rw.rows[i].name, 100 * (rw.rows[i].time.ratio - 1));
		fflush(tell);
	}
	if (write_ledger(series_dir, runs[w.newest], &rw, &s, confirmed, &rp, runs[w.previous]))
		goto out;
	if (o->plot != PLOT_NONE && plot_trends(o, series_dir, runs, nr_runs, &rw))
		goto out;
	ret = history_exit_code(&rw, nr_confirmed);
out:
	free(confirmed);
	compare_report_free(&rw);
	compare_report_free(&rp);
	json_decref(pooled);
	json_decref(newest);
	for (size_t i = 0; window && i < w.count; i++)
		json_decref(window[i]);
	free(window);
	history_names_free(runs, nr_runs);
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

static int parse_count(const char *flag, const char *value, size_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno || *end || !*value || *value == '-' || !v || v > 10000) {
		fprintf(stderr, "hmmbench history: %s '%s': want 1 .. 10000\n", flag, value);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_options(int argc, char **argv, struct history_options *o)
{
	memset(o, 0, sizeof(*o));
	o->window = HISTORY_DEFAULT_WINDOW;
	o->trend = HISTORY_DEFAULT_TREND;
	o->plot = PLOT_KEY;
	o->format = COMPARE_FORMAT_TABLE;
	compare_options_default(&o->compare);
	for (int i = 1; i < argc; i++) {
		const char *flag = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
		int taken;

		if (!strcmp(flag, "--help") || !strcmp(flag, "-h")) {
			usage(stdout);
			exit(EXIT_OK);
		}
		taken = compare_parse_flag("history", argc, argv, &i, &o->compare, &o->format, &o->out);
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
			o->series = value;
		} else if (!strcmp(flag, "--plotdir")) {
			o->plotdir = value;
		} else if (!strcmp(flag, "--window")) {
			if (parse_count(flag, value, &o->window))
				return -1;
		} else if (!strcmp(flag, "--trend")) {
			if (parse_count(flag, value, &o->trend))
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

int cmd_history(int argc, char **argv)
{
	struct history_options o;
	char **series = NULL;
	size_t nr_series = 0;
	int ret = EXIT_OK;

	if (parse_options(argc, argv, &o))
		return EXIT_USAGE;
	if (o.add)
		return add_run(&o);
	if (o.series)
		return judge_series(&o, o.series);
	if (history_list_series(o.dir, &series, &nr_series)) {
		fprintf(stderr, "hmmbench history: cannot read %s: %s\n", o.dir, strerror(errno));
		return EXIT_USAGE;
	}
	if (!nr_series) {
		fprintf(stderr, "hmmbench history: %s holds no series (add runs with --add)\n", o.dir);
		ret = EXIT_USAGE;
	}
	if (o.out && nr_series > 1) {
		fprintf(stderr, "hmmbench history: --out needs a single series (--series S)\n");
		ret = EXIT_USAGE;
	}
	for (size_t i = 0; ret != EXIT_USAGE && i < nr_series; i++)
		ret = worse(ret, judge_series(&o, series[i]));
	history_names_free(series, nr_series);
	return ret;
}
