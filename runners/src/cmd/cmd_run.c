// SPDX-License-Identifier: GPL-2.0
/*
 * hmmbench run: measure the parameter matrix through the module, pinned,
 * with counters, interleaving the configurations in a seeded order, and
 * write one results document that stays valid however the run ends.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "measure/buffer.h"
#include "cmd/commands.h"
#include "measure/counters.h"
#include "measure/device.h"
#include "measure/facts_json.h"
#include "measure/kconfig.h"
#include "measure/matrix.h"
#include "util/name_patterns.h"
#include "measure/pin.h"
#include "measure/progress.h"
#include "measure/progress_clock.h"
#include "measure/progress_ticker.h"
#include "results/results.h"
#include "results/results_journal.h"
#include "results/run_context.h"
#include "measure/run_visit.h"
#include "measure/sim_visits.h"
#include "stats/stats.h"
#include "analysis/summary.h"
#include "results/results_model.h"
#include "measure/sysinfo.h"
#include "results/results_model_write.h"
#include "measure/tuning.h"
#include "results/results_write.h"
#include "measure/hugetlb.h"
#include "stats/stats_warning.h"

#define DEFAULT_EVENTS	"cycles,instructions,task-clock,page-faults,context-switches"
#define ERR_LEN		512

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct run_options {
	struct matrix_spec spec;
	const char *out;
	const char *cpu;
	const char *events;
	const char *user_table;
	const char *only;		/* --only PATTERN[,PATTERN]: just these configurations */
	int no_fifo;
	int quiet;
};

struct run_state {
	struct run_options opt;
	struct hmm_device dev;
	struct hmm_bench_table_query tables[DEVICE_MAX_TABLES];
	unsigned int nr_tables;
	struct hmm_bench_flag_table user_table;
	int have_user_table;
	struct matrix m;
	struct name_patterns only;	/* parsed opt.only */
	struct pin_topology topo;
	struct pin_result pin;
	struct counters counters;
	int have_counters;
	struct config_series *series;
	unsigned int *visits_left;	/* per configuration */
	int *written;			/* configuration already in the document */
	size_t nr_written;
	struct progress_clock clock;	/* what the progress line's time is */
	/* The document's typed context, and the facts its strings point into. */
	struct sys_facts facts;
	struct kconfig_facts kc;
	struct tuning_facts machine;
	char topology[256];
	char matrix_description[4096];
	struct results_context ctx;
	struct run_context rc;
	struct results_model_event events[COUNTERS_MAX];
	json_t *doc;
	struct stats_options stats;
	struct results_journal journal;
	double last_rewrite;		/* monotonic seconds of the last full rewrite */
	int failures;
	struct sim_visits sim_visits;	/* under the cache-simulation plugin only */
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: hmmbench run [OPTIONS]\n"
		"\n"
		"Measure hmm_range_fault() over a parameter matrix and write a results document.\n"
		"\n"
		"matrix (a preset or file, then single keys; see runners/src/matrix.h):\n"
		"  --matrix default|tiny|full|FILE   (default: default)\n"
		"  --ops LIST       snapshot,fault-unpopulated,fault-present\n"
		"  --kinds LIST     4k,thp,hugetlb2m\n"
		"  --sizes LIST     4K,2M,64M,1G ...\n"
		"  --formats LIST   fixed,convert:<table>,table:<table> (tables: the module's, or 'user')\n"
		"  --patterns LIST  none,all,alternate,every:N (fault operations)\n"
		"  --samples N --warmup N --rounds N --seed N\n"
		"  --only PATTERN[,PATTERN]  only the configurations whose name matches one\n"
		"                   of these fnmatch(3) globs, e.g. 'snapshot/*' or an exact name\n"
		"measuring:\n"
		"  --table SPEC     the 'user' table: flags=F,F,F:values=V,V,V:shift=N\n"
		"  --cpu LOCATION   pin to an hwloc location (core:1, pu:3); memory to its node\n"
		"  --no-fifo        do not ask for SCHED_FIFO\n"
		"  --events LIST    libpfm4 events (default " DEFAULT_EVENTS ");\n"
		"                   'none' for no counters\n"
		"output:\n"
		"  --out FILE       results document (default results.json), rewritten atomically\n"
		"                   after every finished configuration\n"
		"  --quiet          no summary table\n");
}

