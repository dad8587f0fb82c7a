// SPDX-License-Identifier: GPL-2.0
/*
 * The results document: built with two configurations, written atomically,
 * parsed back with jansson and checked field by field; a failed write must
 * leave the previous file intact; the loader must name the file and field
 * of a broken document.
 *
 * 'test_results --write-sample PATH' writes the two-configuration document
 * to PATH and exits (tests/check.d/15-results-schema.sh validates it).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "hmm_bench_uapi.h"
#include "results/results.h"
#include "results/results_mode.h"
#include "results/results_build.h"
#include "results/run_context.h"
#include "results/results_write.h"
#include "results/results_journal.h"
#include "results/results_load.h"
#include "results/results_config.h"
#include "results/results_model.h"
#include "results/results_model_write.h"
#include "util/build_info.h"

static char tmpdir[] = "/tmp/hmmbench-test-results.XXXXXX";

static const double fault_ns[] = { 5200, 5100, 5150, 5900, 5120, 5180, 5130, 5170, 5160, 5140,
				   5110, 5190, 20000 };
static const double convert_total_ns[] = { 900, 910, 905, 920, 915, 908, 902, 930, 911, 907 };
static const double convert_pass_ns[] = { 300, 301, 299, 305, 302, 300, 298, 310, 303, 300 };
static const double cycles_pp[] = { 1500, 1510, 1490 };

static json_t *new_doc(void)
{
	static const struct kconfig_option kconfig[] = {
		{ "CONFIG_HMM_MIRROR", "y" },
		{ "CONFIG_TRANSPARENT_HUGEPAGE", "y" },
		{ "CONFIG_DEVICE_PRIVATE", NULL },
	};
	static char *const argv[] = { "hmmbench", "run", "--seed", "42" };
	struct results_context c = {
		.mode = RESULTS_MODE_QEMU_ICOUNT,
		.qemu_options = "-accel tcg -icount shift=0,sleep=off",
		.kernel_release = "6.12.117+deb12-amd64",
		.kconfig = kconfig,
		.nr_kconfig = 3,
		.has_module = 1,
		.module_abi = HMM_BENCH_ABI_VERSION,
		.module_features = HMM_BENCH_FEAT_MAP_ORDER,
		.page_shift = 12,
		.module_version = "0.1.0",
		.module_build_release = "6.12.117+deb12-amd64",
		.cpu_model = "QEMU TCG CPU version 2.5+",
		.num_cpus = 2,
		.topology = "1 package, 2 cores, 2 PUs, 1 NUMA node",
		.binding_requested = "core:1",
		.binding_cpuset = "0x00000002",
		.binding_nodeset = "0x00000001",
		.sched_policy = "SCHED_FIFO",
		.sched_priority = 1,
		.clocksource = "tsc",
		.thp_enabled = "always [madvise] never",
		.thp_defrag = "madvise",
		.hugetlb_nr_pages = 64,
		.hugetlb_free_pages = 64,
		.hugepage_size_kb = 2048,
		.argc = 4,
		.argv = argv,
		.seed = 42,
		.date = 1700000000,	/* 2023-11-14T22:13:20Z */
	};
	char err[256] = "";
	json_t *doc = run_context_document(&c, err, sizeof(err));

	if (!doc)
		fprintf(stderr, "  run_context_document: %s\n", err);
	return doc;
}

static int add_fault(json_t *doc, struct stats_summary *s)
{
	static const uint64_t orders[HMM_BENCH_NR_ORDERS] = { [0] = 0, [9] = 512 };
	static const struct results_counter counters[] = {
		{ .name = "cycles", .samples_per_page = cycles_pp, .nr_samples = 3,
		  .running_fraction = 1.0 },
		{ .name = "instructions", .unavailable = "ENOENT: no PMU (perf_event_open)" },
	};
	static const char *const notes[] = { "pages reset with MADV_DONTNEED between samples" };
	struct stats_options o;
	json_t *params = json_pack("{s:s, s:s, s:I, s:s, s:s}", "op", "fault-unpopulated", "kind",
				   "thp", "size", (json_int_t)(2 << 20), "format", "fixed",
				   "pattern", "none");
	struct results_benchmark b = {
		.name = "fault-unpopulated/thp/2M/fixed/none",
		.parameters = params,
		.pages = 512,
		.samples_ns = fault_ns,
		.nr_samples = sizeof(fault_ns) / sizeof(fault_ns[0]),
		.warmup = 3,
		.ebusy_total = 2,
		.read_retry_total = 1,
		.orders = orders,
		.counters = counters,
		.nr_counters = 2,
		.notes = notes,
		.nr_notes = 1,
		.stats = &o,
	};
	char err[256] = "";
	int ret;

	stats_summary_options_default(&o);
	o.resamples = 1000;
	o.seed = 7;
	ret = results_build_add_benchmark(doc, &b, s, err, sizeof(err));
	if (ret)
		fprintf(stderr, "  results_build_add_benchmark: %s\n", err);
	json_decref(params);
	return ret;
}

