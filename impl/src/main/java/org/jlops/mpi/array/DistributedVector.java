package org.jlops.mpi.array;

import org.jlops.mpi.comm.Communicator;

/**
 * What solvers and operators see of a distributed vector: a {@link DistributedArray}, or a
 * {@link StackedDistributedArray} of them treated as one long vector. Binary operations need
 * operands of the same kind and layout; every method that returns a vector returns a new one
 * unless its name starts with {@code i} (in place).
 *
 * <p>Collective methods must be called by every rank of the communicator, in the same order.
 */
public sealed interface DistributedVector permits DistributedArray, StackedDistributedArray {

    /**
     * The base communicator (for a stack, its first component's). Local.
     *
     * @return the communicator
     */
    Communicator communicator();

    /**
     * Total number of elements over all ranks, each counted once. Local.
     *
     * @return the element count
     */
    long globalSize();

    /**
     * The element type: the array's own, or for a stack the common type of its leaves
     * ({@link DType#promote}). Local.
     *
     * @return the dtype
     */
    DType dtype();

    /**
     * Whether {@code other} has the same layout as this vector: the same kind (plain or stacked,
     * recursively, with as many components), and for every leaf the same dtype, partition, global
     * shape, local shapes of every rank, mask and engine. Two vectors of the same layout can be
     * combined element by element. Local: compares metadata only.
     *
     * @param other (Input) any vector, or null (never the same layout)
     * @return whether the layouts are the same
     */
    boolean sameLayout(DistributedVector other);

    /**
     * A one-line description of the layout for messages, e.g.
     * {@code DistributedArray(FLOAT64, SCATTER, global [10], local [[5], [5]])}. Local.
     *
     * @return the description
     */
    String layout();

    /**
     * A 64-bit fingerprint of {@link #layout()}: equal layouts give equal fingerprints on every
     * rank, so ranks compare layouts by comparing a number (and spell them out only when they
     * differ). Local; cheap after the first call.
     *
     * @return the fingerprint
     */
    long layoutFingerprint();

    /**
     * Whether every leaf lives on {@code comm} (the same communicator object). Local.
     *
     * @param comm the communicator to compare with
     * @return whether every leaf lives on it
     */
    boolean livesOn(Communicator comm);

    /**
     * A deep copy (metadata kept). Local.
     *
     * @return the copy
     */
    DistributedVector copy();

    /**
     * The element-wise complex conjugate (a copy for real dtypes). Local.
     *
     * @return the conjugate, a new vector
     */
    DistributedVector conj();

    /**
     * {@code -this}. Local.
     *
     * @return a new vector
     */
    DistributedVector negate();

    /**
     * A zero-filled vector with the same layout (mask kept). Local.
     *
     * @return a new vector
     */
    DistributedVector zerosLike();

    /**
     * A vector with the same layout, contents unspecified (zero-filled here). Local.
     *
     * @return a new vector
     */
    DistributedVector emptyLike();

    /**
     * {@code this + other}. Local.
     *
     * @param other (Input) a vector of this layout; not modified
     * @return a new vector
     */
    DistributedVector add(DistributedVector other);

    /**
     * {@code this - other}. Local.
     *
     * @param other (Input) a vector of this layout; not modified
     * @return a new vector
     */
    DistributedVector subtract(DistributedVector other);

    /**
     * Element-wise {@code this * other}. Local.
     *
     * @param other (Input) a vector of this layout; not modified
     * @return a new vector
     */
    DistributedVector multiply(DistributedVector other);

    /**
     * {@code s * this}. Local.
     *
     * @param s the factor
     * @return a new vector
     */
    DistributedVector multiply(double s);

    /**
     * {@code (re + i im) * this}; real dtypes keep only the real part of the product. Local.
     *
     * @param re the factor's real part
     * @param im its imaginary part
     * @return a new vector
     */
    DistributedVector multiply(double re, double im);

    /**
     * {@code this += other}, in place; returns {@code this}. Local.
     *
     * @param other (Input) a vector of this layout; not modified
     * @return this vector
     */
    DistributedVector iadd(DistributedVector other);

