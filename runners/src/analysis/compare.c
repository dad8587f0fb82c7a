// SPDX-License-Identifier: GPL-2.0
/* The regression verdict between two results documents (compare.h). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/exit_codes.h"
#include "analysis/compare.h"
#include "analysis/per_page_figure.h"
#include "util/name_patterns.h"
#include "util/rng.h"
#include "results/results_mode.h"
#include "results/results_model.h"

static const char *const verdict_names[COMPARE_NR_VERDICTS] = {
	[COMPARE_SAME] = "same",
	[COMPARE_REGRESSION] = "regression",
	[COMPARE_IMPROVEMENT] = "improvement",
	[COMPARE_UNKNOWN] = "unknown",
};

const char *compare_verdict_name(enum compare_verdict v)
{
	return (unsigned int)v < COMPARE_NR_VERDICTS ? verdict_names[v] : "?";
}

void compare_options_default(struct compare_options *o)
{
	o->threshold = NAN;
	o->alpha = COMPARE_DEFAULT_ALPHA;
	o->ci_level = COMPARE_DEFAULT_CI_LEVEL;
	o->resamples = COMPARE_DEFAULT_RESAMPLES;
	o->seed = COMPARE_DEFAULT_SEED;
	o->min_samples = COMPARE_MIN_SAMPLES;
	o->force = 0;
	o->only = NULL;
}

double compare_default_threshold(enum results_mode mode)
{
	switch (mode) {
	case RESULTS_MODE_QEMU_ICOUNT:
	case RESULTS_MODE_QEMU_SIM:
		return COMPARE_THRESHOLD_ICOUNT;
	case RESULTS_MODE_NATIVE:
		return COMPARE_THRESHOLD_NATIVE;
	case RESULTS_MODE_QEMU_TCG:
		return COMPARE_THRESHOLD_TCG;
	case RESULTS_MODE_VM:
	case RESULTS_MODE_QEMU_KVM:
		return COMPARE_THRESHOLD_VM;
	}
	return COMPARE_THRESHOLD_TCG;
}

static int is_constant(const double *x, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (x[i] != x[0])
			return 0;
	return 1;
}

static void set_reason(struct compare_metric *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->reason, sizeof(m->reason), fmt, ap);
	va_end(ap);
}

static enum compare_verdict by_ratio(double ratio, double t)
{
	if (ratio > 1 + t)
		return COMPARE_REGRESSION;
	if (ratio < 1 - t)
		return COMPARE_IMPROVEMENT;
	return COMPARE_SAME;
}

int compare_samples(const double *base, size_t nbase, const double *new_, size_t nnew,
		    double threshold, const struct compare_options *o, uint64_t seed,
		    struct compare_metric *m)
{
	struct stats_mwu mwu;
	struct stats_ks ks;
	double lo, hi, t = threshold;
	int ret;

	memset(m, 0, sizeof(*m));
	m->n_base = nbase;
	m->n_new = nnew;
	m->base_median = nbase ? stats_median(base, nbase) : NAN;
	m->new_median = nnew ? stats_median(new_, nnew) : NAN;
	m->ratio = m->base_median > 0 ? m->new_median / m->base_median : NAN;
	m->ratio_ci.low = m->ratio_ci.high = NAN;
	m->mwu_p = m->ks_p = NAN;
	m->verdict = COMPARE_UNKNOWN;

	if (!stats_all_finite(base, nbase) || !stats_all_finite(new_, nnew)) {
		set_reason(m, "a sample is not finite");
		return -EDOM;
	}
	if (nbase < o->min_samples || nnew < o->min_samples) {
		set_reason(m, "too few samples (%zu vs %zu, need %zu)", nbase, nnew, o->min_samples);
		return 0;
	}
	if (!(m->base_median > 0)) {
		set_reason(m, "base median is not positive: no ratio");
		return 0;
	}
	if (!stats_mann_whitney(base, nbase, new_, nnew, &mwu))
		m->mwu_p = mwu.p;
	if (!stats_ks_2samp(base, nbase, new_, nnew, &ks))
		m->ks_p = ks.p;

	if (is_constant(base, nbase) && is_constant(new_, nnew)) {
		m->constant = 1;
		m->ratio_ci.low = m->ratio_ci.high = m->ratio;
		m->ratio_ci.level = o->ci_level;
		m->verdict = by_ratio(m->ratio, t);
		set_reason(m, "both sides constant: ratio decides");
		return 0;
	}
	ret = stats_bootstrap_ratio_ci(base, nbase, new_, nnew, o->ci_level, o->resamples, seed,
				       &m->ratio_ci);
	if (ret)
		return ret;
	lo = m->ratio_ci.low;
	hi = m->ratio_ci.high;
	if (isnan(m->mwu_p)) {
		set_reason(m, "no test result");
	} else if (m->mwu_p < o->alpha && lo > 1 + t) {
		m->verdict = COMPARE_REGRESSION;
		set_reason(m, "significant, CI above +%.3g%%", 100 * t);
	} else if (m->mwu_p < o->alpha && hi < 1 - t) {
		m->verdict = COMPARE_IMPROVEMENT;
		set_reason(m, "significant, CI below -%.3g%%", 100 * t);
	} else if (lo >= 1 - t && hi <= 1 + t) {
		m->verdict = COMPARE_SAME;
		set_reason(m, "CI within +-%.3g%%", 100 * t);
	} else if (lo > 1 + t || hi < 1 - t) {
		set_reason(m, "beyond +-%.3g%% but not significant (p %.3g)", 100 * t, m->mwu_p);
	} else {
		set_reason(m, "CI straddles +-%.3g%%: more samples needed", 100 * t);
	}
	return 0;
}

/* The median of each run of @x (runs back to back, @sizes[i] samples each). */
static double *run_medians(const double *x, const size_t *sizes, size_t nr)
{
	double *m = malloc((nr ? nr : 1) * sizeof(*m));
	size_t at = 0;

	for (size_t i = 0; m && i < nr; at += sizes[i], i++)
		m[i] = stats_median(x + at, sizes[i]);
	return m;
}