static int add_convert(json_t *doc)
{
	json_t *params = json_pack("{s:s, s:s, s:I, s:s, s:s}", "op", "snapshot", "kind", "4k",
				   "size", (json_int_t)4096, "format", "convert:nouveau",
				   "pattern", "none");
	struct results_benchmark b = {
		.name = "snapshot/4k/4K/convert:nouveau/none",
		.parameters = params,
		.pages = 1,
		.samples_ns = convert_total_ns,
		.nr_samples = 10,
		.convert_ns = convert_pass_ns,
	};
	char err[256] = "";
	int ret = results_build_add_benchmark(doc, &b, NULL, err, sizeof(err));

	if (ret)
		fprintf(stderr, "  results_build_add_benchmark: %s\n", err);
	json_decref(params);
	return ret;
}

static void path_in_tmp(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", tmpdir, name);
}

static size_t files_in_tmp(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *de;
	size_t n = 0;

	while (d && (de = readdir(d)))
		n += de->d_name[0] != '.' || strncmp(de->d_name, ".results.tmp.", 13) == 0;
	if (d)
		closedir(d);
	return n;
}

static int has_warning(const json_t *config, const char *code)
{
	const json_t *w;
	size_t i;

	json_array_foreach(json_object_get(config, "warnings"), i, w)
		if (!strcmp(json_string_value(json_object_get(w, "code")), code))
			return 1;
	return 0;
}

static void test_build_write_parse(void)
{
	char path[256], err[256] = "";
	struct stats_summary s;
	json_t *doc = new_doc(), *back, *ctx, *b, *e, *st;
	json_error_t jerr;

	EXPECT(doc != NULL);
	if (!doc)
		return;
	path_in_tmp(path, sizeof(path), "two.json");
	EXPECT_EQ_INT(add_fault(doc, &s), 0);
	EXPECT_NEAR(s.median, 5160, 0);
	EXPECT(s.warnings & STATS_WARN_MAX_FAR);
	/* An interrupted run after the first configuration leaves a valid file with it. */
	EXPECT_EQ_INT(results_write_atomic(doc, path, err, sizeof(err)), 0);
	back = json_load_file(path, 0, &jerr);
	EXPECT(back != NULL);
	EXPECT_EQ_INT(results_config_count(back), 1);
	json_decref(back);

	EXPECT_EQ_INT(add_convert(doc), 0);
	EXPECT_EQ_INT(results_build_add_skipped(doc, "snapshot/4k/4K/table:nouveau/none",
					  "no flag-table patch in this kernel", err, sizeof(err)), 0);
	EXPECT_EQ_INT(results_build_add_skipped(doc, "x", "", err, sizeof(err)), -EINVAL);
	EXPECT_EQ_INT(results_write_atomic(doc, path, err, sizeof(err)), 0);
	json_decref(doc);

	back = json_load_file(path, 0, &jerr);
	EXPECT(back != NULL);
	if (!back)
		return;
	EXPECT_EQ_INT(json_integer_value(json_object_get(back, "schema_version")), 1);
	ctx = json_object_get(back, "context");
	EXPECT(!strcmp(json_string_value(json_object_get(ctx, "mode")), "qemu-icount"));
	EXPECT(!strcmp(json_string_value(json_object_get(ctx, "date")), "2023-11-14T22:13:20Z"));
	EXPECT(!strcmp(json_string_value(json_object_get(ctx, "hmmbench_version")), build_info_version()));
	EXPECT(!strcmp(json_string_value(json_object_get(ctx, "hmmbench_git_rev")), build_info_git_rev()));
	EXPECT_EQ_INT(json_integer_value(json_object_get(ctx, "seed")), 42);
	EXPECT_EQ_INT(json_array_size(json_object_get(ctx, "command_line")), 4);
	EXPECT(!strcmp(json_string_value(json_object_get(json_array_get(json_object_get(back, "skipped"), 0),
							 "reason")), "no flag-table patch in this kernel"));
	EXPECT(json_is_null(json_object_get(json_object_get(json_object_get(ctx, "kernel"), "config"),
					    "CONFIG_DEVICE_PRIVATE")));
	EXPECT(!strcmp(json_string_value(json_array_get(json_object_get(json_object_get(ctx, "module"),
									"features"), 0)), "map_order"));
	EXPECT_EQ_INT(json_integer_value(json_object_get(json_object_get(ctx, "hugetlb"), "nr_pages")), 64);

	/* Two configurations, each one iteration entry and four aggregates. */
	b = json_object_get(back, "benchmarks");
	EXPECT_EQ_INT(json_array_size(b), 10);
	EXPECT_EQ_INT(results_config_count(back), 2);
	e = results_config_at(back, 0);
	EXPECT(!strcmp(json_string_value(json_object_get(e, "run_type")), "iteration"));
	EXPECT_EQ_INT(json_integer_value(json_object_get(e, "repetitions")), 13);
	EXPECT_NEAR(json_number_value(json_object_get(e, "real_time")), 5160, 0);
	EXPECT(!strcmp(json_string_value(json_object_get(e, "time_unit")), "ns"));
	st = json_object_get(e, "statistics");
	EXPECT_NEAR(json_number_value(json_object_get(st, "median")), 5160, 0);
	EXPECT_NEAR(json_number_value(json_object_get(st, "min")), 5100, 0);
	EXPECT_EQ_INT(json_integer_value(json_object_get(json_object_get(st, "outliers"), "high_severe")), 2);
	EXPECT_EQ_INT(json_integer_value(json_object_get(json_object_get(st, "median_ci"), "seed")), 7);
	EXPECT_NEAR(json_number_value(json_object_get(json_object_get(e, "per_page"), "median")),
		    5160.0 / 512, 1e-12);
	EXPECT_EQ_INT(json_array_size(json_object_get(e, "samples_ns")), 13);
	EXPECT_EQ_INT(json_integer_value(json_array_get(json_object_get(e, "samples_ns"), 12)), 20000);
	EXPECT_EQ_INT(json_integer_value(json_object_get(json_object_get(e, "orders"), "9")), 512);
	EXPECT(json_object_get(json_object_get(e, "orders"), "0") == NULL);
	EXPECT_EQ_INT(json_integer_value(json_object_get(json_object_get(e, "retries"), "ebusy_total")), 2);
	EXPECT_NEAR(json_number_value(json_object_get(json_object_get(json_object_get(e, "counters"),
								    "cycles"), "per_page")), 1500, 0);
	EXPECT(json_is_false(json_object_get(json_object_get(json_object_get(e, "counters"),
							     "instructions"), "available")));
	/* 20000 among ~5150s: CV ~ 47% and a maximum far above the median. */
	EXPECT(has_warning(e, "high_cv"));
	EXPECT(has_warning(e, "max_far_from_median"));
	EXPECT(!has_warning(e, "few_samples"));
	EXPECT(json_is_null(json_object_get(e, "convert_ns")));

	e = json_array_get(b, 2);	/* the first configuration's median aggregate */
	EXPECT(!strcmp(json_string_value(json_object_get(e, "name")), "fault-unpopulated/thp/2M/fixed/none_median"));
	EXPECT(!strcmp(json_string_value(json_object_get(e, "aggregate_name")), "median"));
	EXPECT(!strcmp(json_string_value(json_object_get(e, "run_type")), "aggregate"));
	EXPECT_NEAR(json_number_value(json_object_get(e, "real_time")), 5160, 0);
	e = json_array_get(b, 4);
	EXPECT(!strcmp(json_string_value(json_object_get(e, "aggregate_unit")), "percentage"));

	e = results_config_at(back, 1);
	EXPECT_NEAR(json_number_value(json_object_get(json_object_get(json_object_get(e, "convert_ns"),
								    "statistics"), "median")), 300.5, 1e-12);
	EXPECT_EQ_INT(json_array_size(json_object_get(e, "convert_samples_ns")), 10);
	json_decref(back);
	EXPECT_EQ_INT(files_in_tmp(), 1);	/* no temporary file left behind */
}

