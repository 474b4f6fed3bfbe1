package org.jlops.mpi.verify.properties;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.jlops.mpi.array.Complex;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.reference.array.ReferenceReductions;
import org.jlops.mpi.reference.array.ReferenceSplit;
import org.jlops.mpi.verify.harness.Check;
import org.jlops.mpi.verify.harness.Draws;
import org.jlops.mpi.verify.harness.Probe;

/**
 * The array properties of issue 5 on {@link DistributedArray}, against serial values computed from
 * the global array ({@link ReferenceReductions}, {@link ReferenceSplit}). Each case draws a global
 * n-d array (1 to 3 dimensions, any dtype), a distribution axis (negative too), SCATTER with any
 * split along it (ranks holding nothing included) or BROADCAST:
 *
 * <ul>
 * <li>{@code array-norms}: {@code norm()}, {@code norm(ord)} for ord 1, 2, 3, inf, and
 *     {@code norm(ord, axis)} along every axis;</li>
 * <li>{@code array-dots}: {@code dot} and {@code vdot} with a second array of the same layout
 *     (error relative to {@code sum |x_i| |y_i|}, the scale of the rounding errors);</li>
 * <li>{@code array-redistribute}: to every other axis: the same global values bit for bit, the
 *     balanced split along a new axis (the same axis keeps its split);</li>
 * <li>{@code array-ghost-cells}: random front and back widths per rank (up to the neighbour's
 *     length): the local block extended with exactly the neighbours' entries;</li>
 * <li>{@code array-masks}: {@code nsub} groups of ranks each hold one copy of the data (mask
 *     {@code r / (P / nsub)}): {@code asArray(true)}, dot and norms equal those of one copy.</li>
 * </ul>
 */
public final class ArrayProperties {

    /** The property names, in report order. */
    public static final List<String> NAMES = List.of("array-norms", "array-dots", "array-redistribute",
            "array-ghost-cells", "array-masks");

    /** The subject name of every array property. */
    public static final String SUBJECT = "DistributedArray";

    private ArrayProperties() {
    }

    /** Every array property, one check each. */
    public static List<Check> checks() {
        List<Check> out = new ArrayList<>();
        for (String name : NAMES) {
            out.add(check(name));
        }
        return out;
    }

    /**
     * One array property.
     *
     * @param name one of {@link #NAMES}
     * @return the check
     */
    public static Check check(String name) {
        Body body = switch (name) {
            case "array-norms" -> ArrayProperties::norms;
            case "array-dots" -> ArrayProperties::dots;
            case "array-redistribute" -> ArrayProperties::redistribute;
            case "array-ghost-cells" -> ArrayProperties::ghostCells;
            case "array-masks" -> ArrayProperties::masks;
            default -> throw new IllegalArgumentException("name: unknown array property '" + name + "'; known: "
                    + NAMES);
        };
        return Check.of(name, SUBJECT, (comm, c, probe) -> {
            SplittableRandom r = new SplittableRandom(c.seed());
            body.run(comm, Drawn.draw(r, c.size(), comm.size(), !name.equals("array-ghost-cells")
                    && !name.equals("array-masks")), r, probe);
        });
    }

    @FunctionalInterface
    private interface Body {
        void run(Communicator comm, Drawn d, SplittableRandom r, Probe probe);
    }

    /** A drawn global array and its layout. */
    record Drawn(NdArray global, int axis, Partition partition, long[][] shapes) {

        static Drawn draw(SplittableRandom r, int s, int np, boolean broadcastToo) {
            int ndim = Draws.between(r, 1, 3);
            long[] dims = new long[ndim];
            for (int a = 0; a < ndim; a++) {
                dims[a] = Draws.between(r, 1, 1 + s);
            }
            DType t = Draws.dtype(r);
            int axis = Draws.between(r, -ndim, ndim - 1);
            Partition p = broadcastToo && r.nextInt(4) == 0 ? Partition.BROADCAST : Partition.SCATTER;
            long[][] shapes = null;
            if (p == Partition.SCATTER) {
                int ax = Math.floorMod(axis, ndim);
                long[] counts = Draws.split(r, dims[ax], np);
                shapes = new long[np][];
                for (int q = 0; q < np; q++) {
                    shapes[q] = dims.clone();
                    shapes[q][ax] = counts[q];
                }
            }
            return new Drawn(Draws.values(r, t, dims), axis, p, shapes);
        }

