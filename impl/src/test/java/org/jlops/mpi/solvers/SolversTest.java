package org.jlops.mpi.solvers;

import static org.jlops.mpi.solvers.SolverTesting.assertClose;
import static org.jlops.mpi.solvers.SolverTesting.assertHistory;
import static org.jlops.mpi.solvers.SolverTesting.randomLike;
import static org.jlops.mpi.solvers.SolverTesting.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.reference.ops.DerivativeKind;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.jlops.mpi.reference.solvers.ReferenceSolvers;
import org.jlops.mpi.solvers.Problems.Kind;
import org.jlops.mpi.solvers.Problems.Problem;
import org.junit.jupiter.api.Test;

/**
 * CG, CGLS and power iteration against the serial reference solvers (SPEC §10 test_solver,
 * test_eigs): the same iterates step for step (rtol 1e-12 in double precision), convergence to
 * the exact damped least-squares solution, callbacks, the log and the README example.
 */
class SolversTest {

    private static final DType[] DOUBLE_TYPES = {DType.FLOAT64, DType.COMPLEX128};
    private static final int[][] SIZES = {{11, 11}, {31, 11}};

    @Test
    void cgIteratesMatchReference() {
        for (int p = 1; p <= 4; p++) {
            for (Kind kind : new Kind[] {Kind.BLOCKDIAG, Kind.STACKED}) {
                for (DType dt : DOUBLE_TYPES) {
                    for (int[] size : SIZES) {
                        for (boolean zero : new boolean[] {true, false}) {
                            cgCase(p, kind, dt, size[0], size[1], zero);
                        }
                    }
                }
            }
        }
    }

    private static void cgCase(int p, Kind kind, DType dt, int ny, int nx, boolean zero) {
        String what = "CG " + kind + " " + dt + " " + ny + "x" + nx + (zero ? " x0=0" : " x0 random") + " P=" + p;
        LocalCluster.run(p, comm -> {
            Problem pr = Problems.of(kind, comm, dt, ny, nx, true, 42);
            DistributedVector y = randomLike(pr.op().matvec(pr.model()), 5);
            DistributedVector x0 = zero ? null : randomLike(y, 9);
            boolean cx = dt.isComplex();
            NdArray yBefore = y.asArray();
            NdArray x0Before = zero ? null : x0.asArray();
            List<double[]> iterates = new ArrayList<>();
            CgResult<DistributedVector> res = new CG<>(pr.op()).callback(s -> iterates.add(ref(s.x(), cx)))
                    .solve(y, x0, nx, 1e-5);
            double[] x0r = zero ? new double[(cx ? 2 : 1) * pr.ref().cols()] : ref(x0Before, cx);
            ReferenceSolvers.CgResult e = ReferenceSolvers.cg(pr.ref(), ref(yBefore, cx), x0r, nx, 1e-5);
            assertEquals(e.iterations(), res.iterations(), what + ": iterations");
            assertEquals(res.iterations(), iterates.size(), what + ": one callback per iteration");
            for (int k = 0; k < iterates.size(); k++) {
                assertClose(e.iterates().get(k + 1), iterates.get(k), 1e-12, what + ": x_" + (k + 1));
            }
            assertClose(e.x(), ref(res.x(), cx), 1e-12, what + ": x");
            assertHistory(e.cost(), res.cost(), 1e-10, what + ": cost");
            assertEquals(yBefore, y.asArray(), what + ": y unchanged");
            if (!zero) {
                assertEquals(x0Before, x0.asArray(), what + ": x0 unchanged");
            }
        });
    }

