package org.jlops.mpi.proximal;

import org.jlops.mpi.array.DistributedVector;

/**
 * A separable function applied to distributed vectors (PyLops-MPI's {@code MPIProxOperator}): the
 * value is one reduction over the ranks (SCATTER arrays over their mask's sub-communicator), the
 * proximal maps are local to each rank's block; plain and stacked vectors alike (a stack is
 * mapped component by component, its value is the sum — or for {@link Box} the conjunction — over
 * the components).
 *
 * <pre>{@code
 * MPIProxOperator l1 = new MPIProxOperator(new L1(0.1));
 * double v = l1.f(x);                        // 0.1 ‖x‖₁, the same on every rank
 * DistributedVector p = l1.prox(x, 1e-3);    // soft threshold at 1e-4, no communication but the argument check
 * }</pre>
 *
 * <p>The functions {@link L1}, {@link L0} and {@link Box} already act on distributed vectors; this
 * class keeps PyLops-MPI's name and restricts the wrapped function to the {@link Separable} ones at
 * compile time.
 *
 * @param function the separable function
 */
public record MPIProxOperator(Separable function) implements ProxOperator {

    /**
     * Checks the function.
     *
     * @throws IllegalArgumentException if {@code function} is null
     */
    public MPIProxOperator {
        if (function == null) {
            throw new IllegalArgumentException("function: must not be null (L1, L0 or Box)");
        }
    }

    @Override
    public double f(DistributedVector x) {
        return function.f(x);
    }

    @Override
    public DistributedVector prox(DistributedVector x, double tau) {
        return function.prox(x, tau);
    }

    @Override
    public DistributedVector prox(DistributedVector x, double tau, DistributedVector out) {
        return function.prox(x, tau, out);
    }

    @Override
    public DistributedVector proxdual(DistributedVector x, double tau) {
        return function.proxdual(x, tau);
    }

    @Override
    public String toString() {
        return "MPIProxOperator(" + function + ")";
    }
}
