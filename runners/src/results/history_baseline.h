/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The baseline of a history series and its acknowledgements.
 *
 * Every judged run R of a series keeps, per configuration, the verdict it
 * got (DIR/<series>/verdicts/R.json). A run is ACCEPTED for a configuration
 * when it showed no change there (verdict same or unknown, or it was never
 * judged, as the first run of a series), or when an acknowledgement covers
 * it. The BASELINE of a configuration for the newest run = the last N runs
 * accepted for it (N = --window, default 5), pooled with merge_runs().
 * So a regression or improvement stays out of the baseline and is reported
 * again every night, until someone acknowledges it:
 *
 *   hmmbench history ack [DIR/]SERIES [--config GLOB] --reason TEXT [--by WHO]
 *
 * An acknowledgement is made on the newest judged run K. For each
 * configuration matching GLOB (default: all) whose verdict in K is not
 * "same", it records FROM = the first run of the streak of runs up to K
 * that showed the same change (K itself for an unknown), and who, when
 * and why, in DIR/<series>/acks.json. From then on that configuration's
 * baseline holds only runs from FROM on: the runs FROM .. K are accepted
 * (the new level), later runs as usual. The latest acknowledgement of a
 * configuration is the one in force.
 */
#ifndef HMMBENCH_HISTORY_BASELINE_H
#define HMMBENCH_HISTORY_BASELINE_H

#include <jansson.h>
#include <limits.h>
#include <stddef.h>

#define HISTORY_ACKS_FILE	"acks.json"

/* What judging or acknowledging a series reads. */
struct history_series {
	char dir[PATH_MAX];	/* DIR/<series> */
	char **runs;		/* run files, sorted (oldest first) */
	size_t nr_runs;
	json_t **ledgers;	/* per run: verdicts/<run>, NULL when never judged */
	json_t *acks;		/* acks.json, or {"acks": []} */
};

/* 0, or -1 with the reason in @err (unreadable directory or acks.json). */
int history_baseline_series_open(const char *dir, const char *series, struct history_series *s,
			char *err, size_t len);
void history_baseline_series_close(struct history_series *s);

/* The verdict that @ledger (a verdicts/<run>.json) gave @config; NULL when none. */
const char *history_baseline_ledger_verdict(const json_t *ledger, const char *config);

/*
 * The acknowledgement in force for @config in @acks (acks.json, may be NULL):
 * 0 with the run names it starts @from and was made on (@on), -1 when none.
 */
int history_baseline_ack_in_force(const json_t *acks, const char *config, const char **from,
			 const char **on);

/*
 * The baseline of @config for run @newest of the sorted @runs: the indexes
 * of up to @window accepted runs before it, oldest first, into @out (room
 * for @window). @ledgers[i] is run i's ledger or NULL. Returns the count.
 */
size_t history_baseline(char *const *runs, size_t newest, json_t *const *ledgers,
			const json_t *acks, const char *config, size_t window, size_t *out);

/*
 * Where an acknowledgement of @config on run @on starts: the first run of
 * the streak of runs ending at @on whose verdict equals @on's (regression
 * or improvement) and that no earlier acknowledgement already accepted;
 * @on itself for any other verdict. An index into @runs.
 */
size_t history_baseline_ack_start(char *const *runs, size_t on, json_t *const *ledgers,
			 const json_t *acks, const char *config);

/*
 * The acknowledgement of the newest judged run of @hs: one entry per
 * configuration matching the fnmatch @pattern whose verdict is not
 * "same", with the run its streak began at; *matched counts the matching
 * configurations. NULL on allocation failure.
 */
json_t *history_baseline_ack_make(const struct history_series *hs, const char *pattern,
				  const char *by, const char *reason, size_t *matched);

/* One acknowledged configuration of an acknowledgement. */
struct history_ack_entry {
	const char *name, *verdict, *from;
};

size_t history_baseline_ack_count(const json_t *ack);
struct history_ack_entry history_baseline_ack_entry(const json_t *ack, size_t index);

/* Add @ack to the series' acks (written with the acks file by the caller). */
void history_baseline_ack_add(struct history_series *hs, json_t *ack);

#endif
