// SPDX-License-Identifier: GPL-2.0
/*
 * test_access: who may use /dev/hmm_bench, and what they get. Runs as root
 * in a guest with hmm_bench.ko loaded; every unprivileged step runs in a
 * child that dropped to uid/gid 65534 (nobody) and lost every capability.
 *
 * The rules (README.md, "Security"): the device node is 0600, so only root
 * opens it; if an administrator opens it up (chmod), an unprivileged caller
 * may time hmm_range_fault() but never sees output entries, which hold
 * physical page numbers: RUN with entries_ptr is -EPERM and GET_INFO
 * withholds HMM_BENCH_FEAT_RAW_ENTRIES, as /proc/pid/pagemap withholds PFNs
 * from callers without CAP_SYS_ADMIN.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "hmm_bench_uapi.h"

#define NOBODY		65534
#define NR_PAGES	8

/* Child exit codes: 0 as expected, else which step went wrong. */
enum child_result { CHILD_OK, CHILD_NO_DROP, CHILD_OPENED, CHILD_WRONG_ERRNO, CHILD_OPEN_FAILED,
		    CHILD_INFO_FAILED, CHILD_HAS_RAW, CHILD_RUN_FAILED, CHILD_BAD_SAMPLES,
		    CHILD_ENTRIES_NOT_EPERM, CHILD_ENTRIES_WRITTEN };

static const char *const child_results[] = {
	"ok", "could not drop to uid 65534", "the device opened", "open failed with another errno",
	"open failed", "GET_INFO failed", "GET_INFO reports FEAT_RAW_ENTRIES",
	"RUN without entries failed", "samples not filled", "RUN with entries_ptr was not -EPERM",
	"the entries buffer was written",
};

static mode_t saved_mode;

/* Run @fn as nobody, without capabilities; returns fn()'s result or -1. */
static int as_nobody(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY) || geteuid() != NOBODY)
			_exit(CHILD_NO_DROP);
		_exit(fn());
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void expect_child(int got, const char *what)
{
	if (got != CHILD_OK)
		fprintf(stderr, "  %s: %s\n", what,
			got >= 0 && got < (int)(sizeof(child_results) / sizeof(child_results[0])) ?
			child_results[got] : "the child died");
	EXPECT_EQ_INT(got, CHILD_OK);
}

/* ---- the device as installed: 0600 ---- */

static int open_must_fail(void)
{
	int fd = open(HMM_BENCH_DEVICE_PATH, O_RDWR);

	if (fd >= 0)
		return CHILD_OPENED;
	return errno == EACCES ? CHILD_OK : CHILD_WRONG_ERRNO;
}

static void device_is_0600(void)
{
	struct stat st;

	EXPECT_EQ_INT(stat(HMM_BENCH_DEVICE_PATH, &st), 0);
	EXPECT(S_ISCHR(st.st_mode));
	EXPECT_EQ_INT(st.st_mode & 07777, 0600);
	EXPECT_EQ_INT(st.st_uid, 0);
}

static void unprivileged_open_is_eacces(void)
{
	expect_child(as_nobody(open_must_fail), "open as uid 65534");
}

static void root_gets_raw_entries(void)
{
	struct hmm_bench_info info = { 0 };
	int fd = open(HMM_BENCH_DEVICE_PATH, O_RDWR);

	EXPECT(fd >= 0);
	EXPECT_EQ_INT(ioctl(fd, HMM_BENCH_IOC_GET_INFO, &info), 0);
	EXPECT(info.features & HMM_BENCH_FEAT_RAW_ENTRIES);
	close(fd);
}

/* ---- the device opened up by the administrator ---- */

static int open_or_exit(void)
{
	return open(HMM_BENCH_DEVICE_PATH, O_RDWR);
}

static int info_without_raw_entries(void)
{
	struct hmm_bench_info info = { 0 };
	int fd = open_or_exit();

	if (fd < 0)
		return CHILD_OPEN_FAILED;
	if (ioctl(fd, HMM_BENCH_IOC_GET_INFO, &info) || info.abi_version != HMM_BENCH_ABI_VERSION)
		return CHILD_INFO_FAILED;
	return info.features & HMM_BENCH_FEAT_RAW_ENTRIES ? CHILD_HAS_RAW : CHILD_OK;
}

