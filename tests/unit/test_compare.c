// SPDX-License-Identifier: GPL-2.0
/*
 * The regression verdict on constructed cases whose answer is known: A/A,
 * a planted 10% regression and improvement, noisy overlap, a change below
 * the threshold, constant samples; pairing by parameters, the refusals,
 * the exit codes and the three renderings.
 *
 * 'test_compare --make PATH [key=value ...]' writes a synthetic results
 * document (tests/unit/synthetic.h; keys: mode, shift, shift_all, noise,
 * samples, seed, cpu, abi, kernel, date, rev, drop, constant) for
 * tests/check.d/50-compare.sh.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "cmd/commands.h"
#include "analysis/compare.h"
#include "analysis/compare_cli.h"
#include "analysis/compare_geomean.h"
#include "analysis/compare_output.h"
#include "results/results_model.h"
#include "results/merge.h"
#include "synthetic.h"
#include "results/results_config.h"
#include "results/results_write.h"

/*
 * The model of @doc, as compare takes it. Kept in a ring, so the last few
 * stay valid while the report that points into them is read.
 */
static const struct results_model *model(json_t *doc)
{
	static struct results_model ring[16];
	static size_t next;
	struct results_model *m = &ring[next++ % 16];

	results_model_free(m);
	EXPECT_EQ_INT(results_model_from_json(doc, m, NULL, 0), 0);
	return m;
}

static int compare_synth(const struct synth *a, const struct synth *b,
			 const struct compare_options *o, struct compare_report *r, char *err,
			 size_t errlen)
{
	json_t *da = synth_doc(a), *db = synth_doc(b);
	int ret;

	if (!da || !db) {
		json_decref(da);
		json_decref(db);
		memset(r, 0, sizeof(*r));
		snprintf(err, errlen, "synth_doc failed");
		return -ENOMEM;
	}
	ret = compare_documents(model(da), model(db), o, r, err, errlen);
	json_decref(da);
	json_decref(db);
	return ret;
}

static void test_identical(void)
{
	struct synth s;
	struct compare_options o;
	struct compare_report r;
	char err[512] = "";

	synth_default(&s);
	compare_options_default(&o);
	EXPECT_EQ_INT(compare_synth(&s, &s, &o, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.nr_rows, SYNTH_NR_CONFIGS);
	EXPECT_EQ_INT(r.counts[COMPARE_SAME], SYNTH_NR_CONFIGS);
	EXPECT_NEAR(r.threshold, COMPARE_THRESHOLD_TCG, 1e-12);
	for (size_t i = 0; i < r.nr_rows; i++) {
		EXPECT_NEAR(r.rows[i].time.ratio, 1.0, 1e-12);
		EXPECT_NEAR(r.rows[i].time.mwu_p, 1.0, 1e-9);
	}
	EXPECT_EQ_INT(compare_exit_code(&r), 0);
	compare_report_free(&r);
}

static void test_regression_10pct(void)
{
	struct synth a, b;
	struct compare_options o;
	struct compare_report r;
	char err[512] = "";

	synth_default(&a);
	b = a;
	b.seed = 2;
	b.shift = 0.10;
	compare_options_default(&o);
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.rows[0].time.verdict, COMPARE_REGRESSION);
	EXPECT(r.rows[0].time.mwu_p < 1e-6);
	EXPECT(r.rows[0].time.ratio_ci.low > 1.05);
	EXPECT(r.rows[0].time.ratio_ci.high < 1.15);
	EXPECT_NEAR(r.rows[0].time.ratio, 1.10, 0.01);
	/* The others did not change: noise 1%, 30 samples -> CI well inside +-5%. */
	EXPECT_EQ_INT(r.rows[1].time.verdict, COMPARE_SAME);
	EXPECT_EQ_INT(r.rows[2].time.verdict, COMPARE_SAME);
	EXPECT_EQ_INT(compare_exit_code(&r), EXIT_FAIL);
	EXPECT(!strcmp(compare_overall(&r), "regression"));
	compare_report_free(&r);
}

static void test_improvement(void)
{
	struct synth a, b;
	struct compare_options o;
	struct compare_report r;
	char err[512] = "";

	synth_default(&a);
	b = a;
	b.seed = 3;
	b.shift = -0.10;
	compare_options_default(&o);
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.rows[0].time.verdict, COMPARE_IMPROVEMENT);
	EXPECT(r.rows[0].time.ratio_ci.high < 0.95);
	EXPECT_EQ_INT(r.counts[COMPARE_IMPROVEMENT], 1);
	EXPECT_EQ_INT(compare_exit_code(&r), 0);
	compare_report_free(&r);
}

