package org.jlops.mpi.examples;

import java.awt.image.BufferedImage;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.examples.Figures.Heat;
import org.jlops.mpi.examples.Figures.Scale;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIMatrixMult;
import org.jlops.mpi.ops.basic.MPIMatrixMult.Kind;
import org.jlops.mpi.ops.basic.MatrixGrid;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import picocli.CommandLine.Option;

/**
 * What PyLops-MPI's two examples of the distributed matrix product share ({@code plot_matrixmult.py}
 * with the block kind, {@code plot_summamatrixmult.py} with SUMMA), on {@link MPIMatrixMult}:
 * <ol>
 *   <li>the global matrices {@code A} ({@code N × K}) and {@code X} ({@code K × M}), built the same
 *       on every rank, and their shapes;</li>
 *   <li>the active square grid ({@link MatrixGrid#activeGridComm}; ranks left over are inactive, as
 *       in PyLops-MPI) and the part of {@code A}, {@code X} and {@code Y} every rank holds;</li>
 *   <li>the forward product {@code Y = A X} gathered ({@link MPIMatrixMult#fromData}) and compared
 *       with the serial product {@code A X} that rank 0 computes in float64 with plain loops — the
 *       largest difference;</li>
 *   <li>the adjoint {@code X_adj = Aᴴ Y} compared likewise with the serial {@code Aᴴ Y};</li>
 *   <li>a dot-test on random matrices {@code U} ({@code K × M}) and {@code V} ({@code N × M}) drawn
 *       from one seed on every rank and placed with {@link MPIMatrixMult#toModel}/{@link
 *       MPIMatrixMult#toData} (the block kind's adjoint is the adjoint only on vectors whose
 *       replicated column blocks agree, which the library's per-rank random vectors are not);</li>
 *   <li>the chain with which both PyLops-MPI examples end: an {@link MPIBlockDiag} of one serial
 *       operator per rank, on that rank's part of {@code Y}, after the product — compared with the
 *       serial operator on the whole {@code A X};</li>
 *   <li>one figure: which rank (or grid row/column) holds each entry of {@code A}, {@code X} and
 *       {@code Y}, beside their values (PyLops-MPI draws none; its docs draw the layouts as text).</li>
 * </ol>
 *
 * <p>Only the active ranks compute; rank 0, always active, broadcasts the gathered results and its
 * comparisons to every rank, so that every rank — inactive ones too — builds the same report. The
 * inputs are chosen so that every product is exact in its dtype (see the subclasses): the printed
 * matrices, and the largest differences (0), are then the same at every rank count.
 */
abstract class MatrixProductExample extends Example {

    /** Matrices with at most this many rows and columns are printed in full. */
    static final int PRINT_MAX = 8;
    /** The seed of the dot-test's random matrices. */
    static final long DOT_SEED = 42;

    @Option(names = "--n", description = "rows N of A and Y (default ${DEFAULT-VALUE})")
    long n;

    @Option(names = "--k", description = "columns K of A, rows of X (default ${DEFAULT-VALUE})")
    long k;

    @Option(names = "--m", description = "columns M of X and Y (default ${DEFAULT-VALUE})")
    long m;

    /** The example with PyLops-MPI's sizes as defaults. */
    MatrixProductExample(long n, long k, long m) {
        this.n = n;
        this.k = k;
        this.m = m;
    }

    /** The distribution of A, X and Y. */
    abstract Kind kind();

    /** The operator's dtype. */
    abstract DType dtype();

    /** The global {@code N × K} matrix {@code A}, of {@link #dtype()}, the same on every rank. */
    abstract NdArray matrixA(long n, long k);

    /** The global {@code K × M} matrix {@code X}, of {@link #dtype()}, the same on every rank. */
    abstract NdArray matrixX(long k, long m);

    /** One phrase saying how A and X are filled. */
    abstract String inputs();

    /** Decimals of the printed inputs and of the printed products. */
    abstract int[] decimals();

    /** The serial operator of the chain on a {@code rows × cols} part of {@code Y}, of {@link #dtype()}. */
    abstract LocalOperator chainBlock(long rows, long cols);

    /** The chain's serial operator on the whole {@code N × M} matrix, in float64. */
    abstract LocalOperator chainWhole(long n, long m);

    /** How the chain is written, e.g. {@code MPIBlockDiag([Conj(tile)]) @ Aop}. */
    abstract String chainName();

    /** How the chain's serial reference is written, e.g. {@code conj(A X)}. */
    abstract String chainReference();

