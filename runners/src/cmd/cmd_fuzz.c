// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench fuzz: seeded random and mutated ioctls against /dev/hmm_bench
 * (fuzz.c), every result checked against the documented errors
 * (fuzz_oracle.c), and a report of the error paths the calls reached.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/commands.h"
#include "measure/device.h"
#include "check/fuzz.h"
#include "util/parse_number.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench fuzz [--seed S] [--calls N] [--threads T] [--no-churn] [--show N]\n"
		"\n"
		"Issue N random and mutated ioctls (RUN, GET_INFO, GET_TABLE, unknown commands)\n"
		"from T threads (default 1, at most %d) on a shared fd, fds of their own and\n"
		"fresh fds, while a churn thread munmaps, remaps, mprotects and MADV_DONTNEEDs\n"
		"part of the mirrored memory. Every result must be one the UAPI documents for\n"
		"that input; a success on an input that must fail is a failure too.\n"
		"\n"
		"  --seed S     the seed (default: from the clock, printed); thread i draws from\n"
		"               rng_derive_seed(S, i + 1), so S and T reproduce the calls\n"
		"  --calls N    calls over all threads (default 10000)\n"
		"  --no-churn   no churn thread (outcomes then depend on the seed alone)\n"
		"  --show N     print at most N failures in full (default 20)\n"
		"\n"
		"Exit: 0 no failure, 1 failures, 2 bad usage or no module.\n",
		FUZZ_MAX_THREADS);
}

