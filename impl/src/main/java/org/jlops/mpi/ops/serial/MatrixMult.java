package org.jlops.mpi.ops.serial;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;

/**
 * A dense matrix product (serial PyLops' {@code MatrixMult}, SPEC §9): a row-major
 * {@code M × N} matrix {@code A} applied to a model of shape {@code (N, otherdims...)}, that is to
 * each of its {@code K = prod(otherdims)} columns at once,
 *
 * <pre>
 *     Y = A X          X: N × K, Y: M × K (row-major)      dims = (N, otherdims...), dimsd = (M, otherdims...)
 *     X = A^H Y        (conjugate transpose for complex A; A^T for real A)
 * </pre>
 *
 * <p>Without {@code otherdims} ({@code K = 1}) the model is the vector {@code (N,)} and the data
 * {@code (M,)}.
 *
 * <p><b>Kernels.</b> For float64 and float32 the products are one BLAS call on the live host
 * arrays, with offsets and no copies: {@code dgemv}/{@code sgemv} when {@code K = 1}
 * ({@code "T"} forward, {@code "N"} adjoint, since a row-major {@code A} is the column-major
 * {@code A^T}), {@code dgemm}/{@code sgemm} otherwise. The BLAS is
 * {@code dev.ludovic.netlib}'s {@link BLAS#getInstance()}: the system's native BLAS (OpenBLAS)
 * when {@code libblas.so.3} is installed and the JVM runs with
 * {@code --enable-native-access=ALL-UNNAMED}, else its pure-Java implementation; see
 * {@link #blasImplementation()}. A real operator also accepts complex buffers of its precision:
 * the interleaved {@code N × K} complex model is a real {@code N × 2K} matrix, so that is one
 * {@code gemm} too. Complex matrices use plain loops over the interleaved storage, row by row of
 * {@code A} (which streams through {@code A} once per product). {@link #withBlas(boolean)}
 * selects plain loops for the real types as well, which tests use to check the two paths agree.
 *
 * <p>Buffers that do not live on the host are staged through heap arrays (one copy in, one out).
 * The output range must not overlap the input's. Instances are immutable and may be shared by
 * threads (the in-JVM ranks).
 *
 * <p>Differences from PyLops: {@code otherdims} is a {@code long[]}; a complex matrix with a real
 * {@code dtype} is rejected (NumPy would drop the imaginary part with a warning); the matrix is
 * copied at construction.
 */
public final class MatrixMult extends HostOperator {

    private final int m;
    private final int n;
    private final int k;
    private final long[] otherdims;
    private final double[] ad; // row-major A, complex interleaved; null for single precision
    private final float[] af;  // null for double precision
    private final boolean useBlas;

    /**
     * {@code y = A x} on a vector model, with the matrix's dtype.
     *
     * @param a (Input) the {@code M × N} matrix, any dtype; not modified (copied)
     * @throws IllegalArgumentException if {@code a} is null or not 2-d
     */
    public MatrixMult(NdArray a) {
        this(a, null, a == null ? null : a.dtype());
    }

    /**
     * {@code Y = A X} on a model of shape {@code (N, otherdims...)}.
     *
     * @param a         (Input) the {@code M × N} matrix; not modified (copied, converted to {@code dtype})
     * @param otherdims (Input) the trailing model dimensions, each at least 0; null or empty for a
     *                  vector model; copied
     * @param dtype     the operator's dtype; a real matrix may be made complex, a complex matrix
     *                  cannot be made real
     * @throws IllegalArgumentException naming the bad argument
     */
    public MatrixMult(NdArray a, long[] otherdims, DType dtype) {
        this(check(a, dtype), otherdims, dtype, true);
    }

    private MatrixMult(NdArray a, long[] otherdims, DType dtype, boolean useBlas) {
        int am = (int) a.shape(0);
        int an = (int) a.shape(1);
        long[] od = otherdims == null ? new long[0] : otherdims.clone();
        long kk = 1;
        for (long d : od) {
            if (d < 0) {
                throw new IllegalArgumentException("otherdims: negative dimension in " + Arrays.toString(otherdims));
            }
            kk = Math.multiplyExact(kk, d);
        }
        if ((long) am * kk > Integer.MAX_VALUE || (long) an * kk > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("otherdims: " + Arrays.toString(otherdims) + " with a " + am + " x "
                    + an + " matrix gives vectors longer than one host array holds");
        }
        super(withLead(an, od), withLead(am, od), dtype);
        this.m = am;
        this.n = an;
        this.otherdims = od;
        this.k = (int) kk;
        Object data = (a.dtype() == dtype ? a.copy() : a.astype(dtype)).data();
        this.ad = data instanceof double[] d ? d : null;
        this.af = data instanceof float[] f ? f : null;
        this.useBlas = useBlas;
    }

