// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plot/plot_data.h"
#include "analysis/per_page_figure.h"
#include "results/results.h"
#include "results/results_model.h"

#define MAX_VALUES	32

/* One configuration's per-page median and CI, with its parameters. */
struct point {
	const char *op, *kind, *format, *pattern;
	const char *size_label;
	uint64_t size;
	double median, low, high;
};

struct points {
	struct point *p;
	size_t nr;
};

/* Distinct strings in order of first appearance. */
struct names {
	const char *v[MAX_VALUES];
	size_t nr;
};

static const char *const kind_order[] = { "4k", "thp", "hugetlb2m" };

static int names_add(struct names *n, const char *s)
{
	for (size_t i = 0; i < n->nr; i++)
		if (!strcmp(n->v[i], s))
			return (int)i;
	if (n->nr == MAX_VALUES)
		return -1;
	n->v[n->nr] = s;
	return (int)n->nr++;
}

/* Page kinds in their natural order (4k, thp, hugetlb2m), others after. */
static void names_sort_kinds(struct names *n)
{
	struct names sorted = { .nr = 0 };

	for (size_t k = 0; k < sizeof(kind_order) / sizeof(kind_order[0]); k++)
		for (size_t i = 0; i < n->nr; i++)
			if (!strcmp(n->v[i], kind_order[k]))
				names_add(&sorted, n->v[i]);
	for (size_t i = 0; i < n->nr; i++)
		names_add(&sorted, n->v[i]);
	*n = sorted;
}

/* Bars read best as stock first, then conversions, then direct tables; none, all, ... */
static int value_rank(const char *v)
{
	static const char *const prefixes[] = { "fixed", "convert:", "table:", "none", "all",
						"alternate", "every:" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(v, prefixes[i], strlen(prefixes[i])))
			return (int)i;
	return 99;
}

static int cmp_value(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int rx = value_rank(x), ry = value_rank(y);

	return rx != ry ? rx - ry : strcmp(x, y);
}

static const char *param_str(const json_t *params, const char *key)
{
	const char *s = results_model_param_string(params, key);

	return s ? s : "?";
}

/* Every configuration with a figure to show (per_page_figure_shown()), as a point. */
static int collect(const struct results_model *m, struct points *pts)
{
	enum per_page_figure shown = per_page_figure_shown(m);
	size_t n = m->nr_configs;

	pts->p = calloc(n ? n : 1, sizeof(*pts->p));
	pts->nr = 0;
	if (!pts->p)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct results_model_config *c = &m->configs[i];
		const json_t *params = c->parameters;
		struct point *p = &pts->p[pts->nr];
		struct per_page_figure_median fig;

		if (!json_is_object(params))
			continue;
		if (per_page_figure_median(m, c, shown, &fig)) {
			free(pts->p);
			pts->p = NULL;
			return -ENOMEM;
		}
		if (isnan(fig.median))
			continue;
		p->op = param_str(params, "op");
		p->kind = param_str(params, "kind");
		p->format = param_str(params, "format");
		p->pattern = param_str(params, "pattern");
		p->size_label = param_str(params, "size_label");
		p->size = (uint64_t)results_model_param_int(params, "size");
		p->median = fig.median;
		p->low = fig.low;
		p->high = fig.high;
		pts->nr++;
	}
	return 0;
}

static const char *mode_label(const char *mode)
{
	if (!mode)
		return "unknown mode";
	if (!strcmp(mode, "qemu-tcg"))
		return "QEMU TCG";
	if (!strcmp(mode, "qemu-icount"))
		return "QEMU TCG icount";
	if (!strcmp(mode, "qemu-sim"))
		return "QEMU TCG icount + cache simulation";
	if (!strcmp(mode, "qemu-kvm"))
		return "QEMU KVM";
	if (!strcmp(mode, "native"))
		return "native";
	return mode;
}

