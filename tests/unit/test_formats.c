// SPDX-License-Identifier: GPL-2.0
/*
 * format.c, flag_table.c, write_pattern.c: every spelling parses to the UAPI values, prints back to the
 * same string, resolves against a module's tables, and bad input gets a
 * message that names the bad part.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "measure/format.h"

static char err[512];

/* The tables a module reports, as GET_TABLE would fill them. */
static const struct hmm_bench_table_query builtins[] = {
	{ .index = 0, .name = "v416",
	  .table = { .flags = { 0x3, 0x4, 0x40 }, .values = { 0x8, 0x10, 0x20 }, .pfn_shift = 7 } },
	{ .index = 1, .name = "amdgpu",
	  .table = { .flags = { 0x1, 0x2, 0 },
		     .values = { 0xfffffffffffffffeULL, 0, 0xfffffffffffffffcULL }, .pfn_shift = 12 } },
};

#define NR_BUILTINS 2

static int mentions(const char *needle)
{
	int ok = strstr(err, needle) != NULL;

	if (!ok)
		fprintf(stderr, "  message '%s' does not mention '%s'\n", err, needle);
	return ok;
}

static void test_format_round_trip(void)
{
	const char *texts[] = { "fixed", "convert:v416", "convert:amdgpu", "table:user", "table:nouveau" };
	const uint32_t want[] = { HMM_BENCH_FORMAT_FIXED, HMM_BENCH_FORMAT_CONVERT,
				  HMM_BENCH_FORMAT_CONVERT, HMM_BENCH_FORMAT_TABLE,
				  HMM_BENCH_FORMAT_TABLE };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct device_format f;
		char back[64];

		EXPECT_EQ_INT(format_parse(texts[i], &f, err, sizeof(err)), 0);
		EXPECT_EQ_INT(f.format, want[i]);
		format_to_string(&f, back, sizeof(back));
		EXPECT(!strcmp(back, texts[i]));
	}
}

