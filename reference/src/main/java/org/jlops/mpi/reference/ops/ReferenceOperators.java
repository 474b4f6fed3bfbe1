package org.jlops.mpi.reference.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.ZMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_ZDRM;
import org.jlops.mpi.reference.array.ReferenceSplit;

/**
 * Factories building the dense matrix of each operator of the library from its mathematical
 * definition (SPEC §5.2–5.11 and §9): stencil coefficients, block structure, and Kronecker
 * products with identities for the axes an operator does not act on. Nothing here applies a
 * library operator or calls a library kernel.
 *
 * <p><b>Arrays are row-major.</b> A model of shape {@code dims = (n_0, …, n_{d−1})} is flattened
 * with the last axis fastest, so a 1-D operator {@code D} ({@code m × n_k}) acting along axis
 * {@code k} is {@code I_pre ⊗ D ⊗ I_post} with {@code pre = n_0·…·n_{k−1}} and
 * {@code post = n_{k+1}·…·n_{d−1}} (see {@link #alongAxis}).
 *
 * <p><b>Which factory is the reference of which library operator</b> (the distributed operators
 * compute the same global matrix whatever the partition):
 * <table>
 *   <caption>library operator → reference</caption>
 *   <tr><th>library</th><th>reference</th></tr>
 *   <tr><td>{@code MPIFirstDerivative(dims, h, kind, edge, order)}</td>
 *       <td>{@link #firstDerivative firstDerivative(dims, 0, h, kind, edge, order)}</td></tr>
 *   <tr><td>{@code MPISecondDerivative(dims, h, kind, edge)}</td>
 *       <td>{@link #secondDerivative secondDerivative(dims, 0, h, kind, edge)}</td></tr>
 *   <tr><td>{@code MPILaplacian(dims, axes, weights, sampling, edge, kind)}</td>
 *       <td>{@link #laplacian}</td></tr>
 *   <tr><td>{@code MPIGradient(dims, sampling, edge, kind)}</td><td>{@link #gradient}</td></tr>
 *   <tr><td>{@code MPIBlockDiag}, {@code MPIStackedBlockDiag} (ops of every rank, rank order)</td>
 *       <td>{@link #blockDiag}</td></tr>
 *   <tr><td>{@code MPIVStack}, {@code MPIStackedVStack}</td><td>{@link #vstack}</td></tr>
 *   <tr><td>{@code MPIHStack}</td><td>{@link #hstack}</td></tr>
 *   <tr><td>{@code MPIHalo(dims, halo, grid)}</td><td>{@link #halo(long[], int, int[])},
 *       {@link #halo(long[], int[], int[])}; the composite {@code Halo.H · BlockDiag · Halo} is
 *       {@link #haloSandwich}</td></tr>
 *   <tr><td>{@code MPIMatrixMult} SUMMA / BLOCK on a p × p grid</td><td>{@link #summaMatrixMult},
 *       {@link #blockMatrixMult}; on row-major ravels of X and Y: {@link #matrixMult(ZMatrixRMaj, int)}</td></tr>
 *   <tr><td>serial {@code Fredholm1}, {@code MPIFredholm1}</td><td>{@link #fredholm1}</td></tr>
 *   <tr><td>serial {@code MatrixMult}, {@code Identity}, {@code Diagonal}</td>
 *       <td>{@link #matrixMult(DMatrixRMaj, int)}, {@link #identity(int, int)}, {@link #diagonal}</td></tr>
 * </table>
 * Stacked arrays correspond to the concatenation of their components. Every factory returns a
 * float64 operator unless its input is complex; use {@link DenseOperator#toComplex()} for the
 * complex128 variant of a real operator (a derivative with {@code dtype=complex128} has the same
 * real matrix). {@code Conj} is not complex-linear and has no matrix: model it with
 * {@link DenseOperator#conj()}.
 */
public final class ReferenceOperators {

    /** Largest number of entries a dense reference matrix may have. */
    private static final long MAX_ENTRIES = Integer.MAX_VALUE / 2;

    private ReferenceOperators() {
    }

    // ================================================================== 1-D stencils

    /**
     * The {@code n × n} first-derivative stencil matrix (SPEC §5.8), with sampling {@code h}.
     * Rows are assigned in PyLops' order, later assignments replacing earlier ones:
     * <ul>
     *   <li>forward: {@code y[i] = (x[i+1] − x[i])/h} for {@code i < n−1}; {@code y[n−1] = 0};</li>
     *   <li>backward: {@code y[0] = 0}; {@code y[i] = (x[i] − x[i−1])/h} for {@code i ≥ 1};</li>
     *   <li>centered, order 3: {@code y[i] = 0.5·(x[i+1] − x[i−1])/h} for {@code 1 ≤ i ≤ n−2},
     *       {@code y[0] = y[n−1] = 0}; with edge {@code y[0] = (x[1] − x[0])/h},
     *       {@code y[n−1] = (x[n−1] − x[n−2])/h};</li>
     *   <li>centered, order 5: {@code y[i] = (x[i−2]/12 − 2x[i−1]/3 + 2x[i+1]/3 − x[i+2]/12)/h} for
     *       {@code 2 ≤ i ≤ n−3}, zero on the two first and two last rows; with edge
     *       {@code y[0] = (x[1] − x[0])/h}, {@code y[1] = 0.5·(x[2] − x[0])/h},
     *       {@code y[n−2] = 0.5·(x[n−1] − x[n−3])/h}, {@code y[n−1] = (x[n−1] − x[n−2])/h}.</li>
     * </ul>
     * {@code edge} and {@code order} only matter for {@link DerivativeKind#CENTERED}.
     *
     * @param n        number of samples, at least 0 (at least 2 for centered order 3 with edge, 3
     *                 for order 5 with edge)
     * @param sampling the sampling step {@code h}, non-zero
     * @param kind     the scheme
     * @param edge     whether centered stencils use one-sided edge formulas
     * @param order    3 or 5 for centered (ignored otherwise)
     * @return a new matrix
     * @throws IllegalArgumentException on an invalid argument
     */
    public static DMatrixRMaj firstDerivativeMatrix(int n, double sampling, DerivativeKind kind, boolean edge,
            int order) {
        checkN(n);
        checkSampling(sampling, "sampling");
        Objects.requireNonNull(kind, "kind");
        double h = sampling;
        DMatrixRMaj d = new DMatrixRMaj(n, n);
        switch (kind) {
            case FORWARD -> {
                for (int i = 0; i < n - 1; i++) {
                    setRow(d, i, new int[] {i, i + 1}, new double[] {-1 / h, 1 / h});
                }
            }
            case BACKWARD -> {
                for (int i = 1; i < n; i++) {
                    setRow(d, i, new int[] {i - 1, i}, new double[] {-1 / h, 1 / h});
                }
            }
            case CENTERED -> {
                if (order == 3) {
                    for (int i = 1; i < n - 1; i++) {
                        setRow(d, i, new int[] {i - 1, i + 1}, new double[] {-0.5 / h, 0.5 / h});
                    }
                    if (edge) {
                        requireEdgeLength(n, 2, "centered order-3 first derivative");
                        setRow(d, 0, new int[] {0, 1}, new double[] {-1 / h, 1 / h});
                        setRow(d, n - 1, new int[] {n - 2, n - 1}, new double[] {-1 / h, 1 / h});
                    }
                } else if (order == 5) {
                    for (int i = 2; i < n - 2; i++) {
                        setRow(d, i, new int[] {i - 2, i - 1, i + 1, i + 2},
                                new double[] {1.0 / 12 / h, -2.0 / 3 / h, 2.0 / 3 / h, -1.0 / 12 / h});
                    }
                    if (edge) {
                        requireEdgeLength(n, 3, "centered order-5 first derivative");
                        setRow(d, 0, new int[] {0, 1}, new double[] {-1 / h, 1 / h});
                        setRow(d, 1, new int[] {0, 2}, new double[] {-0.5 / h, 0.5 / h});
                        setRow(d, n - 2, new int[] {n - 3, n - 1}, new double[] {-0.5 / h, 0.5 / h});
                        setRow(d, n - 1, new int[] {n - 2, n - 1}, new double[] {-1 / h, 1 / h});
                    }
                } else {
                    throw new IllegalArgumentException("order: " + order + ", expected 3 or 5 for a centered first"
                            + " derivative");
                }
            }
            default -> throw new AssertionError(kind);
        }
        return d;
    }

