// SPDX-License-Identifier: GPL-2.0
/*
 * Plot jobs say what the y axis counts: in icount mode guest time is an
 * instruction count, so every picture of an icount run must be labelled
 * "guest instructions per page", and every other mode "ns per page"; a
 * qemu-sim run plots its estimated cycles (sim:cycles), labelled so.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "analysis/per_page_figure.h"
#include "plot/plot_data.h"
#include "stats/stats.h"
#include "stats/stats_bootstrap.h"
#include "synthetic.h"

/*
 * The one row of DIR/plot-data/size-OP-KIND.dat (synthetic.h has one size
 * of each fixed configuration) must be config @i's sim:cycles median and
 * its bootstrap CI with the document's seed, not its time per page.
 */
static void expect_cycles_row(const char *dir, const struct results_model *m, size_t i,
			      const char *op, const char *kind)
{
	const struct results_model_config *c = &m->configs[i];
	const struct results_model_counter *k = results_model_counter(c, "sim:cycles");
	char path[600], line[256];
	unsigned long long size = 0;
	double median = NAN, low = NAN, high = NAN, want;
	struct stats_ci ci;
	FILE *f;

	EXPECT(k && k->samples_per_page);
	if (!k || !k->samples_per_page)
		return;
	snprintf(path, sizeof(path), "%s/plot-data/size-%s-%s.dat", dir, op, kind);
	f = fopen(path, "r");
	EXPECT(f != NULL);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#')
			EXPECT_EQ_INT(sscanf(line, "%llu %lf %lf %lf", &size, &median, &low, &high),
				      4);
	fclose(f);
	EXPECT_EQ_INT(size, (unsigned long long)synth_configs[i].size);
	want = stats_median(k->samples_per_page, k->nr_samples);
	/* The data files carry 6 significant digits. */
	EXPECT_NEAR(median, want, want * 1e-5);
	EXPECT(fabs(median - c->per_page.median) > 1);
	EXPECT_EQ_INT(stats_bootstrap_median_ci(k->samples_per_page, k->nr_samples,
						STATS_DEFAULT_CI_LEVEL, STATS_DEFAULT_RESAMPLES,
						(uint64_t)m->context.seed, &ci), 0);
	EXPECT_NEAR(low, ci.low, want * 1e-5);
	EXPECT_NEAR(high, ci.high, want * 1e-5);
	EXPECT(low <= median && median <= high);
}

/*
 * Every job of @s's plot set names @unit; the set is not empty; with
 * @cycles, the data files hold sim:cycles (expect_cycles_row()).
 */
static void expect_plots(const struct synth *s, const char *unit, int cycles)
{
	char dir[] = "/tmp/hmmbench-plot-test.XXXXXX", err[512], want[128], cmd[600];
	struct plot_set *set = calloc(1, sizeof(*set));
	struct results_model m;
	json_t *doc = synth_doc(s);

	EXPECT(set && doc && mkdtemp(dir));
	if (!set || !doc) {
		free(set);
		json_decref(doc);
		return;
	}
	EXPECT_EQ_INT(results_model_from_json(doc, &m, NULL, 0), 0);
	EXPECT(!strcmp(plot_data_unit(&m), unit));
	EXPECT_EQ_INT(plot_data_write(doc, dir, "plots", set, err, sizeof(err)), 0);
	EXPECT(set->nr > 0);
	snprintf(want, sizeof(want), "unit='%s'", unit);
	for (size_t i = 0; i < set->nr; i++) {
		if (!strstr(set->jobs[i].assignments, want))
			fprintf(stderr, "  %s: %s\n", set->jobs[i].script, set->jobs[i].assignments);
		EXPECT(strstr(set->jobs[i].assignments, want) != NULL);
	}
	if (cycles) {
		expect_cycles_row(dir, &m, 0, "snapshot", "4k");
		expect_cycles_row(dir, &m, 1, "fault-unpopulated", "thp");
	}
	results_model_free(&m);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	EXPECT(system(cmd) == 0);
	free(set);
	json_decref(doc);
}

static void expect_unit(enum results_mode mode, const char *unit)
{
	struct synth s;

	synth_default(&s);
	s.mode = mode;
	expect_plots(&s, unit, 0);
}

static void test_sim_cycles(void)
{
	struct synth s;

	synth_default(&s);
	s.mode = RESULTS_MODE_QEMU_SIM;
	s.counter_samples = 1;
	s.sim_cycles = 1;
	s.seed = 7;
	expect_plots(&s, PER_PAGE_FIGURE_CYCLES_UNIT, 1);
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
	{ "qemu-sim plots estimated cycles per page", test_sim_cycles },
	{ "icount plots count guest instructions per page", test_icount_unit },
	{ "other modes plot ns per page", test_time_unit },
};

int main(void)
{
	return RUN_TESTS(tests);
}
