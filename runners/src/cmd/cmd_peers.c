// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench peers: cross-check hmmbench's stock HMM pfns against the
 * kernel's in-tree peers on the same memory, and time the peers beside
 * hmmbench (peer figures). Per page kind: test_hmm's SNAPSHOT protection
 * bytes must be what hmmbench's fixed entries imply (written, read and
 * unpopulated buffers), and the PFNs gup_test pins must be hmmbench's PFNs
 * (written buffers). A peer the kernel lacks is skipped with the reason,
 * never failed: Debian's kernels have neither.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "measure/buffer.h"
#include "cmd/commands.h"
#include "measure/device.h"
#include "measure/pagemap.h"
#include "check/peer_check.h"
#include "check/peer_gup.h"
#include "check/peer_hmm.h"
#include "results/results.h"
#include "results/results_write.h"
#include "results/results_journal.h"
#include "stats/stats.h"
#include "measure/sysinfo.h"
#include "util/parse_number.h"
#include "measure/hugetlb.h"
#include "util/build_info.h"


#define PEERS_DEFAULT_PAGES	1024	/* 4 MiB: two 2 MiB pages of the huge kinds */
#define PEERS_MAX_PAGES		(1U << 18)
#define PEERS_DEFAULT_REPEATS	10
#define PEERS_MAX_REPEATS	1000
#define PEERS_PICKED		32	/* pages whose PFN gup_test dumps, per buffer */
#define PEERS_WARMUP		2

struct peers {
	unsigned int kinds;
	size_t nr_pages;
	unsigned int repeats;
	const char *out;

	struct hmm_device dev;
	int dmirror_fd, gup_fd;
	char dmirror_skip[256], gup_skip[256];
	int pagemap_fd;
	uint64_t zero_pfn;

	uint64_t *fixed;
	uint8_t *prot;
	double *series;

	unsigned int passed, failed, skipped;
	json_t *checks, *figures;
};

enum fill { FILL_WRITTEN, FILL_READ, FILL_NONE };
static const char *const fill_names[] = { "written", "read", "unpopulated" };

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench peers [--kinds LIST] [--pages N] [--repeats N] [--out FILE]\n\n"
		"Cross-check hmmbench's stock HMM pfns against the kernel's in-tree peers on\n"
		"the same buffers: test_hmm's SNAPSHOT protection per page (written, read and\n"
		"unpopulated buffers) and the PFNs gup_test pins (written buffers); then time\n"
		"hmmbench's snapshot, test_hmm's SNAPSHOT and gup_test's fast get/pin\n"
		"benchmarks on the same range (peer figures). A peer the kernel lacks is\n"
		"skipped with the reason. Needs root and hmm_bench.ko; test_hmm.ko loaded for\n"
		"test_hmm, CONFIG_GUP_TEST and debugfs for gup_test.\n"
		"Exit 0 every check passed or was skipped, 1 a check failed, 2 usage.\n\n"
		"  --kinds LIST   4k,thp,hugetlb2m or all (default all)\n"
		"  --pages N      pages per buffer (default %u; a multiple of 512)\n"
		"  --repeats N    timed calls per peer figure (default %u)\n"
		"  --out FILE     write the checks and figures as JSON (hmmbench_peers 1)\n",
		PEERS_DEFAULT_PAGES, PEERS_DEFAULT_REPEATS);
}

static int parse_number(const char *flag, const char *value, unsigned long max, unsigned long *n)
{
	unsigned long long v;

	if (parse_number_u64(value, 10, 1, max, &v)) {
		fprintf(stderr, "hmmbench peers: %s: '%s' is not a number from 1 to %lu\n", flag,
			value, max);
		return -1;
	}
	*n = (unsigned long)v;
	return 0;
}

