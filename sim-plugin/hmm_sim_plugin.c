// SPDX-License-Identifier: GPL-2.0
/*
 * hmm_sim_plugin.c - hmmbench's QEMU TCG plugin: per vCPU, between the
 * window markers hmm_bench.ko puts around each timed driver-loop call
 * (HMM_BENCH_SIM_MARK_* in hmm_bench_uapi.h), it counts the instructions,
 * loads and stores, and feeds every instruction fetch (by guest virtual
 * address) and every data access (by guest physical address) into a
 * simulated cache hierarchy (cache_model.h). Outside the windows it counts
 * nothing, so the caches hold what earlier windows (the warm-up calls
 * among them) left.
 *
 *   -plugin build/sim/hmm_sim_plugin.so,windows=FILE[,l1i=G][,l1d=G][,l2=G][,llc=G]
 *           [,check-shortcuts=on]
 *
 * G is SIZE:WAYS:LINE (cache_model_geometry_parse()); the defaults are
 * cache_model_default_*. FILE gets a header line, one line per window in
 * the order they closed, and a closing line (sim-plugin/README.md
 * gives the format). QEMU 7.2's API reads no guest registers or memory, so
 * the windows carry no sample number: the host matches them to samples by
 * order and checks each against the sample's icount time.
 *
 * Two shortcuts keep its cost near 2.5 times plain icount's (most of it was
 * QEMU's physical-address lookups and the cache lookups): consecutive data
 * accesses to one virtual page reuse its translation, and an access to the
 * line the last one touched (fetch or data alike) is a hit without a
 * lookup. Neither changes a count; check-shortcuts=on takes the long way
 * every time, counts where a shortcut would have differed and reports it
 * on the closing line (tests/check.d/46-sim.sh runs a boot so).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

#include "cache_model.h"
#include "hmm_bench_uapi.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define SIM_PAGE_BYTES	4096	/* the smallest x86 page: one translation */

/* What one vCPU counts in its open window. */
struct sim_vcpu {
	struct cache_model caches;	/* without an llc of its own: sim_llc is shared */
	int in_window;
	uint64_t last_fetch_line;
	uint64_t last_data_line;	/* physical line of the last data access */
	uint64_t last_data_vpage;	/* its virtual page, and that page's physical address */
	uint64_t last_data_ppage;
	uint64_t insns, loads, stores, io_accesses, llc_misses;
	uint64_t l1i_misses, l1d_misses, l2_misses;	/* the caches' counts at the window's start */
};

static struct sim_vcpu *sim_vcpus;
static unsigned int sim_nr_vcpus;
static struct cache_model_level sim_llc;
static pthread_mutex_t sim_lock = PTHREAD_MUTEX_INITIALIZER;
static int sim_shared;		/* several vCPUs: the LLC and the file need the lock */
static FILE *sim_out;
static uint64_t sim_windows, sim_aborted, sim_stray_ends;
/* check-shortcuts=on: take the long way every time and count where the short one would differ. */
static int sim_check_shortcuts;
static uint64_t sim_shortcut_checks, sim_shortcut_errors;

/*
 * An instruction's address and length in one pointer-sized word: the
 * length in the top 4 bits (x86 instructions are at most 15 bytes), the
 * address sign-extended from bit 59 (canonical with 4- or 5-level paging).
 */
static void *sim_insn_word(uint64_t vaddr, size_t size)
{
	return (void *)(uintptr_t)((vaddr & ((1ULL << 60) - 1)) | ((uint64_t)size << 60));
}

static uint64_t sim_word_vaddr(void *word)
{
	uint64_t w = (uint64_t)(uintptr_t)word << 4;

	return (uint64_t)((int64_t)w >> 4);
}

static unsigned int sim_word_size(void *word)
{
	return (unsigned int)((uint64_t)(uintptr_t)word >> 60);
}

static void sim_llc_access(struct sim_vcpu *v, enum cache_model_kind kind, uint64_t addr,
			   unsigned int size)
{
	if (sim_shared)
		pthread_mutex_lock(&sim_lock);
	v->llc_misses += cache_model_access(&v->caches, &sim_llc, kind, addr, size);
	if (sim_shared)
		pthread_mutex_unlock(&sim_lock);
}