    /**
     * The {@code n × n} second-derivative stencil matrix (SPEC §5.9), all rows divided by
     * {@code h²}; rows assigned in PyLops' order:
     * <ul>
     *   <li>forward: {@code y[i] = x[i+2] − 2x[i+1] + x[i]} for {@code i ≤ n−3};
     *       {@code y[n−2] = y[n−1] = 0};</li>
     *   <li>backward: {@code y[0] = y[1] = 0}; {@code y[i] = x[i] − 2x[i−1] + x[i−2]} for
     *       {@code i ≥ 2};</li>
     *   <li>centered: {@code y[i] = x[i+1] − 2x[i] + x[i−1]} for {@code 1 ≤ i ≤ n−2},
     *       {@code y[0] = y[n−1] = 0}; with edge {@code y[0] = x[0] − 2x[1] + x[2]},
     *       {@code y[n−1] = x[n−3] − 2x[n−2] + x[n−1]}.</li>
     * </ul>
     *
     * @param n        number of samples, at least 0 (at least 3 for centered with edge)
     * @param sampling the sampling step {@code h}, non-zero
     * @param kind     the scheme
     * @param edge     whether the centered stencil uses the edge formulas (ignored otherwise)
     * @return a new matrix
     * @throws IllegalArgumentException on an invalid argument
     */
    public static DMatrixRMaj secondDerivativeMatrix(int n, double sampling, DerivativeKind kind, boolean edge) {
        checkN(n);
        checkSampling(sampling, "sampling");
        Objects.requireNonNull(kind, "kind");
        double h2 = sampling * sampling;
        double[] c = {1 / h2, -2 / h2, 1 / h2};
        DMatrixRMaj d = new DMatrixRMaj(n, n);
        switch (kind) {
            case FORWARD -> {
                for (int i = 0; i < n - 2; i++) {
                    setRow(d, i, new int[] {i, i + 1, i + 2}, c);
                }
            }
            case BACKWARD -> {
                for (int i = 2; i < n; i++) {
                    setRow(d, i, new int[] {i - 2, i - 1, i}, c);
                }
            }
            case CENTERED -> {
                for (int i = 1; i < n - 1; i++) {
                    setRow(d, i, new int[] {i - 1, i, i + 1}, c);
                }
                if (edge) {
                    requireEdgeLength(n, 3, "centered second derivative");
                    setRow(d, 0, new int[] {0, 1, 2}, c);
                    setRow(d, n - 1, new int[] {n - 3, n - 2, n - 1}, c);
                }
            }
            default -> throw new AssertionError(kind);
        }
        return d;
    }

    /**
     * A 1-D operator applied along one axis of a row-major n-d array:
     * {@code I_pre ⊗ D ⊗ I_post}. The data shape is {@code dims} with dimension {@code axis}
     * replaced by {@code D.numRows}.
     *
     * @param d    (Input) the {@code m × dims[axis]} 1-D matrix. Not modified.
     * @param dims (Input) the model shape. Not modified.
     * @param axis the axis, in {@code [−ndim, ndim)}
     * @return the operator (float64)
     * @throws IllegalArgumentException if {@code d.numCols != dims[axis]} or the axis is out of range
     */
    public static DenseOperator alongAxis(DMatrixRMaj d, long[] dims, int axis) {
        Objects.requireNonNull(d, "d");
        long total = DenseOperator.product(dims, "dims");
        int ax = ReferenceSplit.normalizeAxis(axis, dims.length);
        if (d.numCols != dims[ax]) {
            throw new IllegalArgumentException("d: " + d.numRows + "×" + d.numCols + ", expected " + dims[ax]
                    + " columns (dims[" + ax + "] of " + Arrays.toString(dims) + ")");
        }
        long pre = 1;
        long post = 1;
        for (int k = 0; k < ax; k++) {
            pre *= dims[k];
        }
        for (int k = ax + 1; k < dims.length; k++) {
            post *= dims[k];
        }
        long[] dimsd = dims.clone();
        dimsd[ax] = d.numRows;
        long rows = DenseOperator.product(dimsd, "dimsd");
        checkDenseSize(rows, total, "operator along axis " + ax + " of " + Arrays.toString(dims));
        DMatrixRMaj inner = CommonOps_DDRM.kron(d, CommonOps_DDRM.identity((int) post), null);
        DMatrixRMaj full = CommonOps_DDRM.kron(CommonOps_DDRM.identity((int) pre), inner, null);
        return DenseOperator.wrapReal(full, CommonOps_DDRM.transpose(full, null), dims, dimsd, true);
    }

    // ================================================================== n-d derivatives

    /**
     * First derivative along {@code axis} of an n-d array (serial {@code FirstDerivative};
     * {@code MPIFirstDerivative} is {@code axis = 0}): {@code I_pre ⊗ D1 ⊗ I_post} with
     * {@code D1 = }{@link #firstDerivativeMatrix firstDerivativeMatrix(dims[axis], sampling, kind,
     * edge, order)}. {@code dims = dimsd}.
     *
     * @param dims     (Input) model shape. Not modified.
     * @param axis     the axis, in {@code [−ndim, ndim)}
     * @param sampling sampling step along the axis, non-zero
     * @param kind     the scheme
     * @param edge     edge formulas (centered only)
     * @param order    3 or 5 (centered only)
     * @return the operator (float64)
     * @throws IllegalArgumentException on an invalid argument
     */
    public static DenseOperator firstDerivative(long[] dims, int axis, double sampling, DerivativeKind kind,
            boolean edge, int order) {
        int ax = ReferenceSplit.normalizeAxis(axis, Objects.requireNonNull(dims, "dims").length);
        return alongAxis(firstDerivativeMatrix(toInt(dims[ax], "dims[" + ax + "]"), sampling, kind, edge, order),
                dims, ax);
    }

    /**
     * Second derivative along {@code axis} of an n-d array (serial {@code SecondDerivative};
     * {@code MPISecondDerivative} is {@code axis = 0}): {@code I_pre ⊗ D2 ⊗ I_post} with
     * {@code D2 = }{@link #secondDerivativeMatrix secondDerivativeMatrix(dims[axis], sampling, kind,
     * edge)}. {@code dims = dimsd}.
     *
     * @param dims     (Input) model shape. Not modified.
     * @param axis     the axis, in {@code [−ndim, ndim)}
     * @param sampling sampling step along the axis, non-zero
     * @param kind     the scheme
     * @param edge     edge formulas (centered only)
     * @return the operator (float64)
     * @throws IllegalArgumentException on an invalid argument
     */
    public static DenseOperator secondDerivative(long[] dims, int axis, double sampling, DerivativeKind kind,
            boolean edge) {
        int ax = ReferenceSplit.normalizeAxis(axis, Objects.requireNonNull(dims, "dims").length);
        return alongAxis(secondDerivativeMatrix(toInt(dims[ax], "dims[" + ax + "]"), sampling, kind, edge), dims, ax);
    }

