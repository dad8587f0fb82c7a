/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A compare or formats report model (report_model.h) as its JSON document:
 * the one writer of those reports (results/VERDICT.md documents the
 * compare report's fields). A figure that is not finite is written as
 * null, which report_model_read() reads back as NAN.
 */
#ifndef HMMBENCH_REPORT_MODEL_WRITE_H
#define HMMBENCH_REPORT_MODEL_WRITE_H

#include <jansson.h>

#include "results/report_model.h"

/* {"hmmbench_compare": 1, ...}; a new reference, or NULL on allocation failure. */
json_t *report_model_write_compare(const struct report_model_compare *c);

/* {"hmmbench_formats": 1, ...}; a new reference, or NULL on allocation failure. */
json_t *report_model_write_formats(const struct report_model_formats *f);

#endif
