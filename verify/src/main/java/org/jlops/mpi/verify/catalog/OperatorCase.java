package org.jlops.mpi.verify.catalog;

import java.util.SplittableRandom;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.comm.Communicator;

/**
 * One drawn instance of an operator subject: global parameters that do not depend on the rank
 * count (dimensions, dtype, coefficients, the global list of blocks), and the way to build it on
 * any communicator (how blocks are assigned to ranks, chosen from a random source). Building the
 * same case on different communicators gives the same global operator: that is what partition
 * invariance compares.
 */
public interface OperatorCase {

    /** The parameters, for reports. */
    String describe();

    /** The operator's dtype. */
    DType dtype();

    /**
     * Builds the operator on {@code comm}. Collective.
     *
     * @param comm the communicator
     * @param r    (Modified) chooses the rank-dependent layout (e.g. which rank holds which block),
     *             in the same state on every rank
     * @return the operator with its reference and layouts
     */
    Built build(Communicator comm, SplittableRandom r);

    /** The factory part of a case. */
    @FunctionalInterface
    interface Factory {
        /**
         * Builds the operator; see {@link OperatorCase#build}.
         *
         * @param comm the communicator
         * @param r    (Modified) chooses the rank-dependent layout
         * @return the built operator
         */
        Built build(Communicator comm, SplittableRandom r);
    }

    /**
     * A case from its description, dtype and factory.
     *
     * @param description the parameters
     * @param dtype       the dtype
     * @param factory     builds the operator
     * @return the case
     */
    static OperatorCase of(String description, DType dtype, Factory factory) {
        return new OperatorCase() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public DType dtype() {
                return dtype;
            }

            @Override
            public Built build(Communicator comm, SplittableRandom r) {
                return factory.build(comm, r);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