    @Test
    void cglsIteratesMatchReference() {
        for (int p = 1; p <= 4; p++) {
            for (Kind kind : Kind.values()) {
                for (DType dt : DOUBLE_TYPES) {
                    for (int[] size : SIZES) {
                        for (boolean zero : new boolean[] {true, false}) {
                            for (double damp : new double[] {0, 0.5}) {
                                cglsCase(p, kind, dt, size[0], size[1], zero, damp);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void cglsCase(int p, Kind kind, DType dt, int ny, int nx, boolean zero, double damp) {
        String what = "CGLS " + kind + " " + dt + " " + ny + "x" + nx + (zero ? " x0=0" : " x0 random") + " damp "
                + damp + " P=" + p;
        LocalCluster.run(p, comm -> {
            Problem pr = Problems.of(kind, comm, dt, ny, nx, false, 17);
            DistributedVector y = randomLike(pr.op().matvec(pr.model()), 3);
            DistributedVector x0 = zero ? null : randomLike(pr.op().rmatvec(y), 11);
            boolean cx = dt.isComplex();
            NdArray yBefore = y.asArray();
            NdArray x0Before = zero ? null : x0.asArray();
            List<double[]> iterates = new ArrayList<>();
            int[] calls = {0};
            CglsResult<DistributedVector> res = new CGLS<>(pr.op()).callback(s -> {
                calls[0]++;
                assertEquals(calls[0], s.iteration(), "iteration number in the callback");
                iterates.add(ref(s.x(), cx));
            }).solve(y, x0, nx, damp, 1e-5);
            double[] x0r = zero ? new double[(cx ? 2 : 1) * pr.ref().cols()] : ref(x0Before, cx);
            ReferenceSolvers.CglsResult e = ReferenceSolvers.cgls(pr.ref(), ref(yBefore, cx), x0r, nx, damp, 1e-5);
            assertEquals(e.iterations(), res.iterations(), what + ": iterations");
            assertEquals(e.istop(), res.istop(), what + ": istop");
            assertEquals(res.iterations(), calls[0], what + ": one callback per iteration");
            // HSTACK (PyLops-MPI's constant blocks) is rank one: its normal matrix has the eigenvalues
            // ~nx·ny·Σ|r+1+i(r+2)|² and damp² (or 0), and the second step's gradient is the small
            // difference of large terms, so both solvers' iterates carry rounding errors far above
            // the unit roundoff (measured: both ~1e-9 from the exact damped solution after the two
            // steps that solve it, 1.4e-9 apart)
            double rtol = kind == Kind.HSTACK ? 1e-8 : 1e-12;
            for (int k = 0; k < iterates.size(); k++) {
                assertClose(e.iterates().get(k + 1), iterates.get(k), rtol, what + ": x_" + (k + 1));
            }
            assertClose(e.x(), ref(res.x(), cx), rtol, what + ": x");
            assertHistory(e.cost(), res.cost(), 1e-10, what + ": cost");
            assertHistory(e.cost1(), res.cost1(), 1e-10, what + ": cost1");
            assertEquals(e.r1norm(), res.r1norm(), 1e-10 * e.cost()[0], what + ": r1norm");
            assertEquals(e.r2norm(), res.r2norm(), 1e-10 * e.cost1()[0], what + ": r2norm");
            assertEquals(res.cost()[res.iterations()], res.r1norm(), what + ": r1norm is the last residual norm");
            assertEquals(yBefore, y.asArray(), what + ": y unchanged");
            if (!zero) {
                assertEquals(x0Before, x0.asArray(), what + ": x0 unchanged");
            }
        });
    }

    @Test
    void cglsConvergesToDampedLeastSquares() {
        for (int p : new int[] {1, 3, 5}) {
            for (DType dt : DType.values()) {
                for (double damp : new double[] {0, 0.7}) {
                    String what = "CGLS " + dt + " damp " + damp + " P=" + p;
                    LocalCluster.run(p, comm -> {
                        Problem pr = Problems.of(Kind.BLOCKDIAG, comm, dt, 31, 11, false, 23);
                        DistributedVector y = randomLike(pr.op().matvec(pr.model()), 4);
                        boolean cx = dt.isComplex();
                        // converged (55 distinct singular values at P = 5), before rounding noise builds up
                        int niter = dt.isDoublePrecision() ? 40 : 25;
                        CglsResult<DistributedVector> res = Solvers.cgls(pr.op(), y, null, niter, damp, 0);
                        double[] exact = ReferenceSolvers.dampedLeastSquares(pr.ref(), ref(y, cx), damp);
                        assertClose(exact, ref(res.x(), cx), dt.isDoublePrecision() ? 1e-8 : 1e-4, what);
                        assertEquals(niter, res.iterations(), what + ": tol 0 runs every iteration");
                        assertEquals(2, res.istop(), what + ": istop");
                    });
                }
            }
        }
    }

    @Test
    void cgConvergesToTheSolution() {
        for (int p : new int[] {2, 4}) {
            for (DType dt : DType.values()) {
                String what = "CG " + dt + " P=" + p;
                LocalCluster.run(p, comm -> {
                    Problem pr = Problems.of(Kind.BLOCKDIAG, comm, dt, 31, 11, true, 8);
                    DistributedVector y = randomLike(pr.op().matvec(pr.model()), 4);
                    boolean cx = dt.isComplex();
                    CgResult<DistributedVector> res = Solvers.cg(pr.op(), y, null, 40, 0);
                    double[] exact = ReferenceSolvers.dampedLeastSquares(pr.ref(), ref(y, cx), 0);
                    assertClose(exact, ref(res.x(), cx), dt.isDoublePrecision() ? 1e-10 : 1e-4, what);
                });
            }
        }
    }

    @Test
    void powerIterationFindsTheDominantEigenvalue() {
        for (int p : new int[] {1, 2, 4}) {
            for (DType dt : DOUBLE_TYPES) {
                for (boolean stacked : new boolean[] {false, true}) {
                    String what = "power iteration " + dt + (stacked ? " stacked" : "") + " P=" + p;
                    LocalCluster.run(p, comm -> {
                        Problem pr = Problems.of(stacked ? Kind.STACKED : Kind.BLOCKDIAG, comm, dt, 21, 21, true, 5,
                                0);
                        PowerIterationResult<DistributedVector> res = Solvers.powerIteration(pr.op(), pr.model(), 200,
                                0, 99);
                        double[] exact = ReferenceSolvers.dominantEigenvalue(pr.ref());
                        double lambda = Math.hypot(exact[0], exact[1]);
                        assertTrue(Math.abs(res.eigenvalue().abs() - lambda) < 1e-3 * lambda, what + ": |λ| "
                                + res.eigenvalue().abs() + " vs " + lambda);
                        assertEquals(200, res.iterations(), what + ": tol 0 runs every iteration");
                        assertEquals(1.0, res.vector().norm(), 1e-12, what + ": normalised vector");
                        PowerIterationResult<DistributedVector> again = Solvers.powerIteration(pr.op(), pr.model(),
                                200, 0, 99);
                        assertEquals(res.eigenvalue(), again.eigenvalue(), what + ": reproducible for a seed");
                        PowerIterationResult<DistributedVector> early = Solvers.powerIteration(pr.op(), pr.model(),
                                200, 1e-3, 99);
                        assertTrue(early.iterations() < 200, what + ": tol stops early");
                    });
                }
            }
        }
    }

    @Test
    void powerIterationOfANormalDerivativeOperator() {
        long[] dims = {11, 21};
        var dense = ReferenceOperators.firstDerivative(dims, 0, 1.0, DerivativeKind.FORWARD, false, 3);
        double lambda = ReferenceSolvers.dominantEigenvalue(dense.adjoint().compose(dense))[0];
        for (int p = 1; p <= 4; p++) {
            LocalCluster.run(p, comm -> {
                MPIFirstDerivative d = new MPIFirstDerivative(dims, 1.0,
                        org.jlops.mpi.ops.serial.DerivativeKind.FORWARD, false, 3, comm, DType.FLOAT64);
                // the start's default split differs from the row slabs D^H returns
                PowerIterationResult<DistributedArray> eig = Solvers.powerIteration(d.adjoint().times(d), 300, 0, 42);
                assertEquals(lambda, eig.eigenvalue().re(), 1e-3 * lambda, "P=" + comm.size());
            });
        }
    }

    @Test
    void logPrintsOnRankZeroOnly() {
        List<String> logs = LocalCluster.call(3, comm -> {
            Problem pr = Problems.of(Kind.BLOCKDIAG, comm, DType.FLOAT64, 11, 11, false, 1);
            DistributedVector y = randomLike(pr.op().matvec(pr.model()), 2);
            var bytes = new java.io.ByteArrayOutputStream();
            var out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
            new CGLS<>(pr.op()).show(true).out(out).itershow(2, 2, 100).solve(y, null, 8, 0, 0);
            Problem sq = Problems.of(Kind.BLOCKDIAG, comm, DType.FLOAT64, 11, 11, true, 1);
            new CG<>(sq.op()).show(true).out(out).solve(y, null, 3, 0);
            return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        });
        String log = logs.get(0);
        assertTrue(log.contains("CGLS: <") && log.contains("CG: <"), "headers:\n" + log);
        assertTrue(log.contains("Iterations = 8") && log.contains("Iterations = 3"), "footers:\n" + log);
        long cglsLines = log.lines().filter(l -> l.matches("\\s+\\d+ .*")).count();
        assertEquals(4 + 3, cglsLines, "iterations 1, 2, 7, 8 of CGLS and 1..3 of CG:\n" + log);
        assertEquals("", logs.get(1), "rank 1 prints nothing");
        assertEquals("", logs.get(2), "rank 2 prints nothing");
        LocalCluster.run(2, comm -> {
            Problem pr = Problems.of(Kind.BLOCKDIAG, comm, DType.FLOAT64, 11, 11, false, 1);
            DistributedVector y = randomLike(pr.op().matvec(pr.model()), 2);
            var bytes = new java.io.ByteArrayOutputStream();
            new CGLS<>(pr.op()).out(new java.io.PrintStream(bytes)).solve(y, null, 4, 0, 0);
            assertEquals(0, bytes.size(), "show is off by default");
        });
    }

    @Test
    void stepWiseEqualsSolve() {
        LocalCluster.run(3, comm -> {
            Problem pr = Problems.of(Kind.BLOCKDIAG, comm, DType.COMPLEX128, 31, 11, false, 2);
            DistributedVector y = randomLike(pr.op().matvec(pr.model()), 2);
            CglsResult<DistributedVector> whole = Solvers.cgls(pr.op(), y, null, 6, 0.2, 0);
            CGLS<DistributedVector> s = new CGLS<>(pr.op()).setup(y, null, 6, 0.2, 0);
            for (int k = 0; k < 6; k++) {
                s.step();
            }
            CglsResult<DistributedVector> steps = s.finish();
            assertEquals(whole.x().asArray(), steps.x().asArray());
            assertEquals(6, steps.iterations());
            DistributedVector x = randomLike(pr.op().rmatvec(y), 1);
            DistributedVector start = x.copy();
            CglsResult<DistributedVector> copied = Solvers.cgls(pr.op(), y, start, 5, 0.2, 0);
            assertEquals(x.asArray(), start.asArray(), "solve leaves x0 unchanged");
            CglsResult<DistributedVector> inPlace = new CGLS<>(pr.op()).solveInPlace(y, start, 5, 0.2, 0);
            assertEquals(copied.x().asArray(), inPlace.x().asArray());
            assertEquals(copied.x().asArray(), start.asArray(), "solveInPlace leaves the estimate in x");
        });
    }

    /** The README's example: a spike through MPIFirstDerivative, inverted by CGLS from zero in 10 iterations. */
    @Test
    void readmeSeedExampleWorksOnAnyRankCount() {
        long[] dims = {11, 21};
        NdArray spike = NdArray.zeros(DType.FLOAT64, 11 * 21);
        spike.set(5 * 21 + 10, 1.0);
        var dense = ReferenceOperators.firstDerivative(dims, 0, 1.0, DerivativeKind.CENTERED, false, 3);
        double[] yRef = dense.matvec(ref(spike, false));
        ReferenceSolvers.CglsResult e = ReferenceSolvers.cgls(dense, yRef, new double[11 * 21], 10, 0, 1e-4);
        for (int p = 1; p <= 8; p++) {
            LocalCluster.run(p, comm -> {
                MPIFirstDerivative d = new MPIFirstDerivative(dims, comm);
                DistributedArray x = DistributedArray.toDist(spike, comm);
                DistributedArray y = d.matvec(x);
                CglsResult<DistributedArray> inv = Solvers.cgls(d, y, 10);
                assertClose(e.x(), ref(inv.x(), false), 1e-12, "x_inv at P=" + comm.size());
                assertEquals(e.iterations(), inv.iterations());
                assertEquals(e.r1norm(), inv.r1norm(), 1e-12 * Math.max(1, e.r1norm()));
            });
        }
    }
}
