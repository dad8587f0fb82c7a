// SPDX-License-Identifier: GPL-2.0
/* Counters: libpfm4 encodes, perf_event_open() counts; the model is in counters.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <perfmon/pfmlib_perf_event.h>

#include "measure/counters.h"

#define READ_FORMAT (PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING | \
		     PERF_FORMAT_GROUP | PERF_FORMAT_ID)

static int paranoid_level(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int level = -100;

	if (f) {
		if (fscanf(f, "%d", &level) != 1)
			level = -100;
		fclose(f);
	}
	return level;
}

void counters_errno_reason(int error, char *buf, size_t len)
{
	const char *name = strerrorname_np(error);
	int paranoid;

	if (!name)
		name = "unknown errno";
	switch (error) {
	case ENOENT:
	case EOPNOTSUPP:
		snprintf(buf, len, "no PMU for this event here (e.g. QEMU TCG or a VM without "
			 "a virtual PMU): %s", name);
		return;
	case ENODEV:
		snprintf(buf, len, "no such PMU on this machine: %s", name);
		return;
	case EACCES:
	case EPERM:
		paranoid = paranoid_level();
		if (paranoid == -100)
			snprintf(buf, len, "not permitted (need CAP_PERFMON for kernel-inclusive "
				 "counting): %s", name);
		else
			snprintf(buf, len, "not permitted (perf_event_paranoid=%d, need "
				 "CAP_PERFMON for kernel-inclusive counting): %s", paranoid, name);
		return;
	case ENOSYS:
		snprintf(buf, len, "this kernel has no perf events (CONFIG_PERF_EVENTS off): %s",
			 name);
		return;
	case EINVAL:
		snprintf(buf, len, "the kernel rejected this encoding of the event: %s", name);
		return;
	case EBUSY:
		snprintf(buf, len, "the PMU is held exclusively by another user: %s", name);
		return;
	case EMFILE:
	case ENFILE:
		snprintf(buf, len, "out of file descriptors: %s", name);
		return;
	}
	snprintf(buf, len, "%s: %s", strerror(error), name);
}

static int open_event(struct perf_event_attr *attr, int group_fd)
{
	attr->size = sizeof(*attr);
	attr->read_format = READ_FORMAT;
	attr->inherit = 0;
	return (int)perf_event_open(attr, 0, -1, group_fd, PERF_FLAG_FD_CLOEXEC);
}

static int encode(struct counter *e, struct perf_event_attr *attr)
{
	char *fstr = NULL;
	pfm_perf_encode_arg_t arg;
	int ret;

	memset(attr, 0, sizeof(*attr));
	memset(&arg, 0, sizeof(arg));
	arg.attr = attr;
	arg.fstr = &fstr;
	arg.size = sizeof(arg);
	/* Default privilege levels user + kernel: the measured work is in the kernel. */
	ret = pfm_get_os_event_encoding(e->name, PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
	if (ret != PFM_SUCCESS) {
		e->pfm_error = ret;
		snprintf(e->reason, sizeof(e->reason), "libpfm4 cannot encode it: %s",
			 pfm_strerror(ret));
		free(fstr);
		return -1;
	}
	snprintf(e->encoding, sizeof(e->encoding), "%s", fstr ? fstr : e->name);
	free(fstr);
	attr->exclude_hv = 1;
	e->kernel = !attr->exclude_kernel;
	e->type = attr->type;
	e->config = attr->config;
	return 0;
}

