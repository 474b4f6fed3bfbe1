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

    /**
     * {@code out = A x}, written into {@code out}, which must have the layout {@link #matvec}
     * returns for this {@code x} (for example an earlier result). The default computes a new
     * vector and copies it; operators that can write their output directly override this, so
     * loops that apply an operator many times (the solvers) allocate nothing per product.
     *
     * @param x   (Input) a model vector; not modified
     * @param out (Output) overwritten; must not share storage with {@code x}
     * @return {@code out}
     * @throws IllegalArgumentException naming the argument when {@code x} or {@code out} does not fit
     */
    default DistributedVector matvec(DistributedVector x, DistributedVector out) {
        return matvec(x).multiply(1.0, 0.0, out);
    }

    /**
     * {@code out = A^H y}, written into {@code out}; see {@link #matvec(DistributedVector, DistributedVector)}.
     *
     * @param y   (Input) a data vector; not modified
     * @param out (Output) overwritten; must not share storage with {@code y}
     * @return {@code out}
     * @throws IllegalArgumentException naming the argument when {@code y} or {@code out} does not fit
     */
    default DistributedVector rmatvec(DistributedVector y, DistributedVector out) {
        return rmatvec(y).multiply(1.0, 0.0, out);
    }
}
