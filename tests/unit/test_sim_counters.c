// SPDX-License-Identifier: GPL-2.0
/*
 * results/sim_counters.h: the plugin's windows paired with a run's timed
 * calls by the runner's visit log, on synthetic documents (synthetic.h,
 * constant samples) and window files made to match them or not.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "results/results_model.h"
#include "results/sim_counters.h"
#include "synthetic.h"

#define RESULTS "/out/results.json"
#define NR_SAMPLES 4
#define HEADER "hmm-sim 1 vcpus 1 l1i 32768:8:64 l1d 32768:8:64 l2 1048576:8:64 llc 33554432:16:64\n"

static struct results_model model(void)
{
	struct results_model m;
	struct synth s;
	json_t *doc;
	char err[256];

	synth_default(&s);
	s.mode = RESULTS_MODE_QEMU_SIM;
	s.samples = NR_SAMPLES;
	s.constant = 1;
	doc = synth_doc(&s);
	EXPECT(doc != NULL);
	EXPECT_EQ_INT(results_model_from_json(doc, &m, err, sizeof(err)), 0);
	json_decref(doc);
	return m;
}

/* Append one window line of @insns instructions, the given misses, to @buf. */
static void window(char *buf, size_t len, size_t *seq, long long insns, int l1d, int l2, int llc)
{
	size_t used = strlen(buf);

	snprintf(buf + used, len - used,
		 "window %zu vcpu 0 insns %lld loads 10 stores 5 l1i-misses 1 l1d-misses %d l2-misses %d llc-misses %d io 0\n",
		 (*seq)++, insns, l1d, l2, llc);
}

/* A warm-up window and NR_SAMPLES timed ones per configuration, every @step-th. */
static void visit_windows(char *buf, size_t len, size_t *seq, size_t step, int l1d, int l2, int llc)
{
	for (size_t c = 0; c < SYNTH_NR_CONFIGS; c += step) {
		window(buf, len, seq, 7, 0, 0, 0);
		for (int k = 0; k < NR_SAMPLES; k++)
			window(buf, len, seq, (long long)synth_configs[c].base_ns - 44, l1d, l2, llc);
	}
}

/*
 * The windows of one visit per configuration in synthetic.h's order, each
 * with a warm-up window first; a timed call's window has 44 instructions
 * fewer than its icount time (ktime_get_ns() outside the markers).
 */
static void windows_of_visits(char *buf, size_t len, int extra_first)
{
	size_t seq = 0;

	snprintf(buf, len, HEADER);
	if (extra_first)
		window(buf, len, &seq, 1000, 0, 0, 0);
	visit_windows(buf, len, &seq, 1, 4, 2, 1);
	strncat(buf, "end windows 15 aborted 0 stray-ends 0\n", len - strlen(buf) - 1);
}

static void visits(char *buf, size_t len, const char *status_of_second)
{
	buf[0] = '\0';
	for (size_t c = 0; c < SYNTH_NR_CONFIGS; c++) {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, "visit\t%s\t%s\t1\t%d\t%s\n", RESULTS,
			 synth_configs[c].name, NR_SAMPLES, c == 1 ? status_of_second : "ok");
	}
}

static const struct sim_cycle_model zen4 = { 14, 50, 300 };

static int pair(const char *wtext, const char *vtext, struct results_model *m,
		struct sim_check *check, char *err, size_t errlen)
{
	struct sim_windows w;
	struct sim_visit_log log;
	int ret;

	EXPECT_EQ_INT(sim_windows_parse(wtext, &w, err, errlen), 0);
	EXPECT_EQ_INT(sim_visit_log_parse(vtext, &log, err, errlen), 0);
	ret = sim_counters_add(m, RESULTS, &w, &log, &zen4, check, err, errlen);
	sim_windows_free(&w);
	sim_visit_log_free(&log);
	return ret;
}

static void test_cycles_formula(void)
{
	struct sim_window w = { .insns = 1000, .l1i_misses = 1, .l1d_misses = 4, .l2_misses = 2,
				.llc_misses = 1 };

	/* 1000 + 5 x 14 + 2 x 50 + 1 x 300 */
	EXPECT_NEAR(sim_counters_cycles(&zen4, &w), 1470, 0);
}

