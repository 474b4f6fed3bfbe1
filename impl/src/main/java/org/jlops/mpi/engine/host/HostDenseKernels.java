package org.jlops.mpi.engine.host;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.ElementType;

/**
 * The host engine's dense products ({@link DenseKernels}) on Java arrays, without copies.
 *
 * <ul>
 *   <li>float64, float32: {@code dgemm}/{@code sgemm} ({@code dgemv}/{@code sgemv} for one column)
 *       of {@code dev.ludovic.netlib}'s {@link BLAS#getInstance()}: the system's native BLAS when
 *       {@code libblas.so.3} loads (OpenBLAS here), else netlib's pure-Java BLAS. A row-major
 *       {@code C = op(A) B} is the column-major {@code Cᵀ = Bᵀ op(A)ᵀ}, so the operands are passed
 *       swapped and nothing is transposed in memory.</li>
 *   <li>complex128, complex64: {@code cblas_zgemm}/{@code cblas_cgemm} ({@code zgemv}/{@code cgemv}
 *       for one column) of the system's CBLAS through FFM ({@link NativeCblas}), row-major;
 *       without one, Java loops.</li>
 * </ul>
 *
 * <p>{@link #loops()} computes every type with plain loops streaming rows of {@code B} and
 * {@code C}: {@code C[i, :] += op(A)[i, p] B[p, :]}. Every range is checked before any native
 * call. Instances are immutable and thread-safe (the in-JVM ranks share them).
 */
final class HostDenseKernels implements DenseKernels {

    /** BLAS where present. */
    static final HostDenseKernels BLAS_KERNELS = new HostDenseKernels(true);
    /** Loops only. */
    static final HostDenseKernels LOOP_KERNELS = new HostDenseKernels(false);

    private final boolean blas;

    private HostDenseKernels(boolean blas) {
        this.blas = blas;
    }

    @Override
    public DenseKernels loops() {
        return LOOP_KERNELS;
    }

    @Override
    public String implementation(ElementType type) {
        if (!blas) {
            return "Java loops";
        }
        return type.isComplex() ? NativeCblas.description() : Netlib.INSTANCE.getClass().getName();
    }

    /** Lazily loaded netlib BLAS, with netlib's fallback warnings silenced by default. */
    private static final class Netlib {
        /** Kept reachable so the level set on it stays in force. */
        static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
        static final BLAS INSTANCE = load();

        private static BLAS load() {
            if (!Boolean.getBoolean("jlops.blas.verbose") && NETLIB_LOG.getLevel() == null) {
                NETLIB_LOG.setLevel(Level.SEVERE);
            }
            return BLAS.getInstance();
        }
    }

