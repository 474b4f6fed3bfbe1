package org.jlops.mpi.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.local.LocalCluster;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.basic.MPIFirstDerivative;
import org.jlops.mpi.ops.serial.Flip;
import org.jlops.mpi.ops.serial.Identity;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.junit.jupiter.api.Test;

/**
 * ISTA/FISTA options and bad input: the analysis form, decay, the rtol and rtol1 stopping rules,
 * the same iterates at every rank count, and operands or options that do not fit on one rank
 * (the same {@link IllegalArgumentException} on every rank, operands unchanged).
 */
class SparsityOptionsTest {

    /** A 4-block diagonal problem on {@code comm}: random 6x6 blocks (seeded by block), sparse data. */
    private static MPILinearOperator blocks(Communicator comm, DType t) {
        List<SolverTesting.Matrix> mine = new ArrayList<>();
        long[] counts = {4, 0, 0, 0};
        if (comm.size() > 1) {
            counts = comm.size() == 2 ? new long[] {1, 3} : new long[] {2, 0, 2};
        }
        long start = 0;
        for (int r = 0; r < comm.rank(); r++) {
            start += counts[r];
        }
        for (long b = start; b < start + counts[comm.rank()]; b++) {
            mine.add(SolverTesting.Matrix.random(t, 6, 6, 17 + b).plusDiagonal(2));
        }
        return new MPIBlockDiag(mine, comm, null, t);
    }

    private static DistributedArray sparseData(MPILinearOperator op, Communicator comm, DType t) {
        NdArray x = NdArray.zeros(t, op.cols());
        x.set(3, 1.5, t.isComplex() ? -0.5 : 0);
        x.set(10, -2, 0);
        x.set(17, 0.7, t.isComplex() ? 1 : 0);
        return op.matvec(DistributedArray.toDist(x, comm).resplit(((MPIBlockDiag) op).colCounts()));
    }

    /** FISTA and ISTA give the same bits on 1, 2 and 3 ranks (uneven splits, empty ranks). */
    @Test
    void sameIteratesAtEveryRankCount() {
        for (DType t : new DType[] {DType.FLOAT64, DType.COMPLEX128}) {
            List<NdArray> results = new ArrayList<>();
            for (int np : new int[] {1, 2, 3}) {
                List<NdArray> out = LocalCluster.call(np, comm -> {
                    MPILinearOperator op = blocks(comm, t);
                    DistributedArray y = sparseData(op, comm, t);
                    IstaOptions o = ISTA.options().eps(0.3).tol(0).threshold(Threshold.HALF);
                    IstaResult<DistributedArray> a = Solvers.ista(op, y, null, 25, o);
                    IstaResult<DistributedArray> b = Solvers.fista(op, y, null, 25, o.threshold(Threshold.SOFT));
                    NdArray costs = NdArray.ofFloat64(concat(a.cost(), b.cost(), new double[] {a.alpha()}));
                    return NdArray.concatenate(0, List.of(a.x().asArray(), b.x().asArray(), costs.astype(t)));
                });
                results.add(out.get(0));
            }
            assertEquals(results.get(0), results.get(1), t + ": np 1 and 2, bit for bit");
            assertEquals(results.get(0), results.get(2), t + ": np 1 and 3, bit for bit");
        }
    }

    private static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int k = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    /** With S a permutation (a flip of every block), the analysis form gives the synthesis result. */
    @Test
    void analysisWithAPermutationEqualsSynthesis() {
        LocalCluster.run(2, comm -> {
            MPILinearOperator op = blocks(comm, DType.FLOAT64);
            DistributedArray y = sparseData(op, comm, DType.FLOAT64);
            List<Flip> flips = new ArrayList<>();
            for (int k = 0; k < ((MPIBlockDiag) op).localOps().size(); k++) {
                flips.add(new Flip(6));
            }
            MPIBlockDiag s = new MPIBlockDiag(flips, comm);
            IstaOptions o = ISTA.options().eps(0.4).tol(0).alpha(0.01);
            for (boolean fast : new boolean[] {false, true}) {
                DistributedArray synth = (fast ? Solvers.fista(op, y, null, 20, o) : Solvers.ista(op, y, null, 20, o)).x();
                DistributedArray anal = (fast ? Solvers.fista(op, y, null, 20, o.analysis(s))
                        : Solvers.ista(op, y, null, 20, o.analysis(s))).x();
                assertEquals(synth.asArray(), anal.asArray(), "analysis with a permutation, fast=" + fast);
            }
        });
    }

