// SPDX-License-Identifier: GPL-2.0
/* matrix.c: sizes, flags, files (with line numbers), expansion, drops, run order. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "measure/matrix.h"

static char err[1024];

static const struct matrix_config *find(const struct matrix *m, const char *name)
{
	for (size_t i = 0; i < m->nr_configs; i++)
		if (!strcmp(m->configs[i].name, name))
			return &m->configs[i];
	return NULL;
}

static const struct matrix_dropped *find_dropped(const struct matrix *m, const char *name)
{
	for (size_t i = 0; i < m->nr_dropped; i++)
		if (!strcmp(m->dropped[i].name, name))
			return &m->dropped[i];
	return NULL;
}

static void test_sizes(void)
{
	static const struct {
		const char *text;
		unsigned long long bytes;
	} good[] = {
		{ "4K", 4096 }, { "4k", 4096 }, { "4KiB", 4096 }, { "4096", 4096 },
		{ "2M", 2 << 20 }, { "64M", 64ULL << 20 }, { "1G", 1ULL << 30 },
		{ "4G", 4ULL << 30 }, { "1536K", 1536 << 10 },
	};
	static const char *const bad[] = { "3K", "0", "", "K", "4X", "8G", "4 K", "-4K", "2MiBs" };
	char buf[32];
	uint64_t size;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		size = 0;
		EXPECT_EQ_INT(matrix_size_parse(good[i].text, &size, err, sizeof(err)), 0);
		EXPECT_EQ_INT(size, good[i].bytes);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		EXPECT(matrix_size_parse(bad[i], &size, err, sizeof(err)) < 0);
		EXPECT(strstr(err, bad[i]) != NULL);
	}
	matrix_size_to_string(4096, buf, sizeof(buf));
	EXPECT(!strcmp(buf, "4K"));
	matrix_size_to_string(1536 << 10, buf, sizeof(buf));
	EXPECT(!strcmp(buf, "1536K"));
	matrix_size_to_string(6 << 20, buf, sizeof(buf));
	EXPECT(!strcmp(buf, "6M"));
	matrix_size_to_string(1ULL << 30, buf, sizeof(buf));
	EXPECT(!strcmp(buf, "1G"));
}

static int flag(struct matrix_spec *spec, const char *name, const char *value)
{
	return matrix_spec_flag(spec, name, value, err, sizeof(err));
}

static void test_flags_expand(void)
{
	struct matrix_spec spec;
	struct matrix m;

	matrix_spec_init(&spec);
	EXPECT_EQ_INT(flag(&spec, "--ops", "snapshot,fault-present"), 1);
	EXPECT_EQ_INT(flag(&spec, "--kinds", "4k, thp"), 1);
	EXPECT_EQ_INT(flag(&spec, "--sizes", "4K,2M,64M"), 1);
	EXPECT_EQ_INT(flag(&spec, "--formats", "fixed,convert:nouveau"), 1);
	EXPECT_EQ_INT(flag(&spec, "--patterns", "none,all"), 1);
	EXPECT_EQ_INT(flag(&spec, "--samples", "30"), 1);
	EXPECT_EQ_INT(flag(&spec, "--warmup", "3"), 1);
	EXPECT_EQ_INT(flag(&spec, "--seed", "7"), 1);
	EXPECT_EQ_INT(flag(&spec, "--cpu", "core:1"), 0);	/* not a matrix flag */
	EXPECT_EQ_INT(matrix_build(&spec, &m, err, sizeof(err)), 0);

	/*
	 * snapshot: 2 kinds x 3 sizes x 2 formats, pattern none only; fault-present: x 2
	 * patterns; thp at 4K is dropped (2 formats for snapshot, 2 x 2 for fault-present).
	 */
	EXPECT_EQ_INT(m.nr_configs, 2 * 3 * 2 + 2 * 3 * 2 * 2 - 6);
	EXPECT_EQ_INT(m.nr_dropped, 6);
	EXPECT_EQ_INT(m.values.samples, 30);
	EXPECT_EQ_INT(m.values.warmup, 3);
	EXPECT_EQ_INT(m.seed, 7);
	EXPECT(m.seed_given);
	EXPECT(find(&m, "snapshot/4k/2M/fixed/none") != NULL);
	EXPECT(find(&m, "fault-present/thp/64M/convert:nouveau/all") != NULL);
	EXPECT(find(&m, "snapshot/4k/2M/fixed/all") == NULL);
	/* THP below 2 MiB would measure 4 KiB pages: dropped, with the reason. */
	EXPECT(find(&m, "snapshot/thp/4K/fixed/none") == NULL);
	EXPECT(!strcmp(m.dropped[0].reason, "thp needs a multiple of 2M"));
	EXPECT(find(&m, "snapshot/thp/2M/fixed/none")->note[0] == '\0');
	/* The fields the runner needs. */
	{
		const struct matrix_config *c = find(&m, "fault-present/4k/64M/convert:nouveau/all");

		EXPECT(c && c->size == 64ULL << 20 && c->op == MATRIX_OP_FAULT_PRESENT);
		EXPECT(c && c->format.format == HMM_BENCH_FORMAT_CONVERT &&
		       !strcmp(c->format.table_name, "nouveau"));
		EXPECT(c && c->pattern.kind == HMM_BENCH_WRITE_ALL);
		EXPECT_EQ_INT(matrix_op_uapi(MATRIX_OP_FAULT_PRESENT), HMM_BENCH_OP_FAULT);
	}
	matrix_free(&m);
}

