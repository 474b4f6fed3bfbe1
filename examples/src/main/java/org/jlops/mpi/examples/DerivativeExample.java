package org.jlops.mpi.examples;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.examples.Figures.Heat;
import org.jlops.mpi.examples.Figures.Scale;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.Dottest;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.basic.MPIGradient;
import org.jlops.mpi.ops.basic.MPILaplacian;
import org.jlops.mpi.ops.basic.MPISecondDerivative;
import org.jlops.mpi.ops.serial.DerivativeKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * PyLops-MPI's {@code plot_derivative}: the distributed derivatives along axis 0 (the axis the
 * ranks split, so ghost rows cross the ranks' boundaries) applied to a unit spike in the middle of
 * a 2-d array — {@link MPIFirstDerivative} and {@link MPISecondDerivative} on 11×21,
 * {@link MPILaplacian} on 12×21 with weights (1, 1) and (3, 1), and {@link MPIGradient} forward
 * (a stacked array of the two directional derivatives) and adjoint. For each: the output's row
 * slabs per rank, the values around the spike, its norm and the dot-test; a figure of the input and
 * the outputs.
 *
 * <p>Every value is the same at every rank count, bit for bit: the products are the serial
 * stencils (ghost rows fetched from further ranks where a rank holds too few rows) and the norms
 * are sums in a fixed order.
 */
@Command(name = "derivative", mixinStandardHelpOptions = true,
        description = "First and second derivatives, Laplacian and gradient of a spike, distributed along axis 0.")
public final class DerivativeExample extends Example {

    @Option(names = "--nx", description = "rows (axis 0, distributed; default ${DEFAULT-VALUE}, the Laplacian and gradient use nx + 1)")
    int nx = 11;

    @Option(names = "--ny", description = "columns (axis 1; default ${DEFAULT-VALUE})")
    int ny = 21;

