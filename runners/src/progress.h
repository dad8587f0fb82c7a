/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The progress line of long runs, on stderr:
 *
 *   [ 37/150] fault-unpopulated/thp/2M/fixed/all  elapsed 1m05s, about 2m40s left
 *
 * rewritten in place with '\r' when stderr is a terminal; nothing at all
 * when it is not (logs and CI stay clean) except progress_finish()'s one
 * closing summary line.
 *
 * The estimate weighs steps by a caller-given cost (e.g. matrix_visit_cost(),
 * proportional to pages touched), so a run whose large ranges come last is
 * not promised an early finish; with no costs it counts steps.
 */
#ifndef HMMBENCH_PROGRESS_H
#define HMMBENCH_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

struct progress {
	FILE *out;
	int tty;		/* redraw in place; 0: stay silent until the summary */
	size_t total;		/* steps */
	double total_cost;	/* sum of step costs, 0 to count steps */
	double start;		/* monotonic seconds */
	double last_draw;
	size_t drawn_len;	/* width of the line on screen, to clear it */
};

/* @out is normally stderr; the tty decision is isatty(fileno(out)). */
void progress_init(struct progress *p, FILE *out, size_t total, double total_cost);

/*
 * Step @step (1-based) of total is starting, described by @label; @cost_done
 * is the cost of the steps finished before it. Redraws at most 10 times a
 * second, and always for the first and last step.
 */
void progress_update(struct progress *p, size_t step, double cost_done, const char *label);

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

/* The line itself, without '\r' or padding. Returns snprintf()'s value. */
int progress_format_line(char *buf, size_t len, size_t step, size_t total, const char *label,
			 double elapsed, double remaining);

#endif
