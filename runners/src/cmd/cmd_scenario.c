// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench scenario invalidate|scaling: the retry-storm and mmap_lock
 * scenarios of scenario.c, written as results documents (results.h) whose
 * parameters name the scenario, so 'hmmbench summary', 'plot' and 'compare'
 * read them like any run.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "measure/kconfig.h"
#include "measure/matrix.h"
#include "results/results.h"
#include "results/results_model_write.h"
#include "results/results_write.h"
#include "results/results_journal.h"
#include "util/rng.h"
#include "results/run_context.h"
#include "measure/scenario.h"
#include "stats/stats.h"
#include "measure/sysinfo.h"
#include "util/parse_number.h"

#define ERR_LEN	512

struct scenario_options {
	const char *name;		/* "invalidate" or "scaling" */
	unsigned int churn_mask;	/* 1 << enum churn_kind; CHURN_NONE always runs */
	unsigned int threads;		/* churn threads, or the most bench threads */
	const char *op;			/* "snapshot", "fault", "both" / "fault-unpopulated" ... */
	enum page_kind kind;
	uint64_t size;
	unsigned int samples;
	uint64_t seed;
	int shared_fd;
	const char *out;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench scenario invalidate [--churn LIST] [--threads N] [--op snapshot|fault|both]\n"
		"                                    [--kind K] [--size S] [--samples N] [--seed S] [--out FILE]\n"
		"       hmmbench scenario scaling [--max-threads N] [--op snapshot|fault-present|fault-unpopulated]\n"
		"                                 [--shared-fd] [--kind K] [--size S] [--samples N] [--out FILE]\n"
		"\n"
		"invalidate: a bench thread mirrors a range while N churn threads (default 1) change\n"
		"  parts of it: --churn munmap,mprotect,dontneed,mixed or 'all' (the three; default).\n"
		"  A 'none' baseline always runs. Per configuration: calls with and without -EBUSY or\n"
		"  read_retry retries, their counts and their cost (median ns/page with and without).\n"
		"  --op fault asks read faults only, so mprotect churn never makes a call fail.\n"
		"scaling: 1..N threads (default: the CPUs online) each mirror their own range of one\n"
		"  process at once, one fd each (or --shared-fd); median ns/page per thread count.\n"
		"\n"
		"  --kind 4k|thp|hugetlb2m (default 4k)  --size (default 2M)  --samples per\n"
		"  configuration and thread (default 200 invalidate, 50 scaling)\n"
		"  --out results document (default scenario-NAME.json), rewritten after each configuration\n");
}

static int parse_uint(const char *flag, const char *text, unsigned long long min,
		      unsigned long long max, unsigned long long *out)
{
	if (parse_number_u64(text, 0, min, max, out)) {
		fprintf(stderr, "hmmbench scenario: %s '%s': expected a number from %llu to %llu\n",
			flag, text, min, max);
		return -1;
	}
	return 0;
}

static int parse_churn(const char *text, unsigned int *mask)
{
	char buf[128], *save = NULL, *tok;

	*mask = 0;
	snprintf(buf, sizeof(buf), "%s", text);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum churn_kind kind;

		if (!strcmp(tok, "all")) {
			*mask |= 1U << CHURN_MUNMAP | 1U << CHURN_MPROTECT | 1U << CHURN_DONTNEED;
			continue;
		}
		if (scenario_churn_parse(tok, &kind)) {
			fprintf(stderr, "hmmbench scenario: --churn '%s': expected munmap, mprotect, dontneed, mixed or all\n",
				tok);
			return -1;
		}
		*mask |= 1U << kind;
	}
	if (!*mask) {
		fprintf(stderr, "hmmbench scenario: --churn '%s' names no churn\n", text);
		return -1;
	}
	return 0;
}

