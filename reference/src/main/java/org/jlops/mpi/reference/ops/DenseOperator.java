package org.jlops.mpi.reference.ops;

import java.util.Arrays;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_ZDRM;

/**
 * A linear operator held as a dense EJML matrix: real ({@link DMatrixRMaj}, float64) or complex
 * ({@link ZMatrixRMaj}, complex128), with the n-d shapes of its model ({@code dims}) and data
 * ({@code dimsd}) in row-major order.
 *
 * <p><b>Notes.</b> An operator of {@code rows × cols} carries two matrices:
 * <ul>
 *   <li>the forward matrix {@code A} ({@code rows × cols}): {@code matvec(x) = A·x};</li>
 *   <li>the adjoint map {@code B} ({@code cols × rows}): {@code rmatvec(y) = B·y}.</li>
 * </ul>
 * For every operator built from one matrix, {@code B = Aᴴ} (the conjugate transpose) and
 * {@link #isAdjointConsistent()} is {@code true}. The adjoint map is stored separately only to
 * model operators whose "adjoint" is not the mathematical one, as PyLops-MPI's {@code MPIHalo}
 * (forward: halo exchange, adjoint: crop; SPEC §5.7). The algebra propagates both maps exactly
 * as an operator library composes {@code matvec}/{@code rmatvec}:
 * <ul>
 *   <li>{@code (P·Q)}: forward {@code A_P·A_Q}, adjoint map {@code B_Q·B_P};</li>
 *   <li>{@code P + Q}: forward {@code A_P + A_Q}, adjoint map {@code B_P + B_Q};</li>
 *   <li>{@code α·P}: forward {@code α·A_P}, adjoint map {@code conj(α)·B_P};</li>
 *   <li>{@code Pᴴ}: forward {@code B_P}, adjoint map {@code A_P} (dims and dimsd swapped);</li>
 *   <li>{@code conj(P)}: forward {@code conj(A_P)}, adjoint map {@code conj(B_P)}, i.e.
 *       {@code x ↦ conj(P·conj(x))};</li>
 *   <li>{@code Pᵀ = conj(Pᴴ)}: forward {@code conj(B_P)}, i.e. {@code x ↦ conj(Pᴴ·conj(x))}.</li>
 * </ul>
 *
 * <p><b>Data layout.</b> Vectors are {@code double[]}: real vectors hold one value per element,
 * complex vectors are interleaved {@code (re, im)} pairs (the EJML and JTransforms layout), so a
 * complex vector of {@code n} elements has length {@code 2n}. {@link #matvec}/{@link #rmatvec}
 * take and return data in the operator's own type; {@link #matvecComplex}/{@link #rmatvecComplex}
 * take and return complex data for either type (a real operator acts on real and imaginary parts
 * separately).
 *
 * <p>Instances are immutable: the factories copy the matrices they are given and the accessors
 * return copies. Mixing a real and a complex operator in the algebra gives a complex operator.
 * Dense storage costs {@code rows·cols} doubles (twice for the adjoint map, twice again for
 * complex): the reference is meant for verification sizes (up to a few thousand unknowns).
 */
public final class DenseOperator {

    private final DMatrixRMaj forwardReal;    // null when complex
    private final DMatrixRMaj adjointReal;    // null when complex
    private final ZMatrixRMaj forwardComplex; // null when real
    private final ZMatrixRMaj adjointComplex; // null when real
    private final long[] dims;
    private final long[] dimsd;
    private final boolean adjointConsistent;

    private DenseOperator(DMatrixRMaj forwardReal, DMatrixRMaj adjointReal, ZMatrixRMaj forwardComplex,
            ZMatrixRMaj adjointComplex, long[] dims, long[] dimsd, boolean adjointConsistent) {
        this.forwardReal = forwardReal;
        this.adjointReal = adjointReal;
        this.forwardComplex = forwardComplex;
        this.adjointComplex = adjointComplex;
        this.dims = dims;
        this.dimsd = dimsd;
        this.adjointConsistent = adjointConsistent;
    }

    // ------------------------------------------------------------------ factories

