// SPDX-License-Identifier: GPL-2.0
/*
 * Plots of ratio reports (see plot_data.h): baseline against patched kernel
 * per stock format (a compare report), or table:<t> against convert:<t> per
 * table (a formats report). One picture per operation, at its largest range
 * without write requests, bars of the change in percent with the 95% CI,
 * grouped by page kind; dashed lines at the noise threshold.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plot/plot_ratios.h"
#include "results/results_model.h"

#define RATIO_MAX_NAMES	16

/* One row of either report, as the plots see it. */
struct ratio_row {
	const char *op, *kind, *pattern, *size_label;	/* its parameters; "" when absent */
	int64_t size;					/* parameters.size; 0 when absent */
	const char *series;	/* the table (formats report) or the format (compare) */
	double ratio;		/* new/base or table/convert of the medians */
	double ci_low, ci_high;	/* its 95% CI */
};

/* The rows of a report, and the facts of its subtitle. */
struct ratios {
	int formats;
	const char *mode, *kernel, *date;	/* the measured side (compare: new) */
	const char *base_kernel;		/* compare: the base's kernel */
	double threshold;
	struct ratio_row *rows;
	size_t nr_rows;
};

static const char *param(const json_t *parameters, const char *key)
{
	const char *s = results_model_param_string(parameters, key);

	return s ? s : "";
}

static struct ratio_row ratio_row(const json_t *parameters, const char *series,
				  const struct report_model_metric *m)
{
	return (struct ratio_row){
		.op = param(parameters, "op"), .kind = param(parameters, "kind"),
		.pattern = param(parameters, "pattern"),
		.size_label = param(parameters, "size_label"),
		.size = results_model_param_int(parameters, "size"),
		.series = series ? series : "", .ratio = m->ratio,
		.ci_low = m->ratio_ci_low, .ci_high = m->ratio_ci_high,
	};
}

/* @report's rows; 0 or -ENOMEM. */
static int ratios_of(const struct report_model *report, struct ratios *r)
{
	const struct report_model_compare *c = &report->compare;
	const struct report_model_formats *f = &report->fmt;
	size_t n = report->formats ? f->nr_rows : c->nr_rows;

	memset(r, 0, sizeof(*r));
	r->formats = report->formats;
	r->rows = calloc(n + 1, sizeof(*r->rows));
	if (!r->rows)
		return -ENOMEM;
	r->nr_rows = n;
	if (report->formats) {
		r->mode = f->mode;
		r->kernel = f->kernel;
		r->date = f->date;
		r->threshold = f->threshold;
		for (size_t i = 0; i < n; i++)
			r->rows[i] = ratio_row(f->rows[i].parameters, f->rows[i].table, &f->rows[i].m);
	} else {
		r->mode = c->new_.mode;
		r->kernel = c->new_.kernel;
		r->date = c->new_.date;
		r->base_kernel = c->base.kernel;
		r->threshold = c->threshold;
		for (size_t i = 0; i < n; i++)
			r->rows[i] = ratio_row(c->rows[i].parameters,
					       param(c->rows[i].parameters, "format"),
					       &c->rows[i].time);
	}
	return 0;
}

static const char *const op_order[] = { "snapshot", "fault-present", "fault-unpopulated" };
static const char *const kind_order[] = { "4k", "thp", "hugetlb2m" };

struct ratio_names {
	const char *v[RATIO_MAX_NAMES];
	size_t nr;
};

static void names_add(struct ratio_names *n, const char *s)
{
	for (size_t i = 0; i < n->nr; i++)
		if (!strcmp(n->v[i], s))
			return;
	if (n->nr < RATIO_MAX_NAMES)
		n->v[n->nr++] = s;
}

/* fixed first, then the rest by name: the order of the legends. */
static int cmp_series(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	if (!strcmp(x, "fixed") || !strcmp(y, "fixed"))
		return !strcmp(y, "fixed") - !strcmp(x, "fixed");
	return strcmp(x, y);
}

/* The row of @op, @kind and @size without write requests in series @name, or NULL. */
static const struct ratio_row *find(const struct ratios *r, const char *op,
					   const char *kind, int64_t size, const char *name)
{
	for (size_t i = 0; i < r->nr_rows; i++) {
		const struct ratio_row *row = &r->rows[i];

		if (!strcmp(row->op, op) && !strcmp(row->kind, kind) && row->size == size &&
		    !strcmp(row->pattern, "none") && !strcmp(row->series, name))
			return row;
	}
	return NULL;
}

static double pct(double ratio)
{
	return 100.0 * (ratio - 1.0);
}

