// SPDX-License-Identifier: GPL-2.0
/*
 * Exports of a synthetic results document, parsed back with jansson: the
 * Google Benchmark JSON that compare.py reads, bencher's BMF, and LAVA's
 * test-case lines.
 */
#include <string.h>

#include "check.h"
#include "results/export.h"
#include "results/results_model.h"
#include "synthetic.h"
#include "results/results_config.h"

static json_t *doc_of(size_t samples)
{
	struct synth s;

	synth_default(&s);
	s.samples = samples;
	return synth_doc(&s);
}

/* The model of @doc, as the exporters take it (freed by the caller). */
static const struct results_model *model_of(const json_t *doc)
{
	static struct results_model m;

	results_model_free(&m);
	EXPECT_EQ_INT(results_model_from_json((json_t *)doc, &m, NULL, 0), 0);
	return &m;
}

/* Dump and parse again: what a reader of the file would see. */
static json_t *reparse(const json_t *j)
{
	char *text = json_dumps(j, JSON_REAL_PRECISION(15));
	json_t *back = text ? json_loads(text, 0, NULL) : NULL;

	free(text);
	return back;
}

static void test_gbench(void)
{
	static const char *const context_keys[] = { "date", "host_name", "executable", "num_cpus",
		"mhz_per_cpu", "cpu_scaling_enabled", "caches", "library_build_type" };
	static const char *const entry_keys[] = { "name", "run_name", "run_type", "repetitions",
		"threads", "iterations", "real_time", "cpu_time", "time_unit" };
	json_t *doc = doc_of(7), *g = export_gbench(model_of(doc)), *back = reparse(g), *e;
	json_t *benchmarks = json_object_get(back, "benchmarks");
	double *x = NULL;
	size_t n = 0, i, iterations = 0, aggregates = 0;

	EXPECT(back != NULL);
	for (i = 0; i < sizeof(context_keys) / sizeof(context_keys[0]); i++)
		EXPECT(json_object_get(json_object_get(back, "context"), context_keys[i]) != NULL);
	EXPECT(json_is_array(json_object_get(json_object_get(back, "context"), "caches")));
	/* Per configuration: one entry per sample, then 4 aggregates. */
	EXPECT_EQ_INT(json_array_size(benchmarks), SYNTH_NR_CONFIGS * (7 + 4));
	json_array_foreach(benchmarks, i, e) {
		const char *type = json_string_value(json_object_get(e, "run_type"));

		for (size_t k = 0; k < sizeof(entry_keys) / sizeof(entry_keys[0]); k++)
			EXPECT(json_object_get(e, entry_keys[k]) != NULL);
		EXPECT(!strcmp(json_string_value(json_object_get(e, "time_unit")), "ns"));
		if (type && !strcmp(type, "iteration")) {
			EXPECT_EQ_INT(json_integer_value(json_object_get(e, "repetition_index")),
				      (long long)(iterations % 7));
			EXPECT_EQ_INT(json_integer_value(json_object_get(e, "repetitions")), 7);
			iterations++;
		} else {
			EXPECT(type && !strcmp(type, "aggregate"));
			EXPECT(json_is_string(json_object_get(e, "aggregate_name")));
			aggregates++;
		}
	}
	EXPECT_EQ_INT(iterations, SYNTH_NR_CONFIGS * 7);
	EXPECT_EQ_INT(aggregates, SYNTH_NR_CONFIGS * 4);
	/* The iteration entries carry the raw samples, in order. */
	EXPECT_EQ_INT(results_config_samples(results_config_at(doc, 0), "samples_ns", &x, &n), 0);
	for (i = 0; i < n; i++)
		EXPECT_NEAR(json_number_value(json_object_get(json_array_get(benchmarks, i),
							      "real_time")), x[i], 1e-9);
	/* The median aggregate is the document's median. */
	e = json_array_get(benchmarks, 7 + 1);
	EXPECT(!strcmp(json_string_value(json_object_get(e, "aggregate_name")), "median"));
	EXPECT_NEAR(json_number_value(json_object_get(e, "real_time")),
		    json_number_value(json_object_get(json_object_get(results_config_at(doc, 0),
		    "statistics"), "median")), 1e-6);
	e = json_array_get(benchmarks, 7 + 3);
	EXPECT(!strcmp(json_string_value(json_object_get(e, "aggregate_unit")), "percentage"));
	free(x);
	json_decref(back);
	json_decref(g);
	json_decref(doc);
}

/* cpu_scaling_enabled and mhz_per_cpu are the recorded machine's; unrecorded: false and 0. */
static void test_gbench_machine(void)
{
	json_t *doc = doc_of(3), *g, *ctx;

	g = export_gbench(model_of(doc));
	ctx = json_object_get(g, "context");
	EXPECT(json_is_false(json_object_get(ctx, "cpu_scaling_enabled")));
	EXPECT_EQ_INT(json_integer_value(json_object_get(ctx, "mhz_per_cpu")), 0);
	json_decref(g);
	json_object_set_new(json_object_get(doc, "context"), "machine",
			    json_pack("{s:b, s:i}", "cpu_scaling_enabled", 1, "max_mhz", 3600));
	g = export_gbench(model_of(doc));
	ctx = json_object_get(g, "context");
	EXPECT(json_is_true(json_object_get(ctx, "cpu_scaling_enabled")));
	EXPECT_EQ_INT(json_integer_value(json_object_get(ctx, "mhz_per_cpu")), 3600);
	json_decref(g);
	json_decref(doc);
}

