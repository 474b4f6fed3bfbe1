package org.jlops.mpi.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The examples' figures, drawn with XChart without a display: heat maps of 2-d arrays (row 0 on
 * top, as matplotlib's {@code imshow} draws them), line charts, and several charts side by side
 * under one title in one PNG (matplotlib's {@code subplots} + {@code suptitle}).
 */
final class Figures {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Width and height of one heat-map panel, in pixels. */
    static final int PANEL_W = 440;
    static final int PANEL_H = 380;
    /** At most this many cells per axis are drawn (about one per two pixels). */
    static final int MAX_CELLS = 128;
    private static final int TITLE_H = 44;
    private static final Color BLUE = new Color(59, 76, 192);
    private static final Color RED = new Color(180, 4, 38);
    /** One colour per rank on ownership maps (cycled beyond eight ranks). */
    private static final Color[] RANK_COLOURS = {new Color(31, 119, 180), new Color(255, 127, 14),
        new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
        new Color(227, 119, 194), new Color(127, 127, 127)};

    /** How values map to colours. */
    enum Scale {
        /** Blue – white – red, symmetric around 0 (signed data: derivatives, differences). */
        DIVERGING,
        /** White to dark blue from the smallest to the largest value (non-negative data). */
        SEQUENTIAL,
        /** One colour per integer value 0..max (which rank owns an element), labelled "rank k". */
        RANKS,
        /** One colour per integer value 0..max (which block an element belongs to), labelled "block k". */
        GROUPS
    }

    /**
     * One heat-map panel.
     *
     * @param title  the panel's title
     * @param values rows × columns (row 0 drawn on top); not modified
     * @param xTitle the horizontal axis title (the columns' axis)
     * @param yTitle the vertical axis title (the rows' axis)
     * @param scale  how values map to colours
     * @param min    the value of the lowest colour (SEQUENTIAL), or NaN for the data's smallest
     * @param max    the value of the highest colour (SEQUENTIAL; DIVERGING: of ±max), or NaN for the data's
     */
    record Heat(String title, double[][] values, String xTitle, String yTitle, Scale scale, double min, double max) {

        /** A panel of a 2-d array with axis titles "axis 1" (columns) and "axis 0" (rows), colours fitted to the data. */
        static Heat of(String title, double[][] values, Scale scale) {
            return new Heat(title, values, "axis 1", "axis 0", scale, Double.NaN, Double.NaN);
        }

        /** This panel with the colour range {@code [min, max]}. */
        Heat range(double min, double max) {
            return new Heat(title, values, xTitle, yTitle, scale, min, max);
        }
    }

    private Figures() {
    }

    /** The rows of a row-major array of {@code rows × (data.length / rows)} entries. */
    static double[][] rows(double[] data, int rows) {
        int cols = data.length / rows;
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(data, i * cols, m[i], 0, cols);
        }
        return m;
    }

    /** Heat maps side by side, {@code columns} per row, under {@code title}. */
    static BufferedImage heatmaps(String title, int columns, Heat... panels) {
        List<BufferedImage> tiles = new ArrayList<>();
        for (Heat p : panels) {
            tiles.add(BitmapEncoder.getBufferedImage(heatmap(p)));
        }
        return grid(title, columns, tiles);
    }

    /** One heat-map chart of {@link #PANEL_W} × {@link #PANEL_H} pixels. */
    static HeatMapChart heatmap(Heat p) {
        int allRows = p.values().length;
        int allCols = allRows == 0 ? 0 : p.values()[0].length;
        // more cells than pixels blur into moire: draw every k-th row and column, labelled by their index
        int rowStep = (allRows + MAX_CELLS - 1) / MAX_CELLS;
        int colStep = (allCols + MAX_CELLS - 1) / MAX_CELLS;
        int rows = (allRows + rowStep - 1) / Math.max(rowStep, 1);
        int cols = (allCols + colStep - 1) / Math.max(colStep, 1);
        HeatMapChart c = new HeatMapChartBuilder().width(PANEL_W).height(PANEL_H).title(p.title())
                .xAxisTitle(p.xTitle() + (colStep > 1 ? ", 1 in " + colStep + " shown" : ""))
                .yAxisTitle(p.yTitle() + (rowStep > 1 ? ", 1 in " + rowStep + " shown" : "")).build();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        List<Number[]> cells = new ArrayList<>(rows * cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = p.values()[i * rowStep][j * colStep];
                if (!Double.isNaN(p.max())) {
                    // a given range clips, as vmin/vmax; just inside it: XChart's colour lookup overruns
                    // its gradient for some values at the very ends
                    double lo = p.scale() == Scale.DIVERGING ? -p.max() : Double.isNaN(p.min()) ? v : p.min();
                    double in = 1e-9 * Math.abs(p.max() - lo);
                    v = Math.max(lo + in, Math.min(p.max() - in, v));
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
                cells.add(new Number[] {j, rows - 1 - i, v});              // row 0 at the top
            }
        }
        var s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setGradientColorColumnWeight(12);
        s.setDrawBorder(false);
        switch (p.scale()) {
            case DIVERGING -> {
                double m = !Double.isNaN(p.max()) ? p.max() : nice(Math.max(Math.abs(min), Math.abs(max)), true);
                s.setRangeColors(new Color[] {BLUE, Color.WHITE, RED});
                s.setMin(-m);
                s.setMax(m);
            }
            case SEQUENTIAL -> {
                s.setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)});
                double lo = Double.isNaN(p.min()) ? nice(min, false) : p.min();
                double hi = Double.isNaN(p.max()) ? nice(max, true) : p.max();
                s.setMin(lo);
                s.setMax(hi > lo ? hi : lo + 1);
            }
            case RANKS, GROUPS -> {
                // one legend entry per rank: n pieces of width 1 centred on 0..n-1, labelled by rank
                int n = (int) Math.round(max) + 1;
                Color[] colours = new Color[Math.max(n, 2)];
                for (int r = 0; r < colours.length; r++) {
                    colours[r] = RANK_COLOURS[Math.min(r, n - 1) % RANK_COLOURS.length];
                }
                s.setPiecewise(true);
                s.setPiecewiseRanged(false);
                s.setSplitNumber(n);
                s.setRangeColors(colours);
                s.setMin(-0.5);
                s.setMax(n - 0.5);
                String prefix = p.scale() == Scale.RANKS ? "rank " : "block ";
                s.setHeatMapDecimalValueFormatter(v -> prefix + Math.round(v + 0.5));
            }
        }
        c.addSeries(p.title(), labels(cols, colStep, false), labels(rows, rowStep, true), cells);
        return c;
    }

    /**
     * {@code v} rounded to two significant digits, up ({@code up}) or down, so that colour-bar
     * labels read short (0.1304 → 0.14); 1 for 0 rounded up, 0 for 0 rounded down.
     */
    static double nice(double v, boolean up) {
        if (v == 0 || !Double.isFinite(v)) {
            return up ? 1 : 0;
        }
        java.math.RoundingMode mode = up ? java.math.RoundingMode.CEILING : java.math.RoundingMode.FLOOR;
        return new java.math.BigDecimal(v).round(new java.math.MathContext(2, mode)).doubleValue();
    }

    /**
     * Category labels of {@code n} cells that are every {@code step}-th index (0, step, 2 step, …),
     * where only some are written (about six to twelve), reversed for the vertical axis; unwritten
     * labels are distinct runs of spaces, as the categories must differ.
     */
    private static List<String> labels(int n, int step, boolean reversed) {
        int span = n * step;
        int every = span <= 12 ? 1 : span <= 30 ? 5 : span <= 60 ? 10 : span <= 150 ? 25 : span <= 300 ? 50 : 100;
        every = Math.max(every / step, 1) * step;                       // a multiple of the step
        List<String> l = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = (reversed ? n - 1 - k : k) * step;
            l.add(i % every == 0 ? Integer.toString(i) : " ".repeat(i / step + 1));
        }
        return l;
    }

    /** A line chart with a legend inside the plot, white background. */
    static XYChart lines(String title, String xTitle, String yTitle, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        var s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setMarkerSize(6);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        return c;
    }

    /** Adds a series drawn as a line without markers. */
    static void line(XYChart c, String name, double[] x, double[] y, Color colour, float width) {
        var series = c.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(colour);
        series.setLineWidth(width);
    }

    /** Adds a series drawn as a thin dashed line without markers (a reference drawn over a thicker line). */
    static void dashed(XYChart c, String name, double[] x, double[] y, Color colour) {
        var series = c.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(colour);
        series.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }

    /** Adds a series drawn as steps (each value held over its index), without markers. */
    static void steps(XYChart c, String name, double[] y, Color colour, float width) {
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = i;
        }
        var series = c.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(colour);
        series.setLineWidth(width);
    }

    /** Adds a series drawn as markers only. */
    static void markers(XYChart c, String name, double[] x, double[] y, Color colour) {
        var series = c.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(colour);
    }

    /** 0, 1, …, n−1 as doubles. */
    static double[] indices(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    /** A chart as an image. */
    static BufferedImage image(XYChart chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Images side by side, {@code columns} per row, on white under a bold {@code title} (none when null). */
    static BufferedImage grid(String title, int columns, List<BufferedImage> tiles) {
        int cols = Math.max(1, Math.min(columns, tiles.size()));
        int rows = (tiles.size() + cols - 1) / cols;
        int w = 0;
        int h = 0;
        for (BufferedImage t : tiles) {
            w = Math.max(w, t.getWidth());
            h = Math.max(h, t.getHeight());
        }
        int top = title == null ? 0 : TITLE_H;
        BufferedImage out = new BufferedImage(cols * w, top + rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            if (title != null) {
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
                FontMetrics fm = g.getFontMetrics();
                g.drawString(title, (out.getWidth() - fm.stringWidth(title)) / 2, TITLE_H - 14);
            }
            for (int k = 0; k < tiles.size(); k++) {
                g.drawImage(tiles.get(k), (k % cols) * w, top + (k / cols) * h, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Writes {@code image} as a PNG, creating the folder. */
    static void write(BufferedImage image, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }
}
