/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The progress of long runs, on stderr. On a terminal, one line rewritten in
 * place with '\r':
 *
 *   [ 37/150] fault-unpopulated/thp/2M/fixed/all  elapsed 1m05s, about 2m40s left
 *
 * Anywhere else (a pipe, a log, the QEMU guest's job log that the host
 * relays) plain lines, one at the first step and then one at least every
 * PROGRESS_PLAIN_INTERVAL_S seconds, however long a single step takes
 * (progress_tick(), driven by progress_ticker.h):
 *
 *   hmmbench: progress [37/150] 5/50 configurations done, elapsed 1m05s,
 *   about 2m40s left, kernel 6.12.117+deb12-amd64, at fault-unpopulated/thp/2M/fixed/all
 *
 * (one line, with '\n'). Both end with progress_finish()'s closing summary line.
 *
 * The estimate weighs steps by a caller-given cost (e.g. matrix_visit_cost(),
 * proportional to pages touched), so a run whose large ranges come last is
 * not promised an early finish; with no costs it counts steps.
 */
#ifndef HMMBENCH_PROGRESS_H
#define HMMBENCH_PROGRESS_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#include "measure/progress_clock.h"

/*
 * Users are promised a line every 15 s; this leaves room for a clock read
 * once a second (the RTC), the ticker's poll and the host's relay.
 */
#define PROGRESS_PLAIN_INTERVAL_S	10.0

/* What plain lines start with: the host's relay picks them out by it. */
#define PROGRESS_PLAIN_PREFIX		"hmmbench: progress "

struct progress {
	FILE *out;
	int tty;		/* redraw in place; 0: plain lines */
	size_t total;		/* steps */
	double total_cost;	/* sum of step costs, 0 to count steps */
	struct progress_clock clock;
	double start;		/* clock seconds */
	double last_draw;
	size_t drawn_len;	/* width of the line on screen, to clear it */
	/* The step under way, for plain lines printed while it runs. */
	size_t step;
	double cost_done;
	char label[128];
	size_t groups_done, groups_total;	/* configurations; 0 of 0: not shown */
	const char *kernel;	/* named in plain lines when set */
	double last_plain;	/* clock seconds of the last plain line, < 0: none yet */
	pthread_mutex_t lock;	/* the measuring thread and the ticker share it all */
};

/*
 * @out is normally stderr; the tty decision is isatty(fileno(out)). @clock
 * is copied; NULL means CLOCK_MONOTONIC. The caller still owns its file.
 */
void progress_init(struct progress *p, FILE *out, size_t total, double total_cost,
		   const struct progress_clock *clock);

/* Shown in plain lines from now on: "kernel @release". */
void progress_set_kernel(struct progress *p, const char *release);

/* @done of @total configurations (groups of steps) are finished. */
void progress_set_done(struct progress *p, size_t done, size_t total);

/*
 * Step @step (1-based) of total is starting, described by @label; @cost_done
 * is the cost of the steps finished before it. On a terminal, redraws at
 * most 10 times a second, and always for the first and last step; off one,
 * prints a plain line for the first step and when the last one is
 * PROGRESS_PLAIN_INTERVAL_S old.
 */
void progress_update(struct progress *p, size_t step, double cost_done, const char *label);

/*
 * Off a terminal, once a step has started: the plain line again when the
 * last one is PROGRESS_PLAIN_INTERVAL_S old, as the step may be long.
 * Returns the clock seconds until the next line is due (0 when the clock
 * cannot be read; PROGRESS_PLAIN_INTERVAL_S before the first step and on a
 * terminal, where it prints nothing).
 */
double progress_tick(struct progress *p);

/*
 * Clear the line and print "hmmbench: 150 of 150 visits in 4m12s" (@what =
 * "visits"), terminal or not; @finished can be short of total after SIGINT.
 */
void progress_finish(struct progress *p, size_t finished, const char *what);

/* Pure parts, for tests. */

/*
 * Seconds left after @elapsed seconds with @fraction (0..1] of the work
 * done: elapsed * (1 - fraction) / fraction; -1 when nothing is done yet.
 */
double progress_eta(double elapsed, double fraction);

/* "42s", "3m07s", "1h02m": what the line shows. Returns snprintf()'s value. */
int progress_format_duration(double seconds, char *buf, size_t len);

/* The terminal line itself, without '\r' or padding. Returns snprintf()'s value. */
int progress_format_line(char *buf, size_t len, size_t step, size_t total, const char *label,
			 double elapsed, double remaining);

/* The plain line of @p's state at @elapsed, without '\n'. Returns snprintf()'s value. */
int progress_format_plain(char *buf, size_t len, const struct progress *p, double elapsed,
			  double remaining);

#endif