static int parse_options(int argc, char **argv, struct scenario_options *o)
{
	char err[ERR_LEN];
	int invalidate = !strcmp(o->name, "invalidate");

	for (int i = 2; i < argc; i++) {
		const char *flag = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned long long v;

		if (!strcmp(flag, "--help") || !strcmp(flag, "-h")) {
			usage(stdout);
			exit(EXIT_OK);
		}
		if (!strcmp(flag, "--shared-fd") && !invalidate) {
			o->shared_fd = 1;
			continue;
		}
		if (!value) {
			fprintf(stderr, "hmmbench scenario: %s needs a value (see --help)\n", flag);
			return -1;
		}
		i++;
		if (!strcmp(flag, "--churn") && invalidate) {
			if (parse_churn(value, &o->churn_mask))
				return -1;
		} else if ((!strcmp(flag, "--threads") && invalidate) ||
			   (!strcmp(flag, "--max-threads") && !invalidate)) {
			if (parse_uint(flag, value, 1, invalidate ? 16 : SCALING_MAX_THREADS, &v))
				return -1;
			o->threads = (unsigned int)v;
		} else if (!strcmp(flag, "--op")) {
			o->op = value;
		} else if (!strcmp(flag, "--kind")) {
			if (page_kind_parse(value, &o->kind)) {
				fprintf(stderr, "hmmbench scenario: --kind '%s': expected 4k, thp or hugetlb2m\n", value);
				return -1;
			}
		} else if (!strcmp(flag, "--size")) {
			if (matrix_size_parse(value, &o->size, err, sizeof(err))) {
				fprintf(stderr, "hmmbench scenario: --size '%s': %s\n", value, err);
				return -1;
			}
		} else if (!strcmp(flag, "--samples")) {
			if (parse_uint(flag, value, 1, HMM_BENCH_MAX_SAMPLES, &v))
				return -1;
			o->samples = (unsigned int)v;
		} else if (!strcmp(flag, "--seed") && invalidate) {
			if (parse_uint(flag, value, 0, INT64_MAX, &v))
				return -1;
			o->seed = v;
		} else if (!strcmp(flag, "--out")) {
			o->out = value;
		} else {
			fprintf(stderr, "hmmbench scenario %s: unknown option '%s' (see --help)\n", o->name, flag);
			return -1;
		}
	}
	if (o->size % page_kind_granule(o->kind)) {
		fprintf(stderr, "hmmbench scenario: --size must be a multiple of %zu for %s\n",
			page_kind_granule(o->kind), page_kind_name(o->kind));
		return -1;
	}
	return 0;
}

static json_t *new_document(const struct hmm_device *dev, int argc, char **argv, uint64_t seed,
			    char *err, size_t errlen)
{
	struct sys_facts facts;
	struct kconfig_facts kc;
	struct tuning_facts machine;
	struct results_context ctx;

	sysinfo_gather(&facts);
	kconfig_gather(facts.kernel_release, &kc);
	run_context_fill(&ctx, &facts, &kc, &dev->info, argc, argv, seed);
	run_context_add_machine(&ctx, &machine, -1);
	return run_context_document(&ctx, err, errlen);
}

/* The figures of one configuration, for the notes and the table. */
struct retry_figures {
	size_t calls, with;
	uint32_t ebusy_max, retry_max;
	double all, without, with_retries;	/* median ns/page, NAN when no such call */
};

static struct retry_figures figures_of(const struct scenario_samples *s, double pages)
{
	struct retry_figures f = { s->nr, 0, 0, 0, NAN, NAN, NAN };
	double *with, *without;
	size_t nw, nwo;

	for (size_t i = 0; i < s->nr; i++) {
		f.with += s->ebusy[i] || s->read_retry[i];
		if (s->ebusy[i] > f.ebusy_max)
			f.ebusy_max = s->ebusy[i];
		if (s->read_retry[i] > f.retry_max)
			f.retry_max = s->read_retry[i];
	}
	with = scenario_split(s, 1, &nw);
	without = scenario_split(s, 0, &nwo);
	if (s->nr)
		f.all = stats_median(s->total_ns, s->nr) / pages;
	if (nw)
		f.with_retries = stats_median(with, nw) / pages;
	if (nwo)
		f.without = stats_median(without, nwo) / pages;
	free(with);
	free(without);
	return f;
}

/*
 * One configuration as three benchmarks: every call, the calls with
 * retries, the calls without (a split with no call is recorded as skipped).
 */
