/* SPDX-License-Identifier: GPL-2.0 */
/* Loading a results document. */
#ifndef HMMBENCH_RESULTS_LOAD_H
#define HMMBENCH_RESULTS_LOAD_H

#include <jansson.h>
#include <stddef.h>

/*
 * Read a results file and check the parts 'compare' relies on. A journal
 * left beside it by an interrupted run is folded in first (and the context
 * gets "recovered_from_journal": true). NULL on
 * failure with err like "FILE: benchmarks[2] (\"name\"): samples_ns: ...".
 */
json_t *results_load(const char *path, char *err, size_t errlen);

#endif
