/* SPDX-License-Identifier: GPL-2.0 */
/* The configurations of a results document and their samples. */
#ifndef HMMBENCH_RESULTS_CONFIG_H
#define HMMBENCH_RESULTS_CONFIG_H

#include <jansson.h>
#include <stddef.h>

/* Configurations ("iteration" entries) of a document, in order. */
size_t results_config_count(const json_t *doc);
json_t *results_config_at(const json_t *doc, size_t index);
/* The configuration whose parameters equal @parameters, or NULL. */
json_t *results_config_find(const json_t *doc, const json_t *parameters);
/* A canonical string of a configuration's parameters (sorted keys); free() it. */
char *results_config_parameters_key(const json_t *config);
/* A malloc'd copy of a numeric array field ("samples_ns"); 0 or -EINVAL/-ENOMEM. */
int results_config_samples(const json_t *config, const char *field, double **out, size_t *n);
/* samples_ns / pages (ns per page); 0 or -EINVAL/-ENOMEM. */
int results_config_per_page(const json_t *config, double **out, size_t *n);
/*
 * The runs a configuration's samples came from: a malloc'd array of sample
 * counts, in sample order ("runs_samples"; one run of all the samples when
 * the field is absent). 0, -EINVAL (counts that are not positive or do not
 * add up to the samples) or -ENOMEM.
 */
int results_config_runs(const json_t *config, size_t **sizes, size_t *n);

#endif