static void expect_flag_error(const char *name, const char *value, const char *fragment)
{
	struct matrix_spec spec;
	char prefix[256];

	matrix_spec_init(&spec);
	err[0] = '\0';
	EXPECT_EQ_INT(flag(&spec, name, value), -1);
	snprintf(prefix, sizeof(prefix), "%s '%s': ", name, value);
	EXPECT(!strncmp(err, prefix, strlen(prefix)));
	EXPECT(strchr(err, '\n') == NULL);
	if (!strstr(err, fragment)) {
		fprintf(stderr, "  %s %s gave: %s\n", name, value, err);
		EXPECT(strstr(err, fragment) != NULL);
	}
}

static void test_flag_errors(void)
{
	expect_flag_error("--sizes", "4K,3K", "'3K' is not a positive multiple of 4K");
	expect_flag_error("--sizes", "4K,,2M", "empty item");
	expect_flag_error("--sizes", "4K,2M,", "empty item");
	expect_flag_error("--sizes", "4K,4096", "listed twice");
	expect_flag_error("--ops", "snapshot,faults", "unknown operation 'faults'");
	expect_flag_error("--kinds", "2m", "unknown page kind '2m'");
	expect_flag_error("--formats", "fixed,convert:", "missing table name");
	expect_flag_error("--formats", "nvidia", "unknown device format 'nvidia'");
	expect_flag_error("--patterns", "every:0", "every:N");
	expect_flag_error("--patterns", "bitmap:/tmp/x", "single runs");
	expect_flag_error("--samples", "0", "at least 1");
	expect_flag_error("--samples", "ten", "not a number");
	expect_flag_error("--samples", "70000", "limit");
	expect_flag_error("--rounds", "-1", "not a number");
}

static void test_hugetlb_drops(void)
{
	struct matrix_spec spec;
	struct matrix m;
	const struct matrix_dropped *d;

	matrix_spec_init(&spec);
	flag(&spec, "--matrix", "tiny");
	flag(&spec, "--ops", "fault-unpopulated");
	flag(&spec, "--kinds", "4k,hugetlb2m");
	flag(&spec, "--sizes", "4K,2M,3M,4M");
	flag(&spec, "--formats", "fixed");
	flag(&spec, "--patterns", "none,every:4");
	EXPECT_EQ_INT(matrix_build(&spec, &m, err, sizeof(err)), 0);
	/* 4k: 4 sizes x 2 patterns; hugetlb2m: 2M and 4M x 2 patterns. */
	EXPECT_EQ_INT(m.nr_configs, 4 * 2 + 2 * 2);
	EXPECT_EQ_INT(m.nr_dropped, 2 * 2);
	d = find_dropped(&m, "fault-unpopulated/hugetlb2m/3M/fixed/every:4");
	EXPECT(d && strstr(d->reason, "multiple of 2M"));
	EXPECT(find_dropped(&m, "fault-unpopulated/hugetlb2m/4K/fixed/none") != NULL);
	EXPECT(find(&m, "fault-unpopulated/hugetlb2m/4M/fixed/every:4") != NULL);
	matrix_free(&m);

	/* Nothing left to run is an error, not an empty run. */
	matrix_spec_init(&spec);
	flag(&spec, "--kinds", "hugetlb2m");
	flag(&spec, "--sizes", "4K");
	EXPECT_EQ_INT(matrix_build(&spec, &m, err, sizeof(err)), -1);
	EXPECT(strstr(err, "every configuration") && strstr(err, "multiple of 2M"));
}

