package org.jlops.mpi.ops.serial;

import static org.jlops.mpi.ops.serial.DerivativeTesting.DTYPES;
import static org.jlops.mpi.ops.serial.DerivativeTesting.assertClose;
import static org.jlops.mpi.ops.serial.DerivativeTesting.ref;
import static org.jlops.mpi.ops.serial.DerivativeTesting.size;
import static org.jlops.mpi.ops.serial.SerialTesting.checkProducts;
import static org.jlops.mpi.ops.serial.SerialTesting.productInsideLargerBuffers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.serial.DerivativeTesting.Config;
import org.jlops.mpi.ops.serial.SerialTesting.RangeProduct;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The serial derivatives against the EJML reference (built from the definitions) for every dtype,
 * axis (negative ones too), kind, order and edge option, including axes of 0 to 5 samples; closed
 * forms; dot-tests; ranges inside larger buffers; bad arguments.
 */
class SerialDerivativeTest {

    /** Shapes of the sweeps: short 1-d axes (edge cases of the boundary rows) and small n-d blocks. */
    private static final long[][] SHAPES = {{0}, {1}, {2}, {3}, {4}, {5}, {6}, {9}, {5, 6}, {4, 3, 5}, {6, 1, 4}};

    private static int axisArgument(int axis, int ndim, long seed) {
        return seed % 2 == 0 ? axis : axis - ndim; // negative axes half of the time
    }

    @Test
    void firstDerivativeMatchesTheReference() {
        long seed = 1;
        for (long[] dims : SHAPES) {
            for (int axis = 0; axis < dims.length; axis++) {
                for (Config c : Config.firstDerivatives()) {
                    if (dims[axis] < c.minFirst()) {
                        continue;
                    }
                    for (double h : new double[] {1.0, 0.4}) {
                        DenseOperator reference = ReferenceOperators.firstDerivative(dims, axis, h, ref(c.kind()),
                                c.edge(), c.order());
                        for (DType dt : DTYPES) {
                            seed++;
                            int a = axisArgument(axis, dims.length, seed);
                            FirstDerivative op = new FirstDerivative(dims, a, h, c.kind(), c.edge(), c.order(), dt);
                            assertEquals(axis, op.axis());
                            checkProducts(op, reference, seed, op.toString());
                        }
                    }
                }
            }
        }
    }

    @Test
    void secondDerivativeMatchesTheReference() {
        long seed = 100;
        for (long[] dims : SHAPES) {
            for (int axis = 0; axis < dims.length; axis++) {
                for (Config c : Config.secondDerivatives()) {
                    if (dims[axis] < c.minSecond()) {
                        continue;
                    }
                    for (double h : new double[] {1.0, 0.4}) {
                        DenseOperator reference = ReferenceOperators.secondDerivative(dims, axis, h, ref(c.kind()),
                                c.edge());
                        for (DType dt : DTYPES) {
                            seed++;
                            SecondDerivative op = new SecondDerivative(dims, axisArgument(axis, dims.length, seed), h,
                                    c.kind(), c.edge(), dt);
                            checkProducts(op, reference, seed, op.toString());
                        }
                    }
                }
            }
        }
    }

    @Test
    void laplacianMatchesTheReference() {
        long seed = 200;
        long[][] shapes = {{5, 6}, {4, 3, 5}, {3, 4}, {7}};
        for (long[] dims : shapes) {
            int nd = dims.length;
            int[][] axesSets = nd == 1 ? new int[][] {{0}, {0, -1}}
                    : nd == 2 ? new int[][] {{-2, -1}, {1}, {0, 1, 1}}
                    : new int[][] {{0, 1, 2}, {-1, -2, -3}, {2, 0}};
            for (int[] axes : axesSets) {
                double[] w = new double[axes.length];
                double[] s = new double[axes.length];
                for (int j = 0; j < axes.length; j++) {
                    w[j] = 0.7 + 0.3 * j;
                    s[j] = j % 2 == 0 ? 1.0 : 0.4;
                }
                for (DerivativeKind kind : DerivativeKind.values()) {
                    for (boolean edge : new boolean[] {false, true}) {
                        DenseOperator reference = ReferenceOperators.laplacian(dims, axes, w, s, edge, ref(kind));
                        for (DType dt : DTYPES) {
                            Laplacian op = new Laplacian(dims, axes, w, s, edge, kind, dt);
                            checkProducts(op, reference, seed++, op.toString());
                        }
                    }
                }
            }
        }
    }

