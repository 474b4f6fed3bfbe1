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
 * <p>{@link #gemmStridedBatched} runs a batch of such products at fixed strides in one call
 * (one cuBLAS call on the CUDA engine, a loop of {@link #gemm} on the host).
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
     * {@code batch} products at fixed strides, {@code C_i = op(A_i) · B_i} (or {@code C_i +=}
     * when {@code accumulate}) for {@code i = 0 .. batch-1}, where {@code A_i} starts at
     * {@code aPos + i · strideA}, {@code B_i} at {@code bPos + i · strideB} and {@code C_i} at
     * {@code cPos + i · strideC}; every product is shaped as in {@link #gemm}. Local.
     *
     * <p>This is the batched product of {@code Fredholm1} (one slice per product) and of a
     * block-diagonal of equal dense blocks. The default implementation, which the host engine
     * uses, calls {@link #gemm} for {@code i = 0, 1, ...} in order, so its results are those of
     * that loop bit for bit; the CUDA engine makes one {@code cublas?gemmStridedBatched} call.
     * Every range is checked before anything is written. A stride of 0 for {@code A} or {@code B}
     * uses one matrix in every product; the outputs must not overlap one another
     * ({@code strideC} at least the extent of one {@code C_i} when {@code batch > 1}), nor any
     * input.
     *
     * @param op         what to apply to every {@code A_i}
     * @param m          rows of {@code op(A_i)} and {@code C_i}, at least 0
     * @param n          columns of {@code B_i} and {@code C_i}, at least 0
     * @param k          columns of {@code op(A_i)}, rows of {@code B_i}, at least 0
     * @param a          (Input) holds the {@code A_i}; not modified
     * @param aPos       the element of {@code A_0[0, 0]}
     * @param lda        elements from one row of an {@code A_i} to the next, as in {@link #gemm}
     * @param strideA    elements from {@code A_i[0, 0]} to {@code A_{i+1}[0, 0]}, at least 0
     * @param b          (Input) holds the {@code B_i}; not modified
     * @param bPos       the element of {@code B_0[0, 0]}
     * @param ldb        elements from one row of a {@code B_i} to the next, at least {@code n}
     * @param strideB    elements from {@code B_i[0, 0]} to {@code B_{i+1}[0, 0]}, at least 0
     * @param accumulate add to every {@code C_i} instead of overwriting it
     * @param c          (Output) holds the {@code C_i}; their entries are overwritten (or added
     *                   to), nothing else
     * @param cPos       the element of {@code C_0[0, 0]}
     * @param ldc        elements from one row of a {@code C_i} to the next, at least {@code n}
     * @param strideC    elements from {@code C_i[0, 0]} to {@code C_{i+1}[0, 0]}: at least
     *                   {@code (m - 1) · ldc + n} when {@code batch > 1} and {@code C_i} is not empty
     * @param batch      the number of products, at least 0 (0: nothing is done)
     * @throws IllegalArgumentException naming the argument when a size, stride or the batch is
     *                                  negative, a leading dimension is too small, the outputs
     *                                  overlap, the last matrix of a batch does not fit its buffer
     *                                  or the buffers' element types differ
     */
    default void gemmStridedBatched(Op op, int m, int n, int k, Buffer a, long aPos, int lda, long strideA,
            Buffer b, long bPos, int ldb, long strideB, boolean accumulate, Buffer c, long cPos, int ldc, long strideC,
            int batch) {
        checkStridedBatch(op, m, n, k, a, aPos, lda, strideA, b, bPos, ldb, strideB, c, cPos, ldc, strideC, batch);
        for (int i = 0; i < batch; i++) {
            gemm(op, m, n, k, a, aPos + i * strideA, lda, b, bPos + i * strideB, ldb, accumulate, c, cPos + i * strideC,
                    ldc);
        }
    }

    /**
     * The checks of {@link #gemmStridedBatched} that a single {@link #gemm} cannot make, for
     * implementations: the batch and the strides not negative, the outputs apart, and the last
     * product's matrices inside their buffers (so that a failing batch writes nothing). Local.
     *
     * @param op      what to apply to every {@code A_i}
     * @param m       rows of {@code op(A_i)} and {@code C_i}
     * @param n       columns of {@code B_i} and {@code C_i}
     * @param k       columns of {@code op(A_i)}, rows of {@code B_i}
     * @param a       holds the {@code A_i}
     * @param aPos    the element of {@code A_0[0, 0]}
     * @param lda     the leading dimension of the {@code A_i}
     * @param strideA elements from {@code A_i} to {@code A_{i+1}}
     * @param b       holds the {@code B_i}
     * @param bPos    the element of {@code B_0[0, 0]}
     * @param ldb     the leading dimension of the {@code B_i}
     * @param strideB elements from {@code B_i} to {@code B_{i+1}}
     * @param c       holds the {@code C_i}
     * @param cPos    the element of {@code C_0[0, 0]}
     * @param ldc     the leading dimension of the {@code C_i}
     * @param strideC elements from {@code C_i} to {@code C_{i+1}}
     * @param batch   the number of products
     * @throws IllegalArgumentException naming the bad argument
     */
    static void checkStridedBatch(Op op, int m, int n, int k, Buffer a, long aPos, int lda, long strideA, Buffer b,
            long bPos, int ldb, long strideB, Buffer c, long cPos, int ldc, long strideC, int batch) {
        if (op == null) {
            throw new IllegalArgumentException("op: must not be null");
        }
        if (batch < 0) {
            throw new IllegalArgumentException("batch: must not be negative, got " + batch);
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("m, n, k: must not be negative, got (" + m + ", " + n + ", " + k + ")");
        }
        if (strideA < 0 || strideB < 0 || strideC < 0) {
            throw new IllegalArgumentException("strideA, strideB, strideC: must not be negative, got (" + strideA + ", "
                    + strideB + ", " + strideC + ")");
        }
        if (a == null || b == null || c == null) {
            throw new IllegalArgumentException((a == null ? "a" : b == null ? "b" : "c") + ": must not be null");
        }
        if (batch > 1 && m > 0 && n > 0 && strideC < (long) (m - 1) * ldc + n) {
            throw new IllegalArgumentException("strideC: " + strideC + " is less than the extent " + ((long) (m - 1) * ldc
                    + n) + " of one " + m + " x " + n + " output with leading dimension " + ldc
                    + ": the products would overwrite one another");
        }
        if (batch > 1) {
            long last = batch - 1L;
            boolean plain = op == Op.NONE;
            lastFits("a", a, aPos + last * strideA, plain ? m : k, plain ? k : m, lda);
            lastFits("b", b, bPos + last * strideB, k, n, ldb);
            lastFits("c", c, cPos + last * strideC, m, n, ldc);
        }
    }

    /** The last product's {@code rows × cols} matrix (leading dimension {@code ld}) from {@code pos} fits {@code x}. */
    private static void lastFits(String name, Buffer x, long pos, int rows, int cols, int ld) {
        if (rows > 0 && cols > 0 && ld >= cols && pos + (long) (rows - 1) * ld + cols > x.length()) {
            throw new IllegalArgumentException(name + ": the last " + rows + " x " + cols + " matrix of the batch, from "
                    + "element " + pos + " with leading dimension " + ld + ", ends at element "
                    + (pos + (long) (rows - 1) * ld + cols) + ", outside the buffer of " + x.length() + " elements");
        }
    }

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
