// SPDX-License-Identifier: GPL-2.0
/*
 * The engine of 'hmmbench verify': run the module on real memory of every
 * page kind and check each output entry against the kernel's own page
 * tables (/proc/self/pagemap, /proc/kpageflags) and against what was done
 * to the memory; then check every device format against the stock entries.
 * The rules each entry must satisfy are the pure functions of
 * verify_checks.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "measure/buffer.h"
#include "check/verify_run.h"
#include "util/exit_codes.h"
#include "measure/device.h"
#include "measure/format.h"
#include "measure/pagemap.h"
#include "measure/sysinfo.h"
#include "check/verify_checks.h"
#include "measure/hugetlb.h"

#define MISMATCHES_SHOWN	8
#define TALLY_TABLES		PAGE_KIND_COUNT	/* the tally slot of the table checks */
#define MAX_FORMATS		(2 * DEVICE_MAX_TABLES + 2)

struct tally {
	unsigned int run, passed, failed, skipped;
	unsigned int known;		/* checks whose only fault is a known kernel bug */
	unsigned long long entries;	/* output entries checked */
	unsigned long long order9;	/* of those, valid entries of order 9 */
};

/* One module call of the matrix: an operation and its write requests. */
struct op_spec {
	uint32_t op;
	const char *pattern;
};

static const struct op_spec op_specs[] = {
	{ HMM_BENCH_OP_SNAPSHOT, "none" },
	{ HMM_BENCH_OP_FAULT, "none" },
	{ HMM_BENCH_OP_FAULT, "all" },
	{ HMM_BENCH_OP_FAULT, "alternate" },
	{ HMM_BENCH_OP_FAULT, "every:3" },
};

#define NR_OP_SPECS	(sizeof(op_specs) / sizeof(op_specs[0]))

/* What one verify run holds, grouped by what it is for. */
struct ground_truth {
	int pagemap_fd;
	int kpageflags_fd;
	uint64_t zero_pfn;
	uint64_t huge_zero_pfn;
	int thp_zero_page;
};

/* The module's output and the pagemap around it, nr_pages entries each. */
struct entry_buffers {
	uint64_t *fixed, *converted, *before, *after;
};

struct verify {
	const struct verify_run_options *opt;

	struct hmm_device dev;
	struct hmm_bench_table_query tables[DEVICE_MAX_TABLES];
	unsigned int nr_tables;
	/* The formats compared with fixed on every case. */
	struct device_format formats[MAX_FORMATS];
	unsigned int nr_formats;
	/* Why table:<t> formats are not among them, "" when they are. */
	char table_format_skip[160];
	unsigned int nr_table_formats;

	struct ground_truth truth;
	struct entry_buffers entries;

	struct tally tally[PAGE_KIND_COUNT + 1];
	char kind_skip[PAGE_KIND_COUNT][256];
};
/* @ok: 1 passed, 0 failed, CHECK_KNOWN_DEVIATION (2) only a known kernel bug. */
static void record(struct verify *v, int slot, int ok, const char *name)
{
	struct tally *t = &v->tally[slot];
	const char *label = "ok  ";

	t->run++;
	if (ok == CHECK_KNOWN_DEVIATION && !v->opt->strict) {
		t->known++;
		label = "KNOWN";
	} else if (ok == 1) {
		t->passed++;
	} else {
		t->failed++;
		label = "FAIL";
	}
	if (v->opt->verbose || ok != 1)
		printf("%s %s\n", label, name);
	fflush(stdout);
}

static void skip(struct verify *v, int slot, unsigned int count, const char *name, const char *reason)
{
	v->tally[slot].skipped += count;
	if (v->opt->verbose)
		printf("skip %s: skipped: %s\n", name, reason);
}

