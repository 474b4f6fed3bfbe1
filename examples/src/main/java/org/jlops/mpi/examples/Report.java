package org.jlops.mpi.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jlops.mpi.comm.Communicator;

/**
 * What an example prints and the figures it writes. Every rank builds the same text (examples
 * gather what they print); rank 0 alone echoes it to the console as it goes and draws the
 * figures. Lines are of two kinds: {@link #line} for values that are the same at every rank count
 * (the global results: the library's sums are bit-identical across rank counts and splits), and
 * {@link #perRank} for what depends on it (layouts, per-rank shapes, draws made per rank), which
 * {@link Example.Output#invariant()} leaves out.
 */
public final class Report {

    /** Values of a vector written in full up to this length; longer ones show their ends. */
    static final int FULL_VECTOR = 64;
    private static final int EDGE_ITEMS = 8;
    private static final int WIDTH = 120;

    private final Communicator comm;
    private final Path figures;
    private final PrintStream echo;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder invariant = new StringBuilder();
    private final List<Path> written = new ArrayList<>();

    /**
     * @param comm    the ranks
     * @param figures the folder for figures, or null to draw none
     * @param echo    where rank 0 prints each line as it is added, or null
     */
    Report(Communicator comm, Path figures, PrintStream echo) {
        this.comm = comm;
        this.figures = figures;
        this.echo = comm.rank() == 0 ? echo : null;
    }

    /** A line (formatted with {@link Locale#ROOT}) whose content is the same at every rank count. */
    public void line(String format, Object... args) {
        add(String.format(Locale.ROOT, format, args), true);
    }

    /** A line whose content depends on the rank count (layouts, per-rank values). */
    public void perRank(String format, Object... args) {
        add(String.format(Locale.ROOT, format, args), false);
    }

    /**
     * A line {@code label} followed by the values of {@code v} ({@link #vector(double[], int, int)}),
     * continuation lines aligned under the first value; the same at every rank count.
     */
    public void values(String label, double[] v, int decimals) {
        line("%s%s", label, vector(v, decimals, label.length()));
    }

    /** {@link #values} for values that depend on the rank count. */
    public void perRankValues(String label, double[] v, int decimals) {
        perRank("%s%s", label, vector(v, decimals, label.length()));
    }

    /** A section heading (same at every rank count). */
    public void section(String title) {
        add("", true);
        add("-- " + title, true);
    }

    private void add(String line, boolean same) {
        text.append(line).append('\n');
        if (same) {
            invariant.append(line).append('\n');
        }
        if (echo != null) {
            echo.println(line);
            echo.flush();
        }
    }

    /**
     * A figure: rank 0 draws it and writes {@code <folder>/<file>} when figures are on; every rank
     * records the path and adds the line naming it. Nothing happens when figures are off.
     *
     * @param file the file name, ending in {@code .png}
     * @param what a few words saying what it shows
     * @param draw draws the image (called on rank 0 only)
     */
    public void figure(String file, String what, Supplier<BufferedImage> draw) {
        if (figures == null) {
            return;
        }
        Path path = figures.resolve(file);
        if (comm.rank() == 0) {
            try {
                Figures.write(draw.get(), path);
            } catch (IOException e) {
                throw new UncheckedIOException("figure " + path + ": " + e.getMessage(), e);
            }
        }
        written.add(path);
        line("   figure %s: %s", path, what);
    }

    /** Everything added so far. */
    String text() {
        return text.toString();
    }

    /** The lines added with {@link #line} and {@link #section}. */
    String invariant() {
        return invariant.toString();
    }

    /** The figures' paths (written by rank 0). */
    List<Path> figures() {
        return List.copyOf(written);
    }

    // ================================================================ formatting helpers

    /** {@code v} with {@code decimals} decimals, without a sign on a value that rounds to zero. */
    public static String num(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.startsWith("-") && s.chars().noneMatch(c -> c >= '1' && c <= '9') ? s.substring(1) : s;
    }

    /**
     * The values in brackets with {@code decimals} decimals, wrapped at about 120 characters and
     * indented by {@code indent} on continuation lines; beyond {@value #FULL_VECTOR} values only
     * the first and last 8 are shown, with "..." between.
     */
    public static String vector(double[] v, int decimals, int indent) {
        return vector(v, decimals, indent, 0);
    }

    /** {@link #vector(double[], int, int)} with every value right-aligned in at least {@code width} characters. */
    public static String vector(double[] v, int decimals, int indent, int width) {
        List<String> items = new ArrayList<>();
        boolean cut = v.length > FULL_VECTOR;
        for (int i = 0; i < v.length; i++) {
            if (cut && i == EDGE_ITEMS) {
                items.add("...");
                i = v.length - EDGE_ITEMS;
            }
            items.add(num(v[i], decimals));
        }
        int w = width;
        for (String s : items) {
            w = Math.max(w, s.length());
        }
        StringBuilder b = new StringBuilder("[");
        int col = indent + 1;
        for (int i = 0; i < items.size(); i++) {
            String s = " ".repeat(w - items.get(i).length()) + items.get(i);
            if (i > 0) {
                if (col + 1 + s.length() > WIDTH) {
                    b.append('\n').append(" ".repeat(indent + 1));
                    col = indent + 1;
                } else {
                    b.append(' ');
                    col++;
                }
            }
            b.append(s);
            col += s.length();
        }
        return b.append(']').toString();
    }

    /** A shape as PyLops prints it: {@code (10, 5)}, {@code (40,)}. */
    public static String shape(long... dims) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            b.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return b.append(dims.length == 1 ? ",)" : ")").toString();
    }
}
