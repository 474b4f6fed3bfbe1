package org.jlops.mpi.reference.solvers;

import static org.jlops.mpi.reference.TestSupport.assertClose;
import static org.jlops.mpi.reference.TestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_ZDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.dense.row.RandomMatrices_ZDRM;
import org.jlops.mpi.reference.array.ReferenceReductions;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.solvers.ReferenceSolvers.CgResult;
import org.jlops.mpi.reference.solvers.ReferenceSolvers.CglsConvention;
import org.jlops.mpi.reference.solvers.ReferenceSolvers.CglsResult;
import org.jlops.mpi.reference.solvers.ReferenceSolvers.PowerIterationResult;
import org.junit.jupiter.api.Test;

/** CG, CGLS, the exact damped least-squares solution and eigenvalues, against closed forms. */
class ReferenceSolversTest {

    private final Random rnd = new Random(1234);

    /** A well-conditioned real SPD matrix MᵀM + n·I. */
    private DMatrixRMaj spd(int n) {
        DMatrixRMaj m = RandomMatrices_DDRM.rectangle(n, n, -1, 1, rnd);
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(m, m, a);
        for (int i = 0; i < n; i++) {
            a.add(i, i, n);
        }
        return a;
    }

    /** A well-conditioned complex Hermitian positive-definite matrix MᴴM + n·I. */
    private ZMatrixRMaj hpd(int n) {
        ZMatrixRMaj m = RandomMatrices_ZDRM.rectangle(n, n, -1, 1, rnd);
        ZMatrixRMaj mh = CommonOps_ZDRM.transposeConjugate(m, null);
        ZMatrixRMaj a = new ZMatrixRMaj(n, n);
        CommonOps_ZDRM.mult(mh, m, a);
        for (int i = 0; i < n; i++) {
            a.set(i, i, a.getReal(i, i) + n, a.getImag(i, i));
        }
        return a;
    }

    @Test
    void cgReachesTheSolutionOfAnSpdSystem() {
        int n = 8;
        DMatrixRMaj a = spd(n);
        DenseOperator op = DenseOperator.of(a);
        double[] xTrue = random(rnd, n);
        double[] y = op.matvec(xTrue);
        CgResult r = ReferenceSolvers.cg(op, y, new double[n], 50, 1e-26);
        assertClose(xTrue, r.x(), 1e-10, 1e-12, "CG solution");
        DMatrixRMaj sol = new DMatrixRMaj(n, 1);
        assertTrue(CommonOps_DDRM.solve(a, DMatrixRMaj.wrap(n, 1, y), sol));
        assertClose(sol.data, r.x(), 1e-10, 1e-12, "CG vs LU solve");
        assertEquals(r.iterations() + 1, r.cost().length);
        assertEquals(r.iterations() + 1, r.iterates().size());
        assertTrue(r.iterations() <= n + 2, "CG on an SPD system converges in about n steps, took " + r.iterations());
    }

    @Test
    void cgFirstStepAndResidualOrthogonality() {
        int n = 6;
        DenseOperator op = DenseOperator.of(spd(n));
        double[] y = random(rnd, n);
        double[] x0 = random(rnd, n);
        CgResult r = ReferenceSolvers.cg(op, y, x0, 4, 0);
        double[] r0 = residual(op, y, x0);
        double a = ReferenceReductions.dot(r0, r0) / ReferenceReductions.dot(r0, op.matvec(r0));
        double[] x1 = new double[n];
        for (int i = 0; i < n; i++) {
            x1[i] = x0[i] + a * r0[i];
        }
        assertArrayEquals(x0, r.iterates().get(0));
        assertClose(x1, r.iterates().get(1), 1e-14, 1e-15, "x1 = x0 + (r0·r0 / r0·A r0) r0");
        assertClose(ReferenceReductions.norm(r0, 2), r.cost()[0], 1e-14, 0, "cost[0] = ‖y − A x0‖");
        for (int k = 1; k <= 4; k++) {
            double[] rk = residual(op, y, r.iterates().get(k));
            assertClose(ReferenceReductions.norm(rk, 2), r.cost()[k], 1e-9, 1e-14, "cost[" + k + "] = ‖y − A x_k‖");
            for (int j = 0; j < k; j++) {
                double[] rj = residual(op, y, r.iterates().get(j));
                double cos = ReferenceReductions.dot(rk, rj) / (ReferenceReductions.norm(rk, 2)
                        * ReferenceReductions.norm(rj, 2));
                assertTrue(Math.abs(cos) < 1e-8, "r_" + k + " ⊥ r_" + j + ": cos " + cos);
            }
        }
    }