static int parse_options(struct peers *p, int argc, char **argv)
{
	char err[256];
	unsigned long n;

	p->kinds = PAGE_KINDS_ALL;
	p->nr_pages = PEERS_DEFAULT_PAGES;
	p->repeats = PEERS_DEFAULT_REPEATS;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			usage(stdout);
			return -1;
		}
		if (strcmp(arg, "--kinds") && strcmp(arg, "--pages") && strcmp(arg, "--repeats") &&
		    strcmp(arg, "--out")) {
			fprintf(stderr, "hmmbench peers: unknown option '%s' (try --help)\n", arg);
			return EXIT_USAGE;
		}
		if (!value) {
			fprintf(stderr, "hmmbench peers: %s needs a value\n", arg);
			return EXIT_USAGE;
		}
		i++;
		if (!strcmp(arg, "--kinds")) {
			if (page_kind_parse_list(value, &p->kinds, err, sizeof(err))) {
				fprintf(stderr, "hmmbench peers: --kinds: %s\n", err);
				return EXIT_USAGE;
			}
		} else if (!strcmp(arg, "--pages")) {
			if (parse_number(arg, value, PEERS_MAX_PAGES, &n))
				return EXIT_USAGE;
			if (n % 512) {
				fprintf(stderr, "hmmbench peers: --pages %lu: must be a multiple of 512 (2 MiB) so every kind has whole huge pages\n", n);
				return EXIT_USAGE;
			}
			p->nr_pages = n;
		} else if (!strcmp(arg, "--repeats")) {
			if (parse_number(arg, value, PEERS_MAX_REPEATS, &n))
				return EXIT_USAGE;
			p->repeats = (unsigned int)n;
		} else {
			p->out = value;
		}
	}
	return 0;
}

/* One check's outcome: printed, counted and kept for the JSON document. */
static void record(struct peers *p, const char *peer, const char *name, const char *result,
		   const char *detail)
{
	const char *label = !strcmp(result, "pass") ? "ok  " : !strcmp(result, "fail") ? "FAIL" : "skip";

	if (!strcmp(result, "pass"))
		p->passed++;
	else if (!strcmp(result, "fail"))
		p->failed++;
	else
		p->skipped++;
	printf("%s %s %s: %s\n", label, peer, name, detail);
	fflush(stdout);
	json_array_append_new(p->checks, json_pack("{s:s, s:s, s:s, s:s}", "peer", peer, "name",
						   name, "result", result, "detail", detail));
}

/* hmmbench's own stock entries for @buf: one SNAPSHOT sample, fixed format. */
static int hmmbench_fixed(struct peers *p, const struct test_buffer *buf, unsigned int samples,
			  double *sample_ns)
{
	struct hmm_bench_sample one, *s = samples > 1 ? calloc(samples, sizeof(*s)) : &one;
	struct hmm_bench_run run = {
		.addr = (uintptr_t)buf->addr,
		.len = buf->len,
		.op = HMM_BENCH_OP_SNAPSHOT,
		.format = HMM_BENCH_FORMAT_FIXED,
		.write_pattern = HMM_BENCH_WRITE_NONE,
		.nr_samples = samples,
		.warmup = samples > 1 ? PEERS_WARMUP : 0,
	};
	int ret;

	if (!s)
		return -ENOMEM;
	run.samples_ptr = (uintptr_t)s;
	if (samples == 1) {
		run.entries_ptr = (uintptr_t)p->fixed;
		run.entries_bytes = p->nr_pages * sizeof(*p->fixed);
	}
	ret = device_run(p->dev.fd, &run);
	for (unsigned int i = 0; !ret && sample_ns && i < samples; i++)
		sample_ns[i] = (double)s[i].total_ns;
	if (s != &one)
		free(s);
	return ret;
}

static void check_dmirror(struct peers *p, const struct test_buffer *buf, const char *name)
{
	size_t first, bad;
	uint64_t wall, valid = 0, write = 0, huge = 0, zero = 0;
	char detail[320];
	int ret;

	if (p->dmirror_fd < 0) {
		record(p, "test_hmm", name, "skip", p->dmirror_skip);
		return;
	}
	ret = peer_hmm_snapshot(p->dmirror_fd, buf->addr, p->nr_pages, p->prot, &wall);
	if (ret) {
		snprintf(detail, sizeof(detail), "HMM_DMIRROR_SNAPSHOT: %s", strerror(-ret));
		record(p, "test_hmm", name, "fail", detail);
		return;
	}
	bad = peer_check_dmirror(p->fixed, p->prot, p->nr_pages, p->zero_pfn, &first);
	if (bad) {
		snprintf(detail, sizeof(detail),
			 "%zu of %zu pages differ; first page %zu: test_hmm 0x%02x, hmmbench's fixed entry 0x%016llx implies 0x%02x",
			 bad, p->nr_pages, first, p->prot[first], (unsigned long long)p->fixed[first],
			 peer_check_dmirror_expected(p->fixed[first], p->zero_pfn));
		record(p, "test_hmm", name, "fail", detail);
		return;
	}
	for (size_t i = 0; i < p->nr_pages; i++) {
		uint64_t entry = p->fixed[i];

		if (!(entry & HMM_BENCH_ENTRY_VALID))
			continue;
		valid++;
		write += !!(entry & HMM_BENCH_ENTRY_WRITE);
		huge += hmm_bench_entry_order(entry) == 9;
		zero += hmm_bench_entry_pfn(entry) == p->zero_pfn;
	}
	snprintf(detail, sizeof(detail),
		 "SNAPSHOT protection of all %zu pages agrees with hmmbench's fixed entries (%llu valid: %llu write, %llu PMD, %llu zero page)",
		 p->nr_pages, (unsigned long long)valid, (unsigned long long)write,
		 (unsigned long long)huge, (unsigned long long)zero);
	record(p, "test_hmm", name, "pass", detail);
}