static int add_configuration(json_t *doc, const char *name, json_t *params,
			     const struct scenario_samples *s, uint64_t pages, const char *note,
			     char *err, size_t errlen)
{
	static const char *const split_names[3] = { "all", "with-retries", "without-retries" };

	for (int split = 0; split < 3; split++) {
		struct results_model_config b;
		char full[MATRIX_NAME_LEN + 32];
		double *x = s->total_ns;
		size_t n = s->nr;
		const char *notes[1] = { note };
		int ret;

		snprintf(full, sizeof(full), "%s/%s", name, split_names[split]);
		if (split) {
			x = scenario_split(s, split == 1, &n);
			if (!x) {
				struct results_model_skipped skip = {
					full, split == 1 ? "no call needed a retry" :
						"every call needed a retry" };

				if (results_model_write_skipped(doc, &skip, err, errlen))
					return -1;
				continue;
			}
		}
		json_object_set_new(params, "calls", json_string(split_names[split]));
		memset(&b, 0, sizeof(b));
		b.name = full;
		b.parameters = params;
		b.pages = pages;
		b.samples_ns = x;
		b.nr_samples = n;
		b.ebusy_total = s->ebusy_total;
		b.read_retry_total = s->read_retry_total;
		b.notes = notes;
		b.nr_notes = 1;
		ret = results_model_write_config(doc, &b, NULL, NULL, err, errlen);
		if (split)
			free(x);
		if (ret)
			return -1;
	}
	return 0;
}

static void size_label(uint64_t size, char *buf, size_t len)
{
	matrix_size_to_string(size, buf, len);
}

static int run_invalidate(const struct hmm_device *dev, struct scenario_options *o, int argc,
			  char **argv)
{
	static const uint32_t ops[2] = { HMM_BENCH_OP_SNAPSHOT, HMM_BENCH_OP_FAULT };
	uint64_t pages = o->size >> dev->info.page_shift;
	char err[ERR_LEN], label[32];
	int first_op = 0, last_op = 1, failures = 0;
	json_t *doc;

	if (!o->op || !strcmp(o->op, "both"))
		;
	else if (!strcmp(o->op, "snapshot"))
		last_op = 0;
	else if (!strcmp(o->op, "fault"))
		first_op = 1;
	else {
		fprintf(stderr, "hmmbench scenario: --op '%s': expected snapshot, fault or both\n", o->op);
		return EXIT_USAGE;
	}
	doc = new_document(dev, argc, argv, o->seed, err, sizeof(err));
	if (!doc || results_write_atomic(doc, o->out, err, sizeof(err))) {
		fprintf(stderr, "hmmbench scenario: %s\n", err);
		json_decref(doc);
		return EXIT_USAGE;
	}
	size_label(o->size, label, sizeof(label));
	printf("invalidate: %s %s range, %u churn thread%s, %u calls per configuration, seed %" PRIu64 "\n",
	       page_kind_name(o->kind), label, o->threads, o->threads == 1 ? "" : "s", o->samples, o->seed);
	printf("%-9s %-8s %6s %8s %6s %6s %7s %6s %10s %10s %10s %8s %6s %9s\n", "churn", "op", "calls",
	       "retried", "ebusy", "max", "retry", "max", "ns/pg all", "without", "with", "with/w-o",
	       "holes", "churn-ops");
	for (int churn = CHURN_NONE; churn < CHURN_NR_KINDS; churn++) {
		if (churn != CHURN_NONE && !(o->churn_mask & (1U << churn)))
			continue;
		for (int op = first_op; op <= last_op; op++) {
			struct invalidate_config c = {
				churn, ops[op], o->kind, o->size, o->threads, o->samples,
				rng_derive_seed(o->seed, (uint64_t)churn * 2 + op),
			};
			const char *op_name = op ? "fault" : "snapshot";
			struct scenario_samples s;
			struct retry_figures f;
			char name[MATRIX_NAME_LEN], note[512];
			json_t *params;

			if (scenario_invalidate(dev, &c, &s, err, sizeof(err))) {
				fprintf(stderr, "hmmbench scenario: %s\n", err);
				failures++;
				scenario_samples_free(&s);
				continue;
			}
			f = figures_of(&s, (double)pages);
			printf("%-9s %-8s %6zu %7.1f%% %6" PRIu64 " %6u %7" PRIu64 " %6u %10.2f %10.2f %10.2f %8.2f %6" PRIu64 " %9" PRIu64 "\n",
			       scenario_churn_name(churn), op_name, f.calls, f.calls ? 100.0 * f.with / f.calls : 0,
			       s.ebusy_total, f.ebusy_max, s.read_retry_total, f.retry_max, f.all,
			       f.without, f.with_retries, f.with_retries / f.without, s.failed_calls,
			       s.churn_ops);
			snprintf(note, sizeof(note),
				 "invalidate scenario, churn %s by %u thread(s) (%" PRIu64 " operations): %zu of %zu calls retried "
				 "(-EBUSY %" PRIu64 " total, max %u per call; read_retry %" PRIu64 " total, max %u per call); "
				 "median ns/page: all %.2f, without retries %.2f, with retries %.2f; "
				 "%" PRIu64 " FAULT calls met an unmapped chunk (-EFAULT) and were repeated",
				 scenario_churn_name(churn), churn == CHURN_NONE ? 0 : o->threads, s.churn_ops,
				 f.with, f.calls, s.ebusy_total, f.ebusy_max, s.read_retry_total,
				 f.retry_max, f.all, f.without, f.with_retries, s.failed_calls);
			snprintf(name, sizeof(name), "invalidate/%s/%s/%s/%s", scenario_churn_name(churn), op_name,
				 page_kind_name(o->kind), label);
			params = json_pack("{s:s,s:s,s:i,s:s,s:s,s:I,s:s,s:s,s:s}", "scenario", "invalidate",
					   "churn", scenario_churn_name(churn), "churn_threads",
					   churn == CHURN_NONE ? 0 : (int)o->threads, "op",
					   op ? "fault-present" : "snapshot", "kind",
					   page_kind_name(o->kind), "size", (json_int_t)o->size,
					   "size_label", label, "format", "fixed", "pattern", "none");
			if (!params || add_configuration(doc, name, params, &s, pages, note, err, sizeof(err)) ||
			    results_write_atomic(doc, o->out, err, sizeof(err))) {
				fprintf(stderr, "hmmbench scenario: %s\n", params ? err : "out of memory");
				failures++;
			}
			json_decref(params);
			scenario_samples_free(&s);
		}
	}
	json_decref(doc);
	printf("results: %s\n", o->out);
	return failures ? EXIT_FAIL : EXIT_OK;
}

