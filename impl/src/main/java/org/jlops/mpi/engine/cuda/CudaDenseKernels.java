package org.jlops.mpi.engine.cuda;

import org.jlops.mpi.cuda.Cublas;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.ElementType;

/**
 * The CUDA engine's dense products: cuBLAS {@code gemm} (and {@code gemv} for one row of the
 * output), and {@code gemmStridedBatched} for a batch in one call, on device buffers. cuBLAS is column-major; a row-major {@code C = op(A) B} is the column-major
 * {@code Cᵀ = Bᵀ op(A)ᵀ}, so B goes first untransposed and A second with {@code N}, {@code T} or
 * {@code C}: the same memory, no copies.
 */
final class CudaDenseKernels implements DenseKernels {

    private final CudaEngine engine;

    CudaDenseKernels(CudaEngine engine) {
        this.engine = engine;
    }

    @Override
    public void gemm(Op op, int m, int n, int k, Buffer a, long aPos, int lda, Buffer b, long bPos, int ldb,
            boolean accumulate, Buffer c, long cPos, int ldc) {
        CudaBuffer da = CudaEngine.device(a), db = CudaEngine.device(b), dc = CudaEngine.device(c);
        ElementType t = da.type();
        if (db.type() != t || dc.type() != t) {
            throw new IllegalArgumentException("buffers: element types differ, " + t + ", " + db.type() + " and "
                    + dc.type());
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("m, n, k: must not be negative, got " + m + ", " + n + ", " + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        boolean transposed = op != Op.NONE;
        long aRows = transposed ? k : m, aCols = transposed ? m : k;
        check("a", da, aPos, aRows, aCols, lda);
        check("b", db, bPos, k, n, ldb);
        check("c", dc, cPos, m, n, ldc);
        int opA = cublasOp(op, t);
        double[] one = {1, 0};
        double[] beta = {accumulate ? 1 : 0, 0};
        Cublas blas = engine.cublas();
        engine.bind();
        // column-major: C^T (n x m) = B^T (n x k) * op(A)^T (k x m)
        if (m == 1 && opA == Cublas.OP_N) {
            // one row of C: c^T = B^T a^T, a gemv on B's column-major view (n x k, leading dimension ldb)
            blas.gemv(t.isDoublePrecision(), t.isComplex(), Cublas.OP_N, n, k, one, db.address(bPos), Math.max(1, ldb),
                    da.address(aPos), beta, dc.address(cPos));
        } else {
            blas.gemm(t.isDoublePrecision(), t.isComplex(), Cublas.OP_N, opA, n, m, k, one, db.address(bPos),
                    Math.max(1, ldb), da.address(aPos), Math.max(1, lda), beta, dc.address(cPos), Math.max(1, ldc));
        }
        engine.runtime().synchronize();
    }

    /**
     * One {@code cublas?gemmStridedBatched} call for the whole batch, mirroring {@link #gemm}: the
     * row-major {@code C_i = op(A_i) B_i} is the column-major {@code C_iᵀ = B_iᵀ op(A_i)ᵀ}, so
     * the {@code B_i} go first untransposed ({@code n × k}, leading dimension {@code ldb}, stride
     * {@code strideB}) and the {@code A_i} second with {@code N}, {@code T} or {@code C}. The first
     * and the last product's matrices are checked against their buffers before the call.
     */
    @Override
    public void gemmStridedBatched(Op op, int m, int n, int k, Buffer a, long aPos, int lda, long strideA, Buffer b,
            long bPos, int ldb, long strideB, boolean accumulate, Buffer c, long cPos, int ldc, long strideC,
            int batch) {
        DenseKernels.checkStridedBatch(op, m, n, k, a, aPos, lda, strideA, b, bPos, ldb, strideB, c, cPos, ldc,
                strideC, batch);
        CudaBuffer da = CudaEngine.device(a), db = CudaEngine.device(b), dc = CudaEngine.device(c);
        ElementType t = da.type();
        if (db.type() != t || dc.type() != t) {
            throw new IllegalArgumentException("buffers: element types differ, " + t + ", " + db.type() + " and "
                    + dc.type());
        }
        if (m == 0 || n == 0 || batch == 0) {
            return;
        }
        boolean transposed = op != Op.NONE;
        long aRows = transposed ? k : m, aCols = transposed ? m : k;
        long last = batch - 1L;
        for (long i : new long[] {0, last}) {
            check("a", da, aPos + i * strideA, aRows, aCols, lda);
            check("b", db, bPos + i * strideB, k, n, ldb);
            check("c", dc, cPos + i * strideC, m, n, ldc);
        }
        int opA = cublasOp(op, t);
        double[] one = {1, 0};
        double[] beta = {accumulate ? 1 : 0, 0};
        Cublas blas = engine.cublas();
        engine.bind();
        // column-major: C_i^T (n x m) = B_i^T (n x k) * op(A_i)^T (k x m), every i
        blas.gemmStridedBatched(t.isDoublePrecision(), t.isComplex(), Cublas.OP_N, opA, n, m, k, one,
                db.address(bPos), Math.max(1, ldb), strideB, da.address(aPos), Math.max(1, lda), strideA, beta,
                dc.address(cPos), Math.max(1, ldc), strideC, batch);
        engine.runtime().synchronize();
    }

    private static void check(String what, CudaBuffer buf, long pos, long rows, long cols, int ld) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ld < cols) {
            throw new IllegalArgumentException("ld" + what + ": " + ld + " is less than the row length " + cols);
        }
        CudaEngine.range(what, buf, pos, (rows - 1) * ld + cols);
    }

    @Override
    public String implementation(ElementType type) {
        return "cuBLAS " + (type.isComplex() ? (type.isDoublePrecision() ? "zgemm" : "cgemm")
                : (type.isDoublePrecision() ? "dgemm" : "sgemm")) + " (FFM)";
    }

    /**
     * Not provided on the device.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public DenseKernels loops() {
        throw new UnsupportedOperationException("the CUDA engine has no loop fallback for dense products: cuBLAS only");
    }

    /** cuBLAS's code of {@code op} for {@code t} (the adjoint of a real matrix is its transpose). */
    private static int cublasOp(Op op, ElementType t) {
        return switch (op) {
            case NONE -> Cublas.OP_N;
            case TRANSPOSE -> Cublas.OP_T;
            case ADJOINT -> t.isComplex() ? Cublas.OP_C : Cublas.OP_T;
        };
    }
}
