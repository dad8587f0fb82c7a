// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench summary: configuration names in size order (4K < 2M < 64M <
 * 1G, where strcmp puts 1G first), the change column of two files, and
 * a qemu-sim file's estimated cycles per page (sim:cycles) in its cells.
 */
#include <string.h>

#include "check.h"
#include "stats/stats.h"
#include "stats/stats_bootstrap.h"
#include "analysis/summary.h"
#include "results/results_model.h"
#include "synthetic.h"
#include "results/results_config.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static int cmp_names(const void *a, const void *b)
{
	return summary_name_cmp(*(const char *const *)a, *(const char *const *)b);
}

/* The models of @docs, as summary_print() takes them (kept until the next call). */
static const struct results_model *models_of(json_t *const *docs, size_t n)
{
	static struct results_model m[2];

	for (size_t i = 0; i < 2; i++)
		results_model_free(&m[i]);
	for (size_t i = 0; i < n; i++)
		EXPECT_EQ_INT(results_model_from_json(docs[i], &m[i], NULL, 0), 0);
	return m;
}

static void test_name_order(void)
{
	const char *names[] = {
		"snapshot/4k/1G/fixed/none", "snapshot/4k/64M/fixed/none",
		"fault-present/4k/4K/fixed/all", "snapshot/4k/2M/fixed/none",
		"snapshot/4k/4K/fixed/none", "snapshot/4k/2M/convert:nouveau/none",
		"snapshot/thp/2M/fixed/none",
	};
	const char *want[] = {
		"fault-present/4k/4K/fixed/all", "snapshot/4k/4K/fixed/none",
		"snapshot/4k/2M/convert:nouveau/none", "snapshot/4k/2M/fixed/none",
		"snapshot/4k/64M/fixed/none", "snapshot/4k/1G/fixed/none",
		"snapshot/thp/2M/fixed/none",
	};

	qsort(names, ARRAY_LEN(names), sizeof(names[0]), cmp_names);
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		if (strcmp(names[i], want[i]))
			fprintf(stderr, "  position %zu: %s, want %s\n", i, names[i], want[i]);
		EXPECT(!strcmp(names[i], want[i]));
	}
	EXPECT_EQ_INT(summary_name_cmp("snapshot/4k/2M", "snapshot/4k/2M"), 0);
	EXPECT(summary_name_cmp("snapshot/4k", "snapshot/4k/2M") < 0);
}

/*
 * Two synthetic documents of @mode, the second's configuration 0 10%
 * slower; a qemu-sim pair carries sim:cycles. 0, or -1 (both freed).
 */
static int two_docs(enum results_mode mode, json_t **docs)
{
	struct synth a, b;

	synth_default(&a);
	a.mode = mode;
	a.counter_samples = a.sim_cycles = mode == RESULTS_MODE_QEMU_SIM;
	b = a;
	b.seed = 3;
	b.shift = 0.10;
	docs[0] = synth_doc(&a);
	docs[1] = synth_doc(&b);
	EXPECT(docs[0] && docs[1]);
	if (docs[0] && docs[1])
		return 0;
	json_decref(docs[0]);
	json_decref(docs[1]);
	return -1;
}

/* Two files: the last column is the median's change, computed from the documents. */
static void test_change_column(void)
{
	json_t *docs[2];
	char *text = NULL, *row, want[32];
	size_t len = 0;
	double base, new_;
	FILE *f;

	if (two_docs(RESULTS_MODE_QEMU_TCG, docs))
		return;
	f = open_memstream(&text, &len);
	summary_print(f, models_of(docs, 2), 2);
	fclose(f);
	EXPECT(strstr(text, "change") != NULL);
	base = json_number_value(json_object_get(json_object_get(results_config_at(docs[0], 0),
								 "per_page"), "median"));
	new_ = json_number_value(json_object_get(json_object_get(results_config_at(docs[1], 0),
								 "per_page"), "median"));
	snprintf(want, sizeof(want), "%+8.2f%%\n", 100 * (new_ / base - 1));
	row = strstr(text, json_string_value(json_object_get(results_config_at(docs[0], 0),
							     "name")));
	EXPECT(row && strstr(row, want) && strstr(row, want) < strchr(row, '\n') + 1);
	free(text);

	/* One file: no change column. */
	text = NULL;
	f = open_memstream(&text, &len);
	summary_print(f, models_of(docs, 1), 1);
	fclose(f);
	EXPECT(strstr(text, "change") == NULL);
	free(text);
	json_decref(docs[0]);
	json_decref(docs[1]);
}