static void test_noisy_overlap_unknown(void)
{
	struct synth a, b;
	struct compare_options o;
	struct compare_report r;
	char err[512] = "";

	synth_default(&a);
	a.noise = 0.10;
	a.samples = 6;
	b = a;
	b.seed = 4;
	b.shift = 0.03;
	compare_options_default(&o);
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.rows[0].time.verdict, COMPARE_UNKNOWN);
	/* 10% noise, 6 samples: no configuration can be shown within +-5%. */
	EXPECT_EQ_INT(r.counts[COMPARE_UNKNOWN], SYNTH_NR_CONFIGS);
	EXPECT_EQ_INT(compare_exit_code(&r), COMPARE_EXIT_UNKNOWN);
	compare_report_free(&r);
}

static void test_tiny_change_same(void)
{
	struct synth a, b;
	struct compare_options o;
	struct compare_report r;
	char err[512] = "";

	/* icount: threshold 0.5%; a 0.2% change with 0.05% noise is significant but same. */
	synth_default(&a);
	a.mode = RESULTS_MODE_QEMU_ICOUNT;
	a.noise = 0.0005;
	b = a;
	b.seed = 5;
	b.shift = 0.002;
	compare_options_default(&o);
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r, err, sizeof(err)), 0);
	EXPECT_NEAR(r.threshold, COMPARE_THRESHOLD_ICOUNT, 1e-12);
	EXPECT(r.rows[0].time.mwu_p < 0.05);
	EXPECT_EQ_INT(r.rows[0].time.verdict, COMPARE_SAME);
	EXPECT_EQ_INT(compare_exit_code(&r), 0);
	compare_report_free(&r);
}

static void test_zero_variance(void)
{
	static const double base[] = { 100, 100, 100 };
	static const double same[] = { 100, 100, 100 };
	static const double up1[] = { 101, 101, 101 };
	static const double up03[] = { 100.3, 100.3, 100.3 };
	static const double down2[] = { 98, 98, 98 };
	struct compare_options o;
	struct compare_metric m;

	compare_options_default(&o);
	EXPECT_EQ_INT(compare_samples(base, 3, same, 3, 0.005, &o, 1, &m), 0);
	EXPECT_EQ_INT(m.verdict, COMPARE_SAME);
	EXPECT(m.constant);
	EXPECT_NEAR(m.mwu_p, 1.0, 1e-12);	/* all tied: the test says nothing */
	/* 3 vs 3: MWU has no exact answer with ties; the exact ratio decides. */
	EXPECT_EQ_INT(compare_samples(base, 3, up1, 3, 0.005, &o, 1, &m), 0);
	EXPECT_EQ_INT(m.verdict, COMPARE_REGRESSION);
	EXPECT(m.constant);
	EXPECT_NEAR(m.ratio_ci.low, 1.01, 1e-12);
	EXPECT_EQ_INT(compare_samples(base, 3, up03, 3, 0.005, &o, 1, &m), 0);
	EXPECT_EQ_INT(m.verdict, COMPARE_SAME);
	EXPECT_EQ_INT(compare_samples(base, 3, down2, 3, 0.005, &o, 1, &m), 0);
	EXPECT_EQ_INT(m.verdict, COMPARE_IMPROVEMENT);
	/* One side constant, the other not: the ordinary rules. */
	{
		static const double varied[] = { 100, 101, 99 };

		EXPECT_EQ_INT(compare_samples(base, 3, varied, 3, 0.005, &o, 1, &m), 0);
		EXPECT(!m.constant);
		EXPECT_EQ_INT(m.verdict, COMPARE_UNKNOWN);
	}
}

static void test_few_samples_and_zero_base(void)
{
	static const double two[] = { 100, 200 };
	static const double zero[] = { 0, 0, 0 };
	static const double three[] = { 1, 2, 3 };
	struct compare_options o;
	struct compare_metric m;

	compare_options_default(&o);
	EXPECT_EQ_INT(compare_samples(two, 2, two, 2, 0.05, &o, 1, &m), 0);
	EXPECT_EQ_INT(m.verdict, COMPARE_UNKNOWN);
	EXPECT(strstr(m.reason, "too few") != NULL);
	EXPECT_EQ_INT(compare_samples(zero, 3, three, 3, 0.05, &o, 1, &m), 0);
	EXPECT_EQ_INT(m.verdict, COMPARE_UNKNOWN);
	EXPECT(isnan(m.ratio));
}

/*
 * The statistics reproducers, through the verdict: small tied samples
 * are judged by the exact permutation p (2/35, not significant at
 * 0.05); a base with one 0 still gets a CI; a NaN is bad input, at once.
 */
