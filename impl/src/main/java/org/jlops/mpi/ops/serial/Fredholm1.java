package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.Engine;

/**
 * A multi-dimensional Fredholm integral of the first kind (serial PyLops' {@code Fredholm1}):
 * a batch of {@code nsl} dense products with a kernel {@code G} of shape
 * {@code (nsl, nx, ny)},
 *
 * <pre>
 *     forward:  d[k] = G[k] · m[k]      G[k]: nx × ny,  m[k]: ny × nz,  d[k]: nx × nz
 *     adjoint:  m[k] = G[k]ᴴ · d[k]     (Gᵀ for real G)
 *     dims = (nsl, ny, nz),  dimsd = (nsl, nx, nz)   (row-major, slice after slice)
 * </pre>
 *
 * <p>that is, {@code d(k, x, z) = ∫ G(k, x, y) m(k, y, z) dy} for every slice {@code k}. Each
 * slice is one call of the engine's dense kernels ({@link Engine#dense()}): {@code gemm}, or
 * {@code gemv} when {@code nz = 1}, through the native BLAS for every dtype where installed (see
 * {@link MatrixMult#blasImplementation()}, {@link MatrixMult#complexBlasImplementation()}), on the
 * live arrays without copies. A real operator also accepts complex buffers of its precision (the
 * real and imaginary parts as {@code 2 nz} real columns).
 *
 * <p>Options ({@link Options}, PyLops' defaults {@link Options#DEFAULT}): {@code saveGt} keeps
 * {@code G[k]ᴴ} for every slice (twice the memory) and the adjoint multiplies by it; without it
 * the adjoint reads {@code G[k]} transposed in place ({@code gemm} with the conjugate-transpose
 * op). {@code usematmul} chooses, in PyLops, between NumPy's batched {@code matmul} and a loop of
 * {@code dot}s — both one BLAS product per slice; here every product is one BLAS call per slice
 * whatever it says, and the option is kept so that PyLops code translates one to one.
 *
 * <p>Instances are immutable ({@code G} is copied) and may be shared by threads.
 *
 * <p>Differences from PyLops: no dimension is squeezed ({@code nsl}, {@code nx}, {@code ny} or
 * {@code nz} of 1 work alike); {@code G} is copied and converted to the dtype at construction; a
 * complex {@code G} with a real dtype is rejected.
 */
public final class Fredholm1 extends HostOperator {

    /**
     * The options of the Fredholm operators.
     *
     * @param saveGt    keep {@code G[k]ᴴ} per slice and use it in the adjoint (twice the memory)
     * @param usematmul PyLops' choice between batched {@code matmul} and a loop of {@code dot}s;
     *                  both are one BLAS product per slice here (kept for translation)
     */
    public record Options(boolean saveGt, boolean usematmul) {
        /** Serial PyLops' defaults: {@code saveGt = true}, {@code usematmul = true}. */
        public static final Options DEFAULT = new Options(true, true);
    }

    private final int nsl;
    private final int nx;
    private final int ny;
    private final int nz;
    private final Options options;
    private final Buffer g;        // (nsl, nx, ny), the operator's dtype
    private final Buffer gh;       // (nsl, ny, nx) conjugate transposes when saveGt, else null
    private final DenseKernels kernels = Engine.host().dense();

    /**
     * {@code Fredholm1(G, nz)} with PyLops' defaults (saveGt, usematmul) and the kernel's dtype.
     *
     * @param g  (Input) the kernel, shape {@code (nsl, nx, ny)}; not modified (copied)
     * @param nz the trailing model and data dimension, at least 1
     * @throws IllegalArgumentException naming the bad argument
     */
    public Fredholm1(NdArray g, long nz) {
        this(g, nz, g == null ? null : g.dtype(), Options.DEFAULT);
    }

    /**
     * The operator with explicit dtype and options.
     *
     * @param g       (Input) the kernel, shape {@code (nsl, nx, ny)}; not modified (copied and
     *                converted to {@code dtype})
     * @param nz      the trailing model and data dimension, at least 1
     * @param dtype   the operator's dtype; a complex kernel needs a complex dtype
     * @param options saveGt and usematmul
     * @throws IllegalArgumentException naming the bad argument
     */
    public Fredholm1(NdArray g, long nz, DType dtype, Options options) {
        int[] s = check(g, nz, dtype, options);
        super(new long[] {s[0], s[2], nz}, new long[] {s[0], s[1], nz}, dtype);
        this.nsl = s[0];
        this.nx = s[1];
        this.ny = s[2];
        this.nz = (int) nz;
        this.options = options;
        NdArray conv = g.dtype() == dtype ? g.copy() : g.astype(dtype);
        this.g = Engine.host().wrap(conv.data(), dtype.elementType());
        this.gh = options.saveGt() ? Engine.host().wrap(conjugateTransposes(conv, nsl, nx, ny).data(),
                dtype.elementType()) : null;
    }

