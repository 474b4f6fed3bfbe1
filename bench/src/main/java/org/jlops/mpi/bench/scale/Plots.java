package org.jlops.mpi.bench.scale;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jlops.mpi.bench.report.BenchRow;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of a scaling report (XChart): time vs np, speed-up vs ideal, parallel efficiency vs
 * ideal and GB/s vs the triad floor, one series per workload, for one mode. Titles say the mode
 * and, when a row ran on more ranks than cores, that the run was oversubscribed.
 */
public final class Plots {

    /** The x-axis title of every plot. */
    public static final String X_TITLE = "ranks (np)";

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
     * Builds the four charts of {@code mode} from the report's jlops-mpi rows (pylops-mpi rows,
     * when present, are added to the time chart).
     *
     * @param rows  (Input) the report; not modified
     * @param mode  {@code strong} or {@code weak}
     * @param label text for the titles (e.g. the date and machine)
     */
    public static List<Plot> charts(List<BenchRow> rows, String mode, String label) {
        boolean weak = mode.equals("weak");
        Map<String, TreeMap<Integer, BenchRow>> ours = ScaleReport.series(rows, "jlops-mpi", mode);
        String over = oversubscription(rows);
        String suffix = " (" + mode + " scaling" + (label.isBlank() ? "" : ", " + label) + ")"
                + (over.isEmpty() ? "" : " - OVERSUBSCRIBED: " + over);
        XYChart time = chart("Median time per call vs np" + suffix, "median time per call (s)");
        time.getStyler().setYAxisLogarithmic(true);
        XYChart speed = chart("Speed-up vs ideal" + suffix, weak ? "scaled speed-up np * t1 / tnp" : "speed-up t1 / tnp");
        XYChart eff = chart("Parallel efficiency vs ideal" + suffix, "parallel efficiency");
        XYChart bw = chart("Bandwidth vs the STREAM triad floor" + suffix, "GB/s");
        TreeMap<Integer, Boolean> nps = new TreeMap<>();
        for (Map.Entry<String, TreeMap<Integer, BenchRow>> e : ours.entrySet()) {
            TreeMap<Integer, BenchRow> s = e.getValue();
            double[] x = new double[s.size()];
            double[] t = new double[s.size()];
            double[] g = new double[s.size()];
            double[] sp = new double[s.size()];
            double[] ef = new double[s.size()];
            BenchRow one = s.get(1);
            int i = 0;
            for (BenchRow r : s.values()) {
                nps.put(r.np(), true);
                x[i] = r.np();
                t[i] = r.medianS();
                g[i] = Double.isNaN(r.gbytesPerS()) ? 0 : r.gbytesPerS();
                sp[i] = one == null ? Double.NaN : ScaleReport.speedup(one, r, weak);
                ef[i] = sp[i] / r.np();
                i++;
            }
            String name = e.getKey();
            time.addSeries(name, x, t);
            if (one != null) {
                speed.addSeries(name, x, sp);
                eff.addSeries(name, x, ef);
            }
            if (s.firstEntry().getValue().gbytesPerS() > 0) {
                bw.addSeries(name, x, g);
            }
        }
        for (Map.Entry<String, TreeMap<Integer, BenchRow>> e : ScaleReport.series(rows, "pylops-mpi", mode)
                .entrySet()) {
            double[] x = e.getValue().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] t = e.getValue().values().stream().mapToDouble(BenchRow::medianS).toArray();
            XYSeries p = time.addSeries("pylops-mpi " + e.getKey(), x, t);
            p.setLineStyle(SeriesLines.DOT_DOT);
        }
        double[] npx = nps.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        if (npx.length == 0) {
            npx = new double[] {1};
        }
        ideal(speed, npx, npx.clone());
        double[] ones = new double[npx.length];
        java.util.Arrays.fill(ones, 1.0);
        ideal(eff, npx, ones);
        List<Double> fx = new ArrayList<>();
        List<Double> fy = new ArrayList<>();
        for (BenchRow r : rows) {
            if (r.impl().equals("c") && r.workload().equals("stream") && r.op().equals("triad") && !r.isSkipped()
                    && nps.containsKey(r.np())) {
                fx.add((double) r.np());
                fy.add(r.gbytesPerS());
            }
        }
        if (!fx.isEmpty()) {
            XYSeries f = bw.addSeries("floor: STREAM triad (C)", fx.stream().mapToDouble(Double::doubleValue).toArray(),
                    fy.stream().mapToDouble(Double::doubleValue).toArray());
            f.setLineStyle(SeriesLines.DASH_DASH);
            f.setLineWidth(3f);
        }
        for (XYChart c : List.of(time, speed, eff, bw)) {
            if (c.getSeriesMap().isEmpty()) {
                c.addSeries("no rows", new double[] {1}, new double[] {1});
            }
        }
        return List.of(new Plot("time", time), new Plot("speedup", speed), new Plot("efficiency", eff),
                new Plot("bandwidth", bw));
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
        XYChart c = new XYChartBuilder().width(1000).height(650).title(title).xAxisTitle(X_TITLE).yAxisTitle(yTitle)
                .build();
        c.getStyler().setMarkerSize(7);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        c.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 13));
        return c;
    }

    private static void ideal(XYChart c, double[] x, double[] y) {
        XYSeries s = c.addSeries("ideal", x, y);
        s.setLineStyle(SeriesLines.DASH_DASH);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(java.awt.Color.BLACK);
    }
}