static void test_bmf(void)
{
	json_t *doc = doc_of(20), *b = export_bmf(model_of(doc)), *back = reparse(b);
	const json_t *c = results_config_at(doc, 1);
	const json_t *m = json_object_get(json_object_get(back, json_string_value(
		json_object_get(c, "name"))), "ns_per_page");
	const json_t *pp = json_object_get(c, "per_page");
	double value = json_number_value(json_object_get(m, "value"));

	EXPECT_EQ_INT(json_object_size(back), SYNTH_NR_CONFIGS);
	EXPECT(m != NULL);
	EXPECT_NEAR(value, json_number_value(json_object_get(pp, "median")), 1e-9);
	EXPECT(json_number_value(json_object_get(m, "lower_value")) <= value);
	EXPECT(json_number_value(json_object_get(m, "upper_value")) >= value);
	EXPECT_NEAR(json_number_value(json_object_get(m, "lower_value")),
		    json_number_value(json_object_get(json_object_get(pp, "median_ci"), "low")), 1e-9);
	json_decref(back);
	json_decref(b);
	json_decref(doc);
}

/*
 * A qemu-sim document's counters travel with the figures: gbench's entries
 * carry sim:cycles per page (each call's, and the median on the median
 * entry), bmf has a sim:cycles measure; the unavailable counter is left out.
 */
static void test_counters_exported(void)
{
	struct synth s;
	json_t *doc, *g, *b;
	const struct results_model *m;
	const struct results_model_counter *k;
	const json_t *benchmarks, *measures;

	synth_default(&s);
	s.samples = 5;
	s.counter_samples = 1;
	s.sim_cycles = 1;
	doc = synth_doc(&s);
	m = model_of(doc);
	k = results_model_counter(&m->configs[0], "sim:cycles");
	EXPECT(k && k->samples_per_page && k->nr_samples == 5);
	g = reparse(export_gbench(m));
	benchmarks = json_object_get(g, "benchmarks");
	for (size_t i = 0; k && k->samples_per_page && i < 5; i++) {
		const json_t *e = json_array_get(benchmarks, i);

		EXPECT_NEAR(json_number_value(json_object_get(e, "sim:cycles")), k->samples_per_page[i], 1e-9);
		EXPECT(json_object_get(e, "instructions") == NULL);
	}
	/* After the 5 iterations: mean, then median. */
	EXPECT(!strcmp(json_string_value(json_object_get(json_array_get(benchmarks, 6), "aggregate_name")),
		       "median"));
	if (k)
		EXPECT_NEAR(json_number_value(json_object_get(json_array_get(benchmarks, 6), "sim:cycles")),
			    k->per_page, 1e-9);
	EXPECT(json_object_get(json_array_get(benchmarks, 5), "sim:cycles") == NULL);
	b = reparse(export_bmf(m));
	measures = json_object_get(b, m->configs[0].name);
	if (k)
		EXPECT_NEAR(json_number_value(json_object_get(json_object_get(measures, "sim:cycles"), "value")),
			    k->per_page, 1e-9);
	EXPECT(json_object_get(measures, "instructions") == NULL);
	EXPECT(json_object_get(measures, "ns_per_page") != NULL);
	json_decref(g);
	json_decref(b);
	json_decref(doc);
}

static int lava_line_ok(const char *line)
{
	char name[256], units[16], extra[8];
	double v;
	int pos = 0;

	if (sscanf(line, "lava-test-case %255s --result pass --measurement %lf --units %15s%n",
		   name, &v, units, &pos) != 3 || strcmp(units, "ns/page"))
		return 0;
	if (sscanf(line + pos, "%7s", extra) == 1)
		return 0;
	for (const char *p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", *p))
			return 0;
	return v > 0;
}

static void test_lava(void)
{
	json_t *doc = doc_of(5);
	char *text = NULL, *line, *save = NULL, name[64];
	size_t len = 0, lines = 0;
	FILE *f = open_memstream(&text, &len);

	EXPECT_EQ_INT(export_lava(f, model_of(doc)), 0);
	fclose(f);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!lava_line_ok(line))
			fprintf(stderr, "  bad LAVA line: %s\n", line);
		EXPECT(lava_line_ok(line));
		lines++;
	}
	EXPECT_EQ_INT(lines, SYNTH_NR_CONFIGS);
	free(text);
	export_lava_name("snapshot/4k/4K/convert:nouveau/none", name, sizeof(name));
	EXPECT(!strcmp(name, "snapshot_4k_4K_convert_nouveau_none"));
	export_lava_name("a b+c", name, sizeof(name));
	EXPECT(!strcmp(name, "a_b_c"));
	export_lava_name("truncated-name", name, 6);
	EXPECT(!strcmp(name, "trunc"));
	/* The lava line checker itself rejects what LAVA would. */
	EXPECT(!lava_line_ok("lava-test-case a/b --result pass --measurement 1.0 --units ns/page"));
	EXPECT(!lava_line_ok("lava-test-case ab --result fail --measurement 1.0 --units ns/page"));
	json_decref(doc);
}

static void test_format_names(void)
{
	enum export_format f;

	EXPECT(!export_format_parse("gbench", &f) && f == EXPORT_GBENCH);
	EXPECT(!export_format_parse("bmf", &f) && f == EXPORT_BMF);
	EXPECT(!export_format_parse("lava", &f) && f == EXPORT_LAVA);
	EXPECT(export_format_parse("csv", &f) == -1);
}

static const struct test_case tests[] = {
	{ "gbench: compare.py's keys, one repetition per sample, aggregates", test_gbench },
	{ "gbench: cpu_scaling_enabled and mhz_per_cpu from the recorded machine", test_gbench_machine },
	{ "bmf: ns_per_page median and CI bounds", test_bmf },
	{ "counters: per call and median in gbench, a measure in bmf", test_counters_exported },
	{ "lava: test-case lines, sanitised names", test_lava },
	{ "format names", test_format_names },
};

int main(void)
{
	return RUN_TESTS(tests);
}