    /** The checked {@code (nsl, nx, ny)}. */
    private static int[] check(NdArray g, long nz, DType dtype, Options options) {
        if (g == null) {
            throw new IllegalArgumentException("g: must not be null");
        }
        if (g.ndim() != 3) {
            throw new IllegalArgumentException("g: expected a 3-d kernel (nsl, nx, ny), got shape "
                    + Arrays.toString(g.shape()));
        }
        if (dtype == null) {
            throw new IllegalArgumentException("dtype: must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("options: must not be null");
        }
        if (g.dtype().isComplex() && !dtype.isComplex()) {
            throw new IllegalArgumentException("dtype: " + dtype + " cannot hold the complex kernel g of dtype "
                    + g.dtype());
        }
        if (nz < 1) {
            throw new IllegalArgumentException("nz: must be at least 1, got " + nz);
        }
        long big = Math.max(g.shape(1), g.shape(2)) * g.shape(0) * nz;
        if (big > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("nz: " + nz + " with a kernel of shape " + Arrays.toString(g.shape())
                    + " gives vectors longer than one host array holds");
        }
        return new int[] {(int) g.shape(0), (int) g.shape(1), (int) g.shape(2)};
    }

    /** {@code G[k]ᴴ} for every slice: shape {@code (nsl, ny, nx)}. */
    static NdArray conjugateTransposes(NdArray g, int nsl, int nx, int ny) {
        NdArray out = NdArray.zeros(g.dtype(), nsl, ny, nx);
        for (long k = 0; k < nsl; k++) {
            long base = k * nx * ny;
            for (long i = 0; i < nx; i++) {
                for (long j = 0; j < ny; j++) {
                    out.set(base + j * nx + i, g.re(base + i * ny + j), -g.im(base + i * ny + j));
                }
            }
        }
        return out;
    }

    /**
     * The options.
     *
     * @return the options
     */
    public Options options() {
        return options;
    }

    /**
     * The kernel {@code G}: a copy, shape {@code (nsl, nx, ny)}, of the operator's dtype.
     *
     * @return the kernel {@code G}: a copy, shape {@code (nsl, nx, ny)}, of the operator's dtype
     */
    public NdArray kernel() {
        Object d = g.hostArray() instanceof double[] a ? a.clone() : ((float[]) g.hostArray()).clone();
        return NdArray.wrap(dtype, d, nsl, nx, ny);
    }

    @Override
    void apply(Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        applyDense(in, inPos, out, outPos, adjoint, (src, sp, dst, dp, scale) -> {
            int z = scale * nz;            // complex columns of a real operator: 2 nz real ones
            for (int k = 0; k < nsl; k++) {
                long gk = (long) k * nx * ny;
                if (!adjoint) {            // d[k] = G[k] m[k]
                    kernels.gemm(DenseKernels.Op.NONE, nx, z, ny, g, gk, ny, src, sp + (long) k * ny * z, z, false,
                            dst, dp + (long) k * nx * z, z);
                } else if (gh != null) {   // m[k] = (G[k]^H) d[k], stored
                    kernels.gemm(DenseKernels.Op.NONE, ny, z, nx, gh, gk, nx, src, sp + (long) k * nx * z, z, false,
                            dst, dp + (long) k * ny * z, z);
                } else {                   // m[k] = G[k]^H d[k], G read transposed in place
                    kernels.gemm(DenseKernels.Op.ADJOINT, ny, z, nx, g, gk, ny, src, sp + (long) k * nx * z, z, false,
                            dst, dp + (long) k * ny * z, z);
                }
            }
        });
    }

    /** {@code nsl nx ny nz} multiply-adds, forward or adjoint. */
    @Override
    public long flops(boolean adjoint) {
        return (long) nsl * nx * ny * nz * (dtype().isComplex() ? 8 : 2);
    }

    @Override
    public String toString() {
        return "Fredholm1(nsl=" + nsl + ", nx=" + nx + ", ny=" + ny + ", nz=" + nz + ", saveGt=" + options.saveGt()
                + ", dtype=" + dtype + ")";
    }
}