int compare_guard_runs(struct compare_metric *m, const double *base, const size_t *base_runs,
		       size_t nr_base_runs, const double *new_, const size_t *new_runs,
		       size_t nr_new_runs, double t)
{
	double *bm, *nm, blo, bhi, nlo, nhi;
	int agree;

	if ((m->verdict != COMPARE_REGRESSION && m->verdict != COMPARE_IMPROVEMENT) ||
	    (nr_base_runs < 2 && nr_new_runs < 2) || !nr_base_runs || !nr_new_runs)
		return 0;
	bm = run_medians(base, base_runs, nr_base_runs);
	nm = run_medians(new_, new_runs, nr_new_runs);
	if (!bm || !nm) {
		free(bm);
		free(nm);
		return -ENOMEM;
	}
	blo = stats_min(bm, nr_base_runs);
	bhi = stats_max(bm, nr_base_runs);
	nlo = stats_min(nm, nr_new_runs);
	nhi = stats_max(nm, nr_new_runs);
	free(bm);
	free(nm);
	agree = m->verdict == COMPARE_REGRESSION ? nlo > bhi * (1 + t) : nhi < blo * (1 - t);
	if (!agree) {
		m->verdict = COMPARE_UNKNOWN;
		set_reason(m, "run medians overlap: %.4g..%.4g vs %.4g..%.4g", blo, bhi, nlo, nhi);
	}
	return 0;
}

int compare_configurations(const struct results_model_config *base,
			   const struct results_model_config *new_, double t,
			   const struct compare_options *o, uint64_t seed, struct compare_metric *m)
{
	/* Both simulated: the verdict is on estimated cycles, as deterministic as icount time. */
	enum per_page_figure f = per_page_figure_pair(base, new_);
	double *bx = NULL, *nx = NULL;
	size_t bn = 0, nn = 0;
	int ret;

	ret = per_page_figure_samples(base, f, &bx, &bn);
	if (!ret)
		ret = per_page_figure_samples(new_, f, &nx, &nn);
	if (!ret)
		ret = compare_samples(bx, bn, nx, nn, t, o, seed, m);
	if (!ret)
		ret = compare_guard_runs(m, bx, base->run_sizes, base->nr_runs, nx, new_->run_sizes,
					 new_->nr_runs, t);
	free(bx);
	free(nx);
	return ret;
}

