package org.jlops.mpi.ops;

import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedVector;
import org.jlops.mpi.comm.Communicator;

/**
 * A distributed linear operator on vectors of type {@code V}: its shape, model and data
 * dimensions, element type and communicator, the forward and adjoint products, and the operator
 * algebra. The one contract solvers, the dot-test and the verification suites program against.
 *
 * <p>Two kinds implement it: {@link MPILinearOperator} on 1-d {@code DistributedArray}s
 * ({@code V = DistributedArray}) and {@link MPIStackedLinearOperator} on stacked vectors
 * ({@code V = DistributedVector}: a {@code StackedDistributedArray}, or a plain 1-d array where an
 * operator accepts one). The algebra keeps the kind: the adjoint of an {@code MPILinearOperator}
 * is an {@code MPILinearOperator}, and operators of different kinds cannot be added or composed.
 *
 * <table>
 * <caption>Operator algebra</caption>
 * <tr><th>PyLops-MPI</th><th>here</th><th>forward</th><th>adjoint</th></tr>
 * <tr><td>{@code A.H}</td><td>{@link #adjoint()}</td><td>A<sup>H</sup>y</td><td>A x</td></tr>
 * <tr><td>{@code A.T}</td><td>{@link #transpose()}</td><td>conj(A<sup>H</sup> conj(x))</td><td>conj(A conj(y))</td></tr>
 * <tr><td>{@code A.conj()}</td><td>{@link #conj()}</td><td>conj(A conj(x))</td><td>conj(A<sup>H</sup> conj(y))</td></tr>
 * <tr><td>{@code A + B}, {@code A - B}</td><td>{@link #plus}, {@link #minus}</td><td>A x ± B x</td><td>A<sup>H</sup>y ± B<sup>H</sup>y</td></tr>
 * <tr><td>{@code -A}, {@code s * A}</td><td>{@link #negate()}, {@link #times(double)}, {@link #times(double, double)}</td><td>s A x</td><td>conj(s) A<sup>H</sup>y</td></tr>
 * <tr><td>{@code A * B}, {@code A @ B}</td><td>{@link #times(DistributedOperator)}</td><td>A(B x)</td><td>B<sup>H</sup>(A<sup>H</sup>y)</td></tr>
 * <tr><td>{@code A ** p}</td><td>{@link #power(int)}</td><td>A<sup>p</sup>x</td><td>(A<sup>H</sup>)<sup>p</sup>y</td></tr>
 * </table>
 *
 * <p>Every product is collective over the operator's communicator; the algebra is local (it
 * builds a new operator that re-routes calls to its operands, nothing is computed).
 *
 * @param <V> the vectors the operator's products take and return
 */
public sealed interface DistributedOperator<V extends DistributedVector> permits AbstractDistributedOperator {

    /**
     * {@code op} seen as an operator on any {@link DistributedVector}, for code that handles both
     * kinds alike (harnesses, benchmarks, generic helpers). Nothing is wrapped: a plain operator
     * given a stacked vector rejects it with its own message, and the algebra still refuses to
     * combine operators of different kinds. Local.
     *
     * @param op an operator of either kind
     * @return {@code op} itself
     */
    @SuppressWarnings("unchecked")
    static DistributedOperator<DistributedVector> general(DistributedOperator<?> op) {
        return (DistributedOperator<DistributedVector>) op;
    }

    /**
     * Number of rows M: the global length of the data vector. Local.
     *
     * @return the number of rows
     */
    long rows();

    /**
     * Number of columns N: the global length of the model vector. Local.
     *
     * @return the number of columns
     */
    long cols();

    /**
     * {@code {rows(), cols()}}. Local.
     *
     * @return {@code {rows(), cols()}}
     */
    default long[] shape() {
        return new long[] {rows(), cols()};
    }

    /**
     * The n-d shape of the model (its product is {@link #cols()}); a copy. Local.
     *
     * @return a copy of the model shape
     */
    long[] dims();

    /**
     * The n-d shape of the data (its product is {@link #rows()}); a copy. Local.
     *
     * @return a copy of the data shape
     */
    long[] dimsd();

    /**
     * The operator's element type (the type of its outputs). Local.
     *
     * @return the dtype
     */
    DType dtype();

    /**
     * The communicator the operator's products run on. Local.
     *
     * @return the communicator
     */
    Communicator communicator();

    /**
     * The forward product {@code y = A x}. Collective.
     *
     * @param x (Input) a model vector of global length {@link #cols()}; not modified
     * @return a new data vector
     * @throws IllegalArgumentException on every rank, naming the argument, when {@code x} does not fit
     */
    V matvec(V x);

    /**
     * The adjoint product {@code x = A^H y}. Collective.
     *
     * @param y (Input) a data vector of global length {@link #rows()}; not modified
     * @return a new model vector
     * @throws IllegalArgumentException on every rank, naming the argument, when {@code y} does not fit
     */
    V rmatvec(V y);