/* gnuplot strings are single-quoted: keep quotes out of them. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (*s == '\'' || *s == '\\')
			*s = '"';
}

const char *plot_data_unit(const struct results_model *m)
{
	const char *mode = m->context.mode;

	if (per_page_figure_shown(m) == PER_PAGE_FIGURE_SIM_CYCLES)
		return PER_PAGE_FIGURE_CYCLES_UNIT;
	/* icount ties guest time to instructions: calling them ns would mislead. */
	return mode && !strcmp(mode, "qemu-icount") ? "guest instructions per page" :
						      "ns per page";
}

void plot_data_subtitle(const struct results_model_context *ctx, char *buf, size_t len)
{
	const char *release = ctx->kernel_release;
	const char *date = ctx->date;

	snprintf(buf, len, "kernel %s, %s, %.10s %.5s UTC", release ? release : "unknown",
		 mode_label(ctx->mode),
		 date ? date : "unknown", date && strlen(date) > 11 ? date + 11 : "");
	sanitize(buf);
}

static struct plot_job *new_job(struct plot_set *set, const char *script, const char *outdir,
				const char *plotdir, const char *subtitle, const char *name)
{
	char outbase[sizeof(set->jobs[0].outbase)];
	struct plot_job *job;

	if (set->nr == PLOT_MAX_JOBS ||
	    snprintf(outbase, sizeof(outbase), "%s/%s", outdir, name) >= (int)sizeof(outbase))
		return NULL;
	job = &set->jobs[set->nr++];
	job->script = script;
	memcpy(job->outbase, outbase, sizeof(outbase));
	if (snprintf(job->assignments, sizeof(job->assignments),
		     "plotdir='%s'; outbase='%s'; subtitle='%s'", plotdir, outbase, subtitle) >=
	    (int)sizeof(job->assignments))
		return NULL;
	return job;
}

static void job_set(struct plot_job *job, const char *key, const char *value)
{
	size_t used = strlen(job->assignments);
	char clean[1024];

	snprintf(clean, sizeof(clean), "%s", value);
	sanitize(clean);
	snprintf(job->assignments + used, sizeof(job->assignments) - used, "; %s='%s'", key, clean);
}

static int cmp_size(const void *a, const void *b)
{
	const struct point *x = *(const struct point *const *)a, *y = *(const struct point *const *)b;

	return x->size < y->size ? -1 : x->size > y->size;
}

static const struct point *find(const struct points *pts, const char *op, const char *kind,
				uint64_t size, const char *format, const char *pattern)
{
	for (size_t i = 0; i < pts->nr; i++) {
		const struct point *p = &pts->p[i];

		if (!strcmp(p->op, op) && !strcmp(p->kind, kind) && p->size == size &&
		    !strcmp(p->format, format) && !strcmp(p->pattern, pattern))
			return p;
	}
	return NULL;
}

/* ns per page against size: one data file per page kind, one line each. */
static int size_plot(const struct points *pts, const char *op, const char *dir,
		     const char *outdir, const char *plotdir, const char *subtitle,
		     struct plot_set *set)
{
	const char *format = "fixed";
	struct names kinds = { .nr = 0 };
	char files[2048] = "", titles[512] = "", name[256];
	const struct point **row;
	struct plot_job *job;
	int have_fixed = 0;

