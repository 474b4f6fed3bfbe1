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

    /**
     * The gradient {@code ∇f(x)} into {@code out}: the solvers' form, which allocates nothing per
     * iteration. The same bits as {@link #grad(DistributedVector)}. The default computes a new
     * vector and copies it; {@link MPIL2} writes its adjoint product into {@code out}. Collective.
     *
     * @param x   (Input) not modified
     * @param out (Output) a vector of the layout {@link #grad(DistributedVector)} returns for
     *            {@code x} (an earlier gradient), not {@code x}; overwritten
     * @return {@code out}
     * @throws IllegalArgumentException on every rank when {@code out} does not fit
     */
    default DistributedVector grad(DistributedVector x, DistributedVector out) {
        return grad(x).copyTo(out);
    }
}
