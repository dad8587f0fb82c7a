// SPDX-License-Identifier: GPL-2.0
/* hmmbench: benchmark and regression harness for HMM page-table mirroring. */
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

/*
 * Commands of two words ("history ack"): dispatched here, so that no
 * command has to call another. They get argv from the second word on.
 */
struct subcommand {
	const char *name, *sub;
	int (*run)(int argc, char **argv);
};

static const struct subcommand subcommands[] = {
	{ "history", "ack", cmd_history_ack },
};

static const struct command commands[] = {
	{ "info", cmd_info, "module ABI, kernel, features, clocksource, THP and hugetlb settings" },
	{ "doctor", cmd_doctor, "is this machine ready for a run: kernel, module, signing, PMU, cpufreq, SMT (no module needed)" },
	{ "verify", cmd_verify, "check hmm_range_fault output against /proc/self/pagemap" },
	{ "run", cmd_run, "measure the parameter matrix and write a results document" },
	{ "plot", cmd_plot, "render a results document's plots with gnuplot" },
	{ "summary", cmd_summary, "median ns/page per configuration of results documents" },
	{ "fuzz", cmd_fuzz, "seeded random ioctls checked against the documented errors" },
	{ "scenario", cmd_scenario, "invalidation storms and mmap_lock scaling, as results documents" },
	{ "compare", cmd_compare, "regression verdict between two results documents (exit 0/1/2/125)" },
	{ "export", cmd_export, "a results document as Google Benchmark, bencher BMF or LAVA" },
	{ "history", cmd_history, "store nightly runs, compare the newest with a window, trend plots" },
	{ "ab", cmd_ab, "A/B of two kernels under QEMU: interleaved boots, re-runs of unknowns" },
	{ "kernel", cmd_kernel, "register or build your own kernel tree for the QEMU guests" },
	{ "bisect", cmd_bisect, "git bisect run on a kernel tree: build, boot, measure, judge each step" },
	{ "lava", cmd_lava, "LAVA jobs for a kernel: generate, run with lava-run, collect the results" },
	{ "merge", cmd_merge, "pool the samples of results documents of the same matrix" },
	{ "sensitivity", cmd_sensitivity, "false-alarm rate and smallest detected injected cost" },
	{ "peers", cmd_peers, "cross-check against the in-tree test_hmm and gup_test; peer timings" },
	{ "sim-merge", cmd_sim_merge, "add the cache-simulation plugin's counters to a sim-mode guest's results" },
	{ "formats", cmd_formats, "table:<t> against convert:<t> in one results document: ratios, CIs" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: hmmbench COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'hmmbench COMMAND --help' describes each command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; argc > 2 && i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name) && !strcmp(argv[2], subcommands[i].sub))
			return subcommands[i].run(argc - 2, argv + 2);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "hmmbench: unknown command '%s' (try 'hmmbench --help')\n", argv[1]);
	return EXIT_USAGE;
}
