package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * Dot products and norms give the same bits at every rank count and every split (TreeSum), and
 * the tree sum is the serial definition of the class documentation.
 */
class ReproducibleReductionsTest {

    /** Random counts of n leaves over p ranks, empty ranks included. */
    static long[] split(Random rnd, long n, int p) {
        long[] c = new long[p];
        long left = n;
        for (int r = 0; r < p - 1; r++) {
            c[r] = rnd.nextInt(4) == 0 ? 0 : (long) (rnd.nextDouble() * (left + 1));
            left -= c[r];
        }
        c[p - 1] = left;
        return c;
    }

    /** Values of wildly different magnitudes, so that the order of additions shows in the bits. */
    private static NdArray values(Random rnd, DType dt, long... shape) {
        NdArray a = NdArray.zeros(dt, shape);
        for (long k = 0; k < a.size(); k++) {
            double scale = Math.pow(10, rnd.nextInt(16) - 8);
            a.set(k, scale * (rnd.nextDouble() - 0.5), scale * (rnd.nextDouble() - 0.5));
        }
        return a;
    }

    /** Serial definition: block sums in the fixed order, then the binary tree over aligned ranges. */
    private static double definition(double[] leaves, int block) {
        int blocks = (leaves.length + block - 1) / block;
        if (blocks == 0) {
            return 0;
        }
        double[] v = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            v[b] = Engine.blockSum(leaves, b * block, Math.min(block, leaves.length - b * block), 1);
        }
        int top = 0;
        while ((1 << top) < blocks) {
            top++;
        }
        return node(v, top, 0);
    }

    private static double node(double[] v, int level, int k) {
        if (level == 0) {
            return v[k];
        }
        double left = node(v, level - 1, 2 * k);
        return ((2 * k + 1) << (level - 1)) < v.length ? left + node(v, level - 1, 2 * k + 1) : left;
    }

    @Test
    void treeSumIsTheSerialDefinitionAtEveryRankCountAndSplit() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 40; trial++) {
            int n = rnd.nextInt(trial < 10 ? 40 : 3000);
            double[] leaves = new double[n];
            for (int i = 0; i < n; i++) {
                leaves[i] = Math.pow(10, rnd.nextInt(12) - 6) * (rnd.nextDouble() - 0.5);
            }
            double expected = definition(leaves, TreeSum.BLOCK);
            int p = 1 + rnd.nextInt(8);
            long[] counts = split(rnd, n, p);
            List<Double> got = LocalCluster.call(p, comm -> {
                long start = 0;
                for (int r = 0; r < comm.rank(); r++) {
                    start += counts[r];
                }
                long s0 = start;
                TreeSum.Leaves mine = (from, m, blockLength, out, pos) -> {
                    for (long b = 0; b < m; b += blockLength) {
                        out[pos++] = Engine.blockSum(leaves, (int) (s0 + from + b), (int) Math.min(blockLength, m - b), 1);
                    }
                };
                return TreeSum.scalar(comm, start, counts[comm.rank()], n, false, mine, TreeSum.Verdict.NONE)[0];
            });
            for (double g : got) {
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(g),
                        "n=" + n + " split " + java.util.Arrays.toString(counts) + ": " + g + " vs " + expected);
            }
        }
    }

    /** The bits of every reduction of {@code global} (distributed along {@code axis}) on p ranks with random splits. */
    private static List<Long> reductions(NdArray global, int axis, int p, long seed, boolean replicated) {
        Random rnd = new Random(seed);
        long[] counts = split(rnd, global.shape()[axis], p);
        return LocalCluster.call(p, comm -> {
            DistributedArray x;
            if (replicated) {
                x = DistributedArray.toDist(global, comm, Partition.BROADCAST, axis);
            } else {
                long[][] shapes = new long[p][];
                for (int r = 0; r < p; r++) {
                    shapes[r] = global.shape().clone();
                    shapes[r][axis] = counts[r];
                }
                x = DistributedArray.toDist(global, comm, Partition.SCATTER, axis, shapes, null);
            }
            DistributedArray y = x.conj().multiply(0.75, 0.5);
            List<Long> bits = new ArrayList<>();
            Complex d = x.dot(y, true);
            bits.add(Double.doubleToRawLongBits(d.re()));
            bits.add(Double.doubleToRawLongBits(d.im()));
            for (double ord : new double[] {0, 1, 2, 3.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                bits.add(Double.doubleToRawLongBits(x.norm(ord)));
            }
            for (int a = 0; a < global.ndim(); a++) {
                NdArray along = x.norm(2, a);
                for (long k = 0; k < along.size(); k++) {
                    bits.add(Double.doubleToRawLongBits(along.re(k)));
                }
            }
            return bits;
        }).get(0);
    }

    @Test
    void dotAndNormsAreBitIdenticalAtEveryRankCountAndSplit() {
        Random rnd = new Random(5);
        long[][] shapes = {{1}, {37}, {1000}, {5, 9}, {33, 4}, {3, 17, 5}};
        for (DType dt : DType.values()) {
            for (long[] shape : shapes) {
                NdArray g = values(rnd, dt, shape);
                for (int axis = 0; axis < shape.length; axis++) {
                    List<Long> one = reductions(g, axis, 1, 1, false);
                    for (int p = 2; p <= 6; p++) {
                        String what = dt + " " + java.util.Arrays.toString(shape) + " axis " + axis + " p " + p;
                        assertEquals(one, reductions(g, axis, p, 17L * p + axis, false), what);
                        assertEquals(one, reductions(g, axis, p, 5L * p, true), what + " broadcast");
                    }
                }
            }
        }
    }

    @Test
    void maskedReductionsAgreeWithTheUnmaskedGroup() {
        NdArray g = values(new Random(3), DType.FLOAT64, 101);
        double whole = LocalCluster.call(1, comm -> DistributedArray.toDist(g, comm).norm(2)).get(0);
        List<Double> masked = LocalCluster.call(4, comm -> {
            long[][] shapes = comm.rank() % 2 == 0 ? new long[][] {{60}, {30}, {41}, {71}}
                    : new long[][] {{60}, {30}, {41}, {71}};
            NdArray mine = comm.rank() == 0 ? g.slice(0, 0, 60) : comm.rank() == 1 ? g.slice(0, 0, 30)
                    : comm.rank() == 2 ? g.slice(0, 60, 101) : g.slice(0, 30, 101);
            DistributedArray x = DistributedArray.builder(comm, 202).localShapes(shapes).mask(0, 1, 0, 1)
                    .localArray(mine).build();
            return x.norm(2);
        });
        for (double m : masked) {
            assertEquals(Double.doubleToRawLongBits(whole), Double.doubleToRawLongBits(m), "each group holds g once");
        }
        assertTrue(whole > 0);
    }
}
