package org.jlops.mpi.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The solvers' fused {@code y += s x; |y . conj(y)|} ({@link DistributedArray#iaxpyDot}, the host's
 * {@link Engine#axpyDotBlocks}): the same bits as {@code iaxpy} followed by {@code dot(this, true)},
 * in the array and in the returned value, at every rank count and split (empty ranks included),
 * every dtype, SCATTER and BROADCAST, lengths around the block size.
 */
class FusedAxpyDotTest {

    private static NdArray values(Random rnd, DType dt, long n) {
        NdArray a = NdArray.zeros(dt, n);
        for (long k = 0; k < n; k++) {
            double scale = Math.pow(10, rnd.nextInt(12) - 6);
            a.set(k, scale * (rnd.nextDouble() - 0.5), scale * (rnd.nextDouble() - 0.5));
        }
        return a;
    }

    /** Bits of the fused and the two-pass results (value, then every element), on p ranks. */
    private static List<long[]> run(NdArray y0, NdArray x0, double re, double im, int p, long[] counts,
            boolean replicated, boolean fused) {
        return LocalCluster.call(p, comm -> {
            DistributedArray y;
            DistributedArray x;
            if (replicated) {
                y = DistributedArray.toDist(y0, comm, Partition.BROADCAST, 0);
                x = DistributedArray.toDist(x0, comm, Partition.BROADCAST, 0);
            } else {
                long[][] shapes = new long[p][];
                for (int r = 0; r < p; r++) {
                    shapes[r] = new long[] {counts[r]};
                }
                y = DistributedArray.toDist(y0, comm, Partition.SCATTER, 0, shapes, null);
                x = DistributedArray.toDist(x0, comm, Partition.SCATTER, 0, shapes, null);
            }
            double v;
            if (fused) {
                v = y.iaxpyDot(re, im, x);
            } else {
                y.iaxpy(re, im, x);
                v = y.dot(y, true).abs();
            }
            NdArray all = y.asArray();
            long[] bits = new long[1 + 2 * (int) all.size()];
            bits[0] = Double.doubleToRawLongBits(v);
            for (long k = 0; k < all.size(); k++) {
                boolean complex = y0.dtype().isComplex();
                bits[1 + 2 * (int) k] = Double.doubleToRawLongBits(complex ? all.getComplex(k).re() : all.get(k));
                bits[2 + 2 * (int) k] = complex ? Double.doubleToRawLongBits(all.getComplex(k).im()) : 0;
            }
            return bits;
        });
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT64", "FLOAT32", "COMPLEX128", "COMPLEX64"})
    void fusedIsTheTwoPassesBitForBitAtEveryRankCount(DType dt) {
        Random rnd = new Random(2026_12_07L + dt.ordinal());
        for (long n : new long[] {0, 1, 7, 255, 256, 257, 1023, 1024, 1025, 2600, 5000}) {
            NdArray y0 = values(rnd, dt, n);
            NdArray x0 = values(rnd, dt, n);
            double re = rnd.nextGaussian();
            double im = rnd.nextBoolean() ? 0 : rnd.nextGaussian();
            long[] serial = run(y0, x0, re, im, 1, new long[] {n}, false, false).get(0);
            for (int p = 1; p <= 4; p++) {
                long[] counts = ReproducibleReductionsTest.split(rnd, n, p);
                for (boolean replicated : new boolean[] {false, true}) {
                    for (boolean fused : new boolean[] {true, false}) {
                        List<long[]> got = run(y0, x0, re, im, p, counts, replicated, fused);
                        for (long[] g : got) {
                            assertArrayEquals(serial, g, dt + " n=" + n + " p=" + p + " split " + Arrays.toString(counts)
                                    + (replicated ? " BROADCAST" : " SCATTER") + (fused ? " fused" : " two passes"));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void hostKernelIsAxpyThenDotBlocksOnTheRange(ElementType type) {
        Engine e = Engine.host();
        Random rnd = new Random(7 + type.ordinal());
        for (int trial = 0; trial < 60; trial++) {
            int len = rnd.nextInt(3000);
            int pos = rnd.nextInt(50);
            int tail = rnd.nextInt(5);
            int block = rnd.nextBoolean() ? 256 : 1 + rnd.nextInt(300);
            double re = rnd.nextGaussian();
            double im = rnd.nextInt(3) == 0 ? 0 : rnd.nextGaussian();
            Buffer x = random(e, type, pos + len + tail, rnd);
            Buffer y1 = random(e, type, pos + len + tail, rnd);
            Buffer y2 = e.copyOf(y1);
            int blocks = (len + block - 1) / block;
            double[] fused = new double[2 * blocks + 3];
            double[] twice = new double[2 * blocks + 3];
            e.axpyDotBlocks(re, im, x, y1, pos, len, block, fused, 3);
            // the two passes on the range, through copies (the interface's default)
            Buffer xs = e.allocate(type, len);
            Buffer ys = e.allocate(type, len);
            e.copy(x, pos, xs, 0, len);
            e.copy(y2, pos, ys, 0, len);
            e.axpy(re, im, xs, ys);
            e.copy(ys, 0, y2, pos, len);
            e.dotBlocks(y2, pos, y2, pos, len, block, true, twice, 3);
            String what = type + " len=" + len + " pos=" + pos + " block=" + block;
            assertArrayEquals(twice, fused, what);
            assertEquals(doubles(y2), doubles(y1), what);              // Double.equals: the same bits
        }
    }

    /** The solvers' {@code x += a c; c = r + b c}: the same bits as the two calls, specials included. */
    @ParameterizedTest
    @EnumSource(ElementType.class)
    void hostAxpyAypxIsAxpyThenAypx(ElementType type) {
        Engine e = Engine.host();
        Random rnd = new Random(11 + type.ordinal());
        for (int trial = 0; trial < 40; trial++) {
            int len = rnd.nextInt(3000);
            double a = trial == 0 ? 0 : rnd.nextGaussian();
            double b = trial == 1 ? Double.NaN : rnd.nextGaussian();
            Buffer c1 = random(e, type, len, rnd);
            Buffer y1 = random(e, type, len, rnd);
            Buffer r = random(e, type, len, rnd);
            specials(c1, rnd);
            specials(y1, rnd);
            Buffer c2 = e.copyOf(c1);
            Buffer y2 = e.copyOf(y1);
            Buffer rBefore = e.copyOf(r);
            e.axpyAypx(a, c1, y1, b, r);
            e.axpy(a, 0, c2, y2);
            e.aypx(b, 0, r, c2);
            String what = type + " len=" + len + " a=" + a + " b=" + b;
            assertEquals(doubles(y2), doubles(y1), what + " (y)");
            assertEquals(doubles(c2), doubles(c1), what + " (p)");
            assertEquals(doubles(rBefore), doubles(r), what + " (x unchanged)");
        }
    }

    @Test
    void axpyAypxOnSharedStorageIsStillTheTwoCalls() {
        Engine e = Engine.host();
        Random rnd = new Random(5);
        Buffer c1 = random(e, ElementType.FLOAT64, 100, rnd);
        Buffer c2 = e.copyOf(c1);
        e.axpyAypx(0.5, c1, c1, 2.0, c1);                                     // y, p and x one buffer
        e.axpy(0.5, 0, c2, c2);
        e.aypx(2.0, 0, c2, c2);
        assertEquals(doubles(c2), doubles(c1));
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT64", "COMPLEX64"})
    void arrayAndStackAxpyAypxAreTheTwoCalls(DType dt) {
        Random rnd = new Random(99 + dt.ordinal());
        NdArray c0 = values(rnd, dt, 1000);
        NdArray y0 = values(rnd, dt, 1000);
        NdArray r0 = values(rnd, dt, 1000);
        for (int p = 1; p <= 3; p++) {
            List<Boolean> same = LocalCluster.call(p, comm -> {
                DistributedArray c = DistributedArray.toDist(c0, comm, Partition.SCATTER, 0);
                DistributedArray y = DistributedArray.toDist(y0, comm, Partition.SCATTER, 0);
                DistributedArray r = DistributedArray.toDist(r0, comm, Partition.SCATTER, 0);
                DistributedArray c2 = c.copy();
                DistributedArray y2 = y.copy();
                c.iaxpyAypx(0.75, y, -1.25, r);
                y2.iaxpy(0.75, 0, c2);
                c2.iaypx(-1.25, 0, r);
                StackedDistributedArray sc = new StackedDistributedArray(List.of(c2.copy(), r.copy()));
                StackedDistributedArray sy = new StackedDistributedArray(List.of(y.copy(), y2.copy()));
                StackedDistributedArray sr = new StackedDistributedArray(List.of(r.copy(), c.copy()));
                StackedDistributedArray sc2 = sc.copy();
                StackedDistributedArray sy2 = sy.copy();
                sc.iaxpyAypx(2.0, sy, 0.5, sr);
                sy2.iaxpy(2.0, 0, sc2);
                sc2.iaypx(0.5, 0, sr);
                assertThrows(IllegalArgumentException.class, () -> c.iaxpyAypx(1, c, 1, r));
                return c.localArray().equals(c2.localArray()) && y.localArray().equals(y2.localArray())
                        && sc.asArray().equals(sc2.asArray()) && sy.asArray().equals(sy2.asArray());
            });
            assertTrue(same.stream().allMatch(v -> v), dt + " p=" + p);
        }
    }

    private static void specials(Buffer b, Random rnd) {
        double[] s = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE};
        Object a = b.hostArray();
        if (a instanceof double[] d) {
            for (int k = 0; k < d.length; k += 1 + rnd.nextInt(40)) {
                d[k] = s[rnd.nextInt(s.length)];
            }
        } else {
            float[] f = (float[]) a;
            for (int k = 0; k < f.length; k += 1 + rnd.nextInt(40)) {
                f[k] = (float) s[rnd.nextInt(s.length)];
            }
        }
    }

    @Test
    void aMismatchedOperandOnOneRankFailsOnEveryRankBeforeWriting() {
        List<String> msgs = LocalCluster.call(3, comm -> {
            DistributedArray y = DistributedArray.builder(comm, 10).build();
            y.fill(2);
            DistributedArray other = DistributedArray.builder(comm, 12).build();
            DistributedArray x = y.zerosLike();
            x.fill(1);
            DistributedArray bad = comm.rank() == 1 ? other : x;
            NdArray before = y.localArray().copy();
            String m = assertThrows(IllegalArgumentException.class, () -> y.iaxpyDot(1, 0, bad)).getMessage();
            assertEquals(before, y.localArray(), "rank " + comm.rank() + " wrote before the verdict");
            return m;
        });
        assertEquals(msgs.get(0), msgs.get(1));
        assertEquals(msgs.get(0), msgs.get(2));
        assertTrue(msgs.get(0).startsWith("x:") && msgs.get(0).endsWith("(reported by rank 1)"), msgs.get(0));
    }

    private static Buffer random(Engine e, ElementType t, long n, Random rnd) {
        Buffer b = e.allocate(t, n);
        Object a = b.hostArray();
        if (a instanceof double[] d) {
            for (int k = 0; k < d.length; k++) {
                d[k] = rnd.nextGaussian();
            }
        } else {
            float[] f = (float[]) a;
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) rnd.nextGaussian();
            }
        }
        return b;
    }

    private static List<Double> doubles(Buffer b) {
        List<Double> out = new ArrayList<>();
        Object a = b.hostArray();
        if (a instanceof double[] d) {
            for (double v : d) {
                out.add(v);
            }
        } else {
            for (float v : (float[]) a) {
                out.add((double) v);
            }
        }
        return out;
    }
}