    /**
     * A real operator {@code x ↦ A·x} with adjoint {@code Aᵀ}, model shape {@code (cols,)} and data
     * shape {@code (rows,)}.
     *
     * @param a (Input) the forward matrix. Not modified (copied).
     * @return the operator
     */
    public static DenseOperator of(DMatrixRMaj a) {
        Objects.requireNonNull(a, "a");
        return of(a, new long[] {a.numCols}, new long[] {a.numRows});
    }

    /**
     * A real operator {@code x ↦ A·x} with adjoint {@code Aᵀ} and the given n-d shapes.
     *
     * @param a     (Input) the forward matrix. Not modified (copied).
     * @param dims  (Input) model shape; its product must equal {@code a.numCols}. Not modified.
     * @param dimsd (Input) data shape; its product must equal {@code a.numRows}. Not modified.
     * @return the operator
     * @throws IllegalArgumentException if a shape does not match the matrix
     */
    public static DenseOperator of(DMatrixRMaj a, long[] dims, long[] dimsd) {
        Objects.requireNonNull(a, "a");
        checkShapes(a.numRows, a.numCols, dims, dimsd);
        return new DenseOperator(a.copy(), CommonOps_DDRM.transpose(a, null), null, null, dims.clone(),
                dimsd.clone(), true);
    }

    /**
     * A complex operator {@code x ↦ A·x} with adjoint {@code Aᴴ}, model shape {@code (cols,)} and
     * data shape {@code (rows,)}.
     *
     * @param a (Input) the forward matrix. Not modified (copied).
     * @return the operator
     */
    public static DenseOperator of(ZMatrixRMaj a) {
        Objects.requireNonNull(a, "a");
        return of(a, new long[] {a.numCols}, new long[] {a.numRows});
    }

    /**
     * A complex operator {@code x ↦ A·x} with adjoint {@code Aᴴ} and the given n-d shapes.
     *
     * @param a     (Input) the forward matrix. Not modified (copied).
     * @param dims  (Input) model shape; its product must equal {@code a.numCols}. Not modified.
     * @param dimsd (Input) data shape; its product must equal {@code a.numRows}. Not modified.
     * @return the operator
     * @throws IllegalArgumentException if a shape does not match the matrix
     */
    public static DenseOperator of(ZMatrixRMaj a, long[] dims, long[] dimsd) {
        Objects.requireNonNull(a, "a");
        checkShapes(a.numRows, a.numCols, dims, dimsd);
        return new DenseOperator(null, null, a.copy(), CommonOps_ZDRM.transposeConjugate(a, null), dims.clone(),
                dimsd.clone(), true);
    }

    /**
     * A real operator whose adjoint map is given explicitly rather than derived: {@code matvec = A·x},
     * {@code rmatvec = B·y}. Use it only for operators whose library adjoint is not the
     * mathematical adjoint (PyLops-MPI's {@code MPIHalo}); the result reports
     * {@link #isAdjointConsistent()} {@code false}.
     *
     * @param forward    (Input) {@code A}, {@code rows × cols}. Not modified (copied).
     * @param adjointMap (Input) {@code B}, {@code cols × rows}. Not modified (copied).
     * @param dims       (Input) model shape, product {@code cols}. Not modified.
     * @param dimsd      (Input) data shape, product {@code rows}. Not modified.
     * @return the operator
     * @throws IllegalArgumentException if the shapes do not match
     */
    public static DenseOperator withAdjointMap(DMatrixRMaj forward, DMatrixRMaj adjointMap, long[] dims,
            long[] dimsd) {
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(adjointMap, "adjointMap");
        checkShapes(forward.numRows, forward.numCols, dims, dimsd);
        checkAdjointShape(forward.numRows, forward.numCols, adjointMap.numRows, adjointMap.numCols);
        return new DenseOperator(forward.copy(), adjointMap.copy(), null, null, dims.clone(), dimsd.clone(), false);
    }