static int parse_u64(const char *flag, const char *text, uint64_t min, uint64_t max,
		     uint64_t *out)
{
	unsigned long long v;

	if (parse_number_u64(text, 0, min, max, &v)) {
		fprintf(stderr, "hmmbench fuzz: %s '%s': expected a number from %" PRIu64 " to %" PRIu64 "\n",
			flag, text, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static void print_report(const struct fuzz_options *o, const struct fuzz_report *r)
{
	unsigned int reachable = 0, hit = 0;

	printf("hmmbench fuzz: seed %" PRIu64 ", %" PRIu64 " calls, %u thread%s, churn %s (%" PRIu64 " churn operations)\n",
	       o->seed, r->calls, o->threads, o->threads == 1 ? "" : "s", o->churn ? "on" : "off",
	       r->churn_ops);
	printf("  machine: %s paging, flag-table patch %s, CAP_SYS_ADMIN %s, %u built-in tables\n",
	       r->la57 ? "5-level" : "4-level", r->flag_table ? "yes" : "no",
	       r->privileged ? "yes" : "no", r->nr_tables);
	printf("  commands:");
	for (int c = 0; c < FUZZ_NR_CMDS; c++)
		printf(" %s %" PRIu64 "%s", fuzz_cmd_name(c), r->by_cmd[c], c + 1 < FUZZ_NR_CMDS ? "," : "\n");
	printf("  fds: shared %" PRIu64 ", own %" PRIu64 ", fresh %" PRIu64 "; heavy calls (at a work limit) %" PRIu64
	       "; calls on churned or foreign memory %" PRIu64 "; calls breaking several rules %" PRIu64 "\n",
	       r->on_shared_fd, r->on_own_fd, r->on_fresh_fd, r->heavy, r->unknown_memory, r->multi_cause);
	printf("  results:");
	for (int i = 0; i < FUZZ_NR_OUTCOMES; i++)
		if (r->outcomes[i])
			printf(" %s %" PRIu64, fuzz_oracle_outcome_name(i), r->outcomes[i]);
	printf("\n  -EBUSY retries %" PRIu64 ", read_retry %" PRIu64 " (in successful runs)\n",
	       r->ebusy_total, r->read_retry_total);
	printf("  error paths (calls whose only cause was this rule, with its errno):\n");
	for (int p = 0; p < FUZZ_NR_PATHS; p++) {
		const char *note = "";

		if (p == FUZZ_RUN_ENTRIES_PERM && r->privileged)
			note = "  (needs a caller without CAP_SYS_ADMIN: tests/guest/test_access)";
		else if (p == FUZZ_RUN_TABLE_UNSUPPORTED && r->flag_table)
			note = "  (this kernel has the flag-table patch)";
		else if (p == FUZZ_RUN_BUSY)
			note = "  (needs 1 s of back-to-back invalidations: not expected)";
		else
			reachable++;
		if (r->sole_hits[p] && !*note)
			hit++;
		printf("    %-24s %-10s %8" PRIu64 "  %s%s\n", fuzz_oracle_paths[p].name,
		       fuzz_oracle_outcome_name(fuzz_oracle_paths[p].outcome), r->sole_hits[p], fuzz_oracle_paths[p].what, note);
	}
	printf("  coverage: %u of %u reachable paths hit\n", hit, reachable);
	printf("hmmbench fuzz: %" PRIu64 " failure%s (reproduce: hmmbench fuzz --seed %" PRIu64
	       " --calls %" PRIu64 " --threads %u%s)\n",
	       r->failures, r->failures == 1 ? "" : "s", o->seed, o->calls, o->threads,
	       o->churn ? "" : " --no-churn");
}

int cmd_fuzz(int argc, char **argv)
{
	struct fuzz_options o = { .calls = 10000, .threads = 1, .churn = 1, .show = 20, .log = stderr };
	struct fuzz_report r;
	struct hmm_device dev;
	int seed_given = 0;
	char err[512];

	for (int i = 1; i < argc; i++) {
		const char *flag = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t v;

		if (!strcmp(flag, "--help") || !strcmp(flag, "-h")) {
			usage(stdout);
			return EXIT_OK;
		}
		if (!strcmp(flag, "--no-churn")) {
			o.churn = 0;
			continue;
		}
		if (strcmp(flag, "--seed") && strcmp(flag, "--calls") && strcmp(flag, "--threads") &&
		    strcmp(flag, "--show")) {
			fprintf(stderr, "hmmbench fuzz: unknown option '%s' (see --help)\n", flag);
			return EXIT_USAGE;
		}
		if (!value) {
			fprintf(stderr, "hmmbench fuzz: %s needs a value (see --help)\n", flag);
			return EXIT_USAGE;
		}
		i++;
		if (!strcmp(flag, "--seed")) {
			if (parse_u64(flag, value, 0, INT64_MAX, &o.seed))
				return EXIT_USAGE;
			seed_given = 1;
		} else if (!strcmp(flag, "--calls")) {
			if (parse_u64(flag, value, 1, UINT64_MAX / 2, &o.calls))
				return EXIT_USAGE;
		} else if (!strcmp(flag, "--threads")) {
			if (parse_u64(flag, value, 1, FUZZ_MAX_THREADS, &v))
				return EXIT_USAGE;
			o.threads = (unsigned int)v;
		} else {
			if (parse_u64(flag, value, 0, 1000000, &v))
				return EXIT_USAGE;
			o.show = (unsigned int)v;
		}
	}
	if (!seed_given)
		o.seed = (uint64_t)time(NULL) ^ ((uint64_t)clock() << 32);
	o.seed &= INT64_MAX;
	/* The module first: without it, one line saying so and nothing else. */
	if (device_open(&dev, err, sizeof(err))) {
		fprintf(stderr, "hmmbench fuzz: %s\n", err);
		return EXIT_USAGE;
	}
	device_close(&dev);
	fprintf(stderr, "hmmbench fuzz: seed %" PRIu64 ", %" PRIu64 " calls, %u threads\n", o.seed,
		o.calls, o.threads);
	if (fuzz_run(&o, &r, err, sizeof(err))) {
		fprintf(stderr, "hmmbench fuzz: %s\n", err);
		return EXIT_USAGE;
	}
	print_report(&o, &r);
	fflush(stdout);
	return r.failures ? EXIT_FAIL : EXIT_OK;
}