/* The flags that take a value: the matrix's and run's own. */
static int is_run_flag(const char *flag)
{
	static const char *const own[] = { "--out", "--cpu", "--events", "--table", "--only" };

	for (size_t i = 0; matrix_flags[i]; i++)
		if (!strcmp(flag, matrix_flags[i]))
			return 1;
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (!strcmp(flag, own[i]))
			return 1;
	return 0;
}

static int parse_options(int argc, char **argv, struct run_options *o)
{
	char err[ERR_LEN];

	memset(o, 0, sizeof(*o));
	matrix_spec_init(&o->spec);
	o->out = "results.json";
	o->events = DEFAULT_EVENTS;
	for (int i = 1; i < argc; i++) {
		const char *flag = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		int taken;

		if (!strcmp(flag, "--help") || !strcmp(flag, "-h")) {
			usage(stdout);
			exit(EXIT_OK);
		}
		if (!strcmp(flag, "--no-fifo")) {
			o->no_fifo = 1;
			continue;
		}
		if (!strcmp(flag, "--quiet")) {
			o->quiet = 1;
			continue;
		}
		if (!is_run_flag(flag)) {
			fprintf(stderr, "hmmbench run: unknown option '%s' (see --help)\n", flag);
			return -1;
		}
		if (!value) {
			fprintf(stderr, "hmmbench run: %s needs a value (see --help)\n", flag);
			return -1;
		}
		taken = matrix_spec_flag(&o->spec, flag, value, err, sizeof(err));
		if (taken < 0) {
			fprintf(stderr, "hmmbench run: %s\n", err);
			return -1;
		}
		if (!taken) {
			if (!strcmp(flag, "--out"))
				o->out = value;
			else if (!strcmp(flag, "--cpu"))
				o->cpu = value;
			else if (!strcmp(flag, "--events"))
				o->events = value;
			else if (!strcmp(flag, "--table"))
				o->user_table = value;
			else if (!strcmp(flag, "--only"))
				o->only = value;
			else {
				fprintf(stderr, "hmmbench run: unknown option '%s' (see --help)\n", flag);
				return -1;
			}
		}
		i++;
	}
	return 0;
}

/* matrix_drop_if() callback: table: formats need the kernel patch. */
static int needs_flag_table(const struct matrix_config *c, void *ctx, char *reason, size_t len)
{
	const struct run_state *s = ctx;

	if (c->format.format != HMM_BENCH_FORMAT_TABLE || device_has(&s->dev, HMM_BENCH_FEAT_FLAG_TABLE))
		return 0;
	snprintf(reason, len, "the kernel lacks the flag-table patch (module feature flag_table)");
	return 1;
}

/* matrix_drop_if() callback for --only (used by 'hmmbench ab' to re-run unknowns). */
static int not_selected(const struct matrix_config *c, void *ctx, char *reason, size_t len)
{
	struct run_state *s = ctx;

	if (name_patterns_match(&s->only, c->name))
		return 0;
	snprintf(reason, len, "not selected by --only");
	return 1;
}

static int resolve_formats(struct run_state *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < s->m.nr_configs; i++) {
		struct matrix_config *c = &s->m.configs[i];

		if (format_resolve(&c->format, s->tables, s->nr_tables,
				   s->have_user_table ? &s->user_table : NULL, err, errlen))
			return -1;
	}
	return 0;
}

