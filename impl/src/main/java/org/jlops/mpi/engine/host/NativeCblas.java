package org.jlops.mpi.engine.host;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jlops.mpi.engine.DenseKernels.Op;

/**
 * The complex products of the system's CBLAS ({@code cblas_zgemm}, {@code cblas_cgemm},
 * {@code cblas_zgemv}, {@code cblas_cgemv}) through the Foreign Function &amp; Memory API, on the
 * live Java arrays of host buffers.
 *
 * <p><b>Binding.</b> Loaded once, on first use: {@link SymbolLookup#libraryLookup} opens the first
 * library of {@code -Djlops.blas.cblasLibrary=NAME} (a soname or a path), else of
 * {@value #CANDIDATES} that exports all four functions, and {@link Linker#nativeLinker()} makes a
 * downcall handle for each. The handles are <em>critical</em>
 * ({@link Linker.Option#critical(boolean) critical(true)}): heap segments over the Java arrays are
 * passed to C as they are, with no copy and no pinning call, at the price that the calling thread
 * holds off the JVM's safepoints (garbage collections) until the product returns. A 1×1 product
 * with a known result is computed once after loading; a library that fails it is not used. When
 * nothing loads — no library, no native access, {@code -Djlops.blas.complex=java} — the host
 * engine's dense kernels use their Java loops, and {@link #description()} says why.
 *
 * <p><b>Calls.</b> Row-major storage ({@code CblasRowMajor}), {@code alpha = 1},
 * {@code beta = 0} (overwrite) or {@code 1} (accumulate): {@code C = op(A) B} with
 * {@code op} one of {@code CblasNoTrans}, {@code CblasTrans}, {@code CblasConjTrans}; a product with
 * one column ({@code n = 1}) is a {@code gemv} with the column's stride as increment. Callers check
 * every range first ({@link HostDenseKernels}): the C code trusts them.
 */
@SuppressWarnings("restricted") // native access is this class's purpose; the JVM needs --enable-native-access
final class NativeCblas {

    /** The system property that selects the complex kernels: {@code native} (default) or {@code java}. */
    static final String SELECT_PROPERTY = "jlops.blas.complex";
    /** The system property naming the library to bind instead of the candidates. */
    static final String LIBRARY_PROPERTY = "jlops.blas.cblasLibrary";
    /** Libraries tried in turn: OpenBLAS, the BLAS alternative (OpenBLAS or netlib's, with CBLAS), netlib's CBLAS. */
    static final String CANDIDATES = "libopenblas.so.0, libblas.so.3, libcblas.so.3";

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final int CONJ_TRANS = 113;

    private static final double[] ONE_D = {1, 0};
    private static final double[] ZERO_D = {0, 0};
    private static final float[] ONE_F = {1, 0};
    private static final float[] ZERO_F = {0, 0};

    private final String library;
    private final MethodHandle zgemm;
    private final MethodHandle cgemm;
    private final MethodHandle zgemv;
    private final MethodHandle cgemv;

    private NativeCblas(String library, SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        ValueLayout i = ValueLayout.JAVA_INT;
        ValueLayout p = ValueLayout.ADDRESS;
        // void cblas_?gemm(order, transA, transB, M, N, K, *alpha, *A, lda, *B, ldb, *beta, *C, ldc)
        FunctionDescriptor gemm = FunctionDescriptor.ofVoid(i, i, i, i, i, i, p, p, i, p, i, p, p, i);
        // void cblas_?gemv(order, trans, M, N, *alpha, *A, lda, *X, incX, *beta, *Y, incY)
        FunctionDescriptor gemv = FunctionDescriptor.ofVoid(i, i, i, i, p, p, i, p, i, p, p, i);
        Linker.Option critical = Linker.Option.critical(true);
        this.library = library;
        this.zgemm = linker.downcallHandle(lookup.findOrThrow("cblas_zgemm"), gemm, critical);
        this.cgemm = linker.downcallHandle(lookup.findOrThrow("cblas_cgemm"), gemm, critical);
        this.zgemv = linker.downcallHandle(lookup.findOrThrow("cblas_zgemv"), gemv, critical);
        this.cgemv = linker.downcallHandle(lookup.findOrThrow("cblas_cgemv"), gemv, critical);
    }

    /** The outcome of loading: the binding, or empty with the reason in the description. */
    private record Loaded(Optional<NativeCblas> cblas, String description) {
    }

    /** Loaded on first use of {@link #instance()}. */
    private static final class Holder {
        static final Loaded LOADED = load();
    }

    /** The binding, or empty when the Java loops must be used. Loads on the first call. */
    static Optional<NativeCblas> instance() {
        return Holder.LOADED.cblas();
    }

    /**
     * What computes complex products: {@code "CBLAS libopenblas.so.0 (FFM, cblas_zgemm/cgemm/zgemv/cgemv)"}
     * or {@code "Java loops (reason)"}. Loads on the first call.
     */
    static String description() {
        return Holder.LOADED.description();
    }