    /** The relative tolerance of the dot-test and of the comparisons with the serial products. */
    double rtol() {
        return dtype().realType() == DType.FLOAT32 ? 1e-4 : 1e-6;
    }

    /** What every rank holds: (active, grid rank, row, column, A, X, Y tiles, local sizes of x and y). */
    private record Holding(boolean active, int gridRank, int row, int col, MatrixGrid.Tile a, MatrixGrid.Tile x,
            MatrixGrid.Tile y, long xSize, long ySize) {

        long[] pack() {
            return new long[] {active ? 1 : 0, gridRank, row, col, a.rowStart(), a.rowEnd(), a.colStart(), a.colEnd(),
                x.rowStart(), x.rowEnd(), x.colStart(), x.colEnd(), y.rowStart(), y.rowEnd(), y.colStart(), y.colEnd(),
                xSize, ySize};
        }

        static Holding unpack(long[] v) {
            return new Holding(v[0] == 1, (int) v[1], (int) v[2], (int) v[3], new MatrixGrid.Tile(v[4], v[5], v[6], v[7]),
                    new MatrixGrid.Tile(v[8], v[9], v[10], v[11]), new MatrixGrid.Tile(v[12], v[13], v[14], v[15]),
                    v[16], v[17]);
        }
    }

    @Override
    protected final void run(Communicator comm, Report out) {
        Kind kind = kind();
        DType dt = dtype();
        NdArray a = matrixA(n, k);
        NdArray x = matrixX(k, m);
        int[] dec = decimals();
        out.line("   A: %s, X: %s, Y = A X: %s, dtype %s; %s", Report.shape(n, k), Report.shape(k, m),
                Report.shape(n, m), dt.name().toLowerCase(Locale.ROOT), inputs());
        printMatrix(out, "A", values(a), n, k, dec[0]);
        printMatrix(out, "X", values(x), k, m, dec[0]);

        // ------------------------------------------------------------------ the grid and the tiles
        out.section(String.format("the grid: MatrixGrid.activeGridComm(comm, N = %d, M = %d)", n, m));
        MatrixGrid.ActiveGrid g = MatrixGrid.activeGridComm(comm, n, m);
        int side = MatrixGrid.side(comm.size());
        int d = (int) Math.min(Math.min(n, m), side);
        Communicator grid = g.active() ? g.comm() : null;
        MPIMatrixMult op = null;
        DistributedArray xv = null;
        Holding mine;
        if (g.active()) {
            MatrixGrid.Tile ta = aPart(g, grid);
            op = new MPIMatrixMult(ta.of(a), m, grid, MPIMatrixMult.Options.of(kind).withDtype(dt));
            xv = op.toModel(x);
            mine = new Holding(true, g.rank(), g.row(), g.col(), ta, part(k, g, grid), part(n, g, grid),
                    op.modelSizes()[g.rank()], op.dataSizes()[g.rank()]);
        } else {
            MatrixGrid.Tile none = new MatrixGrid.Tile(0, 0, 0, 0);
            mine = new Holding(false, -1, g.row(), g.col(), none, none, none, 0, 0);
        }
        long[][] all = comm.allgatherv(mine.pack());
        Holding[] held = new Holding[all.length];
        for (int r = 0; r < all.length; r++) {
            held[r] = Holding.unpack(all[r]);
        }
        out.perRank("   %d rank%s: a %d x %d grid of %d active rank%s (p' = floor(sqrt(P)) = %d, cut to min(N, M, p') = %d)",
                comm.size(), comm.size() == 1 ? "" : "s", d, d, d * d, d * d == 1 ? "" : "s", side, d);
        for (int r = 0; r < held.length; r++) {
            Holding h = held[r];
            if (!h.active()) {
                out.perRank("   rank %d: inactive (outside the active grid: r / p' = %d, r %% p' = %d)", r, h.row(), h.col());
            } else {
                out.perRank("   rank %d: active, grid rank %d at row %d, column %d: A%s, X%s, Y%s", r, h.gridRank(),
                        h.row(), h.col(), slice(h.a()), slice(h.x()), slice(h.y()));
            }
        }
        out.perRank("   %s", kind == Kind.SUMMA
                ? "SUMMA: rank (i, j) of the grid holds tile (i, j) of A, X and Y (ceil-first blocks)"
                : "BLOCK: grid column j holds rows block j of A (all K columns); grid row i holds columns block i of X "
                        + "and Y, once per rank of the row (mask r % p')");

        // ------------------------------------------------------------------ the products, on the grid
        // rank 0 (always active) sends every rank Y, X_adj, Y1, the relative and absolute largest
        // differences from the serial products, and the dot-test's two dots
        int nm = (int) (n * m);
        int km = (int) (k * m);
        double[] payload = new double[2 * nm + km + 8];
        if (g.active()) {
            DistributedArray y = op.matvec(xv);
            DistributedArray xadj = op.rmatvec(y);
            MPILinearOperator chain = new MPIBlockDiag(List.of(chainBlock(mine.y().rows(), mine.y().cols())), grid,
                    op.modelMask(), dt).times(op);
            DistributedArray y1 = chain.matvec(xv);
            double[] yg = values(op.fromData(y));
            double[] xg = values(op.fromModel(xadj));
            double[] y1g = values(op.fromData(y1));
            Complex[] dots = dottest(op, dt);
            if (comm.rank() == 0) {
                // the serial products, on rank 0: A X and A^H Y with plain loops in float64
                double[] av = values(a);
                double[] yRef = product(av, values(x), (int) n, (int) k, (int) m);
                double[] xRef = adjointProduct(av, yg, (int) n, (int) k, (int) m);
                double[] y1Ref = chainWhole(n, m).matvec(NdArray.ofFloat64(yRef, n, m)).doubles();
                System.arraycopy(yg, 0, payload, 0, nm);
                System.arraycopy(xg, 0, payload, nm, km);
                System.arraycopy(y1g, 0, payload, nm + km, nm);
                double[][] got = {yg, xg, y1g};
                double[][] ref = {yRef, xRef, y1Ref};
                for (int i = 0; i < 3; i++) {
                    double diff = HaloExample.maxDiff(got[i], ref[i]);
                    payload[2 * nm + km + i] = diff / Math.max(maxAbs(ref[i]), Double.MIN_NORMAL);
                    payload[2 * nm + km + 3 + i] = diff;
                }
                payload[2 * nm + km + 6] = dots[0].re();
                payload[2 * nm + km + 7] = dots[1].re();
            }
        }
        comm.bcast(MemorySegment.ofArray(payload), payload.length, Datatype.FLOAT64, 0);
        double[] yg = Arrays.copyOfRange(payload, 0, nm);
        double[] xg = Arrays.copyOfRange(payload, nm, nm + km);
        double[] y1g = Arrays.copyOfRange(payload, nm + km, 2 * nm + km);
        double[] rel = Arrays.copyOfRange(payload, 2 * nm + km, 2 * nm + km + 3);
        double[] abs = Arrays.copyOfRange(payload, 2 * nm + km + 3, 2 * nm + km + 6);
        double yy = payload[2 * nm + km + 6];
        double xx = payload[2 * nm + km + 7];

        out.section(String.format("forward: y = Aop x, i.e. Y = A X (%d x %d)", n, m));
        out.perRank("   Aop = %s", describe(held, kind, d));
        out.perRank("   x: %s; y: %s", vectorText(held, true), vectorText(held, false));
        printMatrix(out, "Y", yg, n, m, dec[1]);
        compare(out, "Y", "A X", rel[0], abs[0], "A X: serial, float64 loops on rank 0");

        out.section(String.format("adjoint: x_adj = Aop^H y, i.e. X_adj = A^H Y (%d x %d)", k, m));
        printMatrix(out, "X_adj", xg, k, m, dec[1]);
        compare(out, "X_adj", "A^H Y", rel[1], abs[1], "A^H Y: serial, float64 loops on rank 0");

        out.section(String.format("dot-test: U (%d x %d), V (%d x %d) uniform in [-1, 1) (seed %d), x = toModel(U), "
                + "y = toData(V)", k, m, n, m, DOT_SEED));
        double err = yy == xx ? 0 : Math.abs(yy - xx) / Math.abs(yy);
        out.line("   dot-test (rtol %.0e): %s", rtol(), err <= rtol() ? "passed" : "FAILED");
        out.perRank("     (A u)^H v = %.12e, u^H (A^H v) = %.12e, relative error %.1e", yy, xx, err);

        out.section("chain: y1 = Op x with Op = " + chainName());
        printMatrix(out, "Y1", y1g, n, m, dec[1]);
        compare(out, "Y1", chainReference(), rel[2], abs[2], chainReference() + ": " + chainWhole(n, m)
                .getClass().getSimpleName() + " on the serial A X, float64, on rank 0");

        Holding[] h = held;
        out.figure(name() + ".png", "which " + (kind == Kind.SUMMA ? "rank" : "grid row or column")
                + " holds each entry of A, X and Y, and their values", () -> figure(h, kind, d, values(a), values(x), yg));
    }