/* The format list: convert:<t> for every table, table:<t> with the patch. */
static void build_formats(struct verify *v)
{
	static const uint32_t kinds[] = { HMM_BENCH_FORMAT_CONVERT, HMM_BENCH_FORMAT_TABLE };
	char err[256];

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		unsigned int nr = v->nr_tables + v->opt->have_user_table;

		/*
		 * Issue 4's extension point: table:<t> is checked exactly like
		 * convert:<t> once the kernel has the flag-table patch.
		 */
		if (kinds[k] == HMM_BENCH_FORMAT_TABLE && !device_has(&v->dev, HMM_BENCH_FEAT_FLAG_TABLE)) {
			snprintf(v->table_format_skip, sizeof(v->table_format_skip),
				 "the kernel lacks the flag-table patch (module reports no FEAT_FLAG_TABLE)");
			v->nr_table_formats = nr;
			continue;
		}
		for (unsigned int i = 0; i < nr; i++) {
			struct device_format *f = &v->formats[v->nr_formats];
			const char *name = i < v->nr_tables ? v->tables[i].name : FORMAT_USER_TABLE_NAME;

			memset(f, 0, sizeof(*f));
			f->format = kinds[k];
			snprintf(f->table_name, sizeof(f->table_name), "%s", name);
			if (format_resolve(f, v->tables, v->nr_tables,
					   v->opt->have_user_table ? &v->opt->user_table : NULL, err, sizeof(err))) {
				fprintf(stderr, "hmmbench verify: %s\n", err);
				continue;
			}
			v->nr_formats++;
		}
	}
}

/* The huge zero page, found by read-faulting a fresh THP-eligible block. */
static uint64_t probe_huge_zero_pfn(int pagemap_fd, uint64_t zero_pfn)
{
	struct test_buffer buf;
	uint64_t entries[512];
	char reason[256];
	uint64_t first;

	if (buffer_alloc(&buf, PAGE_KIND_THP, HUGE_2M, reason, sizeof(reason)))
		return 0;
	buffer_populate(&buf, TOUCH_READ);
	first = 0;
	if (!pagemap_read(pagemap_fd, (uintptr_t)buf.addr, 512, entries) &&
	    pagemap_present(entries[0])) {
		first = pagemap_pfn(entries[0]);
		for (int i = 0; i < 512 && first; i++)
			if (!pagemap_present(entries[i]) || pagemap_pfn(entries[i]) != first + i)
				first = 0;
		if (first == zero_pfn || first % 512)
			first = 0;
	}
	buffer_free(&buf);
	return first;
}

static int setup_ground_truth(struct verify *v)
{
	struct sys_facts facts;
	int ret;

	v->truth.pagemap_fd = pagemap_open();
	if (v->truth.pagemap_fd < 0) {
		fprintf(stderr, "hmmbench verify: /proc/self/pagemap: %s\n", strerror(-v->truth.pagemap_fd));
		return EXIT_USAGE;
	}
	ret = pagemap_zero_pfn(v->truth.pagemap_fd, &v->truth.zero_pfn);
	if (ret || !v->truth.zero_pfn) {
		fprintf(stderr, "hmmbench verify: /proc/self/pagemap shows no PFNs (%s): run as root (CAP_SYS_ADMIN)\n",
			ret ? strerror(-ret) : "they read as 0");
		return EXIT_USAGE;
	}
	/* Without kpageflags the THP order check falls back to pfn alignment. */
	v->truth.kpageflags_fd = pagemap_kpageflags_open();
	sysinfo_gather(&facts);
	v->truth.thp_zero_page = !strcmp(facts.thp_use_zero_page, "1");
	if (v->truth.thp_zero_page)
		v->truth.huge_zero_pfn = probe_huge_zero_pfn(v->truth.pagemap_fd, v->truth.zero_pfn);
	printf("verify: kernel %s, mode %s, %zu pages per buffer, zero page pfn 0x%llx, huge zero page pfn %s0x%llx, kpageflags %s\n",
	       facts.kernel_release, facts.mode, v->opt->nr_pages, (unsigned long long)v->truth.zero_pfn,
	       v->truth.huge_zero_pfn ? "" : "unknown ", (unsigned long long)v->truth.huge_zero_pfn,
	       v->truth.kpageflags_fd >= 0 ? "readable" : "unreadable");
	return 0;
}

/* One module call on @buf; the entries come back in @entries. */
static int run_module(struct verify *v, const struct test_buffer *buf, const struct op_spec *spec,
		      const struct write_pattern *pattern, const struct device_format *fmt,
		      uint64_t *entries, struct hmm_bench_run *run)
{
	struct hmm_bench_sample sample;
	char err[256];

	memset(run, 0, sizeof(*run));
	run->addr = (uintptr_t)buf->addr;
	run->len = buf->len;
	run->op = spec->op;
	format_apply(fmt, run);
	if (write_pattern_apply(pattern, v->opt->nr_pages, run, err, sizeof(err)))
		return -EINVAL;
	run->nr_samples = 1;
	run->samples_ptr = (uintptr_t)&sample;
	/* A poison the module must overwrite: no entry of ours looks like it. */
	memset(entries, 0x5a, v->opt->nr_pages * sizeof(*entries));
	run->entries_ptr = (uintptr_t)entries;
	run->entries_bytes = v->opt->nr_pages * sizeof(*entries);
	return device_run(v->dev.fd, run);
}

