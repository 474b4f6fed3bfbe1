package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DistributedArray#addGhostCells} against the slice of the global array it stands for, at
 * 1..5 in-JVM ranks, along the first, a middle and the last axis, every dtype, with counts that
 * differ between ranks (none, some, all of the neighbour's cells); front cells of rank 0 and back
 * cells of the last rank are ignored. The verify module's array conformance suite checks the same
 * against PyLops-MPI's parameter sets; this is the impl-side check.
 */
class AddGhostCellsTest {

    private static final long[][] SHAPES = {{11}, {7, 3}, {3, 8, 2}, {2, 3, 9}};
    private static final int[] AXES = {0, 0, 1, 2};

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 5})
    void ghostCellsAreTheNeighboursCells(int n) {
        LocalCluster.run(n, comm -> {
            int me = comm.rank();
            long seed = 40;
            for (DType dt : DType.values()) {
                for (int s = 0; s < SHAPES.length; s++) {
                    long[] shape = SHAPES[s];
                    int axis = AXES[s];
                    NdArray global = SerialArrays.random(dt, seed++, 0, 1, shape);
                    DistributedArray x = DistributedArray.toDist(global, comm, Partition.SCATTER, axis);
                    long[] counts = LocalSplit.counts(shape[axis], n);
                    long[] offsets = LocalSplit.offsets(counts);
                    NdArray before = x.localArray().copy();
                    for (int variant = 0; variant < 3; variant++) {
                        // variant 0: one cell each way; 1: rank-dependent counts; 2: all the neighbours hold
                        long f = me == 0 ? 2 : variant == 0 ? 1 : variant == 1 ? me % 2 : counts[me - 1];
                        long b = me == n - 1 ? 3 : variant == 0 ? 1 : variant == 1 ? (me + 1) % 2 : counts[me + 1];
                        f = Math.min(f, me == 0 ? f : counts[me - 1]);
                        b = Math.min(b, me == n - 1 ? b : counts[me + 1]);
                        NdArray got = x.addGhostCells((int) f, (int) b);
                        long from = offsets[me] - (me == 0 ? 0 : f);
                        long to = offsets[me] + counts[me] + (me == n - 1 ? 0 : b);
                        String what = dt + " " + Arrays.toString(shape) + " axis " + axis + " variant "
                                + variant + " rank " + me;
                        assertEquals(global.slice(axis, from, to), got, what);
                        assertEquals(before, x.localArray(), what + ": the array is unchanged");
                    }
                }
            }
        });
    }
}
