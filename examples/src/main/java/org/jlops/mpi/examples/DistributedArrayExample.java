package org.jlops.mpi.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.examples.Figures.Heat;
import org.jlops.mpi.examples.Figures.Scale;
import picocli.CommandLine.Command;

/**
 * PyLops-MPI's {@code plot_distributed_array}: a 10×5 array split over the ranks along axis 0,
 * along axis 1 and with explicit local shapes (the figure of each shows the values and which rank
 * owns each element); {@code toDist} of a global array and the element-wise arithmetic (scaling,
 * addition, in-place addition, subtraction, multiplication); then arrays with a mask — ranks in
 * groups that hold copies of the same data — whose {@code dot} and {@code norm} count each copy
 * once, checked against a serial computation on one group's part, for a 1-d array and 2-d arrays
 * split along axis 1 and axis 0.
 *
 * <p>The arrays are filled with their global positions (PyLops-MPI fills each rank's block with
 * {@code arange} from {@code rank · local size}, which overlaps for uneven splits), so the values,
 * the arithmetic and the unmasked norms are the same at every rank count and only the layout
 * lines change. The masked part depends on the rank count by design (one block of 5 per rank).
 */
@Command(name = "distributed_array", mixinStandardHelpOptions = true,
        description = "DistributedArray: splits along axis 0 and 1, explicit local shapes, arithmetic, masks.")
public final class DistributedArrayExample extends Example {

    /** The global shape of the first part. */
    static final long[] SHAPE = {10, 5};
    /** Elements per rank of the masked arrays. */
    static final int MASK_LOCAL = 5;
    /** Groups asked for in the masked part ({@code nsub}). */
    static final int NSUB = 2;

    /** Runs the example (see {@link Example}). */
    public static void main(String[] args) {
        main(new DistributedArrayExample(), args);
    }

    @Override
    public String pylopsName() {
        return "examples/plot_distributed_array.py";
    }

    @Override
    public String summary() {
        return "a 10x5 array split along axis 0, axis 1 and by explicit local shapes; arithmetic; masked dot and norm";
    }

    @Override
    protected void run(Communicator comm, Report out) {
        int p = comm.size();
        out.section("a 10x5 array, SCATTER along axis 0 (balanced split: the first ranks get one more row)");
        DistributedArray a0 = DistributedArray.builder(comm, SHAPE).axis(0).build();
        fillWithGlobalIndex(a0);
        describe(out, a0, "distributed-array-axis0.png", "split along axis 0");

        out.section("the same array, SCATTER along axis 1");
        DistributedArray a1 = DistributedArray.builder(comm, SHAPE).axis(1).build();
        fillWithGlobalIndex(a1);
        describe(out, a1, "distributed-array-axis1.png", "split along axis 1");

        out.section("explicit local shapes along axis 0 (here the last rank takes the remainder)");
        long[][] shapes = new long[p][];
        for (int r = 0; r < p; r++) {
            long rows = SHAPE[0] / p + (r == p - 1 ? SHAPE[0] % p : 0);
            shapes[r] = new long[] {rows, SHAPE[1]};
        }
        DistributedArray a2 = DistributedArray.builder(comm, SHAPE).axis(0).localShapes(shapes).build();
        fillWithGlobalIndex(a2);
        describe(out, a2, "distributed-array-local-shapes.png", "explicit local shapes along axis 0");

        arithmetic(comm, out);
        masked(comm, out);
    }

    /** Sets every element to its global row-major position (each rank writes its own block). */
    static void fillWithGlobalIndex(DistributedArray a) {
        long[][] shapes = a.localShapes();
        int axis = a.axis();
        long start = 0;
        for (int r = 0; r < a.rank(); r++) {
            start += shapes[r][axis];
        }
        long[] local = shapes[a.rank()];
        long[] global = a.globalShape();
        NdArray block = a.localArray();
        for (long f = 0; f < block.size(); f++) {
            long i = f / local[1];
            long j = f % local[1];
            long gi = axis == 0 ? i + start : i;
            long gj = axis == 1 ? j + start : j;
            block.set(f, gi * global[1] + gj);
        }
    }

    /** The array of {@code a}'s layout whose entries are the owning rank (PyLops-MPI's ownership map). */
    static DistributedArray owners(DistributedArray a) {
        DistributedArray o = a.emptyLike();
        o.fill(a.rank());
        return o;
    }