    /** Runs the example (see {@link Example}). */
    public static void main(String[] args) {
        main(new DerivativeExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_derivative.py";
    }

    @Override
    public String summary() {
        return "first and second derivative, Laplacian and gradient of a spike, along the distributed axis 0";
    }

    /** A {@code rows × cols} array with a unit spike at {@code (rows / 2, cols / 2)}. */
    static NdArray spike(int rows, int cols) {
        NdArray x = NdArray.zeros(DType.FLOAT64, rows, cols);
        x.set((long) (rows / 2) * cols + cols / 2, 1.0);
        return x;
    }

    @Override
    protected void run(Communicator comm, Report out) {
        NdArray spike = spike(nx, ny);
        DistributedArray x = DistributedArray.toDist(spike.ravel(), comm);
        long[] dims = {nx, ny};

        out.section(String.format("first derivative along axis 0: MPIFirstDerivative(dims = (%d, %d)), centered, order 3", nx, ny));
        MPIFirstDerivative d1 = new MPIFirstDerivative(dims, comm);
        DistributedArray y1 = d1.matvec(x);
        double[] v1 = product(out, "D", d1, x, y1, d1.rowCounts());
        out.figure("derivative-first.png", "x and y = D x", () -> Figures.heatmaps(
                "First derivative along axis 0", 2, Heat.of("x", Figures.rows(spike.doubles(), nx), Scale.DIVERGING),
                Heat.of("y", Figures.rows(v1, nx), Scale.DIVERGING)));

        out.section(String.format("second derivative along axis 0: MPISecondDerivative(dims = (%d, %d)), centered", nx, ny));
        MPISecondDerivative d2 = new MPISecondDerivative(dims, comm);
        DistributedArray y2 = d2.matvec(x);
        double[] v2 = product(out, "D2", d2, x, y2, d2.rowCounts());
        out.figure("derivative-second.png", "x and y = D2 x", () -> Figures.heatmaps(
                "Second derivative along axis 0", 2, Heat.of("x", Figures.rows(spike.doubles(), nx), Scale.DIVERGING),
                Heat.of("y", Figures.rows(v2, nx), Scale.DIVERGING)));

        int lx = nx + 1;
        long[] ldims = {lx, ny};
        NdArray lspike = spike(lx, ny);
        DistributedArray lxd = DistributedArray.toDist(lspike.ravel(), comm);
        out.section(String.format("Laplacian over axes (0, 1): MPILaplacian(dims = (%d, %d)), weights (1, 1) and (3, 1)", lx, ny));
        MPILaplacian sym = laplacian(ldims, 1, comm);
        MPILaplacian asym = laplacian(ldims, 3, comm);
        out.line("   symmetric, weights (1, 1):");
        double[] vs = product(out, "L", sym, lxd, sym.matvec(lxd), sym.rowCounts());
        out.line("   asymmetric, weights (3, 1):");
        double[] va = product(out, "L", asym, lxd, asym.matvec(lxd), asym.rowCounts());
        out.figure("derivative-laplacian.png", "x, y symmetric, y asymmetric", () -> Figures.heatmaps(
                "Laplacian", 3, Heat.of("x", Figures.rows(lspike.doubles(), lx), Scale.DIVERGING),
                Heat.of("y sym (weights 1, 1)", Figures.rows(vs, lx), Scale.DIVERGING),
                Heat.of("y asym (weights 3, 1)", Figures.rows(va, lx), Scale.DIVERGING)));

        out.section(String.format("gradient: MPIGradient(dims = (%d, %d)), forward (a stack of 2 arrays) and adjoint", lx, ny));
        MPIGradient g = new MPIGradient(ldims, 1.0, false, DerivativeKind.CENTERED, comm, DType.FLOAT64);
        DistributedVector gy = g.matvec(lxd);
        StackedDistributedArray stack = (StackedDistributedArray) gy;
        double[] gAll = gy.asArray().doubles();
        int n = lx * ny;
        double[] g0 = Arrays.copyOfRange(gAll, 0, n);
        double[] g1 = Arrays.copyOfRange(gAll, n, 2 * n);
        out.line("   y = G x: a StackedDistributedArray of %d components of %d entries each, norm(2) = %.12f",
                stack.narrays(), n, gy.norm(2));
        for (int c = 0; c < stack.narrays(); c++) {
            long[][] shapes = ((DistributedArray) stack.get(c)).localShapes();
            StringBuilder s = new StringBuilder();
            for (long[] sh : shapes) {
                s.append(s.isEmpty() ? "" : ", ").append(sh[0] / ny);
            }
            out.perRank("   component %d: rows per rank %s", c, s);
        }
        out.line("   y, 1st direction (d/d axis 0) around the spike:");
        around(out, g0, lx, ny);
        out.line("   y, 2nd direction (d/d axis 1) around the spike:");
        around(out, g1, lx, ny);
        DistributedArray xadj = (DistributedArray) g.rmatvec(gy);
        double[] va2 = xadj.asArray().doubles();
        out.line("   x_adj = G^H y around the spike (norm(2) = %.12f):", xadj.norm());
        around(out, va2, lx, ny);
        dottest(out, g, lxd);
        out.figure("derivative-gradient.png", "x, the two directions of y = G x, x_adj = G^H y", () -> Figures.heatmaps(
                "Gradient", 2, Heat.of("x", Figures.rows(lspike.doubles(), lx), Scale.DIVERGING),
                Heat.of("y - 1st direction (axis 0)", Figures.rows(g0, lx), Scale.DIVERGING),
                Heat.of("x_adj = G^H y", Figures.rows(va2, lx), Scale.DIVERGING),
                Heat.of("y - 2nd direction (axis 1)", Figures.rows(g1, lx), Scale.DIVERGING)));
    }

    private static MPILaplacian laplacian(long[] dims, double weight0, Communicator comm) {
        return new MPILaplacian(dims, new int[] {0, 1}, new double[] {weight0, 1}, new double[] {1, 1}, false,
                DerivativeKind.CENTERED, comm, DType.FLOAT64);
    }

    /** Prints the output's row slabs, the values around the spike, its norm and the dot-test; returns y gathered. */
    private double[] product(Report out, String name, DistributedOperator<DistributedArray> op, DistributedArray x,
            DistributedArray y, long[] rowCounts) {
        int rows = (int) (x.globalSize() / ny);
        StringBuilder s = new StringBuilder();
        for (long c : rowCounts) {
            s.append(s.isEmpty() ? "" : ", ").append(c);
        }
        out.perRank("   y = %s x: row slabs of the balanced axis-0 split, rows per rank %s", name, s);
        double[] v = y.asArray().doubles();
        out.line("   y around the spike (rows %d..%d, columns %d..%d), norm(2) = %.12f:", rows / 2 - 2, rows / 2 + 2,
                ny / 2 - 2, ny / 2 + 2, y.norm());
        around(out, v, rows, ny);
        dottest(out, op, x);
        return v;
    }

    /** The 5×5 values centred on the spike. */
    private static void around(Report out, double[] v, int rows, int cols) {
        for (int i = rows / 2 - 2; i <= rows / 2 + 2; i++) {
            double[] row = new double[5];
            for (int j = 0; j < 5; j++) {
                row[j] = v[i * cols + cols / 2 - 2 + j];
            }
            out.line("     row %2d: %s", i, Report.vector(row, 4, 13, 7));
        }
    }

    /** The dot-test verdict (same at every rank count) and its numbers (drawn per rank, so they change with it). */
    static <V extends DistributedVector> void dottest(Report out, DistributedOperator<V> op, DistributedVector like) {
        Dottest.Result r = Dottest.check(op, like, 42);
        out.line("   dot-test (rtol %.0e): %s", r.rtol(), r.passed() ? "passed" : "FAILED");
        out.perRank("     (A u)^H v = %.12e, u^H (A^H v) = %.12e, relative error %.1e", r.yy().re(), r.xx().re(),
                r.relativeError());
    }
}
