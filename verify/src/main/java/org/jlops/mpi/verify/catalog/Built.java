package org.jlops.mpi.verify.catalog;

import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.ops.DistributedOperator;
import org.jlops.mpi.reference.ops.DenseOperator;

/**
 * An operator built on one communicator, with what the properties need to exercise it.
 *
 * @param op        the distributed operator under test
 * @param reference its EJML reference matrix, built from the operator's definition (never by
 *                  probing {@code op}); the same on every rank
 * @param model     the layouts {@code op.matvec} accepts (length {@code op.cols()})
 * @param data      the layouts {@code op.rmatvec} accepts (length {@code op.rows()})
 */
public record Built(DistributedOperator<DistributedVector> op, DenseOperator reference, Layout model,
        Layout data) {

    /**
     * An operator of either kind with its reference and layouts; the properties drive both kinds
     * through {@link DistributedOperator#general}.
     */
    public static Built of(DistributedOperator<?> op, DenseOperator reference, Layout model, Layout data) {
        return new Built(DistributedOperator.general(op), reference, model, data);
    }

    /** Checks that the layouts and the reference fit the operator. */
    public Built {
        if (model.length() != op.cols() || data.length() != op.rows()) {
            throw new IllegalArgumentException("layouts: model " + model.length() + " / data " + data.length()
                    + " entries, the operator is " + op.rows() + "x" + op.cols());
        }
        if (reference.rows() != op.rows() || reference.cols() != op.cols()) {
            throw new IllegalArgumentException("reference: " + reference.rows() + "x" + reference.cols()
                    + ", the operator is " + op.rows() + "x" + op.cols());
        }
    }
}