static void test_statistics_reproducers(void)
{
	static const double flat[] = { 100, 100, 100 };
	static const double step[] = { 200, 200, 200, 201 };
	double base[10], new_[19], bad[] = { 100, NAN, 100 };
	struct compare_options o;
	struct compare_metric m;

	compare_options_default(&o);
	EXPECT_EQ_INT(compare_samples(flat, 3, step, 4, 0.005, &o, 1, &m), 0);
	EXPECT_NEAR(m.mwu_p, 2.0 / 35, 1e-15);
	EXPECT(m.verdict != COMPARE_REGRESSION);
	EXPECT(strstr(m.reason, "not significant") != NULL);

	base[0] = 0;
	for (int i = 1; i < 10; i++)
		base[i] = 99 + i;
	for (int i = 0; i < 19; i++)
		new_[i] = 200 + i;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		EXPECT_EQ_INT(compare_samples(base, 10, new_, 19, 0.005, &o, seed, &m), 0);
		EXPECT_EQ_INT(m.verdict, COMPARE_REGRESSION);
		EXPECT(isfinite(m.ratio_ci.low) && isfinite(m.ratio_ci.high));
	}

	EXPECT_EQ_INT(compare_samples(flat, 3, bad, 3, 0.005, &o, 1, &m), -EDOM);
	EXPECT_EQ_INT(compare_samples(bad, 3, flat, 3, 0.005, &o, 1, &m), -EDOM);
	EXPECT(strstr(m.reason, "not finite") != NULL);
}

static void test_deterministic_ci(void)
{
	struct synth a, b;
	struct compare_options o;
	struct compare_report r1, r2;
	char err[512];

	synth_default(&a);
	b = a;
	b.seed = 9;
	compare_options_default(&o);
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r1, err, sizeof(err)), 0);
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r2, err, sizeof(err)), 0);
	for (size_t i = 0; i < r1.nr_rows; i++) {
		EXPECT(r1.rows[i].time.ratio_ci.low == r2.rows[i].time.ratio_ci.low);
		EXPECT(r1.rows[i].time.ratio_ci.high == r2.rows[i].time.ratio_ci.high);
	}
	/* Different configurations get different bootstrap streams. */
	EXPECT(r1.rows[0].time.ratio_ci.seed != r1.rows[1].time.ratio_ci.seed);
	compare_report_free(&r1);
	compare_report_free(&r2);
}

static void test_pairing_by_parameters(void)
{
	struct synth s;
	struct compare_options o;
	struct compare_report r;
	json_t *a, *b, *c0, *c2;
	char err[512] = "";

	synth_default(&s);
	compare_options_default(&o);
	a = synth_doc(&s);
	b = synth_doc(&s);
	/* A renamed configuration still pairs: parameters identify it. */
	c0 = results_config_at(b, 0);
	json_object_set_new(c0, "name", json_string("renamed"));
	/* A changed parameter does not. */
	c2 = results_config_at(b, 2);
	json_object_set_new(json_object_get(c2, "parameters"), "pattern", json_string("all"));
	EXPECT_EQ_INT(compare_documents(model(a), model(b), &o, &r, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "different matrices") != NULL);
	compare_report_free(&r);
	o.force = 1;
	EXPECT_EQ_INT(compare_documents(model(a), model(b), &o, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.nr_rows, 2);
	EXPECT(!strcmp(r.rows[0].name, "renamed"));
	EXPECT_EQ_INT(r.nr_only_base, 1);
	EXPECT_EQ_INT(r.nr_only_new, 1);
	EXPECT(r.nr_warnings >= 1);
	compare_report_free(&r);
	json_decref(a);
	json_decref(b);
}

/* Refused unless forced: the message names the difference. */
static void expect_refusal(const struct synth *a, const struct synth *b, const char *what)
{
	struct compare_options o;
	struct compare_report r;
	char err[512] = "";

	compare_options_default(&o);
	EXPECT_EQ_INT(compare_synth(a, b, &o, &r, err, sizeof(err)), -EINVAL);
	if (!strstr(err, what))
		fprintf(stderr, "  error '%s' does not name '%s'\n", err, what);
	EXPECT(strstr(err, what) != NULL);
	compare_report_free(&r);
	o.force = 1;
	EXPECT_EQ_INT(compare_synth(a, b, &o, &r, err, sizeof(err)), 0);
	EXPECT(r.nr_warnings >= 1 && strstr(r.warnings[0], what));
	compare_report_free(&r);
}

static void test_refusals(void)
{
	struct synth a, b;
	struct compare_options o;
	struct compare_report r;
	char err[512] = "";

	synth_default(&a);
	b = a;
	b.mode = RESULTS_MODE_QEMU_ICOUNT;
	expect_refusal(&a, &b, "different modes");
	/* KVM's wall-clock times pool with neither TCG's nor icount's. */
	a.mode = RESULTS_MODE_QEMU_KVM;
	expect_refusal(&a, &b, "different modes: base qemu-kvm, new qemu-icount");
	b.mode = RESULTS_MODE_QEMU_TCG;
	expect_refusal(&a, &b, "different modes: base qemu-kvm, new qemu-tcg");
	a.mode = RESULTS_MODE_QEMU_TCG;
	b = a;
	b.cpu_model = "Intel(R) Xeon(R) Gold 6230";
	expect_refusal(&a, &b, "different CPU models");
	b = a;
	b.abi = a.abi + 1;
	expect_refusal(&a, &b, "different module ABI");
	b = a;
	b.drop_last = 1;
	expect_refusal(&a, &b, "different matrices");
	/* Forced across modes, the larger threshold applies. */
	b = a;
	b.mode = RESULTS_MODE_QEMU_ICOUNT;
	compare_options_default(&o);
	o.force = 1;
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r, err, sizeof(err)), 0);
	EXPECT_NEAR(r.threshold, COMPARE_THRESHOLD_TCG, 1e-12);
	compare_report_free(&r);
	/* A different kernel is the point: no refusal, no warning. */
	b = a;
	b.kernel = "6.1.0-56-amd64";
	compare_options_default(&o);
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.nr_warnings, 0);
	compare_report_free(&r);
}