static void test_bad_benchmarks(void)
{
	json_t *doc = new_doc(), *params = json_pack("{s:s}", "op", "fault");
	json_t *nested = json_pack("{s:[i]}", "op", 1);
	struct results_benchmark b = {
		.name = "x", .parameters = params, .pages = 1, .samples_ns = fault_ns, .nr_samples = 3,
	};
	char err[256] = "";

	if (!doc)
		return;
	EXPECT_EQ_INT(results_build_add_benchmark(doc, &b, NULL, err, sizeof(err)), 0);
	/* Names are unique: compare and plots key on them. */
	EXPECT_EQ_INT(results_build_add_benchmark(doc, &b, NULL, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "already") != NULL);
	b.name = "y";
	b.nr_samples = 0;
	EXPECT_EQ_INT(results_build_add_benchmark(doc, &b, NULL, err, sizeof(err)), -EINVAL);
	b.nr_samples = 3;
	b.parameters = nested;
	EXPECT_EQ_INT(results_build_add_benchmark(doc, &b, NULL, err, sizeof(err)), -EINVAL);
	EXPECT(strstr(err, "scalars") != NULL);
	EXPECT_EQ_INT(results_config_count(doc), 1);
	json_decref(doc);
	json_decref(params);
	json_decref(nested);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	static char buf[1 << 16];
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

/*
 * A write that fails part way (the file-size limit, which holds even for
 * root) and one into a missing directory must leave the old file as it was.
 */
static void test_atomic_failure(void)
{
	char path[256], missing[300], err[256] = "";
	const char *old = "{\"old\": true}\n";
	json_t *doc = new_doc();
	struct rlimit saved, small;
	char *now;

	if (!doc)
		return;
	EXPECT_EQ_INT(add_fault(doc, NULL), 0);
	path_in_tmp(path, sizeof(path), "keep.json");
	write_text(path, old);

	getrlimit(RLIMIT_FSIZE, &saved);
	small = saved;
	small.rlim_cur = 512;	/* the document is several KiB */
	signal(SIGXFSZ, SIG_IGN);
	EXPECT_EQ_INT(setrlimit(RLIMIT_FSIZE, &small), 0);
	EXPECT(results_write_atomic(doc, path, err, sizeof(err)) < 0);
	setrlimit(RLIMIT_FSIZE, &saved);
	signal(SIGXFSZ, SIG_DFL);
	EXPECT(strstr(err, path) != NULL);
	now = read_text(path);
	EXPECT(now && !strcmp(now, old));

	snprintf(missing, sizeof(missing), "%s/no-such-dir/r.json", tmpdir);
	EXPECT_EQ_INT(results_write_atomic(doc, missing, err, sizeof(err)), -ENOENT);
	EXPECT(strstr(err, "no-such-dir") != NULL);

	/* Without write permission on the directory (root ignores it: then skip this part). */
	if (geteuid() != 0) {
		chmod(tmpdir, 0555);
		EXPECT(results_write_atomic(doc, path, err, sizeof(err)) < 0);
		chmod(tmpdir, 0755);
		now = read_text(path);
		EXPECT(now && !strcmp(now, old));
	}
	EXPECT_EQ_INT(files_in_tmp(), 2);	/* keep.json and two.json, no temporary file */
	json_decref(doc);
}

static void expect_load_error(const char *name, const char *text, const char *want)
{
	char path[256], err[512] = "";
	json_t *doc;

	path_in_tmp(path, sizeof(path), name);
	write_text(path, text);
	doc = results_load(path, err, sizeof(err));
	EXPECT(doc == NULL);
	json_decref(doc);
	if (!strstr(err, want) || !strstr(err, path))
		fprintf(stderr, "  load error for %s: '%s', want '%s'\n", name, err, want);
	EXPECT(strstr(err, want) != NULL);
	EXPECT(strstr(err, path) != NULL);
	unlink(path);
}

static void test_loader(void)
{
	char path[256], err[512] = "";
	json_t *doc, *cfg, *params;
	double *x;
	size_t n;
	char *key;

	path_in_tmp(path, sizeof(path), "two.json");
	doc = results_load(path, err, sizeof(err));
	EXPECT(doc != NULL);
	if (!doc) {
		fprintf(stderr, "  %s\n", err);
		return;
	}
	EXPECT_EQ_INT(results_config_count(doc), 2);
	params = json_pack("{s:s, s:s, s:s, s:I, s:s}", "pattern", "none", "format", "fixed",
			   "kind", "thp", "size", (json_int_t)(2 << 20), "op", "fault-unpopulated");
	cfg = results_config_find(doc, params);
	EXPECT(cfg == results_config_at(doc, 0));
	key = results_config_parameters_key(cfg);
	EXPECT(key && !strcmp(key, "{\"format\":\"fixed\",\"kind\":\"thp\",\"op\":\"fault-unpopulated\","
			      "\"pattern\":\"none\",\"size\":2097152}"));
	free(key);
	EXPECT_EQ_INT(results_config_samples(cfg, "samples_ns", &x, &n), 0);
	EXPECT_EQ_INT(n, 13);
	EXPECT(x && x[12] == 20000);
	free(x);
	EXPECT_EQ_INT(results_config_samples(cfg, "nope", &x, &n), -EINVAL);
	json_decref(params);
	json_decref(doc);

	expect_load_error("syntax.json", "{\"schema_version\": 1,", "syntax.json:");
	expect_load_error("v2.json", "{\"schema_version\": 2, \"context\": {}, \"benchmarks\": []}",
			  "schema_version 2");
	expect_load_error("nomode.json",
			  "{\"schema_version\": 1, \"context\": {\"hmmbench_version\": \"0\"}, \"benchmarks\": []}",
			  "context: mode: missing");
	expect_load_error("badmode.json",
			  "{\"schema_version\": 1, \"context\": {\"hmmbench_version\": \"0\", \"mode\": \"kvm\"},"
			  " \"benchmarks\": []}", "context: mode: expected qemu-tcg");
	expect_load_error("samples.json",
			  "{\"schema_version\": 1, \"context\": {\"hmmbench_version\": \"0\", \"mode\": \"native\"},"
			  " \"benchmarks\": [{\"name\": \"a\", \"run_type\": \"iteration\", \"parameters\": {},"
			  " \"pages\": 1, \"statistics\": {\"median\": 1}, \"per_page\": {},"
			  " \"samples_ns\": [1, \"2\"]}]}",
			  "benchmarks[0] (\"a\"): samples_ns: expected a non-empty array of numbers");
	expect_load_error("runs.json",
			  "{\"schema_version\": 1, \"context\": {\"hmmbench_version\": \"0\", \"mode\": \"native\"},"
			  " \"benchmarks\": [{\"name\": \"a\", \"run_type\": \"iteration\", \"parameters\": {},"
			  " \"pages\": 1, \"statistics\": {\"median\": 1}, \"per_page\": {},"
			  " \"samples_ns\": [1, 2, 3], \"runs_samples\": [1, 1]}]}",
			  "runs_samples: does not add up to the number of samples");
	expect_load_error("runs0.json",
			  "{\"schema_version\": 1, \"context\": {\"hmmbench_version\": \"0\", \"mode\": \"native\"},"
			  " \"benchmarks\": [{\"name\": \"a\", \"run_type\": \"iteration\", \"parameters\": {},"
			  " \"pages\": 1, \"statistics\": {\"median\": 1}, \"per_page\": {},"
			  " \"samples_ns\": [1, 2, 3], \"runs_samples\": [3, 0]}]}",
			  "runs_samples: expected positive integers");
	expect_load_error("noparams.json",
			  "{\"schema_version\": 1, \"context\": {\"hmmbench_version\": \"0\", \"mode\": \"native\"},"
			  " \"benchmarks\": [{\"name\": \"a\", \"run_type\": \"iteration\"}]}",
			  "benchmarks[0] (\"a\"): parameters: missing");
}

static void test_modes(void)
{
	enum results_mode m;

	EXPECT(!strcmp(results_mode_name(RESULTS_MODE_QEMU_TCG), "qemu-tcg"));
	EXPECT(!strcmp(results_mode_name(RESULTS_MODE_NATIVE), "native"));
	EXPECT_EQ_INT(results_mode_parse("qemu-icount", &m), 0);
	EXPECT_EQ_INT(m, RESULTS_MODE_QEMU_ICOUNT);
	EXPECT_EQ_INT(results_mode_parse("tcg", &m), -EINVAL);
	EXPECT_EQ_INT(results_mode_from_sysinfo("tcg", &m), 0);
	EXPECT_EQ_INT(m, RESULTS_MODE_QEMU_TCG);
	EXPECT_EQ_INT(results_mode_from_sysinfo("vm", &m), 0);
	EXPECT_EQ_INT(m, RESULTS_MODE_VM);
	EXPECT_EQ_INT(results_mode_from_sysinfo("bogus", &m), -EINVAL);
	EXPECT(results_mode_name((enum results_mode)99) == NULL);
}

/* A run that dies after journalling leaves every finished configuration readable. */
static void test_journal(void)
{
	struct results_journal mark = { 0, 0 };
	char path[512], journal[600], err[512];
	json_t *doc = new_doc(), *back;
	FILE *f;

	path_in_tmp(path, sizeof(path), "journal.json");
	snprintf(journal, sizeof(journal), "%s.journal", path);
	EXPECT_EQ_INT(results_write_atomic(doc, path, err, sizeof(err)), 0);
	mark.benchmarks = json_array_size(json_object_get(doc, "benchmarks"));
	EXPECT_EQ_INT(add_fault(doc, NULL), 0);
	EXPECT_EQ_INT(results_journal_sync(doc, path, &mark, err, sizeof(err)), 0);
	EXPECT_EQ_INT(results_build_add_skipped(doc, "snapshot/hugetlb2m/2M/fixed/none", "no pages",
					  err, sizeof(err)), 0);
	EXPECT_EQ_INT(add_convert(doc), 0);
	EXPECT_EQ_INT(results_journal_sync(doc, path, &mark, err, sizeof(err)), 0);
	/* Nothing new: no line written. */
	EXPECT_EQ_INT(results_journal_sync(doc, path, &mark, err, sizeof(err)), 0);
	/* The crash cut a third line short. */
	f = fopen(journal, "a");
	EXPECT(f != NULL);
	if (f) {
		fputs("{\"benchmarks\": [{\"name\": \"cut", f);
		fclose(f);
	}

	back = results_load(path, err, sizeof(err));
	EXPECT(back != NULL);
	if (back) {
		EXPECT_EQ_INT(json_array_size(json_object_get(back, "benchmarks")),
			      json_array_size(json_object_get(doc, "benchmarks")));
		EXPECT_EQ_INT(results_config_count(back), 2);
		EXPECT_EQ_INT(json_array_size(json_object_get(back, "skipped")), 1);
		EXPECT(json_is_true(json_object_get(json_object_get(back, "context"),
						    "recovered_from_journal")));
		json_decref(back);
	}
	/* After a full rewrite the journal goes, and loading adds nothing twice. */
	EXPECT_EQ_INT(results_write_atomic(doc, path, err, sizeof(err)), 0);
	results_journal_remove(path);
	EXPECT(access(journal, F_OK) != 0);
	back = results_load(path, err, sizeof(err));
	EXPECT(back && !json_object_get(json_object_get(back, "context"), "recovered_from_journal"));
	json_decref(back);
	json_decref(doc);
	unlink(path);
}

static int write_sample(const char *path)
{
	char err[256] = "";
	json_t *doc = new_doc();
	int ret;

	if (!doc || add_fault(doc, NULL) || add_convert(doc) ||
	    results_build_add_skipped(doc, "snapshot/4k/4K/table:nouveau/none",
				"no flag-table patch in this kernel", err, sizeof(err)))
		return 1;
	ret = results_write_atomic(doc, path, err, sizeof(err));
	if (ret)
		fprintf(stderr, "%s\n", err);
	json_decref(doc);
	return ret ? 1 : 0;
}

/* Equal values, or both absent (json_equal() calls two absences different). */
static int same_value(const json_t *a, const json_t *b)
{
	return (!a && !b) || json_equal((json_t *)a, (json_t *)b);
}

/*
 * A copy of @sample with @key of context (@ctx_key "."), of context.@ctx_key
 * or of configuration @config (@ctx_key NULL) set to @value (NULL: removed)
 * must not load as a model, with @want in the error.
 */
static void expect_model_rejects(const char *name, const json_t *sample, const char *ctx_key,
				 int config, const char *key, json_t *value, const char *want)
{
	json_t *doc = json_deep_copy(sample), *obj;
	struct results_model m;
	char path[256], err[512] = "";

	obj = ctx_key ? json_object_get(doc, "context") : results_config_at(doc, (size_t)config);
	if (ctx_key && strcmp(ctx_key, "."))
		obj = json_object_get(obj, ctx_key);
	EXPECT(obj != NULL);
	if (value)
		json_object_set_new(obj, key, value);
	else
		json_object_del(obj, key);
	path_in_tmp(path, sizeof(path), name);
	EXPECT_EQ_INT(json_dump_file(doc, path, JSON_INDENT(2)), 0);
	EXPECT_EQ_INT(results_model_load(path, &m, err, sizeof(err)), -EINVAL);
	if (!strstr(err, want))
		fprintf(stderr, "  model load error for %s: '%s', want '%s'\n", name, err, want);
	EXPECT(strstr(err, want) != NULL);
	results_model_free(&m);
	json_decref(doc);
	unlink(path);
}

/*
 * The model loader refuses what results/schema.json refuses in the fields
 * it reads, and the model writer gives back the document it was read from.
 */
static void test_model_load_write(void)
{
	char path[256], err[512] = "";
	struct results_model m;
	json_t *sample, *again, *counter;

	path_in_tmp(path, sizeof(path), "sample.json");
	EXPECT_EQ_INT(write_sample(path), 0);
	sample = json_load_file(path, 0, NULL);
	EXPECT(sample != NULL);
	EXPECT_EQ_INT(results_model_load(path, &m, err, sizeof(err)), 0);
	again = results_model_write_document(&m, err, sizeof(err));
	EXPECT(again != NULL);
	/* Statistics are recomputed with default options; everything recorded comes back. */
	EXPECT(same_value(json_object_get(again, "context"), json_object_get(sample, "context")));
	/*
	 * Every field of a run's context is typed: written from the typed
	 * fields alone (no document to take keys from), it is the same text.
	 */
	{
		const json_t *source = m.context.json;
		json_t *typed;
		char *a, *b;

		m.context.json = NULL;
		typed = results_model_write_new(&m.context, m.schema_version, err, sizeof(err));
		m.context.json = source;
		a = json_dumps(json_object_get(typed, "context"), JSON_INDENT(1));
		b = json_dumps(json_object_get(sample, "context"), JSON_INDENT(1));
		EXPECT(a && b && !strcmp(a, b));
		free(a);
		free(b);
		json_decref(typed);
	}
	EXPECT(same_value(json_object_get(again, "skipped"), json_object_get(sample, "skipped")));
	EXPECT_EQ_INT((int)results_config_count(again), (int)results_config_count(sample));
	for (size_t i = 0; i < results_config_count(sample); i++) {
		static const char *const kept[] = { "name", "parameters", "pages", "warmup",
			"retries", "orders", "notes", "samples_ns", "convert_samples_ns" };
		const json_t *a = results_config_at(again, i), *b = results_config_at(sample, i);
		const char *key;
		json_t *v;

		for (size_t k = 0; k < sizeof(kept) / sizeof(kept[0]); k++)
			EXPECT(same_value(json_object_get(a, kept[k]), json_object_get(b, kept[k])));
		EXPECT_EQ_INT((int)json_object_size(json_object_get(a, "counters")),
			      (int)json_object_size(json_object_get(b, "counters")));
		json_object_foreach(json_object_get(b, "counters"), key, v) {
			const json_t *w = json_object_get(json_object_get(a, "counters"), key);

			EXPECT(same_value(json_object_get(w, "available"), json_object_get(v, "available")));
			EXPECT(same_value(json_object_get(w, "reason"), json_object_get(v, "reason")));
			EXPECT(same_value(json_object_get(w, "samples_per_page"),
					  json_object_get(v, "samples_per_page")));
		}
	}
	json_decref(again);
	results_model_free(&m);
	unlink(path);

	expect_model_rejects("seed.json", sample, ".", 0, "seed", json_integer(-1), "seed: out of range");
	expect_model_rejects("noseed.json", sample, ".", 0, "seed", NULL, "seed: missing");
	expect_model_rejects("date.json", sample, ".", 0, "date", json_string("yesterday"), "date");
	expect_model_rejects("rev.json", sample, ".", 0, "hmmbench_git_rev", json_string(""),
			     "hmmbench_git_rev: must not be empty");
	expect_model_rejects("cpus.json", sample, ".", 0, "num_cpus", json_string("2"), "num_cpus");
	expect_model_rejects("abi.json", sample, "module", 0, "abi_version", json_integer(0),
			     "abi_version: out of range");
	expect_model_rejects("release.json", sample, "kernel", 0, "release", json_integer(6),
			     "release: expected a string");
	expect_model_rejects("warmup.json", sample, NULL, 0, "warmup", json_integer(-1),
			     "warmup: out of range");
	expect_model_rejects("notes.json", sample, NULL, 0, "notes", json_pack("[i]", 1),
			     "notes: expected strings");
	expect_model_rejects("orders.json", sample, NULL, 0, "orders", json_pack("{s:i}", "32", 1),
			     "orders");
	expect_model_rejects("retries.json", sample, NULL, 0, "retries", json_pack("{s:i}", "ebusy_total", 0),
			     "read_retry_total: missing");
	expect_model_rejects("convert.json", sample, NULL, 0, "convert_samples_ns", json_array(),
			     "convert_samples_ns: expected an array of numbers");
	counter = json_object();
	json_object_set_new(counter, "available", json_false());
	expect_model_rejects("counter.json", sample, NULL, 0, "counters",
			     json_pack("{s:o}", "cycles", counter), "reason: missing");
	expect_model_rejects("fraction.json", sample, NULL, 0, "counters",
			     json_pack("{s:{s:b, s:f, s:f}}", "cycles", "available", 1, "per_page", 1.0,
				       "running_fraction", 1.5), "running_fraction: must be in [0, 1]");
	json_decref(sample);
}

/*
 * A copy of @sample with @key of the object at @where (a dotted path from
 * the top: "benchmarks.5.convert_ns.per_page"; numbers index arrays) set to
 * @value (NULL: removed) must not load as a model, with @want in the error.
 */
static void expect_rejects_at(const json_t *sample, const char *where, const char *key,
			      json_t *value, const char *want)
{
	json_t *doc = json_deep_copy(sample), *obj = doc;
	struct results_model m;
	char path[256], err[512] = "", walk[128], *part, *save;

	snprintf(walk, sizeof(walk), "%s", where);
	for (part = strtok_r(walk, ".", &save); part && obj; part = strtok_r(NULL, ".", &save))
		obj = json_is_array(obj) ? json_array_get(obj, strtoul(part, NULL, 10)) :
					   json_object_get(obj, part);
	EXPECT(json_is_object(obj));
	if (!json_is_object(obj)) {
		json_decref(value);
		json_decref(doc);
		return;
	}
	if (value)
		json_object_set_new(obj, key, value);
	else
		EXPECT_EQ_INT(json_object_del(obj, key), 0);
	path_in_tmp(path, sizeof(path), "rejected.json");
	EXPECT_EQ_INT(json_dump_file(doc, path, JSON_INDENT(2)), 0);
	EXPECT_EQ_INT(results_model_load(path, &m, err, sizeof(err)), -EINVAL);
	if (!strstr(err, want))
		fprintf(stderr, "  model load error for %s.%s: '%s', want '%s'\n", where, key, err,
			want);
	EXPECT(strstr(err, want) != NULL);
	results_model_free(&m);
	json_decref(doc);
	unlink(path);
}

/*
 * The model loader refuses what results/schema.json refuses in the rest of
 * the context, whole statistics objects, warnings, the conversion pass's
 * statistics, Google Benchmark's fields and aggregates, and keys the
 * schema does not allow. One case per rule.
 */
static void test_model_schema_rules(void)
{
	char path[256];
	json_t *sample;

	path_in_tmp(path, sizeof(path), "sample.json");
	EXPECT_EQ_INT(write_sample(path), 0);
	sample = json_load_file(path, 0, NULL);
	unlink(path);
	EXPECT(sample != NULL);
	/* the context the model types beyond what it checked before */
	expect_rejects_at(sample, "context.kernel.config", "HMM_MIRROR", json_string("y"),
			  "HMM_MIRROR: not a CONFIG_ option name");
	expect_rejects_at(sample, "context.kernel.config", "CONFIG_HMM_MIRROR", json_integer(1),
			  "CONFIG_HMM_MIRROR: expected a string or null");
	expect_rejects_at(sample, "context.kernel", "config", NULL, "kernel: config: missing");
	expect_rejects_at(sample, "context.module", "page_shift", json_integer(-1),
			  "context.module: page_shift: out of range");
	expect_rejects_at(sample, "context.module", "version", NULL, "version: missing");
	expect_rejects_at(sample, "context.module", "features", json_pack("[s]", "turbo"),
			  "features: not one of");
	expect_rejects_at(sample, "context.module", "features", json_pack("[s, s]", "inject", "inject"),
			  "features: must not repeat");
	expect_rejects_at(sample, "context", "qemu_options", json_integer(1),
			  "qemu_options: expected a string");
	expect_rejects_at(sample, "context", "topology", NULL, "topology: missing");
	expect_rejects_at(sample, "context", "clocksource", json_false(),
			  "clocksource: expected a string");
	expect_rejects_at(sample, "context.binding", "sched_priority", json_string("1"),
			  "binding: sched_priority: expected an integer");
	expect_rejects_at(sample, "context.binding", "cpuset", NULL, "cpuset: missing");
	expect_rejects_at(sample, "context", "thp", json_string("always"),
			  "thp: expected an object");
	expect_rejects_at(sample, "context.thp", "defrag", json_integer(0),
			  "thp: defrag: expected a string");
	expect_rejects_at(sample, "context.hugetlb", "free_pages", json_integer(-1),
			  "hugetlb: free_pages: out of range");
	expect_rejects_at(sample, "context", "command_line", json_pack("[s, i]", "hmmbench", 1),
			  "command_line: expected strings");
	expect_rejects_at(sample, "context", "command_line", NULL, "command_line: missing");
	/* statistics (per call and per page) */
	expect_rejects_at(sample, "benchmarks.0.statistics", "unit", json_string("s"),
			  "statistics: unit: not one of");
	expect_rejects_at(sample, "benchmarks.0.statistics", "n", json_integer(0), "n: out of range");
	expect_rejects_at(sample, "benchmarks.0.per_page", "p95", NULL, "per_page: p95: missing");
	expect_rejects_at(sample, "benchmarks.0.statistics", "min", json_string("1"),
			  "min: expected a number");
	expect_rejects_at(sample, "benchmarks.0.statistics", "median", json_null(),
			  "median: expected a number");
	expect_rejects_at(sample, "benchmarks.0.statistics", "stddev", json_real(-1),
			  "stddev: must not be negative");
	expect_rejects_at(sample, "benchmarks.0.per_page", "mad", json_real(-0.5),
			  "mad: must not be negative");
	expect_rejects_at(sample, "benchmarks.0.statistics", "cv", json_string("high"),
			  "cv: expected a number");
	expect_rejects_at(sample, "benchmarks.0.statistics", "mode", json_real(1),
			  "statistics: mode: not a field of this object");
	expect_rejects_at(sample, "benchmarks.0", "statistics", NULL, "statistics: missing");
	/* the median's CI */
	expect_rejects_at(sample, "benchmarks.0.statistics.median_ci", "level", json_real(1),
			  "median_ci: level: must be between 0 and 1");
	expect_rejects_at(sample, "benchmarks.0.statistics.median_ci", "resamples",
			  json_integer(-1), "resamples: out of range");
	expect_rejects_at(sample, "benchmarks.0.per_page.median_ci", "seed", json_integer(-1),
			  "median_ci: seed: out of range");
	expect_rejects_at(sample, "benchmarks.0.per_page.median_ci", "method",
			  json_string("bca"), "method: not one of");
	expect_rejects_at(sample, "benchmarks.0.per_page.median_ci", "width", json_real(1),
			  "width: not a field of this object");
	/* outliers and their fences */
	expect_rejects_at(sample, "benchmarks.0.statistics.outliers", "iqr", json_real(-1),
			  "outliers: iqr: must not be negative");
	expect_rejects_at(sample, "benchmarks.0.statistics.outliers", "high_mild", json_integer(-1),
			  "high_mild: out of range");
	expect_rejects_at(sample, "benchmarks.0.statistics.outliers", "q1", NULL, "q1: missing");
	expect_rejects_at(sample, "benchmarks.0.statistics.outliers", "count", json_integer(1),
			  "count: not a field of this object");
	expect_rejects_at(sample, "benchmarks.0.statistics.outliers.fences", "low_mild", NULL,
			  "fences: low_mild: missing");
	expect_rejects_at(sample, "benchmarks.0.statistics.outliers.fences", "extreme",
			  json_string("x"), "extreme: expected a number");
	/* warnings */
	expect_rejects_at(sample, "benchmarks.0", "warnings", NULL, "warnings: missing");
	expect_rejects_at(sample, "benchmarks.0.warnings.0", "code", json_string("slow"),
			  "warnings[0]: code: not one of");
	expect_rejects_at(sample, "benchmarks.0.warnings.1", "message", json_string(""),
			  "warnings[1]: message: must not be empty");
	expect_rejects_at(sample, "benchmarks.0.warnings.0", "level", json_string("info"),
			  "level: not a field of this object");
	/* the conversion pass's statistics */
	expect_rejects_at(sample, "benchmarks.5", "convert_ns", NULL, "convert_ns: missing");
	expect_rejects_at(sample, "benchmarks.5", "convert_ns", json_array(),
			  "convert_ns: expected an object");
	expect_rejects_at(sample, "benchmarks.5.convert_ns", "total", json_object(),
			  "convert_ns: total: not a field of this object");
	expect_rejects_at(sample, "benchmarks.5.convert_ns.per_page", "n", json_integer(0),
			  "convert_ns.per_page: n: out of range");
	/* Google Benchmark's fields of an iteration entry */
	expect_rejects_at(sample, "benchmarks.0", "repetition_index", json_integer(1),
			  "repetition_index: out of range");
	expect_rejects_at(sample, "benchmarks.0", "threads", json_integer(2),
			  "threads: out of range");
	expect_rejects_at(sample, "benchmarks.0", "time_unit", json_string("us"),
			  "time_unit: not one of");
	expect_rejects_at(sample, "benchmarks.0", "real_time", json_null(),
			  "real_time: expected a number");
	expect_rejects_at(sample, "benchmarks.0", "run_name", NULL, "run_name: missing");
	/* aggregates */
	expect_rejects_at(sample, "benchmarks.1", "aggregate_name", json_string("p99"),
			  "aggregate_name: not one of");
	expect_rejects_at(sample, "benchmarks.4", "aggregate_unit", json_string("ns"),
			  "aggregate_unit: not one of");
	expect_rejects_at(sample, "benchmarks.2", "iterations", json_integer(0),
			  "iterations: out of range");
	expect_rejects_at(sample, "benchmarks.3", "cpu_time", json_string("1"),
			  "cpu_time: expected a number");
	expect_rejects_at(sample, "benchmarks.6", "samples", json_integer(3),
			  "samples: not a field of this object");
	expect_rejects_at(sample, "benchmarks.0.retries", "eagain_total", json_integer(-1),
			  "eagain_total: out of range");
	/* counters and skipped entries take no other keys */
	expect_rejects_at(sample, "benchmarks.0.counters.cycles", "scaled", json_true(),
			  "scaled: not a field of this object");
	expect_rejects_at(sample, "benchmarks.0.counters.instructions", "per_page", json_real(1),
			  "per_page: not a field of this object");
	expect_rejects_at(sample, "skipped.0", "when", json_string("now"),
			  "when: not a field of this object");
	json_decref(sample);
}

static const struct test_case tests[] = {
	{ "build, write and parse back two configurations", test_build_write_parse },
	{ "bad configurations are refused", test_bad_benchmarks },
	{ "a failed write leaves the old file", test_atomic_failure },
	{ "loader checks and helpers", test_loader },
	{ "mode labels", test_modes },
	{ "a journal left by a crash is folded in", test_journal },
	{ "the model loader's schema rules and the model writer", test_model_load_write },
	{ "the schema's rules for the rest of the document", test_model_schema_rules },
};

int main(int argc, char **argv)
{
	char cmd[300];
	int ret;

	if (argc == 3 && !strcmp(argv[1], "--write-sample"))
		return write_sample(argv[2]);
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		printf("0 passed, 1 failed\n");
		return 1;
	}
	ret = RUN_TESTS(tests);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return ret;
}
