// SPDX-License-Identifier: GPL-2.0
/* hmmbench formats: pairing table:<t> with convert:<t> and the verdicts (format_ratios.c). */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "analysis/format_ratios.h"
#include "results/results.h"
#include "results/results_build.h"
#include "results/run_context.h"

static json_t *new_doc(enum results_mode mode)
{
	static char *const argv[] = { "hmmbench", "run" };
	struct results_context c = {
		.mode = mode, .kernel_release = "6.12.117-hmmbench-flagtable", .has_module = 1,
		.module_abi = 1, .page_shift = 12, .cpu_model = "test", .num_cpus = 1,
		.hugetlb_nr_pages = -1, .hugetlb_free_pages = -1, .hugepage_size_kb = -1,
		.argc = 2, .argv = argv, .seed = 1, .date = 1700000000,
	};
	char err[256];

	return run_context_document(&c, err, sizeof(err));
}

/* One configuration of 512 pages: samples ns = per_page * 512 * (1 + k * spread). */
static void add(json_t *doc, const char *op, const char *kind, long long size, const char *format,
		double per_page, double spread)
{
	double x[10];
	char name[128], err[256];
	json_t *params = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "op", op, "kind", kind, "size",
				   (json_int_t)size, "size_label", size == 2 << 20 ? "2M" : "16M",
				   "format", format, "pattern", "none");
	struct results_benchmark b = { 0 };

	for (int k = 0; k < 10; k++)
		x[k] = per_page * 512 * (1 + spread * (k - 4.5));
	snprintf(name, sizeof(name), "%s/%s/%s/%s/none", op, kind, size == 2 << 20 ? "2M" : "16M", format);
	b.name = name;
	b.parameters = params;
	b.pages = 512;
	b.samples_ns = x;
	b.nr_samples = 10;
	EXPECT_EQ_INT(results_build_add_benchmark(doc, &b, NULL, err, sizeof(err)), 0);
	json_decref(params);
}

static void test_partner(void)
{
	char p[32], t[16];

	EXPECT_EQ_INT(format_ratios_partner("table:nouveau", p, sizeof(p), t, sizeof(t)), 0);
	EXPECT(!strcmp(p, "convert:nouveau"));
	EXPECT(!strcmp(t, "nouveau"));
	EXPECT_EQ_INT(format_ratios_partner("convert:nouveau", p, sizeof(p), t, sizeof(t)), -EINVAL);
	EXPECT_EQ_INT(format_ratios_partner("fixed", p, sizeof(p), t, sizeof(t)), -EINVAL);
	EXPECT_EQ_INT(format_ratios_partner("table:", p, sizeof(p), t, sizeof(t)), -EINVAL);
	EXPECT_EQ_INT(format_ratios_partner(NULL, p, sizeof(p), t, sizeof(t)), -EINVAL);
	EXPECT_EQ_INT(format_ratios_partner("table:averyveryverylongname", p, sizeof(p), t, sizeof(t)),
		      -EINVAL);
}

