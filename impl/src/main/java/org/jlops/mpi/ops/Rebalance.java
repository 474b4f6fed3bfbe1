package org.jlops.mpi.ops;

import java.util.Arrays;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.LocalSplit;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;

/**
 * Re-splits 1-d SCATTER vectors into the layout an operator's kernel needs (SPEC §4.3, the
 * {@code reshaped} decorator of PyLops-MPI): any split of the right length is accepted, and the
 * kernel sees the split it wants.
 *
 * <p>When the input already has the wanted split nothing moves and the input itself is returned
 * (kernels must not write into it). Otherwise one {@code alltoallv} moves every element to its new
 * owner. Difference from PyLops-MPI: there, data moves only between neighbouring ranks, so strongly
 * unbalanced inputs fail; here any split works.
 */
public final class Rebalance {

    private Rebalance() {
    }

    /**
     * {@code x} as a 1-d SCATTER array whose rank r holds {@code counts[r]} elements (the same
     * elements in the same global order). BROADCAST and UNSAFE_BROADCAST inputs are accepted when
     * {@code acceptReplicated} is set: each rank then keeps its own slice, without communication.
     * Collective when data must move.
     *
     * @param what             the argument's name for error messages
     * @param x                (Input) 1-d; not modified
     * @param counts           (Input) one length per rank, summing to the global length of x
     * @param acceptReplicated whether replicated inputs are accepted
     * @return {@code x} itself when its split already matches, else a new array with {@code x}'s mask
     * @throws IllegalArgumentException naming {@code what} for a partition that is not accepted
     */
    public static DistributedArray toCounts(String what, DistributedArray x, long[] counts, boolean acceptReplicated) {
        if (acceptReplicated) {
            Vectors.requirePartition(what, x, Partition.SCATTER, Partition.BROADCAST);
        } else {
            Vectors.requirePartition(what, x, Partition.SCATTER);
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (x.ndim() != 1 || total != x.globalShape()[0]) {
            throw new IllegalArgumentException(what + ": expected a 1-d array of " + total + " elements, got global shape "
                    + Arrays.toString(x.globalShape()));
        }
        Communicator comm = x.communicator();
        int me = comm.rank();
        if (x.partition() != Partition.SCATTER) {
            long start = LocalSplit.offsets(counts)[me];
            NdArray local = x.localArray().slice(0, start, start + counts[me]);
            return DistributedArray.builder(comm, total).localShapes(shapesOf(counts)).mask(x.mask())
                    .localArray(local).buildLocal();
        }
        long[] have = Vectors.localSizes(x);
        if (Arrays.equals(have, counts)) {
            return x;
        }
        DistributedArray out = Vectors.scatter1d(x, counts, x.mask(), x.dtype());
        long[] haveOff = LocalSplit.offsets(have);
        long[] wantOff = LocalSplit.offsets(counts);
        int p = counts.length;
        long[] sendCounts = new long[p];
        long[] sendDispls = new long[p];
        long[] recvCounts = new long[p];
        long[] recvDispls = new long[p];
        for (int r = 0; r < p; r++) {
            long lo = Math.max(haveOff[me], wantOff[r]);
            long hi = Math.min(haveOff[me] + have[me], wantOff[r] + counts[r]);
            if (hi > lo) {
                sendCounts[r] = hi - lo;
                sendDispls[r] = lo - haveOff[me];
            }
            lo = Math.max(haveOff[r], wantOff[me]);
            hi = Math.min(haveOff[r] + have[r], wantOff[me] + counts[me]);
            if (hi > lo) {
                recvCounts[r] = hi - lo;
                recvDispls[r] = lo - wantOff[me];
            }
        }
        comm.alltoallv(x.localBuffer().segment(), sendCounts, sendDispls, out.localBuffer().segment(), recvCounts,
                recvDispls, x.dtype().datatype());
        return out;
    }

    /**
     * {@code x} (1-d, C-order ravel of an array of shape {@code dims}) as an n-d SCATTER array of
     * global shape {@code dims} split along axis 0 with the balanced split ("row slabs"), the layout
     * of the derivative kernels. Collective when data must move.
     *
     * @param what the argument's name for error messages
     * @param x    (Input) 1-d SCATTER (or BROADCAST when {@code acceptReplicated}); not modified
     * @param dims (Input) the n-d shape, product = global length of x
     * @return a new array; its local block may share storage with {@code x} (do not write into it)
     */
    public static DistributedArray toRows(String what, DistributedArray x, long[] dims, boolean acceptReplicated) {
        long[][] shapes = rowShapes(dims, x.communicator().size());
        long[] counts = new long[shapes.length];
        for (int r = 0; r < shapes.length; r++) {
            counts[r] = OperatorShape.product(shapes[r]);
        }
        DistributedArray flat = toCounts(what, x, counts, acceptReplicated);
        NdArray local = flat.localArray().reshape(shapes[x.communicator().rank()]);
        return DistributedArray.builder(x.communicator(), dims).localShapes(shapes).mask(x.mask()).localArray(local)
                .buildLocal();
    }

    /** The balanced axis-0 split of {@code dims} over {@code size} ranks (row slabs). */
    public static long[][] rowShapes(long[] dims, int size) {
        return LocalSplit.localShapes(dims, size, Partition.SCATTER, 0);
    }

    /** The element counts of the row slabs of {@code dims} over {@code size} ranks. */
    public static long[] rowCounts(long[] dims, int size) {
        long[][] shapes = rowShapes(dims, size);
        long[] counts = new long[size];
        for (int r = 0; r < size; r++) {
            counts[r] = OperatorShape.product(shapes[r]);
        }
        return counts;
    }

    /**
     * An n-d row-slab array as a 1-d SCATTER array (its local blocks flattened, no copy): the
     * output layout of the derivative operators.
     */
    public static DistributedArray flatten(DistributedArray rows) {
        long[][] shapes = rows.localShapes();
        long[][] flat = new long[shapes.length][];
        for (int r = 0; r < shapes.length; r++) {
            flat[r] = new long[] {OperatorShape.product(shapes[r])};
        }
        return DistributedArray.builder(rows.communicator(), rows.globalSize()).localShapes(flat).mask(rows.mask())
                .localArray(rows.localArray().ravel()).buildLocal();
    }

    private static long[][] shapesOf(long[] counts) {
        long[][] s = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            s[r] = new long[] {counts[r]};
        }
        return s;
    }
}
