package org.jlops.mpi.solvers;

/**
 * A user hook called by {@code run} after every step of an iterative solver (PyLops-MPI's
 * {@code callback(x)}), on every rank. It must not call collectives unless every rank does the
 * same; it cannot change the solver's state.
 */
@FunctionalInterface
public interface IterationListener {

    /**
     * Called once after each step.
     *
     * @param state (Input) the solver's state after the step; valid during the call only
     */
    void onIteration(IterationState state);
}