static void test_exit_codes(void)
{
	struct compare_report r;

	memset(&r, 0, sizeof(r));
	r.counts[COMPARE_SAME] = 3;
	EXPECT_EQ_INT(compare_exit_code(&r), 0);
	r.counts[COMPARE_IMPROVEMENT] = 1;
	EXPECT_EQ_INT(compare_exit_code(&r), 0);
	EXPECT(!strcmp(compare_overall(&r), "improvement"));
	r.counts[COMPARE_UNKNOWN] = 1;
	EXPECT_EQ_INT(compare_exit_code(&r), 125);
	r.counts[COMPARE_REGRESSION] = 1;
	EXPECT_EQ_INT(compare_exit_code(&r), 1);
	EXPECT(!strcmp(compare_verdict_name(COMPARE_UNKNOWN), "unknown"));
}

static void test_counters(void)
{
	struct synth a, b;
	struct compare_options o;
	struct compare_report r;
	char err[512] = "";

	synth_default(&a);
	a.counter_samples = 1;
	b = a;
	b.seed = 7;
	b.shift = 0.10;
	compare_options_default(&o);
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r, err, sizeof(err)), 0);
	/* "instructions" is unavailable on both sides: only cycles is compared. */
	EXPECT_EQ_INT(r.rows[0].nr_counters, 1);
	EXPECT(!strcmp(r.rows[0].counters[0].name, "cycles"));
	EXPECT_EQ_INT(r.rows[0].counters[0].metric.verdict, COMPARE_REGRESSION);
	EXPECT_EQ_INT(r.rows[1].counters[0].metric.verdict, COMPARE_SAME);
	/* Counter verdicts do not count toward the exit code. */
	EXPECT_EQ_INT(r.counts[COMPARE_REGRESSION], 1);
	compare_report_free(&r);

	a.counter_samples = 0;
	b.counter_samples = 0;
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.rows[0].counters[0].metric.verdict, COMPARE_UNKNOWN);
	EXPECT(strstr(r.rows[0].counters[0].metric.reason, "one value") != NULL);
	EXPECT_NEAR(r.rows[0].counters[0].metric.ratio, 1.10, 0.02);
	compare_report_free(&r);
}

