// SPDX-License-Identifier: GPL-2.0
/*
 * Compare and formats reports read back as structures
 * (analysis/ratio_report.h): which side's facts, which series, and what a
 * row lacks (an empty parameter, a NAN figure).
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "analysis/ratio_report.h"

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
	struct ratio_report r;
	char err[256] = "";

	EXPECT(doc != NULL);
	EXPECT(ratio_report_is_report(doc));
	EXPECT_EQ_INT(ratio_report_read(doc, &r, err, sizeof(err)), 0);
	EXPECT(!r.formats);
	EXPECT(r.mode && !strcmp(r.mode, "qemu-icount"));
	EXPECT(r.kernel && !strcmp(r.kernel, "6.12"));
	EXPECT(r.base_kernel && !strcmp(r.base_kernel, "6.1"));
	EXPECT_NEAR(r.threshold, 0.005, 1e-12);
	EXPECT_EQ_INT((int)r.nr_rows, 2);
	EXPECT(!strcmp(r.rows[0].series, "fixed") && !strcmp(r.rows[0].size_label, "2M"));
	EXPECT_EQ_INT((int)r.rows[0].size, 512);
	EXPECT_NEAR(r.rows[0].ratio, 1.25, 1e-12);
	EXPECT_NEAR(r.rows[0].ci_high, 1.3, 1e-12);
	EXPECT(!strcmp(r.rows[1].op, "") && isnan(r.rows[1].ratio) && isnan(r.rows[1].ci_low));
	ratio_report_free(&r);
	json_decref(doc);
}

static void test_formats_report(void)
{
	json_t *doc = json_pack("{s:b, s:s, s:[{s:s, s:{s:s}}]}", "hmmbench_formats", 1,
				"kernel", "6.12", "configurations", "table", "nouveau",
				"parameters", "format", "table:nouveau");
	json_t *not_report = json_pack("{s:i}", "schema_version", 1);
	struct ratio_report r;
	char err[256] = "";

	EXPECT(!ratio_report_is_report(not_report));
	EXPECT_EQ_INT(ratio_report_read(not_report, &r, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "no configurations") != NULL);
	EXPECT_EQ_INT(ratio_report_read(doc, &r, err, sizeof(err)), 0);
	EXPECT(r.formats && r.base_kernel == NULL && isnan(r.threshold));
	EXPECT(!strcmp(r.rows[0].series, "nouveau"));
	ratio_report_free(&r);
	json_decref(doc);
	json_decref(not_report);
}

static const struct test_case tests[] = {
	{ "a compare report", test_compare_report },
	{ "a formats report, and what is not a report", test_formats_report },
};

int main(void)
{
	return RUN_TESTS(tests);
}
