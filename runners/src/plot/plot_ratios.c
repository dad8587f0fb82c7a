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

#define RATIO_MAX_NAMES	16

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

int plot_ratios_is_report(const json_t *doc)
{
	return json_is_object(doc) && (json_object_get(doc, "hmmbench_compare") ||
				       json_object_get(doc, "hmmbench_formats"));
}

static const char *pstr(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(json_object_get(row, "parameters"), key));

	return s ? s : "";
}

static json_int_t psize(const json_t *row)
{
	return json_integer_value(json_object_get(json_object_get(row, "parameters"), "size"));
}

/* The series a row belongs to: the table (formats report) or the format (compare). */
static const char *series(const json_t *row, int formats)
{
	const char *s = formats ? json_string_value(json_object_get(row, "table")) :
				  pstr(row, "format");

	return s ? s : "";
}

static const json_t *find(const json_t *rows, const char *op, const char *kind, json_int_t size,
			  const char *name, int formats)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row)
		if (!strcmp(pstr(row, "op"), op) && !strcmp(pstr(row, "kind"), kind) &&
		    psize(row) == size && !strcmp(pstr(row, "pattern"), "none") &&
		    !strcmp(series(row, formats), name))
			return row;
	return NULL;
}

static double pct(const json_t *v)
{
	return json_is_number(v) ? 100.0 * (json_number_value(v) - 1.0) : NAN;
}

static int one_op(const json_t *rows, const char *op, int formats, const char *dir,
		  const char *outdir, const char *plotdir, const char *subtitle,
		  const char *threshold, struct plot_set *set)
{
	struct ratio_names kinds = { .nr = 0 }, names = { .nr = 0 };
	const char *size_label = "";
	json_int_t size = 0;
	char path[1024], name[128], list[1024] = "";
	struct plot_job *job;
	size_t i;
	json_t *row;
	FILE *f;

	json_array_foreach(rows, i, row)
		if (!strcmp(pstr(row, "op"), op) && !strcmp(pstr(row, "pattern"), "none") &&
		    psize(row) > size) {
			size = psize(row);
			size_label = pstr(row, "size_label");
		}
	if (!size)
		return 0;
	for (size_t k = 0; k < sizeof(kind_order) / sizeof(kind_order[0]); k++)
		json_array_foreach(rows, i, row)
			if (!strcmp(pstr(row, "kind"), kind_order[k]) && !strcmp(pstr(row, "op"), op) &&
			    psize(row) == size)
				names_add(&kinds, kind_order[k]);
	json_array_foreach(rows, i, row)
		if (!strcmp(pstr(row, "op"), op) && psize(row) == size &&
		    !strcmp(pstr(row, "pattern"), "none"))
			names_add(&names, series(row, formats));
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
			const json_t *r = find(rows, op, kinds.v[k], size, names.v[s], formats);
			const json_t *ci = r ? json_object_get(r, "ratio_ci") : NULL;
			double c = r ? pct(json_object_get(r, "ratio")) : NAN;
			double lo = pct(json_array_get(ci, 0)), hi = pct(json_array_get(ci, 1));

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

int plot_ratios_write(const json_t *report, const char *outdir, const char *plotdir,
		      struct plot_set *set, char *err, size_t errlen)
{
	int formats = json_object_get(report, "hmmbench_formats") != NULL;
	const json_t *rows = json_object_get(report, "configurations");
	const json_t *side = formats ? report : json_object_get(report, "new");
	const json_t *base = json_object_get(report, "base");
	const json_t *t = formats ? json_object_get(report, "threshold") :
				    json_object_get(json_object_get(report, "options"), "threshold");
	char dir[1024], subtitle[256], threshold[32];
	const char *mode = json_string_value(json_object_get(side, "mode"));
	const char *kernel = json_string_value(json_object_get(side, "kernel"));
	const char *date = json_string_value(json_object_get(side, "date"));
	int ret = 0;

	memset(set, 0, sizeof(*set));
	if (!json_is_array(rows)) {
		snprintf(err, errlen, "the report has no configurations array");
		return -1;
	}
	if ((mkdir(outdir, 0755) && errno != EEXIST) ||
	    snprintf(dir, sizeof(dir), "%s/plot-data", outdir) >= (int)sizeof(dir) ||
	    (mkdir(dir, 0755) && errno != EEXIST)) {
		snprintf(err, errlen, "%s: cannot make the plot directories: %s", outdir, strerror(errno));
		return -1;
	}
	if (formats)
		snprintf(subtitle, sizeof(subtitle), "kernel %s, %s, %.10s", kernel ? kernel : "unknown",
			 mode ? mode : "unknown mode", date ? date : "unknown date");
	else
		snprintf(subtitle, sizeof(subtitle), "base %s, new %s, %s, %.10s",
			 json_string_value(json_object_get(base, "kernel")) ?
			 json_string_value(json_object_get(base, "kernel")) : "unknown",
			 kernel ? kernel : "unknown", mode ? mode : "unknown mode",
			 date ? date : "unknown date");
	for (char *c = subtitle; *c; c++)
		if (*c == '_')
			*c = '-';	/* gnuplot's enhanced text would subscript it */
	snprintf(threshold, sizeof(threshold), "%.6g", json_is_number(t) ? 100 * json_number_value(t) : 0.0);
	for (size_t i = 0; i < sizeof(op_order) / sizeof(op_order[0]) && !ret; i++)
		ret = one_op(rows, op_order[i], formats, dir, outdir, plotdir, subtitle, threshold, set);
	if (ret) {
		snprintf(err, errlen, "writing plot data into %s: %s", dir, strerror(-ret));
		return -1;
	}
	return 0;
}
