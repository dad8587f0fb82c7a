// SPDX-License-Identifier: GPL-2.0
/* Opening /dev/hmm_bench and calling its ioctls. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "measure/device.h"

void device_open_error(int error, char *err, size_t err_len)
{
	switch (-error) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		snprintf(err, err_len, "%s: %s: load the module: insmod bench-module/hmm_bench.ko",
			 HMM_BENCH_DEVICE_PATH, strerror(-error));
		break;
	case EACCES:
	case EPERM:
		snprintf(err, err_len, "%s: %s: the device is root-only (mode 0600): run hmmbench as root",
			 HMM_BENCH_DEVICE_PATH, strerror(-error));
		break;
	case ENOTTY:
		snprintf(err, err_len,
			 "%s: GET_INFO not understood (%s): not hmm_bench, or a module from an incompatible build; rebuild and reload it",
			 HMM_BENCH_DEVICE_PATH, strerror(-error));
		break;
	default:
		snprintf(err, err_len, "%s: %s", HMM_BENCH_DEVICE_PATH, strerror(-error));
	}
}

int device_open(struct hmm_device *dev, char *err, size_t err_len)
{
	int ret;

	memset(dev, 0, sizeof(*dev));
	dev->fd = open(HMM_BENCH_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (dev->fd < 0) {
		ret = -errno;
		device_open_error(ret, err, err_len);
		return ret;
	}
	ret = device_get_info(dev->fd, &dev->info);
	if (ret) {
		device_open_error(ret, err, err_len);
		device_close(dev);
		return ret;
	}
	if (dev->info.abi_version != HMM_BENCH_ABI_VERSION) {
		snprintf(err, err_len,
			 "%s: module ABI version %u, runner ABI version %u: build both from the same source (make) and reload the module (rmmod hmm_bench; insmod bench-module/hmm_bench.ko)",
			 HMM_BENCH_DEVICE_PATH, dev->info.abi_version, HMM_BENCH_ABI_VERSION);
		device_close(dev);
		return -EPROTO;
	}
	return 0;
}

void device_close(struct hmm_device *dev)
{
	if (dev->fd >= 0)
		close(dev->fd);
	dev->fd = -1;
}

static int device_ioctl(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg) < 0 ? -errno : 0;
}

int device_get_info(int fd, struct hmm_bench_info *info)
{
	memset(info, 0, sizeof(*info));
	return device_ioctl(fd, HMM_BENCH_IOC_GET_INFO, info);
}

int device_get_table(int fd, unsigned int index, struct hmm_bench_table_query *query)
{
	memset(query, 0, sizeof(*query));
	query->index = index;
	return device_ioctl(fd, HMM_BENCH_IOC_GET_TABLE, query);
}

int device_run(int fd, struct hmm_bench_run *run)
{
	return device_ioctl(fd, HMM_BENCH_IOC_RUN, run);
}

int device_load_tables(const struct hmm_device *dev, struct hmm_bench_table_query *tables,
		       unsigned int max, unsigned int *nr)
{
	int ret;

	*nr = 0;
	if (dev->info.nr_tables > max)
		return -E2BIG;
	for (unsigned int i = 0; i < dev->info.nr_tables; i++) {
		ret = device_get_table(dev->fd, i, &tables[i]);
		if (ret)
			return ret;
		/* Never trust a kernel string to be terminated. */
		tables[i].name[HMM_BENCH_TABLE_NAME_LEN - 1] = '\0';
		*nr = i + 1;
	}
	return 0;
}

const char *device_feature_name(unsigned int feature)
{
	switch (feature) {
	case HMM_BENCH_FEAT_MAP_ORDER:
		return "map_order";
	case HMM_BENCH_FEAT_FLAG_TABLE:
		return "flag_table";
	case HMM_BENCH_FEAT_RAW_ENTRIES:
		return "raw_entries";
	case HMM_BENCH_FEAT_INJECT:
		return "inject";
	}
	return NULL;
}

const char *device_clock_name(unsigned int clock)
{
	return clock == HMM_BENCH_CLOCK_KTIME_MONO ? "ktime_mono" : NULL;
}
