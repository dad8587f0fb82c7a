/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine and module facts as JSON objects (jansson): `hmmbench info
 * --json` prints them, the results context of `hmmbench run` embeds them.
 */
#ifndef HMMBENCH_FACTS_JSON_H
#define HMMBENCH_FACTS_JSON_H

#include <jansson.h>

#include "hmm_bench_uapi.h"
#include "measure/sysinfo.h"
#include "measure/tuning.h"

json_t *facts_json_sys(const struct sys_facts *facts);

/* The machine state: cpufreq, boost, SMT siblings, Secure Boot, perf, hugetlb per node. */
json_t *facts_json_tuning(const struct tuning_facts *facts);

/* GET_INFO plus the built-in tables (each with its name and table string). */
json_t *facts_json_module(const struct hmm_bench_info *info,
			  const struct hmm_bench_table_query *tables, unsigned int nr_tables);

/* The runner's own version, git revision and ABI version. */
json_t *facts_json_runner(void);

#endif
