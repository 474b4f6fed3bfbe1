package org.jlops.mpi.ops.serial;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>that is, {@code d(k, x, z) = ∫ G(k, x, y) m(k, y, z) dy} for every slice {@code k}. All
 * slices are one call of the engine's strided-batched product
 * ({@link DenseKernels#gemmStridedBatched}). On host buffers that is one {@code gemm} per slice
 * ({@code gemv} when {@code nz = 1}) through the native BLAS for every dtype where installed (see
 * {@link MatrixMult#blasImplementation()}, {@link MatrixMult#complexBlasImplementation()}), on the
 * live arrays without copies. On device buffers of one engine ({@code Engine.cuda()}) it is one
 * {@code cublas?gemmStridedBatched} call on the device: {@code G} (and {@code G^H} when saveGt) is
 * copied to that engine on first use and kept there, and nothing else crosses to the host. A real
 * operator also accepts complex buffers of its precision (on the host the real and imaginary parts
 * as {@code 2 nz} real columns; on a device a complex copy of {@code G} multiplies them). Buffers
 * split between the host and a device are staged through the host.
 *
 * <p>Options ({@link Options}, PyLops' defaults {@link Options#DEFAULT}): {@code saveGt} keeps
 * {@code G[k]ᴴ} for every slice (twice the memory) and the adjoint multiplies by it; without it
 * the adjoint reads {@code G[k]} transposed in place ({@code gemm} with the conjugate-transpose
 * op). {@code usematmul} chooses, in PyLops, between NumPy's batched {@code matmul} and a loop of
 * {@code dot}s; here all slices are one batched call whatever it says, and the option is kept so
 * that PyLops code translates one to one.
 *
 * <p>Instances are immutable ({@code G} is copied; its device copies are made once per engine)
 * and may be shared by threads.
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
     *                  both are one batched product here (kept for translation)
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
    /** Copies of g and gh on other engines, made on first use there. */
    private final Map<Residence, Buffer[]> residents = new ConcurrentHashMap<>();

    /** An engine and whether it holds the kernel as complex (for complex buffers of a real operator). */
    private record Residence(Engine engine, boolean complex) {
    }

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

    /** Every engine: on buffers of another engine than the host's, the product is that engine's batched call. */
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
        applyDense(in, inPos, out, outPos, adjoint, (src, sp, dst, dp, scale) ->
                batch(kernels, g, gh, src, sp, dst, dp, scale * nz, adjoint)); // 2 nz real columns when split
    }

    /**
     * The product on buffers of {@code engine} with the kernel's copies on that engine, one batched
     * call: the path of device buffers. Package-private for tests, which run it on the host engine
     * (then with copies of the kernel, like a device) against the host path.
     */
    void applyOn(Engine engine, Buffer in, long inPos, Buffer out, long outPos, boolean adjoint) {
        boolean split = checkBuffers(in, inPos, out, outPos, adjoint);
        Buffer[] dg = resident(engine, split);
        batch(engine.dense(), dg[0], dg[1], in, inPos, out, outPos, nz, adjoint);
    }

    /**
     * All slices in one strided-batched product of {@code dense}: {@code z} columns per slice,
     * slice k of the kernel {@code nx·ny} elements after slice k-1, of the input and the output
     * one slice's worth after the last. On the host this is the loop of one {@code gemm} per
     * slice, in slice order.
     */
    private void batch(DenseKernels dense, Buffer gk, Buffer ghk, Buffer src, long sp, Buffer dst, long dp, int z,
            boolean adjoint) {
        long slice = (long) nx * ny;
        if (!adjoint) {                    // d[k] = G[k] m[k]
            dense.gemmStridedBatched(DenseKernels.Op.NONE, nx, z, ny, gk, 0, ny, slice, src, sp, z, (long) ny * z,
                    false, dst, dp, z, (long) nx * z, nsl);
        } else if (ghk != null) {          // m[k] = (G[k]^H) d[k], stored
            dense.gemmStridedBatched(DenseKernels.Op.NONE, ny, z, nx, ghk, 0, nx, slice, src, sp, z, (long) nx * z,
                    false, dst, dp, z, (long) ny * z, nsl);
        } else {                           // m[k] = G[k]^H d[k], G read transposed in place
            dense.gemmStridedBatched(DenseKernels.Op.ADJOINT, ny, z, nx, gk, 0, ny, slice, src, sp, z, (long) nx * z,
                    false, dst, dp, z, (long) ny * z, nsl);
        }
    }

    /**
     * {@code G} (and {@code G^H} when saveGt, else null) as buffers of {@code engine}: copied from
     * the host once per engine and element type, then kept. {@code complex}: a real operator
     * applied to complex buffers multiplies by a complex copy of its kernel (imaginary parts 0),
     * so the device needs no real view of complex memory.
     */
    private Buffer[] resident(Engine engine, boolean complex) {
        return residents.computeIfAbsent(new Residence(engine, complex), r -> {
            DType type = complex ? dtype.complexType() : dtype;
            return new Buffer[] {upload(engine, g, type), gh == null ? null : upload(engine, gh, type)};
        });
    }

    private Buffer upload(Engine engine, Buffer host, DType type) {
        NdArray a = NdArray.wrap(dtype, host.hostArray(), host.length());
        Object data = type == dtype ? a.data() : a.astype(type).data();
        return engine.fromHost(data, type.elementType());
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