    /**
     * {@code this -= other}, in place; returns {@code this}. Local.
     *
     * @param other (Input) a vector of this layout; not modified
     * @return this vector
     */
    DistributedVector isub(DistributedVector other);

    // Java additions (not in PyLops-MPI): the same operations without temporaries, for solvers
    // and operators that update vectors in loops.

    /**
     * {@code out = this + other} without allocating; {@code out} may be an operand. Returns out. Local.
     *
     * @param other (Input) a vector of this layout; not modified
     * @param out   (Output) a vector of this layout; overwritten
     * @return {@code out}
     */
    DistributedVector add(DistributedVector other, DistributedVector out);

    /**
     * {@code out = this - other} without allocating; {@code out} may be an operand. Returns out. Local.
     *
     * @param other (Input) a vector of this layout; not modified
     * @param out   (Output) a vector of this layout; overwritten
     * @return {@code out}
     */
    DistributedVector subtract(DistributedVector other, DistributedVector out);

    /**
     * {@code out = (re + i im) * this} without allocating; {@code out} may be this. Returns out. Local.
     *
     * @param re  the factor's real part
     * @param im  its imaginary part
     * @param out (Output) a vector of this layout; overwritten
     * @return {@code out}
     */
    DistributedVector multiply(double re, double im, DistributedVector out);

    /**
     * {@code out = this} without allocating; {@code out} must have this vector's layout. Returns out. Local.
     *
     * @param out (Output) a vector of this layout; overwritten
     * @return {@code out}
     */
    DistributedVector copyTo(DistributedVector out);

    /**
     * {@code this *= (re + i im)} in place; returns this. Local.
     *
     * @param re the factor's real part
     * @param im its imaginary part
     * @return this vector
     */
    DistributedVector imultiply(double re, double im);

    /**
     * {@code this += (re + i im) * x} in one pass (BLAS axpy); returns this. Local.
     *
     * @param re the factor's real part
     * @param im its imaginary part
     * @param x  (Input) a vector of this layout; not modified
     * @return this vector
     */
    DistributedVector iaxpy(double re, double im, DistributedVector x);

    /**
     * {@code this = x + (re + i im) * this} in one pass; returns this. Local.
     *
     * @param re the factor's real part
     * @param im its imaginary part
     * @param x  (Input) a vector of this layout; not modified
     * @return this vector
     */
    DistributedVector iaypx(double re, double im, DistributedVector x);

    /**
     * {@code y += a * this}, then {@code this = x + b * this} (the old {@code this} in both), for
     * real {@code a} and {@code b}: the same bits as {@code y.iaxpy(a, 0, this)} followed by
     * {@code this.iaypx(b, 0, x)}, in one pass over memory where the vector can (a solver's
     * {@code x += a c; c = r + b c}). Local.
     *
     * @param a the factor of the update of {@code y}
     * @param y (Input/Output) a vector of this layout, other than this one and {@code x}; overwritten
     *          with {@code y + a * this}
     * @param b the factor of the update of this vector
     * @param x (Input) a vector of this layout; not modified
     * @return this vector
     */
    default DistributedVector iaxpyAypx(double a, DistributedVector y, double b, DistributedVector x) {
        y.iaxpy(a, 0, this);
        return iaypx(b, 0, x);
    }

