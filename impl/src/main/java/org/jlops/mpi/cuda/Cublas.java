package org.jlops.mpi.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.jlops.mpi.cuda.CudaLibraries.Library;

/**
 * cuBLAS ({@code libcublas}) through FFM: one handle, and the column-major {@code gemm},
 * {@code gemv} and strided batched {@code gemm} of the four types ({@code S}, {@code D}, {@code C},
 * {@code Z}). Matrices are device addresses; scalars are passed from host memory (the handle's
 * default pointer mode). A status other than {@code CUBLAS_STATUS_SUCCESS} is an
 * {@link IllegalStateException} naming the call and the status ({@code cublasGetStatusName}).
 */
public final class Cublas {

    /** {@code CUBLAS_OP_N}. */
    public static final int OP_N = 0;
    /** {@code CUBLAS_OP_T}. */
    public static final int OP_T = 1;
    /** {@code CUBLAS_OP_C}. */
    public static final int OP_C = 2;

    private static final String CREATE = "cublasCreate_v2";
    private static final String STATUS_NAME = "cublasGetStatusName";
    private static final String GEMM = "gemm_v2";
    private static final String GEMV = "gemv_v2";
    private static final String GEMM_STRIDED_BATCHED = "gemmStridedBatched";

    private final NativeBinding lib;
    private final long handle;

    private Cublas(NativeBinding lib, long handle) {
        this.lib = lib;
        this.handle = handle;
    }

