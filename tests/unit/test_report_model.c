// SPDX-License-Identifier: GPL-2.0
/*
 * Compare and formats reports as structures (results/report_model.h): read
 * back, what a row lacks (a NULL string, a NAN figure); and the writer's
 * document read back into the same model.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "results/report_model.h"
#include "results/report_model_write.h"
#include "results/results_model.h"

static void test_compare_report(void)
{
	json_t *doc = json_pack("{s:b, s:{s:s}, s:{s:s, s:s, s:s}, s:{s:f},"
				" s:[{s:{s:s, s:s, s:s, s:s, s:i, s:s}, s:f, s:[f, f]}, {s:{}}]}",
				"hmmbench_compare", 1, "base", "kernel", "6.1",
				"new", "mode", "qemu-icount", "kernel", "6.12", "date", "2026-01-01",
				"options", "threshold", 0.005, "configurations",
				"parameters", "op", "snapshot", "kind", "thp", "pattern", "none",
				"format", "fixed", "size", 512, "size_label", "2M",
				"ratio", 1.25, "ratio_ci", 1.2, 1.3, "parameters");
	struct report_model r;
	const struct report_model_compare *c = &r.compare;
	char err[256] = "";

	EXPECT(doc != NULL);
	EXPECT(report_model_is_report(doc));
	EXPECT_EQ_INT(report_model_read(doc, &r, err, sizeof(err)), 0);
	EXPECT(!r.formats);
	EXPECT(c->new_.mode && !strcmp(c->new_.mode, "qemu-icount"));
	EXPECT(c->new_.kernel && !strcmp(c->new_.kernel, "6.12"));
	EXPECT(c->base.kernel && !strcmp(c->base.kernel, "6.1"));
	EXPECT_NEAR(c->threshold, 0.005, 1e-12);
	EXPECT_EQ_INT((int)c->nr_rows, 2);
	EXPECT(!strcmp(results_model_param_string(c->rows[0].parameters, "format"), "fixed"));
	EXPECT_EQ_INT((int)results_model_param_int(c->rows[0].parameters, "size"), 512);
	EXPECT_NEAR(c->rows[0].time.ratio, 1.25, 1e-12);
	EXPECT_NEAR(c->rows[0].time.ratio_ci_high, 1.3, 1e-12);
	EXPECT(!results_model_param_string(c->rows[1].parameters, "op"));
	EXPECT(isnan(c->rows[1].time.ratio) && isnan(c->rows[1].time.ratio_ci_low));
	EXPECT(!c->rows[0].has_baseline_runs && c->nr_warnings == 0);
	report_model_free(&r);
	json_decref(doc);
}

static void test_formats_report(void)
{
	json_t *doc = json_pack("{s:b, s:s, s:[{s:s, s:{s:s}}]}", "hmmbench_formats", 1,
				"kernel", "6.12", "configurations", "table", "nouveau",
				"parameters", "format", "table:nouveau");
	json_t *not_report = json_pack("{s:i}", "schema_version", 1);
	struct report_model r;
	char err[256] = "";

	EXPECT(!report_model_is_report(not_report));
	EXPECT_EQ_INT(report_model_read(not_report, &r, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "no configurations") != NULL);
	report_model_free(&r);
	EXPECT_EQ_INT(report_model_read(doc, &r, err, sizeof(err)), 0);
	EXPECT(r.formats && isnan(r.fmt.threshold) && r.fmt.mode == NULL);
	EXPECT(!strcmp(r.fmt.rows[0].table, "nouveau"));
	report_model_free(&r);
	json_decref(doc);
	json_decref(not_report);
}

/* Written, read back, written again: the same document, every field through the model. */
static void test_compare_round_trip(void)
{
	json_t *params = json_pack("{s:s, s:i}", "op", "snapshot", "size", 16);
	const char *runs[] = { "r1", "r2" }, *warnings[] = { "forced" }, *only[] = { "x" };
	struct report_model_counter counter = {
		"cycles", { .n_base = 3, .n_new = 4, .base_median = 1, .new_median = 2, .ratio = 2,
			    .ratio_ci_low = NAN, .ratio_ci_high = NAN, .mwu_p = NAN, .ks_p = NAN,
			    .verdict = "unknown", .reason = "too few samples" } };
	struct report_model_compare_row row = {
		.name = "snapshot/4k", .parameters = params,
		.time = { .n_base = 30, .n_new = 30, .base_median = 10, .new_median = 11,
			  .ratio = 1.1, .ratio_ci_low = 1.05, .ratio_ci_high = 1.15,
			  .ratio_ci_zero_base = 1, .mwu_p = 0.001, .ks_p = 0.01,
			  .verdict = "regression", .reason = "CI above threshold" },
		.counters = &counter, .nr_counters = 1,
		.has_baseline_runs = 1, .baseline_runs = runs, .nr_baseline_runs = 2,
	};
	struct report_model_geomean g = { "all", 1, 1.1 };
	struct report_model_compare c = {
		.base = { "a.json", "6.1", "qemu-icount", "2026", "abc", "cpu" },
		.new_ = { "b.json", "6.12", "qemu-icount", "2027", "def", "cpu" },
		.threshold = 0.005, .alpha = 0.05, .ci_level = 0.95, .resamples = 1000, .seed = 7,
		.min_samples = 5, .forced = 1, .only = "snapshot/*",
		.warnings = warnings, .nr_warnings = 1, .regression = 1, .verdict = "regression",
		.exit_code = 1, .rows = &row, .nr_rows = 1, .geomeans = &g, .nr_geomeans = 1,
		.only_in_base = only, .nr_only_in_base = 1,
	};
	json_t *doc = report_model_write_compare(&c), *again;
	struct report_model r;
	char err[256] = "";

	EXPECT(doc != NULL);
	EXPECT_EQ_INT(report_model_read(doc, &r, err, sizeof(err)), 0);
	EXPECT(r.compare.rows[0].nr_baseline_runs == 2 && r.compare.nr_only_in_new == 0);
	EXPECT(!strcmp(r.compare.rows[0].counters[0].name, "cycles"));
	EXPECT(r.compare.rows[0].time.ratio_ci_zero_base == 1 && r.compare.forced);
	again = report_model_write_compare(&r.compare);
	EXPECT(again && json_equal(doc, again));
	json_decref(again);
	report_model_free(&r);
	json_decref(doc);
	json_decref(params);
}

