/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The short table of a run: per configuration, median per page and its CI,
 * per kernel: ns/page, or for a qemu-sim run estimated cycles per page
 * (per_page_figure_shown()); the header names the unit.
 */
#ifndef HMMBENCH_SUMMARY_H
#define HMMBENCH_SUMMARY_H

#include <stdio.h>

#include "results/results_model.h"

/*
 * One row per configuration found in any of @docs, sorted with
 * summary_name_cmp(), one column group per document, headed by its kernel
 * release and mode; with two documents, a last column with the change of
 * the median (second against first) in percent.
 */
void summary_print(FILE *out, const struct results_model *docs, size_t nr_docs);

/* strcmp() on configuration names, but "/"-separated size fields by value (4K < 2M < 1G). */
int summary_name_cmp(const char *a, const char *b);

#endif
