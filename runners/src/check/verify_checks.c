// SPDX-License-Identifier: GPL-2.0
/* The per-entry rules of hmmbench verify. */
#include <stdarg.h>
#include <stdio.h>

#include "measure/pagemap.h"
#include "check/verify_checks.h"
#include "util/errmsg.h"

#define PMD_ORDER	9

static const char *const populate_names[POPULATE_COUNT] = { "unpopulated", "read-touched", "write-touched" };

const char *verify_checks_populate_name(enum populate populate)
{
	return populate < POPULATE_COUNT ? populate_names[populate] : "unknown";
}

int verify_checks_pfn_is_zero_page(const struct entry_truth *t, uint64_t pfn)
{
	if (pfn == t->zero_pfn)
		return 1;
	return t->huge_zero_pfn && pfn >= t->huge_zero_pfn &&
	       pfn < t->huge_zero_pfn + (1U << PMD_ORDER);
}

/* The entry's own page may also be known as a zero page by its kpageflags. */
static int entry_is_zero_page(const struct entry_truth *t, uint64_t pfn)
{
	return verify_checks_pfn_is_zero_page(t, pfn) ||
	       (t->kpageflags_known && kpageflags_has(t->kpageflags, KPF_BIT_ZERO_PAGE));
}

/*
 * A read fault on untouched anonymous memory, with no write requested
 * anywhere near it, maps the shared zero page (for THP the huge zero page
 * when use_zero_page is on, or the small one after a fallback). Hugetlb
 * has no zero page.
 */
static int expect_zero_page(const struct entry_expect *e)
{
	int read_faulted = e->populate == POPULATE_READ ||
			   (e->populate == POPULATE_NONE && e->op == HMM_BENCH_OP_FAULT);

	if (!read_faulted || e->any_write_request)
		return 0;
	return e->kind == PAGE_KIND_4K || (e->kind == PAGE_KIND_THP && e->thp_zero_page);
}

static int check_order(const struct entry_expect *e, const struct entry_truth *t,
		       uint64_t entry, char *why, size_t why_len)
{
	unsigned int order = hmm_bench_entry_order(entry), want;
	uint64_t pfn = hmm_bench_entry_pfn(entry);

	switch (e->kind) {
	case PAGE_KIND_4K:
		want = 0;
		break;
	case PAGE_KIND_HUGETLB_2M:
		want = PMD_ORDER;
		break;
	default:
		/* THP or its 4 KiB fallback: the physical page says which. */
		if (!t->kpageflags_known) {
			if (order != 0 && order != PMD_ORDER)
				return errmsg_set(why, why_len, "order %u, want 0 or %d", order, PMD_ORDER);
			want = order;
		} else {
			want = kpageflags_has(t->kpageflags, KPF_BIT_THP) ? PMD_ORDER : 0;
		}
	}
	if (order != want)
		return errmsg_set(why, why_len, "order %u, want %u (%s%s)", order, want,
			    page_kind_name(e->kind),
			    e->kind == PAGE_KIND_THP ? (want ? ", kpageflags THP" : ", kpageflags not THP") : "");
	if (want && (pfn & ((1U << want) - 1)) != (t->vpn & ((1U << want) - 1)))
		return errmsg_set(why, why_len, "order %u but pfn 0x%llx is not at offset %llu of an aligned block",
			    want, (unsigned long long)pfn,
			    (unsigned long long)(t->vpn & ((1U << want) - 1)));
	return 0;
}

