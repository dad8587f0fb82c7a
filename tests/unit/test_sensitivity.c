// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of sensitivity.c: the rates, the "smallest reliably detected"
 * rule, and the whole analysis on synthetic documents whose planted changes
 * are known.
 */
#include <errno.h>

#include "check.h"
#include "analysis/sensitivity.h"
#include "results/results_model.h"
#include "analysis/sensitivity_output.h"
#include "synthetic.h"

/* The models of @docs, as sensitivity_analyze() takes them (kept until the next call). */
static const struct results_model *models_of(json_t *const *docs, size_t n)
{
	static struct results_model m[32];

	for (size_t i = 0; i < 32; i++)
		results_model_free(&m[i]);
	for (size_t i = 0; i < n && i < 32; i++)
		EXPECT_EQ_INT(results_model_from_json(docs[i], &m[i], NULL, 0), 0);
	return m;
}

static void test_rates(void)
{
	struct sensitivity_tally t = { 0 };

	EXPECT(isnan(sensitivity_false_alarm_rate(&t)));
	EXPECT(isnan(sensitivity_detection_rate(&t)));
	for (int i = 0; i < 6; i++)
		sensitivity_tally_add(&t, COMPARE_SAME);
	sensitivity_tally_add(&t, COMPARE_REGRESSION);
	sensitivity_tally_add(&t, COMPARE_IMPROVEMENT);
	sensitivity_tally_add(&t, COMPARE_IMPROVEMENT);
	sensitivity_tally_add(&t, COMPARE_UNKNOWN);
	EXPECT_EQ_INT(t.trials, 10);
	EXPECT_EQ_INT(t.counts[COMPARE_IMPROVEMENT], 2);
	/* Unknown is neither a false alarm nor a detection. */
	EXPECT_NEAR(sensitivity_false_alarm_rate(&t), 0.3, 1e-12);
	EXPECT_NEAR(sensitivity_detection_rate(&t), 0.1, 1e-12);
}

static void test_smallest_reliable(void)
{
	const double rising[] = { 0.0, 0.5, 0.96, 1.0 };
	const double fluke[] = { 1.0, 0.4, 1.0, 1.0 };	/* a lucky small size does not count */
	const double dip[] = { 1.0, 1.0, 0.9 };		/* the largest misses: none */
	const double no_trials[] = { NAN, 1.0 };
	const double all[] = { 1.0, 1.0 };

	EXPECT_EQ_INT(sensitivity_smallest_reliable(rising, 4, 0.95), 2);
	EXPECT_EQ_INT(sensitivity_smallest_reliable(rising, 4, 1.0), 3);
	EXPECT_EQ_INT(sensitivity_smallest_reliable(rising, 4, 0.5), 1);
	EXPECT_EQ_INT(sensitivity_smallest_reliable(fluke, 4, 0.95), 2);
	EXPECT_EQ_INT(sensitivity_smallest_reliable(dip, 3, 0.95), -1);
	EXPECT_EQ_INT(sensitivity_smallest_reliable(no_trials, 2, 0.95), 1);
	EXPECT_EQ_INT(sensitivity_smallest_reliable(all, 2, 0.95), 0);
	EXPECT_EQ_INT(sensitivity_smallest_reliable(all, 0, 0.95), -1);
}

static json_t *labelled(struct synth *s, uint64_t inject)
{
	json_t *doc = synth_doc(s);
	json_t *module = json_object_get(json_object_get(doc, "context"), "module");

	if (doc && inject)
		json_object_set_new(module, "inject_ns_per_page", json_integer((json_int_t)inject));
	return doc;
}

/*
 * Deterministic (icount, constant samples, threshold 0.5%): three equal
 * baselines, a 0.2% "injection" labelled 1 ns/page (below the threshold:
 * never detected) and a 5% one labelled 10 ns/page, twice.
 */