    /** decay 0: no threshold, ISTA is the Landweber iteration x + alpha A^H (y − A x). */
    @Test
    void zeroDecayIsGradientDescent() {
        LocalCluster.run(2, comm -> {
            MPILinearOperator op = blocks(comm, DType.FLOAT64);
            DistributedArray y = sparseData(op, comm, DType.FLOAT64);
            IstaResult<DistributedArray> r = Solvers.ista(op, y, null, 3,
                    ISTA.options().eps(5).alpha(0.01).decay(new double[] {0, 0, 0}).tol(0));
            DistributedArray x = op.rmatvec(y).zerosLike();
            for (int k = 0; k < 3; k++) {
                x = x.add(op.rmatvec(y.subtract(op.matvec(x))).multiply(0.01));
            }
            NdArray a = r.x().asArray();
            NdArray b = x.asArray();
            for (long i = 0; i < a.size(); i++) {
                assertEquals(b.re(i), a.re(i), 1e-14 * (1 + Math.abs(b.re(i))));
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Solvers.ista(op, y, null, 4,
                    ISTA.options().decay(new double[] {1, 1})));
            assertTrue(e.getMessage().startsWith("decay: 2 factors, expected at least niter = 4"), e.getMessage());
        });
    }

    @Test
    void rtolAndRtol1StopTheRun() {
        LocalCluster.run(2, comm -> {
            MPILinearOperator op = blocks(comm, DType.FLOAT64);
            DistributedArray y = sparseData(op, comm, DType.FLOAT64);
            IstaResult<DistributedArray> r = Solvers.ista(op, y, null, 500, ISTA.options().eps(0.01).tol(0).rtol(0.5));
            double[] c = r.cost();
            assertEquals(StopReason.COST_BELOW_RTOL, r.stopReason());
            assertTrue(c[c.length - 1] / c[0] < 0.5 && c[c.length - 2] / c[0] >= 0.5, java.util.Arrays.toString(c));
            double yn = y.norm();
            IstaResult<DistributedArray> r1 = Solvers.fista(op, y, null, 500, ISTA.options().eps(0.01).tol(0).rtol1(0.05));
            double[] c1 = r1.cost();
            assertEquals(StopReason.COST_BELOW_RTOL1, r1.stopReason());
            assertTrue(c1[c1.length - 1] / yn < 0.05 && c1[c1.length - 2] / yn >= 0.05);
            IstaResult<DistributedArray> r2 = Solvers.fista(op, y, null, 5000, ISTA.options().eps(0.01).tol(1e-9));
            assertEquals(StopReason.UPDATE_BELOW_TOL, r2.stopReason());
            assertTrue(r2.iterations() < 5000);
            IstaResult<DistributedArray> r3 = Solvers.ista(op, y, null, 7, ISTA.options().monitorres(true));
            assertEquals(StopReason.ITERATIONS, r3.stopReason());
            assertEquals(7, r3.iterations());
            assertTrue(!r3.diverged() && r3.alpha() > 0);
        });
    }

