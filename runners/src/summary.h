/* SPDX-License-Identifier: GPL-2.0 */
/* The short table of a run: per configuration, median ns/page and its CI, per kernel. */
#ifndef HMMBENCH_SUMMARY_H
#define HMMBENCH_SUMMARY_H

#include <jansson.h>
#include <stdio.h>

/*
 * One row per configuration found in any of @docs (in first-seen order), one
 * column group per document, headed by its kernel release and mode.
 */
void summary_print(FILE *out, json_t *const *docs, size_t nr_docs);

#endif