    @Test
    void gradientMatchesTheReference() {
        long seed = 300;
        long[][] shapes = {{5, 6}, {4, 3, 5}, {7}, {2, 3}};
        for (long[] dims : shapes) {
            double[] s = new double[dims.length];
            for (int k = 0; k < s.length; k++) {
                s[k] = 1.0 - 0.3 * k;
            }
            for (DerivativeKind kind : DerivativeKind.values()) {
                for (boolean edge : new boolean[] {false, true}) {
                    DenseOperator reference = ReferenceOperators.gradient(dims, s, edge, ref(kind));
                    for (DType dt : DTYPES) {
                        Gradient op = new Gradient(dims, s, edge, kind, dt);
                        assertEquals(dims.length * size(dims), op.rows());
                        long[] dimsd = new long[dims.length + 1];
                        dimsd[0] = dims.length;
                        System.arraycopy(dims, 0, dimsd, 1, dims.length);
                        assertArrayEquals(dimsd, op.dimsd());
                        checkProducts(op, reference, seed++, op.toString());
                    }
                }
            }
        }
        DenseOperator scalar = ReferenceOperators.gradient(new long[] {4, 5}, 0.5, true, ref(DerivativeKind.CENTERED));
        checkProducts(new Gradient(new long[] {4, 5}, 0.5, true, DerivativeKind.CENTERED, DType.FLOAT64), scalar, 7,
                "scalar");
    }

    /** d/dx x^2 = 2x in the interior, exactly for centered stencils, up to +-h for one-sided ones. */
    @Test
    void firstDerivativeOfASquare() {
        int n = 12;
        double h = 0.25;
        NdArray x = NdArray.zeros(DType.FLOAT64, n);
        for (int i = 0; i < n; i++) {
            x.set(i, (i * h) * (i * h));
        }
        for (Config c : Config.firstDerivatives()) {
            NdArray y = new FirstDerivative(new long[] {n}, 0, h, c.kind(), c.edge(), c.order(), DType.FLOAT64)
                    .matvec(x);
            int margin = c.kind() == DerivativeKind.CENTERED ? (c.order() == 3 ? 1 : 2) : 1;
            double bias = switch (c.kind()) {
                case FORWARD -> h;
                case BACKWARD -> -h;
                case CENTERED -> 0;
            };
            for (int i = margin; i < n - margin; i++) {
                assertEquals(2 * i * h + bias, y.re(i), 1e-12, c + " row " + i);
            }
            if (c.kind() == DerivativeKind.CENTERED) {
                double first = c.edge() ? h : 0; // (x1^2 - x0^2)/h = h
                assertEquals(first, y.re(0), 1e-12, c + " row 0");
            }
        }
    }