static char *xstrdup(const char *s)
{
	return strdup(s ? s : "?");
}

static int add_string(char ***list, size_t *n, const char *s)
{
	char **grown = realloc(*list, (*n + 1) * sizeof(**list));

	if (!grown)
		return -ENOMEM;
	*list = grown;
	grown[*n] = xstrdup(s);
	if (!grown[*n])
		return -ENOMEM;
	(*n)++;
	return 0;
}

static int add_warning(struct compare_report *r, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return add_string(&r->warnings, &r->nr_warnings, buf);
}

/* A refusal: an error, or a warning when forced. */
static int refuse(struct compare_report *r, const struct compare_options *o, char *err,
		  size_t errlen, const char *what)
{
	if (!o->force) {
		snprintf(err, errlen, "%s (--force compares anyway)", what);
		return -EINVAL;
	}
	return add_warning(r, "%s (forced)", what);
}

int compare_check(const struct results_model *base, const struct results_model *new_,
		  const struct compare_options *o, struct compare_report *r, char *err, size_t errlen)
{
	const struct results_model_context *bx = &base->context, *nx = &new_->context;
	const char *bm = bx->mode, *nm = nx->mode;
	const char *bc = bx->cpu_model, *nc = nx->cpu_model;
	/* Documents from before the knob record no injected cost: 0. */
	long long binject = bx->inject_ns_per_page, ninject = nx->inject_ns_per_page;
	char what[512];
	int ret;

	if (!bm || !nm || strcmp(bm, nm)) {
		snprintf(what, sizeof(what), "different modes: base %s, new %s", bm ? bm : "?",
			 nm ? nm : "?");
		if ((ret = refuse(r, o, err, errlen, what)))
			return ret;
	}
	if (bc && nc && strcmp(bc, nc)) {
		snprintf(what, sizeof(what), "different CPU models: base '%s', new '%s'", bc, nc);
		if ((ret = refuse(r, o, err, errlen, what)))
			return ret;
	} else if (!bc || !nc) {
		if ((ret = add_warning(r, "CPU model unknown on the %s side: not checked",
				       !bc ? "base" : "new")))
			return ret;
	}
	if (bx->has_module_abi && nx->has_module_abi && bx->module_abi != nx->module_abi) {
		snprintf(what, sizeof(what), "different module ABI versions: base %lld, new %lld",
			 (long long)bx->module_abi, (long long)nx->module_abi);
		if ((ret = refuse(r, o, err, errlen, what)))
			return ret;
	} else if (!bx->has_module_abi || !nx->has_module_abi) {
		if ((ret = add_warning(r, "module ABI unknown on the %s side: not checked",
				       !bx->has_module_abi ? "base" : "new")))
			return ret;
	}
	/* An injected cost differs on purpose (sensitivity runs): say so, never refuse. */
	if (binject != ninject &&
	    (ret = add_warning(r, "different injected costs: base %lld ns/page, new %lld ns/page "
			       "(module parameter inject_ns_per_page)", binject, ninject)))
		return ret;
	return 0;
}

/* A stable per-configuration bootstrap seed: FNV-1a of the parameters key. */
static uint64_t key_hash(const char *key)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	return h;
}


/* A counter's values per page: its samples, else its one per-page figure. */
static int counter_series(const struct results_model_counter *c, double **x, size_t *n)
{
	size_t count = c->has_samples ? c->nr_samples : 1;

	*x = NULL;
	*n = 0;
	if (c->has_samples ? !c->samples_per_page : isnan(c->per_page))
		return -EINVAL;
	*x = malloc(count * sizeof(**x));
	if (!*x)
		return -ENOMEM;
	if (c->has_samples)
		memcpy(*x, c->samples_per_page, count * sizeof(**x));
	else
		**x = c->per_page;
	*n = count;
	return 0;
}

