// SPDX-License-Identifier: GPL-2.0
/*
 * The pure parts of sysinfo.c and buffer.c: sysfs/procfs text parsing,
 * the run mode, page-kind names; and, on this machine, that a 4k buffer
 * really is populated and reset the way verify relies on, and that buffers
 * land in their fixed slots.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "measure/buffer.h"
#include "check.h"
#include "measure/pagemap.h"
#include "measure/sysinfo.h"

static void test_bracketed(void)
{
	char out[32];

	EXPECT_EQ_INT(sysinfo_bracketed("always [madvise] never", out, sizeof(out)), 0);
	EXPECT(!strcmp(out, "madvise"));
	EXPECT_EQ_INT(sysinfo_bracketed("[always] defer defer+madvise madvise never\n", out, sizeof(out)), 0);
	EXPECT(!strcmp(out, "always"));
	EXPECT_EQ_INT(sysinfo_bracketed("always madvise never", out, sizeof(out)), -1);
	EXPECT_EQ_INT(sysinfo_bracketed("[broken", out, sizeof(out)), -1);
}

static void test_cpuinfo(void)
{
	const char *text =
		"processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: QEMU TCG CPU version 2.5+\n"
		"flags\t\t: fpu vme de pse hypervisor lahf_lm\n\nprocessor\t: 1\n"
		"model name\t: other\n";
	char out[64];

	EXPECT_EQ_INT(sysinfo_cpu_model(text, out, sizeof(out)), 0);
	EXPECT(!strcmp(out, "QEMU TCG CPU version 2.5+"));
	EXPECT(sysinfo_cpu_has_flag(text, "hypervisor"));
	EXPECT(sysinfo_cpu_has_flag(text, "fpu"));
	EXPECT(sysinfo_cpu_has_flag(text, "lahf_lm"));
	EXPECT(!sysinfo_cpu_has_flag(text, "hyper"));
	EXPECT(!sysinfo_cpu_has_flag(text, "vmx"));
	EXPECT_EQ_INT(sysinfo_cpu_model("processor : 0\n", out, sizeof(out)), -1);
}

static void test_mode(void)
{
	EXPECT(!strcmp(sysinfo_mode("tcg", 1), "tcg"));
	EXPECT(!strcmp(sysinfo_mode("icount", 1), "icount"));
	EXPECT(!strcmp(sysinfo_mode(NULL, 0), "native"));
	EXPECT(!strcmp(sysinfo_mode(NULL, 1), "vm"));
	EXPECT(!strcmp(sysinfo_mode("bogus", 0), "native"));
}

static void test_gather(void)
{
	struct sys_facts f;

	sysinfo_gather(&f);
	EXPECT(f.kernel_release[0] != '\0');
	EXPECT(f.page_size == sysconf(_SC_PAGESIZE));
	EXPECT(f.nr_cpus_online >= 1);
	EXPECT(f.clocksource[0] != '\0');
}

static void test_page_kinds(void)
{
	unsigned int mask;
	enum page_kind kind;
	char err[128];

	EXPECT_EQ_INT(page_kind_parse("hugetlb2m", &kind), 0);
	EXPECT_EQ_INT(kind, PAGE_KIND_HUGETLB_2M);
	EXPECT(!strcmp(page_kind_name(PAGE_KIND_THP), "thp"));
	EXPECT_EQ_INT(page_kind_parse_list("4k,hugetlb2m", &mask, err, sizeof(err)), 0);
	EXPECT_EQ_INT(mask, (1U << PAGE_KIND_4K) | (1U << PAGE_KIND_HUGETLB_2M));
	EXPECT_EQ_INT(page_kind_parse_list("all", &mask, err, sizeof(err)), 0);
	EXPECT_EQ_INT(mask, PAGE_KINDS_ALL);
	EXPECT(page_kind_parse_list("4k,2m", &mask, err, sizeof(err)) < 0);
	EXPECT(strstr(err, "'2m'") != NULL);
	EXPECT(page_kind_parse_list(",", &mask, err, sizeof(err)) < 0);
	EXPECT_EQ_INT(page_kind_granule(PAGE_KIND_THP), 2 << 20);
}

/* A 4k buffer: unpopulated, then present after a write touch, then gone. */
static void test_buffer_4k(void)
{
	struct test_buffer buf;
	char reason[256];
	uint64_t entries[8];
	int fd = pagemap_open();

	EXPECT(fd >= 0);
	EXPECT_EQ_INT(buffer_alloc(&buf, PAGE_KIND_4K, 8 * 4096, reason, sizeof(reason)), 0);
	EXPECT_EQ_INT(pagemap_read(fd, (uintptr_t)buf.addr, 8, entries), 0);
	for (int i = 0; i < 8; i++)
		EXPECT(!pagemap_present(entries[i]));
	buffer_populate(&buf, TOUCH_WRITE);
	EXPECT_EQ_INT(pagemap_read(fd, (uintptr_t)buf.addr, 8, entries), 0);
	for (int i = 0; i < 8; i++)
		EXPECT(pagemap_present(entries[i]));
	EXPECT_EQ_INT(buffer_protect(&buf, 1), 0);
	EXPECT_EQ_INT(buffer_reset(&buf), 0);
	EXPECT_EQ_INT(pagemap_read(fd, (uintptr_t)buf.addr, 8, entries), 0);
	for (int i = 0; i < 8; i++)
		EXPECT(!pagemap_present(entries[i]));
	buffer_free(&buf);
	EXPECT_EQ_INT(buffer_alloc(&buf, PAGE_KIND_THP, 4096, reason, sizeof(reason)), -22);
	EXPECT(strstr(reason, "multiple of 2097152") != NULL);
	close(fd);
}