    /**
     * Loads {@code libcublas} found by {@code finder} and creates a handle on the current device.
     *
     * @param finder where to look
     * @return the handle's owner
     * @throws IllegalStateException naming the library when it does not load, or the status when no handle is made
     */
    public static Cublas create(CudaLibraries finder) {
        NativeBinding lib = NativeBinding.load(Library.CUBLAS, finder);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(ADDRESS);
            int s = (int) lib.handle(CREATE, FunctionDescriptor.of(JAVA_INT, ADDRESS)).invokeWithArguments(h);
            Cublas c = new Cublas(lib, 0);
            c.check("cublasCreate", s);
            return new Cublas(lib, h.get(JAVA_LONG, 0));
        } catch (Throwable t) {
            throw NativeBinding.unchecked(t);
        }
    }

    private void check(String what, int status) {
        if (status != 0) {
            String name;
            try {
                MemorySegment s = (MemorySegment) lib.handle(STATUS_NAME, FunctionDescriptor.of(ADDRESS, JAVA_INT))
                        .invokeWithArguments(status);
                name = s.reinterpret(256).getString(0);
            } catch (Throwable t) {
                name = "status " + status;
            }
            throw new IllegalStateException(what + " failed: " + name + " (" + status + ")");
        }
    }

    /** {@code cublas<S|D|C|Z><routine>}. */
    private static String symbol(boolean doublePrecision, boolean complex, String routine) {
        return "cublas" + prefix(doublePrecision, complex) + routine;
    }

    /**
     * Every symbol of {@code libcublas} this binding calls: {@code cublasCreate_v2},
     * {@code cublasGetStatusName}, and {@code gemm_v2}, {@code gemv_v2} and
     * {@code gemmStridedBatched} of the four types.
     *
     * @return the symbol names, in a fixed order
     */
    public static List<String> symbols() {
        List<String> names = new ArrayList<>(List.of(CREATE, STATUS_NAME));
        for (String routine : new String[] {GEMM, GEMV, GEMM_STRIDED_BATCHED}) {
            for (boolean complex : new boolean[] {false, true}) {
                for (boolean dp : new boolean[] {false, true}) {
                    names.add(symbol(dp, complex, routine));
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * The symbols of {@link #symbols()} that the {@code libcublas} found by {@code finder} lacks:
     * loads the library (no GPU needed, no handle made) and looks each name up.
     *
     * @param finder where to look
     * @return the missing names, empty when every one resolves
     * @throws IllegalStateException naming the library when it does not load
     */
    public static List<String> missingSymbols(CudaLibraries finder) {
        NativeBinding lib = NativeBinding.load(Library.CUBLAS, finder);
        return symbols().stream().filter(name -> !lib.has(name)).toList();
    }

    private static String prefix(boolean doublePrecision, boolean complex) {
        return complex ? (doublePrecision ? "Z" : "C") : (doublePrecision ? "D" : "S");
    }

    private static MemorySegment scalar(Arena a, boolean doublePrecision, boolean complex, double re, double im) {
        if (doublePrecision) {
            return complex ? a.allocateFrom(ValueLayout.JAVA_DOUBLE, re, im) : a.allocateFrom(ValueLayout.JAVA_DOUBLE, re);
        }
        return complex ? a.allocateFrom(ValueLayout.JAVA_FLOAT, (float) re, (float) im)
                : a.allocateFrom(ValueLayout.JAVA_FLOAT, (float) re);
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C}, column-major ({@code cublas?gemm_v2}).
     *
     * @param doublePrecision 64-bit components
     * @param complex         complex elements
     * @param transA          {@link #OP_N}, {@link #OP_T} or {@link #OP_C}
     * @param transB          as {@code transA}
     * @param m               rows of op(A) and C
     * @param n               columns of op(B) and C
     * @param k               columns of op(A), rows of op(B)
     * @param alpha           {@code {re, im}}
     * @param a               (Input) device address of A
     * @param lda             leading dimension of A
     * @param b               (Input) device address of B
     * @param ldb             leading dimension of B
     * @param beta            {@code {re, im}}
     * @param c               (Input/Output) device address of C
     * @param ldc             leading dimension of C
     */
    public void gemm(boolean doublePrecision, boolean complex, int transA, int transB, int m, int n, int k,
            double[] alpha, long a, int lda, long b, int ldb, double[] beta, long c, int ldc) {
        String fn = symbol(doublePrecision, complex, GEMM);
        try (Arena ar = Arena.ofConfined()) {
            int s = (int) lib.handle(fn, FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                    JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT))
                    .invokeWithArguments(handle, transA, transB, m, n, k,
                            scalar(ar, doublePrecision, complex, alpha[0], alpha[1]), a, lda, b, ldb,
                            scalar(ar, doublePrecision, complex, beta[0], beta[1]), c, ldc);
            check(fn, s);
        } catch (Throwable t) {
            throw NativeBinding.unchecked(t);
        }
    }

    /**
     * {@code y = alpha op(A) x + beta y}, column-major ({@code cublas?gemv_v2}).
     *
     * @param doublePrecision 64-bit components
     * @param complex         complex elements
     * @param trans           {@link #OP_N}, {@link #OP_T} or {@link #OP_C}
     * @param m               rows of A
     * @param n               columns of A
     * @param alpha           {@code {re, im}}
     * @param a               (Input) device address of A
     * @param lda             leading dimension of A
     * @param x               (Input) device address of x
     * @param beta            {@code {re, im}}
     * @param y               (Input/Output) device address of y
     */
    public void gemv(boolean doublePrecision, boolean complex, int trans, int m, int n, double[] alpha, long a,
            int lda, long x, double[] beta, long y) {
        String fn = symbol(doublePrecision, complex, GEMV);
        try (Arena ar = Arena.ofConfined()) {
            int s = (int) lib.handle(fn, FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
                    JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT))
                    .invokeWithArguments(handle, trans, m, n, scalar(ar, doublePrecision, complex, alpha[0], alpha[1]),
                            a, lda, x, 1, scalar(ar, doublePrecision, complex, beta[0], beta[1]), y, 1);
            check(fn, s);
        } catch (Throwable t) {
            throw NativeBinding.unchecked(t);
        }
    }

    /**
     * {@code C_i = alpha op(A_i) op(B_i) + beta C_i} for {@code batch} matrices at fixed strides,
     * column-major ({@code cublas?gemmStridedBatched}): the batched product of {@code Fredholm1}.
     *
     * @param doublePrecision 64-bit components
     * @param complex         complex elements
     * @param transA          {@link #OP_N}, {@link #OP_T} or {@link #OP_C}
     * @param transB          as {@code transA}
     * @param m               rows of op(A_i) and C_i
     * @param n               columns of op(B_i) and C_i
     * @param k               columns of op(A_i)
     * @param alpha           {@code {re, im}}
     * @param a               (Input) device address of A_0
     * @param lda             leading dimension of A_i
     * @param strideA         elements from A_i to A_{i+1}
     * @param b               (Input) device address of B_0
     * @param ldb             leading dimension of B_i
     * @param strideB         elements from B_i to B_{i+1}
     * @param beta            {@code {re, im}}
     * @param c               (Input/Output) device address of C_0
     * @param ldc             leading dimension of C_i
     * @param strideC         elements from C_i to C_{i+1}
     * @param batch           the number of products
     */
    public void gemmStridedBatched(boolean doublePrecision, boolean complex, int transA, int transB, int m, int n,
            int k, double[] alpha, long a, int lda, long strideA, long b, int ldb, long strideB, double[] beta, long c,
            int ldc, long strideC, int batch) {
        String fn = symbol(doublePrecision, complex, GEMM_STRIDED_BATCHED);
        try (Arena ar = Arena.ofConfined()) {
            int s = (int) lib.handle(fn, FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                    JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG,
                    JAVA_INT, JAVA_LONG, JAVA_INT))
                    .invokeWithArguments(handle, transA, transB, m, n, k,
                            scalar(ar, doublePrecision, complex, alpha[0], alpha[1]), a, lda, strideA, b, ldb, strideB,
                            scalar(ar, doublePrecision, complex, beta[0], beta[1]), c, ldc, strideC, batch);
            check(fn, s);
        } catch (Throwable t) {
            throw NativeBinding.unchecked(t);
        }
    }
}
