package org.jlops.mpi.reference.ops;

import static org.jlops.mpi.reference.TestSupport.assertClose;
import static org.jlops.mpi.reference.TestSupport.random;
import static org.jlops.mpi.reference.TestSupport.toInterleaved;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.dense.row.RandomMatrices_ZDRM;
import org.jlops.mpi.reference.array.ReferenceReductions;
import org.junit.jupiter.api.Test;

/**
 * {@link DenseOperator}: the adjoint dot-test for every reference operator (real and complex),
 * the algebra laws, data layout, immutability and error messages.
 */
class DenseOperatorTest {

    private final Random rnd = new Random(20240601);

    /** Every factory of ReferenceOperators, plus algebra of them, real and complex. */
    private Map<String, DenseOperator> catalog() {
        Map<String, DenseOperator> ops = new LinkedHashMap<>();
        long[] dims = {5, 4, 3};
        for (DerivativeKind kind : DerivativeKind.values()) {
            for (int order : new int[] {3, 5}) {
                for (int axis = 0; axis < 3; axis++) {
                    ops.put("first " + kind + " o" + order + " axis " + axis,
                            ReferenceOperators.firstDerivative(dims, axis, 0.7, kind, true, order));
                }
            }
            ops.put("second " + kind, ReferenceOperators.secondDerivative(dims, -1, 1.3, kind, true));
            ops.put("laplacian " + kind, ReferenceOperators.laplacian(dims, new int[] {0, 1, 2},
                    new double[] {1, -2, 0.5}, new double[] {1, 2, 3}, false, kind));
            ops.put("gradient " + kind, ReferenceOperators.gradient(dims, new double[] {1, 0.5, 2}, true, kind));
        }
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(6, 4, -1, 1, rnd);
        ZMatrixRMaj z = RandomMatrices_ZDRM.rectangle(3, 5, -1, 1, rnd);
        ops.put("identity 3x5", ReferenceOperators.identity(3, 5));
        ops.put("identity 5x3", ReferenceOperators.identity(5, 3));
        ops.put("diagonal", ReferenceOperators.diagonal(random(rnd, 6)));
        ops.put("diagonal complex", ReferenceOperators.diagonalComplex(random(rnd, 12)));
        ops.put("matrixMult", ReferenceOperators.matrixMult(a));
        ops.put("matrixMult otherdims", ReferenceOperators.matrixMult(a, 3));
        ops.put("matrixMult complex", ReferenceOperators.matrixMult(z));
        ops.put("matrixMult complex otherdims", ReferenceOperators.matrixMult(z, 2));
        DenseOperator dz = ReferenceOperators.matrixMult(RandomMatrices_ZDRM.rectangle(4, 4, -1, 1, rnd));
        ops.put("blockDiag mixed", ReferenceOperators.blockDiag(List.of(ReferenceOperators.matrixMult(a), dz,
                ReferenceOperators.identity(2, 3))));
        ops.put("vstack mixed", ReferenceOperators.vstack(List.of(ReferenceOperators.matrixMult(a).adjoint()
                .compose(ReferenceOperators.matrixMult(a)), dz, ReferenceOperators.diagonal(random(rnd, 4)))));
        ops.put("hstack mixed", ReferenceOperators.hstack(List.of(ReferenceOperators.matrixMult(z),
                ReferenceOperators.identity(3, 2),
                ReferenceOperators.diagonal(random(rnd, 3)).compose(ReferenceOperators.identity(3, 4)))));
        ops.put("complex scaling", ReferenceOperators.matrixMult(a).times(0.3, -1.7));
        ops.put("sum real + complex", ReferenceOperators.matrixMult(a).compose(ReferenceOperators.identity(4, 5))
                .plus(ReferenceOperators.matrixMult(RandomMatrices_ZDRM.rectangle(6, 5, -1, 1, rnd))));
        ops.put("difference", ReferenceOperators.diagonal(random(rnd, 4)).minus(dz));
        ops.put("transpose complex", dz.transpose());
        ops.put("conj complex", dz.conj());
        ops.put("power", dz.power(3));
        ops.put("product complex", dz.compose(ReferenceOperators.matrixMult(a).adjoint()).compose(
                ReferenceOperators.matrixMult(a)).adjoint());
        ops.put("negate", dz.negate());
        return ops;
    }