        DistributedArray place(NdArray values, Communicator comm) {
            return DistributedArray.toDist(values, comm, partition, axis, shapes, null);
        }

        DType dtype() {
            return global.dtype();
        }

        @Override
        public String toString() {
            return global.dtype() + " shape=" + Arrays.toString(global.shape()) + " axis=" + axis + " " + partition
                    + (shapes == null ? "" : " local lengths=" + Arrays.toString(
                            Arrays.stream(shapes).mapToLong(sh -> sh[Math.floorMod(axis, sh.length)]).toArray()));
        }
    }

    private static double refNorm(NdArray x, double ord) {
        return x.dtype().isComplex() ? ReferenceReductions.normComplex(Probe.interleaved(x), ord)
                : ReferenceReductions.norm(real(x), ord);
    }

    private static double[] real(NdArray x) {
        double[] out = new double[(int) x.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = x.re(k);
        }
        return out;
    }

    private static void norms(Communicator comm, Drawn d, SplittableRandom r, Probe probe) {
        probe.describe(d.toString());
        DistributedArray a = d.place(d.global(), comm);
        double tol = Probe.rtol(d.dtype());
        probe.close("norm()", new double[] {refNorm(d.global(), 2)}, new double[] {a.norm()}, tol);
        long[] shape = d.global().shape();
        for (double ord : new double[] {1, 2, 3, Double.POSITIVE_INFINITY}) {
            probe.close("norm(" + ord + ")", new double[] {refNorm(d.global(), ord)}, new double[] {a.norm(ord)}, tol);
            for (int ax = 0; ax < shape.length; ax++) {
                double[] expected = d.dtype().isComplex()
                        ? ReferenceReductions.normComplex(Probe.interleaved(d.global()), shape, ax, ord)
                        : ReferenceReductions.norm(real(d.global()), shape, ax, ord);
                NdArray got = a.norm(ord, ax);
                probe.close("norm(" + ord + ", axis " + ax + ")", expected, real(got), tol);
            }
        }
    }

    private static void dots(Communicator comm, Drawn d, SplittableRandom r, Probe probe) {
        probe.describe(d.toString());
        NdArray yv = Draws.values(r, d.dtype(), d.global().shape());
        DistributedArray x = d.place(d.global(), comm);
        DistributedArray y = d.place(yv, comm);
        double[] xi = Probe.interleaved(d.global());
        double[] yi = Probe.interleaved(yv);
        double scale = 0;
        for (int k = 0; k < xi.length; k += 2) {
            scale += Math.hypot(xi[k], xi[k + 1]) * Math.hypot(yi[k], yi[k + 1]);
        }
        double tol = Probe.rtol(d.dtype());
        for (boolean vdot : new boolean[] {false, true}) {
            double[] e = d.dtype().isComplex()
                    ? (vdot ? ReferenceReductions.vdotComplex(xi, yi) : ReferenceReductions.dotComplex(xi, yi))
                    : new double[] {ReferenceReductions.dot(real(d.global()), real(yv)), 0};
            Complex got = x.dot(y, vdot);
            double rel = Math.hypot(got.re() - e[0], got.im() - e[1]) / Math.max(scale, 1e-300);
            probe.relErr((vdot ? "vdot" : "dot") + " = " + got + ", expected (" + e[0] + ", " + e[1] + ")", rel, tol);
        }
    }

    private static void redistribute(Communicator comm, Drawn d, SplittableRandom r, Probe probe) {
        int ndim = d.global().ndim();
        int to = Draws.between(r, -ndim, ndim - 1);
        probe.describe(d + " to axis " + to);
        DistributedArray a = d.place(d.global(), comm);
        DistributedArray b = a.redistribute(to);
        probe.expect(b.asArray().equals(d.global()), "redistribute(" + to + ") changed the global values");
        if (b.partition() == Partition.SCATTER && Math.floorMod(to, ndim) != Math.floorMod(d.axis(), ndim)) {
            // a new axis gets the balanced split; the same axis keeps the split it had
            long[] expected = ReferenceSplit.localShape(d.global().shape(), comm.size(), comm.rank(), to);
            probe.expect(Arrays.equals(expected, b.localShape()), "rank " + comm.rank() + " local shape "
                    + Arrays.toString(b.localShape()) + ", expected " + Arrays.toString(expected));
        }
        probe.expect(a.asArray().equals(d.global()), "redistribute changed its input");
    }

