package org.jlops.mpi.verify.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.jlops.mpi.reference.solvers.ReferenceSolvers;
import org.jlops.mpi.solvers.CgResult;
import org.jlops.mpi.solvers.CglsResult;
import org.jlops.mpi.solvers.Solvers;
import org.jlops.mpi.testkit.DenseOp;
import org.jlops.mpi.verify.catalog.Layouts;
import org.jlops.mpi.verify.harness.Check;
import org.jlops.mpi.verify.harness.Draws;
import org.jlops.mpi.verify.harness.Probe;

/**
 * The solver property of issue 5 ({@code solver}): on generated well-conditioned problems — an
 * {@link MPIBlockDiag} of random dense blocks with a boosted diagonal (tall blocks for CGLS,
 * Hermitian positive definite {@code B^H B + n I} blocks for CG), blocks dealt out unevenly (ranks
 * may hold none), float64 or complex128, CGLS damping 0 or 0.5 —
 *
 * <ul>
 * <li>a few iterations give the same iterate as the EJML reference algorithm
 *     ({@link ReferenceSolvers#cgls}, {@link ReferenceSolvers#cg}) from the same zero start, rtol
 *     1e-10;</li>
 * <li>run to convergence, the solution equals the exact damped least-squares solution
 *     ({@link ReferenceSolvers#dampedLeastSquares}: a QR solve), rtol 1e-8;</li>
 * <li>the same problem on a part of the ranks, its blocks dealt out another way, gives the same
 *     iterates bit for bit (the reductions are tree sums over global positions).</li>
 * </ul>
 *
 * The blocks go through {@link MatrixMult} (BLAS for float64), so the property also covers the
 * serial dense product inside the distributed operator.
 */
public final class SolverProperties {

    private static final double SAME_ITERATES = 1e-10;
    private static final double SOLUTION = 1e-8;

    private SolverProperties() {
    }

    /** The solver checks: CGLS and CG, in report order. */
    public static List<Check> checks() {
        return List.of(Check.of("solver", "CGLS(MPIBlockDiag(MatrixMult))", SolverProperties::cgls),
                Check.of("solver", "CG(MPIBlockDiag(MatrixMult))", SolverProperties::cg));
    }

    /** A problem: the distributed operator, its dense reference, the data (global, interleaved) and its dtype. */
    private record Problem(MPIBlockDiag op, DenseOperator reference, NdArray y, DType dtype, String text) {
    }