    @Override
    public void gemm(Op op, int m, int n, int k, Buffer a, long aPos, int lda, Buffer b, long bPos, int ldb,
            boolean accumulate, Buffer c, long cPos, int ldc) {
        check(op, m, n, k, a, aPos, lda, b, bPos, ldb, c, cPos, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        int ao = (int) aPos;
        int bo = (int) bPos;
        int co = (int) cPos;
        ElementType t = a.type();
        if (k == 0) {
            if (!accumulate) {
                zero(c.hostArray(), t.components(), m, n, co, ldc);
            }
            return;
        }
        if (t.isDoublePrecision()) {
            double[] ad = (double[]) a.hostArray();
            double[] bd = (double[]) b.hostArray();
            double[] cd = (double[]) c.hostArray();
            if (!t.isComplex()) {
                if (blas) {
                    netlib(op, m, n, k, ad, ao, lda, bd, bo, ldb, accumulate, cd, co, ldc);
                } else {
                    loop(op, m, n, k, ad, ao, lda, bd, bo, ldb, accumulate, cd, co, ldc);
                }
            } else {
                NativeCblas z = blas ? NativeCblas.instance().orElse(null) : null;
                if (z == null) {
                    loopComplex(op, m, n, k, ad, ao, lda, bd, bo, ldb, accumulate, cd, co, ldc);
                } else if (n == 1) {
                    z.zgemv(op, m, k, ad, ao, lda, bd, bo, ldb, accumulate, cd, co, ldc);
                } else {
                    z.zgemm(op, m, n, k, ad, ao, lda, bd, bo, ldb, accumulate, cd, co, ldc);
                }
            }
        } else {
            float[] af = (float[]) a.hostArray();
            float[] bf = (float[]) b.hostArray();
            float[] cf = (float[]) c.hostArray();
            if (!t.isComplex()) {
                if (blas) {
                    netlib(op, m, n, k, af, ao, lda, bf, bo, ldb, accumulate, cf, co, ldc);
                } else {
                    loop(op, m, n, k, af, ao, lda, bf, bo, ldb, accumulate, cf, co, ldc);
                }
            } else {
                NativeCblas z = blas ? NativeCblas.instance().orElse(null) : null;
                if (z == null) {
                    loopComplex(op, m, n, k, af, ao, lda, bf, bo, ldb, accumulate, cf, co, ldc);
                } else if (n == 1) {
                    z.cgemv(op, m, k, af, ao, lda, bf, bo, ldb, accumulate, cf, co, ldc);
                } else {
                    z.cgemm(op, m, n, k, af, ao, lda, bf, bo, ldb, accumulate, cf, co, ldc);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------ checks

    private static void check(Op op, int m, int n, int k, Buffer a, long aPos, int lda, Buffer b, long bPos,
            int ldb, Buffer c, long cPos, int ldc) {
        if (op == null) {
            throw new IllegalArgumentException("op: must not be null");
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("m, n, k: must not be negative, got (" + m + ", " + n + ", " + k + ")");
        }
        host("a", a);
        host("b", b);
        host("c", c);
        if (b.type() != a.type() || c.type() != a.type()) {
            throw new IllegalArgumentException("a, b, c: element types " + a.type() + ", " + b.type() + ", "
                    + c.type() + ", expected one type");
        }
        boolean plain = op == Op.NONE;
        matrix("a", a, aPos, plain ? m : k, plain ? k : m, lda);
        matrix("b", b, bPos, k, n, ldb);
        matrix("c", c, cPos, m, n, ldc);
    }

    private static void host(String name, Buffer x) {
        if (x == null) {
            throw new IllegalArgumentException(name + ": must not be null");
        }
        if (!x.isHost()) {
            throw new IllegalArgumentException(name + ": the host engine's dense kernels need a host buffer");
        }
    }

    /** A rows × cols matrix with leading dimension ld from pos lies inside x. */
    private static void matrix(String name, Buffer x, long pos, int rows, int cols, int ld) {
        if (ld < cols) {
            throw new IllegalArgumentException(name + ": leading dimension " + ld + " for rows of " + cols
                    + " elements, expected at least " + cols);
        }
        if (pos < 0) {
            throw new IllegalArgumentException(name + ": position must not be negative, got " + pos);
        }
        if (rows > 0 && cols > 0) {
            long end = pos + (long) (rows - 1) * ld + cols;
            if (end > x.length()) {
                throw new IllegalArgumentException(name + ": a " + rows + " x " + cols + " matrix with leading dimension "
                        + ld + " from element " + pos + " ends at element " + end + ", outside the buffer of "
                        + x.length() + " elements");
            }
        }
    }

    private static void zero(Object c, int comps, int m, int n, int co, int ldc) {
        for (int i = 0; i < m; i++) {
            int from = comps * (co + i * ldc);
            if (c instanceof double[] d) {
                Arrays.fill(d, from, from + comps * n, 0.0);
            } else {
                Arrays.fill((float[]) c, from, from + comps * n, 0f);
            }
        }
    }

    // -------------------------------------------------------------------------- real: netlib BLAS
    // Row-major A (lda) is the column-major Aᵀ: C = op(A) B is called as Cᵀ = Bᵀ op(A)ᵀ.

    // netlib checks whole column-major columns (ld elements each) inside the array, where the contract
    // asks (rows - 1) ld + cols: a padded tile of A or B ending at the array's end is copied tight first

    /** Whether a row-major rows x cols tile from off with leading dimension ld needs {@link #tight}. */
    private static boolean paddedPastTheEnd(int length, int off, int rows, int ld) {
        return (long) off + (long) rows * ld > length;
    }

    private static double[] tight(double[] x, int off, int rows, int cols, int ld) {
        double[] t = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(x, off + i * ld, t, i * cols, cols);
        }
        return t;
    }

    private static float[] tight(float[] x, int off, int rows, int cols, int ld) {
        float[] t = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(x, off + i * ld, t, i * cols, cols);
        }
        return t;
    }

    private static void netlib(Op op, int m, int n, int k, double[] a, int ao, int lda, double[] b, int bo, int ldb,
            boolean acc, double[] c, int co, int ldc) {
        int aRows = op == Op.NONE ? m : k;
        if (paddedPastTheEnd(a.length, ao, aRows, lda)) {
            a = tight(a, ao, aRows, op == Op.NONE ? k : m, lda);
            ao = 0;
            lda = op == Op.NONE ? k : m;
        }
        if (n > 1 && paddedPastTheEnd(b.length, bo, k, ldb)) {
            b = tight(b, bo, k, n, ldb);
            bo = 0;
            ldb = n;
        }
        BLAS blas = Netlib.INSTANCE;
        double beta = acc ? 1.0 : 0.0;
        if (n == 1) {
            // c (stride ldc) = op(A) b (stride ldb); A row-major m x k is column-major k x m
            if (op == Op.NONE) {
                blas.dgemv("T", k, m, 1.0, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            } else {
                blas.dgemv("N", m, k, 1.0, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
        } else {
            blas.dgemm("N", op == Op.NONE ? "N" : "T", n, m, k, 1.0, b, bo, ldb, a, ao, lda, beta, c, co, ldc);
        }
    }

    private static void netlib(Op op, int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
            boolean acc, float[] c, int co, int ldc) {
        int aRows = op == Op.NONE ? m : k;
        if (paddedPastTheEnd(a.length, ao, aRows, lda)) {
            a = tight(a, ao, aRows, op == Op.NONE ? k : m, lda);
            ao = 0;
            lda = op == Op.NONE ? k : m;
        }
        if (n > 1 && paddedPastTheEnd(b.length, bo, k, ldb)) {
            b = tight(b, bo, k, n, ldb);
            bo = 0;
            ldb = n;
        }
        BLAS blas = Netlib.INSTANCE;
        float beta = acc ? 1f : 0f;
        if (n == 1) {
            if (op == Op.NONE) {
                blas.sgemv("T", k, m, 1f, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            } else {
                blas.sgemv("N", m, k, 1f, a, ao, lda, b, bo, ldb, beta, c, co, ldc);
            }
        } else {
            blas.sgemm("N", op == Op.NONE ? "N" : "T", n, m, k, 1f, b, bo, ldb, a, ao, lda, beta, c, co, ldc);
        }
    }

    // ------------------------------------------------------------------------------------ loops
    // C[i, :] (+)= sum_p op(A)[i, p] B[p, :], streaming rows of B and C; op(A)[i, p] is A[i, p]
    // (NONE) or A[p, i] (TRANSPOSE), conjugated for ADJOINT. A transposed A is read row by row too.

    private static void loop(Op op, int m, int n, int k, double[] a, int ao, int lda, double[] b, int bo, int ldb,
            boolean acc, double[] c, int co, int ldc) {
        if (!acc) {
            zero(c, 1, m, n, co, ldc);
        }
        for (int i = 0; i < (op == Op.NONE ? m : k); i++) {
            for (int p = 0; p < (op == Op.NONE ? k : m); p++) {
                double s = a[ao + i * lda + p];
                int row = op == Op.NONE ? i : p;  // the row of C
                int src = op == Op.NONE ? p : i;  // the row of B
                int ci = co + row * ldc;
                int bi = bo + src * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += s * b[bi + j];
                }
            }
        }
    }

    private static void loop(Op op, int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
            boolean acc, float[] c, int co, int ldc) {
        if (!acc) {
            zero(c, 1, m, n, co, ldc);
        }
        for (int i = 0; i < (op == Op.NONE ? m : k); i++) {
            for (int p = 0; p < (op == Op.NONE ? k : m); p++) {
                float s = a[ao + i * lda + p];
                int ci = co + (op == Op.NONE ? i : p) * ldc;
                int bi = bo + (op == Op.NONE ? p : i) * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += s * b[bi + j];
                }
            }
        }
    }

    private static void loopComplex(Op op, int m, int n, int k, double[] a, int ao, int lda, double[] b, int bo,
            int ldb, boolean acc, double[] c, int co, int ldc) {
        if (!acc) {
            zero(c, 2, m, n, co, ldc);
        }
        double sign = op == Op.ADJOINT ? -1.0 : 1.0;
        for (int i = 0; i < (op == Op.NONE ? m : k); i++) {
            for (int p = 0; p < (op == Op.NONE ? k : m); p++) {
                int at = 2 * (ao + i * lda + p);
                double sr = a[at];
                double si = sign * a[at + 1];
                int ci = 2 * (co + (op == Op.NONE ? i : p) * ldc);
                int bi = 2 * (bo + (op == Op.NONE ? p : i) * ldb);
                for (int j = 0; j < 2 * n; j += 2) {
                    double xr = b[bi + j];
                    double xi = b[bi + j + 1];
                    c[ci + j] += sr * xr - si * xi;
                    c[ci + j + 1] += sr * xi + si * xr;
                }
            }
        }
    }

    private static void loopComplex(Op op, int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo,
            int ldb, boolean acc, float[] c, int co, int ldc) {
        if (!acc) {
            zero(c, 2, m, n, co, ldc);
        }
        float sign = op == Op.ADJOINT ? -1f : 1f;
        for (int i = 0; i < (op == Op.NONE ? m : k); i++) {
            for (int p = 0; p < (op == Op.NONE ? k : m); p++) {
                int at = 2 * (ao + i * lda + p);
                float sr = a[at];
                float si = sign * a[at + 1];
                int ci = 2 * (co + (op == Op.NONE ? i : p) * ldc);
                int bi = 2 * (bo + (op == Op.NONE ? p : i) * ldb);
                for (int j = 0; j < 2 * n; j += 2) {
                    float xr = b[bi + j];
                    float xi = b[bi + j + 1];
                    c[ci + j] += sr * xr - si * xi;
                    c[ci + j + 1] += sr * xi + si * xr;
                }
            }
        }
    }
}