    /**
     * Issue 16 (the sparsity drills): an option out of its range on one rank only — eps NaN, alpha
     * 0, rtol negative, a NaN decay factor, eigs niter 0 — gave an exception on that rank alone,
     * thrown by the option method before the solve, while the other ranks waited in the setup's
     * agreement. The options are now checked at setup, agreed: the same message on every rank,
     * naming the option and the rank; the same options on every rank are rejected alike.
     */
    @Test
    void optionOutOfRangeOnOneRankFailsOnEveryRank() {
        List<java.util.function.UnaryOperator<IstaOptions>> bad = List.of(o -> o.eps(Double.NaN), o -> o.eps(-1),
                o -> o.alpha(0), o -> o.alpha(Double.NEGATIVE_INFINITY), o -> o.tol(Double.NaN), o -> o.rtol(-1),
                o -> o.rtol1(Double.POSITIVE_INFINITY), o -> o.threshold(null),
                o -> o.decay(new double[] {1, Double.NaN, 1, 1, 1}), o -> o.eigs(0, 1e-5, 0),
                o -> o.eigs(10, Double.NaN, 0));
        String[] starts = {"eps: NaN", "eps: -1.0", "alpha: 0.0", "alpha: -Infinity", "tol: NaN", "rtol: -1.0",
            "rtol1: Infinity", "threshkind must be hard, soft, half, got null", "decay: entry 1 is NaN",
            "eigs niter: 0", "eigs tol: NaN"};
        for (int i = 0; i < bad.size(); i++) {
            java.util.function.UnaryOperator<IstaOptions> spoil = bad.get(i);
            for (boolean fista : new boolean[] {false, true}) {
                List<String> msgs = LocalCluster.call(3, comm -> {
                    MPIFirstDerivative d = new MPIFirstDerivative(new long[] {11, 21}, comm);
                    DistributedArray y = d.matvec(DistributedArray.toDist(NdArray.zeros(DType.FLOAT64, 231), comm));
                    IstaOptions o = comm.rank() == 2 ? spoil.apply(ISTA.options()) : ISTA.options();
                    return assertThrows(IllegalArgumentException.class, () -> {
                        IstaResult<DistributedArray> r = fista ? Solvers.fista(d, y, null, 5, o)
                                : Solvers.ista(d, y, null, 5, o);
                    }).getMessage();
                });
                assertEquals(msgs.get(0), msgs.get(1));
                assertEquals(msgs.get(0), msgs.get(2));
                assertTrue(msgs.get(0).startsWith(starts[i]) && msgs.get(0).endsWith("(reported by rank 2)"),
                        msgs.get(0));
            }
            List<String> all = LocalCluster.call(2, comm -> {          // on every rank: rejected alike
                MPIFirstDerivative d = new MPIFirstDerivative(new long[] {11, 21}, comm);
                DistributedArray y = d.matvec(DistributedArray.toDist(NdArray.zeros(DType.FLOAT64, 231), comm));
                return assertThrows(IllegalArgumentException.class,
                        () -> new ISTA<>(d).options(spoil.apply(ISTA.options())).setup(y, null, 5)).getMessage();
            });
            assertEquals(all.get(0), all.get(1));
            assertTrue(all.get(0).startsWith(starts[i]) && all.get(0).endsWith("(reported by rank 0)"), all.get(0));
        }
    }

    /** One rank's bad operand or option: the same message on every rank, operands unchanged. */
    @Test
    void badInputOnOneRankFailsOnEveryRank() {
        List<String> msgs = LocalCluster.call(3, comm -> {
            MPIFirstDerivative d = new MPIFirstDerivative(new long[] {11, 21}, comm);
            NdArray spike = NdArray.zeros(DType.FLOAT64, 231);
            spike.set(115, 1.0);
            DistributedArray y = d.matvec(DistributedArray.toDist(spike, comm));
            NdArray before = y.asArray();
            List<String> m = new ArrayList<>();
            // x0 of another split on one rank only
            DistributedArray x0 = comm.rank() == 1 ? DistributedArray.builder(comm, 231).localSizes(100, 31, 100).buildLocal()
                    : y.copy();
            m.add(assertThrows(IllegalArgumentException.class,
                    () -> Solvers.ista(d, y, x0, 5, ISTA.options())).getMessage());
            // an option that differs on one rank
            double eps = comm.rank() == 2 ? 0.2 : 0.1;
            m.add(assertThrows(IllegalArgumentException.class,
                    () -> Solvers.fista(d, y, null, 5, ISTA.options().eps(eps))).getMessage());
            // an analysis operator of the wrong size
            MPIBlockDiag s = new MPIBlockDiag(List.of(new Identity(comm.rank() == 0 ? 10 : 0)), comm);
            m.add(assertThrows(IllegalArgumentException.class,
                    () -> Solvers.ista(d, y, null, 5, ISTA.options().analysis(s))).getMessage());
            assertEquals(before, y.asArray(), "y unchanged");
            return String.join("\n", m);
        });
        assertEquals(msgs.get(0), msgs.get(1));
        assertEquals(msgs.get(0), msgs.get(2));
        String[] lines = msgs.get(0).split("\n");
        assertTrue(lines[0].contains("x0 (its layout)"), lines[0]);
        assertTrue(lines[1].contains("eps"), lines[1]);
        assertTrue(lines[2].startsWith("analysis: 10x10, its rows must be the model length 231"), lines[2]);
        assertNotEquals(ISTA.options().toString(), ISTA.options().eps(2).toString());
        assertArrayEquals(new double[] {1, 2}, ISTA.options().decay(new double[] {1, 2}).decay(), 0);
    }
}