/*
 * Buffers go to fixed slots: the first at 4 GiB, a second one live beside it
 * at the next slot (64 GiB on), the first slot again once freed; a slot
 * something else has mapped is refused, naming the range hmmbench keeps.
 */
static void test_buffer_slots(void)
{
	struct test_buffer a, b;
	char reason[256] = "";
	void *squatter;

	EXPECT_EQ_INT(buffer_alloc(&a, PAGE_KIND_4K, 16 * 4096, reason, sizeof(reason)), 0);
	EXPECT((uintptr_t)a.addr == 4ULL << 30);
	EXPECT_EQ_INT(buffer_alloc(&b, PAGE_KIND_4K, 4096, reason, sizeof(reason)), 0);
	EXPECT((uintptr_t)b.addr == (4ULL << 30) + (64ULL << 30));
	buffer_free(&a);
	EXPECT_EQ_INT(buffer_alloc(&a, PAGE_KIND_4K, 4096, reason, sizeof(reason)), 0);
	EXPECT((uintptr_t)a.addr == 4ULL << 30);
	buffer_free(&a);
	buffer_free(&b);

	squatter = mmap((void *)(uintptr_t)(4ULL << 30), 4096, PROT_READ,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	EXPECT(squatter == (void *)(uintptr_t)(4ULL << 30));
	EXPECT_EQ_INT(buffer_alloc(&a, PAGE_KIND_4K, 4096, reason, sizeof(reason)), -EEXIST);
	EXPECT(strstr(reason, "the address is taken") != NULL && strstr(reason, "0x100000000") != NULL);
	munmap(squatter, 4096);
	EXPECT_EQ_INT(buffer_alloc(&a, PAGE_KIND_4K, 4096, reason, sizeof(reason)), 0);
	EXPECT((uintptr_t)a.addr == 4ULL << 30);
	buffer_free(&a);
	EXPECT_EQ_INT(buffer_alloc(&a, PAGE_KIND_4K, (64ULL << 30) + 4096, reason, sizeof(reason)),
		      -EINVAL);
	EXPECT(strstr(reason, "at most 64 GiB") != NULL);
}

static const struct test_case tests[] = {
	{ "bracketed", test_bracketed },
	{ "cpuinfo", test_cpuinfo },
	{ "mode", test_mode },
	{ "gather", test_gather },
	{ "page_kinds", test_page_kinds },
	{ "buffer_4k", test_buffer_4k },
	{ "buffer_slots", test_buffer_slots },
};

int main(void)
{
	return RUN_TESTS(tests);
}