    /**
     * The complex counterpart of {@link #withAdjointMap(DMatrixRMaj, DMatrixRMaj, long[], long[])}.
     *
     * @param forward    (Input) {@code A}, {@code rows × cols}. Not modified (copied).
     * @param adjointMap (Input) {@code B}, {@code cols × rows}. Not modified (copied).
     * @param dims       (Input) model shape, product {@code cols}. Not modified.
     * @param dimsd      (Input) data shape, product {@code rows}. Not modified.
     * @return the operator
     * @throws IllegalArgumentException if the shapes do not match
     */
    public static DenseOperator withAdjointMap(ZMatrixRMaj forward, ZMatrixRMaj adjointMap, long[] dims,
            long[] dimsd) {
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(adjointMap, "adjointMap");
        checkShapes(forward.numRows, forward.numCols, dims, dimsd);
        checkAdjointShape(forward.numRows, forward.numCols, adjointMap.numRows, adjointMap.numCols);
        return new DenseOperator(null, null, forward.copy(), adjointMap.copy(), dims.clone(), dimsd.clone(), false);
    }

    // ------------------------------------------------------------------ properties

    /**
     * Returns the number of rows (data length, product of {@link #dimsd()}).
     *
     * @return the number of rows (data length, product of {@link #dimsd()})
     */
    public int rows() {
        return forwardReal != null ? forwardReal.numRows : forwardComplex.numRows;
    }

    /**
     * Returns the number of columns (model length, product of {@link #dims()}).
     *
     * @return the number of columns (model length, product of {@link #dims()})
     */
    public int cols() {
        return forwardReal != null ? forwardReal.numCols : forwardComplex.numCols;
    }

    /**
     * Returns a copy of the model shape (row-major).
     *
     * @return a copy of the model shape (row-major)
     */
    public long[] dims() {
        return dims.clone();
    }

    /**
     * Returns a copy of the data shape (row-major).
     *
     * @return a copy of the data shape (row-major)
     */
    public long[] dimsd() {
        return dimsd.clone();
    }

    /**
     * Returns {@code true} for a complex128 operator, {@code false} for a float64 one.
     *
     * @return {@code true} for a complex128 operator, {@code false} for a float64 one
     */
    public boolean isComplex() {
        return forwardComplex != null;
    }

    /**
     * Whether the adjoint map is {@code Aᴴ} by construction.
     *
     * @return {@code true} when the adjoint map is the conjugate transpose of the forward matrix by
     *     construction (every operator except those built with {@code withAdjointMap}, and the
     *     algebra of them)
     */
    public boolean isAdjointConsistent() {
        return adjointConsistent;
    }

    /**
     * The forward matrix of a real operator.
     *
     * @return a copy of the forward matrix of a real operator
     * @throws IllegalStateException if the operator is complex (use {@link #complexMatrix()})
     */
    public DMatrixRMaj realMatrix() {
        requireReal();
        return forwardReal.copy();
    }

    /**
     * Returns a copy of the forward matrix as complex (a real operator is promoted).
     *
     * @return a copy of the forward matrix as complex (a real operator is promoted)
     */
    public ZMatrixRMaj complexMatrix() {
        return forwardComplex != null ? forwardComplex.copy() : promote(forwardReal);
    }

    /**
     * The adjoint map of a real operator.
     *
     * @return a copy of the adjoint map of a real operator ({@code Aᵀ} when adjoint-consistent)
     * @throws IllegalStateException if the operator is complex
     */
    public DMatrixRMaj realAdjointMatrix() {
        requireReal();
        return adjointReal.copy();
    }

    /**
     * Returns a copy of the adjoint map as complex ({@code Aᴴ} when adjoint-consistent).
     *
     * @return a copy of the adjoint map as complex ({@code Aᴴ} when adjoint-consistent)
     */
    public ZMatrixRMaj complexAdjointMatrix() {
        return adjointComplex != null ? adjointComplex.copy() : promote(adjointReal);
    }

    // ------------------------------------------------------------------ application

