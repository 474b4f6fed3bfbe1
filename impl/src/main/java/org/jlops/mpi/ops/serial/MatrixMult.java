package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;

/**
 * A dense matrix product (serial PyLops' {@code MatrixMult}): a row-major
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
 * <p><b>Kernels.</b> Every product is one call of the engine's dense kernels
 * ({@link Engine#dense()}) on the live host arrays, with offsets and no copies: {@code gemv} when
 * {@code K = 1}, {@code gemm} otherwise. For float64 and float32 that is
 * {@code dgemv}/{@code dgemm} ({@code sgemv}/{@code sgemm}) of {@code dev.ludovic.netlib}: the
 * system's native BLAS (OpenBLAS) when {@code libblas.so.3} is installed and the JVM runs with
 * {@code --enable-native-access=ALL-UNNAMED}, else its pure-Java implementation; see
 * {@link #blasImplementation()}. For complex128 and complex64 it is {@code cblas_zgemv}/{@code
 * cblas_zgemm} ({@code cblas_cgemv}/{@code cblas_cgemm}) of the system's CBLAS, bound through the
 * Foreign Function &amp; Memory API with critical downcalls on the Java arrays, when one loads
 * (see {@link #complexBlasImplementation()}), else plain loops. A real operator also accepts
 * complex buffers of its precision: the interleaved {@code N × K} complex model is a real
 * {@code N × 2K} matrix, so that is one real call too. {@link #withBlas(boolean)} selects the
 * plain loops for every dtype on host buffers, which tests use to check the two paths agree.
 *
 * <p><b>Other engines.</b> On buffers of one engine other than the host's (a device's,
 * {@code Engine.cuda()}) the product is one {@code gemm} of that engine's dense kernels
 * ({@code cublas?gemm} on a GPU): {@code A} is copied to that engine on first use and kept there,
 * and nothing else crosses to the host. A real operator on complex buffers multiplies there by a
 * complex copy of {@code A} (imaginary parts 0). Buffers of no engine that do not live on the host
 * are staged through heap arrays (one copy in, one out). The output range must not overlap the
 * input's. Instances are immutable and may be shared by
 * threads (the in-JVM ranks).
 *
 * <p>Differences from PyLops: {@code otherdims} is a {@code long[]}; a complex matrix with a real
 * {@code dtype} is rejected (NumPy would drop the imaginary part with a warning); the matrix is
 * copied at construction (and once to each other engine it runs on).
 */
public final class MatrixMult extends HostOperator {

    private final int m;
    private final int n;
    private final int k;
    private final long[] otherdims;
    private final Buffer a;    // row-major A, complex interleaved, on the host engine
    private final boolean useBlas;
    private final DenseKernels kernels;
    /** Copies of A on other engines, made on first use there (shared by the withBlas variants). */
    private final Map<Residence, Buffer> residents;

    /** An engine and whether it holds A as complex (for complex buffers of a real operator). */
    private record Residence(Engine engine, boolean complex) {
    }