static int run_scaling(const struct hmm_device *dev, struct scenario_options *o, int argc,
		       char **argv)
{
	uint64_t pages = o->size >> dev->info.page_shift;
	struct scaling_config c = { 0, HMM_BENCH_OP_FAULT, 1, o->kind, o->size, o->samples,
				    o->shared_fd };
	const char *op = o->op ? o->op : "fault-unpopulated";
	char err[ERR_LEN], label[32];
	double base = NAN;
	int failures = 0;
	json_t *doc;

	if (!strcmp(op, "snapshot"))
		c.op = HMM_BENCH_OP_SNAPSHOT, c.unpopulated = 0;
	else if (!strcmp(op, "fault-present"))
		c.unpopulated = 0;
	else if (strcmp(op, "fault-unpopulated")) {
		fprintf(stderr, "hmmbench scenario: --op '%s': expected snapshot, fault-present or fault-unpopulated\n",
			op);
		return EXIT_USAGE;
	}
	doc = new_document(dev, argc, argv, 0, err, sizeof(err));
	if (!doc || results_write_atomic(doc, o->out, err, sizeof(err))) {
		fprintf(stderr, "hmmbench scenario: %s\n", err);
		json_decref(doc);
		return EXIT_USAGE;
	}
	size_label(o->size, label, sizeof(label));
	printf("scaling: %s on a %s %s range per thread, %s, %u calls per thread\n", op,
	       page_kind_name(o->kind), label, o->shared_fd ? "one shared fd" : "one fd per thread",
	       o->samples);
	printf("%7s %12s %12s %10s %8s %10s\n", "threads", "ns/page", "p95", "vs 1", "ebusy", "read_retry");
	for (unsigned int t = 1; t <= o->threads; t++) {
		struct scenario_samples s;
		struct results_model_config b;
		char name[MATRIX_NAME_LEN], note[256];
		const char *notes[1] = { note };
		double median, p95;
		json_t *params;

		c.threads = t;
		if (scenario_scaling(dev, &c, &s, err, sizeof(err))) {
			fprintf(stderr, "hmmbench scenario: %s\n", err);
			failures++;
			scenario_samples_free(&s);
			continue;
		}
		median = stats_median(s.total_ns, s.nr) / (double)pages;
		p95 = stats_percentile(s.total_ns, s.nr, 95) / (double)pages;
		if (t == 1)
			base = median;
		printf("%7u %12.2f %12.2f %9.2fx %8" PRIu64 " %10" PRIu64 "\n", t, median, p95,
		       median / base, s.ebusy_total, s.read_retry_total);
		snprintf(note, sizeof(note),
			 "scaling scenario: %u thread(s) of one process at once, each on its own range, %s",
			 t, o->shared_fd ? "one shared fd" : "one fd each");
		snprintf(name, sizeof(name), "scaling/%u-threads/%s/%s/%s", t, op, page_kind_name(o->kind),
			 label);
		params = json_pack("{s:s,s:i,s:s,s:s,s:s,s:I,s:s,s:s,s:s}", "scenario", "scaling",
				   "threads", (int)t, "fd", o->shared_fd ? "shared" : "per-thread",
				   "op", op, "kind", page_kind_name(o->kind), "size", (json_int_t)o->size,
				   "size_label", label, "format", "fixed", "pattern", "none");
		memset(&b, 0, sizeof(b));
		b.name = name;
		b.parameters = params;
		b.pages = pages;
		b.samples_ns = s.total_ns;
		b.nr_samples = s.nr;
		b.ebusy_total = s.ebusy_total;
		b.read_retry_total = s.read_retry_total;
		b.notes = notes;
		b.nr_notes = 1;
		if (!params || results_model_write_config(doc, &b, NULL, NULL, err, sizeof(err)) ||
		    results_write_atomic(doc, o->out, err, sizeof(err))) {
			fprintf(stderr, "hmmbench scenario: %s\n", params ? err : "out of memory");
			failures++;
		}
		json_decref(params);
		scenario_samples_free(&s);
	}
	json_decref(doc);
	printf("results: %s\n", o->out);
	return failures ? EXIT_FAIL : EXIT_OK;
}

