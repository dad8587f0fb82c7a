// SPDX-License-Identifier: GPL-2.0
/* The progress ticker thread; see progress_ticker.h. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "measure/progress_ticker.h"

/* Sleep at least this long: a clock that cannot be read must not spin us. */
#define MIN_WAIT_S	0.05

static struct timespec deadline_after(double seconds)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += (time_t)seconds;
	ts.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

static void *tick_loop(void *arg)
{
	struct progress_ticker *t = arg;
	cpu_set_t all;

	/* The kernel keeps only the CPUs our cpuset allows. */
	memset(&all, 0xff, sizeof(all));
	sched_setaffinity(0, sizeof(all), &all);
	pthread_mutex_lock(&t->lock);
	while (!t->stop) {
		double wait;
		struct timespec until;

		pthread_mutex_unlock(&t->lock);
		wait = progress_tick(t->p);
		pthread_mutex_lock(&t->lock);
		if (t->p->clock.poll > 0 && wait > t->p->clock.poll)
			wait = t->p->clock.poll;
		if (wait < MIN_WAIT_S)
			wait = MIN_WAIT_S;
		until = deadline_after(wait);
		while (!t->stop && pthread_cond_timedwait(&t->wake, &t->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

int progress_ticker_start(struct progress_ticker *t, struct progress *p)
{
	pthread_condattr_t cattr;
	pthread_attr_t attr;
	sigset_t all, old;
	struct sched_param param = { .sched_priority = 0 };
	int ret;

	memset(t, 0, sizeof(*t));
	t->p = p;
	if (p->tty)
		return 0;
	pthread_mutex_init(&t->lock, NULL);
	pthread_condattr_init(&cattr);
	pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC);
	pthread_cond_init(&t->wake, &cattr);
	pthread_condattr_destroy(&cattr);
	/* Not the measuring thread's SCHED_FIFO, which it would otherwise inherit. */
	pthread_attr_init(&attr);
	pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&attr, SCHED_OTHER);
	pthread_attr_setschedparam(&attr, &param);
	/*
	 * Born with every signal blocked: SIGINT and SIGTERM stay the measuring
	 * thread's, whose system calls they are meant to cut short.
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&t->thread, &attr, tick_loop, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (ret) {
		pthread_cond_destroy(&t->wake);
		pthread_mutex_destroy(&t->lock);
		return -ret;
	}
	t->running = 1;
	return 0;
}

void progress_ticker_stop(struct progress_ticker *t)
{
	if (!t->running)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = 1;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_cond_destroy(&t->wake);
	pthread_mutex_destroy(&t->lock);
	t->running = 0;
}