    /**
     * {@code out = A x}, written into {@code out}, which must have the layout {@link #matvec}
     * returns for this {@code x} (for example an earlier result). Operators that can write their
     * output directly do so; the others compute a new vector and copy it. Loops that apply an
     * operator many times (the solvers) allocate nothing per product this way. Collective.
     *
     * @param x   (Input) a model vector; not modified
     * @param out (Output) overwritten; must not share storage with {@code x}
     * @return {@code out}
     * @throws IllegalArgumentException on every rank, naming the argument, when {@code x} or
     *                                  {@code out} does not fit (nothing is written then)
     */
    V matvec(V x, V out);

    /**
     * {@code out = A^H y}, written into {@code out}; see {@link #matvec(DistributedVector, DistributedVector)}.
     * Collective.
     *
     * @param y   (Input) a data vector; not modified
     * @param out (Output) overwritten; must not share storage with {@code y}
     * @return {@code out}
     * @throws IllegalArgumentException on every rank, naming the argument, when {@code y} or
     *                                  {@code out} does not fit (nothing is written then)
     */
    V rmatvec(V y, V out);

    /**
     * {@code out = A x} and its squared norm {@code Re(out . conj(out))}: the same bits as
     * {@link #matvec(DistributedVector, DistributedVector) matvec(x, out)} followed by
     * {@code out.dot(out, true).re()}. Operators that write their output a few rows at a time (the
     * derivatives) sum each piece while it is in cache, so the norm costs no pass over memory of
     * its own; the others compute the product, then the norm. The solvers' {@code q = A c; q . q}.
     * Collective.
     *
     * @param x   (Input) a model vector; not modified
     * @param out (Output) overwritten; must not share storage with {@code x}
     * @return the squared 2-norm of {@code out}, the same on every rank
     * @throws IllegalArgumentException on every rank, naming the argument, when {@code x} or
     *                                  {@code out} does not fit (nothing is written then)
     */
    double matvecNormSquared(V x, V out);

    /**
     * {@code out = A^H y} and its squared norm; see
     * {@link #matvecNormSquared(DistributedVector, DistributedVector)}. Collective.
     *
     * @param y   (Input) a data vector; not modified
     * @param out (Output) overwritten; must not share storage with {@code y}
     * @return the squared 2-norm of {@code out}, the same on every rank
     * @throws IllegalArgumentException on every rank, naming the argument, when {@code y} or
     *                                  {@code out} does not fit (nothing is written then)
     */
    double rmatvecNormSquared(V y, V out);

    /**
     * The adjoint {@code A^H} (PyLops-MPI's {@code A.H}). Local.
     *
     * @return the adjoint, a view
     */
    DistributedOperator<V> adjoint();

    /**
     * The transpose {@code A^T} (PyLops-MPI's {@code A.T}). Local.
     *
     * @return the transpose, a view
     */
    DistributedOperator<V> transpose();

    /**
     * The element-wise conjugate operator {@code conj(A)}. Local.
     *
     * @return the conjugate, a view
     */
    DistributedOperator<V> conj();

    /**
     * {@code A + B}. Local.
     *
     * @param other an operator of the same kind and shape
     * @return the sum, a view
     * @throws IllegalArgumentException naming {@code other} when it does not fit
     */
    DistributedOperator<V> plus(DistributedOperator<V> other);

    /**
     * {@code A - B}. Local.
     *
     * @param other an operator of the same kind and shape
     * @return the difference, a view
     * @throws IllegalArgumentException naming {@code other} when it does not fit
     */
    DistributedOperator<V> minus(DistributedOperator<V> other);

    /**
     * {@code -A}. Local.
     *
     * @return the negation, a view
     */
    DistributedOperator<V> negate();

    /**
     * {@code s A} for a real scalar; the dtype is unchanged. Local.
     *
     * @param s the factor
     * @return the scaled operator, a view
     */
    DistributedOperator<V> times(double s);

    /**
     * {@code s A} for the complex scalar {@code s = re + i im}; the result is complex. Local.
     *
     * @param re the factor's real part
     * @param im its imaginary part
     * @return the scaled operator, a view
     */
    DistributedOperator<V> times(double re, double im);

    /**
     * The product {@code A B} ({@code B} is applied first); {@code A.cols() == B.rows()}. The
     * result's dtype is the common type of both. Local.
     *
     * @param other the operator applied first, of the same kind
     * @return the product, a view
     * @throws IllegalArgumentException naming {@code other} when the shapes do not chain
     */
    DistributedOperator<V> times(DistributedOperator<V> other);

    /**
     * {@code A^p} for a square operator and {@code p >= 0} ({@code A^0} copies its input). Local.
     *
     * @param p the exponent, at least 0
     * @return the power, a view
     * @throws IllegalArgumentException naming {@code p} for a negative power or a non-square operator
     */
    DistributedOperator<V> power(int p);
}