static void show_mismatch(unsigned int *shown, size_t page, const struct test_buffer *buf,
			  const char *what, uint64_t value, const char *other, uint64_t other_value,
			  const char *why)
{
	if ((*shown)++ >= MISMATCHES_SHOWN)
		return;
	printf("  page %zu (0x%lx): %s 0x%016llx, %s 0x%016llx: %s\n", page,
	       (unsigned long)(buf->addr + page * 4096), what, (unsigned long long)value,
	       other, (unsigned long long)other_value, why);
}

static void show_more(unsigned int shown)
{
	if (shown > MISMATCHES_SHOWN)
		printf("  ... and %u more mismatches\n", shown - MISMATCHES_SHOWN);
}

/*
 * Returns 1 when every entry passed, 0 when one failed, and
 * CHECK_KNOWN_DEVIATION when the only faults were known kernel deviations.
 */
static int check_fixed_entries(struct verify *v, const struct test_buffer *buf,
			       const struct entry_expect *base, const struct write_pattern *pattern)
{
	struct tally *tally = &v->tally[buf->kind];
	unsigned int bad = 0, known = 0;
	char why[256], known_why[256] = "";
	size_t first_known = 0;
	int ret;

	for (size_t i = 0; i < v->opt->nr_pages; i++) {
		struct entry_expect e = *base;
		struct entry_truth t = {
			.vpn = (uintptr_t)buf->addr / 4096 + i,
			.pagemap_before = v->entries.before[i],
			.pagemap_after = v->entries.after[i],
			.zero_pfn = v->truth.zero_pfn,
			.huge_zero_pfn = v->truth.huge_zero_pfn,
		};
		int valid = !!(v->entries.fixed[i] & HMM_BENCH_ENTRY_VALID);

		e.write_requested = e.op == HMM_BENCH_OP_FAULT && write_pattern_wants_write(pattern, i);
		/* Buffers of 2 MiB pages start 2 MiB aligned. */
		e.huge_head_write_requested = e.op == HMM_BENCH_OP_FAULT &&
					      write_pattern_wants_write(pattern, i & ~(size_t)511);
		if (valid && v->truth.kpageflags_fd >= 0 &&
		    !pagemap_kpageflags_read(v->truth.kpageflags_fd, hmm_bench_entry_pfn(v->entries.fixed[i]),
				     &t.kpageflags))
			t.kpageflags_known = 1;
		ret = verify_checks_fixed_entry(&e, &t, v->entries.fixed[i], why, sizeof(why));
		if (ret == CHECK_KNOWN_DEVIATION) {
			if (!known++) {
				first_known = i;
				snprintf(known_why, sizeof(known_why), "%s", why);
			}
		} else if (ret) {
			show_mismatch(&bad, i, buf, "fixed", v->entries.fixed[i], "pagemap", v->entries.after[i], why);
		}
		if (valid && hmm_bench_entry_order(v->entries.fixed[i]) == 9)
			tally->order9++;
	}
	tally->entries += v->opt->nr_pages;
	show_more(bad);
	if (known)
		printf("  %u pages, first page %zu (0x%lx): %s\n", known, first_known,
		       (unsigned long)(buf->addr + first_known * 4096), known_why);
	if (bad)
		return 0;
	return known ? CHECK_KNOWN_DEVIATION : 1;
}

struct entry_counts {
	uint64_t valid, write, error, none;
	uint64_t orders[HMM_BENCH_NR_ORDERS];
};

static void count_fixed(const uint64_t *entries, size_t n, struct entry_counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		uint64_t entry = entries[i];

		if (entry & HMM_BENCH_ENTRY_VALID) {
			c->valid++;
			c->write += !!(entry & HMM_BENCH_ENTRY_WRITE);
			c->orders[hmm_bench_entry_order(entry)]++;
		} else if (entry & HMM_BENCH_ENTRY_ERROR) {
			c->error++;
		} else {
			c->none++;
		}
	}
}

