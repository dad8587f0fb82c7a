// SPDX-License-Identifier: GPL-2.0
/* The invalidate and scaling scenarios (scenario.h). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "util/rng.h"
#include "measure/scenario.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif
#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB	(21 << 26)	/* MAP_HUGE_SHIFT 26, log2(2 MiB) */
#endif

/* Chunks the churn threads change: 1 .. CHURN_MAX_GRANULES granules. */
#define CHURN_MAX_GRANULES	16

static const char *const churn_names[CHURN_NR_KINDS] = {
	"none", "munmap", "mprotect", "dontneed", "mixed",
};

const char *scenario_churn_name(enum churn_kind kind)
{
	return kind < CHURN_NR_KINDS ? churn_names[kind] : "?";
}

int scenario_churn_parse(const char *text, enum churn_kind *kind)
{
	for (int i = 0; i < CHURN_NR_KINDS; i++) {
		if (!strcmp(text, churn_names[i])) {
			*kind = i;
			return 0;
		}
	}
	return -1;
}

void scenario_samples_free(struct scenario_samples *s)
{
	free(s->total_ns);
	free(s->ebusy);
	free(s->read_retry);
	memset(s, 0, sizeof(*s));
}

static int samples_reserve(struct scenario_samples *s, size_t more)
{
	size_t cap = s->cap ? s->cap : 64;
	double *t;
	uint32_t *e, *r;

	if (s->nr + more <= s->cap)
		return 0;
	while (cap < s->nr + more)
		cap *= 2;
	t = realloc(s->total_ns, cap * sizeof(*t));
	if (t)
		s->total_ns = t;
	e = realloc(s->ebusy, cap * sizeof(*e));
	if (e)
		s->ebusy = e;
	r = realloc(s->read_retry, cap * sizeof(*r));
	if (r)
		s->read_retry = r;
	if (!t || !e || !r)
		return -ENOMEM;
	s->cap = cap;
	return 0;
}

static void samples_add(struct scenario_samples *s, const struct hmm_bench_sample *x, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		s->total_ns[s->nr] = (double)x[i].total_ns;
		s->ebusy[s->nr] = x[i].ebusy;
		s->read_retry[s->nr] = x[i].read_retry;
		s->nr++;
	}
}

double *scenario_split(const struct scenario_samples *s, int with, size_t *n)
{
	double *out = malloc((s->nr ? s->nr : 1) * sizeof(*out));

	*n = 0;
	if (!out)
		return NULL;
	for (size_t i = 0; i < s->nr; i++)
		if (!!(s->ebusy[i] || s->read_retry[i]) == !!with)
			out[(*n)++] = s->total_ns[i];
	if (!*n) {
		free(out);
		return NULL;
	}
	return out;
}

/* ---- invalidate ---- */

struct churn_state {
	const struct invalidate_config *c;
	struct test_buffer *buf;
	size_t granule;
	unsigned int id;
	atomic_int *stop;
	atomic_int *error;		/* errno of a churn operation that failed */
	atomic_uint_fast64_t ops;
};

static void touch(char *p, size_t len)
{
	for (size_t off = 0; off < len; off += 4096)
		((volatile char *)p)[off] = 1;
}

static int churn_once(struct churn_state *cs, struct rng *rng, enum churn_kind kind)
{
	size_t granules = cs->buf->len / cs->granule;
	size_t first = rng_below(rng, granules);
	size_t count = 1 + rng_below(rng, granules - first < CHURN_MAX_GRANULES ?
					  granules - first : CHURN_MAX_GRANULES);
	char *p = cs->buf->addr + first * cs->granule;
	size_t len = count * cs->granule;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;

	if (kind == CHURN_MIXED)
		kind = CHURN_MUNMAP + rng_below(rng, 3);
	switch (kind) {
	case CHURN_MUNMAP:
		if (cs->buf->kind == PAGE_KIND_HUGETLB_2M)
			flags |= MAP_HUGETLB | MAP_HUGE_2MB;
		if (munmap(p, len))
			return errno;
		/* Nothing else maps in this process while the scenario runs: the hole stays ours. */
		if (mmap(p, len, PROT_READ | PROT_WRITE, flags, -1, 0) != p)
			return errno ? errno : EEXIST;
		if (cs->buf->kind == PAGE_KIND_THP)
			madvise(p, len, MADV_HUGEPAGE);
		else if (cs->buf->kind == PAGE_KIND_4K)
			madvise(p, len, MADV_NOHUGEPAGE);
		touch(p, len);
		break;
	case CHURN_MPROTECT:
		if (mprotect(p, len, PROT_READ) || mprotect(p, len, PROT_READ | PROT_WRITE))
			return errno;
		break;
	case CHURN_DONTNEED:
		if (madvise(p, len, MADV_DONTNEED))
			return errno;
		touch(p, len);
		break;
	default:
		break;
	}
	return 0;
}