    /**
     * The shrinkage step of ISTA and FISTA, with this vector the gradient {@code g = Aᴴ r}:
     * {@code this = T(z + alpha · this, t)} (the thresholded point {@code x⁺}),
     * {@code d = x⁺ − x}, and with {@code extrapolate} FISTA's {@code z = x⁺ + omega d}. The same
     * bits as {@code iaypx(alpha, 0, z)}, {@link ElementMaps#threshold ElementMaps.threshold(kind,
     * this, t, this)}, {@code subtract(x, d)} and (with {@code extrapolate}) {@code d.copyTo(z)},
     * {@code z.iaypx(omega, 0, this)}, in one pass over memory where the vector can (a
     * {@link DistributedArray}: one loop over the four local blocks instead of four loops). Local.
     *
     * <p>When an operand does not match this vector's layout, shares storage where it must not, or
     * {@code t} is no threshold on some rank, every rank throws the same
     * {@link IllegalArgumentException} before anything is written (as {@link #iaxpyAypx}).
     *
     * @param kind        the threshold {@code T}, not null
     * @param t           its parameter: {@code tau >= 0} for the soft and half thresholds, the cut
     *                    {@code t} (not NaN) of the hard one (see {@link ElementMaps})
     * @param alpha       the step size
     * @param z           (Input/Output) the point of the gradient step, a vector of this layout;
     *                    overwritten with {@code x⁺ + omega d} when {@code extrapolate}, else not
     *                    modified (then it may be {@code x})
     * @param x           (Input) the current point, a vector of this layout; not modified
     * @param d           (Output) a vector of this layout, other than this one, {@code z} and
     *                    {@code x}; overwritten with {@code x⁺ − x}
     * @param extrapolate whether {@code z} is overwritten (FISTA) or not (ISTA)
     * @param omega       the factor of the extrapolation (ignored without it)
     * @return this vector, now {@code x⁺}
     */
    default DistributedVector ishrinkStep(ElementMaps.Shrink kind, double t, double alpha, DistributedVector z,
            DistributedVector x, DistributedVector d, boolean extrapolate, double omega) {
        String problem = ElementMaps.shrinkStepProblem(this, kind, t, z, x, d, extrapolate);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        iaypx(alpha, 0, z);                                                   // x_u = z + alpha g
        ElementMaps.threshold(kind, this, t, this);                           // x⁺ = T(x_u)
        subtract(x, d);                                                       // d = x⁺ − x
        if (extrapolate) {
            d.copyTo(z);
            z.iaypx(omega, 0, this);                                          // z⁺ = x⁺ + omega d
        }
        return this;
    }

    /**
     * {@code this += (re + i im) * x}, then {@code |this . conj(this)|} (the squared 2-norm): the
     * same result, bit for bit, as {@link #iaxpy iaxpy(re, im, x)} followed by
     * {@code dot(this, true).abs()}, in one pass over memory where the vector can (a solver's
     * {@code r -= a q; ||r||^2}). Collective.
     *
     * <p>When {@code x} does not match this vector's layout on some rank, every rank throws before
     * anything is written, as {@link #iaxpy} does.
     *
     * @param re the factor's real part
     * @param im its imaginary part
     * @param x  (Input) a vector of this layout; not modified
     * @return the squared 2-norm of the updated vector, the same on every rank
     */
    default double iaxpyDot(double re, double im, DistributedVector x) {
        iaxpy(re, im, x);
        return dot(this, true).abs();
    }

    /**
     * The dot product {@code sum x_i y_i} ({@code vdot}: {@code sum conj(x_i) y_i}). Collective.
     *
     * @param other (Input) a vector of this layout; not modified
     * @param vdot  whether to conjugate this vector first
     * @return the dot product, the same on every rank
     */
    Complex dot(DistributedVector other, boolean vdot);

    /**
     * {@code dot(other, false)}: no conjugation, as NumPy's {@code dot}. Collective.
     *
     * @param other (Input) a vector of this layout; not modified
     * @return the dot product, the same on every rank
     */
    default Complex dot(DistributedVector other) {
        return dot(other, false);
    }

    /**
     * The vector norm of all elements for {@code ord} (0, 1, 2, &plusmn;inf, any other p). Collective.
     *
     * @param ord the order, not NaN
     * @return the norm, the same on every rank
     */
    double norm(double ord);

    /**
     * The 2-norm of all elements. Collective.
     *
     * @return the norm, the same on every rank
     */
    default double norm() {
        return norm(2);
    }

    /**
     * The whole vector on every rank (a stack: its components' arrays raveled and joined). Collective.
     *
     * @return a new host array
     */
    NdArray asArray();
}