    private static final Engine HOST = Engine.host();

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
        this.a = HOST.wrap(data, dtype.elementType());
        this.useBlas = useBlas;
        this.kernels = useBlas ? HOST.dense() : HOST.dense().loops();
        this.residents = new ConcurrentHashMap<>();
    }

    private MatrixMult(MatrixMult o, boolean useBlas) {
        super(o.dims(), o.dimsd(), o.dtype);
        this.m = o.m;
        this.n = o.n;
        this.k = o.k;
        this.otherdims = o.otherdims;
        this.a = o.a;
        this.useBlas = useBlas;
        this.kernels = useBlas ? HOST.dense() : HOST.dense().loops();
        this.residents = o.residents;
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
     * ({@code false}), for every dtype, on host buffers (on buffers of another engine the products
     * are that engine's dense kernels either way). Shares the matrix and its copies on other
     * engines.
     *
     * @param blas whether to call BLAS
     * @return an operator with the same matrix and shapes
     */
    public MatrixMult withBlas(boolean blas) {
        return blas == useBlas ? this : new MatrixMult(this, blas);
    }

    /**
     * Whether the products call a BLAS (see {@link #withBlas(boolean)}): for the real dtypes
     * netlib's (native or its pure-Java fallback), for the complex dtypes the system CBLAS when it
     * loaded ({@link #complexBlasImplementation()}).
     *
     * @return true when the products do not run the Java loops
     */
    public boolean usesBlas() {
        return useBlas && (!dtype.isComplex() || !complexBlasImplementation().startsWith("Java loops"));
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
        return HOST.dense().implementation(ElementType.FLOAT64);
    }

    /**
     * What computes the complex products: {@code "CBLAS libopenblas.so.0 (FFM, ...)"} when the
     * system's CBLAS ({@code cblas_zgemm}, {@code cblas_cgemm}, {@code cblas_zgemv},
     * {@code cblas_cgemv}) was bound through the Foreign Function &amp; Memory API, else
     * {@code "Java loops (reason)"}. {@code -Djlops.blas.complex=java} forces the loops;
     * {@code -Djlops.blas.cblasLibrary=NAME} names the library to bind. Loads on first use.
     *
     * @return a one-line description
     */
    public static String complexBlasImplementation() {
        return HOST.dense().implementation(ElementType.COMPLEX128);
    }

    /**
     * The matrix {@code A}.
     *
     * @return a copy, {@code M × N}, of the operator's dtype
     */
    public NdArray matrix() {
        Object data = a.hostArray() instanceof double[] d ? d.clone() : ((float[]) a.hostArray()).clone();
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

    /**
     * On every engine: on buffers of another engine than the host's, the product is that engine's
     * {@code gemm} with a copy of {@code A} kept on it.
     *
     * @param engine an engine
     * @return {@code true}
     */
    @Override
    public boolean runsOn(Engine engine) {
        return true;
    }

    @Override
    void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        if (HostRanges.ofAnotherEngine(in) && HostRanges.ofAnotherEngine(out)) {
            Engine engine = in.engine();
            if (out.engine() == engine) {
                applyOn(engine, in, inPos, out, outPos, adjoint);   // buffers of one device engine
                return;
            }
        }
        // host buffers (buffers of two engines are refused there, naming the engine)
        applyDense(in, inPos, out, outPos, adjoint, (src, sp, dst, dp, scale) -> {
            int kk = scale * k;         // a complex N x K block seen as real is N x 2K
            if (!adjoint) {
                kernels.gemm(DenseKernels.Op.NONE, m, kk, n, a, 0, n, src, sp, kk, false, dst, dp, kk);    // Y = A X
            } else {
                kernels.gemm(DenseKernels.Op.ADJOINT, n, kk, m, a, 0, n, src, sp, kk, false, dst, dp, kk); // X = A^H Y
            }
        });
    }

    /**
     * The product on buffers of {@code engine} with the copy of {@code A} on that engine, one
     * {@code gemm} of its dense kernels: the path of device buffers. A real operator on complex
     * buffers multiplies by a complex copy of {@code A} (imaginary parts 0), so the engine needs
     * no real view of complex memory.
     */
    void applyOn(Engine engine, Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        boolean split = checkBuffers(in, inPos, out, outPos, adjoint);
        Buffer da = residents.computeIfAbsent(new Residence(engine, split), r -> {
            DType type = split ? dtype.complexType() : dtype;
            NdArray host = NdArray.wrap(dtype, a.hostArray(), a.length());
            return engine.fromHost(type == dtype ? host.data() : host.astype(type).data(), type.elementType());
        });
        DenseKernels dense = engine.dense();
        if (!adjoint) {
            dense.gemm(DenseKernels.Op.NONE, m, k, n, da, 0, n, in, inPos, k, false, out, outPos, k);      // Y = A X
        } else {
            dense.gemm(DenseKernels.Op.ADJOINT, n, k, m, da, 0, n, in, inPos, k, false, out, outPos, k);   // X = A^H Y
        }
    }

    /** {@code M N K} multiply-adds, forward or adjoint ({@code K} the product of {@code otherdims}). */
    @Override
    public long flops(boolean adjoint) {
        return (long) m * n * k * (dtype().isComplex() ? 8 : 2);
    }

    @Override
    public String toString() {
        return "MatrixMult(" + m + "x" + n + (otherdims.length == 0 ? "" : ", otherdims="
                + Arrays.toString(otherdims)) + ", dtype=" + dtype + ")";
    }
}