static void test_pairs_in_order(void)
{
	static char wtext[8192], vtext[2048];
	struct results_model m = model();
	const struct results_model_counter *k;
	struct sim_check check;
	char err[256] = "";

	windows_of_visits(wtext, sizeof(wtext), 0);
	visits(vtext, sizeof(vtext), "ok");
	EXPECT_EQ_INT(pair(wtext, vtext, &m, &check, err, sizeof(err)), 0);
	EXPECT_EQ_INT(check.samples, 3 * NR_SAMPLES);
	EXPECT_EQ_INT(check.min_diff, 44);
	EXPECT_EQ_INT(check.max_diff, 44);
	EXPECT_EQ_INT(check.windows_left, 0);
	EXPECT_EQ_INT(check.unpaired_configs, 0);
	k = results_model_counter(&m.configs[0], "sim:instructions");
	EXPECT(k && k->available && k->nr_samples == NR_SAMPLES);
	if (k)
		EXPECT_NEAR(k->per_page, (51200.0 - 44) / 512, 1e-9);
	k = results_model_counter(&m.configs[0], "sim:cycles");
	if (k)
		EXPECT_NEAR(k->samples_per_page[0], (51156.0 + 5 * 14 + 2 * 50 + 300) / 512, 1e-9);
	EXPECT(k != NULL);
	k = results_model_counter(&m.configs[2], "sim:llc-misses");
	if (k)
		EXPECT_NEAR(k->per_page, 1, 0);
	EXPECT(k != NULL);
	EXPECT(json_object_get(m.context.json, "sim") != NULL);
	results_model_free(&m);
}

static void test_shifted_windows_do_not_pair(void)
{
	static char wtext[8192], vtext[2048];
	struct results_model m = model();
	struct sim_check check;
	char err[256] = "";

	/* One window too many at the start: every pairing is off by one. */
	windows_of_visits(wtext, sizeof(wtext), 1);
	visits(vtext, sizeof(vtext), "ok");
	EXPECT_EQ_INT(pair(wtext, vtext, &m, &check, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "do not pair") != NULL);
	EXPECT(results_model_counter(&m.configs[0], "sim:cycles") == NULL);
	results_model_free(&m);
}

static void test_too_few_windows(void)
{
	static char wtext[8192], vtext[2048];
	struct results_model m = model();
	struct sim_check check;
	char err[256] = "";
	char *last;

	windows_of_visits(wtext, sizeof(wtext), 0);
	/* Cut the file after its second-to-last window line. */
	last = strstr(wtext, "window 14 ");
	EXPECT(last != NULL);
	if (last)
		*last = '\0';
	visits(vtext, sizeof(vtext), "ok");
	EXPECT_EQ_INT(pair(wtext, vtext, &m, &check, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "14 windows") != NULL);
	results_model_free(&m);
}

static void test_failed_visit_stops_pairing(void)
{
	static char wtext[8192], vtext[2048];
	struct results_model m = model();
	struct sim_check check;
	char err[256] = "";

	windows_of_visits(wtext, sizeof(wtext), 0);
	visits(vtext, sizeof(vtext), "failed");
	EXPECT_EQ_INT(pair(wtext, vtext, &m, &check, err, sizeof(err)), 0);
	EXPECT_EQ_INT(check.samples, NR_SAMPLES);
	EXPECT_EQ_INT(check.unpaired_configs, 2);
	EXPECT(results_model_counter(&m.configs[0], "sim:cycles") != NULL);
	EXPECT(results_model_counter(&m.configs[2], "sim:cycles") == NULL);
	results_model_free(&m);
}

