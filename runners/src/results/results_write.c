// SPDX-License-Identifier: GPL-2.0
/* Writing a results document atomically. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "results/results_write.h"
#include "util/errmsg.h"

/* "dir/name" -> "dir", "name" -> "." */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

int results_write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = EIO;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int results_write_atomic(const json_t *doc, const char *path, char *err, size_t errlen)
{
	char *dir = dir_of(path), *tmp = NULL, *text = NULL;
	int fd = -1, dfd, ret = -ENOMEM;

	if (!dir || asprintf(&tmp, "%s/.results.tmp.XXXXXX", dir) < 0) {
		tmp = NULL;
		errmsg_set(err, errlen, "%s: out of memory", path);
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		ret = -errno;
		errmsg_set(err, errlen, "%s: cannot create a temporary file in %s: %s", path, dir,
			strerror(errno));
		goto out;
	}
	errno = 0;
	/*
	 * Encode in memory and write in one go: json_dumpfd() issues a write per
	 * token, which on a 9p share from a QEMU guest costs a round trip each.
	 * 15 significant digits: 0.95 stays "0.95"; integral samples print exactly.
	 */
	text = json_dumps(doc, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
	if (!text || results_write_all(fd, text, strlen(text)) || results_write_all(fd, "\n", 1)) {
		ret = errno ? -errno : -EIO;
		errmsg_set(err, errlen, "%s: writing %s failed: %s", path, tmp,
			errno ? strerror(errno) : "JSON encoding error");
		goto unlink;
	}
	if (fchmod(fd, 0644) || fsync(fd)) {
		ret = -errno;
		errmsg_set(err, errlen, "%s: fsync of %s failed: %s", path, tmp, strerror(errno));
		goto unlink;
	}
	if (close(fd)) {
		fd = -1;
		ret = -errno;
		errmsg_set(err, errlen, "%s: closing %s failed: %s", path, tmp, strerror(errno));
		goto unlink;
	}
	fd = -1;
	if (rename(tmp, path)) {
		ret = -errno;
		errmsg_set(err, errlen, "%s: rename from %s failed: %s", path, tmp, strerror(errno));
		goto unlink;
	}
	/* Make the rename itself durable; the data already is. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	ret = 0;
	goto out;
unlink:
	unlink(tmp);
out:
	if (fd >= 0)
		close(fd);
	free(text);
	free(tmp);
	free(dir);
	return ret;
}

