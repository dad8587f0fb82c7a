# One configuration's ns per page over a history series: the median of each
# run, its 95% bootstrap CI as a band, reported regressions marked.
# Input (hmmbench history): datafile with columns run index, date, median
# ns/page, CI low, CI high, regression reported (0/1); config (its name).
load plotdir."/common.gp"
set title sprintf("hmm\\_range\\_fault %s: ns per page over time\n{/*0.8 %s}", config, subtitle)
set xlabel "run (date)"
set ylabel "ns per page (median, 95% bootstrap CI)"
set xtics rotate by -45 nomirror
set yrange [0:*]
set offsets 0.5, 0.5, 0, 0
PLOT = "plot datafile using 1:4:5 with filledcurves lc rgb '#c6dbef' title '95% CI', " . \
	"'' using 1:3:xtic(2) with linespoints ls 1 title 'median', " . \
	"'' using 1:($6 > 0 ? $3 : NaN) with points pt 7 ps 2 lc rgb '#d62728' title 'regression'"
load plotdir."/render.gp"