	for (size_t i = 0; i < pts->nr; i++)
		if (!strcmp(pts->p[i].op, op) && !strcmp(pts->p[i].format, "fixed"))
			have_fixed = 1;
	for (size_t i = 0; !have_fixed && i < pts->nr; i++)
		if (!strcmp(pts->p[i].op, op)) {
			format = pts->p[i].format;
			break;
		}
	for (size_t i = 0; i < pts->nr; i++)
		if (!strcmp(pts->p[i].op, op) && !strcmp(pts->p[i].format, format) &&
		    !strcmp(pts->p[i].pattern, "none"))
			names_add(&kinds, pts->p[i].kind);
	if (!kinds.nr)
		return 0;
	names_sort_kinds(&kinds);
	row = calloc(pts->nr, sizeof(*row));
	if (!row)
		return -ENOMEM;
	for (size_t k = 0; k < kinds.nr; k++) {
		size_t n = 0;
		char path[1024];
		FILE *f;

		for (size_t i = 0; i < pts->nr; i++) {
			const struct point *p = &pts->p[i];

			if (!strcmp(p->op, op) && !strcmp(p->kind, kinds.v[k]) &&
			    !strcmp(p->format, format) && !strcmp(p->pattern, "none"))
				row[n++] = p;
		}
		qsort(row, n, sizeof(*row), cmp_size);
		if (snprintf(path, sizeof(path), "%s/size-%s-%s.dat", dir, op, kinds.v[k]) >=
		    (int)sizeof(path)) {
			free(row);
			return -ENAMETOOLONG;
		}
		f = fopen(path, "w");
		if (!f) {
			free(row);
			return -errno;
		}
		fprintf(f, "# %s %s %s: range bytes, median ns/page, CI low, CI high\n", op,
			kinds.v[k], format);
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%llu %.6g %.6g %.6g\n", (unsigned long long)row[i]->size,
				row[i]->median, row[i]->low, row[i]->high);
		fclose(f);
		snprintf(files + strlen(files), sizeof(files) - strlen(files), "%s%s",
			 k ? " " : "", path);
		snprintf(titles + strlen(titles), sizeof(titles) - strlen(titles), "%s%s",
			 k ? " " : "", kinds.v[k]);
	}
	free(row);
	snprintf(name, sizeof(name), "ns-per-page-%s", op);
	job = new_job(set, "ns-per-page.gp", outdir, plotdir, subtitle, name);
	if (!job)
		return -E2BIG;
	job_set(job, "op", op);
	job_set(job, "format", format);
	job_set(job, "files", files);
	job_set(job, "titles", titles);
	return 0;
}

/*
 * One bar chart at one size: rows are page kinds, bar groups the values of
 * @dimension ("format" or "pattern") among points that match @fixed_format
 * (NULL: any) and @fixed_pattern (NULL: any). The size with the most bars
 * wins, the larger on a tie.
 */
