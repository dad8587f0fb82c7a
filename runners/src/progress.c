// SPDX-License-Identifier: GPL-2.0
/* The progress line; see progress.h. */
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double progress_eta(double elapsed, double fraction)
{
	if (!(fraction > 0) || elapsed < 0)
		return -1;
	if (fraction >= 1)
		return 0;
	return elapsed * (1 - fraction) / fraction;
}

int progress_format_duration(double seconds, char *buf, size_t len)
{
	long s;

	if (!(seconds >= 0))
		return snprintf(buf, len, "?");
	s = lround(seconds);
	if (s < 60)
		return snprintf(buf, len, "%lds", s);
	if (s < 3600)
		return snprintf(buf, len, "%ldm%02lds", s / 60, s % 60);
	return snprintf(buf, len, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
}

int progress_format_line(char *buf, size_t len, size_t step, size_t total, const char *label,
			 double elapsed, double remaining)
{
	char el[32], left[32];
	int width = snprintf(NULL, 0, "%zu", total);

	progress_format_duration(elapsed, el, sizeof(el));
	if (remaining < 0)
		return snprintf(buf, len, "[%*zu/%zu] %s  elapsed %s", width, step, total,
				label ? label : "", el);
	progress_format_duration(remaining, left, sizeof(left));
	return snprintf(buf, len, "[%*zu/%zu] %s  elapsed %s, about %s left", width, step, total,
			label ? label : "", el, left);
}

void progress_init(struct progress *p, FILE *out, size_t total, double total_cost)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->tty = isatty(fileno(out));
	p->total = total;
	p->total_cost = total_cost;
	p->start = now_seconds();
	p->last_draw = -1;
}

void progress_update(struct progress *p, size_t step, double cost_done, const char *label)
{
	double now = now_seconds(), fraction;
	char line[256];
	int len;

	if (!p->tty)
		return;
	if (p->last_draw >= 0 && now - p->last_draw < 0.1 && step != 1 && step != p->total)
		return;
	p->last_draw = now;
	fraction = p->total_cost > 0 ? cost_done / p->total_cost :
		   p->total && step ? (double)(step - 1) / (double)p->total : 0;
	len = progress_format_line(line, sizeof(line), step, p->total, label, now - p->start,
				   progress_eta(now - p->start, fraction));
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(line))
		len = sizeof(line) - 1;
	/* "\033[K" clears what a longer previous line left behind. */
	fprintf(p->out, "\r%s\033[K", line);
	fflush(p->out);
	p->drawn_len = (size_t)len;
}

void progress_finish(struct progress *p, size_t finished, const char *what)
{
	char el[32];

	progress_format_duration(now_seconds() - p->start, el, sizeof(el));
	if (p->tty && p->drawn_len)
		fprintf(p->out, "\r\033[K");
	fprintf(p->out, "hmmbench: %zu of %zu %s in %s\n", finished, p->total,
		what ? what : "steps", el);
	fflush(p->out);
	p->drawn_len = 0;
}
