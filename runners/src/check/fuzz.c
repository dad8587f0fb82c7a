// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzing engine of 'hmmbench fuzz' (fuzz.h): memory layout, call
 * generation by mutation of valid calls, the fuzzing and churn threads, and
 * the check of every result against the oracle (fuzz_oracle.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "check/fuzz.h"
#include "check/fuzz_gen.h"
static const struct arena_part arena_layout[] = {
	{ 0, 64, FUZZ_PAGE_RW, 1, 0 },
	{ 64, 64, FUZZ_PAGE_RW, 0, 0 },
	{ 128, 32, FUZZ_PAGE_RO, 1, 0 },
	{ 160, 16, FUZZ_PAGE_NONE, 0, 0 },
	{ 176, 16, FUZZ_PAGE_HOLE, 0, 0 },
	{ 192, 64, FUZZ_PAGE_RW, 1, 0 },
	{ 256, 256, FUZZ_PAGE_RO, 0, 0 },
	{ 512, 512, FUZZ_PAGE_RW, 1, 1 },
	{ CHURN_FIRST, CHURN_PAGES, FUZZ_PAGE_CHURN, 1, 0 },
	{ 1536, 16, FUZZ_PAGE_HOLE, 0, 0 },
	{ 1552, 16, FUZZ_PAGE_RW, 1, 0 },
	{ 1568, 480, FUZZ_PAGE_NONE, 0, 0 },
};

const char *fuzz_cmd_name(enum fuzz_cmd c)
{
	static const char *const names[FUZZ_NR_CMDS] = { "RUN", "GET_INFO", "GET_TABLE", "unknown" };

	return c < FUZZ_NR_CMDS ? names[c] : "?";
}

/* ---- setup ---- */

static void *map_rw(size_t len, int noreserve)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | (noreserve ? MAP_NORESERVE : 0), -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int has_cap_sys_admin(void)
{
	char line[256];
	unsigned long long caps = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return geteuid() == 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			break;
	fclose(f);
	return !!(caps & (1ULL << 21));	/* CAP_SYS_ADMIN */
}

/* 5-level paging: a hint above 47 bits gets a mapping there. */
static int probe_la57(void)
{
	void *p = mmap((void *)(1ULL << 50), PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int la57;

	if (p == MAP_FAILED)
		return 0;
	la57 = (uintptr_t)p >= (1ULL << 47);
	munmap(p, PG);
	return la57;
}

static uint64_t mmap_min_addr(void)
{
	unsigned long long v = 65536;
	FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");

	if (f) {
		if (fscanf(f, "%llu", &v) != 1)
			v = 65536;
		fclose(f);
	}
	return v < PG ? PG : (v + PG - 1) / PG * PG;
}

static int setup_arena(struct fuzz_shared *sh, char *err, size_t errlen)
{
	struct rng fill;
	char *base;

	sh->reservation_len = ARENA_PAGES * PG + 3 * HUGE;
	sh->reservation = mmap(NULL, sh->reservation_len, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (sh->reservation == MAP_FAILED) {
		snprintf(err, errlen, "reserving %zu bytes: %s", sh->reservation_len, strerror(errno));
		return -1;
	}
	base = (char *)(((uintptr_t)sh->reservation + 2 * HUGE - 1) & ~(uintptr_t)(HUGE - 1));
	sh->arena = base;
	fuzz_oracle_memory_add(&sh->mem, (uintptr_t)sh->reservation, (uintptr_t)base, FUZZ_PAGE_NONE);
	fuzz_oracle_memory_add(&sh->mem, (uintptr_t)base + ARENA_PAGES * PG,
			(uintptr_t)sh->reservation + sh->reservation_len, FUZZ_PAGE_NONE);
	rng_seed(&fill, sh->o->seed);
	for (size_t i = 0; i < sizeof(arena_layout) / sizeof(arena_layout[0]); i++) {
		const struct arena_part *p = &arena_layout[i];
		char *start = base + p->first * PG;
		size_t len = p->count * PG;

		if (fuzz_oracle_memory_add(&sh->mem, (uintptr_t)start, (uintptr_t)start + len, p->page)) {
			snprintf(err, errlen, "arena layout: overlapping part at page %u", p->first);
			return -1;
		}
		if (p->page == FUZZ_PAGE_NONE)
			continue;
		if (p->page == FUZZ_PAGE_HOLE) {
			munmap(start, len);
			continue;
		}
		if (mmap(start, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
			snprintf(err, errlen, "mapping the arena: %s", strerror(errno));
			return -1;
		}
		madvise(start, len, p->thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
		if (p->populate)
			for (size_t off = 0; off < len; off += 8)
				*(uint64_t *)(start + off) = rng_next(&fill);
		if (p->page == FUZZ_PAGE_RO && mprotect(start, len, PROT_READ)) {
			snprintf(err, errlen, "mprotect of the arena: %s", strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int setup_thread(struct fuzz_shared *sh, struct fuzz_thread *t, char *err, size_t errlen)
{
	struct fuzz_memory *m = &sh->mem;
	size_t samples_len = (HMM_BENCH_MAX_SAMPLES * sizeof(struct hmm_bench_sample) + PG - 1) /
			     PG * PG;
	size_t entries_len = HMM_BENCH_MAX_LEN / PG * 8;

	t->sh = sh;
	t->samples = map_rw(samples_len, 1);
	t->bitmap = map_rw(HMM_BENCH_MAX_BITMAP_BYTES, 1);
	t->entries = map_rw(entries_len, 1);
	t->straddle = map_rw(STRADDLE_BYTES + PG, 0);
	t->ro_page = map_rw(PG, 0);
	t->arg_page = map_rw(PG, 0);
	if (!t->samples || !t->bitmap || !t->entries || !t->straddle || !t->ro_page || !t->arg_page) {
		snprintf(err, errlen, "buffers of thread %u: %s", t->id, strerror(errno));
		return -1;
	}
	if (mprotect(t->straddle + STRADDLE_BYTES, PG, PROT_NONE) ||
	    mprotect(t->ro_page, PG, PROT_READ)) {
		snprintf(err, errlen, "mprotect: %s", strerror(errno));
		return -1;
	}
	if (fuzz_oracle_memory_add(m, (uintptr_t)t->samples, (uintptr_t)t->samples + samples_len, FUZZ_PAGE_RW) ||
	    fuzz_oracle_memory_add(m, (uintptr_t)t->bitmap, (uintptr_t)t->bitmap + HMM_BENCH_MAX_BITMAP_BYTES, FUZZ_PAGE_RW) ||
	    fuzz_oracle_memory_add(m, (uintptr_t)t->entries, (uintptr_t)t->entries + entries_len, FUZZ_PAGE_RW) ||
	    fuzz_oracle_memory_add(m, (uintptr_t)t->straddle, (uintptr_t)t->straddle + STRADDLE_BYTES, FUZZ_PAGE_RW) ||
	    fuzz_oracle_memory_add(m, (uintptr_t)t->straddle + STRADDLE_BYTES,
			    (uintptr_t)t->straddle + STRADDLE_BYTES + PG, FUZZ_PAGE_NONE) ||
	    fuzz_oracle_memory_add(m, (uintptr_t)t->ro_page, (uintptr_t)t->ro_page + PG, FUZZ_PAGE_RO) ||
	    fuzz_oracle_memory_add(m, (uintptr_t)t->arg_page, (uintptr_t)t->arg_page + PG, FUZZ_PAGE_RW)) {
		snprintf(err, errlen, "memory model: too many regions, or a buffer of thread %u overlaps another",
			 t->id);
		return -1;
	}
	t->own_fd = open(HMM_BENCH_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (t->own_fd < 0) {
		snprintf(err, errlen, "%s: %s", HMM_BENCH_DEVICE_PATH, strerror(errno));
		return -1;
	}
	t->seed = rng_derive_seed(sh->o->seed, t->id + 1);
	rng_seed(&t->rng, t->seed);
	return 0;
}
/* ---- checking ---- */

struct call_record {
	enum fuzz_cmd cmd;
	unsigned long cmd_nr;
	const char *fd_kind;
	uint64_t index;
	int ret;
};

static void describe_mask(unsigned int mask, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int o = 0; o < FUZZ_NR_OUTCOMES && used < len; o++)
		if (mask & FUZZ_BIT(o))
			used += snprintf(buf + used, len - used, "%s%s", used ? " " : "",
					 fuzz_oracle_outcome_name(o));
}

static void describe_causes(const struct fuzz_expect *e, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < e->nr_causes && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s", used ? " " : "",
				 fuzz_oracle_paths[e->causes[i]].name);
	if (!e->nr_causes)
		snprintf(buf, len, "none");
}

static void report_failure(struct fuzz_thread *t, const struct call_record *rec,
			   const struct run_call *c, const struct fuzz_expect *e, const char *why)
{
	struct fuzz_shared *sh = t->sh;
	char allowed[128], causes[512];

	t->r.failures++;
	if (t->r.failures > sh->o->show)
		return;
	describe_mask(e->allowed, allowed, sizeof(allowed));
	describe_causes(e, causes, sizeof(causes));
	pthread_mutex_lock(&sh->log_lock);
	fprintf(sh->o->log, "hmmbench fuzz: FAIL thread %u call %" PRIu64 " (thread seed %" PRIu64
		"): %s (cmd 0x%lx) on the %s fd returned %s: %s; allowed {%s}, causes {%s}\n",
		t->id, rec->index, t->seed, fuzz_cmd_name(rec->cmd), rec->cmd_nr, rec->fd_kind,
		fuzz_oracle_outcome_name(fuzz_oracle_outcome_of(rec->ret)), why, allowed, causes);
	if (c) {
		const struct hmm_bench_run *r = &c->run;

		fprintf(sh->o->log,
			"  run: addr 0x%llx len 0x%llx op %u format %u table %u pattern %u every %u flags 0x%x warmup %u samples %u\n"
			"       samples_ptr 0x%llx (%s) bitmap 0x%llx+%llu (%s) entries 0x%llx+%llu (%s) arg %s%s\n",
			(unsigned long long)r->addr, (unsigned long long)r->len, r->op, r->format,
			r->table, r->write_pattern, r->write_every, r->flags, r->warmup, r->nr_samples,
			(unsigned long long)r->samples_ptr, fuzz_gen_ptr_names[c->samples_kind],
			(unsigned long long)r->bitmap_ptr, (unsigned long long)r->bitmap_bytes,
			fuzz_gen_ptr_names[c->bitmap_kind], (unsigned long long)r->entries_ptr,
			(unsigned long long)r->entries_bytes, fuzz_gen_ptr_names[c->entries_kind],
			fuzz_gen_ptr_names[c->arg_kind], c->heavy ? " (heavy)" : "");
	}
	pthread_mutex_unlock(&sh->log_lock);
}

/* The counting of one checked call. */
static void account(struct fuzz_thread *t, const struct call_record *rec,
		    const struct fuzz_expect *e)
{
	enum fuzz_outcome got = fuzz_oracle_outcome_of(rec->ret);

	t->r.calls++;
	t->r.by_cmd[rec->cmd]++;
	t->r.outcomes[got]++;
	if (e->nr_causes > 1)
		t->r.multi_cause++;
	if (got == FUZZ_OK && !e->nr_causes)
		t->r.sole_hits[e->success]++;
	else if (e->nr_causes == 1 && fuzz_oracle_paths[e->causes[0]].outcome == got)
		t->r.sole_hits[e->causes[0]]++;
	else if (got == FUZZ_EBUSY)
		t->r.sole_hits[FUZZ_RUN_BUSY]++;
}

/* The invariants of a successful RUN; NULL when they hold, else what broke. */
static const char *check_run_output(struct fuzz_thread *t, const struct run_call *c,
				    const struct hmm_bench_run *out, const struct fuzz_expect *e)
{
	const struct hmm_bench_run *in = &c->run;
	uint64_t pages = in->len / PG, orders = 0, ebusy = 0, retry = 0;
	const struct hmm_bench_flag_table *tab = NULL;

	if (out->nr_pages != pages)
		return "nr_pages is not len / 4096";
	if (out->nr_valid + out->nr_error + out->nr_none != pages)
		return "valid + error + none != nr_pages";
	if (out->nr_write > out->nr_valid)
		return "nr_write > nr_valid";
	for (int i = 0; i < HMM_BENCH_NR_ORDERS; i++)
		orders += out->orders[i];
	if (in->format != HMM_BENCH_FORMAT_TABLE && orders != out->nr_valid)
		return "orders[] do not add up to nr_valid";
	for (size_t i = 0; i < sizeof(out->reserved) / sizeof(out->reserved[0]); i++)
		if (out->reserved[i])
			return "reserved[] not zeroed";
	if (e->walk_known && in->op == HMM_BENCH_OP_SNAPSHOT && out->nr_error != e->expect_errors)
		return "SNAPSHOT error count differs from the holes and PROT_NONE pages mirrored";
	if (e->walk_known && in->op == HMM_BENCH_OP_FAULT &&
	    (out->nr_valid != pages || out->nr_write < e->expect_writes))
		return "FAULT left a page invalid, or a write-requested page not writable";
	if (c->samples_kind == PTR_GOOD) {
		for (uint32_t i = 0; i < in->nr_samples; i++) {
			const struct hmm_bench_sample *s = &t->samples[i];

			if (!s->total_ns || s->convert_ns > s->total_ns)
				return "a sample has total_ns 0 or convert_ns > total_ns";
			if (in->format != HMM_BENCH_FORMAT_CONVERT && s->convert_ns)
				return "convert_ns set outside FORMAT_CONVERT";
			ebusy += s->ebusy;
			retry += s->read_retry;
		}
		if (ebusy > out->ebusy_total || retry > out->read_retry_total)
			return "the samples' ebusy/read_retry exceed the run's totals";
	}
	if (c->entries_kind != PTR_GOOD || !in->entries_ptr || e->walk_known == 0)
		return NULL;
	if (in->format != HMM_BENCH_FORMAT_FIXED)
		tab = in->table == HMM_BENCH_TABLE_USER ? &in->user_table :
		      &t->sh->tables[in->table].table;
	{
		uint64_t valid = 0, errors = 0;

		for (uint64_t i = 0; i < pages; i++) {
			__u64 pfn;
			int w, dp, value;

			if (!tab) {
				valid += !!(t->entries[i] & HMM_BENCH_ENTRY_VALID);
				errors += !!(t->entries[i] & HMM_BENCH_ENTRY_ERROR);
			} else {
				valid += hmm_bench_table_decode(tab, t->entries[i], &pfn, &w, &dp, &value);
			}
		}
		if (valid != out->nr_valid || (!tab && errors != out->nr_error))
			return "the raw entries disagree with nr_valid / nr_error";
	}
	return NULL;
}
/* ---- the calls ---- */

static int pick_fd(struct fuzz_thread *t, const char **kind, int *fresh)
{
	unsigned int roll = below(t, 10);

	*fresh = 0;
	if (roll < 4) {
		*kind = "shared";
		t->r.on_shared_fd++;
		return t->sh->fd;
	}
	if (roll < 9) {
		*kind = "own";
		t->r.on_own_fd++;
		return t->own_fd;
	}
	*kind = "fresh";
	t->r.on_fresh_fd++;
	*fresh = 1;
	return open(HMM_BENCH_DEVICE_PATH, O_RDWR | O_CLOEXEC);
}
static int do_ioctl(int fd, unsigned long cmd, uint64_t arg)
{
	return ioctl(fd, cmd, (void *)(uintptr_t)arg) ? -errno : 0;
}

static void fuzz_run_call(struct fuzz_thread *t, uint64_t index)
{
	struct fuzz_shared *sh = t->sh;
	struct call_record rec = { FUZZ_CMD_RUN, HMM_BENCH_IOC_RUN, NULL, index, 0 };
	enum fuzz_access arg_read, arg_write, bitmap_read;
	struct run_call c;
	struct fuzz_expect e;
	const char *why = NULL;
	uint64_t arg;
	int fd, fresh;

	fuzz_gen_run(t, &c);
	t->r.heavy += c.heavy;

	arg = fuzz_gen_place_arg(t, c.arg_kind, &c.run, sizeof(c.run));
	arg_read = fuzz_oracle_memory_access(&sh->mem, arg, sizeof(c.run), 0);
	arg_write = fuzz_oracle_memory_access(&sh->mem, arg, sizeof(c.run), 1);
	bitmap_read = fuzz_oracle_memory_access(&sh->mem, c.run.bitmap_ptr, (c.run.len / PG + 7) / 8, 0);
	fuzz_oracle_expect_run(&sh->mem, &c.run,
			bitmap_read == FUZZ_ACCESS_OK ? (const uint8_t *)(uintptr_t)c.run.bitmap_ptr : NULL,
			arg_read, arg_write, &e);
	if (!e.walk_known)
		t->r.unknown_memory++;

	fd = pick_fd(t, &rec.fd_kind, &fresh);
	if (fd < 0) {
		rec.ret = -errno;
		report_failure(t, &rec, &c, &e, "opening a fresh fd failed");
		return;
	}
	rec.ret = do_ioctl(fd, HMM_BENCH_IOC_RUN, arg);
	if (fresh)
		close(fd);

	if (!(e.allowed & FUZZ_BIT(fuzz_oracle_outcome_of(rec.ret))))
		why = rec.ret ? "an error the rules do not allow here" :
			      "success on a call that must fail";
	else if (!rec.ret && arg_write == FUZZ_ACCESS_OK)
		why = check_run_output(t, &c, (const struct hmm_bench_run *)(uintptr_t)arg, &e);
	if (!rec.ret && arg_write == FUZZ_ACCESS_OK) {
		const struct hmm_bench_run *out = (const struct hmm_bench_run *)(uintptr_t)arg;

		t->r.ebusy_total += out->ebusy_total;
		t->r.read_retry_total += out->read_retry_total;
	}
	account(t, &rec, &e);
	if (why)
		report_failure(t, &rec, &c, &e, why);
}

static const char *check_info(const struct fuzz_shared *sh, const struct hmm_bench_info *i)
{
	if (i->abi_version != HMM_BENCH_ABI_VERSION || i->page_shift != 12 ||
	    i->max_samples != HMM_BENCH_MAX_SAMPLES || i->max_len != HMM_BENCH_MAX_LEN ||
	    i->max_warmup != HMM_BENCH_MAX_WARMUP ||
	    i->max_bitmap_bytes != HMM_BENCH_MAX_BITMAP_BYTES)
		return "GET_INFO limits differ from hmm_bench_uapi.h";
	if (i->nr_tables != sh->info.nr_tables || i->features != sh->info.features)
		return "GET_INFO changed between calls";
	if (!!(i->features & HMM_BENCH_FEAT_RAW_ENTRIES) != !!sh->mem.privileged)
		return "FEAT_RAW_ENTRIES does not follow CAP_SYS_ADMIN";
	if (!memchr(i->kernel_release, 0, sizeof(i->kernel_release)) ||
	    !memchr(i->build_release, 0, sizeof(i->build_release)) ||
	    !memchr(i->module_version, 0, sizeof(i->module_version)))
		return "an unterminated GET_INFO string";
	for (size_t k = 0; k < sizeof(i->reserved) / sizeof(i->reserved[0]); k++)
		if (i->reserved[k])
			return "GET_INFO reserved[] not zero";
	return NULL;
}

static void fuzz_info_call(struct fuzz_thread *t, uint64_t index)
{
	struct fuzz_shared *sh = t->sh;
	struct call_record rec = { FUZZ_CMD_INFO, HMM_BENCH_IOC_GET_INFO, NULL, index, 0 };
	struct hmm_bench_info garbage;
	enum ptr_kind kind = fuzz_gen_pick_ptr_kind(t, 70);
	enum fuzz_access wr;
	struct fuzz_expect e;
	const char *why = NULL;
	uint64_t arg;
	int fd, fresh;

	if (kind == PTR_CHURN || kind == PTR_RANDOM)
		kind = PTR_GOOD;
	memset(&garbage, 0xa5, sizeof(garbage));
	arg = fuzz_gen_place_arg(t, kind, &garbage, sizeof(garbage));
	wr = fuzz_oracle_memory_access(&sh->mem, arg, sizeof(garbage), 1);
	fuzz_oracle_expect_info(wr, &e);
	fd = pick_fd(t, &rec.fd_kind, &fresh);
	if (fd < 0) {
		rec.ret = -errno;
		report_failure(t, &rec, NULL, &e, "opening a fresh fd failed");
		return;
	}
	rec.ret = do_ioctl(fd, HMM_BENCH_IOC_GET_INFO, arg);
	if (fresh)
		close(fd);
	if (!(e.allowed & FUZZ_BIT(fuzz_oracle_outcome_of(rec.ret))))
		why = rec.ret ? "an error the rules do not allow here" : "success on a call that must fail";
	else if (!rec.ret && wr == FUZZ_ACCESS_OK)
		why = check_info(sh, (const struct hmm_bench_info *)(uintptr_t)arg);
	account(t, &rec, &e);
	if (why)
		report_failure(t, &rec, NULL, &e, why);
}

static void fuzz_table_call(struct fuzz_thread *t, uint64_t index)
{
	struct fuzz_shared *sh = t->sh;
	struct call_record rec = { FUZZ_CMD_TABLE, HMM_BENCH_IOC_GET_TABLE, NULL, index, 0 };
	struct hmm_bench_table_query q;
	enum ptr_kind kind = fuzz_gen_pick_ptr_kind(t, 75);
	enum fuzz_access rd, wr;
	struct fuzz_expect e;
	const char *why = NULL;
	uint64_t arg;
	int fd, fresh;

	if (kind == PTR_CHURN || kind == PTR_RANDOM)
		kind = PTR_GOOD;
	memset(&q, 0x5a, sizeof(q));
	q.index = below(t, 2) ? below(t, sh->info.nr_tables + 2) : edgy32(t, sh->info.nr_tables);
	q.reserved = chance(t, 85) ? 0 : edgy32(t, 1);
	arg = fuzz_gen_place_arg(t, kind, &q, sizeof(q));
	rd = fuzz_oracle_memory_access(&sh->mem, arg, sizeof(q), 0);
	wr = fuzz_oracle_memory_access(&sh->mem, arg, sizeof(q), 1);
	fuzz_oracle_expect_table(&sh->mem, &q, rd, wr, &e);
	fd = pick_fd(t, &rec.fd_kind, &fresh);
	if (fd < 0) {
		rec.ret = -errno;
		report_failure(t, &rec, NULL, &e, "opening a fresh fd failed");
		return;
	}
	rec.ret = do_ioctl(fd, HMM_BENCH_IOC_GET_TABLE, arg);
	if (fresh)
		close(fd);
	if (!(e.allowed & FUZZ_BIT(fuzz_oracle_outcome_of(rec.ret)))) {
		why = rec.ret ? "an error the rules do not allow here" : "success on a call that must fail";
	} else if (!rec.ret && wr == FUZZ_ACCESS_OK) {
		const struct hmm_bench_table_query *out =
			(const struct hmm_bench_table_query *)(uintptr_t)arg;

		if (!memchr(out->name, 0, sizeof(out->name)) || !out->name[0])
			why = "table name empty or unterminated";
		else if (!fuzz_oracle_table_valid(&out->table))
			why = "a built-in table breaks the table rules";
		else if (memcmp(&out->table, &sh->tables[q.index].table, sizeof(out->table)))
			why = "a built-in table changed between calls";
	}
	account(t, &rec, &e);
	if (why)
		report_failure(t, &rec, NULL, &e, why);
}
static void fuzz_unknown_call(struct fuzz_thread *t, uint64_t index)
{
	struct call_record rec = { FUZZ_CMD_UNKNOWN, fuzz_gen_unknown_cmd(t), NULL, index, 0 };
	struct fuzz_expect e;
	int fd, fresh;

	fuzz_oracle_expect_unknown(&e);
	fd = pick_fd(t, &rec.fd_kind, &fresh);
	if (fd < 0) {
		rec.ret = -errno;
		report_failure(t, &rec, NULL, &e, "opening a fresh fd failed");
		return;
	}
	memset(t->arg_page, 0, PG);
	rec.ret = do_ioctl(fd, rec.cmd_nr, (uintptr_t)t->arg_page);
	if (fresh)
		close(fd);
	account(t, &rec, &e);
	if (!(e.allowed & FUZZ_BIT(fuzz_oracle_outcome_of(rec.ret))))
		report_failure(t, &rec, NULL, &e, "an unknown command was not refused with ENOTTY");
}

static void *fuzz_thread_main(void *arg)
{
	struct fuzz_thread *t = arg;

	for (uint64_t i = 0; i < t->calls; i++) {
		unsigned int roll = below(t, 100);

		if (roll < 75)
			fuzz_run_call(t, i);
		else if (roll < 83)
			fuzz_table_call(t, i);
		else if (roll < 90)
			fuzz_info_call(t, i);
		else
			fuzz_unknown_call(t, i);
	}
	return NULL;
}

/* ---- the churn thread ---- */

static void *churn_main(void *arg)
{
	struct fuzz_shared *sh = arg;
	char *churn = sh->arena + CHURN_FIRST * PG;
	struct rng rng;

	rng_seed(&rng, rng_derive_seed(sh->o->seed, 1000));
	while (!atomic_load(&sh->stop)) {
		uint64_t first = rng_below(&rng, CHURN_PAGES);
		uint64_t pages = 1 + rng_below(&rng, CHURN_PAGES - first < 64 ? CHURN_PAGES - first : 64);
		char *p = churn + first * PG;
		size_t len = pages * PG;

		switch (rng_below(&rng, 5)) {
		case 0:	/* replace: munmap and mmap in one call */
			if (mmap(p, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
				 -1, 0) == MAP_FAILED)
				atomic_store(&sh->churn_broken, errno);
			break;
		case 1:	/* a real hole for a moment */
			munmap(p, len);
			sched_yield();
			if (mmap(p, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != p)
				atomic_store(&sh->churn_broken, errno ? errno : EEXIST);
			break;
		case 2:
			mprotect(p, len, rng_below(&rng, 2) ? PROT_READ : PROT_NONE);
			sched_yield();
			mprotect(p, len, PROT_READ | PROT_WRITE);
			break;
		case 3:
			madvise(p, len, MADV_DONTNEED);
			break;
		default:
			for (size_t off = 0; off < len; off += PG)
				p[off] = 1;
		}
		atomic_fetch_add(&sh->churn_ops, 1);
		if (atomic_load(&sh->churn_broken)) {
			pthread_mutex_lock(&sh->log_lock);
			fprintf(sh->o->log, "hmmbench fuzz: the churn thread lost its range (%s); it stops\n",
				strerror(atomic_load(&sh->churn_broken)));
			pthread_mutex_unlock(&sh->log_lock);
			break;
		}
		/* A yield, not a sleep: timer sleeps under QEMU last far longer than asked. */
		sched_yield();
	}
	return NULL;
}

/* ---- the whole run ---- */

static void add_report(struct fuzz_report *sum, const struct fuzz_report *r)
{
	sum->calls += r->calls;
	for (int i = 0; i < FUZZ_NR_CMDS; i++)
		sum->by_cmd[i] += r->by_cmd[i];
	for (int i = 0; i < FUZZ_NR_OUTCOMES; i++)
		sum->outcomes[i] += r->outcomes[i];
	for (int i = 0; i < FUZZ_NR_PATHS; i++)
		sum->sole_hits[i] += r->sole_hits[i];
	sum->multi_cause += r->multi_cause;
	sum->unknown_memory += r->unknown_memory;
	sum->on_shared_fd += r->on_shared_fd;
	sum->on_own_fd += r->on_own_fd;
	sum->on_fresh_fd += r->on_fresh_fd;
	sum->heavy += r->heavy;
	sum->ebusy_total += r->ebusy_total;
	sum->read_retry_total += r->read_retry_total;
	sum->failures += r->failures;
}

int fuzz_run(const struct fuzz_options *o, struct fuzz_report *r, char *err, size_t errlen)
{
	struct fuzz_shared *sh;
	struct hmm_device dev;
	unsigned int nr_tables;
	pthread_t churn;
	int ret = -1, churning = 0;
	unsigned int started = 0;

	memset(r, 0, sizeof(*r));
	sh = calloc(1, sizeof(*sh));
	if (!sh) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	sh->o = o;
	pthread_mutex_init(&sh->log_lock, NULL);
	if (device_open(&dev, err, errlen))
		goto out;
	sh->fd = dev.fd;
	sh->info = dev.info;
	if (device_load_tables(&dev, sh->tables, DEVICE_MAX_TABLES, &nr_tables)) {
		snprintf(err, errlen, "reading the module's tables failed");
		goto out;
	}
	sh->mem.nr_tables = sh->info.nr_tables;
	sh->mem.flag_table = !!(sh->info.features & HMM_BENCH_FEAT_FLAG_TABLE);
	sh->mem.privileged = has_cap_sys_admin();
	r->la57 = probe_la57();
	sh->mem.task_size = r->la57 ? TASK_SIZE_5LVL : TASK_SIZE_4LVL;
	r->flag_table = sh->mem.flag_table;
	r->privileged = sh->mem.privileged;
	r->nr_tables = sh->info.nr_tables;
	r->thp = access("/sys/kernel/mm/transparent_hugepage/enabled", R_OK) == 0;
	fuzz_oracle_memory_add(&sh->mem, 0, mmap_min_addr(), FUZZ_PAGE_HOLE);
	if (r->la57)
		fuzz_oracle_memory_add(&sh->mem, TASK_SIZE_4LVL, TASK_SIZE_5LVL, FUZZ_PAGE_HOLE);
	/* Every buffer before the arena: nothing may later be mapped into its holes. */
	for (unsigned int i = 0; i < o->threads; i++) {
		struct fuzz_thread *t = &sh->threads[i];

		t->id = i;
		t->calls = o->calls / o->threads + (i < o->calls % o->threads);
		if (setup_thread(sh, t, err, errlen))
			goto out;
	}
	if (setup_arena(sh, err, errlen))
		goto out;
	for (unsigned int i = 0; i < o->threads; i++)
		sh->threads[i].slice = sh->arena + (size_t)i * SLICE_PAGES * PG;
	if (o->churn) {
		if (pthread_create(&churn, NULL, churn_main, sh)) {
			snprintf(err, errlen, "starting the churn thread failed");
			goto out;
		}
		churning = 1;
	}
	for (; started < o->threads; started++)
		if (pthread_create(&sh->threads[started].tid, NULL, fuzz_thread_main,
				   &sh->threads[started])) {
			snprintf(err, errlen, "starting fuzzing thread %u failed", started);
			break;
		}
	for (unsigned int i = 0; i < started; i++) {
		pthread_join(sh->threads[i].tid, NULL);
		add_report(r, &sh->threads[i].r);
	}
	ret = started == o->threads ? 0 : -1;
out:
	atomic_store(&sh->stop, 1);
	if (churning)
		pthread_join(churn, NULL);
	r->churn_ops = atomic_load(&sh->churn_ops);
	for (unsigned int i = 0; i < FUZZ_MAX_THREADS; i++)
		if (sh->threads[i].own_fd > 0)
			close(sh->threads[i].own_fd);
	if (sh->fd > 0)
		close(sh->fd);
	pthread_mutex_destroy(&sh->log_lock);
	free(sh);
	return ret;
}
