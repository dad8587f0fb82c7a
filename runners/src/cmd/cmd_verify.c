// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench verify: the command line of the checks that the module's output
 * matches the kernel's page tables (check/verify_run.h runs them).
 */
#include <stdio.h>
#include <string.h>

#include "check/verify_run.h"
#include "cmd/commands.h"
#include "measure/flag_table.h"
#include "measure/page_kind.h"
#include "util/parse_number.h"

static void verify_usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench verify [--kinds LIST] [--pages N] [--table SPEC] [--strict] [--verbose]\n\n"
		"Check hmm_range_fault() output, through the module, against /proc/self/pagemap\n"
		"for every page kind, populated or not, read-only or writable, SNAPSHOT and FAULT\n"
		"with write patterns none, all, alternate and every:3; round-trip every built-in\n"
		"flag table and compare convert:<table> (and table:<table> on a patched kernel)\n"
		"with the stock entries. Needs root. Exit 0 all passed, 1 a check failed, 2 usage.\n\n"
		"  --kinds LIST   page kinds: 4k,thp,hugetlb2m or all (default all)\n"
		"  --pages N      pages per buffer (default %u; a multiple of 512 for thp, hugetlb2m)\n"
		"  --table SPEC   also verify convert:user with this table:\n"
		"                 flags=VALID,WRITE,DEVICE_PRIVATE:values=ERROR,NONE,SPECIAL:shift=N\n"
		"  --strict       count known kernel deviations (reported as KNOWN) as failures\n"
		"  --verbose      print every check, not only failures and skips\n",
		VERIFY_RUN_DEFAULT_PAGES);
}

static int parse_options(struct verify_run_options *v, int argc, char **argv)
{
	char err[256];

	v->kinds = PAGE_KINDS_ALL;
	v->nr_pages = VERIFY_RUN_DEFAULT_PAGES;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			verify_usage(stdout);
			return -1;
		} else if (!strcmp(arg, "--verbose") || !strcmp(arg, "-v")) {
			v->verbose = 1;
			continue;
		} else if (!strcmp(arg, "--strict")) {
			v->strict = 1;
			continue;
		} else if (strcmp(arg, "--kinds") && strcmp(arg, "--pages") && strcmp(arg, "--table")) {
			fprintf(stderr, "hmmbench verify: unknown option '%s' (try --help)\n", arg);
			return EXIT_USAGE;
		}
		if (!value) {
			fprintf(stderr, "hmmbench verify: %s needs a value\n", arg);
			return EXIT_USAGE;
		}
		i++;
		if (!strcmp(arg, "--kinds")) {
			if (page_kind_parse_list(value, &v->kinds, err, sizeof(err))) {
				fprintf(stderr, "hmmbench verify: --kinds: %s\n", err);
				return EXIT_USAGE;
			}
		} else if (!strcmp(arg, "--pages")) {
			unsigned long long n;

			if (parse_number_u64(value, 10, 1, VERIFY_RUN_MAX_PAGES, &n)) {
				fprintf(stderr, "hmmbench verify: --pages: '%s' is not a number from 1 to %u\n",
					value, VERIFY_RUN_MAX_PAGES);
				return EXIT_USAGE;
			}
			v->nr_pages = n;
		} else {
			if (flag_table_parse(value, &v->user_table, err, sizeof(err))) {
				fprintf(stderr, "hmmbench verify: --table: %s\n", err);
				return EXIT_USAGE;
			}
			v->have_user_table = 1;
		}
	}
	if ((v->kinds & ~(1U << PAGE_KIND_4K)) && v->nr_pages % 512) {
		fprintf(stderr, "hmmbench verify: --pages %zu: thp and hugetlb2m buffers need a multiple of 512 pages (2 MiB)\n",
			v->nr_pages);
		return EXIT_USAGE;
	}
	return 0;
}
int cmd_verify(int argc, char **argv)
{
	struct verify_run_options o;
	int ret;

	memset(&o, 0, sizeof(o));
	ret = parse_options(&o, argc, argv);
	if (ret)
		return ret < 0 ? EXIT_OK : ret;
	return verify_run(&o);
}
