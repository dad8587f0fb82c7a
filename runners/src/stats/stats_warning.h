/* SPDX-License-Identifier: GPL-2.0 */
/* Warnings of a summary as names and sentences. */
#ifndef HMMBENCH_STATS_WARNING_H
#define HMMBENCH_STATS_WARNING_H

#include <stddef.h>
#include <stdint.h>

#include "stats/stats_summary.h"

/* Short stable name of one warning flag ("high_cv"), NULL if unknown. */
const char *stats_warning_name(unsigned int flag);

/*
 * A one-line, pyperf-like message for one warning flag of @s, e.g.
 * "CV 12.3% is above 10%: the figures may be unstable". Returns the length
 * snprintf would write, or -1 for an unknown flag.
 */
int stats_warning_message(const struct stats_summary *s, unsigned int flag, char *buf,
			  size_t len);

#endif
