/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Synthetic results documents for the compare, export and history tests:
 * written by the real results writer (run_context_document/results_build_add_benchmark),
 * with samples drawn from a seeded generator, so every test knows the true
 * change it planted.
 */
#ifndef HMMBENCH_TEST_SYNTHETIC_H
#define HMMBENCH_TEST_SYNTHETIC_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hmm_bench_uapi.h"
#include "results/results.h"
#include "results/results_build.h"
#include "results/run_context.h"
#include "util/rng.h"

struct synth {
	enum results_mode mode;
	const char *cpu_model;
	const char *kernel;
	uint32_t abi;
	time_t date;
	const char *rev;		/* unused by run_context_document; recorded as a note */
	size_t samples;
	double noise;			/* relative stddev of each sample (gaussian) */
	double shift;			/* relative change of configuration 0 (0.10 = 10% slower) */
	double shift_all;		/* relative change of every configuration */
	int constant;			/* every sample exactly the configuration's base */
	int drop_last;			/* leave the last configuration out */
	int counter_samples;		/* counters with samples_per_page */
	int sim_cycles;			/* the cycles counter is sim:cycles (a qemu-sim run's) */
	uint64_t seed;
};

static inline void synth_default(struct synth *s)
{
	memset(s, 0, sizeof(*s));
	s->mode = RESULTS_MODE_QEMU_TCG;
	s->cpu_model = "QEMU TCG CPU version 2.5+";
	s->kernel = "6.12.117+deb12-amd64";
	s->abi = HMM_BENCH_ABI_VERSION;
	s->date = 1700000000;
	s->samples = 30;
	s->noise = 0.01;
	s->seed = 1;
}

/* A standard normal deviate (Box-Muller). */
static inline double synth_gauss(struct rng *r)
{
	double u1 = rng_uniform(r), u2 = rng_uniform(r);

	if (u1 < 1e-300)
		u1 = 1e-300;
	return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

#define SYNTH_NR_CONFIGS	3

/* The configurations: op, kind, size, base ns per call, pages. */
static const struct {
	const char *name, *op, *kind, *size_label;
	long long size;
	double base_ns;
	unsigned int pages;
} synth_configs[SYNTH_NR_CONFIGS] = {
	{ "snapshot/4k/2M/fixed/none", "snapshot", "4k", "2M", 2 << 20, 51200, 512 },
	{ "fault-unpopulated/thp/2M/fixed/none", "fault-unpopulated", "thp", "2M", 2 << 20, 80000, 512 },
	{ "snapshot/4k/4K/convert:nouveau/none", "snapshot", "4k", "4K", 4096, 900, 1 },
};

static inline json_t *synth_doc(const struct synth *s)
{
	static char *const argv[] = { "hmmbench", "run", "--synthetic" };
	struct results_context c = {
		.mode = s->mode,
		.kernel_release = s->kernel,
		.has_module = 1,
		.module_abi = s->abi,
		.page_shift = 12,
		.module_version = "0.1.0",
		.module_build_release = s->kernel,
		.cpu_model = s->cpu_model,
		.num_cpus = 2,
		.sched_policy = "SCHED_OTHER",
		.hugetlb_nr_pages = -1,
		.hugetlb_free_pages = -1,
		.hugepage_size_kb = -1,
		.argc = 3,
		.argv = argv,
		.seed = s->seed,
		.date = s->date,
	};
	char err[256];
	json_t *doc = run_context_document(&c, err, sizeof(err));
	struct rng r;
	size_t nconf = SYNTH_NR_CONFIGS - (s->drop_last ? 1 : 0);

	if (!doc)
		return NULL;
	rng_seed(&r, s->seed);
	for (size_t i = 0; i < nconf; i++) {
		double *x = calloc(s->samples, sizeof(*x)), *cyc = calloc(s->samples, sizeof(*cyc));
		double factor = (1 + s->shift_all) * (i == 0 ? 1 + s->shift : 1);
		struct results_counter counters[2];
		struct results_benchmark b;
		json_t *params = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "op", synth_configs[i].op,
					   "kind", synth_configs[i].kind,
					   "size", (json_int_t)synth_configs[i].size,
					   "size_label", synth_configs[i].size_label,
					   "format", strchr(synth_configs[i].name, ':') ?
					   "convert:nouveau" : "fixed", "pattern", "none");
		int ret;

		for (size_t k = 0; k < s->samples; k++) {
			double noise = s->constant ? 0 : s->noise * synth_gauss(&r);

			x[k] = round(synth_configs[i].base_ns * factor * (1 + noise));
			cyc[k] = 3.0 * x[k] / synth_configs[i].pages;
		}
		memset(counters, 0, sizeof(counters));
		counters[0].name = s->sim_cycles ? "sim:cycles" : "cycles";
		counters[0].per_page = stats_median(cyc, s->samples);
		counters[0].running_fraction = 1;
		if (s->counter_samples) {
			counters[0].samples_per_page = cyc;
			counters[0].nr_samples = s->samples;
		}
		counters[1].name = "instructions";
		counters[1].unavailable = "ENOENT: no PMU";
		memset(&b, 0, sizeof(b));
		b.name = synth_configs[i].name;
		b.parameters = params;
		b.pages = synth_configs[i].pages;
		b.samples_ns = x;
		b.nr_samples = s->samples;
		b.warmup = 1;
		b.counters = counters;
		b.nr_counters = 2;
		ret = results_build_add_benchmark(doc, &b, NULL, err, sizeof(err));
		json_decref(params);
		free(x);
		free(cyc);
		if (ret) {
			json_decref(doc);
			return NULL;
		}
	}
	if (s->rev)
		json_object_set_new(json_object_get(doc, "context"), "hmmbench_git_rev",
				    json_string(s->rev));
	return doc;
}

#endif