    /**
     * Forward {@code y = A·x} in the operator's type.
     *
     * @param x (Input) model vector: {@code cols} values (real operator) or {@code 2·cols}
     *          interleaved values (complex operator). Not modified.
     * @return a new data vector of the same kind
     * @throws IllegalArgumentException if {@code x} has the wrong length
     */
    public double[] matvec(double[] x) {
        return forwardReal != null ? multReal(forwardReal, x, "x") : multComplex(forwardComplex, x, "x");
    }

    /**
     * Adjoint {@code x = B·y} (= {@code Aᴴ·y} when adjoint-consistent) in the operator's type.
     *
     * @param y (Input) data vector: {@code rows} values (real operator) or {@code 2·rows}
     *          interleaved values (complex operator). Not modified.
     * @return a new model vector of the same kind
     * @throws IllegalArgumentException if {@code y} has the wrong length
     */
    public double[] rmatvec(double[] y) {
        return adjointReal != null ? multReal(adjointReal, y, "y") : multComplex(adjointComplex, y, "y");
    }

    /**
     * Forward {@code y = A·x} on complex data, for a real or complex operator.
     *
     * @param x (Input) interleaved model vector of length {@code 2·cols}. Not modified.
     * @return a new interleaved data vector of length {@code 2·rows}
     * @throws IllegalArgumentException if {@code x} has the wrong length
     */
    public double[] matvecComplex(double[] x) {
        return forwardReal != null ? multRealOnComplex(forwardReal, x, "x") : multComplex(forwardComplex, x, "x");
    }

    /**
     * Adjoint {@code x = B·y} on complex data, for a real or complex operator.
     *
     * @param y (Input) interleaved data vector of length {@code 2·rows}. Not modified.
     * @return a new interleaved model vector of length {@code 2·cols}
     * @throws IllegalArgumentException if {@code y} has the wrong length
     */
    public double[] rmatvecComplex(double[] y) {
        return adjointReal != null ? multRealOnComplex(adjointReal, y, "y") : multComplex(adjointComplex, y, "y");
    }

    // ------------------------------------------------------------------ algebra

    /**
     * Returns {@code Aᴴ}: forward and adjoint maps swapped, {@code dims} and {@code dimsd} swapped.
     *
     * @return {@code Aᴴ}: forward and adjoint maps swapped, {@code dims} and {@code dimsd} swapped
     */
    public DenseOperator adjoint() {
        return new DenseOperator(adjointReal, forwardReal, adjointComplex, forwardComplex, dimsd, dims,
                adjointConsistent);
    }

    /**
     * Returns {@code conj(A)}: {@code x ↦ conj(A·conj(x))}; a real operator is its own conjugate.
     *
     * @return {@code conj(A)}: {@code x ↦ conj(A·conj(x))}; a real operator is its own conjugate
     */
    public DenseOperator conj() {
        if (forwardReal != null) {
            return this;
        }
        ZMatrixRMaj f = new ZMatrixRMaj(forwardComplex.numRows, forwardComplex.numCols);
        ZMatrixRMaj b = new ZMatrixRMaj(adjointComplex.numRows, adjointComplex.numCols);
        CommonOps_ZDRM.conjugate(forwardComplex, f);
        CommonOps_ZDRM.conjugate(adjointComplex, b);
        return new DenseOperator(null, null, f, b, dims, dimsd, adjointConsistent);
    }

    /**
     * Returns {@code Aᵀ = conj(Aᴴ)}: {@code y ↦ conj(Aᴴ·conj(y))}; dims and dimsd swapped.
     *
     * @return {@code Aᵀ = conj(Aᴴ)}: {@code y ↦ conj(Aᴴ·conj(y))}; dims and dimsd swapped
     */
    public DenseOperator transpose() {
        return adjoint().conj();
    }

