package org.jlops.mpi.proximal;

import org.jlops.mpi.array.DistributedVector;

/**
 * A {@link ProxOperator} whose function is differentiable: the smooth term {@code f} of
 * {@link ProximalGradient} (PyProximal's {@code hasgrad}).
 */
public interface DifferentiableProx extends ProxOperator {

    /**
     * The gradient {@code ∇f(x)}. Collective.
     *
     * @param x (Input) not modified
     * @return a new vector of {@code x}'s layout
     */
    DistributedVector grad(DistributedVector x);
}
