/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nightly history: a directory of dated runs per series (naming, listing).
 * Which runs judge the newest one and acknowledgements: history_baseline.h.
 *
 * Layout: DIR/<series>/<date>-<rev>.json, one results document per run.
 *   series  = "<mode>_<kernel track>_<CPU model>" from the document's
 *             context, every character outside [A-Za-z0-9._+-] made '-'
 *             (history_series_name()): one machine model and mode per
 *             series, so runs in a series are comparable without --force.
 *   kernel track = the kernel release without Debian's ABI number or
 *             stable version (history_kernel_track()), so a series follows
 *             the kernel a user tracks across Debian updates:
 *               6.1.0-56-amd64, 6.1.0-57-amd64   -> 6.1-amd64
 *               6.12.117+deb12-amd64, 6.12.118+deb12-amd64 -> 6.12+deb12-amd64
 *             any other release (a kernel built from a tree) is its own track.
 *   date    = context.date as 20250131T120000Z (sorts chronologically)
 *   rev     = the revision given to --add (--rev), else the context's
 *             hmmbench_git_rev; sanitised the same way
 * DIR/<series>/verdicts/<run>.json keeps the verdict of each judged run (the
 * compare JSON report plus each configuration's baseline runs), which later
 * judgements read to know which runs were accepted.
 * DIR/<series>/acks.json keeps the acknowledgements (history_baseline.h).
 */
#ifndef HMMBENCH_HISTORY_H
#define HMMBENCH_HISTORY_H

#include <jansson.h>
#include <stddef.h>


#define HISTORY_DEFAULT_WINDOW	5
#define HISTORY_DEFAULT_TREND	30	/* runs shown in a trend plot */
#define HISTORY_MAX_WINDOW	100	/* --window */

/* Keep [A-Za-z0-9._+-], turn anything else into '-'. */
void history_sanitize(const char *in, char *out, size_t len);
/*
 * The kernel track of a release (see above) into @buf; 1 when a Debian
 * ABI or stable version was taken out, 0 when the release is kept whole.
 */
int history_kernel_track(const char *release, char *buf, size_t len);
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

/* The run files (<digit>*.json) of a series directory, sorted; free with history_names_free(). */
int history_list_runs(const char *series_dir, char ***names, size_t *n);
/* The series (subdirectories) of a history directory, sorted. */
int history_list_series(const char *dir, char ***names, size_t *n);
void history_names_free(char **names, size_t n);

#endif