    /**
     * The composition {@code this · right}: {@code x ↦ A_this·(A_right·x)}, adjoint map
     * {@code B_right·B_this}. Model shape of {@code right}, data shape of {@code this}.
     *
     * @param right (Input) the operator applied first. Not modified.
     * @return the product operator
     * @throws IllegalArgumentException if {@code right.rows() != this.cols()}
     */
    public DenseOperator compose(DenseOperator right) {
        Objects.requireNonNull(right, "right");
        if (right.rows() != cols()) {
            throw new IllegalArgumentException("right: " + right.rows() + " rows, expected " + cols()
                    + " (the columns of the left operator " + shapeString() + ")");
        }
        boolean consistent = adjointConsistent && right.adjointConsistent;
        if (forwardReal != null && right.forwardReal != null) {
            return new DenseOperator(CommonOps_DDRM.mult(forwardReal, right.forwardReal, null),
                    CommonOps_DDRM.mult(right.adjointReal, adjointReal, null), null, null, right.dims, dimsd, consistent);
        }
        ZMatrixRMaj f = new ZMatrixRMaj(rows(), right.cols());
        ZMatrixRMaj b = new ZMatrixRMaj(right.cols(), rows());
        CommonOps_ZDRM.mult(complexForward(), right.complexForward(), f);
        CommonOps_ZDRM.mult(right.complexAdjoint(), complexAdjoint(), b);
        return new DenseOperator(null, null, f, b, right.dims, dimsd, consistent);
    }

    /**
     * The sum {@code this + other} (forward and adjoint maps added). Shapes of {@code this}.
     *
     * @param other (Input) an operator with the same number of rows and columns. Not modified.
     * @return the sum operator
     * @throws IllegalArgumentException if the matrix shapes differ
     */
    public DenseOperator plus(DenseOperator other) {
        Objects.requireNonNull(other, "other");
        if (other.rows() != rows() || other.cols() != cols()) {
            throw new IllegalArgumentException("other: shape " + other.shapeString() + ", expected " + shapeString());
        }
        boolean consistent = adjointConsistent && other.adjointConsistent;
        if (forwardReal != null && other.forwardReal != null) {
            return new DenseOperator(CommonOps_DDRM.add(forwardReal, other.forwardReal, null),
                    CommonOps_DDRM.add(adjointReal, other.adjointReal, null), null, null, dims, dimsd, consistent);
        }
        ZMatrixRMaj f = new ZMatrixRMaj(rows(), cols());
        ZMatrixRMaj b = new ZMatrixRMaj(cols(), rows());
        CommonOps_ZDRM.add(complexForward(), other.complexForward(), f);
        CommonOps_ZDRM.add(complexAdjoint(), other.complexAdjoint(), b);
        return new DenseOperator(null, null, f, b, dims, dimsd, consistent);
    }

    /**
     * The difference {@code this − other}.
     *
     * @param other (Input) an operator with the same number of rows and columns. Not modified.
     * @return {@code this + (−1)·other}
     * @throws IllegalArgumentException if the matrix shapes differ
     */
    public DenseOperator minus(DenseOperator other) {
        Objects.requireNonNull(other, "other");
        return plus(other.negate());
    }

    /**
     * Returns {@code −A}.
     *
     * @return {@code −A}
     */
    public DenseOperator negate() {
        return times(-1.0);
    }

    /**
     * Real scaling {@code α·A} (adjoint map {@code α·B}).
     *
     * @param alpha the real factor
     * @return the scaled operator, of the same type
     */
    public DenseOperator times(double alpha) {
        if (forwardReal != null) {
            DMatrixRMaj f = forwardReal.copy();
            DMatrixRMaj b = adjointReal.copy();
            CommonOps_DDRM.scale(alpha, f);
            CommonOps_DDRM.scale(alpha, b);
            return new DenseOperator(f, b, null, null, dims, dimsd, adjointConsistent);
        }
        return times(alpha, 0.0);
    }

    /**
     * Complex scaling {@code α·A} with {@code α = re + i·im}; the adjoint map becomes
     * {@code conj(α)·B}. A real operator stays real when {@code im == 0}.
     *
     * @param re real part of α
     * @param im imaginary part of α
     * @return the scaled operator
     */
    public DenseOperator times(double re, double im) {
        if (forwardReal != null && im == 0.0) {
            return times(re);
        }
        ZMatrixRMaj f = complexForward().copy();
        ZMatrixRMaj b = complexAdjoint().copy();
        CommonOps_ZDRM.scale(re, im, f);
        CommonOps_ZDRM.scale(re, -im, b);
        return new DenseOperator(null, null, f, b, dims, dimsd, adjointConsistent);
    }