    /** d2/dx2 x^2 = 2 in the interior for every kind. */
    @Test
    void secondDerivativeOfASquare() {
        int n = 10;
        double h = 0.5;
        NdArray x = NdArray.zeros(DType.FLOAT64, 3, n);
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < n; i++) {
                x.set(r * n + i, (i * h) * (i * h) + r);
            }
        }
        for (Config c : Config.secondDerivatives()) {
            NdArray y = new SecondDerivative(new long[] {3, n}, -1, h, c.kind(), c.edge(), DType.FLOAT64).matvec(x);
            for (int r = 0; r < 3; r++) {
                for (int i = 2; i < n - 2; i++) {
                    assertEquals(2.0, y.re(r * n + i), 1e-12, c + " row " + r + " sample " + i);
                }
            }
        }
    }

    /** The buffer products work on ranges inside larger buffers and leave the rest alone. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void rangesInsideLargerBuffers(DType dt) {
        long[] dims = {4, 5};
        List<LocalOperator> ops = List.of(
                new FirstDerivative(dims, 1, 0.5, DerivativeKind.CENTERED, true, 5, dt),
                new SecondDerivative(dims, 0, 1.0, DerivativeKind.FORWARD, false, dt),
                new Laplacian(dims, new int[] {0, 1}, new double[] {2, 3}, new double[] {1, 2}, true,
                        DerivativeKind.CENTERED, dt),
                new Gradient(dims, 1.0, false, DerivativeKind.BACKWARD, dt));
        for (LocalOperator op : ops) {
            for (boolean adjoint : new boolean[] {false, true}) {
                RangeProduct r = productInsideLargerBuffers(op, dt, adjoint);
                assertClose(r.expect(), r.written(), 0, op + " adjoint=" + adjoint);
                for (long k : new long[] {0, 1, r.nOut() + 2, r.nOut() + 3}) {
                    assertEquals(r.before().re(k), r.out().re(k), op + ": entry " + k + " outside the range changed");
                }
            }
        }
    }

    @Test
    void badArguments() {
        long[] d = {4, 5};
        DType f = DType.FLOAT64;
        DerivativeKind c = DerivativeKind.CENTERED;
        assertMessage("axis: 2 is out of range for 2 dimensions, expected [-2, 2)",
                () -> new FirstDerivative(d, 2, 1, c, false, 3, f));
        assertMessage("axis: -3 is out of range for 2 dimensions, expected [-2, 2)",
                () -> new SecondDerivative(d, -3, 1, c, false, f));
        assertMessage("order: 4, expected 3 or 5 for a centered first derivative",
                () -> new FirstDerivative(d, 0, 1, c, false, 4, f));
        assertMessage("sampling: 0.0, expected a finite non-zero sampling step",
                () -> new FirstDerivative(d, 0, 0, c, false, 3, f));
        assertMessage("sampling: NaN, expected a finite non-zero sampling step",
                () -> new SecondDerivative(d, 0, Double.NaN, c, false, f));
        assertMessage("kind: must be FORWARD, CENTERED or BACKWARD, got null",
                () -> new FirstDerivative(d, 0, 1, null, false, 3, f));
        assertMessage("dtype: must not be null", () -> new FirstDerivative(d, 0, 1, c, false, 3, null));
        assertMessage("dims: must have at least one dimension, got ()",
                () -> new FirstDerivative(new long[0], 0, 1, c, false, 3, f));
        assertMessage("dims: negative dimension in [4, -1]",
                () -> new FirstDerivative(new long[] {4, -1}, 0, 1, c, false, 3, f));
        assertMessage("dims: 1 samples along the derivative axis, the edge formulas of the centered order-3 first "
                + "derivative need at least 2", () -> new FirstDerivative(new long[] {1, 5}, 0, 1, c, true, 3, f));
        assertMessage("dims: 2 samples along the derivative axis, the edge formulas of the centered order-5 first "
                + "derivative need at least 3", () -> new FirstDerivative(new long[] {5, 2}, 1, 1, c, true, 5, f));
        assertMessage("dims: 2 samples along the derivative axis, the edge formulas of the centered second "
                + "derivative need at least 3", () -> new SecondDerivative(new long[] {2}, 0, 1, c, true, f));
        assertMessage("axes, weights, sampling: have different sizes (2, 1, 2), expected one weight and one sampling "
                + "per axis", () -> new Laplacian(d, new int[] {0, 1}, new double[] {1}, new double[] {1, 1}, false, c,
                        f));
        assertMessage("axes: empty, expected at least one axis",
                () -> new Laplacian(d, new int[0], new double[0], new double[0], false, c, f));
        assertMessage("axes: 2 is out of range for 2 dimensions, expected [-2, 2)",
                () -> new Laplacian(d, new int[] {0, 2}, new double[] {1, 1}, new double[] {1, 1}, false, c, f));
        assertMessage("sampling: 3 entries, expected one per axis of dims [4, 5]",
                () -> new Gradient(d, new double[] {1, 1, 1}, false, c, f));
        // forward and backward ignore order and edge, as in PyLops
        new FirstDerivative(new long[] {1}, 0, 1, DerivativeKind.FORWARD, true, 4, f);
        FirstDerivative op = new FirstDerivative(d, 0);
        assertMessage("x: dimension mismatch, 19 entries but the operator needs 20",
                () -> op.matvec(NdArray.zeros(f, 19)));
    }

    private static void assertMessage(String message, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(message, e.getMessage());
    }

    @Test
    void defaultsAreThoseOfPyLops() {
        FirstDerivative d1 = new FirstDerivative(new long[] {3, 4}, -1);
        assertEquals(1, d1.axis());
        assertEquals(DerivativeKind.CENTERED, d1.kind());
        assertEquals(3, d1.order());
        assertEquals(1.0, d1.sampling());
        assertEquals(DType.FLOAT64, d1.dtype());
        Laplacian l = new Laplacian(new long[] {3, 4});
        assertArrayEquals(new int[] {0, 1}, l.axes());
        assertArrayEquals(new double[] {1, 1}, l.weights());
        assertEquals("SecondDerivative(dims=[3, 4], axis=0, sampling=1.0, kind=CENTERED, edge=false, dtype=FLOAT64)",
                new SecondDerivative(new long[] {3, 4}, 0).toString());
        assertEquals(Arrays.toString(new long[] {3, 4}), Arrays.toString(l.dimsd()));
    }
}
