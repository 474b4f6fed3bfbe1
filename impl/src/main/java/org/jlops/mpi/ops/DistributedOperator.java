package org.jlops.mpi.ops;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.Communicator;

/**
 * What solvers and the dot-test need of a distributed linear operator: its shape, its model and
 * data dimensions, its element type, and the forward and adjoint products on distributed vectors
 * (plain or stacked). Implemented by {@link MPILinearOperator} and {@link MPIStackedLinearOperator}.
 *
 * <p>Every call of {@link #matvec(DistributedVector)} and {@link #rmatvec(DistributedVector)} is
 * collective over the operator's communicator.
 */
public interface DistributedOperator {

    /** Number of rows M: the global length of the data vector. */
    long rows();

    /** Number of columns N: the global length of the model vector. */
    long cols();

    /** {@code {rows(), cols()}}. */
    default long[] shape() {
        return new long[] {rows(), cols()};
    }

    /** The n-d shape of the model (its product is {@link #cols()}); a copy. */
    long[] dims();

    /** The n-d shape of the data (its product is {@link #rows()}); a copy. */
    long[] dimsd();

    /** The operator's element type (the type of its outputs). */
    DType dtype();

    /** The communicator the operator's products run on. */
    Communicator communicator();

    /**
     * The forward product {@code y = A x}.
     *
     * @param x (Input) a model vector of global length {@link #cols()}; not modified
     * @return a new data vector
     * @throws IllegalArgumentException naming the argument when {@code x} does not fit the operator
     */
    DistributedVector matvec(DistributedVector x);

    /**
     * The adjoint product {@code x = A^H y}.
     *
     * @param y (Input) a data vector of global length {@link #rows()}; not modified
     * @return a new model vector
     * @throws IllegalArgumentException naming the argument when {@code y} does not fit the operator
     */
    DistributedVector rmatvec(DistributedVector y);
}
