/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rules of results/schema.json for the fields the model reads, checked
 * before a file becomes a model (results_model_load()), so that a reader
 * never sees, say, a negative seed or a counter without its reason as a
 * silent 0 or NULL. results_load() has already checked the document's
 * shape (schema_version, mode, the configurations' samples, pages and
 * parameters); this adds the rest the model relies on.
 */
#ifndef HMMBENCH_RESULTS_MODEL_CHECK_H
#define HMMBENCH_RESULTS_MODEL_CHECK_H

#include <jansson.h>
#include <stddef.h>

/* 0, or -EINVAL with err naming @path, the place and the field. */
int results_model_check_document(const json_t *doc, const char *path, char *err, size_t errlen);

#endif