    /**
     * The power {@code A^p = A·A·…·A} of a square operator.
     *
     * @param p the exponent, at least 1
     * @return the product of {@code p} copies of this operator
     * @throws IllegalArgumentException if {@code p < 1} or the operator is not square
     */
    public DenseOperator power(int p) {
        if (p < 1) {
            throw new IllegalArgumentException("p: " + p + ", expected at least 1");
        }
        if (rows() != cols()) {
            throw new IllegalArgumentException("operator: shape " + shapeString() + ", expected a square operator");
        }
        DenseOperator result = this;
        for (int i = 1; i < p; i++) {
            result = result.compose(this);
        }
        return result;
    }

    /**
     * Returns this operator as complex128 (itself when already complex).
     *
     * @return this operator as complex128 (itself when already complex)
     */
    public DenseOperator toComplex() {
        if (forwardComplex != null) {
            return this;
        }
        return new DenseOperator(null, null, promote(forwardReal), promote(adjointReal), dims, dimsd,
                adjointConsistent);
    }

    /**
     * The same matrices with other n-d shapes (a reshape of model and data, no data movement).
     *
     * @param newDims  (Input) model shape, product {@link #cols()}. Not modified.
     * @param newDimsd (Input) data shape, product {@link #rows()}. Not modified.
     * @return the reshaped operator
     * @throws IllegalArgumentException if a product does not match
     */
    public DenseOperator withShapes(long[] newDims, long[] newDimsd) {
        checkShapes(rows(), cols(), newDims, newDimsd);
        return new DenseOperator(forwardReal, adjointReal, forwardComplex, adjointComplex, newDims.clone(),
                newDimsd.clone(), adjointConsistent);
    }

    @Override
    public String toString() {
        return "DenseOperator[" + (isComplex() ? "complex128" : "float64") + ", " + shapeString() + ", dims="
                + Arrays.toString(dims) + ", dimsd=" + Arrays.toString(dimsd)
                + (adjointConsistent ? "" : ", adjoint map not Aᴴ") + "]";
    }

    // ------------------------------------------------------------------ package-private access

    /** Forward matrix as complex, without copying when already complex. Callers must not modify it. */
    ZMatrixRMaj complexForward() {
        return forwardComplex != null ? forwardComplex : promote(forwardReal);
    }

    /** Adjoint map as complex, without copying when already complex. Callers must not modify it. */
    ZMatrixRMaj complexAdjoint() {
        return adjointComplex != null ? adjointComplex : promote(adjointReal);
    }

    /** Real forward matrix or null. Callers must not modify it. */
    DMatrixRMaj realForwardOrNull() {
        return forwardReal;
    }

    /** Real adjoint map or null. Callers must not modify it. */
    DMatrixRMaj realAdjointOrNull() {
        return adjointReal;
    }

    /** An operator from matrices already owned by the caller (no copies). */
    static DenseOperator wrapReal(DMatrixRMaj forward, DMatrixRMaj adjointMap, long[] dims, long[] dimsd,
            boolean consistent) {
        checkShapes(forward.numRows, forward.numCols, dims, dimsd);
        return new DenseOperator(forward, adjointMap, null, null, dims.clone(), dimsd.clone(), consistent);
    }

    /** An operator from matrices already owned by the caller (no copies). */
    static DenseOperator wrapComplex(ZMatrixRMaj forward, ZMatrixRMaj adjointMap, long[] dims, long[] dimsd,
            boolean consistent) {
        checkShapes(forward.numRows, forward.numCols, dims, dimsd);
        return new DenseOperator(null, null, forward, adjointMap, dims.clone(), dimsd.clone(), consistent);
    }

    // ------------------------------------------------------------------ helpers

    static ZMatrixRMaj promote(DMatrixRMaj a) {
        ZMatrixRMaj z = new ZMatrixRMaj(a.numRows, a.numCols);
        CommonOps_ZDRM.convert(a, z);
        return z;
    }

