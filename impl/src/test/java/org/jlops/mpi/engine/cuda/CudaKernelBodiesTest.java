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
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.engine.StencilKernels.Rows;
import org.jlops.mpi.engine.ThresholdKernels;
import org.jlops.mpi.engine.cuda.CudaKernels.Launch;
import org.jlops.mpi.engine.cuda.CudaKernels.Op;
import org.jlops.mpi.engine.cuda.CudaKernels.StencilTables;
import org.jlops.mpi.engine.cuda.CudaKernels.Threshold;
import org.jlops.mpi.ops.serial.DerivativeKind;
import org.jlops.mpi.ops.serial.FirstDerivative;
import org.jlops.mpi.ops.serial.SecondDerivative;
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
 * within 4 ulp; likewise the thresholds that take a complex modulus ({@code hypot}) or the half
 * threshold ({@code pow}, {@code acos}, {@code cos}), within 8 ulp of the element's magnitude. The
 * stencil kernel is compared bit for bit with the host's scalar loops (and those with the loops
 * the host engine runs) on every derivative stencil, its transpose, convolutions and far columns,
 * whole blocks and ghost-row pieces, overwriting and accumulating. Skipped, not passed, where {@code nvcc} is absent.
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
    void conversionBodyEqualsTheHostEngine(ElementType from) {
        Random rnd = new Random(SEED + 5 + from.ordinal());
        for (ElementType to : ElementType.values()) {
            for (int n : LENGTHS) {
                Buffer x = operand(from, n, rnd, false);
                Buffer out = HOST.allocate(to, n);
                HOST.convert(x, out);
                String kernel = CudaKernels.convert(from, to);
                ByteBuffer got = KernelHarness.run(kernel, List.of(Integer.toString(n),
                        Integer.toString(from.components()), Integer.toString(to.components())), storage(x));
                Object expected = out.hostArray();
                int entries = n * to.components();
                assertEquals(entries * (to.isDoublePrecision() ? 8 : 4), got.remaining(), kernel + " output size");
                for (int k = 0; k < entries; k++) {
                    assertSameBits(entry(expected, k), read(got, to, k), kernel + " " + from + " to " + to + " n=" + n
                            + ", entry " + k);
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

    // ---------------------------------------------------------------------------------------
    // Thresholds and projections

    /**
     * Whether a map of {@code t} goes through a maths-library function (hypot for complex moduli,
     * pow/acos/cos for the half threshold), which the host's libm and Java round faithfully but
     * not identically: those are compared within a few ulp, the others bit for bit.
     */
    private static boolean libm(Threshold op, ElementType t) {
        return op == Threshold.HALF || t.isComplex() && op != Threshold.CLIP;
    }

    private static void thresholdHost(ThresholdKernels k, Threshold op, Buffer x, double a, Buffer out) {
        switch (op) {
            case SOFT -> k.soft(x, a, out);
            case HARD -> k.hard(x, a, out);
            case HALF -> k.half(x, a, out);
            case CLIP -> k.clip(x, -a, a, out);
            case BALL -> k.shrinkToBall(x, a, out);
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void thresholdBodiesEqualTheHostEngine(ElementType t) {
        Random rnd = new Random(SEED + 60 + t.ordinal());
        ThresholdKernels k = HOST.thresholds();
        double[] params = {0.0, 0.5, 3.0, Double.MIN_VALUE, Double.POSITIVE_INFINITY};
        for (int n : REDUCED) {
            for (Threshold op : Threshold.values()) {
                if (op == Threshold.CLIP && t.isComplex()) {
                    continue;
                }
                for (double a : params) {
                    for (boolean plain : new boolean[] {true, false}) {
                        Buffer x = operand(t, n, rnd, plain);
                        Object xs = storage(x);
                        Buffer out = HOST.allocate(t, n);
                        thresholdHost(k, op, x, a, out);
                        double b = op == Threshold.CLIP ? a : op == Threshold.HALF
                                ? Math.cbrt(54.0) / 4.0 * Math.pow(a, 2.0 / 3.0) : 0;
                        double lo = op == Threshold.CLIP ? -a : a;
                        ByteBuffer got = KernelHarness.run(CudaKernels.threshold(t), List.of(Integer.toString(n),
                                Integer.toString(op.ordinal()), KernelHarness.bits(lo), KernelHarness.bits(b)), xs);
                        Object expected = out.hostArray();
                        int entries = n * t.components();
                        assertEquals(entries * (t.isDoublePrecision() ? 8 : 4), got.remaining());
                        for (int e = 0; e < entries; e++) {
                            String what = CudaKernels.threshold(t) + " " + op + " a=" + a + " n=" + n + " entry " + e
                                    + " of x=" + entry(xs, e);
                            double want = entry(expected, e);
                            double have = read(got, t, e);
                            if (libm(op, t)) {
                                // a modulus off by an ulp moves |x| − τ by an ulp of |x|: the scale is
                                // the element's largest magnitude
                                int el = e / t.components() * t.components();
                                double scale = Math.max(Math.abs(want), Math.max(Math.abs(entry(xs, el)),
                                        Math.abs(entry(xs, el + t.components() - 1))));
                                double ulp = t.isDoublePrecision() ? Math.ulp(scale) : Math.ulp((float) scale);
                                if (!(Double.isNaN(want) && Double.isNaN(have)) && want != have
                                        && !(Math.abs(want - have) <= 8 * ulp)) {
                                    fail(what + ": host " + want + ", kernel body " + have);
                                }
                            } else {
                                assertSameBits(want, have, what);
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ElementType.class, names = {"FLOAT32", "FLOAT64"})
    void countOutsideBodyEqualsTheHostEngine(ElementType t) {
        Random rnd = new Random(SEED + 70 + t.ordinal());
        double[][] bounds = {{-1, 1}, {0, 0}, {-0.0, 0.0}, {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY},
            {5, -5}, {Double.NaN, 1}};
        for (int n : REDUCED) {
            for (double[] lu : bounds) {
                for (int threads : new int[] {1, 256}) {
                    Buffer x = operand(t, n, rnd, false);
                    long expected = HOST.thresholds().countOutside(x, lu[0], lu[1]);
                    ByteBuffer got = KernelHarness.run(CudaKernels.countOutside(t), List.of(Integer.toString(n),
                            KernelHarness.bits(lu[0]), KernelHarness.bits(lu[1]), Integer.toString(threads)), storage(x));
                    assertEquals((double) expected, got.getDouble(0), "count_outside " + t + " n=" + n + " bounds "
                            + lu[0] + ", " + lu[1] + " threads=" + threads);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Stencils

    /** The derivative stencils of every kind, order and edge choice on n samples, and their transposes. */
    private static List<Stencil> stencils(int n, Random rnd) {
        List<Stencil> all = new ArrayList<>();
        double h = 0.5 + rnd.nextDouble();
        for (DerivativeKind kind : DerivativeKind.values()) {
            for (boolean edge : new boolean[] {false, true}) {
                for (int order : new int[] {3, 5}) {
                    if (kind != DerivativeKind.CENTERED && (edge || order == 5)) {
                        continue;
                    }
                    add(all, () -> FirstDerivative.stencil(n, h, kind, edge, order));
                }
                if (kind != DerivativeKind.CENTERED && edge) {
                    continue;
                }
                add(all, () -> SecondDerivative.stencil(n, h, kind, edge));
            }
        }
        double[] c = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(),
            rnd.nextGaussian(), rnd.nextGaussian()};
        add(all, () -> Stencil.convolution(n, new int[] {-2, -1, 0, 1, 3, 4}, c));       // many taps, explicit rows
        add(all, () -> Stencil.banded(n, new int[] {-1, 1}, new double[] {c[0], c[1]}, 1, 1)
                .withRow(0, new long[] {0, n - 1}, new double[] {c[2], c[3]}));         // a far column
        return all;
    }

    private static void add(List<Stencil> all, java.util.function.Supplier<Stencil> s) {
        Stencil st;
        try {
            st = s.get();
        } catch (IllegalArgumentException e) {
            return;                                         // too short for this scheme
        }
        all.add(st);
        all.add(st.transpose());
    }

    /** A piece of {@code count} rows in a fresh random buffer with a random leading offset. */
    private static Rows piece(ElementType t, int outer, int inner, long first, long count, Random rnd) {
        int pos = rnd.nextInt(3);
        Buffer b = operand(t, (int) (pos + outer * count * inner + rnd.nextInt(2)), rnd, false);
        return new Rows(b, pos, first, count);
    }

    private static List<String> pieceArgs(Rows r, int c) {
        return List.of(Long.toString(r.pos() * c), Long.toString(r.first()), Long.toString(r.count()),
                Long.toString(r.buffer().length() * c));
    }

    private static void checkStencil(Stencil s, ElementType t, int outer, int inner, int split0, int split1,
            int y0, int y1, boolean acc, Random rnd) {
        int n = (int) s.length();
        int c = t.components();
        Rows front = split0 > 0 ? piece(t, outer, inner, 0, split0, rnd) : null;
        Rows x = piece(t, outer, inner, split0, split1 - split0, rnd);
        Rows back = split1 < n ? piece(t, outer, inner, split1, n - split1, rnd) : null;
        Rows y = piece(t, outer, inner, y0, y1 - y0, rnd);
        Object yBefore = storage(y.buffer());
        StencilKernels k = HOST.stencils().scalar();
        k.apply(s, outer, inner, front, x, back, y, acc);
        StencilTables tables = CudaKernels.stencilTables(s);
        Rows f = front != null ? front : new Rows(HOST.allocate(t, 0), 0, split0, 0);
        Rows b = back != null ? back : new Rows(HOST.allocate(t, 0), 0, split1, 0);
        List<String> args = new ArrayList<>(List.of(Integer.toString(outer), Integer.toString(inner * c)));
        args.addAll(pieceArgs(f, c));
        args.addAll(pieceArgs(x, c));
        args.addAll(pieceArgs(b, c));
        args.addAll(pieceArgs(y, c));
        args.addAll(List.of(acc ? "1" : "0", Integer.toString(tables.meta().length),
                Integer.toString(tables.coef().length)));
        ByteBuffer got = KernelHarness.run(CudaKernels.stencil(t), args, storage(f.buffer()), storage(x.buffer()),
                storage(b.buffer()), yBefore, tables.meta(), tables.coef());
        Object expected = y.buffer().hostArray();
        int entries = (int) y.buffer().length() * c;
        assertEquals(entries * (t.isDoublePrecision() ? 8 : 4), got.remaining(), "stencil output size");
        for (int e = 0; e < entries; e++) {
            assertSameBits(entry(expected, e), read(got, t, e), CudaKernels.stencil(t) + " " + t + " " + s
                    + " outer=" + outer + " inner=" + inner + " pieces " + List.of(split0, split1) + " y rows "
                    + List.of(y0, y1) + " acc=" + acc + ", entry " + e);
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void stencilBodyEqualsTheHostEngine(ElementType t) {
        Random rnd = new Random(SEED + 80 + t.ordinal());
        int[][] shapes = {{1, 1}, {2, 3}, {3, 1}};
        for (int n : new int[] {1, 2, 3, 6, 13}) {
            for (Stencil s : stencils(n, rnd)) {
                for (int[] shape : shapes) {
                    for (boolean acc : new boolean[] {false, true}) {
                        checkStencil(s, t, shape[0], shape[1], 0, n, 0, n, acc, rnd);          // whole block
                    }
                }
                if (n >= 5) {                     // ghost rows: the middle rows of a 3-way split
                    int a = 1 + rnd.nextInt(n / 2), b = a + 1 + rnd.nextInt(n - a - 1);
                    long lo = s.firstColumn(a, b), hi = s.endColumn(a, b);
                    if (lo >= 0 && hi <= n) {
                        int f0 = (int) Math.min(lo, a), b1 = (int) Math.max(hi, b);
                        // pieces [f0, a) [a, b) [b, b1) over the rows [0, n): front and back hold
                        // exactly the ghost rows
                        checkGhost(s, t, f0, a, b, b1, rnd);
                    }
                }
            }
        }
    }

    /** Output rows [a, b) from the pieces [f0, a), [a, b), [b, b1) (front/back null when empty). */
    private static void checkGhost(Stencil s, ElementType t, int f0, int a, int b, int b1, Random rnd) {
        int c = t.components();
        for (boolean acc : new boolean[] {false, true}) {
            int outer = 2, inner = 2;
            Rows front = a > f0 ? piece(t, outer, inner, f0, a - f0, rnd) : null;
            Rows x = piece(t, outer, inner, a, b - a, rnd);
            Rows back = b1 > b ? piece(t, outer, inner, b, b1 - b, rnd) : null;
            Rows y = piece(t, outer, inner, a, b - a, rnd);
            Object yBefore = storage(y.buffer());
            HOST.stencils().scalar().apply(s, outer, inner, front, x, back, y, acc);
            StencilTables tables = CudaKernels.stencilTables(s);
            Rows f = front != null ? front : new Rows(HOST.allocate(t, 0), 0, a, 0);
            Rows bk = back != null ? back : new Rows(HOST.allocate(t, 0), 0, b, 0);
            List<String> args = new ArrayList<>(List.of(Integer.toString(outer), Integer.toString(inner * c)));
            args.addAll(pieceArgs(f, c));
            args.addAll(pieceArgs(x, c));
            args.addAll(pieceArgs(bk, c));
            args.addAll(pieceArgs(y, c));
            args.addAll(List.of(acc ? "1" : "0", Integer.toString(tables.meta().length),
                    Integer.toString(tables.coef().length)));
            ByteBuffer got = KernelHarness.run(CudaKernels.stencil(t), args, storage(f.buffer()), storage(x.buffer()),
                    storage(bk.buffer()), yBefore, tables.meta(), tables.coef());
            Object expected = y.buffer().hostArray();
            for (int e = 0; e < (int) y.buffer().length() * c; e++) {
                assertSameBits(entry(expected, e), read(got, t, e), CudaKernels.stencil(t) + " " + t + " " + s
                        + " ghost pieces " + List.of(f0, a, b, b1) + " acc=" + acc + ", entry " + e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void vectorStencilsEqualTheScalarLoops(ElementType t) {
        // the host engine's default kernels (Vector API where the JVM has it) give the scalar loops'
        // bits, so the kernel body equals whichever the host engine runs
        Random rnd = new Random(SEED + 90 + t.ordinal());
        Stencil s = FirstDerivative.stencil(40, 0.7, DerivativeKind.CENTERED, true, 5);
        Buffer x = operand(t, 3 * 40 * 4, rnd, false);
        Buffer y1 = HOST.allocate(t, 3 * 40 * 4);
        Buffer y2 = HOST.allocate(t, 3 * 40 * 4);
        HOST.stencils().apply(s, 3, 4, x, 0, y1, 0, false);
        HOST.stencils().scalar().apply(s, 3, 4, x, 0, y2, 0, false);
        Object a = y1.hostArray(), b = y2.hostArray();
        for (int e = 0; e < 3 * 40 * 4 * t.components(); e++) {
            assertSameBits(entry(b, e), entry(a, e), "host vector vs scalar " + t + " entry " + e);
        }
    }
}
