/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A model back into a results document: the one writer of documents that
 * are made from other documents (hmmbench merge, history's pooled window).
 *
 * Each configuration goes through results_build_add_benchmark(), so its
 * statistics are recomputed from its samples (seeded with context.seed,
 * default options) rather than copied: a document made of pooled samples
 * must not carry any input's figures. The context is context.json's, in its
 * order, with kernel.release and merged_from set from the typed fields when
 * they differ from it.
 */
#ifndef HMMBENCH_RESULTS_MODEL_WRITE_H
#define HMMBENCH_RESULTS_MODEL_WRITE_H

#include <jansson.h>
#include <stddef.h>

#include "results/results_model.h"

/*
 * {"schema_version", "context", "benchmarks", "skipped"} of @m; a new
 * reference, or NULL with err set.
 */
json_t *results_model_write_document(const struct results_model *m, char *err, size_t errlen);

#endif
