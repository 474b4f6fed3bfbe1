package org.jlops.mpi.array;

import static org.jlops.mpi.array.DistributedArrayErrorsTest.failsEverywhere;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.engine.ThresholdKernels;
import org.jlops.mpi.testkit.FencedEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shrinkage solvers' fused passes: {@link Engine#shrinkStep} and
 * {@link Engine#extrapolatedResidualBlocks} (the host's one loop and the composed default, seen
 * through the fenced engine) against the separate kernels, bit for bit with NaN, infinities and
 * signed zeros; {@link DistributedVector#ishrinkStep} and {@link Reductions#normsWithResidual} on
 * arrays and stacks at 1 to 3 ranks, uneven and empty splits, SCATTER and BROADCAST; and bad
 * operands on one rank only, refused with the same message on every rank before anything is written.
 */
class FusedShrinkStepTest {

    private static final double[] SPECIALS = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NaN, Double.MIN_VALUE, 1e-300, 3.0};

    private static Buffer random(Engine e, ElementType t, long n, Random rnd, boolean specials) {
        Buffer b = e.allocate(t, n);
        Object a = b.hostArray();
        if (a instanceof double[] d) {
            for (int k = 0; k < d.length; k++) {
                d[k] = specials && rnd.nextInt(30) == 0 ? SPECIALS[rnd.nextInt(SPECIALS.length)]
                        : rnd.nextGaussian() * Math.pow(10, rnd.nextInt(5) - 2);
            }
        } else {
            float[] f = (float[]) a;
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) (specials && rnd.nextInt(30) == 0 ? SPECIALS[rnd.nextInt(SPECIALS.length)]
                        : rnd.nextGaussian() * Math.pow(10, rnd.nextInt(5) - 2));
            }
        }
        return b;
    }

    /**
     * The bits of every entry, NaN as one NaN: Java leaves the sign and payload of a NaN made by an
     * operation unspecified, and the compiled loops may differ there from the interpreted ones (the
     * separate kernels too), so only NaN's being NaN is compared.
     */
    private static long[] bits(Buffer b) {
        Object a = b.isHost() ? b.hostArray() : null;
        if (a instanceof double[] d) {
            return Arrays.stream(d).mapToLong(Double::doubleToLongBits).toArray();
        }
        float[] f = (float[]) a;
        long[] out = new long[f.length];
        for (int k = 0; k < f.length; k++) {
            out[k] = Float.floatToIntBits(f[k]);
        }
        return out;
    }

    private static long[] bits(Engine fenced, Buffer b) {
        return bits(Engine.host().wrap(fenced.toHost(b), b.type()));
    }

    /** The threshold's parameter for a case: tau, or the cut of the hard threshold. */
    private static double parameter(Random rnd) {
        return rnd.nextInt(10) == 0 ? 0 : Math.abs(rnd.nextGaussian());
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void hostShrinkStepIsTheSeparateKernels(ElementType type) {
        Engine e = Engine.host();
        Random rnd = new Random(41 + type.ordinal());
        for (ThresholdKernels.Kind kind : ThresholdKernels.Kind.values()) {
            for (int trial = 0; trial < 12; trial++) {
                boolean extrapolate = trial % 2 == 0;
                int len = rnd.nextInt(2000);
                double t = parameter(rnd);
                double alpha = rnd.nextGaussian();
                double omega = trial == 3 ? 0 : rnd.nextDouble();
                Buffer g1 = random(e, type, len, rnd, true);
                Buffer z1 = random(e, type, len, rnd, true);
                Buffer x = extrapolate || trial % 4 == 1 ? random(e, type, len, rnd, true) : z1;   // ISTA: z is x
                Buffer d1 = random(e, type, len, rnd, false);
                Buffer g2 = e.copyOf(g1);
                Buffer z2 = extrapolate ? e.copyOf(z1) : z1;
                Buffer d2 = e.allocate(type, len);
                Buffer xBefore = e.copyOf(x);
                e.shrinkStep(kind, t, alpha, g1, z1, x, d1, extrapolate, omega);
                e.aypx(alpha, 0, z2, g2);                                       // the separate kernels
                e.thresholds().apply(kind, g2, t, g2);
                e.subtract(g2, x, d2);
                if (extrapolate) {
                    Buffer w = e.copyOf(d2);
                    e.aypx(omega, 0, g2, w);
                    z2 = w;
                }
                String what = type + " " + kind + " len=" + len + " t=" + t + (extrapolate ? " FISTA" : " ISTA");
                assertArrayEquals(bits(g2), bits(g1), what + " (x⁺)");
                assertArrayEquals(bits(d2), bits(d1), what + " (d)");
                assertArrayEquals(bits(z2), bits(z1), what + " (z)");
                assertArrayEquals(bits(xBefore), bits(x), what + " (x unchanged)");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void composedDefaultIsTheHostLoop(ElementType type) {
        Engine e = Engine.host();
        Random rnd = new Random(43 + type.ordinal());
        for (ThresholdKernels.Kind kind : ThresholdKernels.Kind.values()) {
            for (boolean extrapolate : new boolean[] {true, false}) {
                int len = 700;
                double t = parameter(rnd);
                Buffer g = random(e, type, len, rnd, true);
                Buffer z = random(e, type, len, rnd, true);
                Buffer x = random(e, type, len, rnd, true);
                FencedEngine f = new FencedEngine();
                Buffer gf = f.fromHost(e.toHost(g), type);
                Buffer zf = f.fromHost(e.toHost(z), type);
                Buffer xf = f.fromHost(e.toHost(x), type);
                Buffer df = f.allocate(type, len);
                Buffer d = e.allocate(type, len);
                e.shrinkStep(kind, t, 0.7, g, z, x, d, extrapolate, 0.3);
                f.shrinkStep(kind, t, 0.7, gf, zf, xf, df, extrapolate, 0.3);
                String what = type + " " + kind + " extrapolate=" + extrapolate;
                assertArrayEquals(bits(g), bits(f, gf), what);
                assertArrayEquals(bits(z), bits(f, zf), what);
                assertArrayEquals(bits(d), bits(f, df), what);

                Buffer y = random(e, type, len, rnd, true);
                Buffer res = e.allocate(type, len);
                Buffer yf = f.fromHost(e.toHost(y), type);
                Buffer resf = f.allocate(type, len);
                double[] host = new double[10];                                   // 8 blocks of 64 from entry 1
                double[] fenced = new double[10];
                e.extrapolatedResidualBlocks(0.45, y, g, z, res, 100, 450, 64, host, 1);
                f.extrapolatedResidualBlocks(0.45, yf, gf, zf, resf, 100, 450, 64, fenced, 1);
                assertArrayEquals(host, fenced, what + " (blocks)");
                assertArrayEquals(bits(res), bits(f, resf), what + " (res)");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void hostExtrapolatedResidualIsTheSeparateKernels(ElementType type) {
        Engine e = Engine.host();
        Random rnd = new Random(47 + type.ordinal());
        for (int trial = 0; trial < 50; trial++) {
            int len = rnd.nextInt(3000);
            int pos = rnd.nextInt(40);
            int n = pos + len + rnd.nextInt(5);
            int block = rnd.nextBoolean() ? 256 : 1 + rnd.nextInt(300);
            double omega = trial == 0 ? 0 : rnd.nextDouble();
            Buffer y = random(e, type, n, rnd, true);
            Buffer p = random(e, type, n, rnd, true);
            Buffer q = random(e, type, n, rnd, true);
            Buffer res1 = random(e, type, n, rnd, false);
            Buffer res2 = e.copyOf(res1);
            int blocks = (len + block - 1) / block;
            double[] fused = new double[blocks + 2];
            double[] apart = new double[blocks + 2];
            e.extrapolatedResidualBlocks(omega, y, p, q, res1, pos, len, block, fused, 2);
            Buffer az = e.allocate(type, n);                                    // the separate kernels
            e.subtract(p, q, az);
            e.aypx(omega, 0, p, az);
            Buffer full = e.allocate(type, n);
            e.subtract(y, az, full);
            e.copy(full, pos, res2, pos, len);
            Buffer c = e.allocate(type, n);
            e.subtract(y, p, c);
            e.sumBlocks(c, pos, len, block, Reduction.SUM_SQUARES, 2, apart, 2);
            String what = type + " len=" + len + " pos=" + pos + " block=" + block;
            assertArrayEquals(bits(res2), bits(res1), what + " (res, outside the range untouched)");
            long[] a = Arrays.stream(apart).mapToLong(Double::doubleToLongBits).toArray();
            long[] b = Arrays.stream(fused).mapToLong(Double::doubleToLongBits).toArray();
            assertArrayEquals(a, b, what + " (blocks)");
        }
    }

    // ------------------------------------------------------------------------------ distributed

    private static NdArray values(Random rnd, DType dt, long n) {
        NdArray a = NdArray.zeros(dt, n);
        for (long k = 0; k < n; k++) {
            a.set(k, rnd.nextGaussian(), rnd.nextGaussian());
        }
        return a;
    }

    private static DistributedArray dist(NdArray g, Communicator comm, long[] counts, boolean broadcast) {
        if (broadcast) {
            return DistributedArray.toDist(g, comm, Partition.BROADCAST, 0);
        }
        long[][] shapes = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            shapes[r] = new long[] {counts[r]};
        }
        return DistributedArray.toDist(g, comm, Partition.SCATTER, 0, shapes, null);
    }

    private static List<Long> bitsOf(List<Long> acc, DistributedVector... vs) {
        for (DistributedVector v : vs) {
            for (DistributedArray a : ElementMaps.leaves(v)) {
                NdArray all = a.asArray();
                for (long k = 0; k < all.size(); k++) {
                    acc.add(Double.doubleToRawLongBits(all.re(k)));
                    acc.add(Double.doubleToRawLongBits(all.im(k)));
                }
            }
        }
        return acc;
    }

    /**
     * FISTA's three passes (shrink, then residual and norms) fused or apart on arrays and on a stack
     * of two, at 1 to 3 ranks: the bits of every output and norm.
     */
    private static List<Long> step(NdArray[] in, int p, long[] counts, boolean broadcast, boolean stacked,
            ElementMaps.Shrink kind, boolean fused) {
        return LocalCluster.call(p, comm -> {
            DistributedVector[] v = new DistributedVector[in.length];
            for (int i = 0; i < in.length; i++) {
                DistributedArray a = dist(in[i], comm, counts, broadcast && i < 4);
                v[i] = stacked ? new StackedDistributedArray(List.of(a, a.copy().imultiply(0.5, 0))) : a;
            }
            DistributedVector g = v[0], z = v[1], x = v[2], d = v[3], y = v[4], ax1 = v[5], ax0 = v[6];
            DistributedVector res = y.zerosLike();
            DistributedVector scratch = y.zerosLike();
            double[] norms;
            double t = 0.3;
            double omega = 0.6;
            if (fused) {
                g.ishrinkStep(kind, t, 0.8, z, x, d, true, omega);
                norms = Reductions.normsWithResidual(d, 2, g, 1, y, ax1, ax0, omega, res, scratch);
            } else {
                g.iaypx(0.8, 0, z);
                ElementMaps.threshold(kind, g, t, g);
                g.subtract(x, d);
                d.copyTo(z);
                z.iaypx(omega, 0, g);
                DistributedVector az = ax1.subtract(ax0);
                az.iaypx(omega, 0, ax1);
                y.subtract(az, res);
                DistributedVector c = y.subtract(ax1);
                double[] n = Reductions.norms(d, 2, c, 2, g, 1);
                norms = new double[] {n[0], n[2], n[1]};
            }
            List<Long> out = new ArrayList<>();
            for (double n : norms) {
                out.add(Double.doubleToRawLongBits(n));
            }
            return bitsOf(out, g, z, d, res);
        }).get(0);
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT64", "FLOAT32", "COMPLEX128", "COMPLEX64"})
    void arraysAndStacksAreTheSeparateCallsAtEveryRankCount(DType dt) {
        Random rnd = new Random(53 + dt.ordinal());
        for (long n : new long[] {0, 1, 255, 257, 700}) {
            NdArray[] in = new NdArray[7];
            for (int i = 0; i < in.length; i++) {
                in[i] = values(rnd, dt, n);
            }
            for (ElementMaps.Shrink kind : ElementMaps.Shrink.values()) {
                List<Long> serial = step(in, 1, new long[] {n}, false, false, kind, false);
                for (int p = 1; p <= 3; p++) {
                    long[] counts = ReproducibleReductionsTest.split(rnd, n, p);
                    for (boolean broadcast : new boolean[] {false, true}) {
                        for (boolean stacked : new boolean[] {false, true}) {
                            String what = dt + " " + kind + " n=" + n + " p=" + p + " " + Arrays.toString(counts)
                                    + (broadcast ? " broadcast model" : "") + (stacked ? " stacked" : "");
                            List<Long> apart = step(in, p, counts, broadcast, stacked, kind, false);
                            List<Long> fused = step(in, p, counts, broadcast, stacked, kind, true);
                            assertEquals(apart, fused, what);
                            if (!stacked) {
                                assertEquals(serial, fused, what + " (against one rank)");
                            }
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------ bad operands

    private static DistributedArray filled(Communicator comm, long n, double v) {
        DistributedArray a = DistributedArray.builder(comm, n).build();
        a.fill(v);
        return a;
    }

    @Test
    void aMismatchedShrinkOperandOnOneRankFailsOnEveryRankBeforeWriting() {
        for (String bad : new String[] {"z", "x", "d"}) {
            String m = failsEverywhere(3, bad, comm -> {
                DistributedArray g = filled(comm, 10, 1);
                DistributedArray z = filled(comm, 10, 2);
                DistributedArray x = filled(comm, 10, 3);
                DistributedArray d = filled(comm, 10, 4);
                DistributedArray other = filled(comm, 12, 5);
                NdArray[] before = {g.localArray().copy(), z.localArray().copy(), d.localArray().copy()};
                boolean mine = comm.rank() == 1;
                try {
                    g.ishrinkStep(ElementMaps.Shrink.SOFT, 0.1, 1, mine && bad.equals("z") ? other : z,
                            mine && bad.equals("x") ? other : x, mine && bad.equals("d") ? other : d, true, 0.5);
                } finally {
                    assertEquals(before[0], g.localArray(), "rank " + comm.rank() + " wrote g before the verdict");
                    assertEquals(before[1], z.localArray(), "rank " + comm.rank() + " wrote z before the verdict");
                    assertEquals(before[2], d.localArray(), "rank " + comm.rank() + " wrote d before the verdict");
                }
            });
            assertTrue(m.endsWith("(reported by rank 1)"), m);
        }
    }

    @Test
    void sharedShrinkOperandsOnOneRankFailEveryRank() {
        String m = failsEverywhere(3, "d", comm -> {
            DistributedArray g = filled(comm, 10, 1);
            DistributedArray z = filled(comm, 10, 2);
            DistributedArray x = filled(comm, 10, 3);
            DistributedArray d = filled(comm, 10, 4);
            g.ishrinkStep(ElementMaps.Shrink.HARD, 0.1, 1, z, x, comm.rank() == 2 ? z : d, true, 0.5);
        });
        assertTrue(m.startsWith("d: must be another vector than z and x") && m.endsWith("(reported by rank 2)"), m);
        m = failsEverywhere(3, "z", comm -> {
            DistributedArray g = filled(comm, 10, 1);
            DistributedArray x = filled(comm, 10, 3);
            DistributedArray d = filled(comm, 10, 4);
            g.ishrinkStep(ElementMaps.Shrink.HALF, 0.1, 1, comm.rank() == 0 ? x : g.copy(), x, d, true, 0.5);
        });
        assertTrue(m.startsWith("z: must be another vector than x when extrapolating"), m);
        m = failsEverywhere(2, "tau", comm -> filled(comm, 10, 1).ishrinkStep(ElementMaps.Shrink.SOFT,
                comm.rank() == 1 ? -1 : 1, 1, filled(comm, 10, 2), filled(comm, 10, 3), filled(comm, 10, 4), false, 0));
        assertTrue(m.startsWith("tau: -1.0, expected a number at least 0"), m);
    }

    @Test
    void stackedShrinkOperandsAreCheckedInOneVerdict() {
        String m = failsEverywhere(3, "x", comm -> {
            StackedDistributedArray g = new StackedDistributedArray(List.of(filled(comm, 10, 1), filled(comm, 4, 1)));
            StackedDistributedArray z = g.copy();
            StackedDistributedArray d = g.copy();
            StackedDistributedArray good = g.copy();
            StackedDistributedArray short1 = new StackedDistributedArray(List.of(filled(comm, 10, 1)));
            DistributedVector x = comm.rank() == 2 ? short1 : good;
            NdArray before = g.asArray();
            try {
                g.ishrinkStep(ElementMaps.Shrink.SOFT, 0.1, 1, z, x, d, true, 0.5);
            } finally {
                assertEquals(before, g.asArray());
            }
        });
        assertTrue(m.endsWith("(reported by rank 2)"), m);
    }

    @Test
    void aMismatchedResidualOperandOnOneRankFailsOnEveryRankBeforeWriting() {
        for (String bad : new String[] {"p", "q", "res", "scratch"}) {
            String m = failsEverywhere(3, bad, comm -> {
                DistributedArray a = filled(comm, 10, 1);
                DistributedArray y = filled(comm, 10, 2);
                DistributedArray p = filled(comm, 10, 3);
                DistributedArray q = filled(comm, 10, 4);
                DistributedArray res = filled(comm, 10, 5);
                DistributedArray scratch = filled(comm, 10, 6);
                DistributedArray other = filled(comm, 11, 7);
                boolean mine = comm.rank() == 2;
                NdArray before = res.localArray().copy();
                try {
                    Reductions.normsWithResidual(a, 2, a, 1, y, mine && bad.equals("p") ? other : p,
                            mine && bad.equals("q") ? other : q, 0.5, mine && bad.equals("res") ? other : res,
                            mine && bad.equals("scratch") ? other : scratch);
                } finally {
                    assertEquals(before, res.localArray(), "rank " + comm.rank() + " wrote res before the verdict");
                }
            });
            assertTrue(m.endsWith("(reported by rank 2)"), m);
        }
        String m = failsEverywhere(3, "res", comm -> {
            DistributedArray y = filled(comm, 10, 2);
            DistributedArray p = filled(comm, 10, 3);
            DistributedArray res = filled(comm, 10, 5);
            Reductions.normsWithResidual(y, 2, y, 1, y, p, filled(comm, 10, 4), 0.5, comm.rank() == 0 ? p : res,
                    filled(comm, 10, 6));
        });
        assertTrue(m.startsWith("res: must be another vector than p") && m.endsWith("(reported by rank 0)"), m);
    }
}