/* What the results context adds beyond struct results_context. */
static void add_context_extras(struct run_state *s)
{
	struct results_model_context *c = &s->rc.model;

	matrix_describe(&s->m, s->matrix_description, sizeof(s->matrix_description));
	c->has_matrix = 1;
	c->matrix_description = s->matrix_description;
	c->matrix_source = s->m.source;
	c->matrix_configurations = (int64_t)s->m.nr_configs;
	c->matrix_rounds = s->m.rounds;
	c->matrix_seed_given = s->m.seed_given;
	for (size_t i = 0; s->have_counters && i < s->counters.nr; i++) {
		const struct counter *ev = &s->counters.ev[i];
		int counted = ev->status == COUNTER_COUNTED;

		s->events[i] = (struct results_model_event){
			.name = ev->name, .status = counted ? "counted" : "unavailable",
			.reason = counted ? NULL : ev->reason };
	}
	c->has_counters = 1;
	c->counters_model = "kernel-inclusive counting on the measuring thread around the timed "
			    "RUN ioctls";
	c->counter_events = s->events;
	c->nr_counter_events = s->have_counters ? s->counters.nr : 0;
	c->counters_grouped = s->have_counters && s->counters.grouped;
	c->counters_note = s->have_counters ? s->counters.note : "";
	c->has_pinning = 1;
	c->pinning_requested = s->pin.requested;
	c->pinning_object = s->pin.object;
	c->pinning_cpuset = s->pin.cpuset;
	c->pinning_last_cpu = s->pin.last_cpu;
	c->pinning_membind = s->pin.membind;
	c->pinning_sched = s->pin.sched;
	c->pinning_notes = s->pin.notes;
	c->kconfig_source = s->kc.path;
	c->clocksources_available = s->facts.clocksources;
	c->has_timing = 1;
	c->timing_clock = device_clock_name(s->dev.info.clock) ?
			  device_clock_name(s->dev.info.clock) : "unknown";
	c->timing_sample = "one complete driver-loop call (re-arm requests, read_begin, mmap lock, "
			   "hmm_range_fault with -EBUSY retries, driver lock, read_retry, "
			   "conversion pass)";
}

/* pyperf's warnings: a moving clock or a busy core makes the timings noisy. */
static void warn_machine(const struct tuning_facts *t)
{
	int (*const judges[])(const struct tuning_facts *, char *, size_t) = {
		tuning_judge_governor, tuning_judge_boost, tuning_judge_smt,
	};
	char text[512];

	for (size_t i = 0; i < sizeof(judges) / sizeof(judges[0]); i++)
		if (judges[i](t, text, sizeof(text)))
			fprintf(stderr, "hmmbench run: warning: %s\n", text);
}

static int start_document(struct run_state *s, int argc, char **argv, char *err, size_t errlen)
{
	struct results_context *ctx = &s->ctx;

	sysinfo_gather(&s->facts);
	kconfig_gather(s->facts.kernel_release, &s->kc);
	pin_topology_summary(&s->topo, s->topology, sizeof(s->topology));
	run_context_fill(ctx, &s->facts, &s->kc, &s->dev.info, argc, argv, s->m.seed);
	ctx->topology = s->topology;
	ctx->binding_requested = s->opt.cpu;
	ctx->binding_cpuset = s->pin.cpuset;
	ctx->binding_nodeset = s->pin.membind;
	ctx->sched_policy = s->pin.fifo ? "SCHED_FIFO" : "SCHED_OTHER";
	ctx->sched_priority = s->pin.fifo ? 1 : 0;
	run_context_add_machine(ctx, &s->machine, s->pin.cpu_bound ? s->pin.last_cpu : -1);
	warn_machine(&s->machine);
	if (run_context_model(ctx, &s->rc, err, errlen))
		return -1;
	add_context_extras(s);
	s->doc = results_model_write_new(&s->rc.model, RESULTS_SCHEMA_VERSION, err, errlen);
	if (!s->doc)
		return -1;
	for (size_t i = 0; i < s->m.nr_dropped; i++) {
		struct results_model_skipped dropped = { s->m.dropped[i].name, s->m.dropped[i].reason };

		if (results_model_write_skipped(s->doc, &dropped, err, errlen))
			return -1;
	}
	return 0;
}

/* Configuration @index is in the document, measured or skipped. */
static void mark_written(struct run_state *s, size_t index)
{
	if (!s->written[index])
		s->nr_written++;
	s->written[index] = 1;
}

