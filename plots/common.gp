# Shared by every hmmbench plot. The caller (hmmbench plot) passes:
#   outbase  output path without extension (.png and .svg are written)
#   subtitle "kernel <release>, <mode>, <date>" so no picture is mistaken
#            for another run's
#   unit     what the y axis counts: "ns per page", or in icount mode
#            "guest instructions per page" (one guest "ns" is one
#            instruction there); "ns per page" when not given
# and each script sets PLOT to its plot command, then loads render.gp.
set encoding utf8
if (!exists("unit")) unit = "ns per page"
png_terminal = (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) ? "pngcairo" : "png"
set grid ytics mytics lc rgb "#dddddd"
set border 3
set tics nomirror
set key outside right top box opaque
set style line 1 lc rgb "#1b9e77" lw 2 pt 7 ps 0.8
set style line 2 lc rgb "#d95f02" lw 2 pt 5 ps 0.8
set style line 3 lc rgb "#7570b3" lw 2 pt 9 ps 0.9
set style line 4 lc rgb "#e7298a" lw 2 pt 11 ps 0.9
set style line 5 lc rgb "#66a61e" lw 2 pt 13 ps 0.9
set style line 6 lc rgb "#e6ab02" lw 2 pt 3 ps 0.9
set style line 7 lc rgb "#a6761d" lw 2 pt 1 ps 0.9
set style line 8 lc rgb "#666666" lw 2 pt 2 ps 0.9
set style increment user
