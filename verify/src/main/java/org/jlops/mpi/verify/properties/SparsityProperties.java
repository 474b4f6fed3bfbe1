package org.jlops.mpi.verify.properties;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.serial.MatrixMult;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.proximal.L1;
import org.jlops.mpi.proximal.MPIL2;
import org.jlops.mpi.proximal.MPIProxOperator;
import org.jlops.mpi.proximal.ProximalGradient;
import org.jlops.mpi.reference.ops.DenseOperator;
import org.jlops.mpi.reference.ops.ReferenceOperators;
import org.jlops.mpi.reference.solvers.ReferenceSolvers;
import org.jlops.mpi.reference.solvers.ReferenceSparsity;
import org.jlops.mpi.solvers.FISTA;
import org.jlops.mpi.solvers.ISTA;
import org.jlops.mpi.solvers.IstaOptions;
import org.jlops.mpi.solvers.IstaResult;
import org.jlops.mpi.solvers.Solvers;
import org.jlops.mpi.solvers.Threshold;
import org.jlops.mpi.testkit.DenseOp;
import org.jlops.mpi.verify.catalog.Layouts;
import org.jlops.mpi.verify.harness.Case;
import org.jlops.mpi.verify.harness.Check;
import org.jlops.mpi.verify.harness.Draws;
import org.jlops.mpi.verify.harness.Probe;

/**
 * The solver properties of issue 16 ({@code solver}): on generated sparse recovery problems — an
 * {@link MPIBlockDiag} of random dense blocks (through {@link MatrixMult}, wide, square or tall),
 * dealt out unevenly to the ranks (ranks may hold none), float64 or complex128, data from a sparse
 * model —
 *
 * <ul>
 * <li><b>ISTA and FISTA</b> (random threshold, eps, iteration count): the iterate equals the serial
 *     recomputation ({@link ReferenceSparsity}, EJML; FISTA there with PyLops' two forward products)
 *     from the same start with the same step size, rtol 1e-10; the same problem on a part of the
 *     ranks with its blocks dealt out another way gives the same iterate and costs bit for bit
 *     (the step size estimated by power iteration included); and with the soft threshold and
 *     {@code alpha ≤ 1/λmax(AᴴA)} the objective {@code ½‖y − A x_k‖² + (eps/2)‖x_k‖₁} that ISTA
 *     minimises never increases.</li>
 * <li><b>ProximalGradient</b> with {@code MPIL2(A, y)} and {@code L1} (random acceleration, relaxation,
 *     weights): the iterate equals the serial recomputation, rtol 1e-10, and is bit-identical on
 *     another split.</li>
 * </ul>
 */
public final class SparsityProperties {

    private static final double SAME_ITERATES = 1e-10;

    private SparsityProperties() {
    }

    /** The checks, in report order. */
    public static List<Check> checks() {
        return List.of(Check.of("solver", "ISTA(MPIBlockDiag(MatrixMult))", (c, k, p) -> shrinkage(c, k, p, false)),
                Check.of("solver", "FISTA(MPIBlockDiag(MatrixMult))", (c, k, p) -> shrinkage(c, k, p, true)),
                Check.of("solver", "ProximalGradient(MPIL2, L1)", SparsityProperties::proximalGradient));
    }

    /** A problem: operator, reference, data and start (global), dtype, description. */
    private record Problem(MPIBlockDiag op, DenseOperator reference, NdArray y, NdArray x0, DType dtype, String text) {
    }

    /** Random blocks from {@code r}, dealt out by {@code deal}; y = A x with a sparse x. */
    private static Problem problem(Communicator comm, SplittableRandom r, int size, SplittableRandom deal) {
        DType t = r.nextBoolean() ? DType.FLOAT64 : DType.COMPLEX128;
        int k = Draws.between(r, 1, size + 1);
        List<NdArray> mats = new ArrayList<>();
        long rows = 0;
        long cols = 0;
        for (int i = 0; i < k; i++) {
            int n = Draws.between(r, 1, size + 2);
            int m = Math.max(1, n + Draws.between(r, -1, 2));
            NdArray a = Draws.values(r, t, m, n);
            mats.add(a);
            rows += m;
            cols += n;
        }
        NdArray x = NdArray.zeros(t, cols);
        for (long j = 0; j < cols; j++) {
            if (r.nextInt(3) == 0) {
                x.set(j, r.nextGaussian() * 2, t.isComplex() ? r.nextGaussian() : 0);
            }
        }
        NdArray x0 = NdArray.zeros(t, cols);
        if (r.nextBoolean()) {
            x0 = Draws.values(r, t, cols);
        }
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
        DenseOperator ref = ReferenceOperators.blockDiag(refs);
        double[] yv = ref.isComplex() ? ref.matvecComplex(Probe.interleaved(x)) : ref.matvec(real(x));
        NdArray y = NdArray.zeros(t, rows);
        for (int i = 0; i < rows; i++) {
            y.set(i, ref.isComplex() ? yv[2 * i] : yv[i], ref.isComplex() ? yv[2 * i + 1] : 0);
        }
        return new Problem(new MPIBlockDiag(mine, comm, null, t), ref, y, x0, t,
                t + " " + k + " blocks, " + rows + "x" + cols);
    }

