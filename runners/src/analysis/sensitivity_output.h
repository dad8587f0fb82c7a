/* SPDX-License-Identifier: GPL-2.0 */
/* A sensitivity report as Markdown or JSON. */
#ifndef HMMBENCH_SENSITIVITY_OUTPUT_H
#define HMMBENCH_SENSITIVITY_OUTPUT_H

#include <jansson.h>
#include <stdio.h>

#include "analysis/sensitivity.h"

void sensitivity_output_markdown(FILE *out, const struct sensitivity_report *r);
json_t *sensitivity_output_json(const struct sensitivity_report *r);

#endif
