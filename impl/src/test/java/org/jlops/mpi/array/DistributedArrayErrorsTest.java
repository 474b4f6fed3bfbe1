package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.api.Test;

/**
 * Bad input: every check gives an {@link IllegalArgumentException} whose message starts with the
 * parameter's name (or an element of it, {@code other[1]}, or a part, {@code other (its split)}), thrown on every rank with the same message even when only one rank passed the
 * bad value, and the operands are left unchanged.
 */
class DistributedArrayErrorsTest {

    private static final int N = 4;

    /** A program whose every rank is expected to throw. */
    @FunctionalInterface
    interface Body {
        void run(Communicator comm) throws Exception;
    }

    /**
     * Runs {@code body} on {@code n} ranks; asserts that every rank threw the same
     * IllegalArgumentException, starting with {@code param + ":"}, and that afterwards the ranks
     * are still in step (a barrier completes). Returns the message.
     */
    static String failsEverywhere(int n, String param, Body body) {
        List<String> msgs = LocalCluster.call(n, comm -> {
            String msg = null;
            try {
                body.run(comm);
            } catch (IllegalArgumentException e) {
                msg = e.getMessage();
            }
            comm.barrier();
            return msg;
        });
        for (int r = 0; r < n; r++) {
            assertNotNull(msgs.get(r), "rank " + r + " did not throw (expected an error on " + param + ")");
            assertTrue(msgs.get(r).startsWith(param + ":") || msgs.get(r).startsWith(param + "[")
                    || msgs.get(r).startsWith(param + " ("),
                    "message should name " + param + ": " + msgs.get(r));
            assertEquals(msgs.get(0), msgs.get(r), "rank " + r + " threw a different message");
        }
        return msgs.get(0);
    }

    private static String failsEverywhere(String param, Body body) {
        return failsEverywhere(N, param, body);
    }

    private static DistributedArray vector(Communicator comm, long n, DType t) {
        DistributedArray x = DistributedArray.toDist(SerialArrays.arange(t, n), comm);
        return x;
    }

    /** Snapshots of local blocks, to check that failed calls leave operands unchanged. */
    private static final class Snapshot {
        private final List<DistributedArray> arrays = new ArrayList<>();
        private final List<NdArray> copies = new ArrayList<>();

        Snapshot(DistributedArray... xs) {
            for (DistributedArray x : xs) {
                arrays.add(x);
                copies.add(x.localArray().copy());
            }
        }

        void assertUnchanged() {
            for (int i = 0; i < arrays.size(); i++) {
                assertEquals(copies.get(i), arrays.get(i).localArray(), "operand " + i + " was modified");
            }
        }
    }

