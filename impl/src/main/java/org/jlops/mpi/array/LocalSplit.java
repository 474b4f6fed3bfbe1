package org.jlops.mpi.array;

import org.jlops.mpi.comm.Communicator;

/**
 * The balanced split of PyLops-MPI's {@code local_split}: along the distribution axis, rank r of P
 * receives {@code n / P + 1} entries if {@code r < n % P}, else {@code n / P} — the <em>first</em>
 * {@code n % P} ranks hold one more. Example: n = 10 over 4 ranks gives 3, 3, 2, 2; when
 * {@code n < P} the trailing ranks hold nothing. Replicated partitions keep the global shape on
 * every rank. All methods are local (no communication).
 */
public final class LocalSplit {

    private LocalSplit() {
    }

    /**
     * This rank's local shape ({@code local_split(global_shape, base_comm, partition, axis)}).
     *
     * @param globalShape (Input) the global shape. Not modified.
     * @param comm        the communicator whose rank and size are used
     * @param partition   the partition
     * @param axis        the distribution axis; negative values count from the end
     * @return a new array
     * @throws IllegalArgumentException on a bad shape or axis
     */
    public static long[] localSplit(long[] globalShape, Communicator comm, Partition partition, int axis) {
        return localSplit(globalShape, comm.rank(), comm.size(), partition, axis);
    }

    /**
     * The local shape of {@code rank} among {@code size} ranks.
     *
     * @param globalShape (Input) the global shape; not modified
     * @param rank        the rank
     * @param size        the number of ranks
     * @param partition   the partition
     * @param axis        the distribution axis
     * @return a new array
     * @throws IllegalArgumentException on a bad shape, rank, size or axis
     */
    public static long[] localSplit(long[] globalShape, int rank, int size, Partition partition, int axis) {
        Shapes.checkShape("globalShape", globalShape);
        if (size < 1 || rank < 0 || rank >= size) {
            throw new IllegalArgumentException("rank: must be in [0, " + size + ") with size >= 1, got rank " + rank
                    + " of " + size);
        }
        if (partition == null) {
            throw new IllegalArgumentException("partition: must not be null");
        }
        int a = Shapes.normaliseAxis("axis", axis, globalShape.length);
        long[] local = globalShape.clone();
        if (partition == Partition.SCATTER) {
            local[a] = count(globalShape[a], rank, size);
        }
        return local;
    }

    /**
     * Every rank's local shape, indexed by rank. Local.
     *
     * @param globalShape (Input) the global shape; not modified
     * @param size        the number of ranks
     * @param partition   the partition
     * @param axis        the distribution axis
     * @return new arrays
     */
    public static long[][] localShapes(long[] globalShape, int size, Partition partition, int axis) {
        long[][] out = new long[size][];
        for (int r = 0; r < size; r++) {
            out[r] = localSplit(globalShape, r, size, partition, axis);
        }
        return out;
    }

    /**
     * Entries rank {@code rank} of {@code size} receives from {@code n}: {@code n/P + (r < n%P ? 1 : 0)}.
     *
     * @param n    the entries split
     * @param rank the rank
     * @param size the number of ranks
     * @return the count
     */
    public static long count(long n, int rank, int size) {
        return n / size + (rank < n % size ? 1 : 0);
    }

    /**
     * Every rank's count of {@code n} entries, indexed by rank.
     *
     * @param n    the entries split
     * @param size the number of ranks
     * @return the counts
     */
    public static long[] counts(long n, int size) {
        long[] c = new long[size];
        for (int r = 0; r < size; r++) {
            c[r] = count(n, r, size);
        }
        return c;
    }

    /**
     * Exclusive prefix sums: {@code offsets[r] = counts[0] + ... + counts[r-1]}.
     *
     * @param counts (Input) the counts; not modified
     * @return the offsets
     */
    public static long[] offsets(long[] counts) {
        long[] o = new long[counts.length];
        long total = 0;
        for (int r = 0; r < counts.length; r++) {
            o[r] = total;
            total += counts[r];
        }
        return o;
    }
}
