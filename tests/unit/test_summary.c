// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench summary: configuration names in size order (4K < 2M < 64M <
 * 1G, where strcmp puts 1G first) and the change column of two files.
 */
#include <string.h>

#include "check.h"
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

/* Two files: the last column is the median's change, computed from the documents. */
static void test_change_column(void)
{
	struct synth a, b;
	json_t *docs[2];
	char *text = NULL, *row, want[32];
	size_t len = 0;
	double base, new_;
	FILE *f;

	synth_default(&a);
	b = a;
	b.seed = 3;
	b.shift = 0.10;
	docs[0] = synth_doc(&a);
	docs[1] = synth_doc(&b);
	EXPECT(docs[0] && docs[1]);
	if (!docs[0] || !docs[1])
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

static const struct test_case tests[] = {
	{ "names sort with sizes by value", test_name_order },
	{ "two files: a change column", test_change_column },
};

int main(void)
{
	return RUN_TESTS(tests);
}