/* check-shortcuts=on: look up an access a shortcut called an @l1 hit, and count it if it missed. */
static void sim_check_hit(struct sim_vcpu *v, enum cache_model_kind kind,
			  const struct cache_model_level *l1, uint64_t addr, unsigned int size)
{
	uint64_t misses = l1->misses;

	sim_llc_access(v, kind, addr, size);
	sim_shortcut_checks++;
	sim_shortcut_errors += l1->misses != misses;
}

/* Where @v's own caches' counts stand as its window opens. */
static void sim_snapshot(struct sim_vcpu *v)
{
	v->l1i_misses = v->caches.l1i.misses;
	v->l1d_misses = v->caches.l1d.misses;
	v->l2_misses = v->caches.l2.misses;
	v->llc_misses = 0;
}

static void sim_window_start(unsigned int vcpu_index, void *udata)
{
	struct sim_vcpu *v = &sim_vcpus[vcpu_index];

	(void)udata;
	if (v->in_window) {
		/* The last call ended on a path without its end marker. */
		if (sim_shared)
			pthread_mutex_lock(&sim_lock);
		fprintf(sim_out, "aborted vcpu %u insns %" PRIu64 "\n", vcpu_index, v->insns);
		sim_aborted++;
		if (sim_shared)
			pthread_mutex_unlock(&sim_lock);
	}
	v->in_window = 1;
	v->insns = v->loads = v->stores = v->io_accesses = 0;
	v->last_fetch_line = UINT64_MAX;
	v->last_data_line = v->last_data_vpage = UINT64_MAX;
	sim_snapshot(v);
}

static void sim_window_end(unsigned int vcpu_index, void *udata)
{
	struct sim_vcpu *v = &sim_vcpus[vcpu_index];

	(void)udata;
	if (sim_shared)
		pthread_mutex_lock(&sim_lock);
	if (!v->in_window) {
		sim_stray_ends++;
	} else {
		fprintf(sim_out,
			"window %" PRIu64 " vcpu %u insns %" PRIu64 " loads %" PRIu64
			" stores %" PRIu64 " l1i-misses %" PRIu64 " l1d-misses %" PRIu64
			" l2-misses %" PRIu64 " llc-misses %" PRIu64 " io %" PRIu64 "\n",
			sim_windows, vcpu_index, v->insns, v->loads, v->stores,
			v->caches.l1i.misses - v->l1i_misses, v->caches.l1d.misses - v->l1d_misses,
			v->caches.l2.misses - v->l2_misses, v->llc_misses,
			v->io_accesses);
		fflush(sim_out);
		sim_windows++;
	}
	v->in_window = 0;
	if (sim_shared)
		pthread_mutex_unlock(&sim_lock);
}

static void sim_insn_exec(unsigned int vcpu_index, void *word)
{
	struct sim_vcpu *v = &sim_vcpus[vcpu_index];
	uint64_t vaddr, line, last_line;

	if (!v->in_window)
		return;
	v->insns++;
	vaddr = sim_word_vaddr(word);
	line = vaddr >> v->caches.l1i.line_shift;
	last_line = (vaddr + sim_word_size(word) - 1) >> v->caches.l1i.line_shift;
	/* A fetch from the line just fetched hits: only the line changes are looked up. */
	if (line == v->last_fetch_line && last_line == line) {
		if (sim_check_shortcuts)
			sim_check_hit(v, CACHE_MODEL_FETCH, &v->caches.l1i, vaddr, sim_word_size(word));
		return;
	}
	v->last_fetch_line = last_line;
	sim_llc_access(v, CACHE_MODEL_FETCH, vaddr, sim_word_size(word));
}

