# Device formats side by side: fixed against convert:<table> against
# table:<table>, per page kind, the "old hmm_pfn_t against flag table"
# picture. Input: datafile with one row per page kind; column 1 the kind,
# then for each format three columns: median ns/page, CI low, CI high.
# names: the formats, in column order.
load plotdir."/common.gp"
set title sprintf("hmm\\_range\\_fault %s, %s: device formats\n{/*0.8 %s}", op, size_label, subtitle)
set ylabel unit." (median, 95% bootstrap CI)"
set yrange [0:*]
set style data histograms
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics nomirror
PLOT = "plot for [i=1:words(names)] datafile using (column(3*i-1)):(column(3*i)):(column(3*i+1)):xtic(1) title word(names, i)"
load plotdir."/render.gp"