int cmd_scenario(int argc, char **argv)
{
	struct scenario_options o = { 0 };
	struct hmm_device dev;
	char err[ERR_LEN], out[64];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int ret;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	o.name = argv[1];
	if (strcmp(o.name, "invalidate") && strcmp(o.name, "scaling")) {
		fprintf(stderr, "hmmbench scenario: unknown scenario '%s' (invalidate or scaling)\n", o.name);
		return EXIT_USAGE;
	}
	o.churn_mask = 1U << CHURN_MUNMAP | 1U << CHURN_MPROTECT | 1U << CHURN_DONTNEED;
	o.kind = PAGE_KIND_4K;
	o.size = 2ULL << 20;
	if (!strcmp(o.name, "invalidate")) {
		o.threads = 1;
		o.samples = 200;
		o.seed = (uint64_t)time(NULL) & INT64_MAX;
	} else {
		o.threads = cpus > 1 ? (unsigned int)(cpus < SCALING_MAX_THREADS ? cpus : SCALING_MAX_THREADS) : 2;
		o.samples = 50;
	}
	snprintf(out, sizeof(out), "scenario-%s.json", o.name);
	o.out = out;
	if (parse_options(argc, argv, &o))
		return EXIT_USAGE;
	if (device_open(&dev, err, sizeof(err))) {
		fprintf(stderr, "hmmbench scenario: %s\n", err);
		return EXIT_USAGE;
	}
	if (!strcmp(o.name, "invalidate"))
		ret = run_invalidate(&dev, &o, argc, argv);
	else
		ret = run_scaling(&dev, &o, argc, argv);
	device_close(&dev);
	return ret;
}