    @Test
    void everyOperatorPassesTheAdjointDotTestOnRealAndComplexData() {
        Map<String, DenseOperator> ops = catalog();
        for (Map.Entry<String, DenseOperator> e : ops.entrySet()) {
            DenseOperator op = e.getValue();
            assertTrue(op.isAdjointConsistent(), e.getKey());
            if (!op.isComplex()) {
                double[] x = random(rnd, op.cols());
                double[] y = random(rnd, op.rows());
                double lhs = ReferenceReductions.dot(op.matvec(x), y);
                double rhs = ReferenceReductions.dot(x, op.rmatvec(y));
                assertClose(lhs, rhs, 1e-12, 1e-14, "real dot test " + e.getKey());
            }
            double[] x = random(rnd, 2 * op.cols());
            double[] y = random(rnd, 2 * op.rows());
            double[] lhs = ReferenceReductions.vdotComplex(y, op.matvecComplex(x));     // <y, A x>
            double[] rhs = ReferenceReductions.vdotComplex(op.rmatvecComplex(y), x);    // <Aᴴ y, x>
            assertClose(lhs, rhs, 1e-12, 1e-14, "complex dot test " + e.getKey());
        }
        assertTrue(ops.size() > 40, "catalog size " + ops.size());
    }

    @Test
    void aBrokenAdjointMapFailsTheDotTest() {
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(4, 3, -1, 1, rnd);
        DMatrixRMaj wrong = new DMatrixRMaj(3, 4);
        CommonOps_DDRM.transpose(a, wrong);
        wrong.set(1, 2, wrong.get(1, 2) + 0.5);
        DenseOperator op = DenseOperator.withAdjointMap(a, wrong, new long[] {3}, new long[] {4});
        assertFalse(op.isAdjointConsistent());
        double[] x = random(rnd, 3);
        double[] y = random(rnd, 4);
        double lhs = ReferenceReductions.dot(op.matvec(x), y);
        double rhs = ReferenceReductions.dot(x, op.rmatvec(y));
        assertTrue(Math.abs(lhs - rhs) > 1e-6, "the perturbed adjoint must be detected");
    }

    @Test
    void algebraLaws() {
        DenseOperator a = ReferenceOperators.matrixMult(RandomMatrices_ZDRM.rectangle(5, 4, -1, 1, rnd));
        DenseOperator b = ReferenceOperators.matrixMult(RandomMatrices_DDRM.rectangle(5, 4, -1, 1, rnd));
        DenseOperator c = ReferenceOperators.matrixMult(RandomMatrices_ZDRM.rectangle(4, 3, -1, 1, rnd));
        double[] x = random(rnd, 8);
        double[] x3 = random(rnd, 6);
        double[] y = random(rnd, 10);
        // (A + B) x = A x + B x
        assertClose(add(a.matvecComplex(x), b.matvecComplex(x)), a.plus(b).matvecComplex(x), 1e-13, 1e-14, "(A+B)x");
        assertClose(sub(a.matvecComplex(x), b.matvecComplex(x)), a.minus(b).matvecComplex(x), 1e-13, 1e-14, "(A-B)x");
        // (A C)ᴴ y = Cᴴ (Aᴴ y)
        assertClose(c.rmatvecComplex(a.rmatvecComplex(y)), a.compose(c).adjoint().matvecComplex(y), 1e-13, 1e-14,
                "(AC)ᴴ");
        assertClose(a.matvecComplex(c.matvecComplex(x3)), a.compose(c).matvecComplex(x3), 1e-13, 1e-14, "(AC)x");
        // (αA)ᴴ = conj(α) Aᴴ
        double[] ahy = a.rmatvecComplex(y);
        assertClose(scale(ahy, 0.4, 2.5), a.times(0.4, -2.5).adjoint().matvecComplex(y), 1e-13, 1e-14, "(αA)ᴴ");
        assertClose(scale(a.matvecComplex(x), 0.4, -2.5), a.times(0.4, -2.5).matvecComplex(x), 1e-13, 1e-14, "(αA)x");
        // (Aᴴ)ᴴ = A
        assertClose(a.matvecComplex(x), a.adjoint().adjoint().matvecComplex(x), 0, 0, "(Aᴴ)ᴴ");
        // Aᵀ y = conj(Aᴴ conj(y)); conj(A) x = conj(A conj(x))
        assertClose(conj(a.rmatvecComplex(conj(y))), a.transpose().matvecComplex(y), 1e-15, 0, "Aᵀ");
        assertClose(conj(a.matvecComplex(conj(x))), a.conj().matvecComplex(x), 1e-15, 0, "conj(A)");
        // real operator: Aᵀ = Aᴴ, conj(A) = A
        assertSame(b, b.conj());
        assertClose(b.rmatvecComplex(y), b.transpose().matvecComplex(y), 0, 0, "real Aᵀ");
        // power
        DenseOperator s = ReferenceOperators.matrixMult(RandomMatrices_ZDRM.rectangle(4, 4, -1, 1, rnd));
        assertClose(s.matvecComplex(s.matvecComplex(s.matvecComplex(x))), s.power(3).matvecComplex(x), 1e-13, 1e-14,
                "A³");
    }

