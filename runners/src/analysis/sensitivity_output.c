// SPDX-License-Identifier: GPL-2.0
/* The sensitivity report as Markdown (results/sensitivity/README.md) and JSON. */
#include <math.h>
#include <stdio.h>

#include "analysis/sensitivity_output.h"

static double pct(double fraction)
{
	return 100 * fraction;
}

/* "12.5%" or "n/a". */
static const char *rate_text(double rate, char *buf, size_t len)
{
	if (isnan(rate))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%.1f%%", pct(rate));
	return buf;
}

/* "0.9%–10.2%" (one value when equal), or "n/a". */
static const char *range_text(double lo, double hi, char *buf, size_t len)
{
	if (isnan(lo) || isnan(hi))
		snprintf(buf, len, "n/a");
	else if (fabs(hi - lo) < 0.0005 * fabs(hi))
		snprintf(buf, len, "%.2f%%", pct(lo));
	else
		snprintf(buf, len, "%.2f%%–%.2f%%", pct(lo), pct(hi));
	return buf;
}

static void print_smallest(FILE *out, const struct sensitivity_report *r)
{
	char range[64];

	if (r->smallest < 0) {
		fprintf(out, "**Smallest reliably detected injection:** none of the sizes measured "
			"(the largest is detected in fewer than %.0f%% of its trials).\n",
			pct(r->bar));
		return;
	}
	fprintf(out, "**Smallest reliably detected injection:** %llu ns/page "
		"(%s of the baseline median, over the configurations)%s.\n",
		(unsigned long long)r->sizes[r->smallest].inject,
		range_text(r->sizes[r->smallest].rel_min, r->sizes[r->smallest].rel_max, range,
			   sizeof(range)),
		r->smallest ? "" : "; the smallest size measured, so the true limit is lower");
}

void sensitivity_output_markdown(FILE *out, const struct sensitivity_report *r)
{
	const size_t *aa = r->aa.counts;
	char a[32], b[64], c[32];

	fprintf(out, "### %s, kernel %s\n\n", r->mode, r->kernel);
	fprintf(out, "Noise threshold %.2g%% (compare's default for the mode), "
		"reliability bar %.0f%%; %zu baseline runs (%zu A/A pairs), %zu configurations.\n\n",
		pct(r->threshold), pct(r->bar), r->nr_base_runs,
		r->nr_base_runs * (r->nr_base_runs - 1) / 2, r->nr_configs);
	fprintf(out, "**False alarms (A/A):** %zu of %zu trials (%s); verdicts: %zu same, "
		"%zu unknown, %zu regression, %zu improvement.\n\n",
		aa[COMPARE_REGRESSION] + aa[COMPARE_IMPROVEMENT], r->aa.trials,
		rate_text(sensitivity_false_alarm_rate(&r->aa), a, sizeof(a)), aa[COMPARE_SAME],
		aa[COMPARE_UNKNOWN], aa[COMPARE_REGRESSION], aa[COMPARE_IMPROVEMENT]);
	print_smallest(out, r);
	fprintf(out, "\n| injected ns/page | runs | trials | regression | same | unknown | "
		"improvement | detection rate | injection / baseline median | "
		"measured change (median) | measured added ns/page (median) |\n");
	fprintf(out, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
		"| ---: |\n");
	for (size_t s = 0; s < r->nr_sizes; s++) {
		const struct sensitivity_size *sz = &r->sizes[s];
		const size_t *k = sz->tally.counts;

		if (isnan(sz->change_median))
			snprintf(c, sizeof(c), "n/a");
		else
			snprintf(c, sizeof(c), "%+.2f%%", pct(sz->change_median));
		fprintf(out, "| %llu%s | %zu | %zu | %zu | %zu | %zu | %zu | %s | %s | %s | %.2f |\n",
			(unsigned long long)sz->inject, (int)s == r->smallest ? " **←**" : "",
			sz->nr_runs, sz->tally.trials, k[COMPARE_REGRESSION], k[COMPARE_SAME],
			k[COMPARE_UNKNOWN], k[COMPARE_IMPROVEMENT],
			rate_text(sensitivity_detection_rate(&sz->tally), a, sizeof(a)),
			range_text(sz->rel_min, sz->rel_max, b, sizeof(b)), c, sz->added_median);
	}
	fprintf(out, "\n| configuration | baseline median ns/page | A/A false alarms | "
		"A/A unknown | smallest reliably detected |\n");
	fprintf(out, "| --- | ---: | ---: | ---: | ---: |\n");
	for (size_t i = 0; i < r->nr_configs; i++) {
		const struct sensitivity_config *sc = &r->configs[i];

		if (sc->smallest < 0)
			snprintf(b, sizeof(b), "none");
		else
			snprintf(b, sizeof(b), "%llu ns/page (%.2f%%)",
				 (unsigned long long)r->sizes[sc->smallest].inject,
				 pct((double)r->sizes[sc->smallest].inject / sc->base_median));
		fprintf(out, "| %s | %.2f | %zu of %zu | %zu | %s |\n", sc->name, sc->base_median,
			sc->aa.counts[COMPARE_REGRESSION] + sc->aa.counts[COMPARE_IMPROVEMENT],
			sc->aa.trials, sc->aa.counts[COMPARE_UNKNOWN], b);
	}
}

