package org.jlops.mpi.ops.basic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.Test;

/**
 * {@link MatrixGrid}: the ceil-first blocks (the javadoc's 7 × 5 picture), the active grid for
 * square and non-square rank counts (inactive ranks get an answer, never a hang), the tile
 * gather, and bad arguments failing alike on every rank.
 */
class MatrixGridTest {

    @Test
    void sideIsTheFloorOfTheSquareRoot() {
        int[] expect = {1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3};
        for (int size = 1; size <= 11; size++) {
            assertEquals(expect[size - 1], MatrixGrid.side(size), "size " + size);
        }
        assertEquals(46340, MatrixGrid.side(Integer.MAX_VALUE));
        assertEquals("size: must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> MatrixGrid.side(0)).getMessage());
    }

    @Test
    void ceilFirstBlocks() {
        // 65 over 4: 17, 17, 17, 14 (not the balanced 17, 16, 16, 16); 4 over 3: 2, 2, 0
        long[][] cases = {{65, 4, 17, 17, 17, 14}, {4, 3, 2, 2, 0}, {5, 4, 2, 2, 1, 0}, {1, 2, 1, 0}, {0, 2, 0, 0}};
        for (long[] c : cases) {
            long start = 0;
            for (int i = 0; i < c[1]; i++) {
                assertEquals(c[2 + i], MatrixGrid.blockLength(c[0], (int) c[1], i), c[0] + " over " + c[1]);
                assertEquals(start, MatrixGrid.blockStart(c[0], (int) c[1], i));
                start += c[2 + i];
            }
        }
    }

    /** The class javadoc's picture: a 7 x 5 matrix on a 2 x 2 grid. */
    @Test
    void localBlockSplitOfThePicture() {
        LocalCluster.run(4, comm -> {
            MatrixGrid.Tile[] want = {new MatrixGrid.Tile(0, 4, 0, 3), new MatrixGrid.Tile(0, 4, 3, 5),
                new MatrixGrid.Tile(4, 7, 0, 3), new MatrixGrid.Tile(4, 7, 3, 5)};
            for (int r = 0; r < 4; r++) {
                assertEquals(want[r], MatrixGrid.localBlockSplit(7, 5, r, comm));
            }
            assertEquals(List.of(12L, 8L, 9L, 6L), List.of(want[0].size(), want[1].size(), want[2].size(),
                    want[3].size()));
            NdArray g = NdArray.zeros(DType.FLOAT64, 7, 5);
            for (int q = 0; q < 35; q++) {
                g.set(q, q);
            }
            assertArrayEquals(new double[] {23, 24, 28, 29, 33, 34}, want[3].of(g).doubles(), 0);
            assertEquals("rank: expected a rank in [0, 4), got 4", assertThrows(IllegalArgumentException.class,
                    () -> MatrixGrid.localBlockSplit(7, 5, 4, comm)).getMessage());
            assertEquals("nr, nc: must not be negative, got -1 x 5", assertThrows(IllegalArgumentException.class,
                    () -> MatrixGrid.localBlockSplit(-1, 5, 0, comm)).getMessage());
        });
        LocalCluster.run(3, comm -> assertEquals("comm: localBlockSplit needs a square number of ranks (a p' x p' "
                + "grid), got 3; use the ranks of MatrixGrid.activeGridComm(comm, n, m)",
                assertThrows(IllegalArgumentException.class, () -> MatrixGrid.localBlockSplit(7, 5, 0, comm))
                        .getMessage()));
    }

    private record Answer(boolean active, int rank, int row, int col, int size) {
    }

    private static List<Answer> active(int np, long n, long m) {
        return LocalCluster.call(np, comm -> {
            MatrixGrid.ActiveGrid g = MatrixGrid.activeGridComm(comm, n, m);
            return new Answer(g.active(), g.rank(), g.row(), g.col(), g.active() ? g.comm().size() : 0);
        });
    }

    @Test
    void activeGrids() {
        // P = 2: p' = 1, only rank 0; P = 4: the 2 x 2 grid, or rank 0 alone when the result has one row
        assertEquals(List.of(new Answer(true, 0, 0, 0, 1), new Answer(false, 1, 1, 0, 0)), active(2, 64, 64));
        assertEquals(List.of(new Answer(true, 0, 0, 0, 4), new Answer(true, 1, 0, 1, 4), new Answer(true, 2, 1, 0, 4),
                new Answer(true, 3, 1, 1, 4)), active(4, 64, 64));
        assertEquals(List.of(new Answer(true, 0, 0, 0, 1), new Answer(false, 1, 0, 1, 0), new Answer(false, 2, 1, 0, 0),
                new Answer(false, 3, 1, 1, 0)), active(4, 1, 5));
        // P = 5: ranks 0..3 on the 2 x 2 grid, rank 4 (base grid row 2) inactive
        List<Answer> five = active(5, 64, 64);
        assertEquals(new Answer(false, 4, 2, 0, 0), five.get(4));
        assertTrue(five.subList(0, 4).stream().allMatch(a -> a.active() && a.size() == 4));
        // P = 9 with a 2-row result: the upper-left 2 x 2 of the 3 x 3 grid, renumbered 0..3
        List<Answer> nine = active(9, 2, 40);
        assertEquals(new Answer(true, 2, 1, 0, 4), nine.get(3));
        assertEquals(new Answer(true, 3, 1, 1, 4), nine.get(4));
        assertEquals(new Answer(false, 2, 0, 2, 0), nine.get(2));
        assertEquals(new Answer(false, 8, 2, 2, 0), nine.get(8));
    }

    @Test
    void inactiveRanksGetAClearAnswer() {
        LocalCluster.run(2, comm -> {
            MatrixGrid.ActiveGrid g = MatrixGrid.activeGridComm(comm, 8, 8);
            if (comm.rank() == 1) {
                assertFalse(g.active());
                assertEquals("rank 1 (grid row 1, column 0) is not in the active grid and has no communicator; check "
                        + "active() first", assertThrows(IllegalStateException.class, g::comm).getMessage());
            } else {
                Communicator sub = g.comm();
                assertEquals(1, sub.size());
                // the active ranks compute on; the inactive one returned and the base stays usable
            }
            assertEquals(1, comm.allreduce(g.active() ? 1 : 0, org.jlops.mpi.comm.ReduceOp.SUM));
        });
    }

    @Test
    void argumentsAreAgreedOnEveryRank() {
        List<String> messages = LocalCluster.call(4, comm -> assertThrows(IllegalArgumentException.class,
                () -> MatrixGrid.activeGridComm(comm, comm.rank() == 2 ? 9 : 8, 8)).getMessage());
        assertEquals(1, messages.stream().distinct().count(), messages.toString());
        assertTrue(messages.get(0).startsWith("n: "), messages.get(0));
        List<String> zero = LocalCluster.call(3, comm -> assertThrows(IllegalArgumentException.class,
                () -> MatrixGrid.activeGridComm(comm, 0, 8)).getMessage());
        assertEquals(1, zero.stream().distinct().count(), zero.toString());
        assertEquals("n, m: the result must have at least one row and one column, got 0 x 8 (reported by rank 0)",
                zero.get(1));
    }

    /** The tiles of a 7 x 5 matrix, one per rank of a 2 x 2 grid, come back whole on every rank. */
    @Test
    void blockGatherAssemblesTheTiles() {
        for (DType dt : DType.values()) {
            NdArray g = NdArray.zeros(dt, 7, 5);
            for (int q = 0; q < 35; q++) {
                g.set(q, q, dt.isComplex() ? -q : 0);
            }
            for (int np : new int[] {1, 4, 9}) {
                List<NdArray> got = LocalCluster.call(np, comm -> {
                    long[] sizes = new long[np];
                    for (int r = 0; r < np; r++) {
                        sizes[r] = MatrixGrid.localBlockSplit(7, 5, r, comm).size();
                    }
                    NdArray mine = MatrixGrid.localBlockSplit(7, 5, comm.rank(), comm).of(g);
                    DistributedArray x = DistributedArray.builder(comm, 35).localSizes(sizes).dtype(dt)
                            .localArray(mine.reshape(mine.size())).build();
                    return MatrixGrid.blockGather(x, 7, 5);
                });
                for (NdArray a : got) {
                    assertEquals(g, a, dt + " on " + np + " ranks");
                }
            }
        }
    }

    @Test
    void blockGatherRefusesWhatDoesNotFitOnEveryRank() {
        List<String> sizes = LocalCluster.call(4, comm -> {
            DistributedArray x = DistributedArray.builder(comm, 35).build();   // the balanced split, not tiles
            return assertThrows(IllegalArgumentException.class, () -> MatrixGrid.blockGather(x, 7, 5)).getMessage();
        });
        assertEquals(1, sizes.stream().distinct().count());
        assertEquals("x: rank 0 holds 9 elements, but its tile rows [0, 4) x columns [0, 3) of the 7 x 5 matrix has "
                + "12 (reported by rank 0)", sizes.get(0));
        List<String> shape = LocalCluster.call(4, comm -> assertThrows(IllegalArgumentException.class,
                () -> MatrixGrid.blockGather(DistributedArray.builder(comm, 35).build(), 5, 5)).getMessage());
        assertEquals("x: 35 elements, but a 5 x 5 matrix has 25 (reported by rank 0)", shape.get(3));
        List<String> square = LocalCluster.call(2, comm -> assertThrows(IllegalArgumentException.class,
                () -> MatrixGrid.blockGather(DistributedArray.builder(comm, 35).build(), 7, 5)).getMessage());
        assertEquals(square.get(0), square.get(1));
        assertTrue(square.get(0).startsWith("comm: blockGather needs a square number of ranks"), square.get(0));
    }

    /** Empty matrices (0 rows or 0 columns) split and gather; a negative column count is refused by both. */
    @Test
    void emptyMatricesAndNegativeColumns() {
        LocalCluster.run(4, comm -> {
            assertEquals(new MatrixGrid.Tile(0, 0, 3, 5), MatrixGrid.localBlockSplit(0, 5, 1, comm));
            assertEquals(new MatrixGrid.Tile(4, 7, 0, 0), MatrixGrid.localBlockSplit(7, 0, 3, comm));
            assertEquals(new MatrixGrid.Tile(0, 4, 0, 3), MatrixGrid.localBlockSplit(7, 5, 0, comm));
            assertEquals("nr, nc: must not be negative, got 7 x -1", assertThrows(IllegalArgumentException.class,
                    () -> MatrixGrid.localBlockSplit(7, -1, 0, comm)).getMessage());
            assertEquals("rank: expected a rank in [0, 4), got -1", assertThrows(IllegalArgumentException.class,
                    () -> MatrixGrid.localBlockSplit(7, 5, -1, comm)).getMessage());
            DistributedArray none = DistributedArray.builder(comm, 0).localSizes(new long[4]).build();
            assertArrayEquals(new long[] {0, 5}, MatrixGrid.blockGather(none, 0, 5).shape());
            assertArrayEquals(new long[] {7, 0}, MatrixGrid.blockGather(none, 7, 0).shape());
            String m = assertThrows(IllegalArgumentException.class, () -> MatrixGrid.blockGather(none, 0, -1))
                    .getMessage();
            assertTrue(m.startsWith("nr, nc: must not be negative, got 0 x -1"), m);
            m = assertThrows(IllegalArgumentException.class, () -> MatrixGrid.blockGather(none, -1, 0)).getMessage();
            assertTrue(m.startsWith("nr, nc: must not be negative, got -1 x 0"), m);
        });
    }
}
