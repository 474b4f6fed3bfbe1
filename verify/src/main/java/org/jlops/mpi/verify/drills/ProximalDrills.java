package org.jlops.mpi.verify.drills;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.proximal.ADMML2;
import org.jlops.mpi.proximal.L1;
import org.jlops.mpi.proximal.MPIL2;
import org.jlops.mpi.proximal.MPIProxOperator;
import org.jlops.mpi.proximal.ProxOperator;
import org.jlops.mpi.proximal.ProximalGradient;
import org.jlops.mpi.proximal.ProximalResult;

/**
 * The proximal drills, on a 9-element float64 vector (balanced split):
 *
 * <ul>
 *   <li>{@code proximal/L1}: {@code prox(x, tau)} with {@code x} of every kind of
 *       {@link BadOperands} on one rank but null (x is the call's only distributed argument, so a
 *       rank given null has no communicator to agree through: it throws alone, the README's one
 *       stated exception), {@code tau} NaN or differing on one rank; the in-place form
 *       {@code prox(x, tau, out)} (the solvers' form, through {@code MPIProxOperator}) with
 *       {@code out} of every kind on one rank;</li>
 *   <li>{@code proximal/MPIL2}: {@code grad(x, out)} ({@code σ (x − b)} into held storage, as
 *       {@code ProximalGradient} asks for it) with {@code out} of every kind on one rank;</li>
 *   <li>{@code proximal/ProximalGradient} (issue 16; {@code f} an {@code MPIL2} of the solver drills'
 *       second derivative, {@code g} an {@code L1}): {@code solve(f, g, x0)} with {@code x0} of
 *       every kind on one rank but null (again the call's only distributed argument: the README's
 *       exception), and the options on one rank: {@code niter} negative or differing, {@code tau}
 *       NaN, 0 or differing, {@code epsg} NaN or differing, {@code eta} NaN or differing, {@code
 *       tol} differing (NaN is "off"), the acceleration differing;</li>
 *   <li>{@code proximal/ADMML2} (the same operator as {@code Op} and {@code A}): {@code x0},
 *       {@code b} and {@code z0} of every kind on one rank ({@code z0} null: {@code A x0} there
 *       only), and {@code niter}, {@code innerNiter} negative or differing, {@code tau} NaN, 0 or
 *       differing, {@code innerTol} NaN or differing, {@code gfirst} differing.</li>
 * </ul>
 *
 * <p>Every one must be rejected on every rank with the same message, {@code out} untouched.
 */
public final class ProximalDrills {

    private ProximalDrills() {
    }

    /** Every proximal drill. */
    public static List<Drill> drills() {
        List<Drill> out = new ArrayList<>();
        Group g = new Group("proximal/L1");
        for (Badness b : BadOperands.VECTOR_KINDS) {
            if (b == Badness.NULL) {
                continue;           // x is prox's only distributed argument: a null x leaves its rank no communicator
            }
            g.add("prox", "x", b, (comm, bad) -> {
                DistributedVector x = BadOperands.operand(b, vector(comm, 0), comm, bad);
                return Scene.of(() -> new L1(0.5).prox(x, 0.1), x);
            });
        }
        g.add("prox", "tau", Badness.NAN, (comm, bad) -> {
            DistributedVector x = vector(comm, 0);
            double tau = comm.rank() == bad ? Double.NaN : 0.1;
            return Scene.of(() -> new L1(0.5).prox(x, tau), x);
        });
        g.add("prox", "tau", Badness.DIFFERS, (comm, bad) -> {
            DistributedVector x = vector(comm, 0);
            double tau = comm.rank() == bad ? 0.2 : 0.1;
            return Scene.of(() -> new L1(0.5).prox(x, tau), x);
        });
        for (Badness b : BadOperands.VECTOR_KINDS) {
            g.add("prox_out", "out", b, (comm, bad) -> {
                DistributedVector x = vector(comm, 0);
                DistributedVector into = BadOperands.operand(b, vector(comm, 1), comm, bad);
                ProxOperator l1 = new MPIProxOperator(new L1(0.5));
                return Scene.of(() -> l1.prox(x, 0.1, into), x).writing(into);
            });
        }
        out.addAll(g.drills());

        g = new Group("proximal/MPIL2");
        for (Badness b : BadOperands.VECTOR_KINDS) {
            g.add("grad_out", "out", b, (comm, bad) -> {
                DistributedVector x = vector(comm, 0);
                MPIL2 f = MPIL2.builder().b(vector(comm, 2)).sigma(2).build();
                DistributedVector into = BadOperands.operand(b, vector(comm, 1), comm, bad);
                return Scene.of(() -> f.grad(x, into), x).writing(into);
            });
        }
        out.addAll(g.drills());
        out.addAll(proximalGradient());
        out.addAll(admm());
        return out;
    }

