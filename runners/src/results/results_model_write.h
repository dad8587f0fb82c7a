/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A model back into a results document: the one writer of results
 * documents, whether made from other documents (hmmbench merge, history's
 * pooled window) or measured (hmmbench run, which writes the context and
 * then each configuration as it finishes).
 *
 * Each configuration goes through results_build_add_benchmark(), so its
 * statistics are recomputed from its samples (seeded with context.seed,
 * default options) rather than copied: a document made of pooled samples
 * must not carry any input's figures. The context is written from its typed
 * fields; a model read from a document keeps that document's context keys
 * and their order (context.json), so reading and writing back changes
 * nothing but what the model changed (merge: kernel.release, merged_from).
 */
#ifndef HMMBENCH_RESULTS_MODEL_WRITE_H
#define HMMBENCH_RESULTS_MODEL_WRITE_H

#include <jansson.h>
#include <stddef.h>

#include "results/results_model.h"
#include "stats/stats.h"
#include "stats/stats_summary.h"

/*
 * A document holding the context @c and no configuration yet:
 * {"schema_version", "context", "benchmarks": [], "skipped": []}. A new
 * reference, or NULL with err set.
 */
json_t *results_model_write_new(const struct results_model_context *c, int64_t schema_version,
				char *err, size_t errlen);

/* Replace the context of @doc with @c's (a run that was interrupted). 0 or -ENOMEM. */
int results_model_write_context(json_t *doc, const struct results_model_context *c, char *err,
				size_t errlen);

/*
 * Append configuration @c to @doc: its iteration entry and its aggregates,
 * statistics computed from its samples with @o (NULL: the defaults), which
 * fill *summary when @summary is not NULL. 0, or -EINVAL/-ENOMEM with err.
 */
int results_model_write_config(json_t *doc, const struct results_model_config *c,
				const struct stats_options *o, struct stats_summary *summary,
				char *err, size_t errlen);

/* Append a configuration that did not run. 0, or -EINVAL/-ENOMEM with err. */
int results_model_write_skipped(json_t *doc, const struct results_model_skipped *s, char *err,
				size_t errlen);

/*
 * {"schema_version", "context", "benchmarks", "skipped"} of @m; a new
 * reference, or NULL with err set.
 */
json_t *results_model_write_document(const struct results_model *m, char *err, size_t errlen);

#endif
