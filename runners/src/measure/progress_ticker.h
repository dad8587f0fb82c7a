/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A thread that keeps plain progress lines coming while one step runs long:
 * a visit of large ranges under emulation spends minutes inside the
 * module's ioctl, where the measuring thread cannot print. It sleeps until
 * progress_tick() says a line is due (or looks every clock.poll seconds
 * when the progress clock is not the one sleeps follow), so it wakes about
 * once per PROGRESS_PLAIN_INTERVAL_S, and not at all on a terminal.
 *
 * It runs SCHED_OTHER on every allowed CPU: never ahead of a SCHED_FIFO
 * measuring thread, and off its CPU where there is another.
 */
#ifndef HMMBENCH_PROGRESS_TICKER_H
#define HMMBENCH_PROGRESS_TICKER_H

#include <pthread.h>

#include "measure/progress.h"

struct progress_ticker {
	struct progress *p;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stop;
	int running;
};

/* Start ticking @p unless it draws on a terminal. 0, or -errno (no ticker then). */
int progress_ticker_start(struct progress_ticker *t, struct progress *p);

/* Stop and join; harmless when it never started. */
void progress_ticker_stop(struct progress_ticker *t);

#endif