    /** The options of the ProximalGradient drills on the good ranks. */
    private static final ProximalGradient PG = ProximalGradient.options().tau(0.05).epsg(0.5).niter(SolverDrills.NITER)
            .acceleration(ProximalGradient.Acceleration.FISTA);

    private static List<Drill> proximalGradient() {
        Group g = new Group("proximal/ProximalGradient");
        for (Badness b : BadOperands.VECTOR_KINDS) {
            if (b == Badness.NULL) {
                continue;           // x0 is solve's only distributed argument: a null x0 leaves its rank no communicator
            }
            g.add("solve", "x0", b, (comm, bad) -> {
                Problem p = new Problem(comm);
                DistributedVector x0 = BadOperands.operand(b, p.x0, comm, bad);
                return Scene.of(() -> proximalGradient(PG, p, x0), p.y, p.x0, x0);
            });
        }
        g.add("solve", "niter", Badness.DIFFERS, (comm, bad) -> proximalGradient(comm, bad, PG.niter(SolverDrills.NITER
                - 1)));
        g.add("solve", "niter", Badness.RANGE, (comm, bad) -> proximalGradient(comm, bad, PG.niter(-1)));
        g.add("solve", "tau", Badness.NAN, (comm, bad) -> proximalGradient(comm, bad, PG.tau(Double.NaN)));
        g.add("solve", "tau", Badness.RANGE, (comm, bad) -> proximalGradient(comm, bad, PG.tau(0)));
        g.add("solve", "tau", Badness.DIFFERS, (comm, bad) -> proximalGradient(comm, bad, PG.tau(0.04)));
        g.add("solve", "epsg", Badness.NAN, (comm, bad) -> proximalGradient(comm, bad, PG.epsg(Double.NaN)));
        g.add("solve", "epsg", Badness.DIFFERS, (comm, bad) -> proximalGradient(comm, bad, PG.epsg(0.25)));
        g.add("solve", "eta", Badness.NAN, (comm, bad) -> proximalGradient(comm, bad, PG.eta(Double.NaN)));
        g.add("solve", "eta", Badness.DIFFERS, (comm, bad) -> proximalGradient(comm, bad, PG.eta(0.5)));
        g.add("solve", "tol", Badness.DIFFERS, (comm, bad) -> proximalGradient(comm, bad, PG.tol(1e-3)));
        g.add("solve", "acceleration", Badness.DIFFERS, (comm, bad) -> proximalGradient(comm, bad,
                PG.acceleration(ProximalGradient.Acceleration.NONE)));
        return g.drills();
    }

    private static Scene proximalGradient(Communicator comm, int bad, ProximalGradient badOptions) {
        Problem p = new Problem(comm);
        ProximalGradient o = comm.rank() == bad ? badOptions : PG;
        return Scene.of(() -> proximalGradient(o, p, p.x0), p.y, p.x0);
    }

    private static Object proximalGradient(ProximalGradient o, Problem p, DistributedVector x0) {
        MPIL2 f = MPIL2.builder().op(p.op).b(p.y).x0(p.x0).build();
        ProximalResult<DistributedVector> r = o.solve(f, new MPIProxOperator(new L1(0.5)), x0);
        return List.of(r.x(), r.iterations(), r.objective());
    }