/* The run's counters against @want; orders only when @with_orders. */
static int check_counters(const struct hmm_bench_run *run, size_t nr_pages,
			  const struct entry_counts *want, int with_orders, const char *source)
{
	const struct {
		const char *name;
		uint64_t got, want;
	} fields[] = {
		{ "nr_pages", run->nr_pages, nr_pages },
		{ "nr_valid", run->nr_valid, want->valid },
		{ "nr_write", run->nr_write, want->write },
		{ "nr_error", run->nr_error, want->error },
		{ "nr_none", run->nr_none, want->none },
	};
	int ok = 1;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (fields[i].got != fields[i].want) {
			printf("  counter %s: module says %llu, %s %llu\n", fields[i].name,
			       (unsigned long long)fields[i].got, source,
			       (unsigned long long)fields[i].want);
			ok = 0;
		}
	}
	for (int k = 0; with_orders && k < HMM_BENCH_NR_ORDERS; k++) {
		if (run->orders[k] != want->orders[k]) {
			printf("  counter orders[%d]: module says %llu, %s %llu\n", k,
			       (unsigned long long)run->orders[k], source,
			       (unsigned long long)want->orders[k]);
			ok = 0;
		}
	}
	return ok;
}

static int check_converted(struct verify *v, const struct test_buffer *buf,
			   const struct device_format *fmt, const struct hmm_bench_run *run,
			   const struct hmm_bench_run *fixed_run)
{
	struct entry_counts want;
	unsigned int bad = 0;
	char why[256];
	int with_orders = device_has(&v->dev, HMM_BENCH_FEAT_MAP_ORDER);

	for (size_t i = 0; i < v->opt->nr_pages; i++) {
		if (verify_checks_converted_entry(&fmt->table_def, v->entries.fixed[i], v->entries.converted[i], why, sizeof(why)))
			show_mismatch(&bad, i, buf, "converted", v->entries.converted[i], "fixed", v->entries.fixed[i], why);
	}
	show_more(bad);
	/* Same memory, same walk: the counters must match the fixed run's. */
	want.valid = fixed_run->nr_valid;
	want.write = fixed_run->nr_write;
	want.error = fixed_run->nr_error;
	want.none = fixed_run->nr_none;
	/* The table format has no order field: the UAPI says zeros. */
	for (int k = 0; k < HMM_BENCH_NR_ORDERS; k++)
		want.orders[k] = fmt->format == HMM_BENCH_FORMAT_TABLE ? 0 : fixed_run->orders[k];
	if (!check_counters(run, v->opt->nr_pages, &want, with_orders, "the fixed run"))
		bad++;
	return !bad;
}

/* A write request on a read-only mapping: hmm_range_fault() refuses it. */
static int check_refused(int ret)
{
	if (ret == -EPERM || ret == -EFAULT)
		return 1;
	printf("  write request on a read-only mapping: want EPERM or EFAULT, got %s\n",
	       ret ? strerror(-ret) : "success");
	return 0;
}