static void test_skipped_visit_has_no_windows(void)
{
	static char wtext[8192], vtext[2048];
	struct results_model m = model();
	struct sim_check check;
	char err[256] = "";
	size_t seq = 0;

	/* The second configuration's visit called nothing: no windows of its own. */
	snprintf(wtext, sizeof(wtext), HEADER);
	visit_windows(wtext, sizeof(wtext), &seq, 2, 0, 0, 0);
	visits(vtext, sizeof(vtext), "skipped");
	EXPECT_EQ_INT(pair(wtext, vtext, &m, &check, err, sizeof(err)), 0);
	EXPECT_EQ_INT(check.samples, 2 * NR_SAMPLES);
	EXPECT_EQ_INT(check.unpaired_configs, 1);
	results_model_free(&m);
}

static void test_other_results_file_takes_its_windows(void)
{
	static char wtext[8192], vtext[4096];
	struct results_model m = model();
	struct sim_check check;
	char err[256] = "";
	size_t seq = 0;

	/* An earlier run into another file made two calls: they are skipped over. */
	snprintf(wtext, sizeof(wtext), HEADER);
	window(wtext, sizeof(wtext), &seq, 5, 0, 0, 0);
	window(wtext, sizeof(wtext), &seq, 5, 0, 0, 0);
	visit_windows(wtext, sizeof(wtext), &seq, 1, 0, 0, 0);
	snprintf(vtext, sizeof(vtext), "visit\t/out/other.json\t%s\t1\t1\tok\n", synth_configs[0].name);
	visits(vtext + strlen(vtext), sizeof(vtext) - strlen(vtext), "ok");
	EXPECT_EQ_INT(pair(wtext, vtext, &m, &check, err, sizeof(err)), 0);
	EXPECT_EQ_INT(check.samples, 3 * NR_SAMPLES);
	EXPECT_EQ_INT(check.windows_used, 17);
	results_model_free(&m);
}

/*
 * Append one visit of configuration @c to the window and visit texts: a
 * warm-up window, then NR_SAMPLES of @insns instructions, sample @odd (or
 * none, -1) with @odd_delta more.
 */
static void one_visit(char *wtext, size_t wlen, size_t *seq, char *vtext, size_t vlen, size_t c,
		      long long insns, int odd, long long odd_delta)
{
	size_t used = strlen(vtext);

	window(wtext, wlen, seq, 7, 0, 0, 0);
	for (int k = 0; k < NR_SAMPLES; k++)
		window(wtext, wlen, seq, insns + (k == odd ? odd_delta : 0), 0, 0, 0);
	snprintf(vtext + used, vlen - used, "visit\t%s\t%s\t1\t%d\tok\n", RESULTS,
		 synth_configs[c].name, NR_SAMPLES);
}

static void test_clock_drift_allowed_in_proportion(void)
{
	static char wtext[8192], vtext[2048];
	struct results_model m = model();
	struct sim_check check;
	char err[256] = "";
	size_t seq = 0;

	/*
	 * Calls this short allow no drift (10 ppm of 51200 or 80000 is under one
	 * instruction): a difference of 128 passes, 129 fails.
	 */
	snprintf(wtext, sizeof(wtext), HEADER);
	vtext[0] = '\0';
	one_visit(wtext, sizeof(wtext), &seq, vtext, sizeof(vtext), 0, 51200 - 128, -1, 0);
	one_visit(wtext, sizeof(wtext), &seq, vtext, sizeof(vtext), 1, 80000 - 129, -1, 0);
	EXPECT_EQ_INT(pair(wtext, vtext, &m, &check, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, synth_configs[1].name) != NULL);
	results_model_free(&m);
}

/* Sample @k of configuration @c slept 48 ms (the model's arrays are its own, so writable). */
static void slept(struct results_model *m, size_t c, size_t k)
{
	((double *)m->configs[c].samples_ns)[k] += 48000000;
}

/*
 * A call whose task slept inside it has more icount time than instructions
 * (the guest clock ran on while the vCPU halted). One such call of four
 * pairs, counted apart; two of four do not.
 */
