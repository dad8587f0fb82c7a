// SPDX-License-Identifier: GPL-2.0
/*
 * counters.c on this machine. Hardware events are checked against a direct
 * perf_event_open() of the same event (so the test holds with or without a
 * PMU); software events against getrusage() and the wall clock.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <perfmon/pfmlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "measure/counters.h"

static char err[512];

static const struct counter *find(const struct counters *c, const char *name)
{
	for (size_t i = 0; i < c->nr; i++)
		if (!strcmp(c->ev[i].name, name))
			return &c->ev[i];
	return NULL;
}

/* What the kernel says about a hardware event, asked directly: 0 or errno. */
static int direct_probe(uint64_t config)
{
	struct perf_event_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_HARDWARE;
	attr.config = config;
	attr.disabled = 1;
	attr.exclude_hv = 1;
	fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static void check_hardware(const struct counters *c, const char *name, uint64_t config)
{
	const struct counter *e = find(c, name);
	int error = direct_probe(config);

	EXPECT(e != NULL);
	if (!e)
		return;
	printf("  %s: %s%s%s\n", name, e->status == COUNTER_COUNTED ? "counted" : "unavailable: ",
	       e->reason, error ? "" : " (this machine has a PMU)");
	if (error) {
		char want[256];

		EXPECT_EQ_INT(e->status, COUNTER_UNAVAILABLE);
		EXPECT_EQ_INT(e->open_errno, error);
		/* The reason names the errno and says what it means. */
		EXPECT(strstr(e->reason, strerrorname_np(error)) != NULL);
		counters_errno_reason(error, want, sizeof(want));
		EXPECT(!strcmp(e->reason, want));
		if (error == ENOENT || error == EOPNOTSUPP)
			EXPECT(strstr(e->reason, "no PMU for this event here") != NULL);
	} else {
		EXPECT_EQ_INT(e->status, COUNTER_COUNTED);
	}
	/* Encoded by libpfm4 either way: the failure is the kernel's, not ours. */
	EXPECT_EQ_INT(e->pfm_error, 0);
	EXPECT(!strncmp(e->encoding, "perf::PERF_COUNT_HW_", 20));
}

static void test_hardware_events(void)
{
	struct counters c;

	EXPECT_EQ_INT(counters_open(&c, "cycles,instructions", err, sizeof(err)), 0);
	check_hardware(&c, "cycles", PERF_COUNT_HW_CPU_CYCLES);
	check_hardware(&c, "instructions", PERF_COUNT_HW_INSTRUCTIONS);
	counters_close(&c);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static long minor_faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return ru.ru_minflt;
}

/* Write one byte to each 4 KiB page of [p, p + pages * 4096): one fault each. */
static void touch(char *p, size_t pages)
{
	for (size_t i = 0; i < pages; i++)
		((volatile char *)p)[i * 4096] = 1;
}

static char *fresh_region(size_t pages)
{
	char *p = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	/* One fault per 4 KiB page, not one per THP. */
	madvise(p, pages * 4096, MADV_NOHUGEPAGE);
	return p;
}

static void test_software_events_count(void)
{
	const size_t pages = 2048;
	const struct counter *tc, *pf, *cyc;
	struct counters c;
	double t0, t1;
	long f0, f1;
	char *p = fresh_region(pages);

	EXPECT(p != NULL);
	EXPECT_EQ_INT(counters_open(&c, "cycles,task-clock,page-faults,context-switches",
				    err, sizeof(err)), 0);
	tc = find(&c, "task-clock");
	pf = find(&c, "page-faults");
	cyc = find(&c, "cycles");
	EXPECT_EQ_INT(tc->status, COUNTER_COUNTED);
	EXPECT_EQ_INT(pf->status, COUNTER_COUNTED);
	EXPECT(tc->kernel && pf->kernel);
	/* Whatever opened alone opened together. */
	EXPECT(c.grouped);
	EXPECT_EQ_INT(counters_nr_counted(&c), 3 + (cyc->status == COUNTER_COUNTED));

	EXPECT_EQ_INT(counters_reset(&c), 0);
	f0 = minor_faults();
	t0 = now_ns();
	EXPECT_EQ_INT(counters_start(&c), 0);
	touch(p, pages);
	EXPECT_EQ_INT(counters_stop(&c), 0);
	t1 = now_ns();
	f1 = minor_faults();
	EXPECT_EQ_INT(counters_read(&c), 0);

	printf("  page-faults %.0f (rusage %ld), task-clock %.0f ns of %.0f ns wall, ratio %.2f\n",
	       pf->value, f1 - f0, tc->value, t1 - t0, tc->running_ratio);
	EXPECT(pf->valid && tc->valid);
	EXPECT(pf->value >= (double)pages);
	EXPECT(fabs(pf->value - (double)(f1 - f0)) <= 16);
	EXPECT(tc->value > 0);
	EXPECT(tc->value <= t1 - t0);
	EXPECT_NEAR(tc->running_ratio, 1.0, 1e-9);
	EXPECT_NEAR(pf->value, (double)pf->raw, 1e-9);
	counters_close(&c);
	munmap(p, pages * 4096);
}

static void test_stop_excludes_and_start_accumulates(void)
{
	const size_t pages = 512;
	struct counters c;
	char *p = fresh_region(3 * pages);
	const struct counter *pf;

	EXPECT_EQ_INT(counters_open(&c, "page-faults", err, sizeof(err)), 0);
	pf = find(&c, "page-faults");
	EXPECT_EQ_INT(counters_reset(&c), 0);
	counters_start(&c);
	touch(p, pages);
	counters_stop(&c);
	touch(p + pages * 4096, pages);		/* between batches: not counted */
	counters_start(&c);
	touch(p + 2 * pages * 4096, pages);
	counters_stop(&c);
	EXPECT_EQ_INT(counters_read(&c), 0);
	printf("  two batches of %zu faults with %zu between: %.0f counted\n", pages, pages,
	       pf->value);
	EXPECT(pf->value >= 2.0 * pages && pf->value <= 2.0 * pages + 16);

	/* A new baseline starts from zero. */
	EXPECT_EQ_INT(counters_reset(&c), 0);
	EXPECT_EQ_INT(counters_read(&c), 0);
	EXPECT_EQ_INT(pf->raw, 0);
	counters_close(&c);
	munmap(p, 3 * pages * 4096);
}

static void test_unknown_event(void)
{
	struct counters c;
	const struct counter *e;

	EXPECT_EQ_INT(counters_open(&c, "no_such_event_xyz,task-clock", err, sizeof(err)), 0);
	e = find(&c, "no_such_event_xyz");
	EXPECT_EQ_INT(e->status, COUNTER_UNAVAILABLE);
	EXPECT_EQ_INT(e->pfm_error, PFM_ERR_NOTFOUND);
	EXPECT(strstr(e->reason, pfm_strerror(PFM_ERR_NOTFOUND)) != NULL);
	EXPECT(strstr(e->reason, "libpfm4") != NULL);
	EXPECT_EQ_INT(find(&c, "task-clock")->status, COUNTER_COUNTED);
	printf("  no_such_event_xyz: %s\n", e->reason);
	counters_close(&c);
}

static void test_raw_strings_and_modifiers(void)
{
	struct counters c;
	const struct counter *raw, *user;

	EXPECT_EQ_INT(counters_open(&c, "perf::PERF_COUNT_SW_PAGE_FAULTS,page-faults:u",
				    err, sizeof(err)), 0);
	raw = find(&c, "perf::PERF_COUNT_SW_PAGE_FAULTS");
	user = find(&c, "page-faults:u");
	EXPECT_EQ_INT(raw->status, COUNTER_COUNTED);
	EXPECT(!strncmp(raw->encoding, "perf::PERF_COUNT_SW_PAGE_FAULTS:", 32));
	EXPECT(raw->kernel);
	EXPECT_EQ_INT(user->status, COUNTER_COUNTED);
	EXPECT(!user->kernel);
	EXPECT_EQ_INT(raw->type, PERF_TYPE_SOFTWARE);
	EXPECT_EQ_INT(raw->config, PERF_COUNT_SW_PAGE_FAULTS);
	counters_close(&c);
}

static void test_list_errors(void)
{
	struct counters c;

	EXPECT_EQ_INT(counters_open(&c, "", err, sizeof(err)), -1);
	EXPECT(!strncmp(err, "--events '':", 12));
	counters_close(&c);
	EXPECT_EQ_INT(counters_open(&c, "cycles,,task-clock", err, sizeof(err)), -1);
	EXPECT(strstr(err, "--events 'cycles,,task-clock': empty item") != NULL);
	counters_close(&c);
	EXPECT_EQ_INT(counters_open(&c, "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", err, sizeof(err)), -1);
	EXPECT(strstr(err, "more than 16 events") != NULL);
	counters_close(&c);
}

static void test_errno_reasons(void)
{
	char buf[256], want[64];
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int paranoid = 0;

	EXPECT(f && fscanf(f, "%d", &paranoid) == 1);
	if (f)
		fclose(f);
	counters_errno_reason(EACCES, buf, sizeof(buf));
	snprintf(want, sizeof(want), "perf_event_paranoid=%d", paranoid);
	EXPECT(strstr(buf, "not permitted") && strstr(buf, want) && strstr(buf, "CAP_PERFMON") &&
	       strstr(buf, "EACCES"));
	counters_errno_reason(ENOENT, buf, sizeof(buf));
	EXPECT(strstr(buf, "no PMU") && strstr(buf, "QEMU TCG") && strstr(buf, "ENOENT"));
	counters_errno_reason(ENOSYS, buf, sizeof(buf));
	EXPECT(strstr(buf, "CONFIG_PERF_EVENTS") && strstr(buf, "ENOSYS"));
}

int main(void)
{
	static const struct test_case tests[] = {
		{ "hardware events", test_hardware_events },
		{ "software events count", test_software_events_count },
		{ "stop excludes, start accumulates", test_stop_excludes_and_start_accumulates },
		{ "unknown event", test_unknown_event },
		{ "raw strings and modifiers", test_raw_strings_and_modifiers },
		{ "list errors", test_list_errors },
		{ "errno reasons", test_errno_reasons },
	};

	return RUN_TESTS(tests);
}