static int bar_plot(const struct points *pts, const char *op, const char *dimension,
		    const char *fixed_format, const char *fixed_pattern, const char *script,
		    const char *prefix, const char *dir, const char *outdir, const char *plotdir,
		    const char *subtitle, struct plot_set *set)
{
	struct names kinds = { .nr = 0 }, values = { .nr = 0 };
	uint64_t best_size = 0;
	size_t best_count = 0;
	const char *size_label = "";
	char path[1024], name[256], list[2048] = "";
	struct plot_job *job;
	FILE *f;

	for (size_t i = 0; i < pts->nr; i++) {
		const struct point *cand = &pts->p[i];
		struct names distinct = { .nr = 0 };
		size_t count = 0;

		if (strcmp(cand->op, op))
			continue;
		for (size_t j = 0; j < pts->nr; j++) {
			const struct point *p = &pts->p[j];

			if (strcmp(p->op, op) || p->size != cand->size ||
			    (fixed_format && strcmp(p->format, fixed_format)) ||
			    (fixed_pattern && strcmp(p->pattern, fixed_pattern)))
				continue;
			names_add(&distinct, !strcmp(dimension, "format") ? p->format : p->pattern);
			count++;
		}
		if (distinct.nr < 2)
			continue;
		if (count > best_count || (count == best_count && cand->size > best_size)) {
			best_count = count;
			best_size = cand->size;
			size_label = cand->size_label;
		}
	}
	if (!best_count)
		return 0;
	for (size_t i = 0; i < pts->nr; i++) {
		const struct point *p = &pts->p[i];

		if (strcmp(p->op, op) || p->size != best_size ||
		    (fixed_format && strcmp(p->format, fixed_format)) ||
		    (fixed_pattern && strcmp(p->pattern, fixed_pattern)))
			continue;
		names_add(&kinds, p->kind);
		names_add(&values, !strcmp(dimension, "format") ? p->format : p->pattern);
	}
	names_sort_kinds(&kinds);
	qsort(values.v, values.nr, sizeof(values.v[0]), cmp_value);
	if (snprintf(path, sizeof(path), "%s/%s-%s.dat", dir, prefix, op) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fprintf(f, "# %s at %s: per page kind, for each %s: median ns/page, CI low, CI high\n",
		op, size_label, dimension);
	for (size_t k = 0; k < kinds.nr; k++) {
		fprintf(f, "%s", kinds.v[k]);
		for (size_t v = 0; v < values.nr; v++) {
			const struct point *p = find(pts, op, kinds.v[k], best_size,
				!strcmp(dimension, "format") ? values.v[v] : fixed_format,
				!strcmp(dimension, "format") ? fixed_pattern : values.v[v]);

			if (p)
				fprintf(f, " %.6g %.6g %.6g", p->median, p->low, p->high);
			else
				fprintf(f, " NaN NaN NaN");
		}
		fprintf(f, "\n");
	}
	fclose(f);
	for (size_t v = 0; v < values.nr; v++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", v ? " " : "",
			 values.v[v]);
	snprintf(name, sizeof(name), "%s-%s", prefix, op);
	job = new_job(set, script, outdir, plotdir, subtitle, name);
	if (!job)
		return -E2BIG;
	job_set(job, "op", op);
	job_set(job, "size_label", size_label);
	job_set(job, "datafile", path);
	job_set(job, "names", list);
	if (fixed_format)
		job_set(job, "format", fixed_format);
	return 0;
}

int plot_data_write(const json_t *doc, const char *outdir, const char *plotdir,
		    struct plot_set *set, char *err, size_t errlen)
{
	struct names ops = { .nr = 0 };
	struct results_model model;
	struct points pts;
	char dir[1024], subtitle[256];
	int ret = 0;

	memset(set, 0, sizeof(*set));
	if (mkdir(outdir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", outdir, strerror(errno));
		return -1;
	}
	if (snprintf(dir, sizeof(dir), "%s/plot-data", outdir) >= (int)sizeof(dir)) {
		snprintf(err, errlen, "%s: path too long", outdir);
		return -1;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (results_model_from_json((json_t *)doc, &model, err, errlen))
		return -1;
	if (collect(&model, &pts)) {
		snprintf(err, errlen, "out of memory");
		results_model_free(&model);
		return -1;
	}
	plot_data_subtitle(&model.context, subtitle, sizeof(subtitle));
	for (size_t i = 0; i < pts.nr; i++)
		names_add(&ops, pts.p[i].op);
	for (size_t i = 0; i < ops.nr && !ret; i++) {
		const char *op = ops.v[i];

		ret = size_plot(&pts, op, dir, outdir, plotdir, subtitle, set);
		if (!ret)
			ret = bar_plot(&pts, op, "format", NULL, "none", "formats.gp", "formats",
				       dir, outdir, plotdir, subtitle, set);
		if (!ret && strcmp(op, "snapshot"))
			ret = bar_plot(&pts, op, "pattern", "fixed", NULL, "write-patterns.gp",
				       "write-patterns", dir, outdir, plotdir, subtitle, set);
	}
	free(pts.p);
	if (ret) {
		snprintf(err, errlen, "writing plot data into %s: %s", dir, strerror(-ret));
		results_model_free(&model);
		return -1;
	}
	for (size_t i = 0; i < set->nr; i++)
		job_set(&set->jobs[i], "unit", plot_data_unit(&model));
	results_model_free(&model);
	return 0;
}

void plot_data_set_free(struct plot_set *set)
{
	set->nr = 0;
}

/* For the other plot writers (plot_ratios.c): the same jobs, the same quoting. */
struct plot_job *plot_data_job_add(struct plot_set *set, const char *script, const char *outdir,
			      const char *plotdir, const char *subtitle, const char *name)
{
	return new_job(set, script, outdir, plotdir, subtitle, name);
}

void plot_data_job_set(struct plot_job *job, const char *key, const char *value)
{
	job_set(job, key, value);
}
