package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.testkit.SerialArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DistributedArray#redistribute} and {@link DistributedArray#norm(double, int)} of n-d
 * arrays against the global array they stand for, at 1..5 in-JVM ranks, every dtype, every pair
 * of axes (the verify module checks the same against PyLops-MPI; this is the impl-side check).
 */
class RedistributeAndNormTest {

    private static final long[][] SHAPES = {{5, 7}, {3, 4, 5}, {2, 1, 6}};
    private static final double[] ORDS = {0, 1, 2, 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    /** The block of {@code global} that rank {@code r} of {@code n} holds when split along {@code axis}. */
    private static NdArray block(NdArray global, int axis, int r, int n) {
        long[] counts = LocalSplit.counts(global.shape(axis), n);
        long from = LocalSplit.offsets(counts)[r];
        return global.slice(axis, from, from + counts[r]);
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 5})
    void redistributeMovesTheSplitToAnotherAxis(int n) {
        LocalCluster.run(n, comm -> {
            long seed = 70;
            for (DType dt : DType.values()) {
                for (long[] shape : SHAPES) {
                    NdArray global = SerialArrays.random(dt, seed++, 0, 1, shape);
                    for (int from = 0; from < shape.length; from++) {
                        DistributedArray x = DistributedArray.toDist(global, comm, Partition.SCATTER, from);
                        assertEquals(block(global, from, comm.rank(), n), x.localArray(), "toDist along " + from);
                        assertSame(x, x.redistribute(from), "the same axis: no copy");
                        for (int to = 0; to < shape.length; to++) {
                            if (to == from) {
                                continue;
                            }
                            String what = dt + " " + Arrays.toString(shape) + " axis " + from + " -> " + to;
                            DistributedArray y = x.redistribute(to - shape.length); // negative: from the end
                            assertEquals(to, y.axis(), what);
                            assertArrayEquals(LocalSplit.localSplit(shape, comm.rank(), n, Partition.SCATTER, to),
                                    y.localShape(), what);
                            assertEquals(block(global, to, comm.rank(), n), y.localArray(), what);
                            assertEquals(global, y.asArray(), what + ": gathered");
                        }
                    }
                    DistributedArray b = DistributedArray.toDist(global, comm, Partition.BROADCAST, 0);
                    assertSame(b, b.redistribute(1), "a replicated array is returned as it is");
                }
            }
        });
    }

    /** The ord-norm along {@code axis} of the global array, as numpy computes it. */
    private static double[] norms(NdArray a, double ord, int axis) {
        long[] s = a.shape();
        long outer = Shapes.outer(s, axis);
        long len = s[axis];
        long inner = Shapes.inner(s, axis);
        double[] out = new double[(int) (outer * inner)];
        for (long o = 0; o < outer; o++) {
            for (long i = 0; i < inner; i++) {
                double acc = ord == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : 0;
                for (long k = 0; k < len; k++) {
                    long flat = (o * len + k) * inner + i;
                    double v = Math.hypot(a.re(flat), a.im(flat));
                    if (ord == 0) {
                        acc += v != 0 ? 1 : 0;
                    } else if (ord == Double.POSITIVE_INFINITY) {
                        acc = Math.max(acc, v);
                    } else if (ord == Double.NEGATIVE_INFINITY) {
                        acc = Math.min(acc, v);
                    } else {
                        acc += Math.pow(v, ord);
                    }
                }
                boolean root = ord != 0 && !Double.isInfinite(ord) && ord != 1;
                out[(int) (o * inner + i)] = root ? Math.pow(acc, 1 / ord) : acc;
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 5})
    void normsAlongEveryAxisMatchTheGlobalArray(int n) {
        LocalCluster.run(n, comm -> {
            long seed = 90;
            for (DType dt : DType.values()) {
                double rtol = dt.isDoublePrecision() ? 1e-12 : 1e-5;
                for (long[] shape : SHAPES) {
                    NdArray global = SerialArrays.random(dt, seed++, 0, 1, shape);
                    global.set(1, 0, 0); // a zero entry for ord 0
                    for (int dist = 0; dist < shape.length; dist++) {
                        for (Partition p : new Partition[] {Partition.SCATTER, Partition.BROADCAST}) {
                            DistributedArray x = DistributedArray.toDist(global, comm, p, dist);
                            for (double ord : ORDS) {
                                for (int na = 0; na < shape.length; na++) {
                                    String what = dt + " " + Arrays.toString(shape) + " " + p + " along " + dist
                                            + ", ord " + ord + ", norm axis " + na;
                                    NdArray got = x.norm(ord, na);
                                    assertEquals(dt.realType(), got.dtype(), what);
                                    assertArrayEquals(Shapes.without(shape, na), got.shape(), what);
                                    double[] want = norms(global, ord, na);
                                    for (int k = 0; k < want.length; k++) {
                                        assertEquals(want[k], got.re(k), rtol * Math.max(1, want[k]), what + " @" + k);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