    private MatrixMult(MatrixMult o, boolean useBlas) {
        super(o.dims(), o.dimsd(), o.dtype);
        this.m = o.m;
        this.n = o.n;
        this.k = o.k;
        this.otherdims = o.otherdims;
        this.ad = o.ad;
        this.af = o.af;
        this.useBlas = useBlas;
    }

    private static NdArray check(NdArray a, DType dtype) {
        if (a == null) {
            throw new IllegalArgumentException("a: must not be null");
        }
        if (a.ndim() != 2) {
            throw new IllegalArgumentException("a: expected a 2-d matrix, got shape " + Arrays.toString(a.shape()));
        }
        if (dtype == null) {
            throw new IllegalArgumentException("dtype: must not be null");
        }
        if (a.dtype().isComplex() && !dtype.isComplex()) {
            throw new IllegalArgumentException("dtype: " + dtype + " cannot hold the complex matrix a of dtype "
                    + a.dtype());
        }
        return a;
    }

    /**
     * A float64 operator from a row-major matrix.
     *
     * @param a    (Input) {@code rows * cols} entries, row-major; not modified (copied)
     * @param rows {@code M}
     * @param cols {@code N}
     * @return the operator on a vector model
     * @throws IllegalArgumentException if the length does not match the shape
     */
    public static MatrixMult ofFloat64(double[] a, int rows, int cols) {
        return new MatrixMult(NdArray.wrap(DType.FLOAT64, lengthChecked(a, 1, rows, cols), rows, cols));
    }

    /**
     * A float32 operator from a row-major matrix.
     *
     * @param a    (Input) {@code rows * cols} entries, row-major; not modified (copied)
     * @param rows {@code M}
     * @param cols {@code N}
     * @return the operator on a vector model
     * @throws IllegalArgumentException if the length does not match the shape
     */
    public static MatrixMult ofFloat32(float[] a, int rows, int cols) {
        return new MatrixMult(NdArray.wrap(DType.FLOAT32, lengthChecked(a, 1, rows, cols), rows, cols));
    }

    /**
     * A complex128 operator from a row-major matrix of interleaved {@code (re, im)} pairs.
     *
     * @param a    (Input) {@code 2 * rows * cols} entries; not modified (copied)
     * @param rows {@code M}
     * @param cols {@code N}
     * @return the operator on a vector model
     * @throws IllegalArgumentException if the length does not match the shape
     */
    public static MatrixMult ofComplex128(double[] a, int rows, int cols) {
        return new MatrixMult(NdArray.wrap(DType.COMPLEX128, lengthChecked(a, 2, rows, cols), rows, cols));
    }

    /**
     * A complex64 operator from a row-major matrix of interleaved {@code (re, im)} pairs.
     *
     * @param a    (Input) {@code 2 * rows * cols} entries; not modified (copied)
     * @param rows {@code M}
     * @param cols {@code N}
     * @return the operator on a vector model
     * @throws IllegalArgumentException if the length does not match the shape
     */
    public static MatrixMult ofComplex64(float[] a, int rows, int cols) {
        return new MatrixMult(NdArray.wrap(DType.COMPLEX64, lengthChecked(a, 2, rows, cols), rows, cols));
    }

