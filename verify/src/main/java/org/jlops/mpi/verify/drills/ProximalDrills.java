package org.jlops.mpi.verify.drills;

import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.proximal.L1;
import org.jlops.mpi.proximal.MPIL2;
import org.jlops.mpi.proximal.MPIProxOperator;
import org.jlops.mpi.proximal.ProxOperator;

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
 *       {@code ProximalGradient} asks for it) with {@code out} of every kind on one rank.</li>
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
        return out;
    }

    /** A 9-element float64 vector of seeded values, balanced split. Collective. */
    private static DistributedVector vector(Communicator comm, int seed) {
        return DistributedArray.toDist(ArrayDrills.values(9, seed), comm);
    }
}
