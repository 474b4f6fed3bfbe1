package org.jlops.mpi.ops.serial;

import static org.jlops.mpi.ops.serial.DerivativeTesting.DTYPES;
import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.random;
import static org.jlops.mpi.ops.serial.SerialTesting.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.junit.jupiter.api.Test;

/**
 * The signal and shaping serial operators ({@link Convolve1D}, {@link Smoothing1D},
 * {@link PoststackLinearModelling}, {@link Restriction}, {@link Flip}, {@link Roll}, {@link Sum},
 * {@link Transpose}, {@link Pad}, {@link FunctionOperator}) against their EJML references for every
 * dtype and axis, on buffer ranges inside larger arrays, and against closed forms.
 */
class SignalSerialTest {

    private static final List<long[]> DIMS = List.of(new long[] {9}, new long[] {5, 7}, new long[] {4, 3, 6});

    @Test
    void convolutionMatchesTheReferenceOnEveryAxisAndDtype() {
        Random rnd = new Random(1);
        long seed = 10;
        for (long[] dims : DIMS) {
            for (int axis = 0; axis < dims.length; axis++) {
                for (DType dt : DTYPES) {
                    int nh = 1 + rnd.nextInt(2 * (int) dims[axis] + 2);     // shorter and longer than the axis
                    double[] h = new double[nh];
                    for (int k = 0; k < nh; k++) {
                        h[k] = rnd.nextGaussian();
                    }
                    int offset = rnd.nextInt(nh);
                    int arg = rnd.nextBoolean() ? axis : axis - dims.length;
                    Convolve1D op = new Convolve1D(dims, h, offset, arg, dt);
                    assertEquals(axis, op.axis());
                    check(op, ReferenceOperators.convolve1d(dims, h, offset, axis), seed++, op.toString());
                    inRanges(op, dt);
                }
            }
        }
    }

