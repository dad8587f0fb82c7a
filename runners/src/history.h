/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nightly history: a directory of dated runs per series, and the verdict
 * on the newest run against a baseline window.
 *
 * Layout: DIR/<series>/<date>-<rev>.json, one results document per run.
 *   series  = "<mode>_<kernel release>_<CPU model>" from the document's
 *             context, every character outside [A-Za-z0-9._+-] made '-'
 *             (history_series_name()): one machine model and mode per
 *             series, so runs in a series are comparable without --force.
 *   date    = context.date as 20250131T120000Z (sorts chronologically)
 *   rev     = the revision given to --add (--rev), else the context's
 *             hmmbench_git_rev; sanitised the same way
 * DIR/<series>/verdicts/<run>.json keeps the verdict of each judged run (the
 * compare JSON report plus "confirmed" per configuration), so trend plots
 * mark past regressions without recomputing them.
 *
 * Judging the newest run R (history_window()):
 *   window   = the N runs before R (N = --window, default 5; fewer when the
 *              series is younger), pooled with results_merge(): run-to-run
 *              variation becomes part of the baseline's spread
 *   previous = the run just before R
 * A configuration is a CONFIRMED regression when R regresses against the
 * pooled window AND against the previous run (both with compare's rules).
 * A regression against the window alone (e.g. a step that happened a few
 * nights ago and has not yet left the window, or a slow drift) counts as
 * unknown. Exit: 1 on any confirmed regression, else 125 when any
 * configuration is unknown (or unconfirmed), else 0; a series with a single
 * run has nothing to compare and exits 0.
 */
#ifndef HMMBENCH_HISTORY_H
#define HMMBENCH_HISTORY_H

#include <jansson.h>
#include <stddef.h>

#include "compare.h"

#define HISTORY_DEFAULT_WINDOW	5
#define HISTORY_DEFAULT_TREND	30	/* runs shown in a trend plot */

/* Keep [A-Za-z0-9._+-], turn anything else into '-'. */
void history_sanitize(const char *in, char *out, size_t len);
/* The series of a results document; 0, or -1 when the context lacks mode/kernel. */
int history_series_name(const json_t *doc, char *buf, size_t len);
/*
 * Whether @doc may join a series whose newest run is @last: a series holds
 * one mode and one CPU, whatever else (a kernel under test) moves.
 * 0, or -1 with the reason in @why.
 */
int history_series_accepts(const json_t *last, const json_t *doc, char *why, size_t len);
/* "<date>-<rev>.json"; @rev NULL = the context's hmmbench_git_rev. 0 or -1. */
int history_run_name(const json_t *doc, const char *rev, char *buf, size_t len);

/* The run files (*.json) of a series directory, sorted; free with history_names_free(). */
int history_list_runs(const char *series_dir, char ***names, size_t *n);
/* The series (subdirectories) of a history directory, sorted. */
int history_list_series(const char *dir, char ***names, size_t *n);
void history_names_free(char **names, size_t n);

/* Which runs judge the newest one: indexes into the sorted run list. */
struct history_window {
	size_t newest;		/* nr_runs - 1 */
	size_t first, count;	/* the window: runs first .. first + count - 1 */
	size_t previous;	/* newest - 1 */
};

/* -1 when there are fewer than 2 runs (nothing to compare) or window is 0. */
int history_window(size_t nr_runs, size_t window, struct history_window *w);

/*
 * Per row of @vs_window (same order): 1 when it is a regression there and
 * its configuration (by parameters key) is also one in @vs_previous.
 * @confirmed has vs_window->nr_rows entries. Returns how many are confirmed.
 */
size_t history_confirm(const struct compare_report *vs_window,
		       const struct compare_report *vs_previous, int *confirmed);

/* Exit code of a judged series: 1 confirmed, else 125 unknown/unconfirmed, else 0. */
int history_exit_code(const struct compare_report *vs_window, size_t nr_confirmed);

#endif
