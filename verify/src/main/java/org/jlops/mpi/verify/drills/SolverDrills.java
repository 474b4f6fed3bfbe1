package org.jlops.mpi.verify.drills;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.ops.basic.MPISecondDerivative;
import org.jlops.mpi.solvers.CG;
import org.jlops.mpi.solvers.CGLS;
import org.jlops.mpi.solvers.CgResult;
import org.jlops.mpi.solvers.CglsResult;
import org.jlops.mpi.solvers.FISTA;
import org.jlops.mpi.solvers.ISTA;
import org.jlops.mpi.solvers.IstaOptions;
import org.jlops.mpi.solvers.IstaResult;
import org.jlops.mpi.solvers.PowerIterationResult;
import org.jlops.mpi.solvers.ShrinkageSolver;
import org.jlops.mpi.solvers.Solvers;
import org.jlops.mpi.solvers.Threshold;

/**
 * The solver drills, on the second derivative of a 9-element float64 vector (square; its products
 * return row slabs, so the layouts of {@code y} and {@code x0} matter):
 *
 * <ul>
 *   <li>{@code solver/cg} and {@code solver/cgls}: {@code x0} of every kind of {@link BadOperands}
 *       on one rank (with a good {@code y}); {@code y} of another length, dtype, split or stacking,
 *       or null (without {@code x0}, so that no check of {@code x0} against {@code y} speaks
 *       first); {@code niter} and {@code tol} (and {@code damp}) NaN, out of range or differing on
 *       one rank; the step-wise {@code run(niter)} after {@code setup} with another or a negative
 *       count on one rank;</li>
 *   <li>{@code solver/ista} and {@code solver/fista} (issue 16), as CGLS: {@code x0} of every kind
 *       on one rank (in the model layout of the adjoint), {@code y} of another length, dtype, split
 *       or stacking, or null; {@code niter} negative or differing; the options on one rank: {@code
 *       tol} NaN or differing, {@code eps} NaN, negative or differing, {@code alpha} NaN (estimate
 *       it, where the others give it), 0, negative or differing, the threshold kind differing, a
 *       {@code decay} factor NaN or decay given on one rank only; the step-wise {@code run(niter)}
 *       after {@code setup} with another or a negative count;</li>
 *   <li>{@code solver/powerIteration}: {@code like} of every kind, {@code niter}, {@code tol},
 *       {@code seed}.</li>
 * </ul>
 */
public final class SolverDrills {

    /** The iterations of every solve (a few: the drills are about the checks). */
    static final int NITER = 3;

    private SolverDrills() {
    }

    /** Every solver drill. */
    public static List<Drill> drills() {
        List<Drill> out = new ArrayList<>(leastSquares(false));
        out.addAll(leastSquares(true));
        out.addAll(shrinkage(false));
        out.addAll(shrinkage(true));
        out.addAll(powerIteration());
        return out;
    }

    /** The operator: the second derivative of 9 elements. Collective. */
    static DistributedOperator<DistributedVector> operator(Communicator comm) {
        return DistributedOperator.general(new MPISecondDerivative(new long[] {9}, comm));
    }

    /** The data {@code y = D x} of a quadratic {@code x} (so not zero; row slabs). Collective. */
    static DistributedVector data(DistributedOperator<DistributedVector> op, Communicator comm) {
        NdArray x = NdArray.zeros(DType.FLOAT64, 9);
        for (long i = 0; i < 9; i++) {
            x.set(i, 0.25 * i * i - i + 1);
        }
        return op.matvec(DistributedArray.toDist(x, comm));
    }

    /** The scalar arguments of one solve on this rank. */
    private record Args(int niter, double tol, double damp) {
        static final Args GOOD = new Args(NITER, 1e-10, 0.5);
    }