static void test_renderings(void)
{
	struct synth a, b;
	struct compare_options o;
	struct compare_report r;
	struct compare_sides s;
	json_t *da, *db, *j, *configs;
	char err[512] = "", *text = NULL;
	size_t len = 0;
	FILE *f;

	synth_default(&a);
	b = a;
	b.seed = 8;
	b.shift = 0.10;
	da = synth_doc(&a);
	db = synth_doc(&b);
	compare_options_default(&o);
	EXPECT_EQ_INT(compare_documents(model(da), model(db), &o, &r, err, sizeof(err)), 0);
	s.base_file = "base.json";
	s.new_file = "new.json";
	s.base = model(da);
	s.new_ = model(db);

	j = compare_output_json(&r, &s);
	EXPECT(j != NULL);
	configs = json_object_get(j, "configurations");
	EXPECT_EQ_INT(json_array_size(configs), SYNTH_NR_CONFIGS);
	EXPECT(!strcmp(json_string_value(json_object_get(json_array_get(configs, 0), "verdict")),
		       "regression"));
	EXPECT_EQ_INT(json_integer_value(json_object_get(json_object_get(j, "summary"),
							 "exit_code")), 1);
	EXPECT(json_is_array(json_object_get(json_array_get(configs, 0), "ratio_ci")));
	text = json_dumps(j, 0);
	EXPECT(text && !strstr(text, "NaN"));
	free(text);
	json_decref(j);

	text = NULL;
	f = open_memstream(&text, &len);
	compare_output_markdown(f, &r, &s);
	fclose(f);
	EXPECT(strstr(text, "| configuration |") != NULL);
	EXPECT(strstr(text, "**regression**") != NULL);
	free(text);

	text = NULL;
	f = open_memstream(&text, &len);
	compare_output_table(f, &r, &s, 0);
	fclose(f);
	EXPECT(strstr(text, "1 regression") != NULL);
	EXPECT(strstr(text, "\033[") == NULL);	/* no colour when asked for none */
	free(text);
	compare_report_free(&r);
	json_decref(da);
	json_decref(db);
}

/* Pool runs of @s with the seeds and shifts given (configuration 0 shifted). */
static json_t *pooled_runs(const struct synth *s, const uint64_t *seeds, const double *shifts,
			   size_t n)
{
	json_t *docs[4] = { 0 }, *out;
	char err[256];

	for (size_t i = 0; i < n && i < 4; i++) {
		struct synth r = *s;

		r.seed = seeds[i];
		r.shift = shifts[i];
		docs[i] = synth_doc(&r);
	}
	out = merge_runs(docs, n, err, sizeof(err));
	for (size_t i = 0; i < n && i < 4; i++)
		json_decref(docs[i]);
	return out;
}

/*
 * The between-run guard: pooled runs that disagree are unknown, however
 * significant the pooled samples look; runs that agree keep the verdict.
 */