static void test_format_bad(void)
{
	struct device_format f;

	EXPECT_EQ_INT(format_parse("convert", &f, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("unknown device format 'convert'"));
	EXPECT_EQ_INT(format_parse("convert:", &f, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("missing table name"));
	EXPECT_EQ_INT(format_parse("table:Nouveau", &f, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("'Nouveau'"));
	EXPECT_EQ_INT(format_parse("convert:averyveryverylongname", &f, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("longer than 15"));
	EXPECT_EQ_INT(format_parse("FIXED", &f, err, sizeof(err)), -EINVAL);
	EXPECT_EQ_INT(format_parse("", &f, err, sizeof(err)), -EINVAL);
}

static void test_format_resolve(void)
{
	struct hmm_bench_flag_table user = { .flags = { 0x1, 0x2, 0x4 }, .values = { 0x8, 0, 0x10 },
					     .pfn_shift = 12 };
	struct hmm_bench_run run;
	struct device_format f;

	format_parse("convert:amdgpu", &f, err, sizeof(err));
	EXPECT_EQ_INT(format_resolve(&f, builtins, NR_BUILTINS, NULL, err, sizeof(err)), 0);
	EXPECT_EQ_INT(f.table, 1);
	EXPECT(f.table_def.values[HMM_BENCH_VALUE_SPECIAL] == 0xfffffffffffffffcULL);
	memset(&run, 0xff, sizeof(run));
	format_apply(&f, &run);
	EXPECT_EQ_INT(run.format, HMM_BENCH_FORMAT_CONVERT);
	EXPECT_EQ_INT(run.table, 1);
	EXPECT(run.user_table.flags[0] == 0 && run.user_table.pfn_shift == 0);

	format_parse("table:user", &f, err, sizeof(err));
	EXPECT_EQ_INT(format_resolve(&f, builtins, NR_BUILTINS, NULL, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("--table"));
	EXPECT_EQ_INT(format_resolve(&f, builtins, NR_BUILTINS, &user, err, sizeof(err)), 0);
	format_apply(&f, &run);
	EXPECT(run.table == HMM_BENCH_TABLE_USER);
	EXPECT(run.user_table.flags[2] == 0x4 && run.user_table.pfn_shift == 12);

	user.values[1] = 0x1;	/* contains VALID */
	EXPECT_EQ_INT(format_resolve(&f, builtins, NR_BUILTINS, &user, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("values[NONE]"));

	format_parse("convert:nouveau", &f, err, sizeof(err));
	EXPECT_EQ_INT(format_resolve(&f, builtins, NR_BUILTINS, NULL, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("unknown table 'nouveau'") && mentions("v416, amdgpu"));

	format_parse("fixed", &f, err, sizeof(err));
	EXPECT_EQ_INT(format_resolve(&f, NULL, 0, NULL, err, sizeof(err)), 0);
	format_apply(&f, &run);
	EXPECT_EQ_INT(run.format, HMM_BENCH_FORMAT_FIXED);
}

static void test_table_parse(void)
{
	const char *text = "flags=0x1,0x2,0x0:values=0xfffffffffffffffe,0x0,0xfffffffffffffffc:shift=12";
	struct hmm_bench_flag_table t, again;
	char back[256];

	EXPECT_EQ_INT(flag_table_parse(text, &t, err, sizeof(err)), 0);
	EXPECT(t.flags[0] == 1 && t.flags[1] == 2 && t.flags[2] == 0);
	EXPECT(t.values[0] == 0xfffffffffffffffeULL && t.values[1] == 0 &&
	       t.values[2] == 0xfffffffffffffffcULL);
	EXPECT_EQ_INT(t.pfn_shift, 12);
	flag_table_to_string(&t, back, sizeof(back));
	EXPECT(!strcmp(back, text));
	/* Fields in any order, decimal numbers. */
	EXPECT_EQ_INT(flag_table_parse("shift=7:values=8,16,32:flags=3,4,64", &again, err, sizeof(err)), 0);
	EXPECT(again.flags[0] == 3 && again.values[2] == 32 && again.pfn_shift == 7);
}

static void test_table_parse_bad(void)
{
	struct hmm_bench_flag_table t;

	EXPECT_EQ_INT(flag_table_parse("flags=1,2:values=8,0,16:shift=12", &t, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("flags: expected 3"));
	EXPECT_EQ_INT(flag_table_parse("flags=1,2,,4:values=8,0,16:shift=12", &t, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("flags"));
	EXPECT_EQ_INT(flag_table_parse("flags=1,2,4:values=8,0,x:shift=12", &t, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("'x'"));
	EXPECT_EQ_INT(flag_table_parse("flags=1,2,4:values=8,0,-1:shift=12", &t, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("'-1'"));
	EXPECT_EQ_INT(flag_table_parse("flags=1,2,4:values=8,0,0x10000000000000000:shift=12", &t, err,
				  sizeof(err)), -EINVAL);
	EXPECT_EQ_INT(flag_table_parse("flags=1,2,4:values=8,0,16:shift=25", &t, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("shift"));
	EXPECT_EQ_INT(flag_table_parse("flags=1,2,4:values=8,0,16", &t, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("exactly once"));
	EXPECT_EQ_INT(flag_table_parse("flags=1,2,4:values=8,0,16:shift=12:shift=12", &t, err, sizeof(err)),
		      -EINVAL);
	EXPECT_EQ_INT(flag_table_parse("flags=1,2,4:values=8,0,16:pfn=12", &t, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("unknown table field 'pfn=12'"));
	/* Well formed but breaking a validity rule: the rule is named. */
	EXPECT_EQ_INT(flag_table_parse("flags=1,0x2000,4:values=8,0,16:shift=12", &t, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("flags[WRITE]"));
	EXPECT_EQ_INT(flag_table_parse("flags=0,2,4:values=8,0,16:shift=12", &t, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("flags[VALID] is zero"));
}

static void test_write_patterns(void)
{
	const char *texts[] = { "none", "all", "alternate", "every:3", "every:1" };
	const uint32_t kinds[] = { HMM_BENCH_WRITE_NONE, HMM_BENCH_WRITE_ALL, HMM_BENCH_WRITE_ALTERNATE,
				   HMM_BENCH_WRITE_EVERY_NTH, HMM_BENCH_WRITE_EVERY_NTH };
	/* Pages 0..6 with a write request, per pattern. */
	const char *wants[] = { "0000000", "1111111", "1010101", "1001001", "1111111" };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct write_pattern p;
		struct hmm_bench_run run;
		char back[64], got[8] = "";

		EXPECT_EQ_INT(write_pattern_parse(texts[i], &p, err, sizeof(err)), 0);
		EXPECT_EQ_INT(p.kind, kinds[i]);
		write_pattern_to_string(&p, back, sizeof(back));
		EXPECT(!strcmp(back, texts[i]));
		for (int page = 0; page < 7; page++)
			got[page] = '0' + write_pattern_wants_write(&p, page);
		if (strcmp(got, wants[i]))
			fprintf(stderr, "  %s: requests %s, want %s\n", texts[i], got, wants[i]);
		EXPECT(!strcmp(got, wants[i]));
		EXPECT_EQ_INT(write_pattern_any_write(&p, 7), i != 0);
		EXPECT_EQ_INT(write_pattern_apply(&p, 7, &run, err, sizeof(err)), 0);
		EXPECT_EQ_INT(run.write_pattern, kinds[i]);
		EXPECT_EQ_INT(run.write_every, kinds[i] == HMM_BENCH_WRITE_EVERY_NTH ? p.every : 0);
		EXPECT(run.bitmap_ptr == 0);
	}
}

static void test_write_pattern_bad(void)
{
	struct write_pattern p;

	EXPECT_EQ_INT(write_pattern_parse("every:0", &p, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("every:0"));
	EXPECT_EQ_INT(write_pattern_parse("every:", &p, err, sizeof(err)), -EINVAL);
	EXPECT_EQ_INT(write_pattern_parse("every:3x", &p, err, sizeof(err)), -EINVAL);
	EXPECT_EQ_INT(write_pattern_parse("every:4294967296", &p, err, sizeof(err)), -EINVAL);
	EXPECT_EQ_INT(write_pattern_parse("sometimes", &p, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("unknown write pattern 'sometimes'"));
	EXPECT_EQ_INT(write_pattern_parse("bitmap:", &p, err, sizeof(err)), -EINVAL);
	EXPECT_EQ_INT(write_pattern_parse("bitmap:/nonexistent/bits", &p, err, sizeof(err)), -ENOENT);
	EXPECT(mentions("/nonexistent/bits"));
}

static void test_write_pattern_bitmap(void)
{
	char path[] = "/tmp/hmmbench-bitmap-XXXXXX", text[64];
	const unsigned char bytes[] = { 0x05, 0x80 };	/* pages 0, 2 and 15 */
	struct write_pattern p;
	struct hmm_bench_run run;
	int fd = mkstemp(path);

	EXPECT(fd >= 0);
	if (fd < 0)
		return;
	EXPECT(write(fd, bytes, sizeof(bytes)) == sizeof(bytes));
	close(fd);
	snprintf(text, sizeof(text), "bitmap:%s", path);
	EXPECT_EQ_INT(write_pattern_parse(text, &p, err, sizeof(err)), 0);
	EXPECT_EQ_INT(p.kind, HMM_BENCH_WRITE_BITMAP);
	EXPECT_EQ_INT(p.bitmap_bytes, 2);
	EXPECT(write_pattern_wants_write(&p, 0) && !write_pattern_wants_write(&p, 1) &&
	       write_pattern_wants_write(&p, 2) && write_pattern_wants_write(&p, 15) &&
	       !write_pattern_wants_write(&p, 14) && !write_pattern_wants_write(&p, 16));
	EXPECT_EQ_INT(write_pattern_apply(&p, 16, &run, err, sizeof(err)), 0);
	EXPECT(run.bitmap_ptr == (uintptr_t)p.bitmap && run.bitmap_bytes == 2);
	EXPECT_EQ_INT(write_pattern_apply(&p, 17, &run, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("16 bits") && mentions("17 pages"));
	write_pattern_free(&p);
	unlink(path);

	/* An empty file is no bitmap. */
	strcpy(path, "/tmp/hmmbench-bitmap-XXXXXX");
	fd = mkstemp(path);
	close(fd);
	snprintf(text, sizeof(text), "bitmap:%s", path);
	EXPECT_EQ_INT(write_pattern_parse(text, &p, err, sizeof(err)), -EINVAL);
	EXPECT(mentions("0 bytes"));
	unlink(path);
}

static const struct test_case tests[] = {
	{ "format_round_trip", test_format_round_trip },
	{ "format_bad", test_format_bad },
	{ "format_resolve", test_format_resolve },
	{ "flag_table_parse", test_table_parse },
	{ "table_parse_bad", test_table_parse_bad },
	{ "write_patterns", test_write_patterns },
	{ "write_pattern_bad", test_write_pattern_bad },
	{ "write_pattern_bitmap", test_write_pattern_bitmap },
};

int main(void)
{
	return RUN_TESTS(tests);
}
