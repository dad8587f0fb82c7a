// SPDX-License-Identifier: GPL-2.0
/* The visit log of a run under the cache-simulation plugin (sim_visits.h). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/sim_visits.h"
#include "util/errmsg.h"

int sim_visits_open(struct sim_visits *v, const char *results_path, char *err, size_t errlen)
{
	const char *path = getenv("HMMBENCH_SIM_VISITS");
	char cwd[PATH_MAX];

	memset(v, 0, sizeof(*v));
	if (!path || !*path)
		return 0;
	if (results_path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		cwd[0] = '\0';
	if (snprintf(v->results, sizeof(v->results), "%s%s%s", cwd, cwd[0] ? "/" : "",
		     results_path) >= (int)sizeof(v->results)) {
		errmsg_set(err, errlen, "%s: path too long for the visit log", results_path);
		return -EINVAL;
	}
	v->log = fopen(path, "a");
	if (!v->log) {
		int ret = -errno;

		errmsg_set(err, errlen, "HMMBENCH_SIM_VISITS=%s: %s", path, strerror(errno));
		return ret;
	}
	return 0;
}

void sim_visits_log(struct sim_visits *v, const char *config, unsigned int warmup,
		    unsigned int samples, const char *status)
{
	if (!v->log)
		return;
	fprintf(v->log, "visit\t%s\t%s\t%u\t%u\t%s\n", v->results, config, warmup, samples, status);
	/* The guest may be powered off right after the run: nothing may wait in a buffer. */
	fflush(v->log);
}

void sim_visits_close(struct sim_visits *v)
{
	if (v->log)
		fclose(v->log);
	v->log = NULL;
}