    /**
     * {@code k} random blocks ({@code spd}: {@code B^H B + n I}, else tall with a boosted diagonal)
     * and the data, from {@code r}; the blocks dealt out to the ranks of {@code comm} by {@code deal}.
     */
    private static Problem problem(Communicator comm, SplittableRandom r, int size, boolean spd,
            SplittableRandom deal) {
        DType t = r.nextBoolean() ? DType.FLOAT64 : DType.COMPLEX128;
        int k = Draws.between(r, 1, size + 1);
        List<NdArray> mats = new ArrayList<>();
        long rows = 0;
        for (int i = 0; i < k; i++) {
            int n = Draws.between(r, 1, size + 1);
            int m = spd ? n : n + Draws.between(r, 0, 3);
            NdArray b = Draws.values(r, t, m, n);
            NdArray a = spd ? gram(b, t, n, m) : b;
            if (!spd) {
                for (int d = 0; d < n; d++) {
                    a.set((long) d * n + d, a.re((long) d * n + d) + 3, a.im((long) d * n + d));
                }
            }
            mats.add(a);
            rows += a.shape(0);
        }
        NdArray y = Draws.values(r, t, rows);
        long[] counts = Draws.split(deal, k, comm.size());
        long start = 0;
        for (int p = 0; p < comm.rank(); p++) {
            start += counts[p];
        }
        List<LocalOperator> mine = new ArrayList<>();
        List<DenseOperator> refs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (i >= start && i < start + counts[comm.rank()]) {
                mine.add(new MatrixMult(mats.get(i), null, t));
            }
            refs.add(new DenseOp(mats.get(i)).reference());
        }
        MPIBlockDiag op = new MPIBlockDiag(mine, comm, null, t);
        return new Problem(op, ReferenceOperators.blockDiag(refs).toComplex(), y, t, t + " " + k + " blocks, "
                + rows + "x" + op.cols() + (spd ? " (Hermitian positive definite)" : ""));
    }

    /** {@code B^H B + n I} for an {@code m x n} matrix B. */
    private static NdArray gram(NdArray b, DType t, int n, int m) {
        NdArray a = NdArray.zeros(t, n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double re = i == j ? n : 0;
                double im = 0;
                for (int q = 0; q < m; q++) { // sum_q conj(B[q, i]) B[q, j]
                    double ar = b.re((long) q * n + i);
                    double ai = -b.im((long) q * n + i);
                    double br = b.re((long) q * n + j);
                    double bi = b.im((long) q * n + j);
                    re += ar * br - ai * bi;
                    im += ar * bi + ai * br;
                }
                a.set((long) i * n + j, re, im);
            }
        }
        return a;
    }

    /**
     * The iterate of {@code solve} on the same problem built on a part of the ranks (the first
     * {@code cut}, or the others) with the blocks dealt out by another generator; every rank gets
     * its group's iterate, gathered. Collective.
     */
    private static double[] onPart(Communicator comm, org.jlops.mpi.verify.harness.Case c, boolean spd,
            java.util.function.Function<Problem, DistributedArray> solve) {
        int cut = 1 + (int) Math.floorMod(c.seed(), comm.size());
        Communicator sub = comm.split(comm.rank() < cut ? 0 : 1, comm.rank());
        try {
            SplittableRandom r = new SplittableRandom(c.seed());
            return Vectors.gather(solve.apply(problem(sub, r, c.size(), spd, new SplittableRandom(~c.seed()))));
        } finally {
            sub.close();
        }
    }

    private static void cgls(Communicator comm, org.jlops.mpi.verify.harness.Case c, Probe probe) {
        SplittableRandom r = new SplittableRandom(c.seed());
        Problem p = problem(comm, r, c.size(), false, new SplittableRandom(c.seed() + 1));
        double damp = r.nextBoolean() ? 0.0 : 0.5;
        int few = Draws.between(r, 1, 4);
        probe.describe(p.text() + ", damp " + damp + ", " + few + " iterations");
        DistributedArray y = Layouts.scatterWith(p.y(), comm, p.op().rowCounts()); // the solvers' data layout
        double[] yi = Probe.interleaved(p.y());
        double[] zero = new double[2 * (int) p.op().cols()];
        CglsResult<DistributedArray> mine = Solvers.cgls(p.op(), y, (DistributedArray) null, few, damp, 0.0);
        ReferenceSolvers.CglsResult ref = ReferenceSolvers.cgls(p.reference(), yi, zero, few, damp, 0.0);
        double[] x = Vectors.gather(mine.x());
        probe.close("CGLS iterate vs reference after " + few, ref.x(), x, SAME_ITERATES);
        probe.identical("CGLS iterate on another split of the blocks (bit for bit)", x, onPart(comm, c, false,
                q -> Solvers.cgls(q.op(), Layouts.scatterWith(q.y(), q.op().communicator(), q.op().rowCounts()),
                        (DistributedArray) null, few, damp, 0.0).x()));
        CglsResult<DistributedArray> conv = Solvers.cgls(p.op(), y, (DistributedArray) null,
                (int) (4 * p.op().cols()) + 4, damp, 1e-26);
        probe.close("CGLS solution vs QR", ReferenceSolvers.dampedLeastSquares(p.reference(), yi, damp),
                Vectors.gather(conv.x()), SOLUTION);
    }

    private static void cg(Communicator comm, org.jlops.mpi.verify.harness.Case c, Probe probe) {
        SplittableRandom r = new SplittableRandom(c.seed());
        Problem p = problem(comm, r, c.size(), true, new SplittableRandom(c.seed() + 1));
        int few = Draws.between(r, 1, 4);
        probe.describe(p.text() + ", " + few + " iterations");
        // CG iterates in the data layout, which must be the operator's output layout (its row split)
        DistributedArray yRows = Layouts.scatterWith(p.y(), comm, p.op().rowCounts());
        double[] yi = Probe.interleaved(p.y());
        double[] zero = new double[2 * (int) p.op().cols()];
        CgResult<DistributedArray> mine = Solvers.cg(p.op(), yRows, (DistributedArray) null, few, 0.0);
        ReferenceSolvers.CgResult ref = ReferenceSolvers.cg(p.reference(), yi, zero, few, 0.0);
        double[] x = Vectors.gather(mine.x());
        probe.close("CG iterate vs reference after " + few, ref.x(), x, SAME_ITERATES);
        probe.identical("CG iterate on another split of the blocks (bit for bit)", x, onPart(comm, c, true,
                q -> Solvers.cg(q.op(), Layouts.scatterWith(q.y(), q.op().communicator(), q.op().rowCounts()),
                        (DistributedArray) null, few, 0.0).x()));
        CgResult<DistributedArray> conv = Solvers.cg(p.op(), yRows, (DistributedArray) null,
                (int) (4 * p.op().cols()) + 4, 1e-26);
        probe.close("CG solution vs QR", ReferenceSolvers.dampedLeastSquares(p.reference(), yi, 0.0),
                Vectors.gather(conv.x()), SOLUTION);
    }
}
