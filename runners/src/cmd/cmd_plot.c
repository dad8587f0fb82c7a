// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench plot: turn a results document into gnuplot data files and render
 * the plots drawn by the gnuplot scripts in plots/ (PNG and SVG): ns per page against range size, the
 * device formats side by side, and the write-request patterns of the fault
 * path. Every title names the kernel, the mode and the date of the run.
 */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "plot/gnuplot.h"
#include "plot/plot_data.h"
#include "results/report_model.h"
#include "plot/plot_ratios.h"
#include "results/results.h"
#include "results/results_journal.h"
#include "results/results_load.h"

struct plot_options {
	const char *results;
	const char *out;
	const char *plotdir;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench plot RESULTS.json [--out DIR] [--plotdir DIR]\n"
		"\n"
		"Render the plots of a results document into DIR (default: the document's\n"
		"directory) as PNG and SVG; the data files go to DIR/plot-data/.\n"
		"Given the JSON of 'hmmbench compare' or 'hmmbench formats' instead, plot its\n"
		"ratios with their CIs per operation, grouped by page kind.\n"
		"--plotdir names the gnuplot scripts' directory (default: $HMMBENCH_PLOTDIR,\n"
		"else plots/ beside the runner's directory).\n");
}


static int render_all(const struct plot_set *set, const struct plot_options *o,
		      const char *plotdir)
{
	int failed = 0;

	for (size_t i = 0; i < set->nr; i++) {
		const struct plot_job *job = &set->jobs[i];

		if (gnuplot_run(plotdir, job->script, job->assignments)) {
			fprintf(stderr, "hmmbench plot: gnuplot failed on %s for %s\n", job->script,
				job->outbase);
			failed++;
			continue;
		}
		printf("%s.png %s.svg\n", job->outbase, job->outbase);
	}
	(void)o;
	return failed;
}

int cmd_plot(int argc, char **argv)
{
	struct plot_options o = { 0 };
	char plotdir_buf[PATH_MAX], outdir[PATH_MAX], err[512];
	struct report_model report;
	struct plot_set set;
	const char *plotdir;
	json_t *doc;
	int failed, ratios;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
			o.out = argv[++i];
		} else if (!strcmp(argv[i], "--plotdir") && i + 1 < argc) {
			o.plotdir = argv[++i];
		} else if (argv[i][0] == '-' || o.results) {
			fprintf(stderr, "hmmbench plot: unexpected argument '%s' (see --help)\n", argv[i]);
			return EXIT_USAGE;
		} else {
			o.results = argv[i];
		}
	}
	if (!o.results) {
		usage(stderr);
		return EXIT_USAGE;
	}
	/* A ratio report (compare or formats JSON) has plots of its own. */
	doc = json_load_file(o.results, 0, NULL);
	ratios = report_model_is_report(doc);
	if (!ratios) {
		json_decref(doc);
		doc = results_load(o.results, err, sizeof(err));
	} else if (report_model_read(doc, &report, err, sizeof(err))) {
		json_decref(doc);
		doc = NULL;
	}
	if (!doc) {
		fprintf(stderr, "hmmbench plot: %s\n", err);
		return EXIT_USAGE;
	}
	if (o.out) {
		snprintf(outdir, sizeof(outdir), "%s", o.out);
	} else {
		const char *slash = strrchr(o.results, '/');

		snprintf(outdir, sizeof(outdir), "%.*s", slash ? (int)(slash - o.results) : 1,
			 slash ? o.results : ".");
	}
	plotdir = o.plotdir ? o.plotdir : gnuplot_script_dir(plotdir_buf, sizeof(plotdir_buf));
	failed = ratios ? plot_ratios_write(&report, outdir, plotdir, &set, err, sizeof(err)) :
			  plot_data_write(doc, outdir, plotdir, &set, err, sizeof(err));
	if (ratios)
		report_model_free(&report);
	json_decref(doc);
	if (failed) {
		fprintf(stderr, "hmmbench plot: %s\n", err);
		return EXIT_USAGE;
	}
	if (!set.nr) {
		fprintf(stderr, "hmmbench plot: %s has no configuration to plot\n", o.results);
		plot_data_set_free(&set);
		return EXIT_FAIL;
	}
	failed = render_all(&set, &o, plotdir);
	plot_data_set_free(&set);
	return failed ? EXIT_FAIL : EXIT_OK;
}