static int compare_counters(const struct results_model_config *bconf,
			    const struct results_model_config *nconf, double t,
			    const struct compare_options *o, uint64_t seed, struct compare_row *row)
{
	size_t k = 0;

	if (!bconf->counters || !nconf->counters)
		return 0;
	row->counters = calloc(nconf->nr_counters + 1, sizeof(*row->counters));
	if (!row->counters)
		return -ENOMEM;
	for (size_t i = 0; i < nconf->nr_counters; i++) {
		const struct results_model_counter *nc = &nconf->counters[i];
		const struct results_model_counter *bc = results_model_counter(bconf, nc->name);
		const char *name = nc->name;
		struct compare_counter *cc = &row->counters[row->nr_counters];
		double *bx = NULL, *nx = NULL;
		size_t bn = 0, nn = 0;
		int ret;

		if (!nc->available || !bc || !bc->available)
			continue;
		if (counter_series(bc, &bx, &bn) || counter_series(nc, &nx, &nn)) {
			free(bx);
			free(nx);
			continue;
		}
		ret = compare_samples(bx, bn, nx, nn, t, o, rng_derive_seed(seed, ++k), &cc->metric);
		if (!ret && (bn == 1 || nn == 1) && cc->metric.verdict == COMPARE_UNKNOWN)
			set_reason(&cc->metric, "one value a side: ratio only");
		free(bx);
		free(nx);
		if (ret)
			return ret;
		cc->name = strdup(name);
		if (!cc->name)
			return -ENOMEM;
		row->nr_counters++;
	}
	return 0;
}

static int compare_pair(const struct results_model_config *bconf,
			const struct results_model_config *nconf, double t,
			const struct compare_options *o, struct compare_row *row)
{
	uint64_t seed;
	int ret;

	row->name = xstrdup(nconf->name);
	row->key = nconf->parameters_key ? strdup(nconf->parameters_key) : NULL;
	if (!row->name || !row->key)
		return -ENOMEM;
	row->parameters = json_incref((json_t *)nconf->parameters);
	seed = rng_derive_seed(o->seed, key_hash(row->key));
	ret = compare_configurations(bconf, nconf, t, o, seed, &row->time);
	if (ret)
		return ret;
	return compare_counters(bconf, nconf, t, o, seed, row);
}

/* Whether configuration @c takes part: every one without --only. */
static int selected(struct name_patterns *only, const struct results_model_config *c)
{
	const char *name = c->name;

	return !only->nr || (name && name_patterns_match(only, name));
}

