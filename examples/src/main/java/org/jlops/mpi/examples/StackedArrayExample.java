package org.jlops.mpi.examples;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.StackedDistributedArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.stack.MPIStackedVStack;
import org.jlops.mpi.solvers.CglsResult;
import org.jlops.mpi.solvers.Solvers;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * PyLops-MPI's {@code plot_stacked_array}: {@link StackedDistributedArray} joins distributed
 * arrays into one vector — built from two arrays (10 and 4 entries per block), gathered, modified
 * in place on the ranks that hold its first 10 entries, combined with a second stack (negation,
 * addition, subtraction, multiplication, dot and the 0, 1, 2 and ∞ norms, each beside the same
 * quantity computed serially on the gathered arrays); then {@link MPIStackedVStack} of two
 * block-diagonal operators (5×10 ones and 8×10 twos per block) maps one array to a stack, and CGLS
 * inverts it from that stack; last, a nested stack (a stack inside a stack) with the same
 * arithmetic. Figures: the stacked vectors, and the data and inversion of the stacked operator.
 *
 * <p>PyLops-MPI sizes the arrays with the rank count (10 and 4 entries per rank) and modifies rank
 * 0's part; here they have {@code --blocks} blocks (default 4, PyLops-MPI's arrays at 4 ranks) and
 * the first 10 entries are modified wherever they live, so every value is the same at every rank
 * count.
 */
@Command(name = "stacked_array", mixinStandardHelpOptions = true,
        description = "StackedDistributedArray: arithmetic, dot, norms, MPIStackedVStack and CGLS, nested stacks.")
public final class StackedArrayExample extends Example {

    /** CGLS iterations. */
    static final int NITER = 15;
    /** CGLS tolerance. */
    static final double TOL = 1e-10;

    @Option(names = "--blocks", description = "blocks of 10 (and 4, 2) entries in the arrays (default ${DEFAULT-VALUE})")
    int blocks = 4;

