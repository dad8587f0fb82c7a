/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 'hmmbench fuzz': seeded random and mutated ioctls on /dev/hmm_bench from
 * several threads, on one shared fd and on fds of their own, while another
 * thread munmaps, remaps, mprotects and MADV_DONTNEEDs part of the memory
 * the calls mirror. Every result is checked against fuzz_oracle.h.
 *
 * Each fuzzing thread draws from its own stream (rng_derive_seed(seed,
 * thread)), so a seed and a thread count reproduce the same calls; only the
 * outcomes of calls on churned memory depend on timing.
 */
#ifndef HMMBENCH_FUZZ_H
#define HMMBENCH_FUZZ_H

#include <stdint.h>
#include <stdio.h>

#include "check/fuzz_types.h"

/*
 * Open the device, lay out the memory, run the threads, fill @r. Returns 0
 * when the fuzzing ran (failures are in r->failures), -1 with @err when it
 * could not start (no module, no memory).
 */
int fuzz_run(const struct fuzz_options *o, struct fuzz_report *r, char *err, size_t errlen);

const char *fuzz_cmd_name(enum fuzz_cmd c);

#endif