static void test_formats_round_trip(void)
{
	json_t *params = json_pack("{s:s}", "format", "table:nouveau");
	const char *unpaired[] = { "fault/4k/table:x" };
	struct report_model_formats_row row = {
		.name = "snapshot/table:nouveau", .convert_name = "snapshot/convert:nouveau",
		.parameters = params, .table = "nouveau", .fixed_median = 9,
		.m = { .n_base = 30, .n_new = 30, .base_median = 12, .new_median = 10, .ratio = 10.0 / 12,
		       .ratio_ci_low = NAN, .ratio_ci_high = NAN, .mwu_p = 0.5, .ks_p = NAN,
		       .verdict = "saves", .reason = "CI below threshold" },
	};
	struct report_model_formats f = {
		.file = "B.json", .kernel = "6.12", .mode = NULL, .date = "2026", .threshold = 0.01,
		.alpha = 0.05, .ci_level = 0.95, .resamples = 1000, .seed = 1,
		.rows = &row, .nr_rows = 1, .unpaired = unpaired, .nr_unpaired = 1, .saves = 1,
	};
	json_t *doc = report_model_write_formats(&f), *again;
	struct report_model r;
	char err[256] = "";

	EXPECT(doc != NULL && json_is_null(json_object_get(json_array_get(
		json_object_get(doc, "configurations"), 0), "ratio_ci")));
	EXPECT_EQ_INT(report_model_read(doc, &r, err, sizeof(err)), 0);
	EXPECT(r.formats && r.fmt.mode == NULL && r.fmt.saves == 1 && r.fmt.nr_unpaired == 1);
	again = report_model_write_formats(&r.fmt);
	EXPECT(again && json_equal(doc, again));
	json_decref(again);
	report_model_free(&r);
	json_decref(doc);
	json_decref(params);
}

static const struct test_case tests[] = {
	{ "a compare report written and read back", test_compare_round_trip },
	{ "a formats report written and read back", test_formats_round_trip },
	{ "a compare report", test_compare_report },
	{ "a formats report, and what is not a report", test_formats_report },
};

int main(void)
{
	return RUN_TESTS(tests);
}