    @Test
    void cgStopsOnTheSquaredResidualNorm() {
        int n = 10;
        DenseOperator op = DenseOperator.of(spd(n));
        double[] y = random(rnd, n);
        double tol = 1e-6;
        CgResult r = ReferenceSolvers.cg(op, y, new double[n], 100, tol);
        int k = r.iterations();
        assertTrue(k > 0 && k < 100, "stopped by tol after " + k);
        assertTrue(r.cost()[k] * r.cost()[k] <= tol, "kold ≤ tol at the end");
        assertTrue(r.cost()[k - 1] * r.cost()[k - 1] > tol, "kold > tol one step earlier");
        assertTrue(r.cost()[k] > 1e-5, "tol is compared with the squared norm, not the norm");
        CgResult none = ReferenceSolvers.cg(op, y, y, 0, 0);
        assertArrayEquals(y, none.x());
        assertEquals(1, none.cost().length);
    }

    @Test
    void cgOnAComplexHermitianSystem() {
        int n = 7;
        DenseOperator op = DenseOperator.of(hpd(n));
        double[] xTrue = random(rnd, 2 * n);
        double[] y = op.matvec(xTrue);
        CgResult r = ReferenceSolvers.cg(op, y, random(rnd, 2 * n), 60, 1e-26);
        assertClose(xTrue, r.x(), 1e-10, 1e-12, "complex CG solution");
    }

    @Test
    void cglsReachesTheExactDampedSolution() {
        DenseOperator real = DenseOperator.of(RandomMatrices_DDRM.rectangle(12, 6, -1, 1, rnd));
        DenseOperator complex = DenseOperator.of(RandomMatrices_ZDRM.rectangle(10, 5, -1, 1, rnd));
        for (DenseOperator op : new DenseOperator[] {real, complex}) {
            int f = op.isComplex() ? 2 : 1;
            double[] y = random(rnd, f * op.rows());
            for (double damp : new double[] {0, 0.5, 2}) {
                double[] exact = ReferenceSolvers.dampedLeastSquares(op, y, damp);
                for (double[] x0 : new double[][] {new double[f * op.cols()], random(rnd, f * op.cols())}) {
                    CglsResult r = ReferenceSolvers.cgls(op, y, x0, 200, damp, 1e-28);
                    String what = (op.isComplex() ? "complex" : "real") + " damp " + damp;
                    assertClose(exact, r.x(), 1e-9, 1e-12, what + " CGLS vs exact");
                    assertClose(ReferenceReductions.norm(residual(op, y, r.x()), 2), r.r1norm(), 1e-9, 1e-14,
                            what + " r1norm = ‖y − A x‖");
                    double xx = op.isComplex() ? ReferenceReductions.vdotComplex(r.x(), r.x())[0]
                            : ReferenceReductions.dot(r.x(), r.x());
                    assertClose(Math.sqrt(r.r1norm() * r.r1norm() + damp * damp * xx), r.r2norm(), 1e-12, 1e-14,
                            what + " r2norm");
                    assertEquals(1, r.istop(), what + " istop");
                }
            }
        }
    }