static int add_configuration(struct run_state *s, size_t index, char *err, size_t errlen)
{
	const struct matrix_config *c = &s->m.configs[index];
	struct config_series *series = &s->series[index];
	struct results_model_counter counters[COUNTERS_MAX + 1];
	const char *notes[4];
	char progress_note[96];
	size_t nr_counters = 0, nr_notes = 0;
	uint64_t pages = c->size >> s->dev.info.page_shift;
	double calls = (double)series->nr;
	struct stats_summary summary;
	struct results_model_config mc;
	char fmt[64], pattern[64], size[32];
	json_t *params;
	int ret;

	format_to_string(&c->format, fmt, sizeof(fmt));
	write_pattern_to_string(&c->pattern, pattern, sizeof(pattern));
	matrix_size_to_string(c->size, size, sizeof(size));
	params = json_pack("{s:s,s:s,s:I,s:s,s:s,s:s}", "op", matrix_op_name(c->op),
			   "kind", page_kind_name(c->kind), "size", (json_int_t)c->size,
			   "size_label", size, "format", fmt, "pattern", pattern);

	for (size_t i = 0; s->have_counters && i < s->counters.nr; i++) {
		const struct counter *ev = &s->counters.ev[i];
		struct results_model_counter *rc = &counters[nr_counters++];

		memset(rc, 0, sizeof(*rc));
		rc->name = ev->name;
		rc->available = ev->status == COUNTER_COUNTED;
		rc->reason = rc->available ? NULL : ev->reason;
		rc->per_page = calls ? series->counter_total[i] / (calls * (double)pages) : NAN;
		rc->running_fraction = series->counter_ratio_min[i];
		if (series->counter_visits[i]) {
			rc->samples_per_page = series->counter_visits[i];
			rc->nr_samples = series->counter_nr_visits[i];
		}
	}
	/* The faults HMM takes are not perf page-fault events (counters.h): rusage sees them. */
	memset(&counters[nr_counters], 0, sizeof(counters[0]));
	counters[nr_counters].name = "rusage:minor-faults";
	counters[nr_counters].available = 1;
	counters[nr_counters].per_page = calls ? series->minor_faults / (calls * (double)pages) : NAN;
	counters[nr_counters].running_fraction = 1.0;
	nr_counters++;

	notes[nr_notes++] = run_visit_op_note(c->op);
	if (c->note[0])
		notes[nr_notes++] = c->note;
	if (series->visits < s->m.rounds || series->skipped[0] || series->error) {
		snprintf(progress_note, sizeof(progress_note),
			 "incomplete: %zu samples from %u of %u visits%s%s", series->nr,
			 series->visits, s->m.rounds, series->error ? ", stopped by error: " : "",
			 series->error ? strerror(-series->error) : "");
		notes[nr_notes++] = progress_note;
	}

	memset(&mc, 0, sizeof(mc));
	mc.name = c->name;
	mc.parameters = params;
	mc.pages = pages;
	mc.samples_ns = series->total_ns;
	mc.nr_samples = series->nr;
	if (c->format.format == HMM_BENCH_FORMAT_CONVERT) {
		mc.convert_ns = series->convert_ns;
		mc.nr_convert = series->nr;
		mc.has_convert = 1;
	}
	mc.warmup = s->m.values.warmup;
	mc.ebusy_total = series->ebusy_total;
	mc.read_retry_total = series->read_retry_total;
	mc.has_orders = 1;
	memcpy(mc.orders, series->orders, sizeof(mc.orders));
	mc.counters = counters;
	mc.nr_counters = nr_counters;
	mc.notes = notes;
	mc.nr_notes = nr_notes;
	ret = results_model_write_config(s->doc, &mc, &s->stats, &summary, err, errlen);
	json_decref(params);
	if (ret)
		return ret;
	for (unsigned int w = 1; w && w <= STATS_WARN_ALL; w <<= 1) {
		char msg[256];

		if (!(summary.warnings & w))
			continue;
		stats_warning_message(&summary, w, msg, sizeof(msg));
		fprintf(stderr, "hmmbench run: warning: %s: %s\n", c->name, msg);
	}
	mark_written(s, index);
	return 0;
}

/* A configuration that never produced a sample goes to skipped[] with its reason. */
static void record_skip(struct run_state *s, size_t index, const char *reason)
{
	struct results_model_skipped skip = { s->m.configs[index].name, reason };
	char err[ERR_LEN];

	if (results_model_write_skipped(s->doc, &skip, err, sizeof(err)))
		fprintf(stderr, "hmmbench run: %s\n", err);
	mark_written(s, index);
}

