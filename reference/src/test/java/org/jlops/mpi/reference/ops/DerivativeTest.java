package org.jlops.mpi.reference.ops;

import static org.jlops.mpi.reference.TestSupport.assertClose;
import static org.jlops.mpi.reference.TestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * First and second derivatives against closed forms (d/dx x² = 2x, d²/dx² x² = 2) and against a
 * direct element-by-element evaluation of the SPEC §5.8/§5.9 formulas, along every axis.
 */
class DerivativeTest {

    private static final double H = 0.1;

    /** x_i = i·h, squared. */
    private static double[] squares(int n, double h) {
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = (i * h) * (i * h);
        }
        return f;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5})
    void centeredFirstDerivativeOfSquareIsTwoXInTheInterior(int order) {
        int n = 12;
        for (boolean edge : new boolean[] {false, true}) {
            double[] y = ReferenceOperators.firstDerivative(new long[] {n}, 0, H, DerivativeKind.CENTERED, edge, order)
                    .matvec(squares(n, H));
            int margin = order == 3 ? 1 : 2;
            for (int i = margin; i < n - margin; i++) {
                assertClose(2 * i * H, y[i], 1e-12, 1e-12, "order " + order + " edge " + edge + " row " + i);
            }
        }
    }

    @Test
    void centeredBoundaryRowsAreZeroWithoutEdgeAndOneSidedWithEdge() {
        int n = 9;
        double[] f = squares(n, H);
        DMatrixRMaj d3 = ReferenceOperators.firstDerivativeMatrix(n, H, DerivativeKind.CENTERED, false, 3);
        for (int j = 0; j < n; j++) {
            assertEquals(0.0, d3.get(0, j), "row 0 without edge");
            assertEquals(0.0, d3.get(n - 1, j), "row n-1 without edge");
        }
        double[] e3 = ReferenceOperators.firstDerivative(new long[] {n}, 0, H, DerivativeKind.CENTERED, true, 3)
                .matvec(f);
        assertClose(H, e3[0], 1e-12, 1e-14, "order 3 edge row 0: (x1² − x0²)/h");
        assertClose((2 * n - 3) * H, e3[n - 1], 1e-12, 1e-14, "order 3 edge row n-1");
        double[] e5 = ReferenceOperators.firstDerivative(new long[] {n}, 0, H, DerivativeKind.CENTERED, true, 5)
                .matvec(f);
        assertClose(H, e5[0], 1e-12, 1e-14, "order 5 edge row 0");
        assertClose(2 * H, e5[1], 1e-12, 1e-14, "order 5 edge row 1: 0.5(x2² − x0²)/h = 2·x1");
        assertClose(2 * (n - 2) * H, e5[n - 2], 1e-12, 1e-14, "order 5 edge row n-2");
        assertClose((2 * n - 3) * H, e5[n - 1], 1e-12, 1e-14, "order 5 edge row n-1");
        double[] z5 = ReferenceOperators.firstDerivative(new long[] {n}, 0, H, DerivativeKind.CENTERED, false, 5)
                .matvec(f);
        assertArrayEquals(new double[] {0, 0, 0, 0}, new double[] {z5[0], z5[1], z5[n - 2], z5[n - 1]});
    }

    @Test
    void forwardAndBackwardOfSquareAreTwoXPlusMinusH() {
        int n = 10;
        double[] f = squares(n, H);
        double[] fw = ReferenceOperators.firstDerivative(new long[] {n}, 0, H, DerivativeKind.FORWARD, false, 3)
                .matvec(f);
        double[] bw = ReferenceOperators.firstDerivative(new long[] {n}, 0, H, DerivativeKind.BACKWARD, true, 3)
                .matvec(f);
        for (int i = 0; i < n - 1; i++) {
            assertClose(2 * i * H + H, fw[i], 1e-12, 1e-12, "forward row " + i);
        }
        assertEquals(0.0, fw[n - 1], "forward last row");
        assertEquals(0.0, bw[0], "backward first row (edge ignored)");
        for (int i = 1; i < n; i++) {
            assertClose(2 * i * H - H, bw[i], 1e-12, 1e-12, "backward row " + i);
        }
    }

    @Test
    void secondDerivativeOfSquareIsTwo() {
        int n = 11;
        double[] f = squares(n, H);
        double[] c = ReferenceOperators.secondDerivative(new long[] {n}, 0, H, DerivativeKind.CENTERED, false).matvec(f);
        double[] ce = ReferenceOperators.secondDerivative(new long[] {n}, 0, H, DerivativeKind.CENTERED, true).matvec(f);
        double[] fw = ReferenceOperators.secondDerivative(new long[] {n}, 0, H, DerivativeKind.FORWARD, false).matvec(f);
        double[] bw = ReferenceOperators.secondDerivative(new long[] {n}, 0, H, DerivativeKind.BACKWARD, false).matvec(f);
        for (int i = 0; i < n; i++) {
            boolean interior = i >= 1 && i <= n - 2;
            assertClose(interior ? 2 : 0, c[i], 1e-10, 1e-10, "centered row " + i);
            assertClose(2, ce[i], 1e-10, 1e-10, "centered edge row " + i);
            assertClose(i <= n - 3 ? 2 : 0, fw[i], 1e-10, 1e-10, "forward row " + i);
            assertClose(i >= 2 ? 2 : 0, bw[i], 1e-10, 1e-10, "backward row " + i);
        }
    }

    @Test
    void stencilMatricesMatchTheElementFormulasForEveryKindOrderEdgeAndSize() {
        Random rnd = new Random(51);
        int cases = 0;
        for (int n = 0; n <= 9; n++) {
            double[] x = random(rnd, n);
            double h = 0.3 + rnd.nextDouble();
            for (DerivativeKind kind : DerivativeKind.values()) {
                for (boolean edge : new boolean[] {false, true}) {
                    for (int order : new int[] {3, 5}) {
                        int min = kind == DerivativeKind.CENTERED && edge ? (order == 3 ? 2 : 3) : 0;
                        if (n < min) {
                            assertThrows(IllegalArgumentException.class,
                                    () -> ReferenceOperators.firstDerivativeMatrix(x.length, h, kind, edge, order));
                            continue;
                        }
                        DenseOperator d = DenseOperator.of(ReferenceOperators.firstDerivativeMatrix(n, h, kind, edge,
                                order));
                        assertClose(Stencils.first(x, h, kind, edge, order), d.matvec(x), 1e-14, 1e-14,
                                "first " + kind + " edge " + edge + " order " + order + " n " + n);
                        cases++;
                    }
                    int min2 = kind == DerivativeKind.CENTERED && edge ? 3 : 0;
                    if (n < min2) {
                        assertThrows(IllegalArgumentException.class,
                                () -> ReferenceOperators.secondDerivativeMatrix(x.length, h, kind, edge));
                        continue;
                    }
                    DenseOperator d2 = DenseOperator.of(ReferenceOperators.secondDerivativeMatrix(n, h, kind, edge));
                    assertClose(Stencils.second(x, h, kind, edge), d2.matvec(x), 1e-13, 1e-13,
                            "second " + kind + " edge " + edge + " n " + n);
                    cases++;
                }
            }
        }
        assertTrue(cases > 100, "cases run: " + cases);
    }

    @Test
    void derivativesAlongEveryAxisOfA3dArrayActOnEachFibre() {
        Random rnd = new Random(7);
        long[] dims = {4, 5, 6};
        double[] x = random(rnd, 4 * 5 * 6);
        for (int axis = -3; axis < 3; axis++) {
            int ax = axis < 0 ? axis + 3 : axis;
            for (DerivativeKind kind : DerivativeKind.values()) {
                for (int order : new int[] {3, 5}) {
                    DenseOperator d = ReferenceOperators.firstDerivative(dims, axis, 0.5, kind, true, order);
                    assertArrayEquals(dims, d.dims());
                    assertArrayEquals(dims, d.dimsd());
                    double[] expected = Stencils.alongAxis(x, dims, ax,
                            f -> Stencils.first(f, 0.5, kind, true, order));
                    assertClose(expected, d.matvec(x), 1e-13, 1e-13, "first along axis " + axis + " " + kind);
                }
                DenseOperator d2 = ReferenceOperators.secondDerivative(dims, axis, 0.7, kind, true);
                double[] expected2 = Stencils.alongAxis(x, dims, ax, f -> Stencils.second(f, 0.7, kind, true));
                assertClose(expected2, d2.matvec(x), 1e-13, 1e-13, "second along axis " + axis + " " + kind);
            }
        }
    }

    @Test
    void invalidArgumentsAreRejectedWithTheirName() {
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.firstDerivativeMatrix(8, 1, DerivativeKind.CENTERED, false, 4));
        assertTrue(order.getMessage().startsWith("order: 4"), order.getMessage());
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.secondDerivativeMatrix(8, 0, DerivativeKind.CENTERED, false));
        assertTrue(h.getMessage().startsWith("sampling: 0.0"), h.getMessage());
        IllegalArgumentException axis = assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.firstDerivative(new long[] {3, 4}, 2, 1, DerivativeKind.FORWARD, false, 3));
        assertTrue(axis.getMessage().startsWith("axis: 2"), axis.getMessage());
        IllegalArgumentException edge = assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.firstDerivative(new long[] {4, 2}, 1, 1, DerivativeKind.CENTERED, true, 5));
        assertTrue(edge.getMessage().startsWith("n: 2"), edge.getMessage());
    }

    @Test
    void forwardAndBackwardIgnoreOrder() {
        DMatrixRMaj a = ReferenceOperators.firstDerivativeMatrix(6, 1, DerivativeKind.FORWARD, false, 3);
        DMatrixRMaj b = ReferenceOperators.firstDerivativeMatrix(6, 1, DerivativeKind.FORWARD, true, 7);
        assertArrayEquals(a.data, b.data);
    }
}
