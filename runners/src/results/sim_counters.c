// SPDX-License-Identifier: GPL-2.0
/* The cache-simulation plugin's figures as counters (sim_counters.h). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/sim_counters.h"
#include "stats/stats.h"
#include "util/errmsg.h"

#define SIM_NR_COUNTERS 8

static const char *const sim_counter_names[SIM_NR_COUNTERS] = {
	"sim:instructions", "sim:loads", "sim:stores", "sim:l1i-misses",
	"sim:l1d-misses", "sim:l2-misses", "sim:llc-misses", "sim:cycles",
};

double sim_counters_cycles(const struct sim_cycle_model *cm, const struct sim_window *w)
{
	return (double)w->insns + (double)(w->l1i_misses + w->l1d_misses) * cm->l2_latency +
	       (double)w->l2_misses * cm->llc_latency + (double)w->llc_misses * cm->memory_latency;
}

static double sim_counter_value(const struct sim_cycle_model *cm, const struct sim_window *w,
				int which)
{
	switch (which) {
	case 0: return (double)w->insns;
	case 1: return (double)w->loads;
	case 2: return (double)w->stores;
	case 3: return (double)w->l1i_misses;
	case 4: return (double)w->l1d_misses;
	case 5: return (double)w->l2_misses;
	case 6: return (double)w->llc_misses;
	default: return sim_counters_cycles(cm, w);
	}
}

int sim_windows_parse(const char *text, struct sim_windows *out, char *err, size_t errlen)
{
	const char *line = text;
	size_t cap = 0, lineno = 0;
	int version;

	memset(out, 0, sizeof(*out));
	if (sscanf(text, "hmm-sim %d vcpus %*u %255[^\n]", &version, out->caches) != 2 || version != 1) {
		errmsg_set(err, errlen, "not a window file of hmm_sim_plugin version 1");
		return -EINVAL;
	}
	for (; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		struct sim_window w;
		uint64_t seq;
		unsigned int vcpu;

		lineno++;
		if (!strncmp(line, "aborted ", 8)) {
			out->aborted++;
			continue;
		}
		if (strncmp(line, "window ", 7))
			continue;
		if (sscanf(line, "window %" SCNu64 " vcpu %u insns %" SCNu64 " loads %" SCNu64
			   " stores %" SCNu64 " l1i-misses %" SCNu64 " l1d-misses %" SCNu64
			   " l2-misses %" SCNu64 " llc-misses %" SCNu64,
			   &seq, &vcpu, &w.insns, &w.loads, &w.stores, &w.l1i_misses, &w.l1d_misses,
			   &w.l2_misses, &w.llc_misses) != 9 || seq != out->n) {
			errmsg_set(err, errlen, "window file line %zu: not window %zu", lineno, out->n);
			sim_windows_free(out);
			return -EINVAL;
		}
		if (out->n == cap) {
			struct sim_window *grown;

			cap = cap ? 2 * cap : 256;
			grown = realloc(out->w, cap * sizeof(*grown));
			if (!grown) {
				sim_windows_free(out);
				errmsg_set(err, errlen, "out of memory");
				return -ENOMEM;
			}
			out->w = grown;
		}
		out->w[out->n++] = w;
	}
	return 0;
}

void sim_windows_free(struct sim_windows *w)
{
	free(w->w);
	w->w = NULL;
	w->n = 0;
}

/* The next tab-separated field of *p, NUL-terminated in place. */
static char *sim_field(char **p)
{
	char *start = *p, *tab;

	if (!start)
		return NULL;
	tab = strpbrk(start, "\t\n");
	if (tab) {
		*p = *tab == '\t' ? tab + 1 : NULL;
		*tab = '\0';
	} else {
		*p = NULL;
	}
	return start;
}

int sim_visit_log_parse(const char *text, struct sim_visit_log *out, char *err, size_t errlen)
{
	size_t cap = 0, lineno = 0;
	const char *line;

	memset(out, 0, sizeof(*out));
	for (line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		char *copy = strndup(line, len), *p = copy, *kind, *status;
		struct sim_visit v = { 0 };

		lineno++;
		if (!copy)
			goto nomem;
		kind = sim_field(&p);
		v.results = sim_field(&p);
		v.config = sim_field(&p);
		v.warmup = (unsigned int)strtoul(sim_field(&p) ?: "x", NULL, 10);
		v.samples = (unsigned int)strtoul(sim_field(&p) ?: "x", NULL, 10);
		status = sim_field(&p);
		if (!kind || strcmp(kind, "visit") || !v.config || !status ||
		    (strcmp(status, "ok") && strcmp(status, "skipped") && strcmp(status, "failed"))) {
			free(copy);
			sim_visit_log_free(out);
			errmsg_set(err, errlen, "visit log line %zu: not a visit line", lineno);
			return -EINVAL;
		}
		v.skipped = !strcmp(status, "skipped");
		v.failed = !strcmp(status, "failed");
		v.line = copy;
		if (out->n == cap) {
			struct sim_visit *grown;

			cap = cap ? 2 * cap : 64;
			grown = realloc(out->v, cap * sizeof(*grown));
			if (!grown) {
				free(copy);
				goto nomem;
			}
			out->v = grown;
		}
		out->v[out->n++] = v;
	}
	return 0;
nomem:
	sim_visit_log_free(out);
	errmsg_set(err, errlen, "out of memory");
	return -ENOMEM;
}