/* A full rewrite at most this often; the journal covers what happens between. */
#define REWRITE_INTERVAL_S	10.0

static double monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Make what is measured durable: the journal after every change, the whole
 * document when @force or when the last rewrite is old enough.
 */
static int save(struct run_state *s, int force)
{
	char err[ERR_LEN];

	if (!force && monotonic_s() - s->last_rewrite < REWRITE_INTERVAL_S) {
		if (!results_journal_sync(s->doc, s->opt.out, &s->journal, err, sizeof(err)))
			return 0;
		fprintf(stderr, "hmmbench run: %s; rewriting the whole document instead\n", err);
	}
	if (results_write_atomic(s->doc, s->opt.out, err, sizeof(err))) {
		fprintf(stderr, "hmmbench run: %s\n", err);
		return -1;
	}
	results_journal_remove(s->opt.out);
	results_journal_mark_written(s->doc, &s->journal);
	s->last_rewrite = monotonic_s();
	return 0;
}

/* After a visit of @calls timed calls over @pages pages: totals and the visit's per-page value. */
static void accumulate_counters(struct run_state *s, struct config_series *series,
				unsigned int calls, uint64_t pages)
{
	if (!s->have_counters || counters_read(&s->counters))
		return;
	for (size_t i = 0; i < s->counters.nr; i++) {
		const struct counter *ev = &s->counters.ev[i];
		size_t v = series->counter_nr_visits[i];
		double *grown;

		if (ev->status != COUNTER_COUNTED || !ev->valid || !calls || !pages)
			continue;
		series->counter_total[i] += ev->value;
		if (ev->running_ratio < series->counter_ratio_min[i])
			series->counter_ratio_min[i] = ev->running_ratio;
		grown = realloc(series->counter_visits[i], (v + 1) * sizeof(*grown));
		if (!grown)
			continue;
		grown[v] = ev->value / ((double)calls * (double)pages);
		series->counter_visits[i] = grown;
		series->counter_nr_visits[i] = v + 1;
	}
}

static int measure(struct run_state *s)
{
	struct progress progress;
	struct progress_ticker ticker;
	struct utsname uts;
	double total_cost = 0, cost_done = 0;
	size_t done = 0;
	char err[ERR_LEN];

	if (sim_visits_open(&s->sim_visits, s->opt.out, err, sizeof(err))) {
		fprintf(stderr, "hmmbench run: %s\n", err);
		return -1;
	}
	for (size_t v = 0; v < s->m.nr_visits; v++)
		total_cost += matrix_visit_cost(&s->m, &s->m.order[v]);
	progress_init(&progress, stderr, s->m.nr_visits, total_cost, &s->clock);
	if (uname(&uts) == 0)
		progress_set_kernel(&progress, uts.release);
	/* Without it a pipe sees nothing during a long visit; the run goes on. */
	if (progress_ticker_start(&ticker, &progress))
		fprintf(stderr, "hmmbench run: no progress ticker; lines only between visits\n");
	for (size_t v = 0; v < s->m.nr_visits && !interrupted; v++) {
		const struct matrix_visit *visit = &s->m.order[v];
		struct config_series *series = &s->series[visit->config];
		const struct matrix_config *c = &s->m.configs[visit->config];

		progress_set_done(&progress, s->nr_written, s->m.nr_configs);
		progress_update(&progress, v + 1, cost_done, c->name);
		cost_done += matrix_visit_cost(&s->m, visit);
		done = v + 1;
		s->visits_left[visit->config]--;
		if (s->written[visit->config])
			continue;	/* skipped or failed earlier */
		if (s->have_counters)
			counters_reset(&s->counters);
		if (run_visit(&s->dev, c, s->m.values.warmup, visit->samples,
			      s->have_counters ? &s->counters : NULL, series, err, sizeof(err))) {
			sim_visits_log(&s->sim_visits, c->name, s->m.values.warmup, visit->samples,
				       series->skipped[0] ? "skipped" : "failed");
			fprintf(stderr, "\nhmmbench run: %s\n", err);
			if (series->skipped[0]) {
				record_skip(s, visit->config, series->skipped);
			} else {
				s->failures++;
				if (!series->nr)
					record_skip(s, visit->config, err);
				else if (add_configuration(s, visit->config, err, sizeof(err)))
					fprintf(stderr, "hmmbench run: %s\n", err);
				mark_written(s, visit->config);
			}
			save(s, 0);
			continue;
		}
		sim_visits_log(&s->sim_visits, c->name, s->m.values.warmup, visit->samples, "ok");
		accumulate_counters(s, series, visit->samples, c->size >> s->dev.info.page_shift);
		if (!s->visits_left[visit->config]) {
			if (add_configuration(s, visit->config, err, sizeof(err))) {
				fprintf(stderr, "hmmbench run: %s\n", err);
				s->failures++;
			}
			if (save(s, 0))
				return -1;
		}
	}
	progress_ticker_stop(&ticker);
	sim_visits_close(&s->sim_visits);
	progress_finish(&progress, done, "visits");
	if (interrupted) {
		/* Keep what was measured, each marked incomplete. */
		for (size_t i = 0; i < s->m.nr_configs; i++)
			if (!s->written[i] && s->series[i].nr &&
			    add_configuration(s, i, err, sizeof(err)))
				fprintf(stderr, "hmmbench run: %s\n", err);
		s->rc.model.interrupted = 1;
		if (results_model_write_context(s->doc, &s->rc.model, err, sizeof(err)))
			fprintf(stderr, "hmmbench run: %s\n", err);
	}
	return save(s, 1);
}