    private static double[] real(NdArray a) {
        double[] v = new double[(int) a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.re(i);
        }
        return v;
    }

    /** Values in the reference's type (interleaved when complex). */
    private static double[] typed(NdArray a, boolean complex) {
        return complex ? Probe.interleaved(a) : real(a);
    }

    /** Plain doubles of a reference result, as interleaved pairs (for Probe.close). */
    private static double[] pairs(double[] v, boolean complex) {
        if (complex) {
            return v;
        }
        double[] out = new double[2 * v.length];
        for (int i = 0; i < v.length; i++) {
            out[2 * i] = v[i];
        }
        return out;
    }

    private static DistributedArray rowsOf(Problem p, NdArray g) {
        return Layouts.scatterWith(g, p.op().communicator(), p.op().rowCounts());
    }

    private static DistributedArray colsOf(Problem p, NdArray g) {
        return Layouts.scatterWith(g, p.op().communicator(), p.op().colCounts());
    }

    /** The run of {@code solve} on a part of the ranks (blocks dealt out another way), gathered. Collective. */
    private static <T> T onPart(Communicator comm, Case c, Function<Problem, T> solve) {
        int cut = 1 + (int) Math.floorMod(c.seed(), comm.size());
        Communicator sub = comm.split(comm.rank() < cut ? 0 : 1, comm.rank());
        try {
            return solve.apply(problem(sub, new SplittableRandom(c.seed()), c.size(), new SplittableRandom(~c.seed())));
        } finally {
            sub.close();
        }
    }

    private static void shrinkage(Communicator comm, Case c, Probe probe, boolean fast) {
        SplittableRandom r = new SplittableRandom(c.seed());
        Problem p = problem(comm, r, c.size(), new SplittableRandom(c.seed() + 1));
        Threshold t = Draws.oneOf(r, Threshold.values());
        double eps = Draws.oneOf(r, 0.05, 0.5, 2.0);
        int niter = Draws.between(r, 1, 30);
        probe.describe(p.text() + ", " + t + " threshold, eps " + eps + ", " + niter + " iterations");
        DistributedArray y = rowsOf(p, p.y());
        DistributedArray x0 = colsOf(p, p.x0());
        IstaOptions o = ISTA.options().eps(eps).threshold(t).tol(0);
        IstaResult<DistributedArray> mine = fast ? Solvers.fista(p.op(), y, x0, niter, o) : Solvers.ista(p.op(), y, x0,
                niter, o);
        double[] x = Vectors.gather(mine.x());
        boolean cx = p.reference().isComplex();
        // the serial recomputation with the same step size
        ReferenceSparsity.Kind kind = ReferenceSparsity.Kind.valueOf(t.name());
        double[] yt = typed(p.y(), cx);
        double[] x0t = typed(p.x0(), cx);
        ReferenceSparsity.Result ref = fast
                ? ReferenceSparsity.fista(p.reference(), yt, x0t, niter, eps, mine.alpha(), kind, 0)
                : ReferenceSparsity.ista(p.reference(), yt, x0t, niter, eps, mine.alpha(), kind, 0);
        probe.close((fast ? "FISTA" : "ISTA") + " iterate vs serial after " + mine.iterations(), pairs(ref.x(), cx), x,
                SAME_ITERATES);
        double[] refCost = ref.cost();
        double[] myCost = mine.cost();
        double[] a = new double[2 * Math.min(refCost.length, myCost.length)];
        double[] b = new double[a.length];
        for (int i = 0; i < a.length / 2; i++) {
            a[2 * i] = refCost[i];
            b[2 * i] = myCost[i];
        }
        probe.close("cost history vs serial", a, b, SAME_ITERATES);
        // bit for bit on another split, the estimated step size included
        double[][] other = onPart(comm, c, q -> {
            IstaResult<DistributedArray> res = fast
                    ? Solvers.fista(q.op(), rowsOf(q, q.y()), colsOf(q, q.x0()), niter, o)
                    : Solvers.ista(q.op(), rowsOf(q, q.y()), colsOf(q, q.x0()), niter, o);
            return new double[][] {Vectors.gather(res.x()), res.cost(), {res.alpha()}};
        });
        probe.identical("iterate on another split of the blocks (bit for bit)", x, other[0]);
        probe.identical("costs on another split (bit for bit)", pairs(myCost, false), pairs(other[1], false));
        probe.identical("estimated step size on another split", new double[] {mine.alpha(), 0},
                new double[] {other[2][0], 0});
        if (!fast && t == Threshold.SOFT) {
            // alpha <= 1/λmax: the objective ½‖y − A x‖² + (eps/2)‖x‖₁ never increases
            double lmax = ReferenceSolvers.powerIteration(p.reference().adjoint().compose(p.reference()),
                    ones(p.reference()), 500, 0).eigenvalueRe();
            double alpha = 1 / (lmax * 1.0001);
            List<Double> objective = new ArrayList<>();
            new ISTA<>(p.op()).options(o.alpha(alpha)).callback(s -> {
                DistributedArray xk = s.x();
                double rn = y.subtract(p.op().matvec(xk)).norm();
                objective.add(0.5 * rn * rn + eps / 2 * xk.norm(1));
            }).solve(y, x0, niter);
            for (int i = 1; i < objective.size(); i++) {
                double prev = objective.get(i - 1);
                probe.expect(objective.get(i) <= prev * (1 + 1e-12) + 1e-300, "ISTA objective increased at step " + i
                        + ": " + prev + " -> " + objective.get(i) + " (alpha " + alpha + " <= 1/lambda_max)");
            }
        }
    }

