package org.jlops.mpi.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.engine.cuda.CudaKernels.Launch;
import org.jlops.mpi.engine.cuda.CudaKernels.Op;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CUDA kernels' arithmetic, checked on the CPU: the {@code __host__ __device__} bodies of
 * {@code jlops_bodies.cuh}, run by the host harness over the launch's index space for the kernel
 * {@link CudaKernels} picks, against the host engine on random operands with edge values (zeros of
 * both signs, infinities, NaN, subnormals, values near overflow), for every element type. Results
 * must have the same bits (NaN payloads aside), except where a body calls {@code pow} (SUM_POW),
 * which the device's and the host's maths libraries round faithfully but not identically: there
 * within 4 ulp. Skipped, not passed, where {@code nvcc} is absent.
 */
class CudaKernelBodiesTest {

    private static final Engine HOST = Engine.host();
    /** Lengths around the 8 lanes, the 32-thread warp and the 256-element blocks. */
    private static final int[] LENGTHS = {0, 1, 7, 8, 9, 33, 255, 256, 257, 1000};
    /** Shorter list for the reductions, each checked over several block lengths. */
    private static final int[] REDUCED = {0, 1, 9, 33, 257, 1000};
    private static final long SEED = 19L;

    /** Builds the harness once; every test reports itself skipped (not passed, not absent) without nvcc. */
    @BeforeEach
    void harness() {
        var why = KernelHarness.unavailable();
        assumeTrue(why.isEmpty(), () -> why.orElse(""));
    }

    // ---------------------------------------------------------------------------------------
    // Operands

