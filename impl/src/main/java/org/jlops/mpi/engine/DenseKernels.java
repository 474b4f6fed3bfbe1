package org.jlops.mpi.engine;

/**
 * Dense matrix products on an engine's buffers: the BLAS level-3 product {@code gemm} (and the
 * level-2 {@code gemv} it becomes for a single column), on row-major matrices held at offsets
 * inside buffers:
 *
 * <pre>
 *     C = op(A) · B            (or C += op(A) · B when accumulating)
 *
 *     op(A) = A     (m × k, stored m × k)      Op.NONE
 *           = Aᵀ    (m × k, stored k × m)      Op.TRANSPOSE
 *           = Aᴴ    (m × k, stored k × m)      Op.ADJOINT  (conjugate transpose; Aᵀ for real types)
 *     B: k × n, C: m × n
 * </pre>
 *
 * <p>Row {@code i} of a matrix starts {@code i · ld} elements after its first element, so a tile
 * of a larger row-major matrix is addressed by its first element and the larger matrix's row
 * length. All three buffers have one element type; complex elements are interleaved
 * {@code (re, im)} pairs and count once in positions and leading dimensions.
 *
 * <p>The host engine ({@link Engine#dense()}) calls a native BLAS on the live Java arrays, without
 * copies: {@code dgemm}/{@code sgemm}/{@code dgemv}/{@code sgemv} through
 * {@code dev.ludovic.netlib} for the real types, and the system CBLAS
 * ({@code cblas_zgemm}/{@code cblas_cgemm}/{@code cblas_zgemv}/{@code cblas_cgemv}) through the
 * Foreign Function &amp; Memory API for the complex types, each when present; otherwise plain Java
 * loops. {@link #implementation(ElementType)} says which runs; {@link #loops()} gives the loops
 * whatever is installed, to check one path against the other. Results of BLAS and loops agree up
 * to rounding, not bit for bit; each path is deterministic for given shapes and operands.
 *
 * <p>Kernels never communicate. The output range must not overlap an input range; nothing
 * outside the output range is written.
 */
public interface DenseKernels {

    /** What is applied to {@code A} before the product. */
    enum Op {
        /** {@code A} itself. */
        NONE,
        /** The transpose {@code Aᵀ}. */
        TRANSPOSE,
        /** The conjugate transpose {@code Aᴴ} (the transpose for real types). */
        ADJOINT
    }

    /**
     * {@code C = op(A) · B}, or {@code C += op(A) · B} when {@code accumulate}. Local.
     *
     * @param op         what to apply to {@code A}
     * @param m          rows of {@code op(A)} and {@code C}, at least 0
     * @param n          columns of {@code B} and {@code C}, at least 0
     * @param k          columns of {@code op(A)}, rows of {@code B}, at least 0 ({@code k = 0}:
     *                   {@code C = 0}, or unchanged when accumulating)
     * @param a          (Input) holds {@code A} (m × k, or k × m when transposed); not modified
     * @param aPos       the element of {@code A[0, 0]}
     * @param lda        elements from one row of {@code A} to the next, at least its row length (any
     *                   value at least 0 when A is empty)
     * @param b          (Input) holds {@code B} (k × n); not modified
     * @param bPos       the element of {@code B[0, 0]}
     * @param ldb        elements from one row of {@code B} to the next, at least {@code n}
     * @param accumulate add to {@code C} instead of overwriting it
     * @param c          (Output) holds {@code C} (m × n); its m × n entries are overwritten (or
     *                   added to), nothing else
     * @param cPos       the element of {@code C[0, 0]}
     * @param ldc        elements from one row of {@code C} to the next, at least {@code n}
     * @throws IllegalArgumentException naming the argument when a size is negative, a leading
     *                                  dimension is too small, a matrix does not fit its buffer
     *                                  or the buffers' element types differ
     */
    void gemm(Op op, int m, int n, int k, Buffer a, long aPos, int lda, Buffer b, long bPos, int ldb,
            boolean accumulate, Buffer c, long cPos, int ldc);

    /**
     * What computes the products of {@code type}, e.g.
     * {@code "BLAS dev.ludovic.netlib.blas.JNIBLAS"}, {@code "CBLAS libopenblas.so.0 (FFM)"} or
     * {@code "Java loops (...reason...)"}. Loads the BLAS on first use. Local.
     *
     * @param type the element type
     * @return a one-line description
     */
    String implementation(ElementType type);

    /**
     * The same products as plain Java loops, whatever BLAS is installed (the fallback; tests
     * compare the two paths). Local.
     *
     * @return kernels computing with loops only
     */
    DenseKernels loops();
}