    private static double[] ones(DenseOperator op) {
        double[] b = new double[op.isComplex() ? 2 * op.cols() : op.cols()];
        for (int i = 0; i < b.length; i++) {
            b[i] = 1 + 0.37 * i % 1.0;
        }
        return b;
    }

    private static void proximalGradient(Communicator comm, Case c, Probe probe) {
        SplittableRandom r = new SplittableRandom(c.seed());
        Problem p = problem(comm, r, c.size(), new SplittableRandom(c.seed() + 1));
        ProximalGradient.Acceleration acc = Draws.oneOf(r, ProximalGradient.Acceleration.values());
        double eta = Draws.oneOf(r, 1.0, 1.0, 0.7);
        double sigma1 = Draws.oneOf(r, 0.01, 0.1, 1.0);
        int niter = Draws.between(r, 1, 30);
        double[] epsg = new double[niter];
        boolean varying = r.nextBoolean();
        for (int k = 0; k < niter; k++) {
            epsg[k] = varying ? 0.5 + r.nextDouble() : 1.0;
        }
        double lmax = ReferenceSolvers.powerIteration(p.reference().adjoint().compose(p.reference()), ones(p.reference()),
                500, 0).eigenvalueRe();
        double tau = Draws.oneOf(r, 0.5, 0.99) / lmax;
        probe.describe(p.text() + ", " + acc + ", eta " + eta + ", sigma " + sigma1 + ", " + niter + " iterations");
        DistributedArray y = rowsOf(p, p.y());
        DistributedArray x0 = colsOf(p, p.x0());
        ProximalGradient pg = ProximalGradient.options().tau(tau).epsg(epsg).eta(eta).niter(niter).acceleration(acc);
        DistributedArray mine = pg.solve(MPIL2.builder().op(p.op()).b(y).x0(x0).build(),
                new MPIProxOperator(new L1(sigma1)), x0).x();
        double[] x = Vectors.gather(mine);
        boolean cx = p.reference().isComplex();
        double[] ref = ReferenceSparsity.proximalGradient(p.reference(), typed(p.y(), cx), 1.0, sigma1, typed(p.x0(), cx),
                tau, epsg, eta, ReferenceSparsity.Acceleration.valueOf(acc.name()));
        probe.close("ProximalGradient iterate vs serial", pairs(ref, cx), x, SAME_ITERATES);
        double[] other = onPart(comm, c, q -> {
            DistributedArray yq = rowsOf(q, q.y());
            DistributedArray x0q = colsOf(q, q.x0());
            return Vectors.gather(pg.solve(MPIL2.builder().op(q.op()).b(yq).x0(x0q).build(),
                    new MPIProxOperator(new L1(sigma1)), x0q).x());
        });
        probe.identical("iterate on another split of the blocks (bit for bit)", x, other);
        probe.expect(Arrays.stream(x).allMatch(Double::isFinite), "finite iterate");
    }
}
