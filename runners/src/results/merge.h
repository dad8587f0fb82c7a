/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pooling runs: one results document whose configurations hold the samples
 * of several documents of the same mode. 'hmmbench merge' (the A/B driver
 * merges each side's batches) and 'hmmbench history' (the baseline window)
 * use it.
 *
 * Configurations pair by parameters, as in compare; the result has every
 * configuration of any input (the first input's order, then new ones),
 * each with the samples of every input that has it, in input order. The
 * inputs are read as models (results_model.h) and the pooled model is
 * written by results_model_write_document(), which recomputes the
 * statistics from the pooled samples. Counters: per event
 * available in every contributing input, the inputs' samples_per_page
 * concatenated, or, where an input has only a per-page value, one value
 * per input (so a pooled counter has a distribution over runs). Retries
 * add up; warm-up, orders and notes come from the first input having the
 * configuration, plus a note "pooled from N runs". The context is the first
 * input's, with "merged_from": [{file, date, seed, hmmbench_git_rev,
 * kernel_release, configurations}] of every input (file when known), and
 * kernel.release null when the inputs' releases differ (a forced merge):
 * the document then claims no one kernel.
 *
 * What may be pooled (merge_check(), used by 'hmmbench merge'
 * unless --force): runs of one kernel release, mode, CPU model, module
 * ABI and matrix. The matrix is the definition recorded in
 * context.matrix.description up to its "; seed" part, so batches of one
 * matrix with different seeds or --only selections (hmmbench ab's re-runs)
 * pool; documents without one pool when one's configurations are a subset
 * of the other's. 'hmmbench history' pools its window with merge_runs()
 * and judges matrix or ABI changes itself, so that keeps checking modes only.
 */
#ifndef HMMBENCH_MERGE_H
#define HMMBENCH_MERGE_H

#include <jansson.h>
#include <stddef.h>

/*
 * Inputs must share context.mode; NULL with err set otherwise, or on
 * allocation failure. A new reference.
 */
json_t *merge_runs(json_t *const *docs, size_t n, char *err, size_t errlen);

/*
 * The same, recording @files (NULL: not known) in merged_from; @force
 * pools different modes too.
 */
json_t *merge_named(json_t *const *docs, const char *const *files, size_t n, int force,
			    char *err, size_t errlen);

/*
 * 0 when @docs may be pooled; else -EINVAL with err naming, in one line,
 * the first input that differs from the first one and everything it
 * differs in: "b.json differs from a.json: kernel 6.1.0-56-amd64 vs
 * 6.1.0-57-amd64; matrix ...". @files may be NULL ("input 2").
 */
int merge_check(json_t *const *docs, const char *const *files, size_t n, char *err,
			size_t errlen);

#endif