static void check_gup(struct peers *p, const struct test_buffer *buf, const char *name)
{
	size_t pages[PEERS_PICKED], n, bad = 0, first = 0;
	uint64_t pfns[PEERS_PICKED];
	char detail[320], err[256];
	int ret;

	if (p->gup_fd < 0) {
		record(p, "gup_test", name, "skip", p->gup_skip);
		return;
	}
	n = peer_check_pick_pages(p->nr_pages, pages, PEERS_PICKED);
	ret = peer_gup_dump_pfns(p->gup_fd, buf->addr, p->nr_pages, pages, n, pfns, err,
				 sizeof(err));
	if (ret) {
		record(p, "gup_test", name, "fail", err);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t entry = p->fixed[pages[i]];

		if ((entry & HMM_BENCH_ENTRY_VALID) && pfns[i] == hmm_bench_entry_pfn(entry))
			continue;
		if (!bad++)
			first = i;
	}
	if (bad) {
		uint64_t entry = p->fixed[pages[first]];

		if (pfns[first] == UINT64_MAX)
			snprintf(detail, sizeof(detail),
				 "%zu of %zu pinned pages differ; page %zu: no dump found in /dev/kmsg",
				 bad, n, pages[first]);
		else
			snprintf(detail, sizeof(detail),
				 "%zu of %zu pinned pages differ; page %zu: gup_test pfn 0x%llx, hmmbench pfn 0x%llx%s",
				 bad, n, pages[first], (unsigned long long)pfns[first],
				 (unsigned long long)hmm_bench_entry_pfn(entry),
				 entry & HMM_BENCH_ENTRY_VALID ? "" : " (not valid)");
		record(p, "gup_test", name, "fail", detail);
		return;
	}
	snprintf(detail, sizeof(detail),
		 "PFNs of %zu pinned pages (first, last, both sides of 2 MiB boundaries, every sixteenth) equal hmmbench's",
		 n);
	record(p, "gup_test", name, "pass", detail);
}

/* {median, min, max, n} of @x, or null without values. */
static json_t *figure(const double *x, size_t n, double pages)
{
	if (!n)
		return json_null();
	return json_pack("{s:f, s:f, s:f, s:f, s:I}", "median", stats_median(x, n), "min",
			 stats_min(x, n), "max", stats_max(x, n), "median_per_page",
			 stats_median(x, n) / pages, "n", (json_int_t)n);
}

static void print_figure(const char *what, const double *x, size_t n, const char *unit,
			 double pages, const char *skip)
{
	if (!n) {
		printf("  %-44s skipped: %s\n", what, skip);
		return;
	}
	printf("  %-44s %10.1f %s [%.1f, %.1f]  %8.2f %s/page\n", what, stats_median(x, n), unit,
	       stats_min(x, n), stats_max(x, n), stats_median(x, n) / pages, unit);
}