    @Test
    void cglsFirstStepFollowsTheFormulas() {
        DenseOperator op = DenseOperator.of(RandomMatrices_DDRM.rectangle(9, 4, -1, 1, rnd));
        double[] y = random(rnd, 9);
        double[] x0 = random(rnd, 4);
        double damp = 0.7;
        double d2 = damp * damp;
        CglsResult r = ReferenceSolvers.cgls(op, y, x0, 3, damp, 0);
        double[] s0 = residual(op, y, x0);
        double[] g0 = op.rmatvec(s0);
        for (int i = 0; i < 4; i++) {
            g0[i] -= d2 * x0[i];
        }
        double[] q0 = op.matvec(g0);
        double a = ReferenceReductions.dot(g0, g0)
                / (ReferenceReductions.dot(q0, q0) + d2 * ReferenceReductions.dot(g0, g0));
        double[] x1 = x0.clone();
        for (int i = 0; i < 4; i++) {
            x1[i] += a * g0[i];
        }
        assertClose(x1, r.iterates().get(1), 1e-14, 1e-15, "x1 = x0 + a·(Aᵀs0 − damp²x0)");
        assertClose(ReferenceReductions.norm(s0, 2), r.cost()[0], 1e-14, 0, "cost[0]");
        assertClose(Math.sqrt(r.cost()[0] * r.cost()[0] + d2 * ReferenceReductions.dot(x0, x0)), r.cost1()[0], 1e-14, 0,
                "cost1[0] with damp²");
        assertEquals(2, r.istop(), "tol 0 is never reached");
        assertEquals(3, r.iterations());
    }

    @Test
    void pylopsConventionDiffersOnlyInSetupAndR1norm() {
        DenseOperator op = DenseOperator.of(RandomMatrices_DDRM.rectangle(9, 4, -1, 1, rnd));
        double[] y = random(rnd, 9);
        double damp = 0.5;
        // x0 = 0: same iterates, r1norm = kold (squared normal residual) vs ‖s‖
        CglsResult c = ReferenceSolvers.cgls(op, y, new double[4], 3, damp, 0, CglsConvention.CORRECTED);
        CglsResult p = ReferenceSolvers.cgls(op, y, new double[4], 3, damp, 0, CglsConvention.PYLOPS);
        for (int k = 0; k <= 3; k++) {
            assertArrayEquals(c.iterates().get(k), p.iterates().get(k), "iterate " + k);
        }
        assertArrayEquals(c.cost1(), p.cost1());
        assertEquals(c.cost()[3], c.r1norm());
        double[] g = ReferenceSolvers.normalEquationsResidual(op, y, p.x(), damp);
        assertClose(ReferenceReductions.dot(g, g), p.r1norm(), 1e-6, 1e-14, "PyLops r1norm = kold");
        // x0 ≠ 0: the unsquared damp in setup changes the first direction and cost1[0]
        double[] x0 = random(rnd, 4);
        CglsResult c0 = ReferenceSolvers.cgls(op, y, x0, 1, damp, 0, CglsConvention.CORRECTED);
        CglsResult p0 = ReferenceSolvers.cgls(op, y, x0, 1, damp, 0, CglsConvention.PYLOPS);
        double[] s0 = residual(op, y, x0);
        double xx = ReferenceReductions.dot(x0, x0);
        double s2 = ReferenceReductions.dot(s0, s0);
        assertClose(Math.sqrt(s2 + damp * xx), p0.cost1()[0], 1e-14, 0, "PyLops cost1[0] uses damp");
        assertClose(Math.sqrt(s2 + damp * damp * xx), c0.cost1()[0], 1e-14, 0, "corrected cost1[0] uses damp²");
        double diff = 0;
        for (int i = 0; i < 4; i++) {
            diff = Math.max(diff, Math.abs(c0.x()[i] - p0.x()[i]));
        }
        assertTrue(diff > 1e-6, "first iterates must differ, diff " + diff);
    }