    /** The part of A this active rank passes: its tile (SUMMA) or its grid column's rows block (BLOCK). */
    private MatrixGrid.Tile aPart(MatrixGrid.ActiveGrid g, Communicator grid) {
        if (kind() == Kind.SUMMA) {
            return MatrixGrid.localBlockSplit(n, k, g.rank(), grid);
        }
        int p = MatrixGrid.side(grid.size());
        long rs = MatrixGrid.blockStart(n, p, g.col());
        return new MatrixGrid.Tile(rs, rs + MatrixGrid.blockLength(n, p, g.col()), 0, k);
    }

    /** The part of a {@code rows × M} matrix (X or Y) this active rank holds. */
    private MatrixGrid.Tile part(long rows, MatrixGrid.ActiveGrid g, Communicator grid) {
        if (kind() == Kind.SUMMA) {
            return MatrixGrid.localBlockSplit(rows, m, g.rank(), grid);
        }
        int p = MatrixGrid.side(grid.size());
        long cs = MatrixGrid.blockStart(m, p, g.row());
        return new MatrixGrid.Tile(0, rows, cs, cs + MatrixGrid.blockLength(m, p, g.row()));
    }

    /** {@code <op>} as the operator prints itself, rebuilt from what every rank knows. */
    private String describe(Holding[] held, Kind kind, int d) {
        return String.format("<%dx%d MPIMatrixMult(%s, %dx%d times %dx%d on a %dx%d grid) with dtype=%s>",
                sum(held, false), sum(held, true), kind, n, k, k, m, d, d, dtype());
    }