    @Test
    void realOperatorOnComplexDataActsOnRealAndImaginaryParts() {
        DenseOperator d = ReferenceOperators.firstDerivative(new long[] {7}, 0, 0.5, DerivativeKind.CENTERED, false, 5);
        double[] re = random(rnd, 7);
        double[] im = random(rnd, 7);
        double[] z = new double[14];
        for (int i = 0; i < 7; i++) {
            z[2 * i] = re[i];
            z[2 * i + 1] = im[i];
        }
        double[] out = d.matvecComplex(z);
        double[] yr = d.matvec(re);
        double[] yi = d.matvec(im);
        for (int i = 0; i < 7; i++) {
            assertClose(yr[i], out[2 * i], 0, 0, "re " + i);
            assertClose(yi[i], out[2 * i + 1], 0, 0, "im " + i);
        }
        assertClose(d.toComplex().matvec(z), out, 1e-15, 0, "promoted operator");
        assertClose(toInterleaved(yr), d.toComplex().matvec(toInterleaved(re)), 1e-15, 0, "promoted, real data");
    }

    @Test
    void operatorsAreImmutable() {
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(3, 3, -1, 1, rnd);
        DenseOperator op = DenseOperator.of(a);
        double[] x = random(rnd, 3);
        double[] before = op.matvec(x);
        a.set(0, 0, 100);
        op.realMatrix().set(1, 1, 100);
        op.realAdjointMatrix().set(2, 2, 100);
        op.complexMatrix().set(0, 1, 5, 5);
        double[] xCopy = x.clone();
        assertArrayEquals(before, op.matvec(x));
        assertArrayEquals(xCopy, x, "input not modified");
        long[] dims = op.dims();
        dims[0] = 99;
        assertArrayEquals(new long[] {3}, op.dims());
    }

    @Test
    void shapesAndErrorsNameTheArgument() {
        DMatrixRMaj a = new DMatrixRMaj(6, 4);
        DenseOperator op = DenseOperator.of(a, new long[] {2, 2}, new long[] {3, 2});
        assertArrayEquals(new long[] {2, 2}, op.adjoint().dimsd());
        assertArrayEquals(new long[] {3, 2}, op.adjoint().dims());
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
                () -> DenseOperator.of(a, new long[] {5}, new long[] {6}));
        assertTrue(dims.getMessage().startsWith("dims: [5]"), dims.getMessage());
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> op.matvec(new double[5]));
        assertTrue(x.getMessage().startsWith("x: length 5, expected 4"), x.getMessage());
        IllegalArgumentException y = assertThrows(IllegalArgumentException.class,
                () -> op.rmatvecComplex(new double[6]));
        assertTrue(y.getMessage().startsWith("y: length 6, expected 12"), y.getMessage());
        IllegalArgumentException right = assertThrows(IllegalArgumentException.class, () -> op.compose(op));
        assertTrue(right.getMessage().startsWith("right: 6 rows, expected 4"), right.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> op.plus(op.adjoint()));
        assertTrue(other.getMessage().startsWith("other: shape 4×6"), other.getMessage());
        assertThrows(IllegalStateException.class, () -> op.toComplex().realMatrix());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> op.power(2));
        assertTrue(p.getMessage().startsWith("operator: shape 6×4"), p.getMessage());
        IllegalArgumentException vs = assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.vstack(List.of(op, op.adjoint())));
        assertTrue(vs.getMessage().startsWith("ops[1]: 6 columns, expected 4"), vs.getMessage());
        IllegalArgumentException hs = assertThrows(IllegalArgumentException.class,
                () -> ReferenceOperators.hstack(List.of(op, op.adjoint())));
        assertTrue(hs.getMessage().startsWith("ops[1]: 4 rows, expected 6"), hs.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReferenceOperators.blockDiag(new ArrayList<>()));
    }

    @Test
    void emptyOperatorsWork() {
        DenseOperator d = ReferenceOperators.firstDerivative(new long[] {0, 3}, 1, 1, DerivativeKind.CENTERED, false, 3);
        assertArrayEquals(new double[0], d.matvec(new double[0]));
        DenseOperator i = ReferenceOperators.identity(0, 2);
        assertArrayEquals(new double[2], i.rmatvec(new double[0]));
    }

    private static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }

    private static double[] sub(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] - b[i];
        }
        return c;
    }

    private static double[] conj(double[] z) {
        double[] c = z.clone();
        for (int i = 1; i < c.length; i += 2) {
            c[i] = -c[i];
        }
        return c;
    }

    private static double[] scale(double[] z, double re, double im) {
        double[] c = new double[z.length];
        for (int i = 0; i < z.length; i += 2) {
            c[i] = re * z[i] - im * z[i + 1];
            c[i + 1] = re * z[i + 1] + im * z[i];
        }
        return c;
    }
}