    private static Object lengthChecked(Object a, int comps, int rows, int cols) {
        if (a == null) {
            throw new IllegalArgumentException("a: must not be null");
        }
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows, cols: (" + rows + ", " + cols + ") must not be negative");
        }
        int len = a instanceof double[] d ? d.length : ((float[]) a).length;
        if ((long) rows * cols * comps != len) {
            throw new IllegalArgumentException("a: " + len + " entries, but a " + rows + " x " + cols + " matrix needs "
                    + (long) rows * cols * comps);
        }
        return a instanceof double[] d ? d.clone() : ((float[]) a).clone();
    }

    /**
     * The same operator computing with BLAS ({@code true}, the default) or with plain Java loops
     * ({@code false}) for the real dtypes; complex dtypes always use loops. Shares the matrix.
     *
     * @param blas whether to call BLAS
     * @return an operator with the same matrix and shapes
     */
    public MatrixMult withBlas(boolean blas) {
        return blas == useBlas ? this : new MatrixMult(this, blas);
    }

    /**
     * Whether the products call BLAS (see {@link #withBlas(boolean)}).
     *
     * @return true for a real operator that has not been switched to loops
     */
    public boolean usesBlas() {
        return useBlas && !dtype.isComplex();
    }

    /**
     * The class name of the BLAS implementation the real products call, e.g.
     * {@code dev.ludovic.netlib.blas.JNIBLAS} (native, the system's {@code libblas.so.3}),
     * {@code dev.ludovic.netlib.blas.VectorBLAS} or {@code dev.ludovic.netlib.blas.Java11BLAS}
     * (pure Java). Loads the BLAS on first use. netlib's warnings about implementations it could
     * not load are silenced unless {@code -Djlops.blas.verbose=true} is given or the logger
     * {@code dev.ludovic.netlib.blas.InstanceBuilder} has a level set.
     *
     * @return the fully qualified class name
     */
    public static String blasImplementation() {
        return Blas.INSTANCE.getClass().getName();
    }

    /** Lazily loaded BLAS, with netlib's fallback warnings silenced by default. */
    private static final class Blas {
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

    /**
     * The matrix {@code A}.
     *
     * @return a copy, {@code M × N}, of the operator's dtype
     */
    public NdArray matrix() {
        Object data = ad != null ? ad.clone() : af.clone();
        return NdArray.wrap(dtype, data, m, n);
    }

    /**
     * The trailing model dimensions.
     *
     * @return a copy; empty for a vector model
     */
    public long[] otherdims() {
        return otherdims.clone();
    }

    /** {@code (lead, otherdims...)}. */
    private static long[] withLead(long lead, long[] otherdims) {
        long[] d = new long[otherdims.length + 1];
        d[0] = lead;
        System.arraycopy(otherdims, 0, d, 1, otherdims.length);
        return d;
    }

    @Override
    void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        boolean split = checkBuffers(in, inPos, out, outPos, adjoint);
        long nIn = adjoint ? rows() : cols();
        long nOut = adjoint ? cols() : rows();
        int c = in.type().components();
        Object ia;
        int io;
        if (in.isHost()) {
            ia = in.hostArray();
            io = Math.toIntExact(inPos * c);
        } else {
            ia = HostRanges.stageIn(in, inPos, nIn);
            io = 0;
        }
        boolean hostOut = out.isHost();
        Object oa = hostOut ? out.hostArray() : HostRanges.stageIn(out, outPos, nOut);
        int oo = hostOut ? Math.toIntExact(outPos * c) : 0;
        if (dtype.isComplex()) {
            if (ad != null) {
                complex(ad, (double[]) ia, io, (double[]) oa, oo, adjoint);
            } else {
                complex(af, (float[]) ia, io, (float[]) oa, oo, adjoint);
            }
        } else {
            int kk = split ? 2 * k : k; // an interleaved complex N x K block is a real N x 2K block
            if (ad != null) {
                real(ad, (double[]) ia, io, (double[]) oa, oo, kk, adjoint);
            } else {
                real(af, (float[]) ia, io, (float[]) oa, oo, kk, adjoint);
            }
        }
        if (!hostOut) {
            HostRanges.stageOut(oa, out, outPos);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Real kernels: BLAS or loops. Row-major A (M x N) is the column-major A^T (N x M, lda = N);
    // row-major X (N x K) is the column-major X^T (K x N, ld = K).

    private void real(double[] a, double[] in, int io, double[] out, int oo, int kk, boolean adjoint) {
        int nOut = (adjoint ? n : m) * kk;
        if (m == 0 || n == 0 || kk == 0) {
            Arrays.fill(out, oo, oo + nOut, 0.0);
            return;
        }
        if (useBlas) {
            BLAS b = Blas.INSTANCE;
            if (kk == 1) {
                // y = A x  (col-major: (A^T)^T x);  x = A^T y
                b.dgemv(adjoint ? "N" : "T", n, m, 1.0, a, 0, n, in, io, 1, 0.0, out, oo, 1);
            } else if (!adjoint) {
                // Y^T (K x M) = X^T (K x N) * A^T (N x M)
                b.dgemm("N", "N", kk, m, n, 1.0, in, io, kk, a, 0, n, 0.0, out, oo, kk);
            } else {
                // X^T (K x N) = Y^T (K x M) * A (M x N), A = (A^T)^T
                b.dgemm("N", "T", kk, n, m, 1.0, in, io, kk, a, 0, n, 0.0, out, oo, kk);
            }
            return;
        }
        if (!adjoint) {
            forwardLoop(a, in, io, out, oo, kk);
        } else {
            adjointLoop(a, in, io, out, oo, kk);
        }
    }

    private void real(float[] a, float[] in, int io, float[] out, int oo, int kk, boolean adjoint) {
        int nOut = (adjoint ? n : m) * kk;
        if (m == 0 || n == 0 || kk == 0) {
            Arrays.fill(out, oo, oo + nOut, 0f);
            return;
        }
        if (useBlas) {
            BLAS b = Blas.INSTANCE;
            if (kk == 1) {
                b.sgemv(adjoint ? "N" : "T", n, m, 1f, a, 0, n, in, io, 1, 0f, out, oo, 1);
            } else if (!adjoint) {
                b.sgemm("N", "N", kk, m, n, 1f, in, io, kk, a, 0, n, 0f, out, oo, kk);
            } else {
                b.sgemm("N", "T", kk, n, m, 1f, in, io, kk, a, 0, n, 0f, out, oo, kk);
            }
            return;
        }
        if (!adjoint) {
            forwardLoop(a, in, io, out, oo, kk);
        } else {
            adjointLoop(a, in, io, out, oo, kk);
        }
    }

    // y[i, :] = sum_j A[i, j] x[j, :]
    private void forwardLoop(double[] a, double[] x, int xo, double[] y, int yo, int kk) {
        for (int i = 0; i < m; i++) {
            int row = i * n;
            if (kk == 1) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += a[row + j] * x[xo + j];
                }
                y[yo + i] = s;
                continue;
            }
            int yr = yo + i * kk;
            Arrays.fill(y, yr, yr + kk, 0.0);
            for (int j = 0; j < n; j++) {
                double aij = a[row + j];
                int xr = xo + j * kk;
                for (int t = 0; t < kk; t++) {
                    y[yr + t] += aij * x[xr + t];
                }
            }
        }
    }

    // x[j, :] = sum_i A[i, j] y[i, :]
    private void adjointLoop(double[] a, double[] y, int yo, double[] x, int xo, int kk) {
        Arrays.fill(x, xo, xo + n * kk, 0.0);
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int yr = yo + i * kk;
            for (int j = 0; j < n; j++) {
                double aij = a[row + j];
                int xr = xo + j * kk;
                for (int t = 0; t < kk; t++) {
                    x[xr + t] += aij * y[yr + t];
                }
            }
        }
    }

    private void forwardLoop(float[] a, float[] x, int xo, float[] y, int yo, int kk) {
        for (int i = 0; i < m; i++) {
            int row = i * n;
            if (kk == 1) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += (double) a[row + j] * x[xo + j];
                }
                y[yo + i] = (float) s;
                continue;
            }
            int yr = yo + i * kk;
            Arrays.fill(y, yr, yr + kk, 0f);
            for (int j = 0; j < n; j++) {
                float aij = a[row + j];
                int xr = xo + j * kk;
                for (int t = 0; t < kk; t++) {
                    y[yr + t] += aij * x[xr + t];
                }
            }
        }
    }

    private void adjointLoop(float[] a, float[] y, int yo, float[] x, int xo, int kk) {
        Arrays.fill(x, xo, xo + n * kk, 0f);
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int yr = yo + i * kk;
            for (int j = 0; j < n; j++) {
                float aij = a[row + j];
                int xr = xo + j * kk;
                for (int t = 0; t < kk; t++) {
                    x[xr + t] += aij * y[yr + t];
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Complex kernels, interleaved (re, im): forward Y[i, :] = sum_j A[i, j] X[j, :], adjoint
    // X[j, :] = sum_i conj(A[i, j]) Y[i, :], both streaming through A row by row.

    private void complex(double[] a, double[] in, int io, double[] out, int oo, boolean adjoint) {
        int nOut = (adjoint ? n : m) * k;
        Arrays.fill(out, oo, oo + 2 * nOut, 0.0);
        double sign = adjoint ? -1.0 : 1.0;
        for (int i = 0; i < m; i++) {
            int row = 2 * i * n;
            for (int j = 0; j < n; j++) {
                double ar = a[row + 2 * j];
                double ai = sign * a[row + 2 * j + 1];
                int src = adjoint ? io + 2 * i * k : io + 2 * j * k;
                int dst = adjoint ? oo + 2 * j * k : oo + 2 * i * k;
                for (int t = 0; t < 2 * k; t += 2) {
                    double xr = in[src + t];
                    double xi = in[src + t + 1];
                    out[dst + t] += ar * xr - ai * xi;
                    out[dst + t + 1] += ar * xi + ai * xr;
                }
            }
        }
    }

    private void complex(float[] a, float[] in, int io, float[] out, int oo, boolean adjoint) {
        int nOut = (adjoint ? n : m) * k;
        Arrays.fill(out, oo, oo + 2 * nOut, 0f);
        float sign = adjoint ? -1f : 1f;
        for (int i = 0; i < m; i++) {
            int row = 2 * i * n;
            for (int j = 0; j < n; j++) {
                float ar = a[row + 2 * j];
                float ai = sign * a[row + 2 * j + 1];
                int src = adjoint ? io + 2 * i * k : io + 2 * j * k;
                int dst = adjoint ? oo + 2 * j * k : oo + 2 * i * k;
                for (int t = 0; t < 2 * k; t += 2) {
                    float xr = in[src + t];
                    float xi = in[src + t + 1];
                    out[dst + t] += ar * xr - ai * xi;
                    out[dst + t + 1] += ar * xi + ai * xr;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "MatrixMult(" + m + "x" + n + (otherdims.length == 0 ? "" : ", otherdims="
                + Arrays.toString(otherdims)) + ", dtype=" + dtype + ")";
    }
}