    /** Runs the example (see {@link Example}). */
    public static void main(String[] args) {
        main(new StackedArrayExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_stacked_array.py";
    }

    @Override
    public String summary() {
        return "StackedDistributedArray arithmetic, dot and norms; MPIStackedVStack and CGLS; nested stacks";
    }

    /** A SCATTER array of {@code n} entries, all {@code value}. */
    private static DistributedArray filled(Communicator comm, long n, double value) {
        DistributedArray a = DistributedArray.builder(comm, n).build();
        a.fill(value);
        return a;
    }

    @Override
    protected void run(Communicator comm, Report out) {
        out.section("two arrays of " + 10 * blocks + " and " + 4 * blocks + " entries (all 1, all 2), stacked");
        DistributedArray sub1 = filled(comm, 10L * blocks, 1);
        DistributedArray sub2 = filled(comm, 4L * blocks, 2);
        StackedDistributedArray arr1 = StackedDistributedArray.of(sub1, sub2);
        describe(out, arr1);
        out.values("   arr1.asArray()          = ", arr1.asArray().doubles(), 0);
        setFirst(sub1, 10, 10.0);
        double[] full1 = arr1.asArray().doubles();
        out.line("   arr1 with its first 10 entries set to 10 (PyLops-MPI: rank 0's part of component 0, the same at 4 ranks)");
        out.values("   arr1.asArray()          = ", full1, 0);

        out.section("a second stack, arr2 = [all 5, all 6], and arithmetic");
        StackedDistributedArray arr2 = StackedDistributedArray.of(filled(comm, 10L * blocks, 5), filled(comm, 4L * blocks, 6));
        double[] full2 = arr2.asArray().doubles();
        out.values("   arr2.asArray()          = ", full2, 0);
        StackedDistributedArray neg = arr1.negate();
        StackedDistributedArray sum = arr1.add(arr2);
        StackedDistributedArray sub = arr1.subtract(arr2);
        StackedDistributedArray mul = arr1.multiply(arr2);
        out.values("   -arr1                   = ", neg.asArray().doubles(), 0);
        out.values("   arr1 + arr2             = ", sum.asArray().doubles(), 0);
        out.values("   arr1 - arr2             = ", sub.asArray().doubles(), 0);
        out.values("   arr1 * arr2             = ", mul.asArray().doubles(), 0);
        double dot = arr1.dot(arr2, false).re();
        out.line("   arr1.dot(arr2)          = %s   serial dot of the gathered arrays = %s", Report.num(dot, 1),
                Report.num(serialDot(full1, full2), 1));
        double[] ords = {0, 1, 2, Double.POSITIVE_INFINITY};
        String[] names = {"L0", "L1", "L2", "Linf"};
        for (int i = 0; i < ords.length; i++) {
            out.line("   %-4s norm of arr1       = %-14s serial = %s", names[i], Report.num(arr1.norm(ords[i]), 6),
                    Report.num(serialNorm(full1, ords[i]), 6));
        }
        double[] fsum = sum.asArray().doubles();
        double[] fsub = sub.asArray().doubles();
        double[] fmul = mul.asArray().doubles();
        out.figure("stacked-array.png", "the stacked vectors and their sum, difference and product", () -> {
            XYChart c = Figures.lines("Stacked arrays: component 0 (" + 10 * blocks + " entries) | component 1 ("
                    + 4 * blocks + " entries)", "global index in the stacked vector", "value", 1000, 460);
            Figures.steps(c, "arr1 (first 10 entries set to 10)", full1, new Color(31, 119, 180), 2.5f);
            Figures.steps(c, "arr2", full2, new Color(255, 127, 14), 2.5f);
            Figures.steps(c, "arr1 + arr2", fsum, new Color(44, 160, 44), 1.5f);
            Figures.steps(c, "arr1 - arr2", fsub, new Color(214, 39, 40), 1.5f);
            Figures.steps(c, "arr1 * arr2", fmul, new Color(148, 103, 189), 1.5f);
            c.addAnnotation(new AnnotationLine(10 * blocks, true, false));
            c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            return Figures.image(c);
        });

        stackedOperator(comm, out);
        nested(comm, out);
    }

    /** Sets the entries of global index below {@code count} to {@code value}, each rank in its own block. */
    static void setFirst(DistributedArray a, long count, double value) {
        long start = 0;
        long[][] shapes = a.localShapes();
        for (int r = 0; r < a.rank(); r++) {
            start += shapes[r][0];
        }
        NdArray local = a.localArray();
        for (long k = 0; k < local.size() && start + k < count; k++) {
            local.set(k, value);
        }
    }

    private static void describe(Report out, StackedDistributedArray s) {
        out.line("   %d components, global shapes %s", s.narrays(), shapes(s));
        for (int i = 0; i < s.narrays(); i++) {
            DistributedVector c = s.get(i);
            if (c instanceof DistributedArray a) {
                StringBuilder b = new StringBuilder();
                for (long[] sh : a.localShapes()) {
                    b.append(b.isEmpty() ? "" : ", ").append(sh[0]);
                }
                out.perRank("   component %d: local sizes by rank %s", i, b);
            }
        }
    }

    private static String shapes(StackedDistributedArray s) {
        List<String> l = new ArrayList<>();
        for (DistributedVector c : s.arrays()) {
            l.add(c instanceof StackedDistributedArray n ? "[" + shapes(n) + "]" : Report.shape(c.globalSize()));
        }
        return String.join(", ", l);
    }

    static double serialDot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** NumPy's {@code linalg.norm(v, ord)} for ord 0, 1, 2 and inf. */
    static double serialNorm(double[] v, double ord) {
        double s = 0;
        for (double e : v) {
            s = ord == 0 ? s + (e != 0 ? 1 : 0) : ord == 1 ? s + Math.abs(e) : ord == 2 ? s + e * e : Math.max(s, Math.abs(e));
        }
        return ord == 2 ? Math.sqrt(s) : s;
    }

    private void stackedOperator(Communicator comm, Report out) {
        out.section("MPIStackedVStack([MPIBlockDiag(5x10 ones per block), MPIBlockDiag(8x10 twos per block)]), "
                + blocks + " blocks");
        int[] mine = myBlocks(blocks, comm);
        List<LocalOperator> ones = new ArrayList<>();
        List<LocalOperator> twos = new ArrayList<>();
        double[] a1 = new double[5 * 10];
        double[] a2 = new double[8 * 10];
        Arrays.fill(a1, 1.0);
        Arrays.fill(a2, 2.0);
        for (int k = mine[0]; k < mine[1]; k++) {
            ones.add(MatrixMult.ofFloat64(a1, 5, 10));
            twos.add(MatrixMult.ofFloat64(a2, 8, 10));
        }
        MPIStackedVStack op = new MPIStackedVStack(List.of(new MPIBlockDiag(ones, comm), new MPIBlockDiag(twos, comm)));
        out.perRank("   blocks per rank: %s", blocksPerRank(blocks, comm));
        out.line("   %s", op);
        DistributedArray x = filled(comm, 10L * blocks, 1);
        DistributedVector y = op.matvec(x);
        double[] yv = y.asArray().doubles();
        out.values(String.format("   x = ones(%d); y = Op x, a stack of %d + %d: ", 10 * blocks, 5 * blocks, 8 * blocks), yv, 0);
        DistributedVector xadj = op.rmatvec(y);
        out.values(String.format("   x_adj = Op^H y (%d entries): ", xadj.globalSize()), xadj.asArray().doubles(), 0);
        DerivativeExample.dottest(out, op, x);
        CglsResult<DistributedVector> inv = Solvers.cgls(op, y, null, NITER, 0.0, TOL);
        double[] xinv = inv.x().asArray().doubles();
        out.line("   x_inv = CGLS(Op, y, x0 = 0, niter = %d, tol = %.0e): %d iteration%s, istop %d, ||y - Op x_inv|| = %.3e",
                NITER, TOL, inv.iterations(), inv.iterations() == 1 ? "" : "s", inv.istop(), inv.r1norm());
        out.values("   x_inv = ", xinv, 6);
        out.line("   residual norm by iteration: %s", costs(inv.cost()));
        out.figure("stacked-array-inversion.png", "the stacked data y and the CGLS inversion", () -> {
            XYChart data = Figures.lines("Data y = Op x: component 0 (" + 5 * blocks + ") | component 1 (" + 8 * blocks
                    + ")", "global index in the stacked vector", "value", 620, 420);
            Figures.steps(data, "y", yv, new Color(31, 119, 180), 2f);
            data.addAnnotation(new AnnotationLine(5 * blocks, true, false));
            data.getStyler().setYAxisMin(0.0).setYAxisMax(25.0).setLegendPosition(
                    Styler.LegendPosition.InsideNW);
            XYChart model = Figures.lines("Model and CGLS inversion (" + inv.iterations() + " iteration"
                    + (inv.iterations() == 1 ? ")" : "s)"), "index",
                    "value", 620, 420);
            double[] ix = Figures.indices(xinv.length);
            double[] ones1 = new double[xinv.length];
            Arrays.fill(ones1, 1.0);
            Figures.line(model, "x (true)", ix, ones1, Color.BLACK, 2.5f);
            Figures.markers(model, "x_inv", ix, xinv, new Color(214, 39, 40));
            model.getStyler().setYAxisMin(0.0).setYAxisMax(1.5);
            return Figures.grid("MPIStackedVStack: data and inversion", 2, List.of(Figures.image(data), Figures.image(model)));
        });
    }

    /** A cost history in short scientific notation. */
    static String costs(double[] cost) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < cost.length; i++) {
            b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3e", cost[i]));
        }
        return b.append(']').toString();
    }

    private void nested(Communicator comm, Report out) {
        out.section("a nested stack: arr3 = [[all 5 (" + 10 * blocks + "), all 6 (" + 4 * blocks + ")], all 7 ("
                + 2 * blocks + ")]");
        StackedDistributedArray arr12 = StackedDistributedArray.of(filled(comm, 10L * blocks, 5), filled(comm, 4L * blocks, 6));
        StackedDistributedArray arr3 = StackedDistributedArray.of(arr12, filled(comm, 2L * blocks, 7));
        out.line("   %d components, global shapes %s", arr3.narrays(), shapes(arr3));
        out.values("   arr3.asArray()          = ", arr3.asArray().doubles(), 0);
        out.values("   -arr3                   = ", arr3.negate().asArray().doubles(), 0);
        out.values("   arr3 + arr3             = ", arr3.add(arr3).asArray().doubles(), 0);
        out.values("   arr3 - arr3             = ", arr3.subtract(arr3).asArray().doubles(), 0);
    }
}