static void test_run_guard(void)
{
	static const uint64_t base_seeds[] = { 1, 2 }, new_seeds[] = { 3, 4, 5 };
	static const double flat[] = { 0, 0 }, drifted[] = { 0, 0.6, 0.6 },
			    slower[] = { 0.10, 0.10, 0.10 };
	struct compare_options o;
	struct compare_report r;
	struct synth s;
	json_t *base, *drift, *regressed;
	const json_t *runs;
	char err[512] = "";

	synth_default(&s);
	compare_options_default(&o);
	base = pooled_runs(&s, base_seeds, flat, 2);
	drift = pooled_runs(&s, new_seeds, drifted, 3);
	regressed = pooled_runs(&s, new_seeds, slower, 3);
	EXPECT(base && drift && regressed);
	if (!base || !drift || !regressed)
		goto out;
	runs = json_object_get(results_config_at(drift, 0), "runs_samples");
	EXPECT(json_array_size(runs) == 3 && json_integer_value(json_array_get(runs, 2)) == 30);

	/* One boot of three at the old speed: pooled, MWU calls it +60%. */
	EXPECT_EQ_INT(compare_documents(model(base), model(drift), &o, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.rows[0].time.verdict, COMPARE_UNKNOWN);
	EXPECT(r.rows[0].time.mwu_p < o.alpha && r.rows[0].time.ratio > 1.3);
	EXPECT(strstr(r.rows[0].time.reason, "run medians overlap") != NULL);
	EXPECT_EQ_INT(r.rows[1].time.verdict, COMPARE_SAME);
	compare_report_free(&r);

	/* Every run 10% slower: the guard agrees. */
	EXPECT_EQ_INT(compare_documents(model(base), model(regressed), &o, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.rows[0].time.verdict, COMPARE_REGRESSION);
	compare_report_free(&r);

	/* Merging a merge keeps each run, not each document. */
	{
		json_t *parts[2] = { base, drift }, *all = merge_runs(parts, 2, err, sizeof(err));

		runs = json_object_get(results_config_at(all, 0), "runs_samples");
		EXPECT_EQ_INT(json_array_size(runs), 5);
		json_decref(all);
	}
out:
	json_decref(base);
	json_decref(drift);
	json_decref(regressed);
}

/* The guard alone: single runs are never guarded, an overlap always is. */
static void test_guard_direct(void)
{
	static const double base[] = { 100, 100, 100, 160, 160, 160 };
	static const double new_[] = { 170, 170, 170, 171, 171, 171 };
	static const size_t halves[] = { 3, 3 }, whole[] = { 6 };
	struct compare_metric m = { .verdict = COMPARE_REGRESSION };

	EXPECT_EQ_INT(compare_guard_runs(&m, base, whole, 1, new_, whole, 1, 0.05), 0);
	EXPECT_EQ_INT(m.verdict, COMPARE_REGRESSION);
	/* 170 is beyond 160 * 1.05 = 168: the runs agree. */
	EXPECT_EQ_INT(compare_guard_runs(&m, base, halves, 2, new_, halves, 2, 0.05), 0);
	EXPECT_EQ_INT(m.verdict, COMPARE_REGRESSION);
	/* At a 10% threshold 170 is within 160 * 1.10: runs overlap. */
	EXPECT_EQ_INT(compare_guard_runs(&m, base, halves, 2, new_, halves, 2, 0.10), 0);
	EXPECT_EQ_INT(m.verdict, COMPARE_UNKNOWN);
	/* same and unknown are left alone. */
	m.verdict = COMPARE_SAME;
	EXPECT_EQ_INT(compare_guard_runs(&m, base, halves, 2, new_, halves, 2, 0.10), 0);
	EXPECT_EQ_INT(m.verdict, COMPARE_SAME);
}

/* A hand-made report: rows with known ratios and verdicts, for the renderers. */
static void hand_report(struct compare_report *r)
{
	static const struct {
		const char *name, *op, *kind;
		double ratio;
		enum compare_verdict verdict;
	} rows[] = {
		{ "snapshot/4k/4K/fixed/none", "snapshot", "4k", 1.001, COMPARE_SAME },
		{ "snapshot/4k/2M/fixed/none", "snapshot", "4k", 1.05, COMPARE_REGRESSION },
		{ "snapshot/thp/2M/fixed/none", "snapshot", "thp", 0.90, COMPARE_IMPROVEMENT },
		{ "fault-present/4k/2M/fixed/all", "fault-present", "4k", 1.20, COMPARE_REGRESSION },
		{ "fault-present/4k/4K/fixed/all", "fault-present", "4k", 1.01, COMPARE_UNKNOWN },
	};

	memset(r, 0, sizeof(*r));
	compare_options_default(&r->options);
	r->threshold = 0.005;
	r->nr_rows = sizeof(rows) / sizeof(rows[0]);
	r->rows = calloc(r->nr_rows, sizeof(*r->rows));
	for (size_t i = 0; r->rows && i < r->nr_rows; i++) {
		struct compare_metric *m = &r->rows[i].time;

		r->rows[i].name = strdup(rows[i].name);
		r->rows[i].key = strdup(rows[i].name);
		r->rows[i].parameters = json_pack("{s:s, s:s}", "op", rows[i].op, "kind", rows[i].kind);
		m->ratio = rows[i].ratio;
		m->base_median = 100;
		m->new_median = 100 * rows[i].ratio;
		m->ratio_ci.low = m->ratio_ci.high = rows[i].ratio;
		m->mwu_p = m->ks_p = 0.5;
		m->verdict = rows[i].verdict;
		snprintf(m->reason, sizeof(m->reason), "a reason, with a comma and \"quotes\"");
		r->counts[m->verdict]++;
	}
}

static char *rendered(const struct compare_report *r, int csv)
{
	struct compare_sides s = { "base.json", "new.json", NULL, NULL };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	if (csv)
		compare_output_csv(f, r);
	else
		compare_output_table(f, r, &s, 0);
	fclose(f);
	return text;
}

/* Changes first: regressions, improvements, unknown, each largest first; then the full table. */
static void test_report_order(void)
{
	struct compare_report r;
	char *text, *changes, *all, *reg20, *reg5, *imp, *unk, *geo;

	hand_report(&r);
	text = rendered(&r, 0);
	EXPECT(text != NULL);
	if (!text)
		return;
	changes = strstr(text, "changes (2 regression, 1 improvement, 1 unknown");
	geo = strstr(text, "geometric mean");
	all = strstr(text, "all configurations:");
	reg20 = strstr(text, "fault-present/4k/2M/fixed/all");
	reg5 = strstr(text, "snapshot/4k/2M/fixed/none");
	imp = strstr(text, "snapshot/thp/2M/fixed/none");
	unk = strstr(text, "fault-present/4k/4K/fixed/all");
	EXPECT(changes && geo && all && reg20 && reg5 && imp && unk);
	EXPECT(changes < reg20 && reg20 < reg5 && reg5 < imp && imp < unk && unk < geo && geo < all);
	/* The same-verdict row is only in the full table, which lists all five. */
	EXPECT(strstr(text, "snapshot/4k/4K/fixed/none") > all);
	EXPECT(strstr(all, "fault-present/4k/4K/fixed/all") != NULL);
	free(text);
	compare_report_free(&r);
}

/* Per (op, kind): exp(mean(log ratio)) over the rows of the group, and over all rows. */
static void test_geomeans(void)
{
	struct compare_report r;
	struct compare_geomean *g;
	double log_all = 0;
	size_t n;

	hand_report(&r);
	EXPECT_EQ_INT(compare_geomean_compute(&r, &g, &n), 0);
	EXPECT_EQ_INT(n, 4);	/* snapshot/4k, snapshot/thp, fault-present/4k, all */
	if (n != 4) {
		free(g);
		compare_report_free(&r);
		return;
	}
	EXPECT(!strcmp(g[0].group, "snapshot/4k") && g[0].n == 2);
	EXPECT_NEAR(g[0].ratio, sqrt(r.rows[0].time.ratio * r.rows[1].time.ratio), 1e-12);
	EXPECT(!strcmp(g[1].group, "snapshot/thp") && g[1].n == 1);
	EXPECT_NEAR(g[1].ratio, r.rows[2].time.ratio, 1e-12);
	EXPECT(!strcmp(g[2].group, "fault-present/4k") && g[2].n == 2);
	for (size_t i = 0; i < r.nr_rows; i++)
		log_all += log(r.rows[i].time.ratio);
	EXPECT(!strcmp(g[3].group, "all") && g[3].n == r.nr_rows);
	EXPECT_NEAR(g[3].ratio, exp(log_all / (double)r.nr_rows), 1e-12);
	free(g);
	/* A row without a ratio is left out, not counted as 0 or 1. */
	r.rows[2].time.ratio = NAN;
	EXPECT_EQ_INT(compare_geomean_compute(&r, &g, &n), 0);
	EXPECT_EQ_INT(g[n - 1].n, r.nr_rows - 1);
	free(g);
	compare_report_free(&r);
}

static void test_csv(void)
{
	struct compare_report r;
	char *text, *line;
	size_t lines = 0;

	hand_report(&r);
	text = rendered(&r, 1);
	EXPECT(text != NULL);
	if (!text)
		return;
	EXPECT(!strncmp(text, "configuration,op,kind,size,format,pattern,verdict,", 50));
	for (line = text; (line = strchr(line, '\n')); line++)
		lines++;
	EXPECT_EQ_INT(lines, r.nr_rows + 1);
	/* RFC 4180: a field with a comma is quoted, its quotes doubled. */
	EXPECT(strstr(text, ",\"a reason, with a comma and \"\"quotes\"\"\"\n") != NULL);
	EXPECT(strstr(text, "snapshot/4k/2M/fixed/none,snapshot,4k,,,,regression,100,105,") != NULL);
	free(text);
	compare_report_free(&r);
}

/* --only: the verdict and exit code are the selected configurations'; a pattern matching nothing is refused. */
static void test_only(void)
{
	struct compare_options o;
	struct compare_report r;
	struct synth a, b;
	char err[512] = "";

	synth_default(&a);
	b = a;
	b.seed = 8;
	b.shift = 0.10;	/* snapshot/4k/2M/fixed/none regresses */
	compare_options_default(&o);

	o.only = "fault-*";
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.nr_rows, 1);
	EXPECT_EQ_INT(compare_exit_code(&r), 0);
	compare_report_free(&r);
	o.only = "nothing-like-this,snapshot/4k/2M/fixed/none";
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "'nothing-like-this'") != NULL);
	compare_report_free(&r);
	o.only = "snapshot/*/2M/*";
	EXPECT_EQ_INT(compare_synth(&a, &b, &o, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.nr_rows, 1);
	EXPECT_EQ_INT(compare_exit_code(&r), 1);
	compare_report_free(&r);
}

