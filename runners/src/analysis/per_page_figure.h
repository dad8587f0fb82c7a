/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which per-page figure a configuration is judged and shown on: its time
 * per page (samples_ns / pages), or, for a run under the cache simulation
 * (mode "qemu-sim"), its estimated cycles per page (the sim:cycles counter,
 * results/sim_counters.h). compare and formats judge on it, plot and
 * summary show it; this file is the one place that chooses.
 */
#ifndef HMMBENCH_PER_PAGE_FIGURE_H
#define HMMBENCH_PER_PAGE_FIGURE_H

#include <stddef.h>

#include "results/results_model.h"

enum per_page_figure {
	PER_PAGE_FIGURE_TIME,		/* samples_ns / pages, and the document's per_page */
	PER_PAGE_FIGURE_SIM_CYCLES,	/* sim:cycles samples_per_page */
};

/* The y axis and table unit of PER_PAGE_FIGURE_SIM_CYCLES. */
#define PER_PAGE_FIGURE_CYCLES_UNIT "estimated cycles per page (cache simulation)"

/*
 * The figure @c is judged on alone: PER_PAGE_FIGURE_SIM_CYCLES when it
 * carries a usable sim:cycles counter (available, one value per timed call,
 * its runs adding up), else PER_PAGE_FIGURE_TIME.
 */
enum per_page_figure per_page_figure_of(const struct results_model_config *c);

/* The figure two configurations are compared on: cycles when both have them, else time. */
enum per_page_figure per_page_figure_pair(const struct results_model_config *base,
					  const struct results_model_config *new_);

/*
 * The figure a document's configurations are shown in (plot, summary,
 * history's trends): cycles for a qemu-sim document that has them (the
 * host added the sim counters: some configuration has usable sim:cycles),
 * time otherwise, so the guest's own summary of a sim run, printed before
 * the counters exist, shows its icount time as before. A configuration
 * without usable cycles in a document shown in cycles has no figure to
 * show (per_page_figure_median() gives NAN), rather than one in another
 * unit.
 */
enum per_page_figure per_page_figure_shown(const struct results_model *m);

/*
 * @c's per-page samples in @f, malloc'd. 0; -EINVAL when @c lacks them
 * (no samples or pages, its runs do not add up, no usable sim:cycles);
 * -ENOMEM.
 */
int per_page_figure_samples(const struct results_model_config *c, enum per_page_figure f,
			    double **x, size_t *n);

/* A configuration's median per page and its 95% CI; NAN where it has none. */
struct per_page_figure_median {
	double median, low, high;
};

/*
 * @c's (a configuration of @m) median per page in @f with its CI: time
 * gives the document's own per_page figures as written; cycles the median
 * of the sim:cycles samples and a percentile-bootstrap CI of it computed
 * as the runner computes the document's (stats defaults, the document's
 * seed). 0 (NANs when @c has no such figure) or -ENOMEM.
 */
int per_page_figure_median(const struct results_model *m, const struct results_model_config *c,
			   enum per_page_figure f, struct per_page_figure_median *out);

#endif