int verify_checks_fixed_entry(const struct entry_expect *e, const struct entry_truth *t,
		      uint64_t entry, char *why, size_t why_len)
{
	int valid = !!(entry & HMM_BENCH_ENTRY_VALID), write = !!(entry & HMM_BENCH_ENTRY_WRITE);
	uint64_t pfn = hmm_bench_entry_pfn(entry);
	int present = pagemap_present(t->pagemap_after);
	uint64_t pm_pfn = pagemap_pfn(t->pagemap_after);
	int known = 0;

	if (entry & HMM_BENCH_ENTRY_ERROR)
		return errmsg_set(why, why_len, "error entry on accessible anonymous memory");
	if (e->op == HMM_BENCH_OP_SNAPSHOT) {
		if (e->populate == POPULATE_NONE && valid)
			return errmsg_set(why, why_len, "valid after SNAPSHOT of an unpopulated page");
		if (e->populate != POPULATE_NONE && !valid)
			return errmsg_set(why, why_len, "not valid after SNAPSHOT of a %s page",
				    verify_checks_populate_name(e->populate));
		if (!valid && present)
			return errmsg_set(why, why_len, "not valid but pagemap says present");
	} else if (!valid) {
		return errmsg_set(why, why_len, "not valid after FAULT");
	}
	if (!valid)
		return 0;
	if (!present)
		return errmsg_set(why, why_len, "valid but pagemap says not present");
	if (pfn != pm_pfn)
		return errmsg_set(why, why_len, "pfn 0x%llx, pagemap pfn 0x%llx",
			    (unsigned long long)pfn, (unsigned long long)pm_pfn);
	if (check_order(e, t, entry, why, why_len))
		return -1;
	if (e->read_only && write)
		return errmsg_set(why, why_len, "write bit on a read-only mapping");
	if (e->op == HMM_BENCH_OP_FAULT && e->write_requested && !write) {
		if (e->kind != PAGE_KIND_HUGETLB_2M || e->huge_head_write_requested)
			return errmsg_set(why, why_len, "write requested but no write bit");
		known = 1;
	}
	if (!e->read_only && e->populate == POPULATE_WRITE && !write)
		return errmsg_set(why, why_len, "no write bit on a written, writable page");
	if (write && entry_is_zero_page(t, pfn))
		return errmsg_set(why, why_len, "write bit on the zero page (pfn 0x%llx)",
			    (unsigned long long)pfn);
	if (expect_zero_page(e) && !entry_is_zero_page(t, pfn))
		return errmsg_set(why, why_len, "read-faulted anonymous page is pfn 0x%llx, not the zero page 0x%llx",
			    (unsigned long long)pfn, (unsigned long long)t->zero_pfn);
	if (expect_zero_page(e) && write)
		return errmsg_set(why, why_len, "zero page mapped writable");
	/* A write request must break zero-page sharing: a new, private page. */
	if (e->op == HMM_BENCH_OP_FAULT && e->write_requested &&
	    pagemap_present(t->pagemap_before) &&
	    verify_checks_pfn_is_zero_page(t, pagemap_pfn(t->pagemap_before)) &&
	    (pfn == pagemap_pfn(t->pagemap_before) || entry_is_zero_page(t, pfn)))
		return errmsg_set(why, why_len, "write request left the zero page mapped (pfn 0x%llx before, 0x%llx after)",
			    (unsigned long long)pagemap_pfn(t->pagemap_before),
			    (unsigned long long)pfn);
	if (known) {
		errmsg_set(why, why_len,
		     "write request on a hugetlb subpage ignored, call succeeded without the write bit (known kernel bug: hmm_vma_walk_hugetlb_entry() reads only the first subpage's request)");
		return CHECK_KNOWN_DEVIATION;
	}
	return 0;
}