    private String shapeString() {
        return rows() + "×" + cols();
    }

    private void requireReal() {
        if (forwardReal == null) {
            throw new IllegalStateException("operator is complex128 (" + shapeString()
                    + "); use complexMatrix()/complexAdjointMatrix()");
        }
    }

    private static double[] multReal(DMatrixRMaj a, double[] v, String name) {
        Objects.requireNonNull(v, name);
        if (v.length != a.numCols) {
            throw new IllegalArgumentException(name + ": length " + v.length + ", expected " + a.numCols
                    + " (real vector for a " + a.numRows + "×" + a.numCols + " float64 matrix)");
        }
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, 1);
        CommonOps_DDRM.mult(a, DMatrixRMaj.wrap(v.length, 1, v), out);
        return out.data;
    }

    private static double[] multComplex(ZMatrixRMaj a, double[] v, String name) {
        Objects.requireNonNull(v, name);
        if (v.length != 2L * a.numCols) {
            throw new IllegalArgumentException(name + ": length " + v.length + ", expected " + 2L * a.numCols
                    + " (interleaved complex vector for a " + a.numRows + "×" + a.numCols + " matrix)");
        }
        ZMatrixRMaj in = new ZMatrixRMaj(a.numCols, 1);
        System.arraycopy(v, 0, in.data, 0, v.length);
        ZMatrixRMaj out = new ZMatrixRMaj(a.numRows, 1);
        CommonOps_ZDRM.mult(a, in, out);
        return Arrays.copyOf(out.data, 2 * a.numRows);
    }

    private static double[] multRealOnComplex(DMatrixRMaj a, double[] v, String name) {
        Objects.requireNonNull(v, name);
        if (v.length != 2L * a.numCols) {
            throw new IllegalArgumentException(name + ": length " + v.length + ", expected " + 2L * a.numCols
                    + " (interleaved complex vector for a " + a.numRows + "×" + a.numCols + " matrix)");
        }
        int n = a.numCols;
        DMatrixRMaj re = new DMatrixRMaj(n, 1);
        DMatrixRMaj im = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            re.data[i] = v[2 * i];
            im.data[i] = v[2 * i + 1];
        }
        DMatrixRMaj yr = new DMatrixRMaj(a.numRows, 1);
        DMatrixRMaj yi = new DMatrixRMaj(a.numRows, 1);
        CommonOps_DDRM.mult(a, re, yr);
        CommonOps_DDRM.mult(a, im, yi);
        double[] out = new double[2 * a.numRows];
        for (int i = 0; i < a.numRows; i++) {
            out[2 * i] = yr.data[i];
            out[2 * i + 1] = yi.data[i];
        }
        return out;
    }

    /** Product of a shape, with overflow and sign checks. */
    static long product(long[] shape, String name) {
        Objects.requireNonNull(shape, name);
        long p = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException(name + "[" + i + "]: " + shape[i] + ", expected a size >= 0 (shape "
                        + Arrays.toString(shape) + ")");
            }
            p = Math.multiplyExact(p, shape[i]);
        }
        return p;
    }

    private static void checkShapes(int rows, int cols, long[] dims, long[] dimsd) {
        long m = product(dims, "dims");
        long n = product(dimsd, "dimsd");
        if (m != cols) {
            throw new IllegalArgumentException("dims: " + Arrays.toString(dims) + " (product " + m + "), expected product "
                    + cols + " (the matrix columns)");
        }
        if (n != rows) {
            throw new IllegalArgumentException("dimsd: " + Arrays.toString(dimsd) + " (product " + n
                    + "), expected product " + rows + " (the matrix rows)");
        }
    }

    private static void checkAdjointShape(int rows, int cols, int adjRows, int adjCols) {
        if (adjRows != cols || adjCols != rows) {
            throw new IllegalArgumentException("adjointMap: shape " + adjRows + "×" + adjCols + ", expected " + cols + "×"
                    + rows + " (the forward matrix transposed)");
        }
    }
}