static void *churn_main(void *arg)
{
	struct churn_state *cs = arg;
	struct rng rng;
	int err;

	rng_seed(&rng, rng_derive_seed(cs->c->seed, 100 + cs->id));
	while (!atomic_load(cs->stop)) {
		err = churn_once(cs, &rng, cs->c->churn);
		if (err) {
			atomic_store(cs->error, err);
			break;
		}
		atomic_fetch_add(&cs->ops, 1);
	}
	return NULL;
}

int scenario_invalidate(const struct hmm_device *dev, const struct invalidate_config *c,
			struct scenario_samples *out, char *err, size_t errlen)
{
	struct churn_state cs[16];
	pthread_t tids[16];
	struct test_buffer buf;
	struct hmm_bench_sample sample;
	struct hmm_bench_run run;
	atomic_int stop = 0, churn_error = 0;
	char reason[160];
	unsigned int started = 0, threads = c->churn == CHURN_NONE ? 0 : c->churn_threads;
	int ret;

	memset(out, 0, sizeof(*out));
	if (threads > 16)
		threads = 16;
	ret = buffer_alloc(&buf, c->kind, c->size, reason, sizeof(reason));
	if (ret) {
		snprintf(err, errlen, "%s %s buffer: %s", page_kind_name(c->kind), "scenario", reason);
		return ret;
	}
	buffer_populate(&buf, TOUCH_WRITE);
	if (samples_reserve(out, c->samples)) {
		buffer_free(&buf);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	memset(&run, 0, sizeof(run));
	run.addr = (uintptr_t)buf.addr;
	run.len = buf.len;
	run.op = c->op;
	run.format = HMM_BENCH_FORMAT_FIXED;
	run.write_pattern = HMM_BENCH_WRITE_NONE;
	run.nr_samples = 1;
	run.samples_ptr = (uintptr_t)&sample;
	/* One untimed call first: the notifier and the page tables are warm. */
	ret = device_run(dev->fd, &run);

	for (; !ret && started < threads; started++) {
		struct churn_state *st = &cs[started];

		st->c = c;
		st->buf = &buf;
		st->granule = page_kind_granule(c->kind);
		st->id = started;
		st->stop = &stop;
		st->error = &churn_error;
		atomic_init(&st->ops, 0);
		if (pthread_create(&tids[started], NULL, churn_main, &cs[started])) {
			ret = -EAGAIN;
			break;
		}
	}
	/* Time only while the storm is on: every churn thread has begun. */
	for (unsigned int i = 0; !ret && i < started; i++)
		while (!atomic_load(&cs[i].ops) && !atomic_load(&churn_error))
			sched_yield();
	while (!ret && out->nr < c->samples && !atomic_load(&churn_error)) {
		ret = device_run(dev->fd, &run);
		if (ret == -EFAULT && c->op == HMM_BENCH_OP_FAULT && c->churn != CHURN_NONE &&
		    out->failed_calls < 100ULL * c->samples) {
			/* The fault met a chunk that was unmapped at that moment. */
			out->failed_calls++;
			ret = 0;
			continue;
		}
		if (ret)
			break;
		out->ebusy_total += run.ebusy_total;
		out->read_retry_total += run.read_retry_total;
		samples_add(out, &sample, 1);
	}
	atomic_store(&stop, 1);
	for (unsigned int i = 0; i < started; i++) {
		pthread_join(tids[i], NULL);
		out->churn_ops += atomic_load(&cs[i].ops);
	}
	buffer_free(&buf);
	if (ret) {
		snprintf(err, errlen, "invalidate/%s: the module returned %s", scenario_churn_name(c->churn),
			 strerror(-ret));
		return ret;
	}
	if (atomic_load(&churn_error)) {
		snprintf(err, errlen, "invalidate/%s: a churn operation failed: %s",
			 scenario_churn_name(c->churn), strerror(atomic_load(&churn_error)));
		return -atomic_load(&churn_error);
	}
	return 0;
}

/* ---- scaling ---- */

struct scaling_thread {
	const struct hmm_device *dev;
	const struct scaling_config *c;
	pthread_barrier_t *start;
	struct test_buffer buf;
	struct hmm_bench_sample *samples;
	int fd;
	int ret;
	uint64_t ebusy, read_retry;
};

static void *scaling_main(void *arg)
{
	struct scaling_thread *st = arg;
	const struct scaling_config *c = st->c;
	struct hmm_bench_run run;

	memset(&run, 0, sizeof(run));
	run.addr = (uintptr_t)st->buf.addr;
	run.len = st->buf.len;
	run.op = c->op;
	run.format = HMM_BENCH_FORMAT_FIXED;
	run.write_pattern = HMM_BENCH_WRITE_NONE;
	run.nr_samples = 1;
	pthread_barrier_wait(st->start);
	for (unsigned int i = 0; i < c->samples && !st->ret; i++) {
		if (c->unpopulated)
			buffer_reset(&st->buf);
		run.samples_ptr = (uintptr_t)&st->samples[i];
		st->ret = device_run(st->fd, &run);
		st->ebusy += run.ebusy_total;
		st->read_retry += run.read_retry_total;
	}
	return NULL;
}

int scenario_scaling(const struct hmm_device *dev, const struct scaling_config *c,
		     struct scenario_samples *out, char *err, size_t errlen)
{
	struct scaling_thread *st = calloc(c->threads, sizeof(*st));
	pthread_barrier_t start;
	char reason[160];
	unsigned int ready = 0, started = 0;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (!st || samples_reserve(out, (size_t)c->threads * c->samples)) {
		free(st);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	/* Every buffer before any thread runs: no mmap races the measured calls. */
	for (; ready < c->threads; ready++) {
		struct scaling_thread *t = &st[ready];

		t->dev = dev;
		t->c = c;
		t->start = &start;
		t->fd = c->shared_fd ? dev->fd : open(HMM_BENCH_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		t->samples = calloc(c->samples, sizeof(*t->samples));
		ret = t->fd < 0 ? -errno : !t->samples ? -ENOMEM : 0;
		if (!ret)
			ret = buffer_alloc(&t->buf, c->kind, c->size, reason, sizeof(reason));
		else
			snprintf(reason, sizeof(reason), "%s", strerror(-ret));
		if (ret) {
			snprintf(err, errlen, "scaling, thread %u: %s", ready, reason);
			ready++;
			goto out;
		}
		if (!c->unpopulated)
			buffer_populate(&t->buf, TOUCH_WRITE);
	}
	pthread_barrier_init(&start, NULL, c->threads);
	{
		pthread_t tids[SCALING_MAX_THREADS];

		for (; started < c->threads; started++) {
			if (pthread_create(&tids[started], NULL, scaling_main, &st[started])) {
				/* The threads started wait at the barrier for ever. */
				fprintf(stderr, "hmmbench scenario: could not start thread %u\n", started);
				exit(2);
			}
		}
		for (unsigned int i = 0; i < started; i++)
			pthread_join(tids[i], NULL);
	}
	pthread_barrier_destroy(&start);
	for (unsigned int i = 0; i < c->threads; i++) {
		if (st[i].ret && !ret) {
			ret = st[i].ret;
			snprintf(err, errlen, "scaling, thread %u: the module returned %s", i,
				 strerror(-ret));
		}
		samples_add(out, st[i].samples, st[i].ret ? 0 : c->samples);
		out->ebusy_total += st[i].ebusy;
		out->read_retry_total += st[i].read_retry;
	}
out:
	for (unsigned int i = 0; i < ready; i++) {
		buffer_free(&st[i].buf);
		free(st[i].samples);
		if (!c->shared_fd && st[i].fd >= 0)
			close(st[i].fd);
	}
	free(st);
	return ret;
}