static json_t *num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *tally_json(const struct sensitivity_tally *t)
{
	json_t *j = json_object();

	if (!j)
		return NULL;
	json_object_set_new(j, "trials", json_integer((json_int_t)t->trials));
	for (int v = 0; v < COMPARE_NR_VERDICTS; v++)
		json_object_set_new(j, compare_verdict_name(v), json_integer((json_int_t)t->counts[v]));
	return j;
}

static json_t *inject_or_null(const struct sensitivity_report *r, int index)
{
	return index < 0 ? json_null() : json_integer((json_int_t)r->sizes[index].inject);
}

json_t *sensitivity_output_json(const struct sensitivity_report *r)
{
	json_t *doc = json_object(), *sizes = json_array(), *configs = json_array(), *aa;

	if (!doc || !sizes || !configs)
		goto fail;
	for (size_t s = 0; s < r->nr_sizes; s++) {
		const struct sensitivity_size *sz = &r->sizes[s];

		json_array_append_new(sizes, json_pack(
			"{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
			"inject_ns_per_page", (json_int_t)sz->inject, "runs", (json_int_t)sz->nr_runs,
			"verdicts", tally_json(&sz->tally),
			"detection_rate", num_or_null(sensitivity_detection_rate(&sz->tally)),
			"relative_min", num_or_null(sz->rel_min),
			"relative_max", num_or_null(sz->rel_max),
			"measured_change_median", num_or_null(sz->change_median),
			"measured_added_ns_per_page_median", num_or_null(sz->added_median)));
	}
	for (size_t i = 0; i < r->nr_configs; i++) {
		const struct sensitivity_config *sc = &r->configs[i];
		json_t *per = json_object();

		for (size_t s = 0; per && s < r->nr_sizes; s++) {
			char key[32];

			snprintf(key, sizeof(key), "%llu", (unsigned long long)r->sizes[s].inject);
			json_object_set_new(per, key, tally_json(&sc->per_size[s]));
		}
		json_array_append_new(configs, json_pack(
			"{s:s, s:o, s:o, s:o, s:o}", "name", sc->name,
			"baseline_median_ns_per_page", num_or_null(sc->base_median),
			"aa", tally_json(&sc->aa), "injected", per ? per : json_null(),
			"smallest_reliable_ns_per_page", inject_or_null(r, sc->smallest)));
	}
	aa = tally_json(&r->aa);
	json_object_set_new(doc, "hmmbench_sensitivity", json_integer(1));
	json_object_set_new(doc, "mode", json_string(r->mode));
	json_object_set_new(doc, "kernel", json_string(r->kernel));
	json_object_set_new(doc, "threshold", num_or_null(r->threshold));
	json_object_set_new(doc, "reliability_bar", json_real(r->bar));
	json_object_set_new(doc, "baseline_runs", json_integer((json_int_t)r->nr_base_runs));
	json_object_set_new(doc, "aa", aa ? aa : json_null());
	json_object_set_new(doc, "false_alarm_rate", num_or_null(sensitivity_false_alarm_rate(&r->aa)));
	json_object_set_new(doc, "smallest_reliable_ns_per_page", inject_or_null(r, r->smallest));
	json_object_set_new(doc, "sizes", sizes);
	json_object_set_new(doc, "configurations", configs);
	return doc;
fail:
	json_decref(doc);
	json_decref(sizes);
	json_decref(configs);
	return NULL;
}
