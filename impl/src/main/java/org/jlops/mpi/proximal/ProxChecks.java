package org.jlops.mpi.proximal;

import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.Consensus;

/** The argument checks of the proximal maps: agreed over the vector's communicator. */
final class ProxChecks {

    private ProxChecks() {
    }

    /**
     * Requires {@code x} and a positive {@code tau}, the same on every rank (with {@code x}'s
     * layout). Collective: one allreduce, none in an agreed scope.
     *
     * @throws IllegalArgumentException on every rank: {@code tau must be positive, got ...}
     */
    static void tau(DistributedVector x, double tau) {
        if (x == null) {
            throw new IllegalArgumentException("x: must not be null");
        }
        Consensus.on(x.communicator()).same("x (its layout)", x.layout()).same("tau", tau).check(() -> {
            if (!(tau > 0) || Double.isInfinite(tau)) {
                throw new IllegalArgumentException("tau must be positive, got " + tau);
            }
            return null;
        });
    }

    /**
     * As {@link #tau}, and {@code out} of {@code x}'s layout (the in-place forms of the proximal
     * maps): the same message on every rank when it is not on any. Collective (one allreduce outside
     * agreed scopes).
     */
    static void tauInto(DistributedVector x, double tau, DistributedVector out) {
        if (x == null) {
            throw new IllegalArgumentException("x: must not be null");
        }
        Consensus.on(x.communicator()).same("x (its layout)", x.layout())
                .same("out (its layout)", out == null ? "null" : out.layout()).same("tau", tau).check(() -> {
                    if (!(tau > 0) || Double.isInfinite(tau)) {
                        throw new IllegalArgumentException("tau must be positive, got " + tau);
                    }
                    if (out == null) {
                        throw new IllegalArgumentException("out: must not be null");
                    }
                    if (!x.sameLayout(out)) {
                        throw new IllegalArgumentException("out: layout " + out.layout() + " differs from x's "
                                + x.layout());
                    }
                    return null;
                });
    }

    /** Requires {@code x}, of the same layout on every rank. Collective (one allreduce outside agreed scopes). */
    static void vector(DistributedVector x) {
        if (x == null) {
            throw new IllegalArgumentException("x: must not be null");
        }
        Consensus.on(x.communicator()).same("x (its layout)", x.layout()).check();
    }
}