    private static Loaded load() {
        String select = System.getProperty(SELECT_PROPERTY, "native");
        if (select.equals("java")) {
            return new Loaded(Optional.empty(), "Java loops (-D" + SELECT_PROPERTY + "=java)");
        }
        if (!select.equals("native")) {
            return new Loaded(Optional.empty(), "Java loops (-D" + SELECT_PROPERTY + "=" + select
                    + " is neither native nor java)");
        }
        String forced = System.getProperty(LIBRARY_PROPERTY);
        List<String> names = forced != null ? List.of(forced) : List.of(CANDIDATES.split(", "));
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            try {
                SymbolLookup lookup = SymbolLookup.libraryLookup(name, Arena.global());
                NativeCblas c = new NativeCblas(name, lookup);
                String wrong = c.selfTest();
                if (wrong != null) {
                    failures.add(name + ": " + wrong);
                    continue;
                }
                return new Loaded(Optional.of(c), "CBLAS " + name + " (FFM, cblas_zgemm/cgemm/zgemv/cgemv)");
            } catch (IllegalArgumentException | java.util.NoSuchElementException | IllegalCallerException
                    | UnsupportedOperationException e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        return new Loaded(Optional.empty(), "Java loops (no usable CBLAS: " + String.join("; ", failures) + ")");
    }

    /** Null when (1+2i)(3+4i) = -5+10i comes out of every entry point, else what came out. */
    private String selfTest() {
        double[] a = {1, 2};
        double[] b = {3, 4};
        double[] c = new double[2];
        zgemm(Op.NONE, 1, 1, 1, a, 0, 1, b, 0, 1, false, c, 0, 1);
        double[] v = new double[2];
        zgemv(Op.NONE, 1, 1, a, 0, 1, b, 0, 1, false, v, 0, 1);
        float[] af = {1, 2};
        float[] bf = {3, 4};
        float[] cf = new float[2];
        cgemm(Op.NONE, 1, 1, 1, af, 0, 1, bf, 0, 1, false, cf, 0, 1);
        float[] vf = new float[2];
        cgemv(Op.NONE, 1, 1, af, 0, 1, bf, 0, 1, false, vf, 0, 1);
        boolean ok = c[0] == -5 && c[1] == 10 && v[0] == -5 && v[1] == 10 && cf[0] == -5 && cf[1] == 10
                && vf[0] == -5 && vf[1] == 10;
        return ok ? null : "self-test (1+2i)(3+4i) gave " + c[0] + "+" + c[1] + "i (zgemm), " + v[0] + "+" + v[1]
                + "i (zgemv), " + cf[0] + "+" + cf[1] + "i (cgemm), " + vf[0] + "+" + vf[1] + "i (cgemv)";
    }

    /** The library bound. */
    String library() {
        return library;
    }

    private static int trans(Op op) {
        return switch (op) {
            case NONE -> NO_TRANS;
            case TRANSPOSE -> TRANS;
            case ADJOINT -> CONJ_TRANS;
        };
    }

    /** A heap segment from complex element {@code pos} (2 doubles each). */
    private static MemorySegment at(double[] a, int pos) {
        return MemorySegment.ofArray(a).asSlice(16L * pos);
    }

    private static MemorySegment at(float[] a, int pos) {
        return MemorySegment.ofArray(a).asSlice(8L * pos);
    }

    /**
     * Row-major {@code C = op(A) B} (or {@code +=}) in complex128; positions and leading
     * dimensions in complex elements; every argument checked by the caller.
     */
    void zgemm(Op op, int m, int n, int k, double[] a, int aPos, int lda, double[] b, int bPos,
            int ldb, boolean accumulate, double[] c, int cPos, int ldc) {
        try {
            zgemm.invokeExact(ROW_MAJOR, trans(op), NO_TRANS, m, n, k, MemorySegment.ofArray(ONE_D), at(a, aPos),
                    lda, at(b, bPos), ldb, MemorySegment.ofArray(accumulate ? ONE_D : ZERO_D), at(c, cPos), ldc);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** Row-major {@code C = op(A) B} (or {@code +=}) in complex64; see {@link #zgemm}. */
    void cgemm(Op op, int m, int n, int k, float[] a, int aPos, int lda, float[] b, int bPos,
            int ldb, boolean accumulate, float[] c, int cPos, int ldc) {
        try {
            cgemm.invokeExact(ROW_MAJOR, trans(op), NO_TRANS, m, n, k, MemorySegment.ofArray(ONE_F), at(a, aPos),
                    lda, at(b, bPos), ldb, MemorySegment.ofArray(accumulate ? ONE_F : ZERO_F), at(c, cPos), ldc);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /**
     * {@code y = op(A) x} (or {@code +=}) in complex128: {@code op(A)} is {@code m × k} (A stored
     * {@code m × k}, or {@code k × m} when transposed), {@code x} has stride {@code incx},
     * {@code y} stride {@code incy}.
     */
    void zgemv(Op op, int m, int k, double[] a, int aPos, int lda, double[] x, int xPos, int incx,
            boolean accumulate, double[] y, int yPos, int incy) {
        int rows = op == Op.NONE ? m : k;
        int cols = op == Op.NONE ? k : m;
        try {
            zgemv.invokeExact(ROW_MAJOR, trans(op), rows, cols, MemorySegment.ofArray(ONE_D), at(a, aPos), lda,
                    at(x, xPos), incx, MemorySegment.ofArray(accumulate ? ONE_D : ZERO_D), at(y, yPos), incy);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** {@code y = op(A) x} (or {@code +=}) in complex64; see {@link #zgemv}. */
    void cgemv(Op op, int m, int k, float[] a, int aPos, int lda, float[] x, int xPos, int incx,
            boolean accumulate, float[] y, int yPos, int incy) {
        int rows = op == Op.NONE ? m : k;
        int cols = op == Op.NONE ? k : m;
        try {
            cgemv.invokeExact(ROW_MAJOR, trans(op), rows, cols, MemorySegment.ofArray(ONE_F), at(a, aPos), lda,
                    at(x, xPos), incx, MemorySegment.ofArray(accumulate ? ONE_F : ZERO_F), at(y, yPos), incy);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("CBLAS call failed", t);
    }
}
