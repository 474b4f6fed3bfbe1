package org.jlops.mpi.examples;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.examples.Figures.Heat;
import org.jlops.mpi.examples.Figures.Scale;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPIHalo;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.Diagonal;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * PyLops-MPI's {@code plot_halo}: {@link MPIHalo} gives every rank its block of an n-d array
 * extended by ghost layers from its neighbours on a process grid, so that a serial operator
 * applied to each extended block and cropped back to the block ({@link MPIHalo#sandwich}, PyLops-MPI's
 * {@code Halo.H @ MPIBlockDiag([op]) @ Halo}) equals the serial operator on the whole array when its
 * stencil fits in the halo:
 * <ul>
 *   <li>1-d, ranks along the axis: halo 1 around a serial first derivative of order 3, and halo 2
 *       around order 5, each compared with {@link MPIFirstDerivative};</li>
 *   <li>2-d on a grid of ranks: a diagonal operator (no halo needed) and the first derivative along
 *       each axis, compared with the serial derivative of the whole array;</li>
 *   <li>3-d on a grid of ranks: the first derivative along each axis, likewise.</li>
 * </ul>
 * For each: the block and extended-block shape of every rank, the largest difference from the
 * reference (0: the same bits), the norm and the dot-test of the sandwich (whose adjoint here is
 * exact). Figures: the 1-d derivatives with the block boundaries, and the 2-d blocks and derivatives.
 *
 * <p>Differences from PyLops-MPI's example: the arrays have fixed sizes (1-d 128, 2-d 48×48,
 * 3-d 16×16×16; {@code --full} gives PyLops-MPI's {@code 64·P} per axis) and smooth inputs
 * (products of sines) instead of {@code arange}; the 2-d and 3-d grids are the most nearly square or
 * cubic factorisation of the rank count (PyLops-MPI runs them only when it is a square or a cube);
 * PyLops-MPI's last part, non-stationary convolutions built on a halo, needs
 * {@code NonStationaryConvolve1D/2D}, which JLops-MPI does not have yet. The results are the same at
 * every rank count; the layouts are not.
 */
@Command(name = "halo", mixinStandardHelpOptions = true,
        description = "MPIHalo around serial operators in 1-d, 2-d and 3-d, against the distributed and serial derivatives.")
public final class HaloExample extends Example {

    @Option(names = "--n1", description = "length of the 1-d array (default ${DEFAULT-VALUE}; --full: 64 per rank)")
    int n1 = 128;

    @Option(names = "--n2", description = "side of the 2-d array (default ${DEFAULT-VALUE}; --full: 64 per rank)")
    int n2 = 48;

    @Option(names = "--n3", description = "side of the 3-d array (default ${DEFAULT-VALUE}; --full: 64 per rank)")
    int n3 = 16;

    /** Runs the example (see {@link Example}). */
    public static void main(String[] args) {
        main(new HaloExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_halo.py";
    }

    @Override
    public String summary() {
        return "MPIHalo around serial first derivatives in 1-d, 2-d and 3-d, against MPIFirstDerivative and the serial operator";
    }

    /** The 1-d input: {@code sin(2π · 3 i / n)}. */
    static double[] input1d(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(2 * Math.PI * 3 * i / n);
        }
        return x;
    }

    /** The n-d input, row-major: {@code prod_k sin(2π (k + 1) i_k / n_k + 0.3 k)}. */
    static double[] inputNd(long[] dims) {
        int size = 1;
        for (long d : dims) {
            size *= (int) d;
        }
        double[] x = new double[size];
        int[] idx = new int[dims.length];
        for (int f = 0; f < size; f++) {
            int rest = f;
            for (int k = dims.length - 1; k >= 0; k--) {
                idx[k] = rest % (int) dims[k];
                rest /= (int) dims[k];
            }
            double v = 1;
            for (int k = 0; k < dims.length; k++) {
                v *= Math.sin(2 * Math.PI * (k + 1) * idx[k] / dims[k] + 0.3 * k);
            }
            x[f] = v;
        }
        return x;
    }

    /**
     * The most nearly equal factorisation of {@code p} into {@code parts} factors, in increasing
     * order (e.g. 4 → (2, 2), 6 → (2, 3), 3 → (1, 3), 8 → (2, 2, 2)).
     */
    static int[] grid(int p, int parts) {
        return search(p, parts, 0, 1, new int[parts], null);
    }

    private static int[] search(int rest, int parts, int k, int min, int[] cur, int[] best) {
        if (k == parts - 1) {
            if (rest < min) {
                return best;
            }
            cur[k] = rest;
            if (best == null || spread(cur) < spread(best)) {
                best = cur.clone();
            }
            return best;
        }
        for (int f = min; f <= rest; f++) {
            if (rest % f == 0) {
                cur[k] = f;
                best = search(rest / f, parts, k + 1, f, cur, best);
            }
        }
        return best;
    }

    private static int spread(int[] g) {
        return g[g.length - 1] - g[0];
    }

    @Override
    protected void run(Communicator comm, Report out) {
        int p = comm.size();
        int len1 = isFull() ? 64 * p : n1;
        int len2 = isFull() ? 64 * p : n2;
        int len3 = isFull() ? 64 * p : n3;
        double[] x1 = input1d(len1);
        double[][] d3 = oneD(comm, out, x1, 1, 3);
        double[][] d5 = oneD(comm, out, x1, 2, 5);
        if (d3 != null) {
            out.figure("halo-1d.png", "x and its derivatives through the halo and by MPIFirstDerivative, block "
                    + "boundaries marked", () -> {
                        XYChart cx = chart1d("x = sin(2 pi 3 i / n)", x1.length, p, 1.0);
                        Figures.line(cx, "x", Figures.indices(x1.length), x1, Color.BLACK, 2f);
                        cx.getStyler().setLegendVisible(false);
                        return Figures.grid("MPIHalo in 1-d: a serial first derivative on each rank's extended block",
                                3, List.of(Figures.image(cx), Figures.image(derivative(d3, p, 1, 3)),
                                        Figures.image(derivative(d5, p, 2, 5))));
                    });
        }

        long[] dims2 = {len2, len2};
        int[] grid2 = grid(p, 2);
        twoD(comm, out, dims2, grid2);
        long[] dims3 = {len3, len3, len3};
        int[] grid3 = grid(p, 3);
        nD(comm, out, dims3, grid3, "3-d");

        out.section("not run: PyLops-MPI's example ends with non-stationary convolutions (1-d and 2-d) built on a halo; "
                + "JLops-MPI has no NonStationaryConvolve1D/2D yet");
    }

    /**
     * 1-d: halo {@code width} around a serial first derivative of {@code order}, against
     * MPIFirstDerivative; returns both derivatives.
     */
    private static double[][] oneD(Communicator comm, Report out, double[] x, int width, int order) {
        int n = x.length;
        out.section(String.format("1-d, n = %d, ranks along the axis: halo %d around FirstDerivative(order = %d) on each "
                + "extended block, against MPIFirstDerivative(order = %d)", n, width, order, order));
        if (!everyBlockNonEmpty(new long[] {n}, new int[] {comm.size()})) {
            out.perRank("   skipped: %d ranks leave some rank without a block of %d samples", comm.size(), n);
            return null;
        }
        MPIHalo halo = new MPIHalo(new long[] {n}, width, new int[] {comm.size()}, comm, DType.FLOAT64);
        shapes(comm, out, halo);
        DistributedArray xm = halo.toModel(NdArray.ofFloat64(x));
        MPILinearOperator op = halo.sandwich(new FirstDerivative(halo.localExtent(), 0, 1.0, DerivativeKind.CENTERED,
                false, order, DType.FLOAT64));
        DistributedArray ym = op.matvec(xm);
        double[] y = halo.fromModel(ym).doubles();
        MPIFirstDerivative d = new MPIFirstDerivative(new long[] {n}, 1.0, DerivativeKind.CENTERED, false, order, comm,
                DType.FLOAT64);
        double[] ref = d.matvec(DistributedArray.toDist(NdArray.ofFloat64(x), comm)).asArray().doubles();
        out.line("   x = sin(2 pi 3 i / n); y = crop(BlockDiag(D) H x): norm(2) = %.12f", ym.norm());
        out.line("   max |y - MPIFirstDerivative x| = %.1e%s", maxDiff(y, ref), maxDiff(y, ref) == 0 ? " (the same bits)" : "");
        DerivativeExample.dottest(out, op, xm);
        return new double[][] {y, ref};
    }

    /**
     * A chart over the samples of a 1-d array split over {@code p} ranks, the blocks' boundaries
     * marked and named, the vertical axis from {@code -1.7 m} to {@code 1.5 m}.
     */
    private static XYChart chart1d(String title, int n, int p, double m) {
        XYChart c = Figures.lines(title, "sample i", "value", 460, 420);
        c.getStyler().setYAxisMin(-1.7 * m).setYAxisMax(1.5 * m).setYAxisDecimalPattern(m < 0.5 ? "0.00" : "0.0");
        long block = (n + p - 1) / p;                                   // MPIHalo's ceil-first blocks
        for (long b = block; b < n; b += block) {
            c.addAnnotation(new AnnotationLine(b - 0.5, true, false));
        }
        for (int r = 0; r < p && r * block < n; r++) {
            c.addAnnotation(new AnnotationText("rank " + r, r * block + Math.min(block, n - r * block) / 2.0, 1.3 * m,
                    false));
        }
        return c;
    }

    private static XYChart derivative(double[][] d, int p, int width, int order) {
        double m = 0;
        for (double v : d[0]) {
            m = Math.max(m, Math.abs(v));
        }
        XYChart c = chart1d("dx/di: halo " + width + ", order " + order, d[0].length, p, m);
        double[] i = Figures.indices(d[0].length);
        Figures.line(c, "halo + serial FirstDerivative", i, d[0], new Color(31, 119, 180), 3f);
        Figures.dashed(c, "MPIFirstDerivative", i, d[1], new Color(214, 39, 40));
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideS);
        return c;
    }

    /** 2-d: the n-d checks, and the figure of the blocks and derivatives. */
    private static void twoD(Communicator comm, Report out, long[] dims, int[] grid) {
        List<double[]> ys = nD(comm, out, dims, grid, "2-d");
        if (ys == null) {
            return;
        }
        MPIHalo halo = new MPIHalo(dims, 1, grid, comm, DType.FLOAT64);
        DistributedArray own = halo.zerosModel();
        own.fill(comm.rank());
        double[] owners = halo.fromModel(own).doubles();
        double[] x = inputNd(dims);
        int rows = (int) dims[0];
        out.figure("halo-2d.png", "the blocks of the grid, x, and its derivatives along each axis through the halo",
                () -> Figures.heatmaps("MPIHalo in 2-d on a " + grid[0] + " x " + grid[1] + " grid of ranks (halo 1)", 2,
                        Heat.of("rank owning each element", Figures.rows(owners, rows), Scale.RANKS),
                        Heat.of("x", Figures.rows(x, rows), Scale.DIVERGING),
                        Heat.of("d/d axis 0 via halo", Figures.rows(ys.get(0), rows), Scale.DIVERGING),
                        Heat.of("d/d axis 1 via halo", Figures.rows(ys.get(1), rows), Scale.DIVERGING)));
    }

    /**
     * n-d on a grid: a diagonal operator (2-d only) and the first derivative along every axis,
     * each against the serial operator on the whole array; returns the derivatives, or null when
     * the grid leaves a rank without a block.
     */
    private static List<double[]> nD(Communicator comm, Report out, long[] dims, int[] grid, String what) {
        out.section(String.format("%s, dims %s, halo 1, the ranks on the most nearly %s grid", what, Report.shape(dims),
                dims.length == 2 ? "square" : "cubic"));
        out.perRank("   grid %s", Report.shape(toLongs(grid)));
        if (!everyBlockNonEmpty(dims, grid)) {
            out.perRank("   skipped: on this grid some ranks' blocks would be empty (MPIHalo's ceil-first blocks); use a "
                    + "larger array or fewer ranks");
            return null;
        }
        MPIHalo halo = new MPIHalo(dims, 1, grid, comm, DType.FLOAT64);
        shapes(comm, out, halo);
        double[] x = inputNd(dims);
        NdArray global = NdArray.ofFloat64(x, dims);
        DistributedArray xm = halo.toModel(global);
        if (dims.length == 2) {
            long extent = 1;
            for (long e : halo.localExtent()) {
                extent *= e;
            }
            double[] two = new double[(int) extent];
            Arrays.fill(two, 2.0);
            MPILinearOperator diag = halo.sandwich(new Diagonal(NdArray.ofFloat64(two)));
            double[] y = halo.fromModel(diag.matvec(xm)).doubles();
            double[] twice = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                twice[k] = 2 * x[k];
            }
            out.line("   Diagonal(2) on each extended block: max |y - 2 x| = %.1e", maxDiff(y, twice));
        }
        List<double[]> ys = new ArrayList<>();
        for (int axis = 0; axis < dims.length; axis++) {
            MPILinearOperator op = halo.sandwich(new FirstDerivative(halo.localExtent(), axis));
            DistributedArray ym = op.matvec(xm);
            double[] y = halo.fromModel(ym).doubles();
            double[] ref = new FirstDerivative(dims, axis).matvec(global).doubles();
            out.line("   FirstDerivative(axis = %d) on each extended block: norm(2) = %.12f, max |y - serial "
                    + "FirstDerivative(dims, axis = %d) x| = %.1e", axis, ym.norm(), axis, maxDiff(y, ref));
            DerivativeExample.dottest(out, op, xm);
            ys.add(y);
        }
        return ys;
    }

    /** Every rank's block and extended block (PyLops-MPI's "shape before/after haloing"). */
    private static void shapes(Communicator comm, Report out, MPIHalo halo) {
        long[] local = halo.localDims();
        long[] ext = halo.localExtent();
        long[] mine = new long[2 * local.length];
        System.arraycopy(local, 0, mine, 0, local.length);
        System.arraycopy(ext, 0, mine, local.length, ext.length);
        long[][] all = comm.allgatherv(mine);
        int nd = local.length;
        for (int r = 0; r < all.length; r++) {
            out.perRank("   rank %d - shape before/after haloing: %s / %s", r,
                    Report.shape(Arrays.copyOfRange(all[r], 0, nd)),
                    Report.shape(Arrays.copyOfRange(all[r], nd, 2 * nd)));
        }
    }

    /** Whether every rank of {@code grid} gets a non-empty ceil-first block of {@code dims}. */
    static boolean everyBlockNonEmpty(long[] dims, int[] grid) {
        for (int k = 0; k < dims.length; k++) {
            long block = (dims[k] + grid[k] - 1) / grid[k];
            if (block * (grid[k] - 1) >= dims[k]) {
                return false;
            }
        }
        return true;
    }

    private static long[] toLongs(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
        }
        return l;
    }

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