    private static List<Drill> leastSquares(boolean cgls) {
        Group g = new Group(cgls ? "solver/cgls" : "solver/cg");
        String method = cgls ? "cgls" : "cg";
        for (Badness b : BadOperands.VECTOR_KINDS) {
            g.add(method, "x0", b, (comm, bad) -> {
                DistributedOperator<DistributedVector> op = operator(comm);
                DistributedVector y = data(op, comm);
                DistributedVector good = (cgls ? op.rmatvec(y) : y).multiply(0.5);   // CG iterates in y's layout
                DistributedVector x0 = BadOperands.operand(b, good, comm, bad);
                return Scene.of(() -> solve(cgls, op, y, x0, Args.GOOD), y, x0);
            });
        }
        for (Badness b : List.of(Badness.SIZE, Badness.DTYPE, Badness.SPLIT, Badness.STACKING, Badness.NULL)) {
            g.add(method, "y", b, (comm, bad) -> {
                DistributedOperator<DistributedVector> op = operator(comm);
                DistributedVector y = BadOperands.operand(b, data(op, comm), comm, bad);
                return Scene.of(() -> solve(cgls, op, y, null, Args.GOOD), y);
            });
        }
        g.add(method, "niter", Badness.DIFFERS, (comm, bad) -> scalars(cgls, comm, bad, new Args(NITER - 1, 1e-10, 0.5)));
        g.add(method, "niter", Badness.RANGE, (comm, bad) -> scalars(cgls, comm, bad, new Args(-1, 1e-10, 0.5)));
        g.add(method, "tol", Badness.NAN, (comm, bad) -> scalars(cgls, comm, bad, new Args(NITER, Double.NaN, 0.5)));
        g.add(method, "tol", Badness.DIFFERS, (comm, bad) -> scalars(cgls, comm, bad, new Args(NITER, 1e-9, 0.5)));
        // the step-wise form: setup, then run(niter) with its own count of steps
        g.add("run", "niter", Badness.DIFFERS, (comm, bad) -> run(cgls, comm, comm.rank() == bad ? NITER + 1 : NITER));
        g.add("run", "niter", Badness.RANGE, (comm, bad) -> run(cgls, comm, comm.rank() == bad ? -1 : NITER));
        if (cgls) {
            g.add(method, "damp", Badness.NAN, (comm, bad) -> scalars(true, comm, bad, new Args(NITER, 1e-10,
                    Double.NaN)));
            g.add(method, "damp", Badness.DIFFERS, (comm, bad) -> scalars(true, comm, bad, new Args(NITER, 1e-10, 0.25)));
        }
        return g.drills();
    }

    private static Scene run(boolean cgls, Communicator comm, int niter) {
        DistributedOperator<DistributedVector> op = operator(comm);
        DistributedVector y = data(op, comm);
        return Scene.of(() -> {
            if (cgls) {
                CGLS<DistributedVector> s = new CGLS<>(op).setup(y, null, 0, 0, 0).run(niter);
                return List.of(s.iteration(), s.x());
            }
            CG<DistributedVector> s = new CG<>(op).setup(y, null, 0, 0).run(niter);
            return List.of(s.iteration(), s.x());
        }, y);
    }

    private static Scene scalars(boolean cgls, Communicator comm, int bad, Args badArgs) {
        DistributedOperator<DistributedVector> op = operator(comm);
        DistributedVector y = data(op, comm);
        Args a = comm.rank() == bad ? badArgs : Args.GOOD;
        return Scene.of(() -> solve(cgls, op, y, null, a), y);
    }

    private static Object solve(boolean cgls, DistributedOperator<DistributedVector> op, DistributedVector y,
            DistributedVector x0, Args a) {
        if (cgls) {
            CglsResult<DistributedVector> r = Solvers.cgls(op, y, x0, a.niter(), a.damp(), a.tol());
            return List.of(r.x(), r.iterations(), r.cost());
        }
        CgResult<DistributedVector> r = Solvers.cg(op, y, x0, a.niter(), a.tol());
        return List.of(r.x(), r.iterations(), r.cost());
    }