static void run_case(struct verify *v, enum page_kind kind, enum populate populate, int read_only,
		     const struct op_spec *spec)
{
	struct entry_expect base = {
		.kind = kind, .populate = populate, .read_only = read_only, .op = spec->op,
		.thp_zero_page = v->truth.thp_zero_page,
	};
	struct hmm_bench_run fixed_run, run;
	struct device_format fixed = { .format = HMM_BENCH_FORMAT_FIXED };
	struct write_pattern pattern;
	struct test_buffer buf;
	char name[160], check[224], fmt_name[48], reason[256];
	int refused, ret, ok;

	if (write_pattern_parse(spec->pattern, &pattern, reason, sizeof(reason)))
		abort();	/* op_specs[] holds only valid patterns */
	snprintf(name, sizeof(name), "%s %s %s %s:%s", page_kind_name(kind),
		 read_only ? "read-only" : "writable", verify_checks_populate_name(populate),
		 spec->op == HMM_BENCH_OP_SNAPSHOT ? "snapshot" : "fault", spec->pattern);
	if (buffer_alloc(&buf, kind, v->opt->nr_pages * 4096, reason, sizeof(reason))) {
		skip(v, kind, 1 + v->nr_formats, name, reason);
		return;
	}
	if (populate != POPULATE_NONE)
		buffer_populate(&buf, populate == POPULATE_READ ? TOUCH_READ : TOUCH_WRITE);
	if (read_only && buffer_protect(&buf, 1)) {
		snprintf(check, sizeof(check), "%s: mprotect(PROT_READ) failed", name);
		record(v, kind, 0, check);
		buffer_free(&buf);
		return;
	}
	base.any_write_request = spec->op == HMM_BENCH_OP_FAULT &&
				 write_pattern_any_write(&pattern, v->opt->nr_pages);
	refused = read_only && base.any_write_request;

	snprintf(check, sizeof(check), "%s fixed", name);
	ret = pagemap_read(v->truth.pagemap_fd, (uintptr_t)buf.addr, v->opt->nr_pages, v->entries.before);
	if (ret) {
		printf("  %s: reading /proc/self/pagemap: %s\n", check, strerror(-ret));
		record(v, kind, 0, check);
		skip(v, kind, v->nr_formats, name, "the fixed run failed");
		buffer_free(&buf);
		return;
	}
	ret = run_module(v, &buf, spec, &pattern, &fixed, v->entries.fixed, &fixed_run);
	if (refused) {
		ok = check_refused(ret);
	} else if (ret) {
		printf("  %s: %s\n", check, strerror(-ret));
		ok = 0;
	} else {
		struct entry_counts counts;

		ret = pagemap_read(v->truth.pagemap_fd, (uintptr_t)buf.addr, v->opt->nr_pages, v->entries.after);
		ok = ret ? 0 : check_fixed_entries(v, &buf, &base, &pattern);
		count_fixed(v->entries.fixed, v->opt->nr_pages, &counts);
		if (!check_counters(&fixed_run, v->opt->nr_pages, &counts,
				    device_has(&v->dev, HMM_BENCH_FEAT_MAP_ORDER), "the entries say"))
			ok = 0;
	}
	record(v, kind, ok, check);

	/* The fixed entries are the reference even with a known deviation. */
	for (unsigned int f = 0; f < v->nr_formats; f++) {
		int format_ok;

		format_to_string(&v->formats[f], fmt_name, sizeof(fmt_name));
		snprintf(check, sizeof(check), "%s %s", name, fmt_name);
		if (!refused && !ok) {
			skip(v, kind, 1, check, "the fixed run it is compared with failed");
			continue;
		}
		ret = run_module(v, &buf, spec, &pattern, &v->formats[f], v->entries.converted, &run);
		if (refused) {
			format_ok = check_refused(ret);
		} else if (ret) {
			printf("  %s: %s\n", check, strerror(-ret));
			format_ok = 0;
		} else {
			format_ok = check_converted(v, &buf, &v->formats[f], &run, &fixed_run);
		}
		record(v, kind, format_ok, check);
	}
	buffer_free(&buf);
}

static void verify_kind(struct verify *v, enum page_kind kind)
{
	unsigned int per_case = 1 + v->nr_formats;
	unsigned int nr_cases = POPULATE_COUNT * 2 * NR_OP_SPECS;
	struct test_buffer probe;
	char reason[256];

	if (buffer_alloc(&probe, kind, v->opt->nr_pages * 4096, reason, sizeof(reason))) {
		snprintf(v->kind_skip[kind], sizeof(v->kind_skip[kind]), "%s", reason);
		skip(v, kind, nr_cases * per_case, page_kind_name(kind), reason);
		printf("skip %s: skipped: %s\n", page_kind_name(kind), reason);
		return;
	}
	buffer_free(&probe);
	for (int populate = 0; populate < POPULATE_COUNT; populate++)
		for (int read_only = 0; read_only <= 1; read_only++)
			for (size_t s = 0; s < NR_OP_SPECS; s++)
				run_case(v, kind, populate, read_only, &op_specs[s]);
	if (v->nr_table_formats)
		v->tally[kind].skipped += v->nr_table_formats * nr_cases;
	/* THP checks that only ever met 4 KiB fallbacks did not test THP. */
	if (kind == PAGE_KIND_THP) {
		if (v->tally[kind].order9) {
			record(v, kind, 1, "thp: PMD-mapped THPs seen");
		} else {
			snprintf(v->kind_skip[kind], sizeof(v->kind_skip[kind]),
				 "no PMD-mapped THP was obtained: every thp check ran on 4 KiB fallbacks");
			skip(v, kind, 1, "thp: PMD-mapped THPs seen", v->kind_skip[kind]);
		}
	}
}

static void verify_tables(struct verify *v)
{
	char why[256], check[128];

	record(v, TALLY_TABLES, v->nr_tables > 0, "the module has built-in tables");
	for (unsigned int i = 0; i <= v->nr_tables; i++) {
		const struct hmm_bench_flag_table *t;
		const char *name;
		int failures;

		if (i == v->nr_tables && !v->opt->have_user_table)
			break;
		t = i < v->nr_tables ? &v->tables[i].table : &v->opt->user_table;
		name = i < v->nr_tables ? v->tables[i].name : FORMAT_USER_TABLE_NAME;
		snprintf(check, sizeof(check), "table %s round trip", name);
		failures = verify_checks_table_roundtrip(t, why, sizeof(why));
		if (failures)
			printf("  table %s: %d round trips failed; first: %s\n", name, failures, why);
		record(v, TALLY_TABLES, !failures, check);
	}
}

