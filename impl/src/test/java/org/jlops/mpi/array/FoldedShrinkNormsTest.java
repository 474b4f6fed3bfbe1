package org.jlops.mpi.array;

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
import org.jlops.mpi.testkit.EngineCases;
import org.jlops.mpi.testkit.FencedEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shrinkage step with its norms folded in ({@link Reductions#shrinkStep}, issue 16): the norms
 * {@code ‖x⁺ − x‖₂} and {@code ‖x⁺‖₁} summed inside the loop that writes them equal, bit for bit,
 * the separate {@link Reductions#norms} call (and {@code norm(2)}, {@code norm(1)} alone) after
 * {@link DistributedVector#ishrinkStep}, with the same outputs — at 1 to 4 ranks, uneven and empty
 * splits, sizes around the tree sums' block boundaries and their tails, for float64, float32,
 * complex128 and complex64, on arrays, stacks, replicated, 2-d and device arrays (the last three
 * reduced at the gather); and the engine kernel {@link Engine#shrinkStepBlocks} (host loop and composed
 * default) against the separate kernels.
 */
class FoldedShrinkNormsTest {

    /** Sizes around the blocks of 256 leaves: empty, tails, one block, one more, several with a tail. */
    private static final long[] SIZES = {0, 1, 7, 9, 255, 256, 257, 511, 512, 513, 1023, 1500, 3 * 256 + 5};

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToLongBits).toArray();
    }

    private static long[] bits(Engine e, Buffer b) {
        Object a = Engine.host().wrap(e.toHost(b), b.type()).hostArray();
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

    private static Buffer random(Engine e, ElementType t, long n, Random rnd) {
        Buffer b = Engine.host().allocate(t, n);
        Object a = b.hostArray();
        if (a instanceof double[] d) {
            for (int k = 0; k < d.length; k++) {
                d[k] = rnd.nextInt(20) == 0 ? 0.0 : rnd.nextGaussian() * Math.pow(10, rnd.nextInt(9) - 4);
            }
        } else {
            float[] f = (float[]) a;
            for (int k = 0; k < f.length; k++) {
                f[k] = rnd.nextInt(20) == 0 ? 0f : (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(9) - 4));
            }
        }
        return e == Engine.host() ? b : e.fromHost(Engine.host().toHost(b), t);
    }

    // ------------------------------------------------------------------------------ the kernel

    /** The host loop and the composed default (through the fenced engine) against the separate kernels. */
    @ParameterizedTest
    @EnumSource(ElementType.class)
    void shrinkStepBlocksIsTheStepThenTheBlockSums(ElementType type) {
        Random rnd = new Random(61 + type.ordinal());
        for (Engine e : new Engine[] {Engine.host(), new FencedEngine()}) {
            for (ThresholdKernels.Kind kind : ThresholdKernels.Kind.values()) {
                for (int trial = 0; trial < 16; trial++) {
                    boolean extrapolate = trial % 2 == 0;
                    int len = trial == 0 ? 0 : rnd.nextInt(3000);
                    int pos = rnd.nextInt(30);
                    int n = pos + len + rnd.nextInt(4);
                    int block = trial % 3 == 0 ? 1 : rnd.nextBoolean() ? 256 : 1 + rnd.nextInt(300);
                    double t = Math.abs(rnd.nextGaussian()) * 0.1;
                    double alpha = rnd.nextGaussian();
                    double omega = rnd.nextDouble();
                    Buffer g1 = random(e, type, n, rnd);
                    Buffer z1 = random(e, type, n, rnd);
                    Buffer x = extrapolate || trial % 4 == 1 ? random(e, type, n, rnd) : z1;   // ISTA: z is x
                    Buffer d1 = random(e, type, n, rnd);
                    Buffer g2 = e.copyOf(g1);
                    Buffer z2 = x == z1 ? null : e.copyOf(z1);
                    Buffer d2 = e.copyOf(d1);
                    int blocks = (len + block - 1) / block;
                    double[] folded = new double[2 * blocks + 3];
                    e.shrinkStepBlocks(kind, t, alpha, g1, z1, x, d1, extrapolate, omega, pos, len, block, folded, 3);

                    Buffer gr = e.allocate(type, len);                            // the separate calls on the range
                    Buffer zr = e.allocate(type, len);
                    Buffer xr = e.allocate(type, len);
                    Buffer dr = e.allocate(type, len);
                    e.copy(g2, pos, gr, 0, len);
                    e.copy(z2 == null ? x : z2, pos, zr, 0, len);
                    e.copy(x, pos, xr, 0, len);
                    e.shrinkStep(kind, t, alpha, gr, zr, xr, dr, extrapolate, omega);
                    e.copy(gr, 0, g2, pos, len);
                    e.copy(dr, 0, d2, pos, len);
                    if (extrapolate) {
                        e.copy(zr, 0, z2, pos, len);
                    }
                    double[] squares = new double[blocks];
                    double[] absolutes = new double[blocks];
                    e.sumBlocks(dr, 0, len, block, Reduction.SUM_SQUARES, 2, squares, 0);
                    e.sumBlocks(gr, 0, len, block, Reduction.SUM_ABS, 1, absolutes, 0);
                    double[] apart = new double[2 * blocks + 3];
                    for (int k = 0; k < blocks; k++) {
                        apart[3 + 2 * k] = squares[k];
                        apart[3 + 2 * k + 1] = absolutes[k];
                    }
                    String what = e.name() + " " + type + " " + kind + " pos=" + pos + " len=" + len + " block="
                            + block + (extrapolate ? " FISTA" : " ISTA");
                    assertArrayEquals(bits(apart), bits(folded), what + " (block values)");
                    assertArrayEquals(bits(e, g2), bits(e, g1), what + " (x⁺, outside the range untouched)");
                    assertArrayEquals(bits(e, d2), bits(e, d1), what + " (d)");
                    if (z2 != null) {
                        assertArrayEquals(bits(e, z2), bits(e, z1), what + " (z)");
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------ distributed

    private static NdArray values(Random rnd, DType dt, long... shape) {
        NdArray a = NdArray.zeros(dt, shape);
        for (long k = 0; k < a.size(); k++) {
            double scale = Math.pow(10, rnd.nextInt(12) - 6);          // magnitudes that show the order of additions
            a.set(k, rnd.nextGaussian() * scale, rnd.nextGaussian() * scale);
        }
        return a;
    }

    /** How the operands are laid out. */
    enum Layout {
        /** 1-d SCATTER arrays: the norms are folded into the loop. */
        ARRAY,
        /** A stack of two 1-d SCATTER arrays: folded component by component. */
        STACK,
        /** A stack of a 1-d array and a 2-d one: one component folded, the other reduced at the gather. */
        MIXED_STACK,
        /** BROADCAST arrays: reduced at the gather. */
        BROADCAST,
        /** 2-d arrays split along axis 0 (one leaf per row): reduced at the gather. */
        TWO_D,
        /** 1-d SCATTER arrays on a device engine (the fenced one): reduced at the gather. */
        DEVICE
    }

    private static DistributedArray dist(NdArray g, Communicator comm, long[] counts, Layout layout) {
        if (layout == Layout.BROADCAST) {
            return DistributedArray.toDist(g, comm, Partition.BROADCAST, 0);
        }
        long[] shape = g.shape();
        long[][] shapes = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            shapes[r] = shape.length == 1 ? new long[] {counts[r]} : new long[] {counts[r], shape[1]};
        }
        return DistributedArray.toDist(g, comm, Partition.SCATTER, 0, shapes, null);
    }

    private static DistributedVector vector(NdArray in, NdArray second, Communicator comm, long[] counts,
            long[] secondCounts, Layout layout, Engine device) {
        DistributedArray a = dist(in, comm, counts, layout);
        return switch (layout) {
            case STACK, MIXED_STACK -> new StackedDistributedArray(List.of(a, dist(second, comm, secondCounts, layout)));
            case DEVICE -> EngineCases.onEngine(device, a);
            default -> a;
        };
    }

    private static void addBits(List<Long> acc, DistributedVector... vs) {
        for (DistributedVector v : vs) {
            for (DistributedArray a : ElementMaps.leaves(v)) {
                NdArray all = a.asArray();
                for (long k = 0; k < all.size(); k++) {
                    acc.add(Double.doubleToRawLongBits(all.re(k)));
                    acc.add(Double.doubleToRawLongBits(all.im(k)));
                }
            }
        }
    }

    /**
     * One shrinkage step at {@code p} ranks, its norms folded ({@link Reductions#shrinkStep}) or from
     * the separate calls: the bits of {@code {‖d‖₂, ‖x⁺‖₁}}, of the same norms gathered beside a
     * third ({@code ‖y‖}, ISTA's end of step) and with FISTA's residual, and of every output.
     */
    private static List<Long> step(NdArray[] in, NdArray[] second, int p, long[] counts, long[] secondCounts,
            Layout layout, ElementMaps.Shrink kind, boolean extrapolate, boolean folded) {
        return LocalCluster.call(p, comm -> {
            DistributedVector[] v = new DistributedVector[in.length];
            Engine device = new FencedEngine();                                   // one per rank, for DEVICE
            for (int i = 0; i < in.length; i++) {
                v[i] = vector(in[i], second[i], comm, counts, secondCounts, layout, device);
            }
            DistributedVector g = v[0], z = v[1], d = v[3], y = v[4], ax1 = v[5], ax0 = v[6];
            DistributedVector x = extrapolate ? v[2] : z;                          // ISTA: the step is taken at x
            DistributedVector res = y.zerosLike();
            DistributedVector scratch = y.zerosLike();
            double t = 0.05;
            double alpha = 0.8;
            double omega = 0.6;
            List<Long> out = new ArrayList<>();
            double[][] norms = new double[3][];
            for (int round = 0; round < 3; round++) {                             // three steps, three gathers
                if (folded) {
                    Reductions.ShrinkNorms s = Reductions.shrinkStep(g, kind, t, alpha, z, x, d, extrapolate, omega);
                    norms[round] = switch (round) {
                        case 0 -> Reductions.norms(s);
                        case 1 -> Reductions.norms(s, y, 2);
                        default -> Reductions.normsWithResidual(s, y, ax1, ax0, omega, res, scratch);
                    };
                } else {
                    g.ishrinkStep(kind, t, alpha, z, x, d, extrapolate, omega);
                    norms[round] = switch (round) {
                        case 0 -> new double[] {d.norm(2), g.norm(1)};             // each alone
                        case 1 -> Reductions.norms(d, 2, g, 1, y, 2);
                        default -> Reductions.normsWithResidual(d, 2, g, 1, y, ax1, ax0, omega, res, scratch);
                    };
                }
                for (double n : norms[round]) {
                    out.add(Double.doubleToRawLongBits(n));
                }
                addBits(out, g, z, d, res);
                g.iaxpy(0.3, 0, d);                                               // a new gradient for the next step
            }
            return out;
        }).get(0);
    }

    /**
     * The same bits, or a failure naming the first differing entry (each step's norms come first,
     * then its outputs) rather than printing every entry.
     */
    private static void sameBits(List<Long> expected, List<Long> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + " (entries)");
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                assertEquals(Double.longBitsToDouble(expected.get(i)), Double.longBitsToDouble(actual.get(i)),
                        what + ": entry " + i + " of " + expected.size() + " differs");
                assertEquals(expected.get(i), actual.get(i), what + ": entry " + i + " differs in its bits");
            }
        }
    }

    private static void checkEveryRankCount(DType dt, Layout layout, long[] sizes, int seed) {
        Random rnd = new Random(seed + 31L * dt.ordinal() + layout.ordinal());
        for (long n : sizes) {
            long cols = layout == Layout.TWO_D ? 3 : 1;
            long m = n / 2 + 3;                                                  // the second component's length
            NdArray[] in = new NdArray[7];
            NdArray[] second = new NdArray[7];
            for (int i = 0; i < in.length; i++) {
                in[i] = layout == Layout.TWO_D ? values(rnd, dt, Math.max(1, n / 3), cols) : values(rnd, dt, n);
                second[i] = layout == Layout.MIXED_STACK ? values(rnd, dt, m, 2) : values(rnd, dt, m);
            }
            long rows = in[0].shape()[0];
            for (ElementMaps.Shrink kind : ElementMaps.Shrink.values()) {
                for (boolean extrapolate : new boolean[] {true, false}) {
                    List<Long> serial = null;
                    for (int p = 1; p <= 4; p++) {
                        long[] counts = ReproducibleReductionsTest.split(rnd, rows, p);
                        long[] secondCounts = ReproducibleReductionsTest.split(rnd, m, p);
                        String what = dt + " " + layout + " " + kind + (extrapolate ? " FISTA" : " ISTA") + " n=" + n
                                + " p=" + p + " " + Arrays.toString(counts) + " " + Arrays.toString(secondCounts);
                        List<Long> apart = step(in, second, p, counts, secondCounts, layout, kind, extrapolate, false);
                        List<Long> folded = step(in, second, p, counts, secondCounts, layout, kind, extrapolate, true);
                        sameBits(apart, folded, what);
                        if (serial == null) {
                            serial = folded;
                        } else {
                            sameBits(serial, folded, what + " (against one rank)");
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT64", "FLOAT32", "COMPLEX128", "COMPLEX64"})
    void foldedNormsAreTheSeparateCallsOnArrays(DType dt) {
        checkEveryRankCount(dt, Layout.ARRAY, SIZES, 71);
    }

    @ParameterizedTest
    @EnumSource(names = {"FLOAT64", "FLOAT32", "COMPLEX128"})
    void foldedNormsAreTheSeparateCallsOnStacks(DType dt) {
        checkEveryRankCount(dt, Layout.STACK, new long[] {0, 9, 257, 1500}, 73);
        checkEveryRankCount(dt, Layout.MIXED_STACK, new long[] {1, 513}, 79);
    }

    @Test
    void normsReducedAtTheGatherAreTheSeparateCalls() {
        for (DType dt : new DType[] {DType.FLOAT64, DType.COMPLEX128}) {
            checkEveryRankCount(dt, Layout.BROADCAST, new long[] {0, 257, 700}, 83);
            checkEveryRankCount(dt, Layout.TWO_D, new long[] {3, 800}, 89);
            checkEveryRankCount(dt, Layout.DEVICE, new long[] {0, 513}, 91);
        }
    }

    private static DistributedArray filled(Communicator comm, long n, double v) {
        DistributedArray a = DistributedArray.builder(comm, n).build();
        a.fill(v);
        return a;
    }

    /** The folded step checks its operands as {@code ishrinkStep} does: one verdict, nothing written before it. */
    @Test
    void aMismatchedOperandOnOneRankFailsOnEveryRankBeforeWriting() {
        for (String bad : new String[] {"z", "x", "d"}) {
            String m = DistributedArrayErrorsTest.failsEverywhere(3, bad, comm -> {
                DistributedArray g = filled(comm, 600, 1);
                DistributedArray z = filled(comm, 600, 2);
                DistributedArray x = filled(comm, 600, 3);
                DistributedArray d = filled(comm, 600, 4);
                DistributedArray other = filled(comm, 601, 5);
                NdArray[] before = {g.localArray().copy(), z.localArray().copy(), d.localArray().copy()};
                boolean mine = comm.rank() == 1;
                try {
                    Reductions.shrinkStep(g, ElementMaps.Shrink.SOFT, 0.1, 1, mine && bad.equals("z") ? other : z,
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

    /** Many blocks, so that the tree sums' complete nodes (not only raw leaves) come from the loop. */
    @Test
    void manyBlocksAtEveryRankCount() {
        checkEveryRankCount(DType.FLOAT64, Layout.ARRAY, new long[] {256 * 37 + 101}, 97);
    }
}