static void test_call_that_idled(void)
{
	static char wtext[8192], vtext[2048];
	struct results_model m = model();
	struct sim_check check;
	char err[256] = "";

	windows_of_visits(wtext, sizeof(wtext), 0);
	visits(vtext, sizeof(vtext), "ok");
	slept(&m, 1, 2);
	EXPECT_EQ_INT(pair(wtext, vtext, &m, &check, err, sizeof(err)), 0);
	EXPECT_EQ_INT(check.samples, 3 * NR_SAMPLES);
	EXPECT_EQ_INT(check.idle_samples, 1);
	EXPECT_EQ_INT(check.idle_max_ns, 48000044);
	EXPECT_EQ_INT(check.min_diff, 44);
	EXPECT_EQ_INT(check.max_diff, 44);
	EXPECT(results_model_counter(&m.configs[1], "sim:cycles") != NULL);
	results_model_free(&m);

	m = model();
	slept(&m, 1, 0);
	slept(&m, 1, 2);
	EXPECT_EQ_INT(pair(wtext, vtext, &m, &check, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, synth_configs[1].name) != NULL && strstr(err, "do not pair") != NULL);
	results_model_free(&m);
}

/* More time than instructions passes for idling only with a window like the configuration's others. */
static void test_idle_needs_the_configurations_window(void)
{
	static char wtext[8192], vtext[2048];
	struct results_model m = model();
	struct sim_check check;
	char err[256] = "";
	size_t seq = 0;

	snprintf(wtext, sizeof(wtext), HEADER);
	vtext[0] = '\0';
	one_visit(wtext, sizeof(wtext), &seq, vtext, sizeof(vtext), 0,
		  (long long)synth_configs[0].base_ns - 44, 1, -5000);
	EXPECT_EQ_INT(pair(wtext, vtext, &m, &check, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "sample 1") != NULL);
	results_model_free(&m);
}

static void test_parse_errors(void)
{
	struct sim_windows w;
	struct sim_visit_log log;
	char err[256];

	EXPECT_EQ_INT(sim_windows_parse("not a window file\n", &w, err, sizeof(err)), -EINVAL);
	EXPECT_EQ_INT(sim_windows_parse("hmm-sim 1 vcpus 1 l1i x\nwindow 1 vcpu 0 insns 1\n", &w, err,
					sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "line 2") != NULL);
	EXPECT_EQ_INT(sim_windows_parse("hmm-sim 1 vcpus 1 l1i x\naborted vcpu 0 insns 3\n", &w, err,
					sizeof(err)), 0);
	EXPECT_EQ_INT(w.aborted, 1);
	EXPECT_EQ_INT(w.n, 0);
	sim_windows_free(&w);
	EXPECT_EQ_INT(sim_visit_log_parse("visit\t/out/r.json\tc\t1\t2\tmaybe\n", &log, err,
					  sizeof(err)), -EINVAL);
	EXPECT_EQ_INT(sim_visit_log_parse("visit\t/out/r.json\n", &log, err, sizeof(err)), -EINVAL);
	EXPECT_EQ_INT(sim_visit_log_parse("visit\t/out/r.json\tc\t1\t2\tok\n", &log, err, sizeof(err)), 0);
	EXPECT_EQ_INT(log.n, 1);
	if (log.n) {
		EXPECT(!strcmp(log.v[0].results, "/out/r.json"));
		EXPECT(!strcmp(log.v[0].config, "c"));
		EXPECT_EQ_INT(log.v[0].warmup, 1);
		EXPECT_EQ_INT(log.v[0].samples, 2);
	}
	sim_visit_log_free(&log);
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "cycles_formula", test_cycles_formula },
		{ "pairs_in_order", test_pairs_in_order },
		{ "shifted_windows_do_not_pair", test_shifted_windows_do_not_pair },
		{ "too_few_windows", test_too_few_windows },
		{ "failed_visit_stops_pairing", test_failed_visit_stops_pairing },
		{ "skipped_visit_has_no_windows", test_skipped_visit_has_no_windows },
		{ "other_results_file_takes_its_windows", test_other_results_file_takes_its_windows },
		{ "clock_drift_allowed_in_proportion", test_clock_drift_allowed_in_proportion },
		{ "call_that_idled", test_call_that_idled },
		{ "idle_needs_the_configurations_window", test_idle_needs_the_configurations_window },
		{ "parse_errors", test_parse_errors },
	};

	return run_tests(tests, sizeof(tests) / sizeof(tests[0]));
}
