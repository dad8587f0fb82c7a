# One configuration's cost per page over a history series: the median of each
# run, its 95% bootstrap CI as a band, reported regressions marked.
# Input (hmmbench history): datafile with columns run index, date, median
# per page, CI low, CI high, regression reported (0/1); config (its name);
# unit (common.gp: "ns per page", or in icount mode "guest instructions
# per page").
load plotdir."/common.gp"
set title sprintf("hmm\\_range\\_fault %s: %s over time\n{/*0.8 %s}", config, unit, subtitle)
set xlabel "run (date)"
set ylabel sprintf("%s (median, 95% bootstrap CI)", unit)
set xtics rotate by -45 nomirror
set yrange [0:*]
set offsets 0.5, 0.5, 0, 0
PLOT = "plot datafile using 1:4:5 with filledcurves lc rgb '#c6dbef' title '95% CI', " . \
	"'' using 1:3:xtic(2) with linespoints ls 1 title 'median', " . \
	"'' using 1:($6 > 0 ? $3 : NaN) with points pt 7 ps 2 lc rgb '#d62728' title 'regression'"
load plotdir."/render.gp"
