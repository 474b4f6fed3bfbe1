package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.jlops.mpi.comm.local.LocalCluster;
import org.junit.jupiter.api.Test;

/**
 * {@link DistributedArray#resplit} and {@link DistributedArray#resplitLike} keep the global vector
 * and give every rank the wanted count, at 1..8 ranks; {@link DistributedArray#astype} converts.
 */
class ResplitTest {

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
                    DistributedArray y = x.resplit(to);
                    assertArrayEquals(to, y.localSizes(), "local sizes");
                    assertEquals(global, y.asArray(), "gathered vector");
                    assertEquals(before, x.localArray(), "input unchanged");
                    assertSame(x, x.resplit(from), "no move when the split matches");
                    DistributedArray back = y.resplitLike(x);
                    assertTrue(back.sameLayout(x), back.layout());
                    assertEquals(global, back.asArray(), "round trip");
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
            DistributedArray y = x.resplit(0, 5, 2);
            assertEquals(Partition.SCATTER, y.partition());
            assertEquals(global, y.asArray());
            DistributedArray unsafe = DistributedArray.builder(comm, 7).partition(Partition.UNSAFE_BROADCAST).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> unsafe.resplit(0, 5, 2));
            assertTrue(e.getMessage().contains("UNSAFE_BROADCAST"), e.getMessage());
        });
    }

    @Test
    void astypeConvertsAndCopies() {
        LocalCluster.run(2, comm -> {
            DistributedArray x = DistributedArray.toDist(NdArray.ofFloat64(new double[] {1.5, -2, 3.25}), comm);
            DistributedArray c = x.astype(DType.COMPLEX64);
            assertEquals(DType.COMPLEX64, c.dtype());
            assertArrayEquals(x.localShapes()[comm.rank()], c.localShape());
            assertEquals(NdArray.ofFloat64(new double[] {1.5, -2, 3.25}).astype(DType.COMPLEX64), c.asArray());
            DistributedArray same = x.astype(DType.FLOAT64);
            assertTrue(same != x && same.sameLayout(x), "astype copies by default");
            assertSame(x, x.astype(DType.FLOAT64, false), "copy == false keeps the array");
        });
    }

    @Test
    void mismatchedSplitsNameResplitLike() {
        LocalCluster.run(2, comm -> {
            DistributedArray x = DistributedArray.builder(comm, 5).build();
            DistributedArray y = DistributedArray.builder(comm, 5).localSizes(1, 4).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.add(y));
            assertTrue(e.getMessage().contains("other.resplitLike(this)"), e.getMessage());
            assertEquals(x.localSizes()[0], x.add(y.resplitLike(x)).localSizes()[0]);
        });
    }

    @Test
    void wrongLengthIsNamed() {
        LocalCluster.run(2, comm -> {
            DistributedArray x = DistributedArray.builder(comm, 5).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.resplit(3, 3));
            assertTrue(e.getMessage().startsWith("counts:"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> x.resplit(5));
            assertTrue(e.getMessage().startsWith("counts: expected one length per rank (2)"), e.getMessage());
            DistributedArray m = DistributedArray.builder(comm, 2, 3).build();
            e = assertThrows(IllegalArgumentException.class, () -> m.resplit(3, 3));
            assertTrue(e.getMessage().contains("needs a 1-d array"), e.getMessage());
        });
    }
}
