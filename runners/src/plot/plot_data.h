/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From a results document to gnuplot's inputs: the data files (plain
 * columns) and, for each picture, the script and the "-e" assignments that
 * draw it. Kept apart from running gnuplot so it can be tested alone.
 */
#ifndef HMMBENCH_PLOT_DATA_H
#define HMMBENCH_PLOT_DATA_H

#include <jansson.h>
#include <stddef.h>

#include "results/results_model.h"
#include <stddef.h>

#define PLOT_MAX_JOBS	32

struct plot_job {
	const char *script;		/* "ns-per-page.gp", in the plot directory */
	char outbase[1024];		/* output path without .png/.svg */
	char assignments[4096];		/* gnuplot -e text: plotdir='...'; outbase='...'; ... */
};

struct plot_set {
	struct plot_job jobs[PLOT_MAX_JOBS];
	size_t nr;
};

/*
 * Write the data files of every plot @doc supports into OUTDIR/plot-data/
 * and fill @set with one job per picture (outputs in OUTDIR). Returns 0, or
 * -1 with a message in err (an unwritable directory, a malformed document).
 */
int plot_data_write(const json_t *doc, const char *outdir, const char *plotdir,
		    struct plot_set *set, char *err, size_t errlen);
void plot_data_set_free(struct plot_set *set);

/*
 * One more picture in @set: SCRIPT run with plotdir, outbase (OUTDIR/NAME)
 * and subtitle set; NULL when the set is full or a path is too long.
 */
struct plot_job *plot_data_job_add(struct plot_set *set, const char *script, const char *outdir,
			      const char *plotdir, const char *subtitle, const char *name);
/* Add "KEY='VALUE'" to the job's assignments (quotes in VALUE made safe). */
void plot_data_job_set(struct plot_job *job, const char *key, const char *value);

/*
 * What the y axis of @m's plots counts: PER_PAGE_FIGURE_CYCLES_UNIT for a
 * qemu-sim document with sim counters (its points are sim:cycles,
 * per_page_figure_shown()),
 * "guest instructions per page" in icount mode, else "ns per page" (passed
 * to the scripts as 'unit').
 */
const char *plot_data_unit(const struct results_model *m);

/* "kernel 6.1.0-56-amd64, QEMU TCG icount, 2026-11-27 10:40 UTC" */
void plot_data_subtitle(const struct results_model_context *ctx, char *buf, size_t len);

#endif
