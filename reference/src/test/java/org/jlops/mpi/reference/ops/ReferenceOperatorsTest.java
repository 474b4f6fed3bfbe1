package org.jlops.mpi.reference.ops;

import static org.jlops.mpi.reference.TestSupport.assertClose;
import static org.jlops.mpi.reference.TestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_ZDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.dense.row.RandomMatrices_ZDRM;
import org.junit.jupiter.api.Test;

/** Laplacian, gradient, block operators and the basic serial operators against closed forms. */
class ReferenceOperatorsTest {

    private final Random rnd = new Random(99);

    @Test
    void laplacianOfAQuadraticIsConstantInTheInterior() {
        int nx = 7;
        int ny = 9;
        double hx = 0.5;
        double hy = 0.25;
        double a = 1.5;
        double b = -0.75;
        double c = 2.0;
        double[] f = new double[nx * ny];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double x = i * hx;
                double y = j * hy;
                f[i * ny + j] = a * x * x + b * y * y + c * x * y + 3 * x - y;
            }
        }
        double w0 = 2;
        double w1 = -0.5;
        for (boolean edge : new boolean[] {false, true}) {
            DenseOperator lap = ReferenceOperators.laplacian(new long[] {nx, ny}, new int[] {-2, -1},
                    new double[] {w0, w1}, new double[] {hx, hy}, edge, DerivativeKind.CENTERED);
            double[] out = lap.matvec(f);
            for (int i = 0; i < nx; i++) {
                for (int j = 0; j < ny; j++) {
                    boolean interior = i > 0 && i < nx - 1 && j > 0 && j < ny - 1;
                    if (interior || edge) {
                        assertClose(w0 * 2 * a + w1 * 2 * b, out[i * ny + j], 1e-10, 1e-10,
                                "edge " + edge + " at (" + i + ", " + j + ")");
                    }
                }
            }
        }
    }

    @Test
    void laplacianIsTheWeightedSumOfSecondDerivatives() {
        long[] dims = {4, 5, 6};
        double[] x = random(rnd, 120);
        for (DerivativeKind kind : DerivativeKind.values()) {
            DenseOperator lap = ReferenceOperators.laplacian(dims, new int[] {0, 2}, new double[] {3, -1},
                    new double[] {0.5, 2}, true, kind);
            double[] d0 = ReferenceOperators.secondDerivative(dims, 0, 0.5, kind, true).matvec(x);
            double[] d2 = ReferenceOperators.secondDerivative(dims, 2, 2, kind, true).matvec(x);
            double[] expected = new double[120];
            for (int i = 0; i < 120; i++) {
                expected[i] = 3 * d0[i] - d2[i];
            }
            assertClose(expected, lap.matvec(x), 1e-13, 1e-13, "laplacian " + kind);
            assertArrayEquals(dims, lap.dims());
            assertArrayEquals(dims, lap.dimsd());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.laplacian(dims, new int[] {0, 1}, new double[] {1}, new double[] {1, 1}, false,
                        DerivativeKind.CENTERED));
        assertTrue(e.getMessage().startsWith("axes, weights, sampling: lengths 2, 1, 2"), e.getMessage());
    }

    @Test
    void gradientOfALinearFunctionIsItsCoefficientsInTheInterior() {
        int n0 = 5;
        int n1 = 6;
        int n2 = 4;
        double[] h = {0.5, 1.5, 2};
        double[] g = {3, -2, 0.25};
        double[] f = new double[n0 * n1 * n2];
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < n1; j++) {
                for (int k = 0; k < n2; k++) {
                    f[(i * n1 + j) * n2 + k] = g[0] * i * h[0] + g[1] * j * h[1] + g[2] * k * h[2] + 7;
                }
            }
        }
        DenseOperator grad = ReferenceOperators.gradient(new long[] {n0, n1, n2}, h, true, DerivativeKind.CENTERED);
        assertArrayEquals(new long[] {3L * n0 * n1 * n2}, grad.dimsd());
        double[] out = grad.matvec(f);
        int n = n0 * n1 * n2;
        for (int axis = 0; axis < 3; axis++) {
            for (int e = 0; e < n; e++) {
                assertClose(g[axis], out[axis * n + e], 1e-12, 1e-12, "component " + axis + " element " + e);
            }
        }
        DenseOperator scalar = ReferenceOperators.gradient(new long[] {n0, n1}, 0.5, false, DerivativeKind.FORWARD);
        double[] x = random(rnd, n0 * n1);
        double[] expected = concat(
                ReferenceOperators.firstDerivative(new long[] {n0, n1}, 0, 0.5, DerivativeKind.FORWARD, false, 3)
                        .matvec(x),
                ReferenceOperators.firstDerivative(new long[] {n0, n1}, 1, 0.5, DerivativeKind.FORWARD, false, 3)
                        .matvec(x));
        assertClose(expected, scalar.matvec(x), 0, 0, "gradient = [D0; D1]");
    }

    @Test
    void blockDiagonalActsOnConsecutiveSlices() {
        DenseOperator a = ReferenceOperators.matrixMult(RandomMatrices_DDRM.rectangle(3, 2, -1, 1, rnd));
        DenseOperator b = ReferenceOperators.firstDerivative(new long[] {4}, 0, 1, DerivativeKind.CENTERED, true, 3);
        DenseOperator c = ReferenceOperators.identity(2, 5);
        DenseOperator bd = ReferenceOperators.blockDiag(List.of(a, b, c));
        assertEquals(3 + 4 + 2, bd.rows());
        assertEquals(2 + 4 + 5, bd.cols());
        double[] x = random(rnd, 11);
        double[] y = concat(a.matvec(Arrays.copyOfRange(x, 0, 2)), b.matvec(Arrays.copyOfRange(x, 2, 6)),
                c.matvec(Arrays.copyOfRange(x, 6, 11)));
        assertClose(y, bd.matvec(x), 1e-15, 0, "blockDiag forward");
        double[] v = random(rnd, 9);
        double[] u = concat(a.rmatvec(Arrays.copyOfRange(v, 0, 3)), b.rmatvec(Arrays.copyOfRange(v, 3, 7)),
                c.rmatvec(Arrays.copyOfRange(v, 7, 9)));
        assertClose(u, bd.rmatvec(v), 1e-15, 0, "blockDiag adjoint");
        DMatrixRMaj m = bd.realMatrix();
        assertEquals(0.0, m.get(0, 2), "off-diagonal block is zero");
        assertEquals(0.0, m.get(3, 0), "off-diagonal block is zero");
        assertEquals(1.0, m.get(7, 6), "identity block at rows 7.., cols 6..");
    }

    @Test
    void verticalAndHorizontalStacks() {
        DenseOperator a = ReferenceOperators.matrixMult(RandomMatrices_DDRM.rectangle(3, 4, -1, 1, rnd));
        DenseOperator b = ReferenceOperators.matrixMult(RandomMatrices_ZDRM.rectangle(2, 4, -1, 1, rnd));
        DenseOperator v = ReferenceOperators.vstack(List.of(a, b));
        assertTrue(v.isComplex());
        double[] x = random(rnd, 8);
        assertClose(concat(a.matvecComplex(x), b.matvecComplex(x)), v.matvecComplex(x), 1e-15, 0, "vstack forward");
        double[] y = random(rnd, 10);
        double[] ya = Arrays.copyOfRange(y, 0, 6);
        double[] yb = Arrays.copyOfRange(y, 6, 10);
        double[] sum = a.rmatvecComplex(ya);
        double[] sb = b.rmatvecComplex(yb);
        for (int i = 0; i < sum.length; i++) {
            sum[i] += sb[i];
        }
        assertClose(sum, v.rmatvecComplex(y), 1e-14, 1e-15, "vstack adjoint = sum");
        DenseOperator h = ReferenceOperators.hstack(List.of(a.adjoint(), b.adjoint()));
        assertClose(v.rmatvecComplex(y), h.matvecComplex(y), 0, 0, "hstack(Aᴴ, Bᴴ) = vstack(A, B)ᴴ");
        assertArrayEquals(new long[] {5}, h.dims());
        assertArrayEquals(new long[] {4}, h.dimsd());
    }

    @Test
    void identityDiagonalAndMatrixMult() {
        double[] x = {1, 2, 3, 4, 5};
        assertArrayEquals(new double[] {1, 2, 3}, ReferenceOperators.identity(3, 5).matvec(x));
        assertArrayEquals(new double[] {1, 2, 3, 0, 0}, ReferenceOperators.identity(3, 5).rmatvec(new double[] {1, 2, 3}));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 0, 0}, ReferenceOperators.identity(7, 5).matvec(x));
        assertArrayEquals(new double[] {2, -2, 6, 0, 10},
                ReferenceOperators.diagonal(new double[] {2, -1, 2, 0, 2}).matvec(x));
        // complex diagonal: d = (1 + 2i), x = (3 − i): d x = 5 + 5i; conj(d) x = 1 − 7i
        DenseOperator dc = ReferenceOperators.diagonalComplex(new double[] {1, 2});
        assertArrayEquals(new double[] {5, 5}, dc.matvec(new double[] {3, -1}));
        assertArrayEquals(new double[] {1, -7}, dc.rmatvec(new double[] {3, -1}));
        // MatrixMult with otherdims: Y = A X for X of shape (M, K), row-major
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(3, 4, -1, 1, rnd);
        DMatrixRMaj xm = RandomMatrices_DDRM.rectangle(4, 2, -1, 1, rnd);
        DMatrixRMaj ym = new DMatrixRMaj(3, 2);
        CommonOps_DDRM.mult(a, xm, ym);
        DenseOperator mm = ReferenceOperators.matrixMult(a, 2);
        assertArrayEquals(new long[] {4, 2}, mm.dims());
        assertArrayEquals(new long[] {3, 2}, mm.dimsd());
        assertClose(ym.data, mm.matvec(xm.data), 1e-15, 0, "MatrixMult otherdims");
        ZMatrixRMaj az = RandomMatrices_ZDRM.rectangle(3, 4, -1, 1, rnd);
        ZMatrixRMaj xz = RandomMatrices_ZDRM.rectangle(4, 2, -1, 1, rnd);
        ZMatrixRMaj yz = new ZMatrixRMaj(3, 2);
        CommonOps_ZDRM.mult(az, xz, yz);
        assertClose(yz.data, ReferenceOperators.matrixMult(az, 2).matvec(xz.data), 1e-15, 0, "complex otherdims");
        assertThrows(IllegalArgumentException.class, () -> ReferenceOperators.diagonalComplex(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> ReferenceOperators.matrixMult(a, 0));
    }

    @Test
    void alongAxisAcceptsRectangularOneDimensionalOperators() {
        DMatrixRMaj d = RandomMatrices_DDRM.rectangle(2, 3, -1, 1, rnd);
        DenseOperator op = ReferenceOperators.alongAxis(d, new long[] {4, 3, 5}, 1);
        assertArrayEquals(new long[] {4, 2, 5}, op.dimsd());
        double[] x = random(rnd, 60);
        double[] y = op.matvec(x);
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 5; b++) {
                for (int i = 0; i < 2; i++) {
                    double s = 0;
                    for (int j = 0; j < 3; j++) {
                        s += d.get(i, j) * x[(a * 3 + j) * 5 + b];
                    }
                    assertClose(s, y[(a * 2 + i) * 5 + b], 1e-14, 1e-15, "fibre (" + a + ", " + b + ") row " + i);
                }
            }
        }
    }

    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
