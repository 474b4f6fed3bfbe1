package org.jlops.mpi.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of the sparsity examples and tutorials ({@link ProxExample}, {@link ProxSolverExample},
 * {@link ReflectivityTutorial}, {@link PoststackTutorial}), headless: panels of 2-D sections drawn
 * pixel by pixel ({@link #sections}: a grey or a rainbow colour scale with a title per panel) and
 * line charts through XChart ({@link #lines}). Rank 0 calls them; nothing here communicates.
 */
final class SparsityFigures {

    /** The colour scales of {@link #sections}. */
    enum Scale {
        /** Black (low) to white (high): reflectivity and seismic data. */
        GREY,
        /** Blue (low) to red (high): impedance models. */
        RAINBOW
    }

    /** One panel: a title and rows × columns of values (row 0 at the top). */
    record Panel(String title, double[][] values, double vmin, double vmax, Scale scale) {
    }

    private static final int PANEL_WIDTH = 360;
    private static final int PANEL_HEIGHT = 260;
    private static final int TITLE = 22;
    private static final int MARGIN = 10;

    private SparsityFigures() {
    }

    /**
     * A PNG of panels in rows of {@code columns}, each section stretched to a fixed panel size.
     *
     * @param file    the PNG to write (parent folders created)
     * @param heading the figure's heading
     * @param columns panels per row, at least 1
     * @param panels  (Input) the panels; not modified
     * @throws IOException when the file cannot be written
     */
    static void sections(Path file, String heading, int columns, List<Panel> panels) throws IOException {
        Figures.write(sectionsImage(heading, columns, panels), file);
    }

    /**
     * The image of {@link #sections}: panels in rows of {@code columns}, each section stretched to a
     * fixed panel size.
     *
     * @param heading the figure's heading
     * @param columns panels per row, at least 1
     * @param panels  (Input) the panels; not modified
     * @return the image
     */
    static BufferedImage sectionsImage(String heading, int columns, List<Panel> panels) {
        System.setProperty("java.awt.headless", "true");
        int rows = (panels.size() + columns - 1) / columns;
        int w = MARGIN + columns * (PANEL_WIDTH + MARGIN);
        int h = TITLE + MARGIN + rows * (PANEL_HEIGHT + TITLE + MARGIN);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(heading, MARGIN, TITLE - 4);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int p = 0; p < panels.size(); p++) {
            Panel panel = panels.get(p);
            int x0 = MARGIN + (p % columns) * (PANEL_WIDTH + MARGIN);
            int y0 = TITLE + MARGIN + (p / columns) * (PANEL_HEIGHT + TITLE + MARGIN);
            g.setColor(Color.BLACK);
            g.drawString(panel.title(), x0, y0 + TITLE - 6);
            double[][] v = panel.values();
            int nr = v.length;
            int nc = nr == 0 ? 0 : v[0].length;
            for (int py = 0; py < PANEL_HEIGHT && nr > 0; py++) {
                int r = Math.min(nr - 1, py * nr / PANEL_HEIGHT);
                for (int px = 0; px < PANEL_WIDTH && nc > 0; px++) {
                    int c = Math.min(nc - 1, px * nc / PANEL_WIDTH);
                    img.setRGB(x0 + px, y0 + TITLE + py, colour(v[r][c], panel.vmin(), panel.vmax(), panel.scale()));
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1));
            g.drawRect(x0, y0 + TITLE, PANEL_WIDTH - 1, PANEL_HEIGHT - 1);
        }
        g.dispose();
        return img;
    }

    private static int colour(double v, double vmin, double vmax, Scale scale) {
        double t = vmax > vmin ? (v - vmin) / (vmax - vmin) : 0.5;
        t = Double.isNaN(t) ? 0.5 : Math.max(0, Math.min(1, t));
        if (scale == Scale.GREY) {
            int c = (int) Math.round(255 * t);
            return (c << 16) | (c << 8) | c;
        }
        Color c = Color.getHSBColor((float) (0.70 * (1 - t)), 0.85f, 0.95f);             // blue → red
        return c.getRGB() & 0xffffff;
    }

    /**
     * A PNG line chart (XChart).
     *
     * @param file   the PNG to write
     * @param title  the title
     * @param xLabel the x axis title
     * @param yLabel the y axis title
     * @param x      (Input) the abscissae of every series; not modified
     * @param series (Input) the series by name, in order; not modified
     * @param logY   a logarithmic y axis
     * @throws IOException when the file cannot be written
     */
    static void lines(Path file, String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series,
            boolean logY) throws IOException {
        Figures.write(linesImage(title, xLabel, yLabel, x, series, logY), file);
    }

    /**
     * The image of {@link #lines}: a line chart (XChart).
     *
     * @param title  the title
     * @param xLabel the x axis title
     * @param yLabel the y axis title
     * @param x      (Input) the abscissae of every series; not modified
     * @param series (Input) the series by name, in order; not modified
     * @param logY   a logarithmic y axis
     * @return the image
     */
    static BufferedImage linesImage(String title, String xLabel, String yLabel, double[] x,
            Map<String, double[]> series, boolean logY) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(420).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        int i = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), x, e.getValue());
            s.setMarker(SeriesMarkers.NONE);
            if (x.length <= 64 && i == 1) {
                s.setMarker(SeriesMarkers.CIRCLE);                                     // short series: overlaps stay visible
                s.setLineStyle(SeriesLines.NONE);
            } else if (x.length <= 64 && i >= 2) {
                s.setMarker(SeriesMarkers.CROSS);
                s.setLineStyle(SeriesLines.DASH_DASH);
            }
            i++;
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** {@code [min, max]} of the values. */
    static double[] range(double[][] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : v) {
            for (double d : row) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        return new double[] {lo, hi};
    }
}