static int parse_list(struct counters *c, const char *events, char *err, size_t errlen)
{
	const char *p = events;

	if (!*events) {
		snprintf(err, errlen, "--events '': no event named");
		return -1;
	}
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (!len) {
			snprintf(err, errlen, "--events '%s': empty item in the list", events);
			return -1;
		}
		if (c->nr == COUNTERS_MAX) {
			snprintf(err, errlen, "--events '%s': more than %d events", events,
				 COUNTERS_MAX);
			return -1;
		}
		if (len >= COUNTERS_NAME_LEN) {
			snprintf(err, errlen, "--events '%.*s': event name too long", (int)len, p);
			return -1;
		}
		memcpy(c->ev[c->nr].name, p, len);
		c->ev[c->nr].name[len] = '\0';
		c->ev[c->nr].fd = -1;
		c->nr++;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

static void close_fds(struct counters *c)
{
	for (size_t i = 0; i < c->nr; i++) {
		if (c->ev[i].fd >= 0)
			close(c->ev[i].fd);
		c->ev[i].fd = -1;
	}
}

static int get_id(struct counter *e)
{
	if (ioctl(e->fd, PERF_EVENT_IOC_ID, &e->id) < 0)
		return -errno;
	return 0;
}

/* Open every probed event in one group. Returns 0, or -errno after closing all. */
static int open_group(struct counters *c, struct perf_event_attr *attrs)
{
	int leader_fd = -1;

	for (size_t i = 0; i < c->nr; i++) {
		struct counter *e = &c->ev[i];
		struct perf_event_attr attr;
		int error;

		if (!e->probed_ok)
			continue;
		attr = attrs[i];
		/* Siblings follow their leader's enable state. */
		attr.disabled = leader_fd < 0;
		e->fd = open_event(&attr, leader_fd);
		if (e->fd < 0 || get_id(e)) {
			error = errno;
			close_fds(c);
			return -error;
		}
		if (leader_fd < 0) {
			leader_fd = e->fd;
			c->leader = (int)i;
		}
	}
	return 0;
}

static int open_separately(struct counters *c, struct perf_event_attr *attrs)
{
	for (size_t i = 0; i < c->nr; i++) {
		struct counter *e = &c->ev[i];
		struct perf_event_attr attr;

		if (!e->probed_ok)
			continue;
		attr = attrs[i];
		attr.disabled = 1;
		e->fd = open_event(&attr, -1);
		if (e->fd < 0 || get_id(e)) {
			e->open_errno = errno;
			counters_errno_reason(errno, e->reason, sizeof(e->reason));
			e->status = COUNTER_UNAVAILABLE;
			if (e->fd >= 0)
				close(e->fd);
			e->fd = -1;
		}
	}
	return 0;
}

int counters_open(struct counters *c, const char *events, char *err, size_t errlen)
{
	struct perf_event_attr attrs[COUNTERS_MAX];
	size_t working = 0;
	int ret;

	memset(c, 0, sizeof(*c));
	c->leader = -1;
	if (parse_list(c, events, err, errlen))
		return -1;

	ret = pfm_initialize();
	for (size_t i = 0; i < c->nr; i++) {
		struct counter *e = &c->ev[i];
		struct perf_event_attr attr;
		int fd;

		e->status = COUNTER_UNAVAILABLE;
		if (ret != PFM_SUCCESS) {
			e->pfm_error = ret;
			snprintf(e->reason, sizeof(e->reason), "libpfm4 did not initialise: %s",
				 pfm_strerror(ret));
			continue;
		}
		if (encode(e, &attrs[i]))
			continue;
		/* The probe: alone, so one event's failure says nothing about others. */
		attr = attrs[i];
		attr.disabled = 1;
		fd = open_event(&attr, -1);
		if (fd < 0) {
			e->open_errno = errno;
			counters_errno_reason(errno, e->reason, sizeof(e->reason));
			continue;
		}
		close(fd);
		e->probed_ok = 1;
		e->status = COUNTER_COUNTED;
		working++;
	}
	if (!working)
		return 0;

	ret = open_group(c, attrs);
	if (ret == 0) {
		c->grouped = 1;
		return 0;
	}
	c->leader = -1;
	{
		char why[128];

		counters_errno_reason(-ret, why, sizeof(why));
		snprintf(c->note, sizeof(c->note),
			 "the %zu events would not open as one group (%s); counted separately, "
			 "so their multiplexing may differ", working, why);
	}
	return open_separately(c, attrs);
}

/* Enable/disable: the whole group through its leader, or each event. */
static int for_each_fd(struct counters *c, unsigned long request)
{
	if (c->grouped && c->leader >= 0)
		return ioctl(c->ev[c->leader].fd, request, PERF_IOC_FLAG_GROUP) < 0 ? -errno : 0;
	for (size_t i = 0; i < c->nr; i++)
		if (c->ev[i].status == COUNTER_COUNTED && c->ev[i].fd >= 0 &&
		    ioctl(c->ev[i].fd, request, 0) < 0)
			return -errno;
	return 0;
}

int counters_start(struct counters *c)
{
	return for_each_fd(c, PERF_EVENT_IOC_ENABLE);
}

int counters_stop(struct counters *c)
{
	return for_each_fd(c, PERF_EVENT_IOC_DISABLE);
}

/* One read(): { nr, time_enabled, time_running, { value, id }[nr] }. */
static int read_fd(struct counters *c, int fd)
{
	uint64_t buf[3 + 2 * COUNTERS_MAX];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n < 0)
		return -errno;
	if (n < (ssize_t)(3 * sizeof(uint64_t)) ||
	    (size_t)n < (3 + 2 * buf[0]) * sizeof(uint64_t))
		return -EIO;
	for (uint64_t k = 0; k < buf[0]; k++) {
		for (size_t i = 0; i < c->nr; i++) {
			struct counter *e = &c->ev[i];

			if (e->fd < 0 || e->id != buf[3 + 2 * k + 1])
				continue;
			e->cur_raw = buf[3 + 2 * k];
			e->cur_enabled = buf[1];
			e->cur_running = buf[2];
		}
	}
	return 0;
}