static int setup(struct run_state *s, int argc, char **argv)
{
	char err[ERR_LEN];
	int ret;

	if (s->opt.user_table) {
		if (flag_table_parse(s->opt.user_table, &s->user_table, err, sizeof(err))) {
			fprintf(stderr, "hmmbench run: --table '%s': %s\n", s->opt.user_table, err);
			return -1;
		}
		s->have_user_table = 1;
	}
	if (progress_clock_from_env(&s->clock, err, sizeof(err))) {
		fprintf(stderr, "hmmbench run: %s\n", err);
		return -1;
	}
	if (matrix_build(&s->opt.spec, &s->m, err, sizeof(err))) {
		fprintf(stderr, "hmmbench run: %s\n", err);
		return -1;
	}
	/* Before the module is opened: a mistyped pattern is a usage error. */
	if (s->opt.only) {
		const char *unmatched;

		if (name_patterns_parse(s->opt.only, &s->only, err, sizeof(err))) {
			fprintf(stderr, "hmmbench run: --only: %s\n", err);
			return -1;
		}
		matrix_drop_if(&s->m, not_selected, s);
		unmatched = name_patterns_unmatched(&s->only);
		if (unmatched) {
			fprintf(stderr, "hmmbench run: --only '%s': no configuration of the matrix "
				"matches it (names look like snapshot/4k/2M/fixed/none; "
				"'hmmbench run --help' lists the matrix keys)\n", unmatched);
			return -1;
		}
	}
	/* A bad --cpu is a usage error: say so before looking for the module. */
	if (pin_topology_load(&s->topo, err, sizeof(err)) ||
	    (s->opt.cpu && !pin_parse_location(&s->topo, s->opt.cpu, err, sizeof(err)))) {
		fprintf(stderr, "hmmbench run: %s\n", err);
		return -1;
	}
	ret = device_open(&s->dev, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "hmmbench run: %s\n", err);
		return -1;
	}
	ret = device_load_tables(&s->dev, s->tables, DEVICE_MAX_TABLES, &s->nr_tables);
	if (ret) {
		fprintf(stderr, "hmmbench run: reading the module's tables: %s\n", strerror(-ret));
		return -1;
	}
	if (resolve_formats(s, err, sizeof(err))) {
		fprintf(stderr, "hmmbench run: --formats: %s\n", err);
		return -1;
	}
	matrix_drop_if(&s->m, needs_flag_table, s);
	if (matrix_schedule(&s->m)) {
		fprintf(stderr, "hmmbench run: out of memory scheduling the matrix\n");
		return -1;
	}
	if (pin_apply(&s->topo, s->opt.cpu, !s->opt.no_fifo, &s->pin, err, sizeof(err))) {
		fprintf(stderr, "hmmbench run: %s\n", err);
		return -1;
	}
	/* hugetlb pages come from the node the memory is bound to. */
	hugetlb_set_node(s->pin.mem_bound ? s->pin.mem_node : -1);
	if (strcmp(s->opt.events, "none")) {
		if (counters_open(&s->counters, s->opt.events, err, sizeof(err))) {
			fprintf(stderr, "hmmbench run: %s\n", err);
			return -1;
		}
		s->have_counters = 1;
		for (size_t i = 0; i < s->counters.nr; i++)
			if (s->counters.ev[i].status != COUNTER_COUNTED)
				fprintf(stderr, "hmmbench run: event %s unavailable: %s\n",
					s->counters.ev[i].name, s->counters.ev[i].reason);
	}
	s->series = calloc(s->m.nr_configs ? s->m.nr_configs : 1, sizeof(*s->series));
	s->visits_left = calloc(s->m.nr_configs ? s->m.nr_configs : 1, sizeof(*s->visits_left));
	s->written = calloc(s->m.nr_configs ? s->m.nr_configs : 1, sizeof(*s->written));
	if (!s->series || !s->visits_left || !s->written) {
		fprintf(stderr, "hmmbench run: out of memory\n");
		return -1;
	}
	for (size_t i = 0; i < s->m.nr_configs; i++)
		run_visit_series_init(&s->series[i]);
	for (size_t v = 0; v < s->m.nr_visits; v++)
		s->visits_left[s->m.order[v].config]++;
	stats_summary_options_default(&s->stats);
	s->stats.seed = s->m.seed;
	if (start_document(s, argc, argv, err, sizeof(err))) {
		fprintf(stderr, "hmmbench run: %s\n", err);
		return -1;
	}
	/* An empty but valid document first: the output path is proven writable. */
	return save(s, 1);
}

