// SPDX-License-Identifier: GPL-2.0
/* The progress line; see progress.h. */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "measure/progress.h"

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

int progress_format_plain(char *buf, size_t len, const struct progress *p, double elapsed,
			  double remaining)
{
	char el[32], left[48] = "", groups[64] = "", kernel[160] = "";

	progress_format_duration(elapsed, el, sizeof(el));
	if (remaining >= 0) {
		strcpy(left, ", about ");
		progress_format_duration(remaining, left + strlen(left), sizeof(left) - strlen(left));
		strcat(left, " left");
	}
	if (p->groups_total)
		snprintf(groups, sizeof(groups), " %zu/%zu configurations done,", p->groups_done,
			 p->groups_total);
	if (p->kernel)
		snprintf(kernel, sizeof(kernel), ", kernel %s", p->kernel);
	return snprintf(buf, len, PROGRESS_PLAIN_PREFIX "[%zu/%zu]%s elapsed %s%s%s%s%s",
			p->step, p->total, groups, el, left, kernel, p->label[0] ? ", at " : "",
			p->label);
}

void progress_init(struct progress *p, FILE *out, size_t total, double total_cost,
		   const struct progress_clock *clock)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->tty = isatty(fileno(out));
	p->total = total;
	p->total_cost = total_cost;
	if (clock)
		p->clock = *clock;
	else
		progress_clock_monotonic(&p->clock);
	p->start = p->clock.now(&p->clock);
	p->last_draw = -1;
	p->last_plain = -1;
	pthread_mutex_init(&p->lock, NULL);
}

void progress_set_kernel(struct progress *p, const char *release)
{
	pthread_mutex_lock(&p->lock);
	p->kernel = release;
	pthread_mutex_unlock(&p->lock);
}

void progress_set_done(struct progress *p, size_t done, size_t total)
{
	pthread_mutex_lock(&p->lock);
	p->groups_done = done;
	p->groups_total = total;
	pthread_mutex_unlock(&p->lock);
}

static double fraction_done(const struct progress *p)
{
	if (p->total_cost > 0)
		return p->cost_done / p->total_cost;
	return p->total && p->step ? (double)(p->step - 1) / (double)p->total : 0;
}

/* The caller holds p->lock and has checked the time. */
static void print_plain(struct progress *p, double now)
{
	char line[512];

	progress_format_plain(line, sizeof(line), p, now - p->start,
			      progress_eta(now - p->start, fraction_done(p)));
	fprintf(p->out, "%s\n", line);
	fflush(p->out);
	p->last_plain = now;
}

static void draw_terminal(struct progress *p, double now)
{
	char line[256];
	int len;

	if (p->last_draw >= 0 && now - p->last_draw < 0.1 && p->step != 1 && p->step != p->total)
		return;
	p->last_draw = now;
	len = progress_format_line(line, sizeof(line), p->step, p->total, p->label, now - p->start,
				   progress_eta(now - p->start, fraction_done(p)));
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(line))
		len = sizeof(line) - 1;
	/* "\033[K" clears what a longer previous line left behind. */
	fprintf(p->out, "\r%s\033[K", line);
	fflush(p->out);
	p->drawn_len = (size_t)len;
}

void progress_update(struct progress *p, size_t step, double cost_done, const char *label)
{
	double now = p->clock.now(&p->clock);

	pthread_mutex_lock(&p->lock);
	p->step = step;
	p->cost_done = cost_done;
	snprintf(p->label, sizeof(p->label), "%s", label ? label : "");
	if (p->tty)
		draw_terminal(p, now);
	else if (now >= 0 && (p->last_plain < 0 || now - p->last_plain >= PROGRESS_PLAIN_INTERVAL_S))
		print_plain(p, now);
	pthread_mutex_unlock(&p->lock);
}

double progress_tick(struct progress *p)
{
	double now = p->clock.now(&p->clock), wait = PROGRESS_PLAIN_INTERVAL_S;

	pthread_mutex_lock(&p->lock);
	if (!p->tty && p->last_plain >= 0) {
		if (now < 0)
			wait = 0;
		else if (now - p->last_plain >= PROGRESS_PLAIN_INTERVAL_S)
			print_plain(p, now);
		else
			wait = PROGRESS_PLAIN_INTERVAL_S - (now - p->last_plain);
	}
	pthread_mutex_unlock(&p->lock);
	return wait;
}

void progress_finish(struct progress *p, size_t finished, const char *what)
{
	char el[32];

	pthread_mutex_lock(&p->lock);
	progress_format_duration(p->clock.now(&p->clock) - p->start, el, sizeof(el));
	if (p->tty && p->drawn_len)
		fprintf(p->out, "\r\033[K");
	fprintf(p->out, "hmmbench: %zu of %zu %s in %s\n", finished, p->total,
		what ? what : "steps", el);
	fflush(p->out);
	p->drawn_len = 0;
	pthread_mutex_unlock(&p->lock);
}