static int read_all(struct counters *c)
{
	int ret;

	if (c->grouped && c->leader >= 0)
		return read_fd(c, c->ev[c->leader].fd);
	for (size_t i = 0; i < c->nr; i++) {
		if (c->ev[i].status != COUNTER_COUNTED || c->ev[i].fd < 0)
			continue;
		ret = read_fd(c, c->ev[i].fd);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * A baseline instead of PERF_EVENT_IOC_RESET: the ioctl zeroes the count
 * but not time_enabled/time_running, and the scaling needs all three from
 * the same interval.
 */
int counters_reset(struct counters *c)
{
	int ret = read_all(c);

	if (ret)
		return ret;
	for (size_t i = 0; i < c->nr; i++) {
		struct counter *e = &c->ev[i];

		e->base_raw = e->cur_raw;
		e->base_enabled = e->cur_enabled;
		e->base_running = e->cur_running;
		e->raw = e->enabled_ns = e->running_ns = 0;
		e->value = e->running_ratio = 0;
		e->valid = 0;
	}
	return 0;
}

int counters_read(struct counters *c)
{
	int ret = read_all(c);

	if (ret)
		return ret;
	for (size_t i = 0; i < c->nr; i++) {
		struct counter *e = &c->ev[i];

		if (e->status != COUNTER_COUNTED)
			continue;
		e->raw = e->cur_raw - e->base_raw;
		e->enabled_ns = e->cur_enabled - e->base_enabled;
		e->running_ns = e->cur_running - e->base_running;
		if (e->running_ns) {
			e->running_ratio = (double)e->running_ns / (double)e->enabled_ns;
			e->value = (double)e->raw / e->running_ratio;
			e->valid = 1;
		} else {
			/* Never on the PMU: no estimate, rather than a made-up zero. */
			e->running_ratio = 0;
			e->value = 0;
			e->valid = e->enabled_ns == 0 && e->raw == 0;
		}
	}
	return 0;
}

void counters_close(struct counters *c)
{
	close_fds(c);
	c->leader = -1;
}

size_t counters_nr_counted(const struct counters *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nr; i++)
		n += c->ev[i].status == COUNTER_COUNTED;
	return n;
}