/* The text of summary_print() on @docs, into *@text (malloc'd). */
static void summary_text(json_t *const *docs, size_t n, char **text)
{
	size_t len = 0;
	FILE *f;

	*text = NULL;
	f = open_memstream(text, &len);
	summary_print(f, models_of(docs, n), n);
	fclose(f);
}

/* Config @i's row of @text (a summary of @m among others) shows its sim:cycles. */
static void expect_cycles_cell(const char *text, const struct results_model *m, size_t i)
{
	const struct results_model_config *c = &m->configs[i];
	const struct results_model_counter *k = results_model_counter(c, "sim:cycles");
	const char *row = strstr(text, c->name);
	char want[128];
	struct stats_ci ci;

	EXPECT(k && k->samples_per_page && row);
	if (!k || !k->samples_per_page || !row)
		return;
	EXPECT_EQ_INT(stats_bootstrap_median_ci(k->samples_per_page, k->nr_samples,
						STATS_DEFAULT_CI_LEVEL, STATS_DEFAULT_RESAMPLES,
						(uint64_t)m->context.seed, &ci), 0);
	snprintf(want, sizeof(want), " | %10.2f [%9.2f, %9.2f]",
		 stats_median(k->samples_per_page, k->nr_samples), ci.low, ci.high);
	if (!strstr(row, want) || strstr(row, want) > strchr(row, '\n'))
		fprintf(stderr, "  want '%s' in: %.*s\n", want, (int)(strchr(row, '\n') - row), row);
	EXPECT(strstr(row, want) && strstr(row, want) < strchr(row, '\n'));
}

static void test_sim_cycles(void)
{
	struct results_model m[2];
	struct synth t;
	json_t *docs[2];
	char *text, *row, want[32];
	double base, new_;

	if (two_docs(RESULTS_MODE_QEMU_SIM, docs))
		return;
	EXPECT_EQ_INT(results_model_from_json(docs[0], &m[0], NULL, 0), 0);
	EXPECT_EQ_INT(results_model_from_json(docs[1], &m[1], NULL, 0), 0);

	/* One file: the header names the unit, every cell is the cycles figure. */
	summary_text(docs, 1, &text);
	EXPECT(!strncmp(text, "median est. cycles/page", strlen("median est. cycles/page")));
	for (size_t i = 0; i < m[0].nr_configs; i++)
		expect_cycles_cell(text, &m[0], i);
	free(text);

	/* Two: the change is that of the cycles medians. */
	summary_text(docs, 2, &text);
	expect_cycles_cell(text, &m[1], 0);
	base = stats_median(results_model_counter(&m[0].configs[0], "sim:cycles")->samples_per_page,
			    m[0].configs[0].nr_samples);
	new_ = stats_median(results_model_counter(&m[1].configs[0], "sim:cycles")->samples_per_page,
			    m[1].configs[0].nr_samples);
	snprintf(want, sizeof(want), "%+8.2f%%\n", 100 * (new_ / base - 1));
	row = strstr(text, m[0].configs[0].name);
	EXPECT(row && strstr(row, want) && strstr(row, want) < strchr(row, '\n') + 1);
	free(text);

	/* A sim file beside an icount one: both units named, no change across them. */
	results_model_free(&m[1]);
	json_decref(docs[1]);
	synth_default(&t);
	t.mode = RESULTS_MODE_QEMU_ICOUNT;
	docs[1] = synth_doc(&t);
	EXPECT(docs[1] != NULL);
	if (docs[1]) {
		summary_text(docs, 2, &text);
		EXPECT(!strncmp(text, "median ns/page, qemu-sim est. cycles",
				strlen("median ns/page, qemu-sim est. cycles")));
		expect_cycles_cell(text, &m[0], 0);
		row = strstr(text, m[0].configs[0].name);
		EXPECT(row && strstr(row, "|         -\n") &&
		       strstr(row, "|         -\n") < strchr(row, '\n'));
		free(text);
	}
	results_model_free(&m[0]);
	json_decref(docs[0]);
	json_decref(docs[1]);
}

static const struct test_case tests[] = {
	{ "qemu-sim files show estimated cycles per page", test_sim_cycles },
	{ "names sort with sizes by value", test_name_order },
	{ "two files: a change column", test_change_column },
};

int main(void)
{
	return RUN_TESTS(tests);
}