/* Every valued flag also takes --flag=VALUE (compare, history and sensitivity share these). */
static void test_flag_equals(void)
{
	char *argv[] = { "compare", "--threshold=2", "--alpha", "0.01", "--resamples=500",
			 "--seed=7", "--format=csv", "--out=x.csv", "--threshold=", "--thresholdx=1" };
	struct compare_options o;
	enum compare_format format = COMPARE_FORMAT_TABLE;
	const char *out = NULL;
	int i = 1;

	compare_options_default(&o);
	for (; i < 8; i++)
		EXPECT_EQ_INT(compare_cli_parse_flag("compare", 10, argv, &i, &o, &format, &out), 1);
	EXPECT_EQ_INT(i, 8);	/* "--alpha 0.01" took two words, the rest one */
	EXPECT_NEAR(o.threshold, 0.02, 1e-15);
	EXPECT_NEAR(o.alpha, 0.01, 0);
	EXPECT_EQ_INT(o.resamples, 500);
	EXPECT_EQ_INT(o.seed, 7);
	EXPECT_EQ_INT(format, COMPARE_FORMAT_CSV);
	EXPECT(out && !strcmp(out, "x.csv"));
	EXPECT_EQ_INT(compare_cli_parse_flag("compare", 10, argv, &i, &o, &format, &out), -1);
	i = 9;
	EXPECT_EQ_INT(compare_cli_parse_flag("compare", 10, argv, &i, &o, &format, &out), 0);
}