    private static long sum(Holding[] held, boolean model) {
        long s = 0;
        for (Holding h : held) {
            s += model ? h.xSize() : h.ySize();
        }
        return s;
    }

    /** The global length and the local sizes of the model or data vector. */
    private String vectorText(Holding[] held, boolean model) {
        StringBuilder sizes = new StringBuilder();
        for (Holding h : held) {
            if (h.active()) {
                sizes.append(sizes.isEmpty() ? "" : ", ").append(model ? h.xSize() : h.ySize());
            }
        }
        long total = sum(held, model);
        long entries = (model ? k : n) * m;
        String copies = total == entries ? "" : String.format(" = %d copies of the %d entries of %s (mask r %% p')",
                total / Math.max(entries, 1), entries, model ? "X" : "Y");
        return String.format("%d entries%s, local sizes [%s]", total, copies, sizes);
    }

    /** The comparison lines: the largest difference (depends on the grid in general) and the verdict. */
    private void compare(Report out, String name, String reference, double rel, double abs, String where) {
        out.perRank("   max |%s - %s| = %.1e, relative to max |%s|: %.1e (%s)", name, reference, abs, reference, rel, where);
        out.line("   %s = %s to rounding (relative difference at most %.0e): %s", name, reference, rtol(),
                rel <= rtol() ? "yes" : "NO");
    }

    /**
     * The dot-test on replicated random matrices: {@code (A u)^H v} and {@code u^H (A^H v)}, the
     * same on every active rank. Collective over the grid.
     */
    private Complex[] dottest(MPIMatrixMult op, DType dt) {
        SplittableRandom r = new SplittableRandom(DOT_SEED);
        NdArray u = NdArray.ofFloat64(uniform(r, (int) (k * m)), k, m).astype(dt);
        NdArray v = NdArray.ofFloat64(uniform(r, (int) (n * m)), n, m).astype(dt);
        DistributedArray ud = op.toModel(u);
        DistributedArray vd = op.toData(v);
        Complex yy = op.matvec(ud).dot(vd, true);
        Complex xx = ud.dot(op.rmatvec(vd), true);
        return new Complex[] {yy, xx};
    }