static void test_presets(void)
{
	struct matrix_spec spec;
	struct matrix m;
	char desc[2048];

	matrix_spec_init(&spec);
	EXPECT_EQ_INT(matrix_build(&spec, &m, err, sizeof(err)), 0);
	/*
	 * default: 3 ops; kinds 4k (4 sizes), thp and hugetlb2m (2M, 16M: 4K and
	 * 64K are dropped for them); 7 formats; fault ops x 3 patterns.
	 */
	EXPECT_EQ_INT(m.nr_configs, (4 + 2 + 2) * 7 * (1 + 2 * 3));
	EXPECT_EQ_INT(m.nr_dropped, 2 * 2 * 7 * (1 + 2 * 3));
	EXPECT(!m.seed_given);
	EXPECT(matrix_describe(&m, desc, sizeof(desc)) > 0);
	EXPECT(strstr(desc, "preset default") && strstr(desc, "392 configurations, 196 dropped"));
	printf("  %s\n", desc);
	matrix_free(&m);

	strcpy(spec.base, "tiny");
	EXPECT_EQ_INT(matrix_build(&spec, &m, err, sizeof(err)), 0);
	/* 2 ops x 2 formats x (4k at 4K and 2M, thp at 2M) */
	EXPECT_EQ_INT(m.nr_configs, 2 * 2 * 3);
	matrix_free(&m);

	strcpy(spec.base, "full");
	EXPECT_EQ_INT(matrix_build(&spec, &m, err, sizeof(err)), 0);
	EXPECT(m.nr_configs > 1000);
	EXPECT(m.values.sizes[m.values.nr_sizes - 1] >= 1ULL << 30);
	matrix_free(&m);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

static void test_file(void)
{
	char path[] = "/tmp/hmmbench-test-matrix-XXXXXX";
	int fd = mkstemp(path);
	struct matrix_spec spec;
	struct matrix m;

	close(fd);
	write_file(path,
		   "# a small matrix\n"
		   "ops = fault-unpopulated   # the fault path\n"
		   "\n"
		   "sizes=4K, 64K\n"
		   "  patterns = none, alternate, every:8\n"
		   "samples = 12\n"
		   "rounds = 4\n"
		   "seed = 0x10\n");
	matrix_spec_init(&spec);
	EXPECT_EQ_INT(flag(&spec, "--matrix", path), 1);
	/* A flag overrides the file whatever the order. */
	EXPECT_EQ_INT(flag(&spec, "--kinds", "4k"), 1);
	EXPECT_EQ_INT(matrix_build(&spec, &m, err, sizeof(err)), 0);
	/* Unset keys come from the default preset: 7 formats. */
	EXPECT_EQ_INT(m.nr_configs, 1 * 1 * 2 * 7 * 3);
	EXPECT_EQ_INT(m.seed, 16);
	EXPECT_EQ_INT(m.rounds, 4);
	EXPECT(find(&m, "fault-unpopulated/4k/64K/table:nouveau/every:8") != NULL);
	EXPECT(strstr(m.source, path) && strstr(m.source, "--kinds 4k"));
	matrix_free(&m);
	unlink(path);
}

static void expect_file_error(const char *text, int line, const char *fragment)
{
	char path[] = "/tmp/hmmbench-test-matrix-XXXXXX", want[128];
	int fd = mkstemp(path);
	struct matrix_spec spec;
	struct matrix m;

	close(fd);
	write_file(path, text);
	matrix_spec_init(&spec);
	flag(&spec, "--matrix", path);
	err[0] = '\0';
	EXPECT_EQ_INT(matrix_build(&spec, &m, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:%d: ", path, line);
	EXPECT(!strncmp(err, want, strlen(want)));
	if (!strstr(err, fragment) || strncmp(err, want, strlen(want))) {
		fprintf(stderr, "  file error was: %s\n", err);
		EXPECT(strstr(err, fragment) != NULL);
	}
	unlink(path);
}

static void test_file_errors(void)
{
	struct matrix_spec spec;
	struct matrix m;

	expect_file_error("ops = snapshot\n\nsamplez = 3\n", 3, "unknown key 'samplez'");
	expect_file_error("# c\nsizes 4K\n", 2, "expected 'key = value");
	expect_file_error("sizes = 4K\nkinds = 4k\nsizes = 2M\n", 3, "already set on line 1");
	expect_file_error("\n\n\n\nsizes = 4K, 5K\n", 5, "sizes: '5K'");
	expect_file_error("formats =\n", 1, "no value");
	expect_file_error("patterns = none,,all\n", 1, "empty item");

	matrix_spec_init(&spec);
	flag(&spec, "--matrix", "/nonexistent/m.txt");
	EXPECT_EQ_INT(matrix_build(&spec, &m, err, sizeof(err)), -1);
	EXPECT(strstr(err, "--matrix '/nonexistent/m.txt': cannot read it: No such file"));
}

static int same_order(const struct matrix *a, const struct matrix *b)
{
	if (a->nr_visits != b->nr_visits)
		return 0;
	for (size_t i = 0; i < a->nr_visits; i++)
		if (a->order[i].config != b->order[i].config)
			return 0;
	return 1;
}

static void build_seeded(struct matrix *m, const char *seed, const char *samples)
{
	struct matrix_spec spec;

	matrix_spec_init(&spec);
	flag(&spec, "--seed", seed);
	flag(&spec, "--samples", samples);
	flag(&spec, "--rounds", "3");
	EXPECT_EQ_INT(matrix_build(&spec, m, err, sizeof(err)), 0);
	EXPECT_EQ_INT(matrix_schedule(m), 0);
}

static void test_schedule(void)
{
	struct matrix a, b, c;
	size_t n;

	build_seeded(&a, "42", "10");
	build_seeded(&b, "42", "10");
	build_seeded(&c, "43", "10");
	n = a.nr_configs;
	EXPECT_EQ_INT(a.nr_visits, 3 * n);
	EXPECT(same_order(&a, &b));
	EXPECT(!same_order(&a, &c));

	/* Every round visits every configuration exactly once. */
	for (unsigned int r = 0; r < 3; r++) {
		unsigned char *seen = calloc(n, 1);
		size_t distinct = 0;

		for (size_t i = r * n; i < (r + 1) * n; i++) {
			EXPECT_EQ_INT(a.order[i].round, r);
			if (!seen[a.order[i].config]++)
				distinct++;
		}
		EXPECT_EQ_INT(distinct, n);
		free(seen);
	}
	/* Each round has its own shuffle: not one order repeated, not left sorted. */
	{
		size_t same_as_first = 0, sorted = 0;

		for (size_t i = 0; i < n; i++) {
			same_as_first += a.order[n + i].config == a.order[i].config;
			sorted += a.order[n + i].config == i;
		}
		EXPECT(same_as_first < n && sorted < n);
	}

	/* Samples split over rounds add up: 10 = 4 + 3 + 3 per configuration. */
	{
		unsigned int *total = calloc(n, sizeof(*total));

		for (size_t i = 0; i < a.nr_visits; i++)
			total[a.order[i].config] += a.order[i].samples;
		for (size_t i = 0; i < n; i++)
			EXPECT_EQ_INT(total[i], 10);
		EXPECT_EQ_INT(a.order[0].samples, 4);
		EXPECT_EQ_INT(a.order[2 * n].samples, 3);
		free(total);
	}
	EXPECT(matrix_visit_cost(&a, &a.order[0]) > 0);
	matrix_free(&a);
	matrix_free(&b);
	matrix_free(&c);

	/* More rounds than samples: one sample per visit. */
	build_seeded(&a, "1", "2");
	EXPECT_EQ_INT(a.rounds, 2);
	EXPECT_EQ_INT(a.nr_visits, 2 * a.nr_configs);
	matrix_free(&a);
}

static void test_unseeded_draws(void)
{
	struct matrix_spec spec;
	struct matrix a, b;

	matrix_spec_init(&spec);
	strcpy(spec.base, "tiny");
	EXPECT_EQ_INT(matrix_build(&spec, &a, err, sizeof(err)), 0);
	EXPECT_EQ_INT(matrix_build(&spec, &b, err, sizeof(err)), 0);
	EXPECT(!a.seed_given && a.seed != b.seed);
	matrix_free(&a);
	matrix_free(&b);
}

static int no_table_patch(const struct matrix_config *c, void *ctx, char *reason, size_t len)
{
	(void)ctx;
	if (c->format.format != HMM_BENCH_FORMAT_TABLE)
		return 0;
	snprintf(reason, len, "kernel lacks the flag-table patch");
	return 1;
}

static void test_drop_if(void)
{
	struct matrix_spec spec;
	struct matrix m;
	size_t before;

	matrix_spec_init(&spec);
	EXPECT_EQ_INT(matrix_build(&spec, &m, err, sizeof(err)), 0);
	before = m.nr_configs;
	/* Three of the default's seven formats are table:<table>. */
	EXPECT_EQ_INT(matrix_drop_if(&m, no_table_patch, NULL), before * 3 / 7);
	EXPECT_EQ_INT(m.nr_configs, before - before * 3 / 7);
	for (size_t i = 0; i < m.nr_configs; i++)
		EXPECT(m.configs[i].format.format != HMM_BENCH_FORMAT_TABLE);
	EXPECT(strstr(find_dropped(&m, "snapshot/4k/4K/table:nouveau/none")->reason,
		      "flag-table"));
	EXPECT_EQ_INT(matrix_schedule(&m), 0);
	EXPECT_EQ_INT(m.nr_visits, m.rounds * m.nr_configs);
	matrix_free(&m);
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "sizes", test_sizes },
		{ "flags expand", test_flags_expand },
		{ "flag errors", test_flag_errors },
		{ "hugetlb drops", test_hugetlb_drops },
		{ "presets", test_presets },
		{ "file", test_file },
		{ "file errors", test_file_errors },
		{ "schedule", test_schedule },
		{ "unseeded draws", test_unseeded_draws },
		{ "drop_if", test_drop_if },
	};

	return RUN_TESTS(tests);
}