    private static void describe(Report out, DistributedArray a, String file, String how) {
        long[][] shapes = a.localShapes();
        for (int r = 0; r < shapes.length; r++) {
            out.perRank("   rank %d: local shape %s", r, Report.shape(shapes[r]));
        }
        double[] all = a.asArray().doubles();
        double[] own = owners(a).asArray().doubles();
        boolean ok = true;
        for (int k = 0; k < all.length; k++) {
            ok &= all[k] == k;
        }
        out.line("   asArray(): global shape %s, entries 0..%d in row-major order: %s", Report.shape(a.globalShape()),
                all.length - 1, ok ? "yes" : "NO");
        out.line("   norm(2) = %.10f   norm(1) = %.1f   norm(inf) = %.1f", a.norm(), a.norm(1), a.norm(Double.POSITIVE_INFINITY));
        int rows = (int) SHAPE[0];
        out.figure(file, "values and owning rank, " + how, () -> Figures.heatmaps(
                "A 10x5 distributed array, " + how + " (" + shapes.length + " ranks)", 2,
                Heat.of("values", Figures.rows(all, rows), Scale.SEQUENTIAL),
                Heat.of("rank owning each element", Figures.rows(own, rows), Scale.RANKS)));
    }

    private static void arithmetic(Communicator comm, Report out) {
        out.section("toDist of arange(50)/50 reshaped (10, 5), along axis 1; arr2 = arr1 / 2; element-wise arithmetic");
        int n = (int) (SHAPE[0] * SHAPE[1]);
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            values[k] = k / (double) n;
        }
        DistributedArray arr1 = DistributedArray.toDist(NdArray.ofFloat64(values, SHAPE), comm, Partition.SCATTER, 1);
        for (int k = 0; k < n; k++) {
            values[k] /= 2.0;
        }
        DistributedArray arr2 = DistributedArray.toDist(NdArray.ofFloat64(values, SHAPE), comm, Partition.SCATTER, 1);
        DistributedArray scaled = arr1.multiply(0.5);
        DistributedArray sum = arr1.add(arr2);
        DistributedArray sumTwice = arr1.add(arr2).iadd(arr2);
        DistributedArray diff = arr1.subtract(arr2);
        DistributedArray prod = arr1.multiply(arr2);
        String[] names = {"arr1", "arr2", "0.5 * arr1", "arr1 + arr2", "(arr1 + arr2) += arr2", "arr1 - arr2",
            "arr1 * arr2"};
        DistributedArray[] arrays = {arr1, arr2, scaled, sum, sumTwice, diff, prod};
        List<Heat> panels = new ArrayList<>();
        for (int i = 0; i < arrays.length; i++) {
            double[] v = arrays[i].asArray().doubles();
            out.line("   %-22s row 0 = %s   row 9 = %s   norm(2) = %.10f", names[i],
                    Report.vector(Arrays.copyOfRange(v, 0, 5), 4, 0),
                    Report.vector(Arrays.copyOfRange(v, n - 5, n), 4, 0), arrays[i].norm());
            panels.add(Heat.of(names[i], Figures.rows(v, (int) SHAPE[0]), Scale.SEQUENTIAL).range(0, 1));
        }
        double[] own = owners(arr1).asArray().doubles();
        panels.add(0, Heat.of("rank owning each element", Figures.rows(own, (int) SHAPE[0]), Scale.RANKS));
        out.figure("distributed-array-arithmetic.png", "the operands and results (colour range 0..1) beside the split",
                () -> Figures.heatmaps("Element-wise arithmetic on arrays split along axis 1", 4,
                        panels.toArray(Heat[]::new)));
    }

    /**
     * PyLops-MPI's masked arrays: ranks in groups of {@code subsize = max(1, P / nsub)}, rank r in
     * group {@code r / subsize}, and rank r's block filled with {@code r % subsize + 1}, so every
     * group holds the same values.
     */
    private static void masked(Communicator comm, Report out) {
        int p = comm.size();
        int rank = comm.rank();
        int subsize = Math.max(1, p / NSUB);
        out.section("masked arrays: one block of " + MASK_LOCAL + " per rank, ranks in groups that hold copies of the same data");
        if (p % subsize != 0) {
            out.perRank("   skipped: %d ranks do not form groups of %d", p, subsize);
            return;
        }
        int[] mask = new int[p];
        for (int r = 0; r < p; r++) {
            mask[r] = r / subsize;
        }
        int group = rank / subsize;
        long glen = (long) MASK_LOCAL * p;
        long lo = (long) MASK_LOCAL * subsize * group;
        long hi = lo + (long) MASK_LOCAL * subsize;
        out.perRank("   mask = %s (%d group%s of %d rank%s)", Arrays.toString(mask), p / subsize,
                p / subsize == 1 ? "" : "s", subsize, subsize == 1 ? "" : "s");

        out.perRank("   1-d, global shape (%d,)", glen);
        DistributedArray x = DistributedArray.builder(comm, glen).mask(mask).build();
        x.fill(rank % subsize + 1.0);
        double[] xloc = x.asArray().doubles();
        double[] xmasked = x.asArray(true).doubles();
        out.perRankValues("   asArray()            (with the repeated parts) = ", xloc, 0);
        out.perRankValues("   asArray(masked=true) (one group's part)        = ", xmasked, 0);
        double dot = x.dot(x, false).re();
        double norm = x.norm();
        double dotloc = 0;
        for (long k = lo; k < hi; k++) {
            dotloc += xloc[(int) k] * xloc[(int) k];
        }
        perRankChecks(comm, out, dot, dotloc, norm, Math.sqrt(dotloc));

        out.perRank("   2-d, global shape (2, %d), SCATTER along axis 1; norm along axis 1", glen);
        DistributedArray y = DistributedArray.builder(comm, 2, glen).axis(1).mask(mask).build();
        y.fill(rank % subsize + 1.0);
        double[] yloc = y.asArray().doubles();
        double ydot = y.dot(y, false).re();
        double[] ynorm = y.norm(2, 1).doubles();
        double[] rowsq = new double[2];
        for (int i = 0; i < 2; i++) {
            for (long k = lo; k < hi; k++) {
                double v = yloc[(int) (i * glen + k)];
                rowsq[i] += v * v;
            }
        }
        perRankChecks(comm, out, ydot, rowsq[0] + rowsq[1], ynorm, new double[] {Math.sqrt(rowsq[0]), Math.sqrt(rowsq[1])});

        out.perRank("   2-d, global shape (%d, 2), SCATTER along axis 0; norm along axis 0", glen);
        DistributedArray z = DistributedArray.builder(comm, glen, 2).axis(0).mask(mask).build();
        z.fill(rank % subsize + 1.0);
        double[] zloc = z.asArray().doubles();
        double zdot = z.dot(z, false).re();
        double[] znorm = z.norm(2, 0).doubles();
        double[] colsq = new double[2];
        for (long k = lo; k < hi; k++) {
            for (int j = 0; j < 2; j++) {
                double v = zloc[(int) (k * 2 + j)];
                colsq[j] += v * v;
            }
        }
        perRankChecks(comm, out, zdot, colsq[0] + colsq[1], znorm, new double[] {Math.sqrt(colsq[0]), Math.sqrt(colsq[1])});
    }

    private static void perRankChecks(Communicator comm, Report out, double dot, double dotloc, double norm, double normloc) {
        perRankChecks(comm, out, dot, dotloc, new double[] {norm}, new double[] {normloc});
    }

    /**
     * Prints the distributed dot and norm and, for every rank, whether they equal the serial values
     * computed from its group's part of the gathered array (PyLops-MPI's "Dot check (Rank r)").
     */
    private static void perRankChecks(Communicator comm, Report out, double dot, double dotloc, double[] norm,
            double[] normloc) {
        boolean dotOk = close(dot, dotloc);
        boolean normOk = norm.length == normloc.length;
        for (int i = 0; normOk && i < norm.length; i++) {
            normOk = close(norm[i], normloc[i]);
        }
        int[] dots = comm.allgather(dotOk ? 1 : 0);
        int[] norms = comm.allgather(normOk ? 1 : 0);
        out.perRank("   dot = %s   norm = %s", Report.num(dot, 4), norm.length == 1 ? Report.num(norm[0], 6)
                : Report.vector(norm, 6, 0));
        StringBuilder d = new StringBuilder("   dot check / norm check by rank:");
        for (int r = 0; r < dots.length; r++) {
            d.append(String.format(" rank %d %s/%s", r, dots[r] == 1 ? "True" : "False", norms[r] == 1 ? "True" : "False"));
        }
        out.perRank("%s", d);
    }

    /** NumPy's {@code allclose} for one pair (rtol 1e-5, atol 1e-8). */
    static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
    }
}
