// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "measure/buffer.h"
#include "measure/run_visit.h"
#include "measure/hugetlb.h"

void run_visit_series_init(struct config_series *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < COUNTERS_MAX; i++)
		s->counter_ratio_min[i] = 1.0;
}

void run_visit_series_free(struct config_series *s)
{
	free(s->total_ns);
	free(s->convert_ns);
	s->total_ns = s->convert_ns = NULL;
	for (size_t i = 0; i < COUNTERS_MAX; i++) {
		free(s->counter_visits[i]);
		s->counter_visits[i] = NULL;
	}
}

static int series_reserve(struct config_series *s, size_t more)
{
	size_t cap = s->cap ? s->cap : 64;
	double *t, *c;

	if (s->nr + more <= s->cap)
		return 0;
	while (cap < s->nr + more)
		cap *= 2;
	t = realloc(s->total_ns, cap * sizeof(*t));
	if (!t)
		return -ENOMEM;
	s->total_ns = t;
	c = realloc(s->convert_ns, cap * sizeof(*c));
	if (!c)
		return -ENOMEM;
	s->convert_ns = c;
	s->cap = cap;
	return 0;
}

const char *run_visit_op_note(enum matrix_op op)
{
	switch (op) {
	case MATRIX_OP_SNAPSHOT:
		return "pages written once before the calls, so every page is present";
	case MATRIX_OP_FAULT_UNPOPULATED:
		return "pages dropped with MADV_DONTNEED before every call, outside the timed region";
	case MATRIX_OP_FAULT_PRESENT:
		return "pages written once before the calls, so the faults find them present";
	default:
		return "";
	}
}



static double minor_faults_now(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		return 0;
	return (double)ru.ru_minflt;
}

/*
 * One RUN ioctl with the counters (and the thread's fault count) running
 * around it alone. The samples land in series; nothing else is timed.
 */
static int timed_call(const struct hmm_device *dev, struct hmm_bench_run *run,
		      struct hmm_bench_sample *samples, struct counters *counters,
		      struct config_series *series)
{
	double faults_before = minor_faults_now();
	int ret;

	if (counters)
		counters_start(counters);
	ret = device_run(dev->fd, run);
	if (counters)
		counters_stop(counters);
	series->minor_faults += minor_faults_now() - faults_before;
	if (ret)
		return ret;
	for (uint32_t i = 0; i < run->nr_samples; i++) {
		series->total_ns[series->nr] = (double)samples[i].total_ns;
		series->convert_ns[series->nr] = (double)samples[i].convert_ns;
		series->nr++;
	}
	return 0;
}

static void keep_output_facts(const struct hmm_bench_run *run, struct config_series *s)
{
	s->ebusy_total += run->ebusy_total;
	s->read_retry_total += run->read_retry_total;
	memcpy(s->orders, run->orders, sizeof(s->orders));
	s->nr_valid = run->nr_valid;
	s->nr_write = run->nr_write;
	s->nr_error = run->nr_error;
	s->nr_none = run->nr_none;
}

/* Untimed calls; a call needs at least one sample, which is thrown away. */
static int warm_up(const struct hmm_device *dev, struct hmm_bench_run *run,
		   struct test_buffer *buf, enum matrix_op op, unsigned int warmup,
		   struct config_series *series)
{
	struct hmm_bench_sample discard;
	struct hmm_bench_run call = *run;
	int ret;

	if (!warmup)
		return 0;
	call.samples_ptr = (uintptr_t)&discard;
	call.nr_samples = 1;
	if (op == MATRIX_OP_FAULT_UNPOPULATED) {
		/* Every call must find the pages gone, warm-up included. */
		for (unsigned int i = 0; i < warmup; i++) {
			buffer_reset(buf);
			call.warmup = 0;
			ret = device_run(dev->fd, &call);
			if (ret)
				return ret;
			series->ebusy_total += call.ebusy_total;
			series->read_retry_total += call.read_retry_total;
		}
		return 0;
	}
	call.warmup = warmup - 1;
	ret = device_run(dev->fd, &call);
	if (!ret) {
		series->ebusy_total += call.ebusy_total;
		series->read_retry_total += call.read_retry_total;
	}
	return ret;
}

int run_visit(const struct hmm_device *dev, const struct matrix_config *config,
	      unsigned int warmup, unsigned int samples, struct counters *counters,
	      struct config_series *series, char *err, size_t errlen)
{
	enum page_kind kind = config->kind;
	struct hmm_bench_sample *buf_samples;
	struct hmm_bench_run run;
	struct test_buffer buf;
	char reason[160] = "";
	uint64_t nr_pages;
	int ret;

	series->visits++;
	if (kind == PAGE_KIND_HUGETLB_2M &&
	    hugetlb_ensure_free((long)(config->size / HUGE_2M), reason, sizeof(reason))) {
		snprintf(series->skipped, sizeof(series->skipped), "%s", reason);
		snprintf(err, errlen, "%s: skipped: %s", config->name, reason);
		return -ENOMEM;
	}
	ret = buffer_alloc(&buf, kind, config->size, reason, sizeof(reason));
	if (ret) {
		snprintf(series->skipped, sizeof(series->skipped), "%s", reason);
		snprintf(err, errlen, "%s: skipped: %s", config->name, reason);
		return ret;
	}
	nr_pages = config->size >> dev->info.page_shift;
	buf_samples = calloc(samples, sizeof(*buf_samples));
	ret = buf_samples ? series_reserve(series, samples) : -ENOMEM;
	if (ret) {
		snprintf(err, errlen, "%s: out of memory for %u samples", config->name, samples);
		goto out;
	}

	memset(&run, 0, sizeof(run));
	run.addr = (uintptr_t)buf.addr;
	run.len = config->size;
	run.op = matrix_op_uapi(config->op);
	format_apply(&config->format, &run);
	ret = write_pattern_apply(&config->pattern, nr_pages, &run, err, errlen);
	if (ret)
		goto out;

	if (matrix_op_prefaults(config->op))
		buffer_populate(&buf, TOUCH_WRITE);
	ret = warm_up(dev, &run, &buf, config->op, warmup, series);
	if (ret)
		goto module_error;

	run.warmup = 0;
	if (config->op == MATRIX_OP_FAULT_UNPOPULATED) {
		run.nr_samples = 1;
		for (unsigned int i = 0; i < samples && !ret; i++) {
			buffer_reset(&buf);
			run.samples_ptr = (uintptr_t)&buf_samples[i];
			ret = timed_call(dev, &run, &buf_samples[i], counters, series);
			if (!ret)
				keep_output_facts(&run, series);
		}
	} else {
		run.nr_samples = samples;
		run.samples_ptr = (uintptr_t)buf_samples;
		ret = timed_call(dev, &run, buf_samples, counters, series);
		if (!ret)
			keep_output_facts(&run, series);
	}
	if (!ret)
		goto out;

module_error:
	series->error = ret;
	snprintf(err, errlen, "%s: the module returned %s", config->name, strerror(-ret));
out:
	free(buf_samples);
	buffer_free(&buf);
	return ret;
}