static void sim_mem_access(unsigned int vcpu_index, qemu_plugin_meminfo_t info, uint64_t vaddr,
			   void *udata)
{
	struct sim_vcpu *v = &sim_vcpus[vcpu_index];
	unsigned int size = 1u << qemu_plugin_mem_size_shift(info);
	uint64_t vpage = vaddr & ~(uint64_t)(SIM_PAGE_BYTES - 1), paddr, first_line, last_line;
	int same_page = vpage == v->last_data_vpage;
	struct qemu_plugin_hwaddr *hw;

	(void)udata;
	if (!v->in_window)
		return;
	if (qemu_plugin_mem_is_store(info))
		v->stores++;
	else
		v->loads++;
	/*
	 * Asking QEMU for the physical address and looking the line up were
	 * most of the plugin's cost. Consecutive accesses to one virtual page
	 * reuse its translation: what could remap the page in between, a
	 * store to a page table, is itself an access to another page. A
	 * repeated access to the line just accessed hits the L1d, where that
	 * line is already the most recently used, so it changes nothing.
	 */
	if (same_page && !sim_check_shortcuts) {
		paddr = v->last_data_ppage | (vaddr & (SIM_PAGE_BYTES - 1));
	} else {
		hw = qemu_plugin_get_hwaddr(info, vaddr);
		sim_shortcut_checks += same_page;
		/* MMIO is not cached; system emulation always has a hwaddr. */
		if (!hw || qemu_plugin_hwaddr_is_io(hw)) {
			sim_shortcut_errors += same_page;
			v->io_accesses++;
			v->last_data_vpage = UINT64_MAX;
			return;
		}
		paddr = qemu_plugin_hwaddr_phys_addr(hw);
		sim_shortcut_errors += same_page &&
			(paddr & ~(uint64_t)(SIM_PAGE_BYTES - 1)) != v->last_data_ppage;
		v->last_data_vpage = vpage;
		v->last_data_ppage = paddr & ~(uint64_t)(SIM_PAGE_BYTES - 1);
	}
	first_line = paddr >> v->caches.l1d.line_shift;
	last_line = (paddr + size - 1) >> v->caches.l1d.line_shift;
	if (first_line == last_line && first_line == v->last_data_line) {
		if (sim_check_shortcuts)
			sim_check_hit(v, CACHE_MODEL_DATA, &v->caches.l1d, paddr, size);
		return;
	}
	v->last_data_line = last_line;
	sim_llc_access(v, CACHE_MODEL_DATA, paddr, size);
}

/* Is @insn the marker nopl with displacement @mark? */
static int sim_is_marker(struct qemu_plugin_insn *insn, uint32_t mark)
{
	const unsigned char *b = qemu_plugin_insn_data(insn);

	return qemu_plugin_insn_size(insn) == 7 && b[0] == 0x0f && b[1] == 0x1f && b[2] == 0x80 &&
	       b[3] == (mark & 0xff) && b[4] == ((mark >> 8) & 0xff) &&
	       b[5] == ((mark >> 16) & 0xff) && b[6] == (mark >> 24);
}

static void sim_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		void *word = sim_insn_word(qemu_plugin_insn_vaddr(insn), qemu_plugin_insn_size(insn));
		int start = sim_is_marker(insn, HMM_BENCH_SIM_MARK_START);
		int end = sim_is_marker(insn, HMM_BENCH_SIM_MARK_END);

		/* Callbacks run in the order registered: both markers are inside their window. */
		if (start)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, sim_window_start,
							       QEMU_PLUGIN_CB_NO_REGS, NULL);
		qemu_plugin_register_vcpu_insn_exec_cb(insn, sim_insn_exec, QEMU_PLUGIN_CB_NO_REGS,
						       word);
		qemu_plugin_register_vcpu_mem_cb(insn, sim_mem_access, QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_RW, NULL);
		if (end)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, sim_window_end,
							       QEMU_PLUGIN_CB_NO_REGS, NULL);
	}
}