    /** PyLops' example: a spike convolved with a centred filter returns the filter around the spike. */
    @Test
    void spikeGivesTheFilter() {
        double[] h = {1, 2, 3, 2, 1};
        NdArray x = NdArray.zeros(DType.FLOAT64, 11);
        x.set(5, 1.0);
        NdArray y = new Convolve1D(11, h, 2).matvec(x);
        assertArrayEquals(new double[] {0, 0, 0, 1, 2, 3, 2, 1, 0, 0, 0}, y.doubles(), 0);
        NdArray shifted = new Convolve1D(11, h, 0).matvec(x);     // offset 0: h[0] at the spike, the rest after it
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1, 2, 3, 2, 1, 0}, shifted.doubles(), 0);
    }

    @Test
    void smoothingAndPoststackMatchTheReference() {
        long seed = 100;
        for (long[] dims : DIMS) {
            for (int axis = 0; axis < dims.length; axis++) {
                for (DType dt : DTYPES) {
                    for (int ns : new int[] {1, 2, 3, 4}) {
                        Smoothing1D s = new Smoothing1D(ns, dims, axis, dt);
                        assertEquals(ns % 2 == 0 ? ns + 1 : ns, s.nsmooth());
                        check(s, ReferenceOperators.smoothing1d(ns, dims, axis), seed++, s.toString());
                    }
                    double[] wav = {-0.2, 0.5, 1.0, 0.5, -0.2, 0.1, 0.05};
                    for (DerivativeKind kind : new DerivativeKind[] {DerivativeKind.CENTERED, DerivativeKind.FORWARD}) {
                        PoststackLinearModelling p = new PoststackLinearModelling(wav, dims, axis, kind, dt);
                        check(p, ReferenceOperators.poststack(wav, dims, axis, DerivativeTesting.ref(kind)), seed++,
                                p.toString());
                    }
                }
            }
        }
        // PyLops' layout (time first) with its defaults; d = W D m on a 2-layer model
        PoststackLinearModelling p = new PoststackLinearModelling(new double[] {1, 2, 3}, 5);
        assertArrayEquals(new long[] {5}, p.dims());
        NdArray m = NdArray.ofFloat64(new double[] {0, 0, 1, 1, 1});
        // D m = (0, 0.5, 0.5, 0, 0); y[i] = 1 r[i+1] + 2 r[i] + 3 r[i-1] (as PyLops computes)
        assertArrayEquals(new double[] {0.5, 1.5, 2.5, 1.5, 0}, p.matvec(m).doubles(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new PoststackLinearModelling(new double[] {1},
                new long[] {5}, 0, DerivativeKind.BACKWARD, DType.FLOAT64));
    }

    @Test
    void gathersMatchTheReference() {
        Random rnd = new Random(2);
        long seed = 200;
        for (long[] dims : DIMS) {
            for (int axis = 0; axis < dims.length; axis++) {
                for (DType dt : DTYPES) {
                    int n = (int) dims[axis];
                    int[] iava = new int[1 + rnd.nextInt(2 * n)];
                    for (int k = 0; k < iava.length; k++) {
                        iava[k] = rnd.nextInt(n);                        // repeats allowed
                    }
                    Restriction r = new Restriction(dims, iava, axis, dt);
                    check(r, ReferenceOperators.restriction(dims, iava, axis), seed++, r.toString());
                    inRanges(r, dt);
                    Flip f = new Flip(dims, axis, dt);
                    check(f, ReferenceOperators.flip(dims, axis), seed++, f.toString());
                    long shift = rnd.nextInt(4 * n + 1) - 2L * n;
                    Roll ro = new Roll(dims, axis, shift, dt);
                    check(ro, ReferenceOperators.roll(dims, axis, shift), seed++, ro.toString());
                    inRanges(ro, dt);
                    Sum su = new Sum(dims, axis, dt);
                    check(su, ReferenceOperators.sum(dims, axis), seed++, su.toString());
                    inRanges(su, dt);
                }
            }
        }
    }

    @Test
    void transposeAndPadMatchTheReference() {
        long seed = 300;
        int[][][] perms = {{{0}}, {{1, 0}, {0, 1}}, {{2, 0, 1}, {1, 2, 0}, {0, 2, 1}, {-1, -3, -2}}};
        Random rnd = new Random(4);
        for (long[] dims : DIMS) {
            for (DType dt : DTYPES) {
                for (int[] axes : perms[dims.length - 1]) {
                    Transpose t = new Transpose(dims, axes, dt);
                    check(t, ReferenceOperators.transpose(dims, axes), seed++, t.toString());
                    inRanges(t, dt);
                }
                long[][] pad = new long[dims.length][];
                for (int a = 0; a < dims.length; a++) {
                    pad[a] = new long[] {rnd.nextInt(3), rnd.nextInt(3)};
                }
                Pad p = new Pad(dims, pad, dt);
                check(p, ReferenceOperators.pad(dims, pad), seed++, p.toString());
                inRanges(p, dt);
            }
        }
    }

    /** Closed forms of PyLops' documentation examples. */
    @Test
    void closedForms() {
        NdArray x = NdArray.ofFloat64(new double[] {0, 1, 2, 3, 4});
        assertArrayEquals(new double[] {3, 4, 0, 1, 2}, new Roll(5, 2).matvec(x).doubles(), 0);
        assertArrayEquals(new double[] {2, 3, 4, 0, 1}, new Roll(5, 2).rmatvec(x).doubles(), 0);
        assertArrayEquals(new double[] {2, 3, 4, 0, 1}, new Roll(5, -7).matvec(x).doubles(), 0);
        assertArrayEquals(new double[] {4, 3, 2, 1, 0}, new Flip(5).matvec(x).doubles(), 0);
        assertArrayEquals(new double[] {10}, new Sum(5).matvec(x).doubles(), 0);
        assertArrayEquals(new double[] {0, 0, 1, 2, 3, 4, 0}, new Pad(5, 1, 1).matvec(x).doubles(), 0);
        Restriction r = new Restriction(5, new int[] {4, 1, 1});
        assertArrayEquals(new double[] {4, 1, 1}, r.matvec(x).doubles(), 0);
        assertArrayEquals(new double[] {0, 2, 0, 0, 4}, r.rmatvec(NdArray.ofFloat64(new double[] {4, 1, 1}))
                .doubles(), 0, "the adjoint adds the repeated position");
        NdArray m = NdArray.ofFloat64(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        Transpose t = new Transpose(new long[] {2, 3}, new int[] {1, 0});
        assertArrayEquals(new long[] {3, 2}, t.dimsd());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, t.matvec(m).doubles(), 0);
        assertArrayEquals(new double[] {3, 12}, new Sum(new long[] {2, 3}, 1, DType.FLOAT64).matvec(m).doubles(), 0);
    }

    @Test
    void functionOperatorWrapsTwoLambdas() {
        long n = 100;
        // y[i] = x[i] - x[i-1] and its transpose x[j] = y[j] - y[j+1]
        FunctionOperator.Product fwd = (in, out) -> {
            for (int i = 0; i < n; i++) {
                out.set(i, in.re(i) - (i > 0 ? in.re(i - 1) : 0), in.im(i) - (i > 0 ? in.im(i - 1) : 0));
            }
        };
        FunctionOperator.Product adj = (in, out) -> {
            for (int i = 0; i < n; i++) {
                out.set(i, in.re(i) - (i < n - 1 ? in.re(i + 1) : 0), in.im(i) - (i < n - 1 ? in.im(i + 1) : 0));
            }
        };
        for (DType dt : DTYPES) {
            LocalOperator op = FunctionOperator.of(new long[] {n}, new long[] {n}, dt, fwd, adj, "Difference");
            double[] h = {1, -1};
            check(op, ReferenceOperators.convolve1d(new long[] {n}, h, 0, 0), 7, op.toString());
            inRanges(op, dt);
            assertTrue(op.toString().startsWith("Difference(dims=[100]"), op.toString());
        }
        // shapes: the functions see n-d arrays of the declared shapes
        FunctionOperator shaped = FunctionOperator.of(new long[] {2, 3}, new long[] {3}, DType.FLOAT64,
                (in, out) -> {
                    assertArrayEquals(new long[] {2, 3}, in.shape());
                    for (int j = 0; j < 3; j++) {
                        out.set(j, in.re(j) + in.re(3 + j));
                    }
                },
                (in, out) -> {
                    assertArrayEquals(new long[] {3}, in.shape());
                    for (int j = 0; j < 6; j++) {
                        out.set(j, in.re(j % 3));
                    }
                });
        check(shaped, ReferenceOperators.sum(new long[] {2, 3}, 0), 8, "sum as a function operator");
        assertThrows(IllegalArgumentException.class,
                () -> FunctionOperator.of(new long[] {2}, new long[] {2}, DType.FLOAT64, fwd, null));
    }

    @Test
    void badArguments() {
        assertMessage("h: the filter must have at least one tap", () -> new Convolve1D(5, new double[0], 0));
        assertMessage("offset: 600 with a filter of 3 taps", () -> new Convolve1D(5, new double[] {1, 2, 3}, 600));
        assertMessage("axis: 2 is out of range", () -> new Convolve1D(new long[] {3, 4}, new double[] {1}, 0, 2,
                DType.FLOAT64));
        assertMessage("iava: position 5 (entry 1) is outside [0, 5)", () -> new Restriction(5, new int[] {0, 5}));
        assertMessage("axes: [0, 0] repeats axis 0", () -> new Transpose(new long[] {2, 3}, new int[] {0, 0}));
        assertMessage("pad: [-1, 0] for axis 0", () -> new Pad(new long[] {3}, new long[][] {{-1, 0}}, DType.FLOAT64));
        assertMessage("nsmooth: 0, expected at least 1", () -> new Smoothing1D(0, new long[] {4}, 0, DType.FLOAT64));
    }

    private static void assertMessage(String start, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    /** The product on a range inside larger buffers equals the whole-array product, and leaves the rest alone. */
    private static void inRanges(LocalOperator op, DType dt) {
        for (boolean adjoint : new boolean[] {false, true}) {
            SerialTesting.RangeProduct p = SerialTesting.productInsideLargerBuffers(op, dt, adjoint);
            assertClose(p.expect(), p.written(), 0, op + (adjoint ? " adjoint" : " forward") + " on ranges");
            assertEquals(p.before().slice(0, 0, 2), p.out().slice(0, 0, 2), "entries before the range untouched");
            assertEquals(p.before().slice(0, 2 + p.nOut(), 4 + p.nOut()), p.out().slice(0, 2 + p.nOut(), 4 + p.nOut()),
                    "entries after the range untouched");
        }
    }
}
