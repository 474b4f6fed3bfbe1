package org.jlops.mpi.proximal;

import org.jlops.mpi.array.DistributedVector;

/**
 * A proper function {@code f} with its proximal map, on distributed vectors (PyProximal's
 * {@code ProxOperator}):
 *
 * <pre>
 *     prox_{τf}(x) = argmin_u  f(u) + ‖u − x‖² / (2τ)                 (τ &gt; 0)
 *     proxdual_{τf}(x) = prox_{τf*}(x) = x − τ prox_{f/τ}(x/τ)        (Moreau's identity; f* the conjugate)
 * </pre>
 *
 * <p>Every method is collective over the vector's communicator (reductions for {@code f}, an
 * agreement on the arguments for the maps); a bad argument on one rank gives the same
 * {@link IllegalArgumentException} on every rank. The maps return new vectors of {@code x}'s layout
 * and never modify {@code x}.
 */
public interface ProxOperator {

    /**
     * The value {@code f(x)}. Collective.
     *
     * @param x (Input) not modified
     * @return the value, the same on every rank ({@code +∞} outside the domain of an indicator)
     */
    double f(DistributedVector x);

    /**
     * {@code prox_{τf}(x)}. Collective.
     *
     * @param x   (Input) not modified
     * @param tau the step, positive
     * @return a new vector of {@code x}'s layout
     * @throws IllegalArgumentException on every rank when {@code tau} is not positive ({@code tau
     *                                  must be positive}) or the arguments differ between ranks
     */
    DistributedVector prox(DistributedVector x, double tau);

    /**
     * {@code prox_{τf}(x)} into {@code out}, which may be {@code x} itself: the solvers' form, which
     * allocates nothing per iteration. The same bits as {@link #prox(DistributedVector, double)}.
     * The default computes a new vector and copies it; the element-wise functions ({@link L1},
     * {@link L0}, {@link Box}) write {@code out} directly. Collective.
     *
     * @param x   (Input) not modified unless it is {@code out}
     * @param tau the step, positive
     * @param out (Output) a vector of {@code x}'s layout; overwritten
     * @return {@code out}
     * @throws IllegalArgumentException on every rank when {@code tau} is not positive, the arguments
     *                                  differ between ranks, or {@code out} does not have {@code x}'s
     *                                  layout
     */
    default DistributedVector prox(DistributedVector x, double tau, DistributedVector out) {
        return prox(x, tau).copyTo(out);
    }

    /**
     * {@code prox_{τf*}(x)}, by Moreau's identity unless a function knows better. Collective.
     *
     * @param x   (Input) not modified
     * @param tau the step, positive
     * @return a new vector of {@code x}'s layout
     * @throws IllegalArgumentException on every rank when {@code tau} is not positive
     */
    default DistributedVector proxdual(DistributedVector x, double tau) {
        ProxChecks.tau(x, tau);
        DistributedVector p = prox(x.multiply(1.0 / tau), 1.0 / tau);          // prox_{f/τ}(x/τ)
        return x.subtract(p.multiply(tau));                                      // x − τ prox_{f/τ}(x/τ)
    }
}