    /** The options of every ISTA/FISTA drill on the good ranks: a given step (no power iteration). */
    private static final IstaOptions SHRINK = ISTA.options().eps(0.5).alpha(0.05).tol(1e-10);

    private static List<Drill> shrinkage(boolean fista) {
        Group g = new Group(fista ? "solver/fista" : "solver/ista");
        String method = fista ? "fista" : "ista";
        for (Badness b : BadOperands.VECTOR_KINDS) {
            g.add(method, "x0", b, (comm, bad) -> {
                DistributedOperator<DistributedVector> op = operator(comm);
                DistributedVector y = data(op, comm);
                DistributedVector x0 = BadOperands.operand(b, op.rmatvec(y).multiply(0.5), comm, bad);  // model layout
                return Scene.of(() -> shrink(fista, op, y, x0, NITER, SHRINK), y, x0);
            });
        }
        for (Badness b : List.of(Badness.SIZE, Badness.DTYPE, Badness.SPLIT, Badness.STACKING, Badness.NULL)) {
            g.add(method, "y", b, (comm, bad) -> {
                DistributedOperator<DistributedVector> op = operator(comm);
                DistributedVector y = BadOperands.operand(b, data(op, comm), comm, bad);
                return Scene.of(() -> shrink(fista, op, y, null, NITER, SHRINK), y);
            });
        }
        g.add(method, "niter", Badness.DIFFERS, (comm, bad) -> options(fista, comm, bad, NITER - 1, o -> o));
        g.add(method, "niter", Badness.RANGE, (comm, bad) -> options(fista, comm, bad, -1, o -> o));
        g.add(method, "tol", Badness.NAN, (comm, bad) -> options(fista, comm, bad, NITER, o -> o.tol(Double.NaN)));
        g.add(method, "tol", Badness.DIFFERS, (comm, bad) -> options(fista, comm, bad, NITER, o -> o.tol(1e-9)));
        g.add(method, "eps", Badness.NAN, (comm, bad) -> options(fista, comm, bad, NITER, o -> o.eps(Double.NaN)));
        g.add(method, "eps", Badness.RANGE, (comm, bad) -> options(fista, comm, bad, NITER, o -> o.eps(-0.5)));
        g.add(method, "eps", Badness.DIFFERS, (comm, bad) -> options(fista, comm, bad, NITER, o -> o.eps(0.25)));
        // alpha NaN is legal (estimate 1/λmax by power iteration): on one rank it differs from the others' step
        g.add(method, "alpha", Badness.NAN, (comm, bad) -> options(fista, comm, bad, NITER, o -> o.alpha(Double.NaN)));
        g.add(g.drill(method, "alpha", Badness.RANGE, (comm, bad) -> options(fista, comm, bad, NITER, o -> o.alpha(0)))
                .variant("zero"));
        g.add(g.drill(method, "alpha", Badness.RANGE, (comm, bad) -> options(fista, comm, bad, NITER,
                o -> o.alpha(-0.05))).variant("negative"));
        g.add(method, "alpha", Badness.DIFFERS, (comm, bad) -> options(fista, comm, bad, NITER, o -> o.alpha(0.04)));
        g.add(method, "threshold", Badness.DIFFERS, (comm, bad) -> options(fista, comm, bad, NITER,
                o -> o.threshold(Threshold.HARD)));
        g.add(method, "decay", Badness.NAN, (comm, bad) -> options(fista, comm, bad, NITER,
                o -> o.decay(new double[] {1, Double.NaN, 1})));
        g.add(method, "decay", Badness.DIFFERS, (comm, bad) -> options(fista, comm, bad, NITER,
                o -> o.decay(new double[] {1, 0.5, 0.25})));
        // the step-wise form: setup, then run(niter) with its own count of steps
        g.add("run", "niter", Badness.DIFFERS, (comm, bad) -> runShrinkage(fista, comm, comm.rank() == bad ? NITER + 1
                : NITER));
        g.add("run", "niter", Badness.RANGE, (comm, bad) -> runShrinkage(fista, comm, comm.rank() == bad ? -1 : NITER));
        return g.drills();
    }