    private static double[] uniform(SplittableRandom r, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = 2 * r.nextDouble() - 1;
        }
        return v;
    }

    /** {@code Y = A X}, row-major, in float64. */
    static double[] product(double[] a, double[] x, int n, int k, int m) {
        double[] y = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += a[i * k + l] * x[l * m + j];
                }
                y[i * m + j] = s;
            }
        }
        return y;
    }

    /** {@code X = Aᵀ Y} for a real {@code A}, row-major, in float64. */
    static double[] adjointProduct(double[] a, double[] y, int n, int k, int m) {
        double[] x = new double[k * m];
        for (int l = 0; l < k; l++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += a[i * k + l] * y[i * m + j];
                }
                x[l * m + j] = s;
            }
        }
        return x;
    }

    /** The values of a real host array as float64. */
    static double[] values(NdArray a) {
        return a.dtype() == DType.FLOAT64 ? a.doubles().clone() : a.astype(DType.FLOAT64).doubles();
    }

    private static double maxAbs(double[] v) {
        double mx = 0;
        for (double e : v) {
            mx = Math.max(mx, Math.abs(e));
        }
        return mx;
    }

    /** {@code [rs:re, cs:ce] (rows x cols)}, NumPy's slice of a tile. */
    private static String slice(MatrixGrid.Tile t) {
        return String.format("[%d:%d, %d:%d] (%d x %d)", t.rowStart(), t.rowEnd(), t.colStart(), t.colEnd(), t.rows(),
                t.cols());
    }

    /** A matrix's Frobenius norm and, when small, its rows ({@code NAME[i, :] = [...]}). Same at every rank count. */
    private static void printMatrix(Report out, String name, double[] v, long rows, long cols, int decimals) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        boolean full = rows <= PRINT_MAX && cols <= PRINT_MAX;
        out.line("   %s: %s, ||%s||_F = %.6f%s", name, Report.shape(rows, cols), name, Math.sqrt(s),
                full ? "" : " (rows not printed: larger than " + PRINT_MAX + " x " + PRINT_MAX + ")");
        if (!full) {
            return;
        }
        int width = 0;
        for (double e : v) {
            width = Math.max(width, Report.num(e, decimals).length());
        }
        for (int i = 0; i < rows; i++) {
            String label = String.format(Locale.ROOT, "     %s[%d, :] = ", name, i);
            out.line("%s%s", label, Report.vector(Arrays.copyOfRange(v, (int) (i * cols), (int) ((i + 1) * cols)),
                    decimals, label.length(), width));
        }
    }

    /**
     * The figure: the owners of the entries of A, X and Y (ranks for SUMMA; grid column and row
     * for BLOCK, whose blocks live on every rank of a grid column or row) above their values.
     */
    private BufferedImage figure(Holding[] held, Kind kind, int d, double[] av, double[] xv, double[] yv) {
        double[][] ownA = new double[(int) n][(int) k];
        double[][] ownX = new double[(int) k][(int) m];
        double[][] ownY = new double[(int) n][(int) m];
        for (int r = 0; r < held.length; r++) {
            Holding h = held[r];
            if (h.active()) {
                fill(ownA, h.a(), kind == Kind.SUMMA ? r : h.col());
                fill(ownX, h.x(), kind == Kind.SUMMA ? r : h.row());
                fill(ownY, h.y(), kind == Kind.SUMMA ? r : h.row());
            }
        }
        Scale owner = kind == Kind.SUMMA ? Scale.RANKS : Scale.GROUPS;
        String title = kind == Kind.SUMMA
                ? String.format("MPIMatrixMult(SUMMA) on a %d x %d grid: rank (i, j) holds tile (i, j) of A, X and Y", d, d)
                : String.format("MPIMatrixMult(BLOCK) on a %d x %d grid: grid column j holds rows block j of A, "
                        + "grid row i columns block i of X and Y", d, d);
        String aOwner = kind == Kind.SUMMA ? "A: the rank holding each tile" : "A: rows block j, on grid column j";
        String xOwner = kind == Kind.SUMMA ? "X: the rank holding each tile" : "X: columns block i, on grid row i";
        String yOwner = kind == Kind.SUMMA ? "Y: the rank holding each tile" : "Y: columns block i, on grid row i";
        return Figures.heatmaps(title, 3, matrix(aOwner, ownA, owner), matrix(xOwner, ownX, owner),
                matrix(yOwner, ownY, owner), matrix("A", Figures.rows(av, (int) n), Scale.SEQUENTIAL),
                matrix("X", Figures.rows(xv, (int) k), Scale.SEQUENTIAL),
                matrix("Y = A X", Figures.rows(yv, (int) n), Scale.SEQUENTIAL));
    }

    private static Heat matrix(String title, double[][] values, Scale scale) {
        return new Heat(title, values, "column", "row", scale, Double.NaN, Double.NaN);
    }

    private static void fill(double[][] own, MatrixGrid.Tile t, int value) {
        for (long i = t.rowStart(); i < t.rowEnd(); i++) {
            for (long j = t.colStart(); j < t.colEnd(); j++) {
                own[(int) i][(int) j] = value;
            }
        }
    }
}