int compare_documents(const struct results_model *base, const struct results_model *new_,
		      const struct compare_options *o, struct compare_report *r, char *err,
		      size_t errlen)
{
	size_t nb = base->nr_configs, nn = new_->nr_configs;
	enum results_mode bmode, nmode;
	struct name_patterns only = { 0 };
	char what[256];
	int ret;

	memset(r, 0, sizeof(*r));
	r->options = *o;
	if (o->only && name_patterns_parse(o->only, &only, what, sizeof(what))) {
		snprintf(err, errlen, "--only: %s", what);
		ret = -EINVAL;
		goto out;
	}
	r->base_mode = base->context.mode;
	r->new_mode = new_->context.mode;
	ret = compare_check(base, new_, o, r, err, errlen);
	if (ret)
		goto out;
	if (r->base_mode && r->new_mode && !strcmp(r->base_mode, "qemu-sim") &&
	    !strcmp(r->new_mode, "qemu-sim") &&
	    (ret = add_warning(r, "qemu-sim: the verdict and the ns/page columns are sim:cycles per page (estimated cycles)")))
		goto out;
	if (!isnan(o->threshold)) {
		r->threshold = o->threshold;
	} else {
		double tb = results_mode_parse(r->base_mode, &bmode) ? COMPARE_THRESHOLD_TCG :
				compare_default_threshold(bmode);
		double tn = results_mode_parse(r->new_mode, &nmode) ? COMPARE_THRESHOLD_TCG :
				compare_default_threshold(nmode);

		r->threshold = tb > tn ? tb : tn;
	}

	/* Unpaired configurations first: a refused matrix costs no bootstrap. */
	for (size_t i = 0; i < nb; i++) {
		const struct results_model_config *c = &base->configs[i];

		if (!selected(&only, c))
			continue;
		if (!results_model_twin(new_, c) &&
		    add_string(&r->only_base, &r->nr_only_base, c->name))
			goto nomem;
	}
	for (size_t i = 0; i < nn; i++) {
		const struct results_model_config *c = &new_->configs[i];

		if (!selected(&only, c))
			continue;
		if (!results_model_twin(base, c) &&
		    add_string(&r->only_new, &r->nr_only_new, c->name))
			goto nomem;
	}
	if (name_patterns_unmatched(&only)) {
		snprintf(err, errlen, "--only '%s': no configuration of either document matches it "
			 "(names look like snapshot/4k/2M/fixed/none)", name_patterns_unmatched(&only));
		ret = -EINVAL;
		goto out;
	}
	if (r->nr_only_base || r->nr_only_new) {
		snprintf(what, sizeof(what),
			 "different matrices: %zu configurations only in base, %zu only in new",
			 r->nr_only_base, r->nr_only_new);
		ret = refuse(r, o, err, errlen, what);
		if (ret)
			goto out;
	}
	r->rows = calloc(nn ? nn : 1, sizeof(*r->rows));
	if (!r->rows)
		goto nomem;
	for (size_t i = 0; i < nn; i++) {
		const struct results_model_config *c = &new_->configs[i];
		const struct results_model_config *b = results_model_twin(base, c);

		if (!b || !selected(&only, c))
			continue;
		/* Counted in nr_rows before it is filled, so a half-made row is freed too. */
		ret = compare_pair(b, c, r->threshold, o, &r->rows[r->nr_rows++]);
		if (ret == -ENOMEM)
			goto nomem;
		if (ret) {
			snprintf(err, errlen, "%s: %s", c->name,
				 ret == -EDOM ? stats_strerror(ret) : "cannot read its samples");
			goto out;
		}
		r->counts[r->rows[r->nr_rows - 1].time.verdict]++;
	}
	ret = 0;
	if (!r->nr_rows) {
		snprintf(err, errlen, "no configuration is in both documents%s",
			 o->only ? " among those --only selects" : "");
		ret = -EINVAL;
	}
	goto out;
nomem:
	snprintf(err, errlen, "out of memory");
	ret = -ENOMEM;
out:
	name_patterns_free(&only);
	return ret;
}

static void free_strings(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void compare_report_free(struct compare_report *r)
{
	for (size_t i = 0; i < r->nr_rows; i++) {
		struct compare_row *row = &r->rows[i];

		free(row->name);
		free(row->key);
		json_decref(row->parameters);
		for (size_t k = 0; k < row->nr_counters; k++)
			free(row->counters[k].name);
		free(row->counters);
	}
	free(r->rows);
	free_strings(r->only_base, r->nr_only_base);
	free_strings(r->only_new, r->nr_only_new);
	free_strings(r->warnings, r->nr_warnings);
	memset(r, 0, sizeof(*r));
}

int compare_exit_code(const struct compare_report *r)
{
	if (r->counts[COMPARE_REGRESSION])
		return EXIT_FAIL;
	if (r->counts[COMPARE_UNKNOWN])
		return COMPARE_EXIT_UNKNOWN;
	return EXIT_OK;
}

const char *compare_overall(const struct compare_report *r)
{
	if (r->counts[COMPARE_REGRESSION])
		return "regression";
	if (r->counts[COMPARE_UNKNOWN])
		return "unknown";
	if (r->counts[COMPARE_IMPROVEMENT])
		return "improvement";
	return "same";
}