/* A populated buffer, one RUN of @op; entries requested when @entries. */
static int run_as_nobody(uint32_t op, uint64_t *entries)
{
	struct hmm_bench_sample samples[4];
	struct hmm_bench_run r;
	size_t len = NR_PAGES * 4096;
	char *buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open_or_exit(), ret;

	if (fd < 0 || buf == MAP_FAILED)
		return -ENODEV;
	memset(buf, 1, len);
	memset(samples, 0, sizeof(samples));
	memset(&r, 0, sizeof(r));
	r.addr = (uintptr_t)buf;
	r.len = len;
	r.op = op;
	r.format = HMM_BENCH_FORMAT_FIXED;
	r.nr_samples = 4;
	r.samples_ptr = (uintptr_t)samples;
	if (entries) {
		r.entries_ptr = (uintptr_t)entries;
		r.entries_bytes = NR_PAGES * 8;
	}
	ret = ioctl(fd, HMM_BENCH_IOC_RUN, &r) ? -errno : 0;
	close(fd);
	if (!ret && (!samples[3].total_ns || r.nr_valid != NR_PAGES))
		return -EIO;
	return ret;
}

static int timings_allowed(void)
{
	int ret = run_as_nobody(HMM_BENCH_OP_SNAPSHOT, NULL);

	if (!ret)
		ret = run_as_nobody(HMM_BENCH_OP_FAULT, NULL);
	return ret == -ENODEV ? CHILD_OPEN_FAILED : ret == -EIO ? CHILD_BAD_SAMPLES :
	       ret ? CHILD_RUN_FAILED : CHILD_OK;
}

static int entries_refused(void)
{
	uint64_t entries[NR_PAGES];
	int ret;

	memset(entries, 0x5a, sizeof(entries));
	ret = run_as_nobody(HMM_BENCH_OP_SNAPSHOT, entries);
	if (ret == -ENODEV)
		return CHILD_OPEN_FAILED;
	if (ret != -EPERM)
		return CHILD_ENTRIES_NOT_EPERM;
	for (int i = 0; i < NR_PAGES; i++)
		if (entries[i] != 0x5a5a5a5a5a5a5a5aULL)
			return CHILD_ENTRIES_WRITTEN;
	return CHILD_OK;
}

static void open_up(void)
{
	EXPECT_EQ_INT(chmod(HMM_BENCH_DEVICE_PATH, 0666), 0);
}

static void unprivileged_info_lacks_raw_entries(void)
{
	open_up();
	expect_child(as_nobody(info_without_raw_entries), "GET_INFO as uid 65534");
}

static void unprivileged_timings_allowed(void)
{
	open_up();
	expect_child(as_nobody(timings_allowed), "RUN (timings) as uid 65534");
}

static void unprivileged_entries_eperm(void)
{
	open_up();
	expect_child(as_nobody(entries_refused), "RUN with entries_ptr as uid 65534");
}

static void mode_restored(void)
{
	struct stat st;

	EXPECT_EQ_INT(chmod(HMM_BENCH_DEVICE_PATH, saved_mode), 0);
	EXPECT_EQ_INT(stat(HMM_BENCH_DEVICE_PATH, &st), 0);
	EXPECT_EQ_INT(st.st_mode & 07777, 0600);
	expect_child(as_nobody(open_must_fail), "open as uid 65534 after the mode is restored");
}

#define TEST(fn) { #fn, fn }

static const struct test_case tests[] = {
	TEST(device_is_0600),
	TEST(unprivileged_open_is_eacces),
	TEST(root_gets_raw_entries),
	TEST(unprivileged_info_lacks_raw_entries),
	TEST(unprivileged_timings_allowed),
	TEST(unprivileged_entries_eperm),
	TEST(mode_restored),
};

int main(void)
{
	struct stat st;
	int ret;

	if (geteuid() != 0) {
		fprintf(stderr, "test_access: run as root (it drops to uid %d itself)\n", NOBODY);
		return 2;
	}
	if (stat(HMM_BENCH_DEVICE_PATH, &st)) {
		fprintf(stderr, "test_access: %s: %s (load hmm_bench.ko)\n", HMM_BENCH_DEVICE_PATH,
			strerror(errno));
		return 2;
	}
	saved_mode = st.st_mode & 07777;
	ret = RUN_TESTS(tests);
	/* Whatever failed, the node goes back to how it was. */
	chmod(HMM_BENCH_DEVICE_PATH, saved_mode);
	return ret;
}
