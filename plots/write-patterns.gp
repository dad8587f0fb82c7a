# Effect of the per-page write-request pattern on the fault path, per page
# kind. Input: datafile with one row per page kind; column 1 the kind, then
# for each pattern three columns: median ns/page, CI low, CI high.
# names: the patterns, in column order.
load plotdir."/common.gp"
set title sprintf("hmm\\_range\\_fault %s, %s, format %s: write-request patterns\n{/*0.8 %s}", op, size_label, format, subtitle)
set ylabel unit." (median, 95% bootstrap CI)"
set yrange [0:*]
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
PLOT = "plot for [i=1:words(names)] datafile using (column(3*i-1)):(column(3*i)):(column(3*i+1)):xtic(1) title word(names, i)"
load plotdir."/render.gp"
