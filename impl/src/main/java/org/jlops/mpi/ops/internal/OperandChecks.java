package org.jlops.mpi.ops.internal;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.LocalSplit;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.engine.Buffer;

/**
 * The operand checks of the operator layer (not part of the API): the vector a product takes, the
 * layout of an output it writes, the partitions it accepts, and the row slabs of the axis-0
 * operators. Every check reads metadata that every rank holds, and nothing here communicates.
 */
public final class OperandChecks {

    private OperandChecks() {
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
     * Copies {@code y} into {@code out}, which must have the same layout (dtype, partition, local
     * shapes, mask). Local, and the checks read only metadata every rank holds, so every rank
     * reaches the same verdict.
     *
     * @return {@code out}
     * @throws IllegalArgumentException naming {@code what} and both values when the layouts differ
     *                                  ({@code out} is then unchanged)
     */
    public static DistributedArray copyInto(String what, DistributedArray y, DistributedArray out) {
        requireLayout(what, out, y.dtype(), y.partition(), y.localSizes(), y.mask());
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
        long[] have = out.localSizes();
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


    /** The balanced axis-0 split of {@code dims} over {@code size} ranks (the row slabs of the derivatives). */
    public static long[][] rowShapes(long[] dims, int size) {
        return LocalSplit.localShapes(dims, size, Partition.SCATTER, 0);
    }

    /** The element counts of the row slabs of {@code dims} over {@code size} ranks. */
    public static long[] rowCounts(long[] dims, int size) {
        long[][] shapes = rowShapes(dims, size);
        long[] counts = new long[size];
        for (int r = 0; r < size; r++) {
            long n = 1;
            for (long d : shapes[r]) {
                n = Math.multiplyExact(n, d);
            }
            counts[r] = n;
        }
        return counts;
    }

    /**
     * A new zero-filled 1-d SCATTER array with {@code counts[r]} elements on rank r, on the
     * communicator and engine of {@code like}: the output of a product. Local.
     *
     * @param counts (Input) one length per rank
     * @param mask   the mask of the new array, or null
     */
    public static DistributedArray newScatter1d(DistributedArray like, long[] counts, int[] mask, DType dtype) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return DistributedArray.builder(like.communicator(), total).localSizes(counts).mask(mask).dtype(dtype)
                .engine(like.engine()).buildLocal();
    }

    /**
     * {@link #newScatter1d} without the zero-fill: the local block comes from
     * {@link org.jlops.mpi.engine.Engine#allocateUninitialized}, its values unspecified, for the
     * output of a kernel that overwrites every element before anything reads it (never for one
     * that is accumulated into or written in part). Local.
     *
     * @param counts (Input) one length per rank
     * @param mask   the mask of the new array, or null
     */
    public static DistributedArray newScatter1dUninitialized(DistributedArray like, long[] counts, int[] mask,
            DType dtype) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        Buffer block = like.engine().allocateUninitialized(dtype.elementType(), counts[like.communicator().rank()]);
        return DistributedArray.builder(like.communicator(), total).localSizes(counts).mask(mask).dtype(dtype)
                .engine(like.engine()).localBuffer(block).buildLocal();
    }

    /**
     * {@code x} re-split to {@code counts} elements per rank ({@link DistributedArray#resplit}),
     * after checking, with messages naming {@code what}, that it is a 1-d array of that length and
     * SCATTER (or BROADCAST when {@code acceptReplicated}). Collective when data must move.
     *
     * @return {@code x} itself when its split already matches, else a new array
     */
    public static DistributedArray resplit(String what, DistributedArray x, long[] counts, boolean acceptReplicated) {
        if (acceptReplicated) {
            requirePartition(what, x, Partition.SCATTER, Partition.BROADCAST);
        } else {
            requirePartition(what, x, Partition.SCATTER);
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (x.ndim() != 1 || total != x.globalShape()[0]) {
            throw new IllegalArgumentException(what + ": expected a 1-d array of " + total + " elements, got global shape "
                    + Arrays.toString(x.globalShape()));
        }
        return x.resplit(counts);
    }
}