void sim_visit_log_free(struct sim_visit_log *log)
{
	for (size_t i = 0; i < log->n; i++)
		free(log->v[i].line);
	free(log->v);
	log->v = NULL;
	log->n = 0;
}

/* The counter of @c named @name, or a new one at its end (room was made). */
static struct results_model_counter *sim_counter_slot(struct results_model_config *c,
						      const char *name)
{
	for (size_t k = 0; k < c->nr_counters; k++)
		if (!strcmp(c->counters[k].name, name)) {
			free(c->counters[k].samples_per_page);
			return &c->counters[k];
		}
	return &c->counters[c->nr_counters++];
}

/* Give @c its sim counters from @win, one window per timed call. */
static int sim_counters_set(struct results_model_config *c, const struct sim_window *win,
			    const struct sim_cycle_model *cm)
{
	struct results_model_counter *grown;
	double pages = (double)c->pages;

	grown = realloc(c->counters, (c->nr_counters + SIM_NR_COUNTERS + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	c->counters = grown;
	for (int which = 0; which < SIM_NR_COUNTERS; which++) {
		double *values = malloc(c->nr_samples * sizeof(*values)), median;
		struct results_model_counter *k;

		if (!values)
			return -ENOMEM;
		for (size_t i = 0; i < c->nr_samples; i++)
			values[i] = sim_counter_value(cm, &win[i], which) / pages;
		/* Finite values: NAN here means its copy could not be allocated. */
		median = stats_median(values, c->nr_samples);
		if (isnan(median)) {
			free(values);
			return -ENOMEM;
		}
		k = sim_counter_slot(c, sim_counter_names[which]);
		memset(k, 0, sizeof(*k));
		k->name = sim_counter_names[which];
		k->available = 1;
		k->per_page = median;
		k->running_fraction = 1.0;
		k->has_samples = 1;
		k->samples_per_page = values;
		k->nr_samples = c->nr_samples;
	}
	return 0;
}

static int sim_context_set(struct results_model *m, const struct sim_windows *w,
			   const struct sim_cycle_model *cm, const struct sim_check *check)
{
	json_t *ctx = (json_t *)m->context.json;
	json_t *sim = json_pack("{s:s, s:s, s:{s:f, s:f, s:f}, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}}",
				"caches", w->caches,
				"cycles", "instructions + (l1i + l1d misses) * l2 + l2 misses * llc + llc misses * memory",
				"latencies", "l2", cm->l2_latency, "llc", cm->llc_latency,
				"memory", cm->memory_latency,
				"cross_check", "samples", (json_int_t)check->samples,
				"icount_minus_window_min", (json_int_t)check->min_diff,
				"icount_minus_window_max", (json_int_t)check->max_diff,
				"windows_unused", (json_int_t)check->windows_left,
				"configurations_without", (json_int_t)check->unpaired_configs,
				"idle_samples", (json_int_t)check->idle_samples,
				"idle_max_ns", (json_int_t)check->idle_max_ns);

	if (!sim || !ctx || json_object_set_new(ctx, "sim", sim))
		return -ENOMEM;
	return 0;
}

/*
 * The middle instruction count of @n windows (the upper one of two), an
 * instruction count a window really had; NAN when out of memory.
 */
static double sim_median_insns(const struct sim_window *w, size_t n)
{
	double *v = malloc(n * sizeof(*v)), *sorted, median;

	if (!v)
		return NAN;
	for (size_t i = 0; i < n; i++)
		v[i] = (double)w[i].insns;
	sorted = stats_sorted_copy(v, n);
	median = sorted ? sorted[n / 2] : NAN;
	free(sorted);
	free(v);
	return median;
}

int sim_counters_add(struct results_model *m, const char *results, const struct sim_windows *w,
		     const struct sim_visit_log *log, const struct sim_cycle_model *cm,
		     struct sim_check *check, char *err, size_t errlen)
{
	struct sim_window **paired = calloc(m->nr_configs + 1, sizeof(*paired));
	size_t *nr = calloc(m->nr_configs + 1, sizeof(*nr)), next = 0, i;
	int ret = -ENOMEM, stopped = 0;

	memset(check, 0, sizeof(*check));
	check->min_diff = INT64_MAX;
	check->max_diff = INT64_MIN;
	if (!paired || !nr)
		goto out;
	for (i = 0; i < m->nr_configs; i++) {
		paired[i] = calloc(m->configs[i].nr_samples + 1, sizeof(**paired));
		if (!paired[i])
			goto out;
	}
	ret = -EINVAL;
	for (size_t v = 0; v < log->n && !stopped; v++) {
		const struct sim_visit *visit = &log->v[v];
		const struct results_model_config *c;
		size_t need = (size_t)visit->warmup + visit->samples, ci;

		if (visit->skipped)
			continue;
		if (visit->failed) {
			stopped = 1;	/* its calls are not known: nothing after it pairs */
			continue;
		}
		if (next + need > w->n) {
			errmsg_set(err, errlen, "the plugin saw %zu windows, the runner's visits up to %zu (%s) made %zu calls",
				   w->n, v + 1, visit->config, next + need);
			goto out;
		}
		c = strcmp(visit->results, results) ? NULL : results_model_find(m, visit->config);
		ci = c ? (size_t)(c - m->configs) : 0;
		for (size_t j = 0; c && j < visit->samples; j++) {
			if (nr[ci] == c->nr_samples) {
				errmsg_set(err, errlen, "%s: more timed calls in the visit log than its %zu samples",
					   c->name, c->nr_samples);
				goto out;
			}
			paired[ci][nr[ci]++] = w->w[next + visit->warmup + j];
		}
		next += need;
	}
	check->windows_used = next;
	check->windows_left = stopped ? 0 : w->n - next;
	for (i = 0; i < m->nr_configs; i++) {
		const struct results_model_config *c = &m->configs[i];

		if (!nr[i] || nr[i] != c->nr_samples || !c->pages) {
			check->unpaired_configs++;
			continue;
		}
		double median = sim_median_insns(paired[i], nr[i]);
		size_t idle = 0;

		if (isnan(median)) {
			ret = -ENOMEM;
			goto out;
		}
		for (size_t k = 0; k < nr[i]; k++) {
			uint64_t insns = paired[i][k].insns;
			int64_t diff = (int64_t)c->samples_ns[k] - (int64_t)insns;
			int64_t drift = (int64_t)(insns * SIM_COUNTERS_CHECK_PPM / 1000000);
			/* Other tasks may run while it sleeps: only fewer instructions tell against it. */
			double short_of = median - (double)insns;

			if (diff > SIM_COUNTERS_CHECK_SLACK + drift &&
			    short_of <= median * SIM_COUNTERS_IDLE_MATCH_PPM / 1e6 &&
			    ++idle <= nr[i] / SIM_COUNTERS_IDLE_MAX_SHARE) {
				check->idle_samples++;
				if (diff > check->idle_max_ns)
					check->idle_max_ns = diff;
				check->samples++;
				continue;
			}
			if (diff < -drift || diff > SIM_COUNTERS_CHECK_SLACK + drift) {
				errmsg_set(err, errlen, "%s sample %zu: %.0f ns of icount time but %" PRIu64
					   " instructions in its window: the windows do not pair with the samples",
					   c->name, k, c->samples_ns[k], insns);
				goto out;
			}
			if (diff < check->min_diff)
				check->min_diff = diff;
			if (diff > check->max_diff)
				check->max_diff = diff;
			check->samples++;
		}
	}
	if (!check->samples) {
		errmsg_set(err, errlen, "no sample of %s was paired with a window", results);
		goto out;
	}
	ret = -ENOMEM;
	for (i = 0; i < m->nr_configs; i++)
		if (nr[i] && nr[i] == m->configs[i].nr_samples && m->configs[i].pages &&
		    sim_counters_set(&m->configs[i], paired[i], cm))
			goto out;
	ret = sim_context_set(m, w, cm, check);
	if (ret)
		errmsg_set(err, errlen, "out of memory");
out:
	if (ret == -ENOMEM)
		errmsg_set(err, errlen, "out of memory");
	for (i = 0; paired && i < m->nr_configs; i++)
		free(paired[i]);
	free(paired);
	free(nr);
	return ret;
}