    /** Runs {@code call}, then checks the snapshot whatever happened, and rethrows. */
    private static void unchanged(Snapshot s, Body call, Communicator comm) throws Exception {
        try {
            call.run(comm);
        } finally {
            s.assertUnchanged();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Constructor

    @Test
    void axisOutOfRange() {
        String m = failsEverywhere("axis", comm -> DistributedArray.builder(comm, 10, 5).axis(2).build());
        assertTrue(m.contains("-2 <= axis < 2"), m);
        m = failsEverywhere("axis", comm -> DistributedArray.builder(comm, 10, 5).axis(comm.rank() == 2 ? -3 : 0).build());
        assertTrue(m.contains("axis -3") && m.endsWith("(reported by rank 2)"), m);
        failsEverywhere(1, "axis", comm -> DistributedArray.builder(comm, 10).axis(1).build());
    }

    @Test
    void badGlobalShapes() {
        failsEverywhere("globalShape", comm -> DistributedArray.builder(comm, 10, comm.rank() == 1 ? -5 : 5).build());
        failsEverywhere("globalShape", comm -> DistributedArray.builder(comm).build());
        String m = failsEverywhere("globalShape",
                comm -> DistributedArray.builder(comm, 10, comm.rank() == 3 ? 6 : 5).build());
        assertTrue(m.contains("rank 0 passed [10, 5] and rank 3 passed [10, 6]"), m);
        failsEverywhere("globalShape", comm -> DistributedArray.toDist(
                NdArray.zeros(DType.FLOAT64, comm.rank() == 1 ? 4 : 3), comm));
        failsEverywhere("x", comm -> DistributedArray.toDist(comm.rank() == 2 ? null : NdArray.zeros(DType.FLOAT64, 3),
                comm));
    }

    @Test
    void partitionDtypeEngineMustBeGivenAndAgree() {
        failsEverywhere("partition", comm -> DistributedArray.builder(comm, 8)
                .partition(comm.rank() == 0 ? null : Partition.SCATTER).build());
        failsEverywhere("partition", comm -> DistributedArray.builder(comm, 8)
                .partition(comm.rank() == 0 ? Partition.BROADCAST : Partition.SCATTER).build());
        failsEverywhere("dtype", comm -> DistributedArray.builder(comm, 8)
                .dtype(comm.rank() == 3 ? DType.FLOAT32 : DType.FLOAT64).build());
        failsEverywhere("dtype", comm -> DistributedArray.builder(comm, 8).dtype(null).build());
        failsEverywhere("engine", comm -> DistributedArray.builder(comm, 8).engine(null).build());
    }

    @Test
    void badLocalShapes() {
        failsEverywhere("localShapes", comm -> DistributedArray.builder(comm, 8)
                .localShapes(new long[] {4}, new long[] {4}).build());
        String m = failsEverywhere("localShapes", comm -> DistributedArray.builder(comm, 8)
                .localShapes(new long[] {2}, new long[] {2}, new long[] {2}, new long[] {1}).build());
        assertTrue(m.contains("sum to 7") && m.contains("8"), m);
        failsEverywhere("localShapes", comm -> DistributedArray.builder(comm, 8, 3)
                .localShapes(new long[] {2, 3}, new long[] {2, 3}, new long[] {2, 2}, new long[] {2, 3}).build());
        failsEverywhere("localShapes", comm -> DistributedArray.builder(comm, 8).partition(Partition.BROADCAST)
                .localShapes(new long[] {2}, new long[] {2}, new long[] {2}, new long[] {2}).build());
        m = failsEverywhere("localShapes", comm -> DistributedArray.builder(comm, 8)
                .localShapes(comm.rank() == 1
                        ? new long[][] {{1}, {3}, {2}, {2}}
                        : new long[][] {{2}, {2}, {2}, {2}}).build());
        assertTrue(m.contains("must be the same on every rank"), m);
        failsEverywhere("localShapes", comm -> DistributedArray.builder(comm, 8)
                .localShapes(new long[] {2}, null, new long[] {2}, new long[] {2}).build());
    }

    @Test
    void badMasks() {
        failsEverywhere("mask", comm -> DistributedArray.builder(comm, 8).mask(0, 0, 1).build());
        String m = failsEverywhere("mask", comm -> DistributedArray.builder(comm, 8)
                .mask(comm.rank() == 2 ? new int[] {0, 0, 1} : new int[] {0, 0, 1, 1}).build());
        assertTrue(m.contains("(reported by rank 2)"), m);
        failsEverywhere("mask", comm -> DistributedArray.builder(comm, 8).mask(0, -1, 1, 1).build());
        m = failsEverywhere("mask", comm -> DistributedArray.builder(comm, 8)
                .mask(comm.rank() == 1 ? new int[] {0, 1, 0, 1} : new int[] {0, 0, 1, 1}).build());
        assertTrue(m.contains("must be the same on every rank"), m);
    }

    @Test
    void badLocalArrays() {
        failsEverywhere("localArray", comm -> DistributedArray.builder(comm, 8)
                .localArray(NdArray.zeros(DType.FLOAT64, comm.rank() == 3 ? 3 : 2)).build());
        failsEverywhere("localArray", comm -> DistributedArray.builder(comm, 8).dtype(DType.FLOAT32)
                .localArray(NdArray.zeros(DType.FLOAT64, 2)).build());
    }

    // ---------------------------------------------------------------------------------------
    // Operands that do not match

    @Test
    void mismatchedOperands() {
        failsEverywhere("other", comm -> {
            DistributedArray x = vector(comm, 8, DType.FLOAT64), y = vector(comm, 8, DType.FLOAT32);
            unchanged(new Snapshot(x, y), c -> x.iadd(y), comm);
        });
        failsEverywhere("other", comm -> {
            DistributedArray x = vector(comm, 8, DType.FLOAT64);
            DistributedArray y = DistributedArray.toDist(SerialArrays.arange(DType.FLOAT64, 8), comm,
                    Partition.BROADCAST, 0);
            unchanged(new Snapshot(x, y), c -> x.isub(y), comm);
        });
        failsEverywhere("other", comm -> {
            DistributedArray x = vector(comm, 8, DType.FLOAT64);
            DistributedArray y = DistributedArray.toDist(SerialArrays.arange(DType.FLOAT64, 8), comm,
                    Partition.SCATTER, 0, new long[][] {{5}, {1}, {1}, {1}}, null);
            unchanged(new Snapshot(x, y), c -> x.add(y), comm);
        });
        String m = failsEverywhere("other", comm -> {
            DistributedArray x = vector(comm, 8, DType.COMPLEX128);
            DistributedArray y = DistributedArray.toDist(SerialArrays.arange(DType.COMPLEX128, 8), comm,
                    Partition.SCATTER, 0, null, new int[] {0, 0, 1, 1});
            unchanged(new Snapshot(x, y), c -> x.dot(y), comm);
        });
        assertTrue(m.contains("mask [0, 0, 1, 1]") && m.contains("null"), m);
        failsEverywhere("other", comm -> {
            DistributedArray x = vector(comm, 8, DType.FLOAT64);
            unchanged(new Snapshot(x), c -> x.multiply(StackedDistributedArray.of(x)), comm);
        });
        failsEverywhere("other", comm -> vector(comm, 8, DType.FLOAT64).subtract(null));
    }

    // ---------------------------------------------------------------------------------------
    // Norms, ghost cells, reshape, assignment, redistribution

    @Test
    void badNorms() {
        failsEverywhere("ord", comm -> vector(comm, 8, DType.FLOAT64).norm(Double.NaN));
        failsEverywhere("ord", comm -> vector(comm, 8, DType.FLOAT64).norm(Double.NaN, 0));
        failsEverywhere("axis", comm -> vector(comm, 8, DType.FLOAT64).norm(2, 1));
        failsEverywhere("ord", comm -> DistributedArray.builder(comm, 0).build().norm(Double.POSITIVE_INFINITY));
        failsEverywhere("ord", comm -> DistributedArray.builder(comm, 3, 0).build().norm(Double.NEGATIVE_INFINITY, 1));
        failsEverywhere("ord", comm -> StackedDistributedArray.of(vector(comm, 3, DType.FLOAT32)).norm(Double.NaN));
    }

    @Test
    void ghostCellRequestsBeyondTheNeighbour() {
        // 10 over 4 ranks: 3, 3, 2, 2; rank 3 asks rank 2 for 3 cells
        String m = failsEverywhere("cellsFront", comm -> {
            DistributedArray x = vector(comm, 10, DType.FLOAT64);
            unchanged(new Snapshot(x), c -> x.addGhostCells(comm.rank() == 3 ? 3 : 1, 0), comm);
        });
        assertTrue(m.contains("rank 3 asks for 3 cells from rank 2, which holds 2"), m);
        m = failsEverywhere("cellsBack", comm -> vector(comm, 10, DType.FLOAT64).addGhostCells(0, comm.rank() == 0 ? 4 : 0));
        assertTrue(m.contains("rank 0 asks for 4 cells from rank 1"), m);
        failsEverywhere("cellsFront", comm -> vector(comm, 10, DType.FLOAT64).addGhostCells(comm.rank() == 1 ? -1 : 0, 0));
        // 3 elements over 4 ranks: the last rank holds nothing, so no neighbour can take from it
        failsEverywhere("cellsBack", comm -> vector(comm, 3, DType.FLOAT64).addGhostCells(0, 1));
    }

    @Test
    void badReshapes() {
        failsEverywhere("newLocalShape", comm -> {
            DistributedArray x = vector(comm, 8, DType.FLOAT64);
            x.reshape(new long[] {comm.rank() == 1 ? 3 : 2, 1}, 0);
        });
        failsEverywhere("newAxis/newLocalShape", comm -> vector(comm, 8, DType.FLOAT64)
                .reshape(new long[] {1, 2}, comm.rank() == 1 ? 1 : 0));
        failsEverywhere("newLocalShape", comm -> {
            DistributedArray x = DistributedArray.toDist(SerialArrays.arange(DType.FLOAT64, 6, 2), comm,
                    Partition.SCATTER, 0, new long[][] {{2, 2}, {2, 2}, {1, 2}, {1, 2}}, null);
            x.reshape(comm.rank() < 2 ? new long[] {4, 1} : new long[] {1, 2}, 0);
        });
        failsEverywhere("newAxis", comm -> vector(comm, 8, DType.FLOAT64).reshape(new long[] {2}, 1));
    }

    @Test
    void broadcastAssignmentUsesRankZerosValueAndChecksIt() {
        failsEverywhere("value", comm -> {
            DistributedArray x = DistributedArray.toDist(SerialArrays.arange(DType.FLOAT64, 6), comm,
                    Partition.BROADCAST, 0);
            unchanged(new Snapshot(x), c -> x.assign(comm.rank() == 0 ? NdArray.zeros(DType.FLOAT64, 5) : null), comm);
        });
        LocalCluster.run(N, comm -> {
            DistributedArray x = DistributedArray.builder(comm, 3).partition(Partition.BROADCAST).build();
            x.assign(comm.rank() == 0 ? SerialArrays.arange(DType.FLOAT64, 3) : null);
            assertEquals(SerialArrays.arange(DType.FLOAT64, 3), x.localArray(), "rank 0's value everywhere");
            x.fill(comm.rank() + 7);
            assertEquals(SerialArrays.full(DType.FLOAT64, 7, 0, 3), x.localArray(), "rank 0's fill everywhere");
            DistributedArray u = DistributedArray.builder(comm, 3).partition(Partition.UNSAFE_BROADCAST).build();
            u.fill(comm.rank());
            assertEquals(SerialArrays.full(DType.FLOAT64, comm.rank(), 0, 3), u.localArray(), "unsafe stays local");
        });
    }

    /** Issue 14 (found by the drills): a bad {@code other} on one rank made the others hang in the re-split. */
    @Test
    void resplitLikeAgreesOnItsOperandBeforeMovingData() {
        String m = failsEverywhere("other", comm -> {
            DistributedArray x = vector(comm, 7, DType.FLOAT64);
            DistributedArray like = DistributedArray.builder(comm, comm.rank() == 2 ? 8 : 7).localSizes(
                    comm.rank() == 2 ? new long[] {2, 2, 2, 2} : new long[] {2, 2, 2, 1}).buildLocal();
            unchanged(new Snapshot(x, like), c -> x.resplitLike(like), comm);
        });
        assertTrue(m.startsWith("other: global shape (8,) but this array's is (7,)") && m.endsWith("(reported by rank 2)"),
                m);
        m = failsEverywhere("other", comm -> vector(comm, 7, DType.FLOAT64).resplitLike(comm.rank() == 1 ? null
                : vector(comm, 7, DType.FLOAT64)));
        assertEquals("other: must not be null (reported by rank 1)", m);
        failsEverywhere("other", comm -> vector(comm, 7, DType.FLOAT64).resplitLike(DistributedArray.builder(comm, 7)
                .partition(comm.rank() == 0 ? Partition.BROADCAST : Partition.SCATTER).buildLocal()));
        m = failsEverywhere("other", comm -> vector(comm, 7, DType.FLOAT64).resplitLike(DistributedArray.builder(comm, 7)
                .localSizes(comm.rank() == 3 ? new long[] {1, 2, 2, 2} : new long[] {2, 2, 2, 1}).buildLocal()));
        assertTrue(m.startsWith("other (its split): must be the same on every rank, but rank 0 passed [2, 2, 2, 1] and"
                + " rank 3 passed [1, 2, 2, 2]"), m);
    }

    /** Issue 14 (found by the drills): a bad index or value on one rank made the others wait in the write. */
    @Test
    void stackedSetAgreesOnItsArgumentsBeforeWriting() {
        String m = failsEverywhere("i", comm -> {
            DistributedArray x = vector(comm, 8, DType.FLOAT64), y = vector(comm, 6, DType.FLOAT64);
            StackedDistributedArray s = StackedDistributedArray.of(x, y);
            DistributedArray v = vector(comm, 8, DType.FLOAT64).multiply(2);
            unchanged(new Snapshot(x, y, v), c -> s.set(comm.rank() == 2 ? 2 : 0, v), comm);
        });
        assertTrue(m.startsWith("i: component index 2 is out of range for 2 components") && m.endsWith(
                "(reported by rank 2)"), m);
        m = failsEverywhere("value", comm -> {
            DistributedArray x = vector(comm, 8, DType.FLOAT64);
            StackedDistributedArray s = StackedDistributedArray.of(x, vector(comm, 6, DType.FLOAT64));
            DistributedArray v = comm.rank() == 3 ? DistributedArray.builder(comm, 9).buildLocal() : x.copy();
            unchanged(new Snapshot(x), c -> s.set(0, v), comm);
        });
        assertTrue(m.startsWith("value: global shape (9,)") && m.endsWith("(reported by rank 3)"), m);
        m = failsEverywhere("value", comm -> {
            DistributedArray x = vector(comm, 8, DType.FLOAT64);
            StackedDistributedArray.of(x).set(0, comm.rank() == 1 ? null : x.copy());
        });
        assertEquals("value: a DistributedArray component needs a DistributedArray, got null (reported by rank 1)", m);
        m = failsEverywhere("i", comm -> {
            DistributedArray b = DistributedArray.builder(comm, 4).partition(Partition.BROADCAST).build();
            StackedDistributedArray.of(b).set(comm.rank() == 3 ? 1 : 0, 2, 0);
        });
        assertTrue(m.endsWith("(reported by rank 3)"), m);
    }

    @Test
    void badRedistribution() {
        failsEverywhere("newAxis", comm -> vector(comm, 8, DType.FLOAT64).redistribute(1));
    }

    @Test
    void stackedMismatches() {
        String m = failsEverywhere("other", comm -> {
            DistributedArray x = vector(comm, 8, DType.FLOAT64), y = vector(comm, 6, DType.FLOAT64);
            StackedDistributedArray a = StackedDistributedArray.of(x, x), b = StackedDistributedArray.of(x, y);
            unchanged(new Snapshot(x, y), c -> a.iadd(b), comm);
        });
        assertTrue(m.startsWith("other[1]: global shape (6,)"), m);
        failsEverywhere("other", comm -> {
            DistributedArray x = vector(comm, 8, DType.FLOAT64);
            StackedDistributedArray.of(x).add(StackedDistributedArray.of(x, x));
        });
        failsEverywhere("other", comm -> {
            DistributedArray x = vector(comm, 8, DType.FLOAT64);
            StackedDistributedArray.of(x).dot(x);
        });
        failsEverywhere("other", comm -> {
            DistributedArray x = vector(comm, 8, DType.FLOAT64);
            StackedDistributedArray.of(x, StackedDistributedArray.of(x)).add(StackedDistributedArray.of(x, x));
        });
        failsEverywhere("other", comm -> {
            // the structure matches but a leaf's dtype does not: nothing is written
            DistributedArray x = vector(comm, 8, DType.FLOAT64), y = vector(comm, 8, DType.FLOAT64);
            DistributedArray z = vector(comm, 8, DType.FLOAT32);
            StackedDistributedArray a = StackedDistributedArray.of(x, y);
            unchanged(new Snapshot(x, y, z), c -> a.iadd(StackedDistributedArray.of(x, z)), comm);
        });
        failsEverywhere("arrays", comm -> StackedDistributedArray.of());
        failsEverywhere("i", comm -> StackedDistributedArray.of(vector(comm, 8, DType.FLOAT64)).get(1));
    }
}