static const struct test_case tests[] = {
	{ "identical samples: same, exit 0", test_identical },
	{ "planted 10% regression, 30 samples: regression, exit 1", test_regression_10pct },
	{ "planted 10% improvement: improvement, exit 0", test_improvement },
	{ "noisy overlap: unknown, exit 125", test_noisy_overlap_unknown },
	{ "significant change below the threshold: same", test_tiny_change_same },
	{ "constant samples: the ratio decides", test_zero_variance },
	{ "too few samples, zero base median: unknown", test_few_samples_and_zero_base },
	{ "statistics reproducers: tied small samples, zero base, NaN",
	  test_statistics_reproducers },
	{ "bootstrap CIs are reproducible and per configuration", test_deterministic_ci },
	{ "pairing by parameters, not names", test_pairing_by_parameters },
	{ "refusals: mode, CPU, ABI, matrix; kernel allowed", test_refusals },
	{ "exit codes and overall verdict", test_exit_codes },
	{ "counters compared per page", test_counters },
	{ "table, Markdown and JSON renderings", test_renderings },
	{ "pooled runs: drift between runs is unknown, a shift of every run is not",
	  test_run_guard },
	{ "the between-run guard on its own", test_guard_direct },
	{ "table: changes first, by size, then geometric means, then all", test_report_order },
	{ "geometric means per (operation, page kind)", test_geomeans },
	{ "CSV rendering", test_csv },
	{ "--only restricts the verdict to matching names", test_only },
	{ "--flag=VALUE works like --flag VALUE", test_flag_equals },
};

static int make(int argc, char **argv)
{
	struct synth s;
	char err[512];
	json_t *doc;

	synth_default(&s);
	for (int i = 3; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		const char *v;

		if (!eq) {
			fprintf(stderr, "test_compare --make: '%s' is not key=value\n", argv[i]);
			return 2;
		}
		*eq = '\0';
		v = eq + 1;
		if (!strcmp(argv[i], "mode")) {
			if (results_mode_parse(v, &s.mode))
				return 2;
		} else if (!strcmp(argv[i], "shift")) {
			s.shift = atof(v);
		} else if (!strcmp(argv[i], "shift_all")) {
			s.shift_all = atof(v);
		} else if (!strcmp(argv[i], "noise")) {
			s.noise = atof(v);
		} else if (!strcmp(argv[i], "samples")) {
			s.samples = (size_t)atol(v);
		} else if (!strcmp(argv[i], "seed")) {
			s.seed = (uint64_t)atoll(v);
		} else if (!strcmp(argv[i], "cpu")) {
			s.cpu_model = v;
		} else if (!strcmp(argv[i], "abi")) {
			s.abi = (uint32_t)atoi(v);
		} else if (!strcmp(argv[i], "kernel")) {
			s.kernel = v;
		} else if (!strcmp(argv[i], "date")) {
			s.date = (time_t)atoll(v);
		} else if (!strcmp(argv[i], "rev")) {
			s.rev = v;
		} else if (!strcmp(argv[i], "drop")) {
			s.drop_last = atoi(v);
		} else if (!strcmp(argv[i], "constant")) {
			s.constant = atoi(v);
		} else if (!strcmp(argv[i], "counter_samples")) {
			s.counter_samples = atoi(v);
		} else {
			fprintf(stderr, "test_compare --make: unknown key '%s'\n", argv[i]);
			return 2;
		}
	}
	doc = synth_doc(&s);
	if (!doc || results_write_atomic(doc, argv[2], err, sizeof(err))) {
		fprintf(stderr, "test_compare --make: %s\n", doc ? err : "synth_doc failed");
		json_decref(doc);
		return 1;
	}
	json_decref(doc);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "--make"))
		return make(argc, argv);
	return RUN_TESTS(tests);
}