    private static double edge(Random rnd, boolean single) {
        return switch (rnd.nextInt(14)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> Double.NaN;
            case 3 -> rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 4 -> (single ? Float.MIN_VALUE : Double.MIN_VALUE) * (1 + rnd.nextInt(100)) * (rnd.nextBoolean() ? 1 : -1);
            case 5 -> (single ? 1e38 : 1e308) * (rnd.nextBoolean() ? 1 : -1);
            case 6 -> (single ? 1e-20 : 1e-160) * rnd.nextGaussian();
            default -> rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3);
        };
    }

    /** A host buffer of {@code n} elements: random, with edge values unless {@code plain}. */
    private static Buffer operand(ElementType t, int n, Random rnd, boolean plain) {
        Buffer b = HOST.allocate(t, n);
        Object a = b.hostArray();
        int entries = n * t.components();
        for (int k = 0; k < entries; k++) {
            double v = plain || rnd.nextInt(4) != 0 ? rnd.nextGaussian() * 10 : edge(rnd, !t.isDoublePrecision());
            if (a instanceof double[] d) {
                d[k] = v;
            } else {
                ((float[]) a)[k] = (float) v;
            }
        }
        return b;
    }

    private static Object storage(Buffer b) {
        Object a = b.hostArray();
        return a instanceof double[] d ? d.clone() : ((float[]) a).clone();
    }

    private static double entry(Object storage, int k) {
        return storage instanceof double[] d ? d[k] : ((float[]) storage)[k];
    }

    private static double read(ByteBuffer out, ElementType t, int k) {
        return t.isDoublePrecision() ? out.getDouble(8 * k) : out.getFloat(4 * k);
    }

    private static void assertSameBits(double expected, double actual, String what) {
        if (Double.isNaN(expected) && Double.isNaN(actual)) {
            return;
        }
        if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
            fail(what + ": host " + expected + " (" + Double.toHexString(expected) + "), kernel body " + actual
                    + " (" + Double.toHexString(actual) + "); seed " + SEED);
        }
    }

    private static void assertClose(double expected, double actual, double ulps, String what) {
        if (Double.isNaN(expected) && Double.isNaN(actual) || expected == actual) {
            return;
        }
        if (Math.abs(expected - actual) > ulps * Math.ulp(expected)) {
            fail(what + ": host " + expected + ", kernel body " + actual + "; seed " + SEED);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Element-wise kernels

    private static List<String> args(Launch l, ElementType t, double re, double im) {
        List<String> a = new ArrayList<>();
        a.add(Long.toString(l.count()));
        if (l.complexScalar()) {
            a.add(KernelHarness.bits(t.isDoublePrecision() ? re : (float) re));
            a.add(KernelHarness.bits(t.isDoublePrecision() ? im : (float) im));
        } else {
            a.add(KernelHarness.bits(t.isDoublePrecision() ? re : (float) re));
        }
        return a;
    }

    private static void check(Op op, ElementType t, int n, double re, double im, Random rnd) {
        Buffer x = operand(t, n, rnd, false);
        Buffer y = operand(t, n, rnd, false);
        Object xs = storage(x), ys = storage(y);
        Buffer out = HOST.allocate(t, n);
        Buffer result = out;
        switch (op) {
            case NEGATE -> HOST.negate(x, out);
            case ADD -> HOST.add(x, y, out);
            case SUBTRACT -> HOST.subtract(x, y, out);
            case MULTIPLY -> HOST.multiply(x, y, out);
            case SCALE -> HOST.scale(x, re, im, out);
            case AXPY -> {
                HOST.axpy(re, im, x, y);
                result = y;
            }
            case AYPX -> {
                HOST.aypx(re, im, x, y);
                result = y;
            }
            case CONJ -> HOST.conj(x, out);
            case FILL -> HOST.fill(out, 0, n, re, im);
        }
        Launch l = CudaKernels.elementwise(op, t, n, im);
        if (l.kernel().equals("copy")) {
            return;                                  // a device-to-device copy: no kernel body
        }
        ByteBuffer got = switch (op) {
            case NEGATE, CONJ -> KernelHarness.run(l.kernel(), List.of(Long.toString(l.count())), xs);
            case ADD, SUBTRACT, MULTIPLY -> KernelHarness.run(l.kernel(), List.of(Long.toString(l.count())), xs, ys);
            case SCALE -> KernelHarness.run(l.kernel(), args(l, t, re, im), xs);
            case AXPY, AYPX -> KernelHarness.run(l.kernel(), args(l, t, re, im), xs, ys);
            case FILL -> KernelHarness.run(l.kernel(), args(l, t, re, im));
        };
        Object expected = result.hostArray();
        int entries = n * t.components();
        assertEquals(entries * (t.isDoublePrecision() ? 8 : 4), got.remaining(), l.kernel() + " output size");
        for (int k = 0; k < entries; k++) {
            assertSameBits(entry(expected, k), read(got, t, k), l.kernel() + " " + op + " " + t + " n=" + n
                    + " s=" + re + "+" + im + "i, entry " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void elementwiseBodiesEqualTheHostEngine(ElementType t) {
        Random rnd = new Random(SEED + t.ordinal());
        double[][] scalars = {{2.5, 0}, {-0.75, 1.25}, {0, -3}, {Double.NaN, 0}, {1e-3, Double.POSITIVE_INFINITY}};
        for (int n : LENGTHS) {
            for (Op op : Op.values()) {
                boolean scalar = op == Op.SCALE || op == Op.AXPY || op == Op.AYPX || op == Op.FILL;
                for (int s = 0; s < (scalar ? scalars.length : 1); s++) {
                    check(op, t, n, scalars[s][0], scalars[s][1], rnd);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void copyRowsBodyEqualsTheHostEngine(ElementType t) {
        Random rnd = new Random(SEED + 10 + t.ordinal());
        int c = t.components();
        int[][] cases = {{0, 5, 1, 7, 2, 4, 3}, {3, 9, 4, 1, 11, 2, 5}, {0, 1, 0, 1, 10, 1, 1}, {2, 3, 0, 3, 0, 0, 0}};
        for (int[] s : cases) {         // srcPos srcStride dstPos dstStride rows rowLength (+ unused)
            int srcPos = s[0], srcStride = s[1], dstPos = s[2], dstStride = s[3], rows = s[4], row = s[5];
            int srcLen = srcPos + Math.max(0, rows - 1) * srcStride + row + 2;
            int dstLen = dstPos + Math.max(0, rows - 1) * dstStride + row + 3;
            Buffer src = operand(t, srcLen, rnd, false);
            Buffer dst = operand(t, dstLen, rnd, false);
            Object before = storage(dst);
            HOST.copyRows(src, srcPos, srcStride, dst, dstPos, dstStride, rows, row);
            ByteBuffer got = KernelHarness.run(CudaKernels.copyRows(t), List.of(Integer.toString(rows),
                    Integer.toString(row * c), Integer.toString(srcPos * c), Integer.toString(srcStride * c),
                    Integer.toString(dstPos * c), Integer.toString(dstStride * c), Integer.toString(srcLen * c),
                    Integer.toString(dstLen * c)), storage(src), before);
            Object expected = dst.hostArray();
            for (int k = 0; k < dstLen * c; k++) {
                assertSameBits(entry(expected, k), read(got, t, k), "copy_rows " + t + " case " + List.of(s) + " entry " + k);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Reductions

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void blockSumsEqualTheHostEngine(ElementType t) {
        Random rnd = new Random(SEED + 20 + t.ordinal());
        Reduction[] sums = {Reduction.COUNT_NONZERO, Reduction.SUM_ABS, Reduction.SUM_SQUARES, Reduction.SUM_POW};
        for (int n : REDUCED) {
            for (int block : new int[] {1, 5, 8, 256, Math.max(1, n)}) {
                for (Reduction r : sums) {
                    for (boolean plain : new boolean[] {true, false}) {
                        int pos = rnd.nextInt(3);
                        Buffer x = operand(t, n + pos + 1, rnd, plain);
                        double p = r == Reduction.SUM_POW ? 1.5 : 0;
                        int blocks = (n + block - 1) / block;
                        double[] expected = new double[blocks];
                        HOST.sumBlocks(x, pos, n, block, r, p, expected, 0);
                        ByteBuffer got = KernelHarness.run(CudaKernels.sumBlocks(t), List.of(Integer.toString(n),
                                Integer.toString(block), Integer.toString(CudaKernels.code(r)), KernelHarness.bits(p),
                                Integer.toString(pos), Integer.toString(n + pos + 1)), storage(x));
                        assertEquals(8 * blocks, got.remaining());
                        for (int k = 0; k < blocks; k++) {
                            String what = "sum_blocks " + t + " " + r + " n=" + n + " block=" + block + " pos=" + pos
                                    + " block " + k;
                            if (r == Reduction.SUM_POW) {
                                assertClose(expected[k], got.getDouble(8 * k), 4 * Math.max(1, block), what);
                            } else {
                                assertSameBits(expected[k], got.getDouble(8 * k), what);
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void blockDotsEqualTheHostEngine(ElementType t) {
        Random rnd = new Random(SEED + 30 + t.ordinal());
        for (int n : REDUCED) {
            for (int block : new int[] {1, 3, 8, 256, Math.max(1, n)}) {
                for (boolean conjugate : new boolean[] {false, true}) {
                    for (boolean plain : new boolean[] {true, false}) {
                        int xPos = rnd.nextInt(3), yPos = rnd.nextInt(3);
                        Buffer x = operand(t, n + xPos, rnd, plain);
                        Buffer y = operand(t, n + yPos, rnd, plain);
                        int blocks = (n + block - 1) / block;
                        double[] expected = new double[2 * blocks];
                        HOST.dotBlocks(x, xPos, y, yPos, n, block, conjugate, expected, 0);
                        ByteBuffer got = KernelHarness.run(CudaKernels.dotBlocks(t), List.of(Integer.toString(n),
                                Integer.toString(block), KernelHarness.bits(conjugate ? -1.0 : 1.0),
                                Integer.toString(xPos), Integer.toString(yPos), Integer.toString(n + xPos),
                                Integer.toString(n + yPos)), storage(x), storage(y));
                        for (int k = 0; k < 2 * blocks; k++) {
                            assertSameBits(expected[k], got.getDouble(8 * k), "dot_blocks " + t + " n=" + n + " block="
                                    + block + " conj=" + conjugate + " entry " + k);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void extremesEqualTheHostEngine(ElementType t) {
        Random rnd = new Random(SEED + 40 + t.ordinal());
        for (int n : LENGTHS) {
            for (Reduction r : new Reduction[] {Reduction.MAX_ABS, Reduction.MIN_ABS}) {
                for (boolean plain : new boolean[] {true, false}) {
                    for (int threads : new int[] {1, 32, CudaKernels.EXTREME_THREADS / 1024}) {
                        int pos = rnd.nextInt(3);
                        Buffer x = operand(t, n + pos, rnd, plain);
                        double expected = HOST.reduce(x, pos, n, r, 0);
                        ByteBuffer got = KernelHarness.run(CudaKernels.extreme(t), List.of(Integer.toString(n),
                                Integer.toString(CudaKernels.code(r)), Integer.toString(pos), Integer.toString(n + pos),
                                Integer.toString(threads)), storage(x));
                        assertSameBits(expected, got.getDouble(0), "extreme " + t + " " + r + " n=" + n + " threads=" + threads);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void axisReductionsEqualTheHostEngine(ElementType t) {
        Random rnd = new Random(SEED + 50 + t.ordinal());
        int[][] shapes = {{2, 5, 3}, {1, 17, 1}, {3, 9, 4}, {2, 0, 3}, {1, 1, 1}, {4, 257, 2}, {3, 33, 1}};
        for (int[] s : shapes) {
            int outer = s[0], n = s[1], inner = s[2];
            for (Reduction r : Reduction.values()) {
                for (boolean plain : new boolean[] {true, false}) {
                    Buffer x = operand(t, outer * n * inner, rnd, plain);
                    double p = r == Reduction.SUM_POW ? 2.5 : 0;
                    double[] expected = new double[outer * inner];
                    HOST.reduceAxis(x, outer, n, inner, r, p, expected);
                    ByteBuffer got = KernelHarness.run(CudaKernels.axis(t, r), List.of(Integer.toString(outer),
                            Integer.toString(n), Integer.toString(inner), Integer.toString(CudaKernels.code(r)),
                            KernelHarness.bits(p)), storage(x));
                    for (int q = 0; q < outer * inner; q++) {
                        String what = CudaKernels.axis(t, r) + " " + r + " shape " + List.of(outer, n, inner) + " output " + q;
                        if (r == Reduction.SUM_POW) {
                            assertClose(expected[q], got.getDouble(8 * q), 4 * Math.max(1, n), what);
                        } else {
                            assertSameBits(expected[q], got.getDouble(8 * q), what);
                        }
                    }
                }
            }
        }
    }
}