    @Test
    void exactDampedSolutionSatisfiesTheNormalEquations() {
        int m = 11;
        int n = 5;
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(m, n, -1, 1, rnd);
        DenseOperator op = DenseOperator.of(a);
        double[] y = random(rnd, m);
        double damp = 0.8;
        double[] x = ReferenceSolvers.dampedLeastSquares(op, y, damp);
        double[] g = ReferenceSolvers.normalEquationsResidual(op, y, x, damp);
        assertTrue(ReferenceReductions.norm(g, Double.POSITIVE_INFINITY) < 1e-13, "normal residual " + g[0]);
        // the normal equations solved independently: (AᵀA + damp² I) x = Aᵀ y
        DMatrixRMaj ata = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(a, a, ata);
        for (int i = 0; i < n; i++) {
            ata.add(i, i, damp * damp);
        }
        DMatrixRMaj aty = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.multTransA(a, DMatrixRMaj.wrap(m, 1, y), aty);
        DMatrixRMaj sol = new DMatrixRMaj(n, 1);
        assertTrue(CommonOps_DDRM.solve(ata, aty, sol));
        assertClose(sol.data, x, 1e-12, 1e-14, "QR of the augmented system vs normal equations");
        double[] perturbed = x.clone();
        perturbed[2] += 1e-3;
        double[] gp = ReferenceSolvers.normalEquationsResidual(op, y, perturbed, damp);
        assertTrue(ReferenceReductions.norm(gp, Double.POSITIVE_INFINITY) > 1e-5, "a perturbed x is not a solution");
        // complex: (AᴴA + damp² I) x = Aᴴ y
        ZMatrixRMaj az = RandomMatrices_ZDRM.rectangle(m, n, -1, 1, rnd);
        DenseOperator opz = DenseOperator.of(az);
        double[] yz = random(rnd, 2 * m);
        double[] xz = ReferenceSolvers.dampedLeastSquares(opz, yz, damp);
        ZMatrixRMaj ah = CommonOps_ZDRM.transposeConjugate(az, null);
        ZMatrixRMaj aha = new ZMatrixRMaj(n, n);
        CommonOps_ZDRM.mult(ah, az, aha);
        for (int i = 0; i < n; i++) {
            aha.set(i, i, aha.getReal(i, i) + damp * damp, aha.getImag(i, i));
        }
        ZMatrixRMaj yv = new ZMatrixRMaj(m, 1);
        System.arraycopy(yz, 0, yv.data, 0, 2 * m);
        ZMatrixRMaj ahy = new ZMatrixRMaj(n, 1);
        CommonOps_ZDRM.mult(ah, yv, ahy);
        ZMatrixRMaj solz = new ZMatrixRMaj(n, 1);
        assertTrue(CommonOps_ZDRM.solve(aha, ahy, solz));
        assertClose(solz.data, xz, 1e-12, 1e-14, "complex exact solution");
        double[] gz = ReferenceSolvers.normalEquationsResidual(opz, yz, xz, damp);
        assertTrue(ReferenceReductions.normComplex(gz, Double.POSITIVE_INFINITY) < 1e-13, "complex normal residual");
        assertThrows(IllegalArgumentException.class,
                () -> ReferenceSolvers.dampedLeastSquares(DenseOperator.of(new DMatrixRMaj(2, 3)), new double[2], 0));
    }

    @Test
    void powerIterationFindsTheDominantEigenvalue() {
        for (double[] lambda : new double[][] {{5, 2, 1, -1, 0.5}, {-6, 2, 1, 0.1}}) {
            int n = lambda.length;
            DMatrixRMaj q = RandomMatrices_DDRM.orthogonal(n, n, rnd);
            DMatrixRMaj d = CommonOps_DDRM.diag(lambda);
            DMatrixRMaj qd = new DMatrixRMaj(n, n);
            CommonOps_DDRM.mult(q, d, qd);
            DMatrixRMaj a = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransB(qd, q, a);
            DenseOperator op = DenseOperator.of(a);
            double[] exact = ReferenceSolvers.dominantEigenvalue(op);
            assertClose(lambda[0], exact[0], 1e-12, 1e-12, "dominant eigenvalue");
            assertEquals(0.0, exact[1], 1e-12);
            assertClose(Math.abs(lambda[0]), ReferenceSolvers.spectralRadius(op), 1e-12, 0, "spectral radius");
            PowerIterationResult p = ReferenceSolvers.powerIteration(op, random(rnd, n), 200, 0);
            assertClose(lambda[0], p.eigenvalueRe(), 1e-8, 0, "power iteration");
            assertEquals(200, p.iterations());
            assertClose(1.0, ReferenceReductions.norm(p.vector(), 2), 1e-14, 0, "normalised vector");
        }
        // tolerance stops early for a positive dominant eigenvalue
        DenseOperator op = DenseOperator.of(spd(6));
        PowerIterationResult p = ReferenceSolvers.powerIteration(op, random(rnd, 6), 500, 1e-5);
        assertTrue(p.iterations() < 500, "stopped after " + p.iterations());
        assertClose(ReferenceSolvers.dominantEigenvalue(op)[0], p.eigenvalueRe(), 1e-3, 0, "early stop estimate");
    }