/* Peer figures on a written buffer: each timed @repeats times, medians kept. */
static void figures(struct peers *p, const struct test_buffer *buf)
{
	double *hb = p->series, *dm = hb + p->repeats, *gg = dm + p->repeats;
	double *gp = gg + p->repeats, *pg = gp + p->repeats, *pp = pg + p->repeats;
	size_t nhb = 0, ndm = 0, ngup = 0, npin = 0;
	double pages = (double)p->nr_pages;
	char err[128] = "";
	const char *gup_why;
	json_t *f;

	if (!hmmbench_fixed(p, buf, p->repeats, hb))
		nhb = p->repeats;
	for (unsigned int i = 0; p->dmirror_fd >= 0 && i < p->repeats; i++) {
		uint64_t ns;

		if (peer_hmm_snapshot(p->dmirror_fd, buf->addr, p->nr_pages, p->prot, &ns))
			break;
		dm[ndm++] = (double)ns;
	}
	for (unsigned int i = 0; p->gup_fd >= 0 && i < p->repeats; i++) {
		uint64_t get, put;

		if (peer_gup_benchmark(p->gup_fd, 0, buf->addr, p->nr_pages, &get, &put))
			break;
		gg[ngup] = (double)get;
		gp[ngup++] = (double)put;
	}
	for (unsigned int i = 0; p->gup_fd >= 0 && i < p->repeats; i++) {
		uint64_t get, put;

		if (peer_gup_benchmark(p->gup_fd, 1, buf->addr, p->nr_pages, &get, &put))
			break;
		pg[npin] = (double)get;
		pp[npin++] = (double)put;
	}
	printf("peer figures: %s, %zu pages written, median [min, max] of %u calls:\n",
	       page_kind_name(buf->kind), p->nr_pages, p->repeats);
	snprintf(err, sizeof(err), "the hmm_bench RUN ioctl failed");
	print_figure("hmmbench snapshot/fixed (driver loop)", hb, nhb, "ns", pages, err);
	print_figure("test_hmm SNAPSHOT (ioctl wall, 64 pages/walk)", dm, ndm, "ns", pages,
		     p->dmirror_fd < 0 ? p->dmirror_skip : "SNAPSHOT failed");
	gup_why = p->gup_fd < 0 ? p->gup_skip : "the benchmark failed";
	print_figure("gup_test GUP_FAST_BENCHMARK get", gg, ngup, "us", pages, gup_why);
	print_figure("gup_test GUP_FAST_BENCHMARK put", gp, ngup, "us", pages, gup_why);
	print_figure("gup_test PIN_FAST_BENCHMARK get", pg, npin, "us", pages, gup_why);
	print_figure("gup_test PIN_FAST_BENCHMARK put", pp, npin, "us", pages, gup_why);
	f = json_pack("{s:s, s:s, s:I, s:I, s:i}", "kind", page_kind_name(buf->kind), "buffer",
		      fill_names[FILL_WRITTEN], "pages", (json_int_t)p->nr_pages, "bytes",
		      (json_int_t)buf->len, "repeats", (int)p->repeats);
	json_object_set_new(f, "hmmbench_snapshot_fixed_ns", figure(hb, nhb, pages));
	json_object_set_new(f, "test_hmm_snapshot_wall_ns", figure(dm, ndm, pages));
	json_object_set_new(f, "gup_fast_get_us", figure(gg, ngup, pages));
	json_object_set_new(f, "gup_fast_put_us", figure(gp, ngup, pages));
	json_object_set_new(f, "pin_fast_get_us", figure(pg, npin, pages));
	json_object_set_new(f, "pin_fast_put_us", figure(pp, npin, pages));
	json_array_append_new(p->figures, f);
}

static void run_kind(struct peers *p, enum page_kind kind)
{
	for (int fill = FILL_WRITTEN; fill <= FILL_NONE; fill++) {
		struct test_buffer buf;
		char name[96], reason[256], detail[320];
		int ret;

		snprintf(name, sizeof(name), "%s %s", page_kind_name(kind), fill_names[fill]);
		if (buffer_alloc(&buf, kind, p->nr_pages * 4096, reason, sizeof(reason))) {
			record(p, "test_hmm", name, "skip", reason);
			if (fill == FILL_WRITTEN)
				record(p, "gup_test", name, "skip", reason);
			continue;
		}
		if (fill != FILL_NONE)
			buffer_populate(&buf, fill == FILL_WRITTEN ? TOUCH_WRITE : TOUCH_READ);
		ret = hmmbench_fixed(p, &buf, 1, NULL);
		if (ret) {
			snprintf(detail, sizeof(detail), "hmmbench's own snapshot failed: %s",
				 strerror(-ret));
			record(p, "hmmbench", name, "fail", detail);
			buffer_free(&buf);
			continue;
		}
		check_dmirror(p, &buf, name);
		if (fill == FILL_WRITTEN) {
			check_gup(p, &buf, name);
			figures(p, &buf);
		}
		buffer_free(&buf);
	}
}

static json_t *peer_status(int fd, const char *skip)
{
	return fd >= 0 ? json_pack("{s:b}", "available", 1) :
			 json_pack("{s:b, s:s}", "available", 0, "skipped", skip);
}

