package org.jlops.mpi.solvers;

import org.jlops.mpi.array.DistributedVector;

/**
 * A user hook called by {@code run} after every step of an iterative solver (PyLops-MPI's
 * {@code callback(x)}), on every rank. It must not call collectives unless every rank does the
 * same; it cannot change the solver's state.
 *
 * @param <V> the vectors of the solver it listens to (a listener of {@code DistributedVector} listens to any)
 */
@FunctionalInterface
public interface IterationListener<V extends DistributedVector> {

    /**
     * Called once after each step.
     *
     * @param state (Input) the solver's state after the step; valid during the call only
     */
    void onIteration(IterationState<? extends V> state);
}