int verify_checks_converted_entry(const struct hmm_bench_flag_table *table, uint64_t fixed,
			  uint64_t converted, char *why, size_t why_len)
{
	int fixed_write = !!(fixed & HMM_BENCH_ENTRY_WRITE), error = !!(fixed & HMM_BENCH_ENTRY_ERROR);
	__u64 pfn = 0;
	int write = 0, device_private = 0, value = -1, want_write;

	if (!(fixed & HMM_BENCH_ENTRY_VALID)) {
		int want = error ? HMM_BENCH_VALUE_ERROR : HMM_BENCH_VALUE_NONE;

		if (converted != table->values[want])
			return errmsg_set(why, why_len, "%s entry converted to 0x%llx, want values[%s] 0x%llx",
				    error ? "error" : "empty", (unsigned long long)converted,
				    error ? "ERROR" : "NONE", (unsigned long long)table->values[want]);
		return 0;
	}
	if (!hmm_bench_table_decode(table, converted, &pfn, &write, &device_private, &value))
		return errmsg_set(why, why_len, "page converted to 0x%llx, which decodes as %s",
			    (unsigned long long)converted, value < 0 ? "nothing" : "a value");
	want_write = fixed_write && table->flags[HMM_BENCH_FLAG_WRITE];
	if (pfn != hmm_bench_entry_pfn(fixed))
		return errmsg_set(why, why_len, "converted pfn 0x%llx, fixed pfn 0x%llx",
			    (unsigned long long)pfn, (unsigned long long)hmm_bench_entry_pfn(fixed));
	if (write != want_write)
		return errmsg_set(why, why_len, "converted write %d, fixed write %d", write, fixed_write);
	if (device_private)
		return errmsg_set(why, why_len, "converted entry claims device-private memory");
	return 0;
}

/* Pfns from 0 up to the largest the 64-bit entry can carry at this shift. */
static int roundtrip_pages(const struct hmm_bench_flag_table *t, char *why, size_t why_len)
{
	unsigned int pfn_bits = 64 - t->pfn_shift;
	uint64_t max_pfn = pfn_bits >= 64 ? UINT64_MAX : (1ULL << pfn_bits) - 1;
	/* 52-bit physical addresses: no real pfn is wider than 40 bits. */
	uint64_t pfns[] = { 0, 1, 0x1ff, 0x200, 0x12345, 0xfffffffffULL, (1ULL << 40) - 1 };
	int failures = 0;

	for (size_t i = 0; i < sizeof(pfns) / sizeof(pfns[0]); i++) {
		if (pfns[i] > max_pfn)
			continue;
		for (int write = 0; write <= 1; write++) {
			for (int dp = 0; dp <= 1; dp++) {
				__u64 entry = hmm_bench_table_encode_page(t, pfns[i], write, dp);
				__u64 pfn = ~0ULL;
				int w = -1, p = -1, value = -2;
				int want_w = write && t->flags[HMM_BENCH_FLAG_WRITE];
				int want_p = dp && t->flags[HMM_BENCH_FLAG_DEVICE_PRIVATE];

				if (hmm_bench_table_decode(t, entry, &pfn, &w, &p, &value) == 1 &&
				    pfn == pfns[i] && w == want_w && p == want_p)
					continue;
				if (!failures++)
					errmsg_set(why, why_len,
					     "page pfn 0x%llx write %d device-private %d encodes to 0x%llx, decodes to %s pfn 0x%llx write %d device-private %d",
					     (unsigned long long)pfns[i], write, dp, (unsigned long long)entry,
					     value == -2 ? "page" : "no page", (unsigned long long)pfn, w, p);
			}
		}
	}
	return failures;
}

int verify_checks_table_roundtrip(const struct hmm_bench_flag_table *t, char *why, size_t why_len)
{
	static const char *const names[HMM_BENCH_VALUE_MAX] = { "ERROR", "NONE", "SPECIAL" };
	int failures;

	if (!hmm_bench_table_valid(t)) {
		errmsg_set(why, why_len, "the table is not valid");
		return 1;
	}
	failures = roundtrip_pages(t, why, why_len);
	for (int i = 0; i < HMM_BENCH_VALUE_MAX; i++) {
		__u64 pfn;
		int w, p, value = -1;

		/* Equal values (nouveau: ERROR == SPECIAL) decode as the first. */
		if (!hmm_bench_table_decode(t, t->values[i], &pfn, &w, &p, &value) &&
		    value >= 0 && t->values[value] == t->values[i])
			continue;
		if (!failures++)
			errmsg_set(why, why_len, "values[%s] 0x%llx does not decode back to itself", names[i],
			     (unsigned long long)t->values[i]);
	}
	return failures;
}