static void teardown(struct run_state *s)
{
	if (s->series)
		for (size_t i = 0; i < s->m.nr_configs; i++)
			run_visit_series_free(&s->series[i]);
	free(s->series);
	free(s->visits_left);
	free(s->written);
	progress_clock_close(&s->clock);
	if (s->have_counters)
		counters_close(&s->counters);
	if (s->topo.topo)
		pin_topology_free(&s->topo);
	if (s->doc)
		json_decref(s->doc);
	if (s->dev.fd > 0)
		device_close(&s->dev);
	matrix_free(&s->m);
	name_patterns_free(&s->only);
	hugetlb_restore();
}

/* The table of what was measured, from the document as written. */
static void print_summary(struct run_state *s)
{
	struct results_model m;
	char err[256];

	if (results_model_from_json(s->doc, &m, err, sizeof(err))) {
		fprintf(stderr, "hmmbench run: summary: %s\n", err);
		return;
	}
	summary_print(stdout, &m, 1);
	results_model_free(&m);
}

int cmd_run(int argc, char **argv)
{
	struct run_state s;
	struct sigaction sa;
	int ret = EXIT_OK;

	memset(&s, 0, sizeof(s));
	s.dev.fd = -1;
	progress_clock_monotonic(&s.clock);	/* teardown closes no fd 0 */
	if (parse_options(argc, argv, &s.opt))
		return EXIT_USAGE;
	if (setup(&s, argc, argv)) {
		teardown(&s);
		return EXIT_USAGE;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	fprintf(stderr, "hmmbench run: %zu configurations (%zu dropped), %u rounds, seed %llu -> %s\n",
		s.m.nr_configs, s.m.nr_dropped, s.m.rounds, (unsigned long long)s.m.seed, s.opt.out);
	if (measure(&s))
		ret = EXIT_USAGE;
	else if (interrupted)
		ret = 130;
	else if (s.failures)
		ret = EXIT_FAIL;
	if (!s.opt.quiet && ret != EXIT_USAGE)
		print_summary(&s);
	if (interrupted)
		fprintf(stderr, "hmmbench run: interrupted; finished configurations are in %s\n", s.opt.out);
	teardown(&s);
	return ret;
}