    private static void ghostCells(Communicator comm, Drawn d, SplittableRandom r, Probe probe) {
        int np = comm.size();
        int ax = Math.floorMod(d.axis(), d.global().ndim());
        long[] len = new long[np];
        long[] off = new long[np + 1];
        for (int q = 0; q < np; q++) {
            len[q] = d.shapes()[q][ax];
            off[q + 1] = off[q] + len[q];
        }
        long[] front = new long[np];
        long[] back = new long[np];
        for (int q = 0; q < np; q++) {
            front[q] = q == 0 ? 0 : r.nextLong(len[q - 1] + 1);
            back[q] = q == np - 1 ? 0 : r.nextLong(len[q + 1] + 1);
        }
        probe.describe(d + " front=" + Arrays.toString(front) + " back=" + Arrays.toString(back));
        DistributedArray a = d.place(d.global(), comm);
        int me = comm.rank();
        NdArray got = a.addGhostCells((int) front[me], (int) back[me]);
        NdArray expected = d.global().slice(ax, off[me] - front[me], off[me] + len[me] + back[me]);
        probe.expect(expected.equals(got), "rank " + me + ": ghost-cell block " + got + ", expected " + expected);
    }

    private static void masks(Communicator comm, Drawn d, SplittableRandom r, Probe probe) {
        int np = comm.size();
        List<Integer> divisors = new ArrayList<>();
        for (int k = 1; k <= np; k++) {
            if (np % k == 0) {
                divisors.add(k);
            }
        }
        int nsub = divisors.get(r.nextInt(divisors.size()));
        int group = np / nsub;
        int ax = Math.floorMod(d.axis(), d.global().ndim());
        NdArray copy = d.global();
        List<NdArray> copies = new ArrayList<>();
        for (int g = 0; g < nsub; g++) {
            copies.add(copy);
        }
        NdArray global = NdArray.concatenate(ax, copies);
        int[] mask = new int[np];
        long[][] shapes = new long[np][];
        for (int g = 0; g < nsub; g++) {
            long[] counts = Draws.split(r, copy.shape(ax), group);
            for (int q = 0; q < group; q++) {
                mask[g * group + q] = g;
                shapes[g * group + q] = global.shape().clone();
                shapes[g * group + q][ax] = counts[q];
            }
        }
        probe.describe(d + " nsub=" + nsub + " mask=" + Arrays.toString(mask));
        NdArray other = Draws.values(r, d.dtype(), copy.shape());
        NdArray otherGlobal = NdArray.concatenate(ax, java.util.Collections.nCopies(nsub, other));
        DistributedArray a = DistributedArray.toDist(global, comm, Partition.SCATTER, ax, shapes, mask);
        DistributedArray b = DistributedArray.toDist(otherGlobal, comm, Partition.SCATTER, ax, shapes, mask);
        double tol = Probe.rtol(d.dtype());
        probe.expect(a.asArray(true).equals(copy), "asArray(masked) is not one copy of the data");
        probe.expect(a.asArray().equals(global), "asArray() is not the whole array");
        probe.close("masked norm()", new double[] {refNorm(copy, 2)}, new double[] {a.norm()}, tol);
        probe.close("masked norm(1)", new double[] {refNorm(copy, 1)}, new double[] {a.norm(1)}, tol);
        probe.close("masked norm(inf)", new double[] {refNorm(copy, Double.POSITIVE_INFINITY)},
                new double[] {a.norm(Double.POSITIVE_INFINITY)}, tol);
        double[] xi = Probe.interleaved(copy);
        double[] yi = Probe.interleaved(other);
        double[] e = d.dtype().isComplex() ? ReferenceReductions.vdotComplex(xi, yi)
                : new double[] {ReferenceReductions.dot(real(copy), real(other)), 0};
        Complex got = a.dot(b, true);
        double scale = 0;
        for (int k = 0; k < xi.length; k += 2) {
            scale += Math.hypot(xi[k], xi[k + 1]) * Math.hypot(yi[k], yi[k + 1]);
        }
        probe.relErr("masked vdot = " + got + ", expected (" + e[0] + ", " + e[1] + ")",
                Math.hypot(got.re() - e[0], got.im() - e[1]) / Math.max(scale, 1e-300), tol);
    }
}
