package org.jlops.mpi.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.Test;

/** Re-splitting keeps the global vector and gives every rank the wanted count, at 1..8 ranks. */
class RebalanceTest {

    private static long[] randomCounts(Random rnd, long n, int p) {
        long[] c = new long[p];
        long left = n;
        for (int r = 0; r < p - 1; r++) {
            c[r] = rnd.nextInt(3) == 0 ? 0 : (long) (rnd.nextDouble() * (left + 1));
            left -= c[r];
        }
        c[p - 1] = left;
        return c;
    }

    private static long[][] shapes(long[] counts) {
        long[][] s = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            s[r] = new long[] {counts[r]};
        }
        return s;
    }

    @Test
    void anySplitToAnySplit() {
        for (DType dt : DType.values()) {
            for (int p = 1; p <= 8; p++) {
                Random rnd = new Random(31L * p + dt.ordinal());
                long n = 5 + rnd.nextInt(40);
                NdArray global = NdArray.zeros(dt, n);
                for (long k = 0; k < n; k++) {
                    global.set(k, k + 1, -k);
                }
                long[] from = randomCounts(rnd, n, p);
                long[] to = randomCounts(rnd, n, p);
                LocalCluster.run(p, comm -> {
                    long off = Arrays.stream(from).limit(comm.rank()).sum();
                    NdArray mine = global.slice(0, off, off + from[comm.rank()]);
                    DistributedArray x = DistributedArray.builder(comm, n).localShapes(shapes(from))
                            .localArray(mine).build();
                    NdArray before = x.localArray().copy();
                    DistributedArray y = Rebalance.toCounts("x", x, to, false);
                    assertArrayEquals(to, Vectors.localSizes(y), "local sizes");
                    assertEquals(global, y.asArray(), "gathered vector");
                    assertEquals(before, x.localArray(), "input unchanged");
                    assertSame(x, Rebalance.toCounts("x", x, from, false), "no move when the split matches");
                });
            }
        }
    }

    @Test
    void broadcastInputKeepsOwnSlice() {
        NdArray global = NdArray.ofFloat64(new double[] {1, 2, 3, 4, 5, 6, 7});
        LocalCluster.run(3, comm -> {
            DistributedArray x = DistributedArray.builder(comm, 7).partition(Partition.BROADCAST)
                    .localArray(global.copy()).build();
            DistributedArray y = Rebalance.toCounts("x", x, new long[] {0, 5, 2}, true);
            assertEquals(Partition.SCATTER, y.partition());
            assertEquals(global, y.asArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Rebalance.toCounts("x", x, new long[] {0, 5, 2}, false));
            assertTrue(e.getMessage().contains("Partition.SCATTER"), e.getMessage());
        });
    }

    @Test
    void rowsAndFlattenRoundTrip() {
        long[] dims = {7, 3, 2};
        NdArray global = NdArray.zeros(DType.FLOAT64, 42);
        for (int k = 0; k < 42; k++) {
            global.set(k, k);
        }
        for (int p = 1; p <= 8; p++) {
            LocalCluster.run(p, comm -> {
                DistributedArray x = DistributedArray.toDist(global, comm);
                DistributedArray rows = Rebalance.toRows("x", x, dims, false);
                assertArrayEquals(dims, rows.globalShape());
                assertArrayEquals(Rebalance.rowShapes(dims, comm.size())[comm.rank()], rows.localShape());
                assertEquals(global.reshape(dims), rows.asArray());
                DistributedArray flat = Rebalance.flatten(rows);
                assertArrayEquals(Rebalance.rowCounts(dims, comm.size()), Vectors.localSizes(flat));
                assertEquals(global, flat.asArray());
            });
        }
    }

    @Test
    void wrongLengthIsNamed() {
        LocalCluster.run(2, comm -> {
            DistributedArray x = DistributedArray.builder(comm, 5).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Rebalance.toCounts("model", x, new long[] {3, 3}, false));
            assertTrue(e.getMessage().startsWith("model:"), e.getMessage());
        });
    }
}