static int one_op(const struct ratios *r, const char *op, const char *dir,
		  const char *outdir, const char *plotdir, const char *subtitle,
		  const char *threshold, struct plot_set *set)
{
	struct ratio_names kinds = { .nr = 0 }, names = { .nr = 0 };
	const struct ratio_row *row;
	const char *size_label = "";
	int formats = r->formats;
	int64_t size = 0;
	char path[1024], name[128], list[1024] = "";
	struct plot_job *job;
	FILE *f;

	for (row = r->rows; row < r->rows + r->nr_rows; row++)
		if (!strcmp(row->op, op) && !strcmp(row->pattern, "none") && row->size > size) {
			size = row->size;
			size_label = row->size_label;
		}
	if (!size)
		return 0;
	for (size_t k = 0; k < sizeof(kind_order) / sizeof(kind_order[0]); k++)
		for (row = r->rows; row < r->rows + r->nr_rows; row++)
			if (!strcmp(row->kind, kind_order[k]) && !strcmp(row->op, op) &&
			    row->size == size)
				names_add(&kinds, kind_order[k]);
	for (row = r->rows; row < r->rows + r->nr_rows; row++)
		if (!strcmp(row->op, op) && row->size == size && !strcmp(row->pattern, "none"))
			names_add(&names, row->series);
	qsort(names.v, names.nr, sizeof(names.v[0]), cmp_series);
	snprintf(name, sizeof(name), "%s-%s", formats ? "table-vs-convert" : "ab-stock", op);
	if (snprintf(path, sizeof(path), "%s/%s.dat", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fprintf(f, "# %s at %s: per page kind, for each %s: change %%, CI low %%, CI high %%\n", op,
		size_label, formats ? "table" : "format");
	for (size_t k = 0; k < kinds.nr; k++) {
		fprintf(f, "%s", kinds.v[k]);
		for (size_t s = 0; s < names.nr; s++) {
			const struct ratio_row *hit = find(r, op, kinds.v[k], size, names.v[s]);
			double c = hit ? pct(hit->ratio) : NAN;
			double lo = hit ? pct(hit->ci_low) : NAN, hi = hit ? pct(hit->ci_high) : NAN;

			fprintf(f, " %.6g %.6g %.6g", c, isnan(lo) ? c : lo, isnan(hi) ? c : hi);
		}
		fprintf(f, "\n");
	}
	if (fclose(f))
		return -errno;
	for (size_t s = 0; s < names.nr; s++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", s ? " " : "",
			 names.v[s]);
	job = plot_data_job_add(set, "ratios.gp", outdir, plotdir, subtitle, name);
	if (!job)
		return -E2BIG;
	plot_data_job_set(job, "what", formats ? "direct table encoding: table:<t> against convert:<t>" :
			  "new against base, per format");
	plot_data_job_set(job, "ylabel", formats ? "table / convert - 1 (%, median, 95% CI)" :
			  "new / base - 1 (%, median, 95% CI)");
	plot_data_job_set(job, "op", op);
	plot_data_job_set(job, "size_label", size_label);
	plot_data_job_set(job, "datafile", path);
	plot_data_job_set(job, "names", list);
	plot_data_job_set(job, "threshold", threshold);
	return 0;
}

static int write_ratios(const struct ratios *r, const char *outdir, const char *plotdir,
			struct plot_set *set, char *err, size_t errlen)
{
	char dir[1024], subtitle[256], threshold[32];
	const char *mode = r->mode, *kernel = r->kernel, *date = r->date;
	int ret = 0;

	memset(set, 0, sizeof(*set));
	if ((mkdir(outdir, 0755) && errno != EEXIST) ||
	    snprintf(dir, sizeof(dir), "%s/plot-data", outdir) >= (int)sizeof(dir) ||
	    (mkdir(dir, 0755) && errno != EEXIST)) {
		snprintf(err, errlen, "%s: cannot make the plot directories: %s", outdir, strerror(errno));
		return -1;
	}
	if (r->formats)
		snprintf(subtitle, sizeof(subtitle), "kernel %s, %s, %.10s", kernel ? kernel : "unknown",
			 mode ? mode : "unknown mode", date ? date : "unknown date");
	else
		snprintf(subtitle, sizeof(subtitle), "base %s, new %s, %s, %.10s",
			 r->base_kernel ? r->base_kernel : "unknown",
			 kernel ? kernel : "unknown", mode ? mode : "unknown mode",
			 date ? date : "unknown date");
	for (char *c = subtitle; *c; c++)
		if (*c == '_')
			*c = '-';	/* gnuplot's enhanced text would subscript it */
	snprintf(threshold, sizeof(threshold), "%.6g", isnan(r->threshold) ? 0.0 : 100 * r->threshold);
	for (size_t i = 0; i < sizeof(op_order) / sizeof(op_order[0]) && !ret; i++)
		ret = one_op(r, op_order[i], dir, outdir, plotdir, subtitle, threshold, set);
	if (ret) {
		snprintf(err, errlen, "writing plot data into %s: %s", dir, strerror(-ret));
		return -1;
	}
	return 0;
}

int plot_ratios_write(const struct report_model *report, const char *outdir, const char *plotdir,
		      struct plot_set *set, char *err, size_t errlen)
{
	struct ratios r;
	int ret;

	if (ratios_of(report, &r)) {
		memset(set, 0, sizeof(*set));
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ret = write_ratios(&r, outdir, plotdir, set, err, errlen);
	free(r.rows);
	return ret;
}