    /**
     * The Laplacian {@code L = Σ_j weights[j] · D2(axes[j], sampling[j], kind, edge)} (serial
     * {@code Laplacian}, SPEC §5.10). Repeated axes simply add their terms. {@code dims = dimsd}.
     *
     * @param dims     (Input) model shape. Not modified.
     * @param axes     (Input) axes of the terms, each in {@code [−ndim, ndim)}. Not modified.
     * @param weights  (Input) weight of each term; same length as {@code axes}. Not modified.
     * @param sampling (Input) sampling of each term; same length as {@code axes}. Not modified.
     * @param edge     edge formulas (centered only)
     * @param kind     the scheme
     * @return the operator (float64)
     * @throws IllegalArgumentException if the lengths differ, {@code axes} is empty, or an entry is invalid
     */
    public static DenseOperator laplacian(long[] dims, int[] axes, double[] weights, double[] sampling, boolean edge,
            DerivativeKind kind) {
        Objects.requireNonNull(dims, "dims");
        Objects.requireNonNull(axes, "axes");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(sampling, "sampling");
        if (axes.length != weights.length || axes.length != sampling.length) {
            throw new IllegalArgumentException("axes, weights, sampling: lengths " + axes.length + ", " + weights.length
                    + ", " + sampling.length + ", expected equal lengths");
        }
        if (axes.length == 0) {
            throw new IllegalArgumentException("axes: empty, expected at least one axis");
        }
        DenseOperator sum = null;
        for (int j = 0; j < axes.length; j++) {
            DenseOperator term = secondDerivative(dims, axes[j], sampling[j], kind, edge).times(weights[j]);
            sum = sum == null ? term : sum.plus(term);
        }
        return sum;
    }

    /**
     * The gradient: the vertical stack of first derivatives (order 3) along every axis,
     * {@code [D1(axis 0); D1(axis 1); …]} (serial {@code Gradient} / {@code MPIGradient}, SPEC
     * §5.11). {@code dims = dims}, {@code dimsd = (ndim·prod(dims),)}.
     *
     * @param dims     (Input) model shape. Not modified.
     * @param sampling (Input) sampling per axis, {@code ndim} entries. Not modified.
     * @param edge     edge formulas (centered only)
     * @param kind     the scheme
     * @return the operator (float64)
     * @throws IllegalArgumentException if {@code sampling.length != dims.length} or an entry is invalid
     */
    public static DenseOperator gradient(long[] dims, double[] sampling, boolean edge, DerivativeKind kind) {
        Objects.requireNonNull(dims, "dims");
        Objects.requireNonNull(sampling, "sampling");
        if (sampling.length != dims.length) {
            throw new IllegalArgumentException("sampling: " + sampling.length + " entries, expected " + dims.length
                    + " (one per axis of dims " + Arrays.toString(dims) + ")");
        }
        List<DenseOperator> terms = new ArrayList<>();
        for (int k = 0; k < dims.length; k++) {
            terms.add(firstDerivative(dims, k, sampling[k], kind, edge, 3));
        }
        DenseOperator stacked = vstack(terms);
        return stacked.withShapes(dims, new long[] {stacked.rows()});
    }

    /**
     * The gradient with the same sampling on every axis (see {@link #gradient(long[], double[],
     * boolean, DerivativeKind)}).
     *
     * @param dims     (Input) model shape. Not modified.
     * @param sampling sampling of every axis, non-zero
     * @param edge     edge formulas (centered only)
     * @param kind     the scheme
     * @return the operator (float64)
     */
    public static DenseOperator gradient(long[] dims, double sampling, boolean edge, DerivativeKind kind) {
        double[] s = new double[Objects.requireNonNull(dims, "dims").length];
        Arrays.fill(s, sampling);
        return gradient(dims, s, edge, kind);
    }

    // ================================================================== basic operators

    /**
     * The square identity {@code I_n}.
     *
     * @param n size, at least 0
     * @return the operator (float64), dims = dimsd = {@code (n,)}
     */
    public static DenseOperator identity(int n) {
        return identity(n, n);
    }

    /**
     * The rectangular identity of serial {@code Identity(N, M)}: the {@code N × M} matrix with ones on
     * the main diagonal. For {@code N < M} the forward truncates ({@code y = x[:N]}) and the adjoint
     * zero-pads; for {@code N > M} the forward zero-pads and the adjoint truncates.
     *
     * @param n rows {@code N}, at least 0
     * @param m columns {@code M}, at least 0
     * @return the operator (float64), dims {@code (M,)}, dimsd {@code (N,)}
     */
    public static DenseOperator identity(int n, int m) {
        checkN(n);
        checkN(m);
        checkDenseSize(n, m, "identity");
        DMatrixRMaj a = CommonOps_DDRM.identity(n, m);
        return DenseOperator.wrapReal(a, CommonOps_DDRM.transpose(a, null), new long[] {m}, new long[] {n}, true);
    }

    /**
     * The real diagonal operator {@code y_i = d_i·x_i} (serial {@code Diagonal}).
     *
     * @param d (Input) the diagonal. Not modified.
     * @return the operator (float64), dims = dimsd = {@code (d.length,)}
     */
    public static DenseOperator diagonal(double[] d) {
        Objects.requireNonNull(d, "d");
        checkDenseSize(d.length, d.length, "diagonal");
        DMatrixRMaj a = CommonOps_DDRM.diag(d);
        return DenseOperator.wrapReal(a, a.copy(), new long[] {d.length}, new long[] {d.length}, true);
    }

