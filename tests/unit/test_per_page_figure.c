// SPDX-License-Identifier: GPL-2.0
/*
 * analysis/per_page_figure.h, the one choice of the figure a configuration
 * is judged and shown on: sim:cycles for a qemu-sim run that has them,
 * time per page otherwise; and compare and formats judging on it
 * (synthetic.h's cycles are 3 x its time per page, so the two differ).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "analysis/compare.h"
#include "analysis/per_page_figure.h"
#include "results/results_model.h"
#include "stats/stats.h"
#include "synthetic.h"

static int model_of(enum results_mode mode, int sim_cycles, struct results_model *m)
{
	struct synth s;
	json_t *doc;
	int ret;

	synth_default(&s);
	s.mode = mode;
	s.counter_samples = 1;
	s.sim_cycles = sim_cycles;
	doc = synth_doc(&s);
	if (!doc)
		return -ENOMEM;
	ret = results_model_from_json(doc, m, NULL, 0);
	json_decref(doc);
	return ret;
}

static void test_choice(void)
{
	struct results_model sim, icount, guest;

	EXPECT_EQ_INT(model_of(RESULTS_MODE_QEMU_SIM, 1, &sim), 0);
	EXPECT_EQ_INT(model_of(RESULTS_MODE_QEMU_ICOUNT, 0, &icount), 0);
	/* The guest's document of a sim run, before the host adds the sim counters. */
	EXPECT_EQ_INT(model_of(RESULTS_MODE_QEMU_SIM, 0, &guest), 0);
	EXPECT_EQ_INT(per_page_figure_shown(&sim), PER_PAGE_FIGURE_SIM_CYCLES);
	EXPECT_EQ_INT(per_page_figure_shown(&icount), PER_PAGE_FIGURE_TIME);
	EXPECT_EQ_INT(per_page_figure_shown(&guest), PER_PAGE_FIGURE_TIME);
	EXPECT_EQ_INT(per_page_figure_of(&sim.configs[0]), PER_PAGE_FIGURE_SIM_CYCLES);
	EXPECT_EQ_INT(per_page_figure_of(&icount.configs[0]), PER_PAGE_FIGURE_TIME);
	EXPECT_EQ_INT(per_page_figure_pair(&sim.configs[0], &sim.configs[1]),
		      PER_PAGE_FIGURE_SIM_CYCLES);
	/* One side without cycles: both on time, never cycles against ns. */
	EXPECT_EQ_INT(per_page_figure_pair(&sim.configs[0], &icount.configs[0]),
		      PER_PAGE_FIGURE_TIME);
	EXPECT_EQ_INT(per_page_figure_pair(&icount.configs[0], &sim.configs[0]),
		      PER_PAGE_FIGURE_TIME);
	/* A sample count the counter does not match: not usable. */
	sim.configs[1].counters[0].nr_samples--;
	EXPECT_EQ_INT(per_page_figure_of(&sim.configs[1]), PER_PAGE_FIGURE_TIME);
	sim.configs[1].counters[0].nr_samples++;
	results_model_free(&sim);
	results_model_free(&icount);
	results_model_free(&guest);
}

static void test_samples_and_median(void)
{
	struct per_page_figure_median fig;
	struct results_model sim, icount;
	const struct results_model_config *c;
	double *x = NULL;
	size_t n = 0;

	EXPECT_EQ_INT(model_of(RESULTS_MODE_QEMU_SIM, 1, &sim), 0);
	EXPECT_EQ_INT(model_of(RESULTS_MODE_QEMU_ICOUNT, 0, &icount), 0);
	c = &sim.configs[0];
	EXPECT_EQ_INT(per_page_figure_samples(c, PER_PAGE_FIGURE_SIM_CYCLES, &x, &n), 0);
	EXPECT_EQ_INT(n, c->nr_samples);
	for (size_t k = 0; x && k < n; k++)
		EXPECT_NEAR(x[k], 3.0 * c->samples_ns[k] / c->pages, 1e-9);
	free(x);
	EXPECT_EQ_INT(per_page_figure_samples(c, PER_PAGE_FIGURE_TIME, &x, &n), 0);
	for (size_t k = 0; x && k < n; k++)
		EXPECT_NEAR(x[k], c->samples_ns[k] / c->pages, 1e-9);
	free(x);
	EXPECT_EQ_INT(per_page_figure_samples(&icount.configs[0], PER_PAGE_FIGURE_SIM_CYCLES, &x,
					      &n), -EINVAL);
	EXPECT(x == NULL);

	/* Time: the document's own figures; cycles: the median of sim:cycles, inside its CI. */
	EXPECT_EQ_INT(per_page_figure_median(&sim, c, PER_PAGE_FIGURE_TIME, &fig), 0);
	EXPECT_NEAR(fig.median, c->per_page.median, 0);
	EXPECT_NEAR(fig.low, c->per_page.median_ci_low, 0);
	EXPECT_EQ_INT(per_page_figure_median(&sim, c, PER_PAGE_FIGURE_SIM_CYCLES, &fig), 0);
	EXPECT_NEAR(fig.median, stats_median(c->counters[0].samples_per_page, c->nr_samples), 0);
	EXPECT(fig.low <= fig.median && fig.median <= fig.high && fig.low < fig.high);
	EXPECT_EQ_INT(per_page_figure_median(&icount, &icount.configs[0],
					     PER_PAGE_FIGURE_SIM_CYCLES, &fig), 0);
	EXPECT(isnan(fig.median) && isnan(fig.low) && isnan(fig.high));
	results_model_free(&sim);
	results_model_free(&icount);
}

/* compare_configurations() judges two qemu-sim configurations on their cycles. */
static void test_compare_judges_cycles(void)
{
	struct compare_options o;
	struct compare_metric m;
	struct results_model sim, icount;
	const struct results_model_config *c;

	EXPECT_EQ_INT(model_of(RESULTS_MODE_QEMU_SIM, 1, &sim), 0);
	EXPECT_EQ_INT(model_of(RESULTS_MODE_QEMU_ICOUNT, 0, &icount), 0);
	compare_options_default(&o);
	c = &sim.configs[0];
	EXPECT_EQ_INT(compare_configurations(c, c, 0.5, &o, 1, &m), 0);
	EXPECT_NEAR(m.base_median, stats_median(c->counters[0].samples_per_page, c->nr_samples),
		    0);
	EXPECT_EQ_INT(compare_configurations(c, &icount.configs[0], 0.5, &o, 1, &m), 0);
	EXPECT_NEAR(m.base_median, c->per_page.median, 1e-9);
	results_model_free(&sim);
	results_model_free(&icount);
}

static const struct test_case tests[] = {
	{ "cycles for qemu-sim configurations with them, else time", test_choice },
	{ "per-page samples and median of either figure", test_samples_and_median },
	{ "compare judges two simulated configurations on cycles", test_compare_judges_cycles },
};

int main(void)
{
	return RUN_TESTS(tests);
}
