package org.jlops.mpi.bench.scale;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jlops.mpi.bench.report.BenchRow;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of a scaling report (XChart): time vs np, speed-up vs ideal, parallel efficiency vs
 * ideal and GB/s, for one mode. One colour per workload and one marker per operation and dtype: ours
 * solid, PyLops-MPI's dashed in the same colour and marker (one legend entry says so); min-max bars from the report's
 * {@code min_s}/{@code max_s} on the time and bandwidth plots; the np axis is log2 with ticks at the
 * powers of two; a floor (from the rows' {@code floor=} notes) is drawn once, grey and
 * thick (one pattern each), named with the workloads it bounds, on the plot of its unit (GB/s or seconds). Titles say
 * the mode and, when a row ran on more ranks than cores, that the run was oversubscribed.
 */
public final class Plots {

    /** The x-axis title of every plot. */
    public static final String X_TITLE = "ranks (np, log2 axis)";
    /** The size of every plot, in pixels (wide: the legend sits on the right). */
    public static final int WIDTH = 1300;
    /** The height of every plot, in pixels. */
    public static final int HEIGHT = 700;
    /** The legend entry that explains the dashed lines. */
    public static final String PEER_LEGEND = "dashed: PyLops-MPI (same colour)";

    /** Distinct colours, one per workload (Tableau's ten, then six far from them), reused only beyond 16. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
        new Color(0x556b2f), new Color(0x00008b), new Color(0x9acd32), new Color(0xff1493), new Color(0x008080),
        new Color(0xb8860b)};
    private static final Pattern FLOOR = Pattern.compile("(.*\\S) ([0-9.eE+-]+) (GB/s|s)");
    /** One marker per operation and dtype of a workload (forward, adjoint, complex128, ...). */
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS,
        SeriesMarkers.TRAPEZOID};

    private static final Color FLOOR_COLOUR = new Color(0x555555);
    /** The floors' lines, one pattern each (grey, thick): dotted, dash-dotted, long-dashed. */
    private static final BasicStroke[] FLOOR_LINES = {
        new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 4f}, 0f),
        new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {10f, 4f, 2f, 4f}, 0f),
        new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {14f, 6f}, 0f)};

    /**
     * A chart and the file stem it is written to.
     *
     * @param kind  {@code time}, {@code speedup}, {@code efficiency} or {@code bandwidth}
     * @param chart the chart
     */
    public record Plot(String kind, XYChart chart) {
    }

    private Plots() {
    }

    /**
     * Builds the four charts of {@code mode} from the report's jlops-mpi and pylops-mpi rows.
     *
     * @param rows  (Input) the report; not modified
     * @param mode  {@code strong} or {@code weak}
     * @param label text for the titles (e.g. the date and machine)
     */
    public static List<Plot> charts(List<BenchRow> rows, String mode, String label) {
        boolean weak = mode.equals("weak");
        Map<String, TreeMap<Integer, BenchRow>> ours = ScaleReport.series(rows, "jlops-mpi", mode);
        Map<String, TreeMap<Integer, BenchRow>> peers = ScaleReport.series(rows, "pylops-mpi", mode);
        String over = oversubscription(rows);
        String suffix = " (" + mode + " scaling" + (label.isBlank() ? "" : ", " + label) + ")"
                + (over.isEmpty() ? "" : " - OVERSUBSCRIBED: " + over);
        XYChart time = chart("Median time per call vs np" + suffix, "median time per call (s)");
        time.getStyler().setYAxisLogarithmic(true);
        XYChart speed = chart("Speed-up vs ideal" + suffix, weak ? "scaled speed-up np * t1 / tnp" : "speed-up t1 / tnp");
        XYChart eff = chart("Parallel efficiency vs ideal" + suffix, "parallel efficiency");
        XYChart bw = chart("Bandwidth vs the floors that bound it" + suffix, "GB/s");

        Map<String, Color> colours = new LinkedHashMap<>();     // by workload
        Map<String, Marker> markers = new LinkedHashMap<>();    // by operation and dtype
        for (Map<String, TreeMap<Integer, BenchRow>> m : List.of(ours, peers)) {
            for (String w : m.keySet()) {
                colours.putIfAbsent(workloadOf(w), PALETTE[colours.size() % PALETTE.length]);
                markers.putIfAbsent(variantOf(w), MARKERS[markers.size() % MARKERS.length]);
            }
        }
        TreeSet<Integer> nps = new TreeSet<>();
        for (Map.Entry<String, TreeMap<Integer, BenchRow>> e : ours.entrySet()) {
            nps.addAll(e.getValue().keySet());
            draw(e.getKey(), e.getValue(), colours.get(workloadOf(e.getKey())), markers.get(variantOf(e.getKey())), false,
                    weak, time, speed, eff, bw);
        }
        for (Map.Entry<String, TreeMap<Integer, BenchRow>> e : peers.entrySet()) {
            nps.addAll(e.getValue().keySet());
            draw(e.getKey(), e.getValue(), colours.get(workloadOf(e.getKey())), markers.get(variantOf(e.getKey())), true,
                    weak, time, speed, eff, bw);
        }
        if (!peers.isEmpty() && !ours.isEmpty()) {
            for (XYChart c : List.of(time, speed, eff)) {
                if (c.getSeriesMap().isEmpty()) {
                    continue;                                  // e.g. speed-up from a single np: no series to key
                }
                // a one-point series without a marker draws nothing: only its legend entry shows
                XYSeries any = c.getSeriesMap().values().iterator().next();
                XYSeries key = c.addSeries(PEER_LEGEND, new double[] {any.getXData()[0]},
                        new double[] {any.getYData()[0]});
                key.setLineStyle(SeriesLines.DASH_DASH);
                key.setLineColor(Color.GRAY);
                key.setMarker(SeriesMarkers.NONE);
            }
        }
        double[] npx = nps.stream().mapToDouble(Integer::doubleValue).toArray();
        if (npx.length == 0) {
            npx = new double[] {1};
            nps.add(1);
        }
        ideal(speed, npx, npx.clone());
        double[] ones = new double[npx.length];
        Arrays.fill(ones, 1.0);
        ideal(eff, npx, ones);
        floors(ours, nps, time, bw);
        for (XYChart c : List.of(time, speed, eff, bw)) {
            if (c.getSeriesMap().isEmpty()) {
                c.addSeries("no rows", new double[] {0}, new double[] {1});
            }
            log2Axis(c, nps);
        }
        return List.of(new Plot("time", time), new Plot("speedup", speed), new Plot("efficiency", eff),
                new Plot("bandwidth", bw));
    }

    /** The workload of a series name ({@code "matrixmult_block forward complex128"}: its first word). */
    static String workloadOf(String series) {
        int sp = series.indexOf(' ');
        return sp < 0 ? series : series.substring(0, sp);
    }

    /** The operation and dtype of a series name (the words after the workload; empty when none). */
    static String variantOf(String series) {
        int sp = series.indexOf(' ');
        return sp < 0 ? "" : series.substring(sp + 1);
    }

    /** One series on the four charts (the peer's dashed and out of the legend). */
    private static void draw(String name, TreeMap<Integer, BenchRow> s, Color colour, Marker marker, boolean peer,
            boolean weak, XYChart time, XYChart speed, XYChart eff, XYChart bw) {
        int n = s.size();
        double[] x = new double[n];
        double[] t = new double[n];
        double[] g = new double[n];
        double[] sp = new double[n];
        double[] ef = new double[n];
        BenchRow one = s.get(1);
        int i = 0;
        for (BenchRow r : s.values()) {
            x[i] = log2(r.np());
            t[i] = r.medianS();
            g[i] = r.gbytesPerS() > 0 ? r.gbytesPerS() : Double.NaN;
            sp[i] = one == null ? Double.NaN : ScaleReport.speedup(one, r, weak);
            ef[i] = sp[i] / r.np();
            i++;
        }
        String key = peer ? "pylops-mpi " + name : name;
        style(time.addSeries(key, x, t), colour, marker, peer);
        bars(time, key, s, colour, false);
        if (one != null) {
            style(speed.addSeries(key, x, sp), colour, marker, peer);
            style(eff.addSeries(key, x, ef), colour, marker, peer);
        }
        if (!peer && s.firstEntry().getValue().gbytesPerS() > 0) {
            style(bw.addSeries(key, x, g), colour, marker, false);
            bars(bw, key, s, colour, true);
        }
    }

    private static void style(XYSeries series, Color colour, Marker marker, boolean peer) {
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        series.setMarker(marker);
        if (peer) {
            series.setLineStyle(SeriesLines.DASH_DASH);
            series.setShowInLegend(false);
        } else {
            series.setLineStyle(SeriesLines.SOLID);
        }
    }

    /** Min-max bars of each point: the row's min_s and max_s (as GB/s on the bandwidth chart). */
    private static void bars(XYChart c, String key, TreeMap<Integer, BenchRow> s, Color colour, boolean gbps) {
        for (BenchRow r : s.values()) {
            double lo = r.minS();
            double hi = r.maxS();
            if (!(lo > 0) || !(hi > 0) || hi <= lo) {
                continue;
            }
            double[] y = gbps ? new double[] {r.gbytesPerS() * r.medianS() / hi, r.gbytesPerS() * r.medianS() / lo}
                    : new double[] {lo, hi};
            if (gbps && !(r.gbytesPerS() > 0)) {
                continue;
            }
            double x = log2(r.np());
            XYSeries bar = c.addSeries(key + " min-max np=" + r.np(), new double[] {x, x}, y);
            bar.setShowInLegend(false);
            bar.setMarker(SeriesMarkers.NONE);
            bar.setLineColor(colour);
            bar.setLineStyle(new BasicStroke(1.5f));
        }
    }

    /**
     * Each distinct floor of our rows ({@code floor=<what> <value> <GB/s|s>}), once, grey and dashed,
     * named with the workloads it bounds, on the chart of its unit.
     */
    private static void floors(Map<String, TreeMap<Integer, BenchRow>> ours, TreeSet<Integer> nps, XYChart time,
            XYChart bw) {
        Map<String, TreeMap<Integer, Double>> values = new LinkedHashMap<>();
        Map<String, TreeSet<String>> bound = new LinkedHashMap<>();
        for (Map.Entry<String, TreeMap<Integer, BenchRow>> e : ours.entrySet()) {
            for (BenchRow r : e.getValue().values()) {
                String f = ScaleReport.note(r, "floor");
                Matcher m = f == null ? null : FLOOR.matcher(f);
                if (m == null || !m.matches()) {
                    continue;
                }
                String what = m.group(1) + "|" + m.group(3);
                values.computeIfAbsent(what, k -> new TreeMap<>()).put(r.np(), Double.parseDouble(m.group(2)));
                bound.computeIfAbsent(what, k -> new TreeSet<>()).add(e.getKey().split(" ")[0]);
            }
        }
        int floor = 0;
        for (Map.Entry<String, TreeMap<Integer, Double>> e : values.entrySet()) {
            String[] what = e.getKey().split("\\|");
            XYChart c = what[1].equals("s") ? time : bw;
            double[] x = e.getValue().keySet().stream().mapToDouble(Plots::log2).toArray();
            double[] y = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
            XYSeries f = c.addSeries(wrap("floor: " + what[0] + ", bounds " + String.join(", ", bound.get(e.getKey()))),
                    x, y);
            f.setLineStyle(FLOOR_LINES[floor++ % FLOOR_LINES.length]);
            f.setLineColor(FLOOR_COLOUR);
            f.setMarker(SeriesMarkers.NONE);
        }
    }

    /** A legend text cut into lines of about 34 characters at commas (XChart draws each line). */
    static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        int line = 0;
        for (String part : text.split("(?<=, )")) {
            if (line > 0 && line + part.length() > 34) {
                out.append("\n    ");
                line = 4;
            }
            out.append(part);
            line += part.length();
        }
        return out.toString().strip();
    }

    /**
     * x = log2(np): ticks one power of two apart, labelled with np (XChart asks for unique labels;
     * the padding keeps the last tick inside the axis).
     */
    private static void log2Axis(XYChart c, TreeSet<Integer> nps) {
        double max = Math.max(1, Math.ceil(log2(nps.last())));
        c.getStyler().setXAxisMin(-0.25);
        c.getStyler().setXAxisMax(max + 0.25);
        c.getStyler().setXAxisTickMarkSpacingHint((int) (500 / (max + 0.5)));
        c.setCustomXAxisTickLabelsFormatter(v -> v < 0 ? "1/" + Math.round(Math.pow(2, -v))
                : Long.toString(Math.round(Math.pow(2, v))));
    }

    private static double log2(double np) {
        return Math.log(np) / Math.log(2);
    }

    /**
     * Writes each chart as {@code <stem>-<mode>-<kind>.png} and {@code .svg}.
     *
     * @param stem the report's path without {@code .csv}
     * @return the files written
     */
    public static List<Path> write(List<Plot> plots, Path stem, String mode) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Plot p : plots) {
            String base = stem.toString() + "-" + mode + "-" + p.kind();
            BitmapEncoder.saveBitmap(p.chart(), base + ".png", BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(p.chart(), base + ".svg",
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            out.add(Path.of(base + ".png"));
            out.add(Path.of(base + ".svg"));
        }
        return out;
    }

    /** The oversubscription note of the report's rows ({@code ""} when none). */
    static String oversubscription(List<BenchRow> rows) {
        for (BenchRow r : rows) {
            String o = ScaleReport.note(r, "oversubscribed");
            if (o != null && r.impl().equals("jlops-mpi")) {
                return o;
            }
        }
        return "";
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(X_TITLE).yAxisTitle(yTitle)
                .build();
        c.getStyler().setMarkerSize(7);
        c.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        c.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 13));
        return c;
    }

    private static void ideal(XYChart c, double[] npx, double[] y) {
        double[] x = Arrays.stream(npx).map(Plots::log2).toArray();
        XYSeries s = c.addSeries("ideal", x, y);
        s.setLineStyle(SeriesLines.DASH_DOT);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Color.BLACK);
    }
}