    /**
     * The complex diagonal operator {@code y_i = d_i·x_i}, adjoint {@code x_i = conj(d_i)·y_i}.
     *
     * @param d (Input) the diagonal, interleaved {@code (re, im)}, even length. Not modified.
     * @return the operator (complex128), dims = dimsd = {@code (d.length / 2,)}
     * @throws IllegalArgumentException if {@code d} has odd length
     */
    public static DenseOperator diagonalComplex(double[] d) {
        Objects.requireNonNull(d, "d");
        if (d.length % 2 != 0) {
            throw new IllegalArgumentException("d: length " + d.length + ", expected an even length (interleaved re, im)");
        }
        int n = d.length / 2;
        checkDenseSize(n, n, "diagonal");
        ZMatrixRMaj a = new ZMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            a.set(i, i, d[2 * i], d[2 * i + 1]);
        }
        return DenseOperator.of(a);
    }

    /**
     * Serial {@code MatrixMult(A)}: {@code y = A·x}, adjoint {@code Aᵀ·y}.
     *
     * @param a (Input) the {@code N × M} matrix. Not modified (copied).
     * @return the operator (float64), dims {@code (M,)}, dimsd {@code (N,)}
     */
    public static DenseOperator matrixMult(DMatrixRMaj a) {
        return DenseOperator.of(a);
    }

    /**
     * Serial {@code MatrixMult(A, otherdims=(K,))}: the model is an {@code M × K} row-major array and
     * {@code Y = A·X}, so the matrix is {@code A ⊗ I_K}.
     *
     * @param a         (Input) the {@code N × M} matrix. Not modified.
     * @param otherdims {@code K}, at least 1
     * @return the operator (float64), dims {@code (M, K)}, dimsd {@code (N, K)}
     * @throws IllegalArgumentException if {@code otherdims < 1}
     */
    public static DenseOperator matrixMult(DMatrixRMaj a, int otherdims) {
        Objects.requireNonNull(a, "a");
        checkOtherdims(otherdims);
        checkDenseSize((long) a.numRows * otherdims, (long) a.numCols * otherdims, "matrixMult");
        DMatrixRMaj k = CommonOps_DDRM.kron(a, CommonOps_DDRM.identity(otherdims), null);
        return DenseOperator.wrapReal(k, CommonOps_DDRM.transpose(k, null), new long[] {a.numCols, otherdims},
                new long[] {a.numRows, otherdims}, true);
    }

    /**
     * Serial {@code MatrixMult(A)} with a complex {@code A}: {@code y = A·x}, adjoint {@code Aᴴ·y}.
     *
     * @param a (Input) the {@code N × M} matrix. Not modified (copied).
     * @return the operator (complex128), dims {@code (M,)}, dimsd {@code (N,)}
     */
    public static DenseOperator matrixMult(ZMatrixRMaj a) {
        return DenseOperator.of(a);
    }

    /**
     * Serial {@code MatrixMult(A, otherdims=(K,))} with a complex {@code A}: matrix {@code A ⊗ I_K}.
     *
     * @param a         (Input) the {@code N × M} matrix. Not modified.
     * @param otherdims {@code K}, at least 1
     * @return the operator (complex128), dims {@code (M, K)}, dimsd {@code (N, K)}
     * @throws IllegalArgumentException if {@code otherdims < 1}
     */
    public static DenseOperator matrixMult(ZMatrixRMaj a, int otherdims) {
        Objects.requireNonNull(a, "a");
        checkOtherdims(otherdims);
        checkDenseSize((long) a.numRows * otherdims, (long) a.numCols * otherdims, "matrixMult");
        ZMatrixRMaj k = new ZMatrixRMaj(a.numRows * otherdims, a.numCols * otherdims);
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                double re = a.getReal(i, j);
                double im = a.getImag(i, j);
                for (int t = 0; t < otherdims; t++) {
                    k.set(i * otherdims + t, j * otherdims + t, re, im);
                }
            }
        }
        return DenseOperator.of(k, new long[] {a.numCols, otherdims}, new long[] {a.numRows, otherdims});
    }

    // ================================================================== Fredholm1 and the grid products

    /**
     * Serial {@code Fredholm1(G, nz)} and {@code MPIFredholm1} over all ranks' slabs (SPEC §5.13,
     * §9): {@code d[k] = G[k]·m[k]} for every slice {@code k}, so the matrix is the block diagonal
     * of {@code G[k] ⊗ I_nz}; adjoint {@code G[k]ᴴ}.
     *
     * @param g  (Input) the slices {@code G[k]}, each {@code nx × ny}, at least one. Not modified.
     * @param nz the trailing dimension, at least 1
     * @return the operator (complex128), dims {@code (nsl, ny, nz)}, dimsd {@code (nsl, nx, nz)}
     * @throws IllegalArgumentException if the slices differ in shape, there is none, or {@code nz < 1}
     */
    public static DenseOperator fredholm1(List<ZMatrixRMaj> g, int nz) {
        checkOtherdims(nz);
        if (g == null || g.isEmpty()) {
            throw new IllegalArgumentException("g: at least one slice");
        }
        int nsl = g.size();
        int nx = g.get(0).numRows;
        int ny = g.get(0).numCols;
        checkDenseSize((long) nsl * nx * nz, (long) nsl * ny * nz, "fredholm1");
        ZMatrixRMaj f = new ZMatrixRMaj(nsl * nx * nz, nsl * ny * nz);
        for (int k = 0; k < nsl; k++) {
            ZMatrixRMaj gk = g.get(k);
            if (gk.numRows != nx || gk.numCols != ny) {
                throw new IllegalArgumentException("g[" + k + "]: " + gk.numRows + " x " + gk.numCols + ", expected "
                        + nx + " x " + ny);
            }
            for (int i = 0; i < nx; i++) {
                for (int j = 0; j < ny; j++) {
                    for (int z = 0; z < nz; z++) {
                        f.set((k * nx + i) * nz + z, (k * ny + j) * nz + z, gk.getReal(i, j), gk.getImag(i, j));
                    }
                }
            }
        }
        return DenseOperator.of(f, new long[] {nsl, ny, nz}, new long[] {nsl, nx, nz});
    }

    /**
     * {@code MPIMatrixMult} of kind SUMMA on a {@code p × p} grid (SPEC §5.1): {@code Y = A·X} with
     * {@code A} {@code N × K}, {@code X} {@code K × M}, where the model vector holds the tiles
     * {@code X[i, j]} and the data vector the tiles {@code Y[i, j]} of the ceil-first split
     * ({@link ReferenceSplit#ceilSplit}) in rank order {@code r = i·p + j}, each flattened row-major.
     * The matrix is {@code A ⊗ I_M} with its rows and columns permuted to that order; adjoint
     * {@code Aᴴ}.
     *
     * @param a (Input) {@code A}. Not modified.
     * @param m the columns {@code M}, at least 1
     * @param p the grid side, at least 1
     * @return the operator (complex128), dims {@code (K, M)}, dimsd {@code (N, M)}
     */
    public static DenseOperator summaMatrixMult(ZMatrixRMaj a, int m, int p) {
        checkOtherdims(m);
        int n = a.numRows;
        int k = a.numCols;
        checkDenseSize((long) n * m, (long) k * m, "summaMatrixMult");
        int[] dataIndex = tileOrder(n, m, p);
        int[] modelIndex = tileOrder(k, m, p);
        ZMatrixRMaj f = new ZMatrixRMaj(n * m, k * m);
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < k; q++) {
                for (int t = 0; t < m; t++) {
                    f.set(dataIndex[i * m + t], modelIndex[q * m + t], a.getReal(i, q), a.getImag(i, q));
                }
            }
        }
        return DenseOperator.of(f, new long[] {k, m}, new long[] {n, m});
    }

    /** Position in the tile-ordered vector of entry {@code (row, col)} (index {@code row·cols + col}). */
    private static int[] tileOrder(int rows, int cols, int p) {
        long[] rs = ReferenceSplit.ceilSplit(rows, p);
        long[] cs = ReferenceSplit.ceilSplit(cols, p);
        long[] r0 = ReferenceSplit.offsets(rs);
        long[] c0 = ReferenceSplit.offsets(cs);
        int[] index = new int[rows * cols];
        int pos = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                for (long u = 0; u < rs[i]; u++) {
                    for (long v = 0; v < cs[j]; v++) {
                        index[(int) ((r0[i] + u) * cols + c0[j] + v)] = pos++;
                    }
                }
            }
        }
        return index;
    }

    /**
     * {@code MPIMatrixMult} of kind BLOCK on a {@code p × p} grid (SPEC §5.1) as PyLops-MPI defines
     * its two products on the whole replicated vectors. Rank {@code r = i·p + c} holds column block
     * {@code i} of {@code X} ({@code K × m_i}) in the model vector and of {@code Y}
     * ({@code N × m_i}) in the data vector, blocks in rank order, and rows block {@code c} of
     * {@code A}. Forward: rows block {@code b} of rank {@code (i, c)}'s {@code Y} part is
     * {@code A_b · x_(i, b)} (gathered from grid column {@code b} of grid row {@code i}); adjoint
     * map: rank {@code (i, c)}'s {@code X} part is {@code Σ_b A_bᴴ · y_(i, b)[rows of block b]}
     * (summed over grid row {@code i}). The adjoint map is the adjoint of the forward on vectors
     * replicated across each grid row — the only ones the operator is meant for — not in general,
     * so {@link DenseOperator#isAdjointConsistent()} is false.
     *
     * @param a (Input) {@code A}. Not modified.
     * @param m the columns {@code M}, at least 1
     * @param p the grid side, at least 1
     * @return the operator (complex128), dims {@code (K, p·M)}, dimsd {@code (N, p·M)}
     */
    public static DenseOperator blockMatrixMult(ZMatrixRMaj a, int m, int p) {
        checkOtherdims(m);
        int n = a.numRows;
        int k = a.numCols;
        checkDenseSize((long) n * p * m, (long) k * p * m, "blockMatrixMult");
        long[] cols = ReferenceSplit.ceilSplit(m, p);     // column blocks, by grid row
        long[] rowsOf = ReferenceSplit.ceilSplit(n, p);   // row blocks of A, by grid column
        long[] rowStart = ReferenceSplit.offsets(rowsOf);
        long[] modelOff = new long[p * p];
        long[] dataOff = new long[p * p];
        for (int r = 1; r < p * p; r++) {
            modelOff[r] = modelOff[r - 1] + k * cols[(r - 1) / p];
            dataOff[r] = dataOff[r - 1] + n * cols[(r - 1) / p];
        }
        ZMatrixRMaj f = new ZMatrixRMaj(n * p * m, k * p * m);
        ZMatrixRMaj b = new ZMatrixRMaj(k * p * m, n * p * m);
        for (int i = 0; i < p; i++) {
            int w = (int) cols[i];
            for (int c = 0; c < p; c++) {
                int r = i * p + c;
                for (int blk = 0; blk < p; blk++) {
                    int src = i * p + blk;                 // the rank of grid row i holding rows block blk
                    for (long q = rowStart[blk]; q < rowStart[blk] + rowsOf[blk]; q++) {
                        for (int kk = 0; kk < k; kk++) {
                            double re = a.getReal((int) q, kk);
                            double im = a.getImag((int) q, kk);
                            for (int t = 0; t < w; t++) {
                                f.set((int) (dataOff[r] + q * w + t), (int) (modelOff[src] + (long) kk * w + t), re, im);
                                b.set((int) (modelOff[r] + (long) kk * w + t), (int) (dataOff[src] + q * w + t), re, -im);
                            }
                        }
                    }
                }
            }
        }
        return DenseOperator.withAdjointMap(f, b, new long[] {k, (long) p * m}, new long[] {n, (long) p * m});
    }

    // ================================================================== block operators

    /**
     * The block-diagonal operator {@code diag(A_0, A_1, …)} (serial {@code BlockDiag},
     * {@code MPIBlockDiag} over all ranks' ops in rank order, {@code MPIStackedBlockDiag}).
     * Forward: {@code y_i = A_i·x_i} on consecutive slices; adjoint map: {@code diag(B_0, B_1, …)}.
     *
     * @param ops (Input) the blocks, at least one. Not modified.
     * @return the operator, dims {@code (Σ cols,)}, dimsd {@code (Σ rows,)}; complex if any block is
     * @throws IllegalArgumentException if {@code ops} is empty
     */
    public static DenseOperator blockDiag(List<DenseOperator> ops) {
        checkOps(ops);
        int n = ops.size();
        long[] ro = new long[n];
        long[] co = new long[n];
        long rows = 0;
        long cols = 0;
        for (int i = 0; i < n; i++) {
            ro[i] = rows;
            co[i] = cols;
            rows += ops.get(i).rows();
            cols += ops.get(i).cols();
        }
        return assemble(ops, ro, co, rows, cols);
    }

    /**
     * The vertical stack {@code [A_0; A_1; …]} (serial {@code VStack}, {@code MPIVStack} over all
     * ranks' ops in rank order, {@code MPIStackedVStack}). Forward: {@code y_i = A_i·x}; adjoint
     * map: {@code [B_0, B_1, …]}, i.e. {@code x = Σ_i B_i·y_i}.
     *
     * @param ops (Input) the blocks, at least one, all with the same number of columns. Not modified.
     * @return the operator, dims {@code (cols,)}, dimsd {@code (Σ rows,)}
     * @throws IllegalArgumentException if {@code ops} is empty or the column counts differ
     */
    public static DenseOperator vstack(List<DenseOperator> ops) {
        checkOps(ops);
        int n = ops.size();
        int cols = ops.get(0).cols();
        long[] ro = new long[n];
        long[] co = new long[n];
        long rows = 0;
        for (int i = 0; i < n; i++) {
            if (ops.get(i).cols() != cols) {
                throw new IllegalArgumentException("ops[" + i + "]: " + ops.get(i).cols() + " columns, expected " + cols
                        + " (the columns of ops[0]; a vertical stack needs equal column counts)");
            }
            ro[i] = rows;
            rows += ops.get(i).rows();
        }
        return assemble(ops, ro, co, rows, cols);
    }

    /**
     * The horizontal stack {@code [A_0, A_1, …]} (serial {@code HStack}, {@code MPIHStack}).
     * Forward: {@code y = Σ_i A_i·x_i}; adjoint map: {@code [B_0; B_1; …]}.
     *
     * @param ops (Input) the blocks, at least one, all with the same number of rows. Not modified.
     * @return the operator, dims {@code (Σ cols,)}, dimsd {@code (rows,)}
     * @throws IllegalArgumentException if {@code ops} is empty or the row counts differ
     */
    public static DenseOperator hstack(List<DenseOperator> ops) {
        checkOps(ops);
        int n = ops.size();
        int rows = ops.get(0).rows();
        long[] ro = new long[n];
        long[] co = new long[n];
        long cols = 0;
        for (int i = 0; i < n; i++) {
            if (ops.get(i).rows() != rows) {
                throw new IllegalArgumentException("ops[" + i + "]: " + ops.get(i).rows() + " rows, expected " + rows
                        + " (the rows of ops[0]; a horizontal stack needs equal row counts)");
            }
            co[i] = cols;
            cols += ops.get(i).cols();
        }
        return assemble(ops, ro, co, rows, cols);
    }

    // ================================================================== MPIHalo

    /**
     * {@code MPIHalo} with one integer halo width (SPEC §5.7): the same width {@code w} on every
     * side, trimmed to 0 on every side that lies on the global boundary (no ghost layer there).
     * See {@link #halo(long[], int[], int[])} for the operator itself.
     *
     * @param dims          (Input) the global model shape. Not modified.
     * @param width         the halo width, at least 0
     * @param procGridShape (Input) processes per axis ({@code (1, …, 1, P)} is the library's
     *                      default); same length as {@code dims}. Not modified.
     * @return the halo operator (float64, not adjoint-consistent)
     * @throws IllegalArgumentException on an invalid argument or a width the library rejects
     */
    public static DenseOperator halo(long[] dims, int width, int[] procGridShape) {
        if (width < 0) {
            throw new IllegalArgumentException("halo: " + width + ", expected a non-negative width");
        }
        return buildHalo(dims, new int[] {width}, procGridShape, true);
    }

    /**
     * {@code MPIHalo} with a halo tuple (SPEC §5.7), not trimmed at the global boundary (such
     * sides get zero-filled layers): length 1 (same width on every side), {@code ndim} (width
     * {@code d_k} on both sides of axis {@code k}) or {@code 2·ndim}
     * ({@code (h0−, h0+, h1−, h1+, …)}).
     *
     * <p><b>Notes.</b> Rank {@code r} of the grid (row-major coordinates {@code c}) owns the
     * ceil-first block {@code [s_k, e_k)} per axis ({@link ReferenceSplit#haloBlock}) and stores the
     * extended block of extent {@code (e_k − s_k) + h_k− + h_k+}. The forward matrix {@code H} maps
     * the global row-major model to the concatenation, in rank order, of every rank's extended
     * block flattened row-major: the entry at extended position {@code p} is
     * {@code x[s + p − h−]} when, on every axis, {@code p_k} lies in the core or in a ghost layer on
     * a side that has a neighbour, and 0 otherwise (a zero layer at the global boundary, and the
     * corners it touches). This is what the library's axis-by-axis exchange produces, corners
     * filled transitively. The library's "adjoint" is a crop, not {@code Hᵀ}: the adjoint map
     * {@code C} takes every rank's core back to its global place, so {@code C·H = I}.
     *
     * <p>The checks of the library's constructor are reproduced: a width larger than the own block
     * on a side with a neighbour, or a rank's {@code h+} differing from its plus neighbour's
     * {@code h−}, is an {@link IllegalArgumentException}.
     *
     * @param dims          (Input) the global model shape. Not modified.
     * @param halo          (Input) widths, length 1, {@code ndim} or {@code 2·ndim}, each at least 0.
     *                      Not modified.
     * @param procGridShape (Input) processes per axis; same length as {@code dims}. Not modified.
     * @return the halo operator (float64), dims {@code dims}, dimsd {@code (Σ_r prod(extent_r),)};
     *     {@link DenseOperator#isAdjointConsistent()} is {@code false}
     * @throws IllegalArgumentException on an invalid argument or a width the library rejects
     */
    public static DenseOperator halo(long[] dims, int[] halo, int[] procGridShape) {
        return buildHalo(dims, halo, procGridShape, false);
    }

    /**
     * The composite {@code Halo.H · BlockDiag(localOps) · Halo} the library uses to apply a local
     * operator to haloed blocks (e.g. {@code MPINonStationaryConvolve1D}). Forward
     * {@code C·diag(A_r)·H}; adjoint map {@code C·diag(B_r)·H} — exactly the operator algebra of the
     * library. With the scalar (trimmed) halo, the forward equals the global stencil operator when
     * the stencil radius is at most the halo width; the adjoint map equals its adjoint only when the
     * width is at least twice the radius (a core point's transposed stencil reads local rows that
     * sit in the ghost layer, which must themselves be complete). With narrower halos the composite
     * is not adjoint-consistent, in the library as here.
     *
     * @param halo     (Input) a halo operator from {@code halo(…)}. Not modified.
     * @param localOps (Input) one operator per rank, rank order, each square on that rank's extended
     *                 block. Not modified.
     * @return the composite operator, dims = dimsd = {@code halo.dims()}
     * @throws IllegalArgumentException if the local operators do not fit the extended blocks
     */
    public static DenseOperator haloSandwich(DenseOperator halo, List<DenseOperator> localOps) {
        Objects.requireNonNull(halo, "halo");
        DenseOperator bd = blockDiag(localOps);
        if (bd.rows() != halo.rows() || bd.cols() != halo.rows()) {
            throw new IllegalArgumentException("localOps: block-diagonal shape " + bd.rows() + "×" + bd.cols()
                    + ", expected " + halo.rows() + "×" + halo.rows() + " (the extended blocks of the halo)");
        }
        return halo.adjoint().compose(bd).compose(halo);
    }

    private static DenseOperator buildHalo(long[] dims, int[] halo, int[] grid, boolean trim) {
        Objects.requireNonNull(dims, "dims");
        Objects.requireNonNull(halo, "halo");
        int nd = dims.length;
        if (grid == null || grid.length != nd) {
            throw new IllegalArgumentException("procGridShape: " + Arrays.toString(grid) + ", expected " + nd
                    + " entries (one per axis of dims " + Arrays.toString(dims) + ")");
        }
        int size = ReferenceSplit.gridSize(grid);
        int[] h = new int[2 * nd];
        if (halo.length == 1) {
            Arrays.fill(h, halo[0]);
        } else if (halo.length == nd) {
            for (int k = 0; k < nd; k++) {
                h[2 * k] = halo[k];
                h[2 * k + 1] = halo[k];
            }
        } else if (halo.length == 2 * nd) {
            System.arraycopy(halo, 0, h, 0, 2 * nd);
        } else {
            throw new IllegalArgumentException("halo: length " + halo.length + ", expected 1, " + nd + " or " + 2 * nd
                    + " (Invalid halo length)");
        }
        for (int i = 0; i < h.length; i++) {
            if (h[i] < 0) {
                throw new IllegalArgumentException("halo: " + Arrays.toString(halo) + ", expected non-negative widths");
            }
        }
        long total = DenseOperator.product(dims, "dims");
        // per rank: block, halo widths, extent
        long[][][] blocks = new long[size][][];
        int[][] hm = new int[size][nd];
        int[][] hp = new int[size][nd];
        int[][] coords = new int[size][];
        long[] extentSize = new long[size];
        long rows = 0;
        for (int r = 0; r < size; r++) {
            coords[r] = ReferenceSplit.gridCoords(r, grid);
            blocks[r] = ReferenceSplit.haloBlock(dims, grid, r);
            long e = 1;
            for (int k = 0; k < nd; k++) {
                boolean minusNeighbour = coords[r][k] > 0;
                boolean plusNeighbour = coords[r][k] < grid[k] - 1;
                hm[r][k] = trim && !minusNeighbour ? 0 : h[2 * k];
                hp[r][k] = trim && !plusNeighbour ? 0 : h[2 * k + 1];
                long local = blocks[r][k][1] - blocks[r][k][0];
                if ((minusNeighbour && hm[r][k] > local) || (plusNeighbour && hp[r][k] > local)) {
                    throw new IllegalArgumentException("halo: " + Arrays.toString(halo) + " on rank " + r + " (grid "
                            + Arrays.toString(coords[r]) + ") axis " + k + ": halo width exceeds local block size "
                            + local);
                }
                e = Math.multiplyExact(e, local + hm[r][k] + hp[r][k]);
            }
            extentSize[r] = e;
            rows = Math.addExact(rows, e);
        }
        for (int r = 0; r < size; r++) {
            for (int k = 0; k < nd; k++) {
                if (coords[r][k] < grid[k] - 1) {
                    int[] nc = coords[r].clone();
                    nc[k]++;
                    int q = rankOf(nc, grid);
                    if (hp[r][k] != hm[q][k]) {
                        throw new IllegalArgumentException("halo: " + Arrays.toString(halo) + ": rank " + r + " h+ = "
                                + hp[r][k] + " on axis " + k + " does not match neighbor halo width h− = " + hm[q][k]
                                + " of rank " + q);
                    }
                }
            }
        }
        checkDenseSize(rows, total, "halo");
        DMatrixRMaj fwd = new DMatrixRMaj((int) rows, (int) total);
        DMatrixRMaj crop = new DMatrixRMaj((int) total, (int) rows);
        long[] strides = rowMajorStrides(dims);
        long rowOff = 0;
        for (int r = 0; r < size; r++) {
            long[] ext = new long[nd];
            for (int k = 0; k < nd; k++) {
                ext[k] = blocks[r][k][1] - blocks[r][k][0] + hm[r][k] + hp[r][k];
            }
            long[] p = new long[nd];
            for (long flat = 0; flat < extentSize[r]; flat++) {
                unravel(flat, ext, p);
                boolean filled = true;
                boolean core = true;
                long g = 0;
                for (int k = 0; k < nd; k++) {
                    long local = blocks[r][k][1] - blocks[r][k][0];
                    boolean inCore = p[k] >= hm[r][k] && p[k] < hm[r][k] + local;
                    boolean fromNeighbour = (p[k] < hm[r][k] && coords[r][k] > 0)
                            || (p[k] >= hm[r][k] + local && coords[r][k] < grid[k] - 1);
                    core &= inCore;
                    filled &= inCore || fromNeighbour;
                    g += (blocks[r][k][0] + p[k] - hm[r][k]) * strides[k];
                }
                int row = (int) (rowOff + flat);
                if (filled) {
                    fwd.set(row, (int) g, 1.0);
                }
                if (core) {
                    crop.set((int) g, row, 1.0);
                }
            }
            rowOff += extentSize[r];
        }
        return DenseOperator.wrapReal(fwd, crop, dims, new long[] {rows}, false);
    }

    // ================================================================== helpers

    private static DenseOperator assemble(List<DenseOperator> ops, long[] ro, long[] co, long rows, long cols) {
        checkDenseSize(rows, cols, "block operator");
        boolean complex = false;
        boolean consistent = true;
        for (DenseOperator op : ops) {
            complex |= op.isComplex();
            consistent &= op.isAdjointConsistent();
        }
        int m = (int) rows;
        int n = (int) cols;
        if (!complex) {
            DMatrixRMaj f = new DMatrixRMaj(m, n);
            DMatrixRMaj b = new DMatrixRMaj(n, m);
            for (int i = 0; i < ops.size(); i++) {
                CommonOps_DDRM.insert(ops.get(i).realForwardOrNull(), f, (int) ro[i], (int) co[i]);
                CommonOps_DDRM.insert(ops.get(i).realAdjointOrNull(), b, (int) co[i], (int) ro[i]);
            }
            return DenseOperator.wrapReal(f, b, new long[] {n}, new long[] {m}, consistent);
        }
        ZMatrixRMaj f = new ZMatrixRMaj(m, n);
        ZMatrixRMaj b = new ZMatrixRMaj(n, m);
        for (int i = 0; i < ops.size(); i++) {
            ZMatrixRMaj fi = ops.get(i).complexForward();
            ZMatrixRMaj bi = ops.get(i).complexAdjoint();
            CommonOps_ZDRM.extract(fi, 0, fi.numRows, 0, fi.numCols, f, (int) ro[i], (int) co[i]);
            CommonOps_ZDRM.extract(bi, 0, bi.numRows, 0, bi.numCols, b, (int) co[i], (int) ro[i]);
        }
        return DenseOperator.wrapComplex(f, b, new long[] {n}, new long[] {m}, consistent);
    }

    private static void setRow(DMatrixRMaj d, int i, int[] cols, double[] coefs) {
        for (int j = 0; j < d.numCols; j++) {
            d.unsafe_set(i, j, 0.0);
        }
        for (int t = 0; t < cols.length; t++) {
            d.set(i, cols[t], coefs[t]);
        }
    }

    private static void checkOps(List<DenseOperator> ops) {
        Objects.requireNonNull(ops, "ops");
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("ops: empty, expected at least one operator");
        }
        for (int i = 0; i < ops.size(); i++) {
            Objects.requireNonNull(ops.get(i), "ops[" + i + "]");
        }
    }

    private static void checkN(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + ", expected at least 0");
        }
    }

    // ================================================================== signal and shaping operators

    /**
     * The {@code n × n} matrix of a convolution with the filter {@code h} centred at
     * {@code offset}, zero outside the sequence: {@code C[i][j] = h[i − j + offset]} where that
     * index is in {@code [0, len(h))} (serial {@code Convolve1D}: {@code y[i] = Σ_k h[k]·x[i − k + offset]}).
     *
     * @param n      number of samples, at least 0
     * @param h      (Input) the filter. Not modified.
     * @param offset the index of the filter's centre
     * @return a new matrix
     */
    public static DMatrixRMaj convolutionMatrix(int n, double[] h, int offset) {
        checkN(n);
        Objects.requireNonNull(h, "h");
        checkDenseSize(n, n, "convolution");
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int k = i - j + offset;
                if (k >= 0 && k < h.length) {
                    c.set(i, j, h[k]);
                }
            }
        }
        return c;
    }

    /**
     * Serial {@code Convolve1D(dims, h, offset, axis)}: {@link #convolutionMatrix} along {@code axis}.
     *
     * @param dims   (Input) model shape. Not modified.
     * @param h      (Input) the filter. Not modified.
     * @param offset the filter's centre
     * @param axis   the axis, in {@code [−ndim, ndim)}
     * @return the operator (float64), dims = dimsd
     */
    public static DenseOperator convolve1d(long[] dims, double[] h, int offset, int axis) {
        int ax = ReferenceSplit.normalizeAxis(axis, Objects.requireNonNull(dims, "dims").length);
        return alongAxis(convolutionMatrix(toInt(dims[ax], "dims[" + ax + "]"), h, offset), dims, ax);
    }

    /**
     * Serial {@code Smoothing1D(nsmooth, dims, axis)}: the convolution with {@code ones(m)/m},
     * {@code m = nsmooth} made odd (plus one when even), centred at {@code (m − 1)/2}.
     *
     * @param nsmooth the filter length, at least 1
     * @param dims    (Input) model shape. Not modified.
     * @param axis    the axis
     * @return the operator (float64)
     */
    public static DenseOperator smoothing1d(int nsmooth, long[] dims, int axis) {
        int m = nsmooth % 2 == 0 ? nsmooth + 1 : nsmooth;
        double[] h = new double[m];
        Arrays.fill(h, 1.0 / m);
        return convolve1d(dims, h, (m - 1) / 2, axis);
    }

    /**
     * Serial {@code PoststackLinearModelling}: {@code W·D} along the time axis, {@code D} the first
     * derivative ({@link #firstDerivativeMatrix} with unit sampling, no edge formulas; centered or
     * forward) and {@code W} the convolution with the wavelet centred at {@code len(wav)/2}.
     *
     * @param wav  (Input) the wavelet. Not modified.
     * @param dims (Input) model shape. Not modified.
     * @param axis the time axis
     * @param kind CENTERED or FORWARD
     * @return the operator (float64)
     */
    public static DenseOperator poststack(double[] wav, long[] dims, int axis, DerivativeKind kind) {
        int ax = ReferenceSplit.normalizeAxis(axis, Objects.requireNonNull(dims, "dims").length);
        int n = toInt(dims[ax], "dims[" + ax + "]");
        DMatrixRMaj w = convolutionMatrix(n, wav, wav.length / 2);
        DMatrixRMaj d = firstDerivativeMatrix(n, 1.0, kind, false, 3);
        return alongAxis(CommonOps_DDRM.mult(w, d, null), dims, ax);
    }

    /**
     * The {@code m × n} selection matrix {@code R[k][iava[k]] = 1} (serial {@code Restriction}
     * along one axis: {@code y[k] = x[iava[k]]}); its transpose scatters, adding repeated positions.
     *
     * @param n    the model length along the axis
     * @param iava (Input) the positions, each in {@code [0, n)}. Not modified.
     * @return a new matrix
     */
    public static DMatrixRMaj selectionMatrix(int n, int[] iava) {
        checkN(n);
        DMatrixRMaj r = new DMatrixRMaj(iava.length, n);
        for (int k = 0; k < iava.length; k++) {
            if (iava[k] < 0 || iava[k] >= n) {
                throw new IllegalArgumentException("iava: " + iava[k] + " is outside [0, " + n + ")");
            }
            r.set(k, iava[k], 1.0);
        }
        return r;
    }

    /**
     * Serial {@code Restriction(dims, iava, axis)}.
     *
     * @return the operator (float64); dimsd = dims with {@code dims[axis] = len(iava)}
     */
    public static DenseOperator restriction(long[] dims, int[] iava, int axis) {
        int ax = ReferenceSplit.normalizeAxis(axis, Objects.requireNonNull(dims, "dims").length);
        return alongAxis(selectionMatrix(toInt(dims[ax], "dims[" + ax + "]"), iava), dims, ax);
    }

    /**
     * Serial {@code Flip(dims, axis)}: {@code y[i] = x[n − 1 − i]} along the axis.
     *
     * @return the operator (float64)
     */
    public static DenseOperator flip(long[] dims, int axis) {
        int ax = ReferenceSplit.normalizeAxis(axis, Objects.requireNonNull(dims, "dims").length);
        int n = toInt(dims[ax], "dims[" + ax + "]");
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = n - 1 - i;
        }
        return alongAxis(selectionMatrix(n, idx), dims, ax);
    }

    /**
     * Serial {@code Roll(dims, axis, shift)}: {@code y[i] = x[(i − shift) mod n]} along the axis
     * (NumPy's {@code roll}).
     *
     * @return the operator (float64)
     */
    public static DenseOperator roll(long[] dims, int axis, long shift) {
        int ax = ReferenceSplit.normalizeAxis(axis, Objects.requireNonNull(dims, "dims").length);
        int n = toInt(dims[ax], "dims[" + ax + "]");
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = (int) Math.floorMod(i - shift, (long) n);
        }
        return alongAxis(selectionMatrix(n, idx), dims, ax);
    }

    /**
     * Serial {@code Sum(dims, axis)}: the row of ones along the axis; the data shape is
     * {@code dims} without {@code axis} ({@code (1,)} for a 1-d model).
     *
     * @return the operator (float64)
     */
    public static DenseOperator sum(long[] dims, int axis) {
        int ax = ReferenceSplit.normalizeAxis(axis, Objects.requireNonNull(dims, "dims").length);
        int n = toInt(dims[ax], "dims[" + ax + "]");
        DMatrixRMaj ones = new DMatrixRMaj(1, n);
        ones.fill(1.0);
        DenseOperator a = alongAxis(ones, dims, ax);
        long[] dimsd = new long[Math.max(1, dims.length - 1)];
        dimsd[0] = 1;
        for (int k = 0, j = 0; k < dims.length; k++) {
            if (k != ax) {
                dimsd[j++] = dims[k];
            }
        }
        return a.withShapes(dims.clone(), dimsd);
    }

    /**
     * Serial {@code Transpose(dims, axes)}: the permutation matrix of {@code y = x.transpose(axes)},
     * {@code dimsd[i] = dims[axes[i]]}.
     *
     * @param dims (Input) model shape. Not modified.
     * @param axes (Input) a permutation of the axes (negative entries count from the end). Not modified.
     * @return the operator (float64)
     */
    public static DenseOperator transpose(long[] dims, int[] axes) {
        int nd = Objects.requireNonNull(dims, "dims").length;
        int[] p = new int[nd];
        for (int i = 0; i < nd; i++) {
            p[i] = ReferenceSplit.normalizeAxis(axes[i], nd);
        }
        long[] dimsd = new long[nd];
        for (int i = 0; i < nd; i++) {
            dimsd[i] = dims[p[i]];
        }
        long total = DenseOperator.product(dims, "dims");
        checkDenseSize(total, total, "transpose");
        DMatrixRMaj a = new DMatrixRMaj((int) total, (int) total);
        long[] out = new long[nd];
        long[] in = new long[nd];
        long[] inStride = rowMajorStrides(dims);
        for (long f = 0; f < total; f++) {
            unravel(f, dimsd, out);
            long src = 0;
            for (int i = 0; i < nd; i++) {
                in[p[i]] = out[i];
            }
            for (int k = 0; k < nd; k++) {
                src += in[k] * inStride[k];
            }
            a.set((int) f, (int) src, 1.0);
        }
        return DenseOperator.wrapReal(a, CommonOps_DDRM.transpose(a, null), dims.clone(), dimsd, true);
    }

    /**
     * Serial {@code Pad(dims, pad)}: zero padding with {@code pad[k] = (before, after)} along every
     * axis; {@code y[before + i] = x[i]}, zeros elsewhere.
     *
     * @param dims (Input) model shape. Not modified.
     * @param pad  (Input) one (before, after) pair per axis. Not modified.
     * @return the operator (float64)
     */
    public static DenseOperator pad(long[] dims, long[][] pad) {
        int nd = Objects.requireNonNull(dims, "dims").length;
        long[] dimsd = new long[nd];
        for (int k = 0; k < nd; k++) {
            dimsd[k] = dims[k] + pad[k][0] + pad[k][1];
        }
        long m = DenseOperator.product(dimsd, "dimsd");
        long n = DenseOperator.product(dims, "dims");
        checkDenseSize(m, n, "pad");
        DMatrixRMaj a = new DMatrixRMaj((int) m, (int) n);
        long[] idx = new long[nd];
        long[] outStride = rowMajorStrides(dimsd);
        for (long f = 0; f < n; f++) {
            unravel(f, dims, idx);
            long dst = 0;
            for (int k = 0; k < nd; k++) {
                dst += (idx[k] + pad[k][0]) * outStride[k];
            }
            a.set((int) dst, (int) f, 1.0);
        }
        return DenseOperator.wrapReal(a, CommonOps_DDRM.transpose(a, null), dims.clone(), dimsd, true);
    }

    private static void checkOtherdims(int otherdims) {
        if (otherdims < 1) {
            throw new IllegalArgumentException("otherdims: " + otherdims + ", expected at least 1");
        }
    }

    private static void checkSampling(double h, String name) {
        if (h == 0.0 || !Double.isFinite(h)) {
            throw new IllegalArgumentException(name + ": " + h + ", expected a finite non-zero step");
        }
    }

    private static void requireEdgeLength(int n, int min, String what) {
        if (n < min) {
            throw new IllegalArgumentException("n: " + n + ", expected at least " + min + " samples for the edge formulas"
                    + " of the " + what);
        }
    }

    private static void checkDenseSize(long rows, long cols, String what) {
        if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE || rows * cols > MAX_ENTRIES) {
            throw new IllegalArgumentException(what + ": " + rows + "×" + cols + " is too large for a dense reference"
                    + " matrix (at most " + MAX_ENTRIES + " entries)");
        }
    }

    private static int toInt(long v, String name) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + v + ", expected at most " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    private static int rankOf(int[] coords, int[] grid) {
        int r = 0;
        for (int k = 0; k < grid.length; k++) {
            r = r * grid[k] + coords[k];
        }
        return r;
    }

    private static long[] rowMajorStrides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            s[k] = acc;
            acc *= shape[k];
        }
        return s;
    }

    private static void unravel(long flat, long[] shape, long[] out) {
        for (int k = shape.length - 1; k >= 0; k--) {
            out[k] = shape[k] == 0 ? 0 : flat % shape[k];
            flat = shape[k] == 0 ? 0 : flat / shape[k];
        }
    }
}
