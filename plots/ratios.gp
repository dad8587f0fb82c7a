# Ratios with their 95% CI, per page kind: one bar per series (a stock
# format for baseline against patched kernel, a table for table:<t> against
# convert:<t>). Input: datafile with one row per page kind; column 1 the
# kind, then for each series: change %, CI low %, CI high %.
# names: the series, in column order; what, ylabel: the titles; threshold:
# the verdict's noise threshold in percent (dashed lines at +-threshold).
load plotdir."/common.gp"
set title sprintf("hmm\\_range\\_fault %s, %s: %s\n{/*0.8 %s}", op, size_label, what, subtitle)
set ylabel ylabel
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics nomirror
set xzeroaxis lt -1 lw 1
# Bars start at 0: keep 0 inside the range whatever the sign of the changes.
set yrange [*<0:0<*]
thr = threshold + 0.0
if (thr > 0) {
	set arrow 1 from graph 0, first thr to graph 1, first thr nohead dt 2 lc rgb "#888888"
	set arrow 2 from graph 0, first -thr to graph 1, first -thr nohead dt 2 lc rgb "#888888"
}
PLOT = "plot for [i=1:words(names)] datafile using (column(3*i-1)):(column(3*i)):(column(3*i+1)):xtic(1) title word(names, i)"
load plotdir."/render.gp"