    /** The options of the ADMML2 drills on the good ranks. */
    private static final ADMML2 ADMM = ADMML2.options().tau(0.5).niter(SolverDrills.NITER).innerNiter(2);

    private static List<Drill> admm() {
        Group g = new Group("proximal/ADMML2");
        for (String name : List.of("x0", "b", "z0")) {
            for (Badness b : BadOperands.VECTOR_KINDS) {
                g.add("solve", name, b, (comm, bad) -> {
                    Problem p = new Problem(comm);
                    DistributedVector x0 = name.equals("x0") ? BadOperands.operand(b, p.x0, comm, bad) : p.x0;
                    DistributedVector y = name.equals("b") ? BadOperands.operand(b, p.y, comm, bad) : p.y;
                    DistributedVector z0 = name.equals("z0") ? BadOperands.operand(b, p.z0, comm, bad) : p.z0;
                    return Scene.of(() -> admm(ADMM, p, y, x0, z0), p.y, p.x0, p.z0, x0, y, z0);
                });
            }
        }
        g.add("solve", "niter", Badness.DIFFERS, (comm, bad) -> admm(comm, bad, ADMM.niter(SolverDrills.NITER - 1)));
        g.add("solve", "niter", Badness.RANGE, (comm, bad) -> admm(comm, bad, ADMM.niter(-1)));
        g.add("solve", "innerNiter", Badness.DIFFERS, (comm, bad) -> admm(comm, bad, ADMM.innerNiter(3)));
        g.add("solve", "innerNiter", Badness.RANGE, (comm, bad) -> admm(comm, bad, ADMM.innerNiter(-1)));
        g.add("solve", "tau", Badness.NAN, (comm, bad) -> admm(comm, bad, ADMM.tau(Double.NaN)));
        g.add("solve", "tau", Badness.RANGE, (comm, bad) -> admm(comm, bad, ADMM.tau(0)));
        g.add("solve", "tau", Badness.DIFFERS, (comm, bad) -> admm(comm, bad, ADMM.tau(0.25)));
        g.add("solve", "innerTol", Badness.NAN, (comm, bad) -> admm(comm, bad, ADMM.innerTol(Double.NaN)));
        g.add("solve", "innerTol", Badness.DIFFERS, (comm, bad) -> admm(comm, bad, ADMM.innerTol(1e-3)));
        g.add("solve", "gfirst", Badness.DIFFERS, (comm, bad) -> admm(comm, bad, ADMM.gfirst(true)));
        return g.drills();
    }

    private static Scene admm(Communicator comm, int bad, ADMML2 badOptions) {
        Problem p = new Problem(comm);
        ADMML2 o = comm.rank() == bad ? badOptions : ADMM;
        return Scene.of(() -> admm(o, p, p.y, p.x0, p.z0), p.y, p.x0, p.z0);
    }

    private static Object admm(ADMML2 o, Problem p, DistributedVector b, DistributedVector x0, DistributedVector z0) {
        ADMML2.AdmmResult r = o.solve(new MPIProxOperator(new L1(0.5)), p.op, b, p.op, x0, z0);
        return List.of(r.x(), r.z());
    }

    /**
     * The problem of the solver drills: the second derivative of 9 elements, its data {@code y},
     * a start {@code x0} in the model layout of its adjoint and {@code z0 = A x0}. Collective.
     */
    private static final class Problem {
        final DistributedOperator<DistributedVector> op;
        final DistributedVector y;
        final DistributedVector x0;
        final DistributedVector z0;

        Problem(Communicator comm) {
            op = SolverDrills.operator(comm);
            y = SolverDrills.data(op, comm);
            x0 = op.rmatvec(y).multiply(0.5);
            z0 = op.matvec(x0);
        }
    }

    /** A 9-element float64 vector of seeded values, balanced split. Collective. */
    private static DistributedVector vector(Communicator comm, int seed) {
        return DistributedArray.toDist(ArrayDrills.values(9, seed), comm);
    }
}