    @Test
    void eigenvaluesOfComplexOperators() {
        DenseOperator herm = DenseOperator.of(hpd(5));
        double[] exact = ReferenceSolvers.dominantEigenvalue(herm);
        PowerIterationResult p = ReferenceSolvers.powerIteration(herm, random(rnd, 10), 300, 0);
        assertClose(exact[0], p.eigenvalueRe(), 1e-10, 0, "Hermitian: power iteration");
        assertEquals(0.0, p.eigenvalueIm(), 1e-10);
        assertClose(exact[0], ReferenceSolvers.spectralRadius(herm), 1e-12, 0, "Hermitian PD: radius = λmax");
        ZMatrixRMaj diag = new ZMatrixRMaj(2, 2);
        diag.set(0, 0, 0, 3);
        diag.set(1, 1, 1, 0);
        DenseOperator nonHermitian = DenseOperator.of(diag);
        assertClose(3, ReferenceSolvers.spectralRadius(nonHermitian), 1e-14, 0, "radius of diag(3i, 1)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceSolvers.dominantEigenvalue(nonHermitian));
        assertTrue(e.getMessage().startsWith("op: complex and not Hermitian"), e.getMessage());
        PowerIterationResult pz = ReferenceSolvers.powerIteration(nonHermitian, new double[] {1, 0, 1, 0}, 100, 0);
        assertClose(0, pz.eigenvalueRe(), 0, 1e-12, "Rayleigh quotient of diag(3i, 1): re");
        assertClose(3, pz.eigenvalueIm(), 1e-12, 0, "Rayleigh quotient of diag(3i, 1): im");
        DenseOperator rotation = DenseOperator.of(new DMatrixRMaj(new double[][] {{0, -2}, {2, 0}}));
        assertArrayEquals(new double[] {0, 2}, ReferenceSolvers.dominantEigenvalue(rotation), 1e-14);
    }

    @Test
    void invalidArgumentsAreRejected() {
        DenseOperator rect = DenseOperator.of(new DMatrixRMaj(3, 2));
        IllegalArgumentException sq = assertThrows(IllegalArgumentException.class,
                () -> ReferenceSolvers.cg(rect, new double[3], new double[2], 1, 0));
        assertTrue(sq.getMessage().startsWith("op: 3×2"), sq.getMessage());
        IllegalArgumentException y = assertThrows(IllegalArgumentException.class,
                () -> ReferenceSolvers.cgls(rect, new double[2], new double[2], 1, 0, 0));
        assertTrue(y.getMessage().startsWith("y: length 2, expected 3"), y.getMessage());
        IllegalArgumentException x0 = assertThrows(IllegalArgumentException.class,
                () -> ReferenceSolvers.cgls(rect.toComplex(), new double[6], new double[2], 1, 0, 0));
        assertTrue(x0.getMessage().startsWith("x0: length 2, expected 4"), x0.getMessage());
        IllegalArgumentException niter = assertThrows(IllegalArgumentException.class,
                () -> ReferenceSolvers.powerIteration(DenseOperator.of(new DMatrixRMaj(2, 2)), new double[] {1, 0}, 0, 0));
        assertTrue(niter.getMessage().startsWith("niter: 0"), niter.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> ReferenceSolvers.powerIteration(DenseOperator.of(new DMatrixRMaj(2, 2)), new double[2], 5, 0));
        assertTrue(zero.getMessage().startsWith("b0: the zero vector"), zero.getMessage());
    }

    private static double[] residual(DenseOperator op, double[] y, double[] x) {
        double[] ax = op.matvec(x);
        double[] r = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = y[i] - ax[i];
        }
        return r;
    }
}
