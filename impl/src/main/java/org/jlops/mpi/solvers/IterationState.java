package org.jlops.mpi.solvers;

import org.jlops.mpi.array.DistributedVector;

/**
 * What a callback sees of an iterative solver after a step: a read-only view. Nothing returned
 * aliases the solver's own vectors.
 *
 * @param <V> the solver's vector type
 */
public interface IterationState<V extends DistributedVector> {

    /**
     * The number of steps done so far ({@code iiter}). Local.
     *
     * @return the number of steps done so far ({@code iiter})
     */
    int iteration();

    /**
     * The latest entry of the cost history ({@code ‖r‖} for CG, {@code ‖y − A x‖} for CGLS). Local.
     *
     * @return the latest entry of the cost history ({@code ‖r‖} for CG, {@code ‖y − A x‖} for CGLS)
     */
    double cost();

    /**
     * The cost history, initial value included ({@link #iteration()} + 1 entries); a copy. Local.
     *
     * @return the cost history, initial value included ({@link #iteration()} + 1 entries)
     */
    double[] costHistory();

    /**
     * A copy of the current estimate {@code x}. Local (a copy of this rank's block).
     *
     * @return a copy of the current estimate {@code x}
     */
    V x();
}