static void sim_exit(qemu_plugin_id_t id, void *udata)
{
	unsigned int i;

	(void)id;
	(void)udata;
	fprintf(sim_out, "end windows %" PRIu64 " aborted %" PRIu64 " stray-ends %" PRIu64,
		sim_windows, sim_aborted, sim_stray_ends);
	if (sim_check_shortcuts)
		fprintf(sim_out, " shortcut-checks %" PRIu64 " shortcut-errors %" PRIu64,
			sim_shortcut_checks, sim_shortcut_errors);
	fputc('\n', sim_out);
	fclose(sim_out);
	for (i = 0; i < sim_nr_vcpus; i++)
		cache_model_free(&sim_vcpus[i].caches);
	free(sim_vcpus);
	cache_model_level_free(&sim_llc);
}

static void sim_geometry_text(char *buf, size_t len, const struct cache_model_geometry *g)
{
	snprintf(buf, len, "%" PRIu64 ":%u:%u", g->size_bytes, g->ways, g->line_bytes);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
					   char **argv)
{
	struct cache_model_geometry l1i = cache_model_default_l1i, l1d = cache_model_default_l1d;
	struct cache_model_geometry l2 = cache_model_default_l2, llc = cache_model_default_llc;
	const char *windows = NULL;
	char text[4][64];
	unsigned int i;
	int a;

	for (a = 0; a < argc; a++) {
		const char *eq = strchr(argv[a], '=');
		const char *val = eq ? eq + 1 : "";
		size_t klen = eq ? (size_t)(eq - argv[a]) : strlen(argv[a]);
		struct cache_model_geometry *g = NULL;

		if (klen == 7 && !strncmp(argv[a], "windows", klen)) {
			windows = val;
			continue;
		}
		if (klen == 15 && !strncmp(argv[a], "check-shortcuts", klen) &&
		    (!strcmp(val, "on") || !strcmp(val, "off"))) {
			sim_check_shortcuts = !strcmp(val, "on");
			continue;
		}
		if (klen == 3 && !strncmp(argv[a], "l1i", klen))
			g = &l1i;
		else if (klen == 3 && !strncmp(argv[a], "l1d", klen))
			g = &l1d;
		else if (klen == 2 && !strncmp(argv[a], "l2", klen))
			g = &l2;
		else if (klen == 3 && !strncmp(argv[a], "llc", klen))
			g = &llc;
		if (!g || cache_model_geometry_parse(val, g)) {
			fprintf(stderr, "hmm_sim_plugin: bad argument '%s' (windows=FILE, l1i|l1d|l2|llc=SIZE:WAYS:LINE, check-shortcuts=on|off)\n",
				argv[a]);
			return -1;
		}
	}
	if (info->system_emulation == false || !windows || !*windows) {
		fprintf(stderr, "hmm_sim_plugin: needs system emulation and windows=FILE\n");
		return -1;
	}
	sim_out = fopen(windows, "w");
	if (!sim_out) {
		fprintf(stderr, "hmm_sim_plugin: cannot write %s: %s\n", windows, strerror(errno));
		return -1;
	}
	sim_nr_vcpus = (unsigned int)info->system.max_vcpus;
	sim_shared = sim_nr_vcpus > 1;
	sim_vcpus = calloc(sim_nr_vcpus, sizeof(*sim_vcpus));
	if (!sim_vcpus || cache_model_level_init(&sim_llc, &llc))
		goto nomem;
	for (i = 0; i < sim_nr_vcpus; i++)
		if (cache_model_init(&sim_vcpus[i].caches, &l1i, &l1d, &l2, NULL))
			goto nomem;
	sim_geometry_text(text[0], sizeof(text[0]), &l1i);
	sim_geometry_text(text[1], sizeof(text[1]), &l1d);
	sim_geometry_text(text[2], sizeof(text[2]), &l2);
	sim_geometry_text(text[3], sizeof(text[3]), &llc);
	fprintf(sim_out, "hmm-sim 1 vcpus %u l1i %s l1d %s l2 %s llc %s\n", sim_nr_vcpus, text[0],
		text[1], text[2], text[3]);
	fflush(sim_out);
	qemu_plugin_register_vcpu_tb_trans_cb(id, sim_tb_trans);
	qemu_plugin_register_atexit_cb(id, sim_exit, NULL);
	return 0;
nomem:
	fprintf(stderr, "hmm_sim_plugin: out of memory for the simulated caches\n");
	return -1;
}
