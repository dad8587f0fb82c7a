// SPDX-License-Identifier: GPL-2.0
/*
 * Plot jobs say what the y axis counts: in icount mode guest time is an
 * instruction count, so every picture of an icount run must be labelled
 * "guest instructions per page", and every other mode "ns per page".
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "plot/plot_data.h"
#include "synthetic.h"

/* Every job of @doc's plot set names @unit; the set is not empty. */
static void expect_unit(enum results_mode mode, const char *unit)
{
	char dir[] = "/tmp/hmmbench-plot-test.XXXXXX", err[512], want[128], cmd[600];
	struct plot_set *set = calloc(1, sizeof(*set));
	struct synth s;
	json_t *doc;

	synth_default(&s);
	s.mode = mode;
	doc = synth_doc(&s);
	EXPECT(set && doc && mkdtemp(dir));
	if (!set || !doc) {
		free(set);
		json_decref(doc);
		return;
	}
	{
		struct results_model m;

		EXPECT_EQ_INT(results_model_from_json(doc, &m, NULL, 0), 0);
		EXPECT(!strcmp(plot_data_unit(&m.context), unit));
		results_model_free(&m);
	}
	EXPECT_EQ_INT(plot_data_write(doc, dir, "plots", set, err, sizeof(err)), 0);
	EXPECT(set->nr > 0);
	snprintf(want, sizeof(want), "unit='%s'", unit);
	for (size_t i = 0; i < set->nr; i++) {
		if (!strstr(set->jobs[i].assignments, want))
			fprintf(stderr, "  %s: %s\n", set->jobs[i].script, set->jobs[i].assignments);
		EXPECT(strstr(set->jobs[i].assignments, want) != NULL);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	EXPECT(system(cmd) == 0);
	free(set);
	json_decref(doc);
}

static void test_icount_unit(void)
{
	expect_unit(RESULTS_MODE_QEMU_ICOUNT, "guest instructions per page");
}

static void test_time_unit(void)
{
	expect_unit(RESULTS_MODE_QEMU_TCG, "ns per page");
	expect_unit(RESULTS_MODE_NATIVE, "ns per page");
}

static const struct test_case tests[] = {
	{ "icount plots count guest instructions per page", test_icount_unit },
	{ "other modes plot ns per page", test_time_unit },
};

int main(void)
{
	return RUN_TESTS(tests);
}