/* Pairs by parameters (never across kinds or sizes), verdicts by compare's rules. */
static void test_pairing_and_verdicts(void)
{
	struct compare_options o;
	struct format_ratio_report r;
	json_t *doc = new_doc(RESULTS_MODE_QEMU_ICOUNT);
	char err[256];

	compare_options_default(&o);
	/* Added out of order, as interleaved rounds finish them. */
	add(doc, "snapshot", "thp", 16 << 20, "table:nouveau", 8.0, 0);	/* saves 72% */
	add(doc, "snapshot", "4k", 2 << 20, "convert:nouveau", 130.0, 0);
	add(doc, "snapshot", "thp", 16 << 20, "fixed", 7.5, 0);
	add(doc, "snapshot", "4k", 2 << 20, "table:nouveau", 130.2, 0);	/* +0.15%: same */
	add(doc, "snapshot", "thp", 16 << 20, "convert:nouveau", 28.7, 0);
	add(doc, "fault-present", "4k", 2 << 20, "table:amdgpu", 140.0, 0);	/* no twin */
	add(doc, "snapshot", "4k", 2 << 20, "fixed", 110.0, 0);
	add(doc, "fault-present", "thp", 2 << 20, "convert:v416", 20.0, 0);
	add(doc, "fault-present", "thp", 2 << 20, "table:v416", 22.0, 0);	/* costs 10% */
	/* A twin of another size must not pair. */
	add(doc, "fault-present", "4k", 16 << 20, "convert:amdgpu", 100.0, 0);

	EXPECT_EQ_INT(format_ratios_build(doc, &o, &r, err, sizeof(err)), 0);
	EXPECT_NEAR(r.threshold, COMPARE_THRESHOLD_ICOUNT, 1e-12);
	/* The report names the run it was made from, for plot titles. */
	EXPECT(r.kernel && !strcmp(r.kernel, "6.12.117-hmmbench-flagtable"));
	EXPECT(r.date && !strncmp(r.date, "2023-11-14T22:13:20", 19));
	EXPECT_EQ_INT(r.nr_rows, 3);
	EXPECT_EQ_INT(r.nr_unpaired, 1);
	EXPECT(r.nr_unpaired == 1 && !strcmp(r.unpaired[0], "fault-present/4k/2M/table:amdgpu/none"));
	if (r.nr_rows == 3) {
		/* Sorted: snapshot before fault-present, 4k before thp. */
		EXPECT(!strcmp(r.rows[0].name, "snapshot/4k/2M/table:nouveau/none"));
		EXPECT(!strcmp(r.rows[0].convert_name, "snapshot/4k/2M/convert:nouveau/none"));
		EXPECT_EQ_INT(r.rows[0].m.verdict, COMPARE_SAME);
		EXPECT_NEAR(r.rows[0].fixed_median, 110.0, 1e-9);
		EXPECT(!strcmp(r.rows[1].name, "snapshot/thp/16M/table:nouveau/none"));
		EXPECT_NEAR(r.rows[1].m.ratio, 8.0 / 28.7, 1e-9);
		EXPECT_EQ_INT(r.rows[1].m.verdict, COMPARE_IMPROVEMENT);
		EXPECT(!strcmp(format_ratios_verdict_name(r.rows[1].m.verdict), "saves"));
		EXPECT(!strcmp(r.rows[2].table, "v416"));
		EXPECT_EQ_INT(r.rows[2].m.verdict, COMPARE_REGRESSION);
		EXPECT(!strcmp(format_ratios_verdict_name(r.rows[2].m.verdict), "costs"));
		EXPECT(isnan(r.rows[2].fixed_median));
		EXPECT_EQ_INT(r.counts[COMPARE_SAME], 1);
		EXPECT_EQ_INT(r.counts[COMPARE_IMPROVEMENT], 1);
		EXPECT_EQ_INT(r.counts[COMPARE_REGRESSION], 1);
	}
	format_ratios_free(&r);
	json_decref(doc);
}

/* Noisy samples: the CI decides, as in compare; TCG's threshold is 5%. */
static void test_noisy(void)
{
	struct compare_options o;
	struct format_ratio_report r;
	json_t *doc = new_doc(RESULTS_MODE_QEMU_TCG);
	char err[256];

	compare_options_default(&o);
	add(doc, "snapshot", "4k", 2 << 20, "convert:nouveau", 100.0, 0.05);
	add(doc, "snapshot", "4k", 2 << 20, "table:nouveau", 102.0, 0.05);
	EXPECT_EQ_INT(format_ratios_build(doc, &o, &r, err, sizeof(err)), 0);
	EXPECT_NEAR(r.threshold, COMPARE_THRESHOLD_TCG, 1e-12);
	EXPECT_EQ_INT(r.nr_rows, 1);
	if (r.nr_rows == 1) {
		EXPECT(!r.rows[0].m.constant);
		EXPECT(r.rows[0].m.ratio_ci.low < r.rows[0].m.ratio);
		EXPECT(r.rows[0].m.ratio_ci.high > r.rows[0].m.ratio);
		EXPECT(r.rows[0].m.verdict != COMPARE_IMPROVEMENT &&
		       r.rows[0].m.verdict != COMPARE_REGRESSION);
	}
	format_ratios_free(&r);
	json_decref(doc);
}

static void test_no_table(void)
{
	struct compare_options o;
	struct format_ratio_report r;
	json_t *doc = new_doc(RESULTS_MODE_QEMU_ICOUNT);
	char err[256] = "";

	compare_options_default(&o);
	add(doc, "snapshot", "4k", 2 << 20, "convert:nouveau", 100.0, 0);
	EXPECT_EQ_INT(format_ratios_build(doc, &o, &r, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "no table:<t> configuration") != NULL);
	format_ratios_free(&r);
	json_decref(doc);
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "table:<t> names its convert:<t> partner", test_partner },
		{ "pairs by parameters, sorted, verdicts", test_pairing_and_verdicts },
		{ "noisy samples: the CI decides", test_noisy },
		{ "a document without table:<t> is an error", test_no_table },
	};

	return RUN_TESTS(tests);
}