static void test_analyze_deterministic(void)
{
	struct compare_options o;
	struct sensitivity_report r;
	struct synth s;
	json_t *docs[6];
	char err[256];
	size_t n = 0;

	synth_default(&s);
	s.mode = RESULTS_MODE_QEMU_ICOUNT;
	s.constant = 1;
	for (int i = 0; i < 3; i++) {
		s.seed = 10 + i;
		docs[n++] = labelled(&s, 0);
	}
	s.shift_all = 0.002;
	docs[n++] = labelled(&s, 1);
	s.shift_all = 0.05;
	docs[n++] = labelled(&s, 10);
	s.seed = 99;
	docs[n++] = labelled(&s, 10);
	for (size_t i = 0; i < n; i++)
		EXPECT(docs[i] != NULL);

	compare_options_default(&o);
	o.resamples = 200;
	EXPECT_EQ_INT(sensitivity_analyze(models_of(docs, n), n, &o, 0.95, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.nr_base_runs, 3);
	EXPECT_NEAR(r.threshold, COMPARE_THRESHOLD_ICOUNT, 1e-12);
	/* A/A: 3 pairs x 3 configurations, all same. */
	EXPECT_EQ_INT(r.aa.trials, 9);
	EXPECT_EQ_INT(r.aa.counts[COMPARE_SAME], 9);
	EXPECT_NEAR(sensitivity_false_alarm_rate(&r.aa), 0, 0);

	EXPECT_EQ_INT(r.nr_sizes, 2);
	EXPECT_EQ_INT(r.sizes[0].inject, 1);
	EXPECT_EQ_INT(r.sizes[1].inject, 10);
	EXPECT_EQ_INT(r.sizes[1].nr_runs, 2);
	/* 1 run x 3 baselines x 3 configurations; 2 runs for size 10. */
	EXPECT_EQ_INT(r.sizes[0].tally.trials, 9);
	EXPECT_EQ_INT(r.sizes[0].tally.counts[COMPARE_SAME], 9);
	EXPECT_EQ_INT(r.sizes[1].tally.trials, 18);
	EXPECT_NEAR(sensitivity_detection_rate(&r.sizes[1].tally), 1, 0);
	EXPECT_EQ_INT(r.smallest, 1);
	EXPECT_NEAR(r.sizes[1].change_median, 0.05, 1e-9);
	/* Added ns/page: 5, 7.8125 and 45 for the three configurations, 6 trials each. */
	EXPECT_NEAR(r.sizes[1].added_median, 7.8125, 1e-9);

	/* Baseline medians (ns per page) and the injection relative to them. */
	EXPECT_EQ_INT(r.nr_configs, SYNTH_NR_CONFIGS);
	EXPECT_NEAR(r.configs[0].base_median, 51200.0 / 512, 1e-9);
	EXPECT_NEAR(r.configs[2].base_median, 900, 1e-9);
	EXPECT_NEAR(r.sizes[1].rel_max, 10 / 100.0, 1e-9);
	EXPECT_NEAR(r.sizes[1].rel_min, 10 / 900.0, 1e-9);
	for (size_t c = 0; c < r.nr_configs; c++) {
		EXPECT_EQ_INT(r.configs[c].smallest, 1);
		EXPECT_EQ_INT(r.configs[c].aa.trials, 3);
		EXPECT_EQ_INT(r.configs[c].per_size[1].counts[COMPARE_REGRESSION], 6);
	}
	sensitivity_report_free(&r);
	for (size_t i = 0; i < n; i++)
		json_decref(docs[i]);
}

/* Noisy (TCG): every trial is counted once, whatever its verdict. */
static void test_analyze_noisy(void)
{
	struct compare_options o;
	struct sensitivity_report r;
	struct synth s;
	json_t *docs[5];
	char err[256];
	size_t sum = 0;

	synth_default(&s);
	s.noise = 0.05;
	for (int i = 0; i < 4; i++) {
		s.seed = 100 + i;
		docs[i] = labelled(&s, 0);
	}
	s.seed = 200;
	s.shift_all = 0.5;
	docs[4] = labelled(&s, 50);
	compare_options_default(&o);
	o.resamples = 200;
	EXPECT_EQ_INT(sensitivity_analyze(models_of(docs, 5), 5, &o, 0.95, &r, err, sizeof(err)), 0);
	EXPECT_EQ_INT(r.aa.trials, 6 * SYNTH_NR_CONFIGS);
	for (int v = 0; v < COMPARE_NR_VERDICTS; v++)
		sum += r.aa.counts[v];
	EXPECT_EQ_INT(sum, r.aa.trials);
	/* +50% on 5% noise is found every time. */
	EXPECT_NEAR(sensitivity_detection_rate(&r.sizes[0].tally), 1, 0);
	EXPECT_EQ_INT(r.smallest, 0);
	sensitivity_report_free(&r);
	for (int i = 0; i < 5; i++)
		json_decref(docs[i]);
}

static void test_analyze_errors(void)
{
	struct compare_options o;
	struct sensitivity_report r;
	struct synth s;
	json_t *docs[2];
	char err[256] = "";

	synth_default(&s);
	docs[0] = labelled(&s, 5);
	docs[1] = labelled(&s, 10);
	compare_options_default(&o);
	EXPECT_EQ_INT(sensitivity_analyze(models_of(docs, 2), 2, &o, 0.95, &r, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "no baseline") != NULL);
	sensitivity_report_free(&r);

	/* A different mode on one side is refused, as compare refuses it. */
	json_decref(docs[1]);
	s.mode = RESULTS_MODE_QEMU_ICOUNT;
	docs[1] = labelled(&s, 0);
	json_decref(docs[0]);
	s.mode = RESULTS_MODE_QEMU_TCG;
	docs[0] = labelled(&s, 0);
	EXPECT_EQ_INT(sensitivity_analyze(models_of(docs, 2), 2, &o, 0.95, &r, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "mode") != NULL);
	sensitivity_report_free(&r);
	json_decref(docs[0]);
	json_decref(docs[1]);
}

static void test_json(void)
{
	struct compare_options o;
	struct sensitivity_report r;
	struct synth s;
	json_t *docs[3], *j;
	char err[256];

	synth_default(&s);
	s.mode = RESULTS_MODE_QEMU_ICOUNT;
	s.constant = 1;
	docs[0] = labelled(&s, 0);
	docs[1] = labelled(&s, 0);
	s.shift_all = 0.2;
	docs[2] = labelled(&s, 20);
	compare_options_default(&o);
	o.resamples = 200;
	EXPECT_EQ_INT(sensitivity_analyze(models_of(docs, 3), 3, &o, 0.95, &r, err, sizeof(err)), 0);
	j = sensitivity_output_json(&r);
	EXPECT(j != NULL);
	EXPECT_EQ_INT(json_integer_value(json_object_get(j, "smallest_reliable_ns_per_page")), 20);
	EXPECT_NEAR(json_real_value(json_object_get(j, "false_alarm_rate")), 0, 0);
	EXPECT_EQ_INT(json_array_size(json_object_get(j, "configurations")), SYNTH_NR_CONFIGS);
	EXPECT(!strcmp(json_string_value(json_object_get(j, "mode")), "qemu-icount"));
	json_decref(j);
	sensitivity_report_free(&r);
	for (int i = 0; i < 3; i++)
		json_decref(docs[i]);
}

static const struct test_case tests[] = {
	{ "rates", test_rates },
	{ "smallest_reliable", test_smallest_reliable },
	{ "analyze_deterministic", test_analyze_deterministic },
	{ "analyze_noisy", test_analyze_noisy },
	{ "analyze_errors", test_analyze_errors },
	{ "json", test_json },
};

int main(void)
{
	return RUN_TESTS(tests);
}
