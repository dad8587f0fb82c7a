/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pooling runs: one results document whose configurations hold the samples
 * of several documents of the same mode. 'hmmbench merge' (the A/B driver
 * merges each side's batches) and 'hmmbench history' (the baseline window)
 * use it.
 *
 * Configurations pair by parameters, as in compare; the result has every
 * configuration of any input (the first input's order, then new ones),
 * each with the samples of every input that has it, in input order, and
 * its statistics recomputed (results_add_benchmark()). Counters: per event
 * available in every contributing input, the inputs' samples_per_page
 * concatenated, or, where an input has only a per-page value, one value
 * per input (so a pooled counter has a distribution over runs). Retries
 * add up; warm-up, orders and notes come from the first input having the
 * configuration, plus a note "pooled from N runs". The context is the first
 * input's, with "merged_from": [{date, hmmbench_git_rev, kernel_release,
 * configurations}] of every input.
 */
#ifndef HMMBENCH_MERGE_H
#define HMMBENCH_MERGE_H

#include <jansson.h>
#include <stddef.h>

/*
 * Inputs must share context.mode; NULL with err set otherwise, or on
 * allocation failure. A new reference.
 */
json_t *results_merge(json_t *const *docs, size_t n, char *err, size_t errlen);

#endif