static int print_summary(const struct verify *v)
{
	unsigned int passed = 0, failed = 0, skipped = 0, known = 0;

	printf("\nsummary      checks  passed  failed  skipped  known  entries\n");
	for (int slot = 0; slot <= PAGE_KIND_COUNT; slot++) {
		const struct tally *t = &v->tally[slot];
		const char *name = slot == TALLY_TABLES ? "tables" : page_kind_name(slot);

		if (slot < PAGE_KIND_COUNT && !(v->opt->kinds & (1U << slot)))
			continue;
		printf("  %-10s %6u  %6u  %6u  %7u  %5u  %7llu", name, t->run, t->passed, t->failed,
		       t->skipped, t->known, t->entries);
		if (slot == PAGE_KIND_THP || slot == PAGE_KIND_HUGETLB_2M)
			printf(" (%llu of order 9)", t->order9);
		printf("\n");
		if (slot < PAGE_KIND_COUNT && v->kind_skip[slot][0])
			printf("  %-10s skipped: %s\n", "", v->kind_skip[slot]);
		passed += t->passed;
		failed += t->failed;
		skipped += t->skipped;
		known += t->known;
	}
	if (v->table_format_skip[0])
		printf("  table:<t> formats skipped: %s\n", v->table_format_skip);
	if (known)
		printf("  known: checks whose only fault is a kernel bug listed in verify_checks.h (KNOWN lines above); --strict fails them\n");
	printf("verify: %u passed, %u failed, %u skipped, %u known kernel deviations (%s)\n",
	       passed, failed, skipped, known, failed ? "FAIL" : "PASS");
	return failed ? EXIT_FAIL : EXIT_OK;
}

static void verify_free(struct verify *v)
{
	free(v->entries.fixed);
	free(v->entries.converted);
	free(v->entries.before);
	free(v->entries.after);
	if (v->truth.pagemap_fd >= 0)
		close(v->truth.pagemap_fd);
	if (v->truth.kpageflags_fd >= 0)
		close(v->truth.kpageflags_fd);
	device_close(&v->dev);
	hugetlb_restore();
}
int verify_run(const struct verify_run_options *opt)
{
	static struct verify v;
	char err[512];
	int ret;

	memset(&v, 0, sizeof(v));
	v.opt = opt;
	v.dev.fd = v.truth.pagemap_fd = v.truth.kpageflags_fd = -1;
	if (device_open(&v.dev, err, sizeof(err))) {
		fprintf(stderr, "hmmbench verify: %s\n", err);
		return EXIT_USAGE;
	}
	if (!device_has(&v.dev, HMM_BENCH_FEAT_RAW_ENTRIES)) {
		fprintf(stderr, "hmmbench verify: the module does not give this caller raw entries (no FEAT_RAW_ENTRIES): run as root (CAP_SYS_ADMIN)\n");
		verify_free(&v);
		return EXIT_USAGE;
	}
	ret = device_load_tables(&v.dev, v.tables, DEVICE_MAX_TABLES, &v.nr_tables);
	if (ret) {
		fprintf(stderr, "hmmbench verify: GET_TABLE: %s\n", strerror(-ret));
		verify_free(&v);
		return EXIT_FAIL;
	}
	ret = setup_ground_truth(&v);
	if (ret) {
		verify_free(&v);
		return ret;
	}
	v.entries.fixed = calloc(v.opt->nr_pages, sizeof(uint64_t));
	v.entries.converted = calloc(v.opt->nr_pages, sizeof(uint64_t));
	v.entries.before = calloc(v.opt->nr_pages, sizeof(uint64_t));
	v.entries.after = calloc(v.opt->nr_pages, sizeof(uint64_t));
	if (!v.entries.fixed || !v.entries.converted || !v.entries.before || !v.entries.after) {
		fprintf(stderr, "hmmbench verify: out of memory\n");
		verify_free(&v);
		return EXIT_FAIL;
	}
	build_formats(&v);
	verify_tables(&v);
	for (int kind = 0; kind < PAGE_KIND_COUNT; kind++)
		if (v.opt->kinds & (1U << kind))
			verify_kind(&v, kind);
	ret = print_summary(&v);
	verify_free(&v);
	return ret;
}