static int write_document(struct peers *p)
{
	struct sys_facts facts;
	char date[32], err[512];
	time_t now = time(NULL);
	json_t *doc;
	int ret;

	sysinfo_gather(&facts);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	doc = json_pack("{s:i, s:{s:s, s:s, s:s, s:s, s:s, s:I, s:i}, s:{s:o, s:o}, s:O, s:O, s:{s:i, s:i, s:i}}",
			"hmmbench_peers", 1,
			"context", "kernel_release", facts.kernel_release, "mode", facts.mode,
			"date", date, "hmmbench_version", build_info_version(), "hmmbench_git_rev",
			build_info_git_rev(), "pages", (json_int_t)p->nr_pages, "repeats", (int)p->repeats,
			"peers", "test_hmm", peer_status(p->dmirror_fd, p->dmirror_skip),
			"gup_test", peer_status(p->gup_fd, p->gup_skip),
			"checks", p->checks, "figures", p->figures,
			"summary", "passed", p->passed, "failed", p->failed, "skipped", p->skipped);
	if (!doc) {
		fprintf(stderr, "hmmbench peers: cannot build the JSON document\n");
		return -ENOMEM;
	}
	ret = results_write_atomic(doc, p->out, err, sizeof(err));
	if (ret)
		fprintf(stderr, "hmmbench peers: %s\n", err);
	json_decref(doc);
	return ret;
}

static void peers_free(struct peers *p)
{
	free(p->fixed);
	free(p->prot);
	free(p->series);
	json_decref(p->checks);
	json_decref(p->figures);
	if (p->dmirror_fd >= 0)
		close(p->dmirror_fd);
	if (p->gup_fd >= 0)
		close(p->gup_fd);
	if (p->pagemap_fd >= 0)
		close(p->pagemap_fd);
	device_close(&p->dev);
	hugetlb_restore();
}

int cmd_peers(int argc, char **argv)
{
	struct peers p;
	char err[512];
	int ret;

	memset(&p, 0, sizeof(p));
	p.dev.fd = p.dmirror_fd = p.gup_fd = p.pagemap_fd = -1;
	ret = parse_options(&p, argc, argv);
	if (ret)
		return ret < 0 ? EXIT_OK : ret;
	if (device_open(&p.dev, err, sizeof(err))) {
		fprintf(stderr, "hmmbench peers: %s\n", err);
		return EXIT_USAGE;
	}
	if (!device_has(&p.dev, HMM_BENCH_FEAT_RAW_ENTRIES)) {
		fprintf(stderr, "hmmbench peers: the module gives this caller no raw entries (no FEAT_RAW_ENTRIES): run as root (CAP_SYS_ADMIN)\n");
		peers_free(&p);
		return EXIT_USAGE;
	}
	p.pagemap_fd = pagemap_open();
	if (p.pagemap_fd < 0 || pagemap_zero_pfn(p.pagemap_fd, &p.zero_pfn) || !p.zero_pfn) {
		fprintf(stderr, "hmmbench peers: cannot find the zero page's PFN in /proc/self/pagemap: run as root (CAP_SYS_ADMIN)\n");
		peers_free(&p);
		return EXIT_USAGE;
	}
	p.fixed = calloc(p.nr_pages, sizeof(*p.fixed));
	p.prot = calloc(p.nr_pages, 1);
	p.series = calloc(6 * (size_t)p.repeats, sizeof(*p.series));
	p.checks = json_array();
	p.figures = json_array();
	if (!p.fixed || !p.prot || !p.series || !p.checks || !p.figures) {
		fprintf(stderr, "hmmbench peers: out of memory\n");
		peers_free(&p);
		return EXIT_FAIL;
	}
	p.dmirror_fd = peer_hmm_open(p.dmirror_skip, sizeof(p.dmirror_skip));
	p.gup_fd = peer_gup_open(p.gup_skip, sizeof(p.gup_skip));
	printf("peers: kernel %s; test_hmm %s; gup_test %s\n", p.dev.info.kernel_release,
	       p.dmirror_fd >= 0 ? "present" : "absent", p.gup_fd >= 0 ? "present" : "absent");
	for (int kind = 0; kind < PAGE_KIND_COUNT; kind++)
		if (p.kinds & (1U << kind))
			run_kind(&p, kind);
	ret = p.failed ? EXIT_FAIL : EXIT_OK;
	if (p.out && write_document(&p))
		ret = EXIT_FAIL;
	printf("peers: %u passed, %u failed, %u skipped\n", p.passed, p.failed, p.skipped);
	peers_free(&p);
	return ret;
}
