package org.jlops.mpi.ops;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.array.StackedDistributedArray;

/**
 * Small helpers operators use to check and build distributed vectors. Nothing here communicates
 * except where a method says so.
 */
public final class Vectors {

    private Vectors() {
    }

    /** The common type of two dtypes: complex if either is, double precision if either is. */
    public static DType promote(DType a, DType b) {
        boolean complex = a.isComplex() || b.isComplex();
        boolean dbl = a.isDoublePrecision() || b.isDoublePrecision();
        return complex ? (dbl ? DType.COMPLEX128 : DType.COMPLEX64) : (dbl ? DType.FLOAT64 : DType.FLOAT32);
    }

    /**
     * {@code x} itself if it has type {@code dtype}, else a converted copy with the same layout
     * (NumPy casting: complex to real keeps the real part). Local.
     */
    public static DistributedArray astype(DistributedArray x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        return withLocal(x, x.globalShape(), x.localShapes(), x.localArray().astype(dtype));
    }

    /**
     * A new array with the partition, axis, mask and communicator of {@code like}, the given global
     * and local shapes, holding {@code local} (not copied) as this rank's block. Local: callers
     * derive the shapes from arrays or operators that are equal on every rank.
     */
    public static DistributedArray withLocal(DistributedArray like, long[] globalShape, long[][] localShapes,
            NdArray local) {
        return DistributedArray.builder(like.communicator(), globalShape).partition(like.partition())
                .axis(like.axis()).localShapes(localShapes).mask(like.mask()).localArray(local).buildLocal();
    }

    /**
     * A new zero-filled 1-d SCATTER array of the given per-rank lengths on {@code like}'s
     * communicator. Local.
     *
     * @param counts (Input) one length per rank
     * @param mask   the mask of the new array, or null
     */
    public static DistributedArray scatter1d(DistributedArray like, long[] counts, int[] mask, DType dtype) {
        long total = 0;
        long[][] shapes = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            shapes[r] = new long[] {counts[r]};
            total += counts[r];
        }
        return DistributedArray.builder(like.communicator(), total).localShapes(shapes).mask(mask).dtype(dtype)
                .engine(like.engine()).buildLocal();
    }

    /** The lengths of a 1-d or n-d array's local blocks, one per rank (products of local shapes). */
    public static long[] localSizes(DistributedArray x) {
        long[][] shapes = x.localShapes();
        long[] n = new long[shapes.length];
        for (int r = 0; r < shapes.length; r++) {
            n[r] = OperatorShape.product(shapes[r]);
        }
        return n;
    }

    /**
     * Requires {@code x} to be a 1-d distributed array of global length {@code n}.
     *
     * @param what the argument's name for the message
     * @throws IllegalArgumentException naming {@code what} otherwise
     */
    public static DistributedArray requireVector(String what, DistributedVector x, long n) {
        if (x == null) {
            throw new IllegalArgumentException(what + ": must not be null");
        }
        if (!(x instanceof DistributedArray a)) {
            throw new IllegalArgumentException(what + ": expected a 1-d DistributedArray, got a StackedDistributedArray");
        }
        if (a.ndim() != 1 || a.globalShape()[0] != n) {
            throw new IllegalArgumentException(what + ": dimension mismatch, global shape "
                    + Arrays.toString(a.globalShape()) + " but the operator needs (" + n + ")");
        }
        return a;
    }

    /**
     * Requires {@code out} to be a 1-d distributed array of global length {@code n} that shares no
     * storage with {@code in}, for the output-reusing products. Local: the checks read only
     * metadata every rank holds.
     *
     * @param what the argument's name for the message
     * @throws IllegalArgumentException naming {@code what} otherwise
     */
    public static DistributedArray requireOutput(String what, DistributedVector out, long n, DistributedArray in) {
        DistributedArray o = requireVector(what, out, n);
        if (o == in || o.localArray().data() == in.localArray().data()) {
            throw new IllegalArgumentException(what + ": must not share storage with the input of the product");
        }
        return o;
    }

    /**
     * Copies {@code y} into {@code out}, which must have the same layout (dtype, partition, local
     * shapes, mask). Local, and the checks read only metadata every rank holds, so every rank
     * reaches the same verdict.
     *
     * @return {@code out}
     * @throws IllegalArgumentException naming {@code what} and both values when the layouts differ
     *                                  ({@code out} is then unchanged)
     */
    public static DistributedArray copyInto(String what, DistributedArray y, DistributedArray out) {
        requireLayout(what, out, y.dtype(), y.partition(), localSizes(y), y.mask());
        y.engine().copy(y.localBuffer(), 0, out.localBuffer(), 0, y.localSize());
        return out;
    }

    /**
     * Requires {@code out} to have the given dtype, partition, local sizes (one per rank) and mask.
     * Local, on metadata every rank holds.
     *
     * @throws IllegalArgumentException naming {@code what} and both values otherwise
     */
    public static void requireLayout(String what, DistributedArray out, DType dtype, Partition partition,
            long[] sizes, int[] mask) {
        if (out.dtype() != dtype) {
            throw new IllegalArgumentException(what + ": dtype " + out.dtype() + " but the product gives " + dtype);
        }
        if (out.partition() != partition) {
            throw new IllegalArgumentException(what + ": partition " + out.partition() + " but the product gives "
                    + partition);
        }
        long[] have = localSizes(out);
        if (!Arrays.equals(have, sizes)) {
            throw new IllegalArgumentException(what + ": local sizes " + Arrays.toString(have)
                    + " but the product gives " + Arrays.toString(sizes));
        }
        if (!Arrays.equals(out.mask(), mask)) {
            throw new IllegalArgumentException(what + ": mask " + Arrays.toString(out.mask())
                    + " but the product gives " + Arrays.toString(mask));
        }
    }

    /**
     * Requires the partition of {@code x} to be one of {@code allowed}.
     *
     * @throws IllegalArgumentException naming {@code what} and the allowed partitions
     */
    public static void requirePartition(String what, DistributedArray x, Partition... allowed) {
        for (Partition p : allowed) {
            if (x.partition() == p) {
                return;
            }
        }
        throw new IllegalArgumentException(what + ": partition must be " + joinPartitions(allowed) + ", got "
                + x.partition());
    }

    private static String joinPartitions(Partition[] allowed) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < allowed.length; i++) {
            s.append(i == 0 ? "" : i == allowed.length - 1 ? " or " : ", ").append("Partition.").append(allowed[i]);
        }
        return s.toString();
    }

    /** The total global length of a plain or stacked vector (sum over components for stacked ones). */
    static long length(DistributedVector x) {
        if (x instanceof StackedDistributedArray s) {
            long n = 0;
            for (DistributedVector v : s.arrays()) {
                n += length(v);
            }
            return n;
        }
        return x.globalSize();
    }
}