    /**
     * A solve with {@code badNiter} and the options {@code spoil} makes of {@link #SHRINK} on the bad
     * rank, {@link #SHRINK} elsewhere. The bad rank makes its options in the call, as a program
     * would, so that an option method that threw there would throw on that rank alone.
     */
    private static Scene options(boolean fista, Communicator comm, int bad, int badNiter,
            UnaryOperator<IstaOptions> spoil) {
        DistributedOperator<DistributedVector> op = operator(comm);
        DistributedVector y = data(op, comm);
        boolean mine = comm.rank() == bad;
        return Scene.of(() -> shrink(fista, op, y, null, mine ? badNiter : NITER, mine ? spoil.apply(SHRINK) : SHRINK),
                y);
    }

    private static Scene runShrinkage(boolean fista, Communicator comm, int niter) {
        DistributedOperator<DistributedVector> op = operator(comm);
        DistributedVector y = data(op, comm);
        return Scene.of(() -> {
            ShrinkageSolver<DistributedVector, ?> s = fista ? new FISTA<>(op).options(SHRINK).setup(y, null, NITER)
                    : new ISTA<>(op).options(SHRINK).setup(y, null, NITER);
            s.run(niter);
            return List.of(s.iteration(), s.x());
        }, y);
    }

    private static Object shrink(boolean fista, DistributedOperator<DistributedVector> op, DistributedVector y,
            DistributedVector x0, int niter, IstaOptions o) {
        IstaResult<DistributedVector> r = fista ? Solvers.fista(op, y, x0, niter, o) : Solvers.ista(op, y, x0, niter, o);
        return List.of(r.x(), r.iterations(), r.cost(), r.alpha());
    }

    private static List<Drill> powerIteration() {
        Group g = new Group("solver/powerIteration");
        for (Badness b : BadOperands.VECTOR_KINDS) {
            g.add("powerIteration", "like", b, (comm, bad) -> {
                DistributedOperator<DistributedVector> op = operator(comm);
                DistributedVector like = BadOperands.operand(b, DistributedArray.toDist(ArrayDrills.values(9, 1), comm),
                        comm, bad);
                return Scene.of(() -> power(op, like, NITER, 0, 7), like);
            });
        }
        g.add("powerIteration", "niter", Badness.DIFFERS, (comm, bad) -> power(comm, bad, NITER - 1, 0, 7));
        g.add("powerIteration", "niter", Badness.RANGE, (comm, bad) -> power(comm, bad, 0, 0, 7));
        g.add("powerIteration", "tol", Badness.NAN, (comm, bad) -> power(comm, bad, NITER, Double.NaN, 7));
        g.add("powerIteration", "seed", Badness.DIFFERS, (comm, bad) -> power(comm, bad, NITER, 0, 8));
        return g.drills();
    }

    private static Scene power(Communicator comm, int bad, int badNiter, double badTol, long badSeed) {
        DistributedOperator<DistributedVector> op = operator(comm);
        DistributedVector like = DistributedArray.toDist(ArrayDrills.values(9, 1), comm);
        boolean mine = comm.rank() == bad;
        return Scene.of(() -> power(op, like, mine ? badNiter : NITER, mine ? badTol : 0, mine ? badSeed : 7), like);
    }

    private static Object power(DistributedOperator<DistributedVector> op, DistributedVector like, int niter, double tol,
            long seed) {
        PowerIterationResult<DistributedVector> r = Solvers.powerIteration(op, like, niter, tol, seed);
        return List.of(r.eigenvalue(), r.vector(), r.iterations());
    }
}
