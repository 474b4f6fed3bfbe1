package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * {@link TreeSum} against its serial definition in the cases the random splits of
 * {@link ReproducibleReductionsTest} rarely reach: vector-valued leaves wide enough for the
 * chunked evaluation of large nodes, leaf counts and splits on block boundaries (powers of two of
 * {@link TreeSum#BLOCK} and one either side), complex scalar sums, the extremes, and verdicts that
 * differ between ranks (an error on one rank, a value that one rank passes differently).
 */
class TreeSumTest {

    /** The serial tree: node (level, k) of values v, the right child only where it exists. */
    private static double node(double[] v, int level, long k) {
        if (level == 0) {
            return v[(int) k];
        }
        double left = node(v, level - 1, 2 * k);
        return ((2 * k + 1) << (level - 1)) < v.length ? left + node(v, level - 1, 2 * k + 1) : left;
    }

    private static int levels(long n) {
        int t = 0;
        while ((1L << t) < n) {
            t++;
        }
        return t;
    }

    /** The definition of a scalar sum: block sums of BLOCK leaves (one component), then the tree. */
    private static double scalarDefinition(double[] leaves, int component, int width) {
        int n = leaves.length / width;
        int blocks = (n + TreeSum.BLOCK - 1) / TreeSum.BLOCK;
        if (blocks == 0) {
            return 0;
        }
        double[] v = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            int first = b * TreeSum.BLOCK;
            int len = Math.min(TreeSum.BLOCK, n - first);
            double[] block = new double[len];
            for (int i = 0; i < len; i++) {
                block[i] = leaves[(first + i) * width + component];
            }
            v[b] = Engine.blockSum(block, 0, len, 1);
        }
        return node(v, levels(blocks), 0);
    }

    /** Leaves of wildly different magnitudes: the order of additions shows in the bits. */
    private static double[] leaves(Random rnd, int values) {
        double[] v = new double[values];
        for (int i = 0; i < values; i++) {
            v[i] = Math.pow(10, rnd.nextInt(14) - 7) * (rnd.nextDouble() - 0.5);
        }
        return v;
    }

    private static long[] starts(long[] counts) {
        long[] s = new long[counts.length];
        for (int r = 1; r < counts.length; r++) {
            s[r] = s[r - 1] + counts[r - 1];
        }
        return s;
    }

    /** Leaves served from a global array of {@code width} values per leaf, in blocks of block sums. */
    private static TreeSum.Leaves served(double[] global, int width, long start) {
        return (from, count, blockLength, out, pos) -> {
            for (long b = 0; b < count; b += blockLength) {
                int len = (int) Math.min(blockLength, count - b);
                for (int w = 0; w < width; w++) {
                    double[] block = new double[len];
                    for (int i = 0; i < len; i++) {
                        block[i] = global[(int) ((start + from + b + i) * width + w)];
                    }
                    out[pos++] = Engine.blockSum(block, 0, len, 1);
                }
            }
        };
    }

    /** Cut points on block boundaries and one either side, so partial blocks of length 1 and BLOCK - 1 occur. */
    private static long[] boundarySplit(Random rnd, long n, int p) {
        long[] cuts = new long[p + 1];
        cuts[p] = n;
        for (int r = 1; r < p; r++) {
            long b = (long) rnd.nextInt((int) (n / TreeSum.BLOCK) + 1) * TreeSum.BLOCK + rnd.nextInt(3) - 1;
            cuts[r] = Math.max(0, Math.min(n, b));
        }
        Arrays.sort(cuts, 1, p);
        long[] counts = new long[p];
        for (int r = 0; r < p; r++) {
            counts[r] = cuts[r + 1] - cuts[r];
        }
        return counts;
    }

    @Test
    void vectorSumsOfWideLeavesAreTheDefinitionAtEveryRankCount() {
        Random rnd = new Random(23);
        // widths above 2^14 / 2 make a node of two leaves a chunked (recursive) evaluation
        int[] widths = {1, 3, 200, 3000, 9000};
        for (int trial = 0; trial < 30; trial++) {
            int width = widths[trial % widths.length];
            int n = trial < 5 ? trial : 1 + rnd.nextInt(width > 1000 ? 24 : 150);
            double[] global = leaves(rnd, n * width);
            double[] expected = new double[width];
            int top = levels(n);
            for (int w = 0; w < width && n > 0; w++) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = global[i * width + w];
                }
                expected[w] = node(v, top, 0);
            }
            int p = 1 + rnd.nextInt(6);
            long[] counts = ReproducibleReductionsTest.split(rnd, n, p);
            long[] starts = starts(counts);
            List<double[]> got = LocalCluster.call(p, comm -> TreeSum.vector(comm, starts[comm.rank()],
                    counts[comm.rank()], n, width, served(global, width, starts[comm.rank()])));
            for (int r = 0; r < p; r++) {
                assertBits(expected, got.get(r), "width " + width + " n " + n + " split " + Arrays.toString(counts)
                        + " rank " + r);
            }
        }
    }

    @Test
    void scalarSumsOnBlockBoundariesAreTheDefinition() {
        Random rnd = new Random(31);
        int b = TreeSum.BLOCK;
        long[] sizes = {b - 1, b, b + 1, 2L * b, 2L * b + 1, 4L * b - 1, 4L * b, 8L * b + 1, 16L * b, 17L * b - 1};
        for (long n : sizes) {
            for (boolean complex : new boolean[] {false, true}) {
                int width = complex ? 2 : 1;
                double[] global = leaves(rnd, (int) n * width);
                double re = scalarDefinition(global, 0, width);
                double im = complex ? scalarDefinition(global, 1, width) : 0;
                for (int p = 1; p <= 5; p++) {
                    long[] counts = boundarySplit(rnd, n, p);
                    long[] starts = starts(counts);
                    List<double[]> got = LocalCluster.call(p, comm -> TreeSum.scalar(comm, starts[comm.rank()],
                            counts[comm.rank()], n, complex, served(global, width, starts[comm.rank()]),
                            TreeSum.Verdict.NONE));
                    for (double[] g : got) {
                        assertBits(new double[] {re, im}, Arrays.copyOf(g, 2), "n " + n + " complex " + complex
                                + " split " + Arrays.toString(counts));
                    }
                }
            }
        }
    }

    @Test
    void largeScalarSumsUseTheChunkedNodesAndKeepTheBits() {
        Random rnd = new Random(37);
        int n = (1 << 15) * TreeSum.BLOCK + 77;                          // 2^15 blocks: nodes above the chunk size
        double[] global = leaves(rnd, n);
        double expected = scalarDefinition(global, 0, 1);
        for (int p : new int[] {1, 3}) {
            long[] counts = boundarySplit(rnd, n, p);
            long[] starts = starts(counts);
            List<double[]> got = LocalCluster.call(p, comm -> TreeSum.scalar(comm, starts[comm.rank()],
                    counts[comm.rank()], n, false, served(global, 1, starts[comm.rank()]), TreeSum.Verdict.NONE));
            for (double[] g : got) {
                assertBits(new double[] {expected}, new double[] {g[0]}, "p " + p + " " + Arrays.toString(counts));
            }
        }
    }

    @Test
    void extremesAreTheLargestAndSmallestOfTheRanksValues() {
        for (int p = 1; p <= 5; p++) {
            int ranks = p;
            List<double[]> got = LocalCluster.call(p, comm -> {
                double mine = Math.sin(3.0 * comm.rank() + 1) * 10;
                return new double[] {TreeSum.extreme(comm, 100, mine, true, TreeSum.Verdict.NONE),
                    TreeSum.extreme(comm, 100, mine, false, TreeSum.Verdict.NONE)};
            });
            double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
            for (int r = 0; r < ranks; r++) {
                max = Math.max(max, Math.sin(3.0 * r + 1) * 10);
                min = Math.min(min, Math.sin(3.0 * r + 1) * 10);
            }
            for (double[] g : got) {
                assertEquals(max, g[0], "max at p " + p);
                assertEquals(min, g[1], "min at p " + p);
            }
        }
    }

    /** A verdict whose one value group is {@code value}. */
    private static TreeSum.Verdict verdict(String error, long value) {
        long[][] groups = {{value}};
        return new TreeSum.Verdict(error, CollectiveChecks.fingerprint(groups), new String[] {"ord"}, () -> groups);
    }

    /** Runs {@code call} on 4 ranks and returns every rank's IllegalArgumentException message, all asserted equal. */
    private static String failsEverywhere(java.util.function.Function<Communicator, Object> call) {
        List<String> msgs = LocalCluster.call(4, comm -> {
            String msg = null;
            try {
                call.apply(comm);
            } catch (IllegalArgumentException e) {
                msg = e.getMessage();
            }
            comm.barrier();
            return msg;
        });
        for (int r = 0; r < 4; r++) {
            assertNotNull(msgs.get(r), "rank " + r + " did not throw");
            assertEquals(msgs.get(0), msgs.get(r), "rank " + r + " threw another message");
        }
        return msgs.get(0);
    }

    private static final TreeSum.Leaves ONES = (from, count, blockLength, out, pos) -> {
        for (long b = 0; b < count; b += blockLength) {
            out[pos++] = Math.min(blockLength, count - b);
        }
    };

    @Test
    void oneRanksErrorIsEveryRanksError() {
        String m = failsEverywhere(comm -> TreeSum.scalar(comm, 10L * comm.rank(), 10, 40, false, ONES,
                verdict(comm.rank() == 2 ? "ord: NaN on rank two" : null, 2)));
        assertTrue(m.contains("ord: NaN on rank two"), m);
        m = failsEverywhere(comm -> TreeSum.extreme(comm, 40, comm.rank(), true,
                verdict(comm.rank() == 3 ? "ord: bad on rank three" : null, 2)));
        assertTrue(m.contains("ord: bad on rank three"), m);
        // the lowest failing rank's message wins
        m = failsEverywhere(comm -> TreeSum.scalar(comm, 10L * comm.rank(), 10, 40, false, ONES,
                verdict(comm.rank() >= 1 ? "ord: failed on rank " + comm.rank() : null, 2)));
        assertTrue(m.contains("ord: failed on rank 1"), m);
    }

    @Test
    void aValueThatOneRankPassesDifferentlyIsNamed() {
        String m = failsEverywhere(comm -> TreeSum.scalar(comm, 10L * comm.rank(), 10, 40, false, ONES,
                verdict(null, comm.rank() == 1 ? 3 : 2)));
        assertTrue(m.startsWith("ord: must be the same on every rank"), m);
        assertTrue(m.contains("rank 1"), m);
        m = failsEverywhere(comm -> TreeSum.extreme(comm, 40, 1.0, false, verdict(null, comm.rank() == 3 ? 7 : 2)));
        assertTrue(m.startsWith("ord: must be the same on every rank") && m.contains("rank 3"), m);
    }

    @Test
    void agreedVerdictsSumEveryLeafOnce() {
        List<double[]> got = LocalCluster.call(4, comm -> TreeSum.scalar(comm, 10L * comm.rank(), 10, 40, false, ONES,
                verdict(null, 2)));
        for (double[] g : got) {
            assertEquals(40.0, g[0]);
            assertEquals(0.0, g[1]);
        }
    }

    private static void assertBits(double[] expected, double[] got, String what) {
        assertEquals(expected.length, got.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(got[i])) {
                assertEquals(expected[i], got[i], what + " value " + i + " (bits differ)");
                throw new AssertionError(what + " value " + i + ": bits differ, " + expected[i] + " vs " + got[i]);
            }
        }
    }
}
