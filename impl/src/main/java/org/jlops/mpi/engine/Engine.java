package org.jlops.mpi.engine;

import org.jlops.mpi.engine.cuda.CudaEngine;
import org.jlops.mpi.engine.host.HostEngine;

/**
 * Allocates local blocks and runs the element kernels on them. Kernels never communicate: a
 * distributed operation is one kernel on the local block plus one collective done by the layer
 * above. Positions and lengths are in elements (a complex element counts once).
 *
 * <p>Element-wise kernels ({@code negate}, {@code add}, ...) require buffers of the same type and
 * length; {@code out} may be one of the inputs (in place). They are deterministic: the same
 * inputs give bit-identical outputs.
 *
 * <p>Implementations: {@link #host()} (Java arrays, kernels the JIT vectorises) and {@link #cuda()}
 * (device memory of an NVIDIA GPU).
 */
public interface Engine {

    /**
     * The host engine: storage in Java arrays ({@code float[]} or {@code double[]}).
     *
     * @return the host engine
     */
    static Engine host() {
        return HostEngine.INSTANCE;
    }

    /**
     * The CUDA engine: storage in the memory of GPU 0, the element kernels as CUDA kernels, dense
     * products through cuBLAS (batched for {@code Fredholm1}), the stencil kernels and the
     * thresholds. Started on first use; see {@code docs/configuration.md} for where the CUDA
     * libraries are looked for. FFTs are not provided on it yet ({@link #fft()} refuses). Nothing of
     * it has run on a GPU yet (README, "GPU").
     *
     * @return the CUDA engine
     * @throws IllegalStateException naming what is missing where there is no usable GPU: a CUDA
     *                               library (and where it was looked for), the driver, or a device
     */
    static Engine cuda() {
        return CudaEngine.get();
    }

    /**
     * A new buffer of this engine holding a copy of host storage.
     *
     * @param hostArray (Input) a {@code double[]} (FLOAT64, COMPLEX128) or {@code float[]} (FLOAT32,
     *                  COMPLEX64), complex interleaved; not modified
     * @param type      the element type
     * @return the new buffer
     * @throws IllegalArgumentException if the array's class or length does not suit {@code type}
     */
    default Buffer fromHost(Object hostArray, ElementType type) {
        Buffer b = allocate(type, HostEngine.INSTANCE.wrap(hostArray, type).length());
        Object dst = b.hostArray();
        System.arraycopy(hostArray, 0, dst, 0, java.lang.reflect.Array.getLength(hostArray));
        return b;
    }

    /**
     * A copy of a buffer of this engine in host storage.
     *
     * @param buffer (Input) the buffer; not modified
     * @return a new {@code double[]} or {@code float[]} of {@code length() * components()} entries
     */
    default Object toHost(Buffer buffer) {
        Object a = buffer.hostArray();
        return a instanceof double[] d ? d.clone() : ((float[]) a).clone();
    }

    /**
     * The engine's name, e.g. {@code host}.
     *
     * @return the name
     */
    String name();

    /**
     * The stencil kernels on this engine's buffers (finite differences along one axis of a block,
     * with ghost rows in separate buffers), used by the derivative operators.
     *
     * @return the stencil kernels
     */
    StencilKernels stencils();

    /**
     * The dense matrix products on this engine's buffers ({@code gemm}/{@code gemv}, row-major),
     * used by {@code MatrixMult} and the distributed matrix products: a native BLAS where one is
     * present (see {@link DenseKernels#implementation}), else loops.
     *
     * @return the dense kernels
     */
    DenseKernels dense();

    /**
     * The batched one-dimensional FFTs on this engine's buffers, used by the FFT operators: FFTW
     * where present (see {@link FftKernels#implementation}), else JTransforms.
     *
     * @return the FFT kernels
     */
    FftKernels fft();

    /**
     * The element-wise thresholds and projections (soft, hard, half thresholds, clipping) on this
     * engine's buffers, used by the sparsity solvers and the proximal functions. The default
     * returns the host kernels, which work on host buffers.
     *
     * @return the threshold kernels
     */
    default ThresholdKernels thresholds() {
        return HostEngine.INSTANCE.thresholds();
    }

    /**
     * A zero-filled buffer.
     *
     * @param type   the element type
     * @param length the number of elements
     * @return the new buffer
     * @throws IllegalArgumentException if {@code length} is negative or too large for this engine
     */
    Buffer allocate(ElementType type, long length);

    /**
     * A buffer whose elements have unspecified values (zeros, a previous array's bits, NaN), for
     * a caller that writes every element before anything reads it: an operator's output that its
     * kernel overwrites entirely, the result of an element-wise operation. It saves the zero-fill
     * {@link #allocate} does, a full write of the buffer before the kernel writes it again. Never
     * use it for a buffer that is accumulated into, written in part, or handed to the caller
     * before every element is written. The default is {@link #allocate}; the host engine skips
     * the zeroing where the JVM allows it ({@link #allocationImplementation()}).
     *
     * @param type   the element type
     * @param length the number of elements
     * @return the new buffer, its contents unspecified
     * @throws IllegalArgumentException if {@code length} is negative or too large for this engine
     */
    default Buffer allocateUninitialized(ElementType type, long length) {
        return allocate(type, length);
    }

    /**
     * What {@link #allocateUninitialized} does, in words, with the reason when it zero-fills after
     * all, e.g. {@code "uninitialised (jdk.internal.misc.Unsafe.allocateUninitializedArray)"} or
     * {@code "zero-filled (java.base does not export jdk.internal.misc to the class path: run java
     * with --add-exports java.base/jdk.internal.misc=ALL-UNNAMED)"}. Local.
     *
     * @return a description of the uninitialised allocation
     */
    default String allocationImplementation() {
        return "zero-filled (" + name() + " engine)";
    }

    /**
     * Wraps host storage as a buffer, without copying: later writes through either are visible
     * through both.
     *
     * @param hostArray a {@code double[]} (FLOAT64, COMPLEX128) or {@code float[]} (FLOAT32,
     *                  COMPLEX64); complex storage holds 2 entries per element
     * @param type the element type
     * @return the buffer over {@code hostArray}
     * @throws IllegalArgumentException if the array's class or length does not suit {@code type}
     */
    Buffer wrap(Object hostArray, ElementType type);

    /**
     * A new buffer holding a copy of {@code src}.
     *
     * @param src (Input) the buffer; not modified
     * @return the copy
     */
    Buffer copyOf(Buffer src);

    /**
     * Copies {@code length} elements from {@code src[srcPos]} to {@code dst[dstPos]}.
     *
     * @param src    (Input) not modified
     * @param srcPos the first element read
     * @param dst    (Output) the elements written
     * @param dstPos the first element written
     * @param length the number of elements
     */
    void copy(Buffer src, long srcPos, Buffer dst, long dstPos, long length);

    /**
     * Copies {@code rows} runs of {@code rowLength} elements: run k goes from
     * {@code src[srcPos + k * srcStride]} to {@code dst[dstPos + k * dstStride]}. This slices or
     * assembles an n-d row-major block along one axis.
     *
     * @param src       (Input) not modified
     * @param srcPos    the first element of run 0 in {@code src}
     * @param srcStride elements between runs in {@code src}
     * @param dst       (Output) the runs written
     * @param dstPos    the first element of run 0 in {@code dst}
     * @param dstStride elements between runs in {@code dst}
     * @param rows      the number of runs
     * @param rowLength elements per run
     */
    void copyRows(Buffer src, long srcPos, long srcStride, Buffer dst, long dstPos, long dstStride,
            long rows, long rowLength);

    /**
     * Sets {@code length} elements from {@code pos} to {@code re + i im} (im ignored for real types).
     *
     * @param b      (Output) the buffer
     * @param pos    the first element
     * @param length the number of elements
     * @param re     the real part
     * @param im     the imaginary part
     */
    void fill(Buffer b, long pos, long length, double re, double im);

    /**
     * {@code out = -x}.
     *
     * @param x   (Input) the operand; not modified
     * @param out (Output) overwritten; may be an operand
     */
    void negate(Buffer x, Buffer out);

    /**
     * {@code out = x + y}.
     *
     * @param x   (Input) the operand; not modified
     * @param y   (Input) the operand; not modified
     * @param out (Output) overwritten; may be an operand
     */
    void add(Buffer x, Buffer y, Buffer out);

    /**
     * {@code out = x - y}.
     *
     * @param x   (Input) the operand; not modified
     * @param y   (Input) the operand; not modified
     * @param out (Output) overwritten; may be an operand
     */
    void subtract(Buffer x, Buffer y, Buffer out);

    /**
     * {@code out = x * y}, element by element (complex product for complex types).
     *
     * @param x   (Input) the operand; not modified
     * @param y   (Input) the operand; not modified
     * @param out (Output) overwritten; may be an operand
     */
    void multiply(Buffer x, Buffer y, Buffer out);

    /**
     * {@code out = s * x} with {@code s = re + i im}; for real types only {@code re} is used.
     * Single-precision types multiply by {@code s} rounded to single precision.
     *
     * @param x   (Input) the operand; not modified
     * @param re  the real part of {@code s}
     * @param im  its imaginary part (ignored for real types)
     * @param out (Output) overwritten; may be an operand
     */
    void scale(Buffer x, double re, double im, Buffer out);

    /**
     * {@code y += s * x} with {@code s = re + i im} (BLAS axpy), in one pass; for real types only
     * {@code re} is used.
     *
     * @param re the real part of {@code s}
     * @param im its imaginary part (ignored for real types)
     * @param x  (Input) the operand; not modified
     * @param y  (Input/Output) overwritten with the result
     */
    void axpy(double re, double im, Buffer x, Buffer y);

    /**
     * {@code y = x + s * y} with {@code s = re + i im}, in one pass; for real types only {@code re} is used.
     *
     * @param re the real part of {@code s}
     * @param im its imaginary part (ignored for real types)
     * @param x  (Input) the operand; not modified
     * @param y  (Input/Output) overwritten with the result
     */
    void aypx(double re, double im, Buffer x, Buffer y);

    /**
     * {@code y += a p}, then {@code p = x + b p} (with the old {@code p} in both), for real
     * {@code a} and {@code b}: the same bits as {@code axpy(a, 0, p, y)} followed by
     * {@code aypx(b, 0, x, p)}, in one pass over memory where the engine can (a solver's
     * {@code x += a c; c = r + b c}). This default makes the two calls; the host engine fuses them.
     * {@code y} must not share storage with {@code p} or {@code x}.
     *
     * @param a the factor of the update of {@code y}
     * @param p (Input/Output) read, then overwritten with {@code x + b p}
     * @param y (Input/Output) overwritten with {@code y + a p}
     * @param b the factor of the update of {@code p}
     * @param x (Input) the operand of the update of {@code p}; not modified
     */
    default void axpyAypx(double a, Buffer p, Buffer y, double b, Buffer x) {
        axpy(a, 0, p, y);
        aypx(b, 0, x, p);
    }

    /**
     * The shrinkage step of ISTA and FISTA on local blocks: {@code g = T(z + alpha g)} (the
     * thresholded point {@code x⁺}), {@code d = g − x}, and with {@code extrapolate}
     * {@code z = g + omega d}. The same bits as {@code aypx(alpha, 0, z, g)},
     * {@code thresholds().apply(kind, g, t, g)}, {@code subtract(g, x, d)} and (with
     * {@code extrapolate}) {@code aypx(omega, 0, g, d')} on a copy {@code d'} of {@code d} written to
     * {@code z}, in one pass over memory where the engine can. This default makes those calls; the
     * host engine fuses them.
     *
     * <p>{@code g} and {@code d} must not share storage with each other or with {@code z} or
     * {@code x}; {@code z} may be {@code x} without {@code extrapolate} (ISTA's gradient step is taken
     * at {@code x}).
     *
     * @param kind        the threshold {@code T}
     * @param t           its parameter (see {@link ThresholdKernels})
     * @param alpha       the step size
     * @param g           (Input/Output) the gradient, overwritten with {@code x⁺}
     * @param z           (Input/Output) the point of the gradient step; overwritten with
     *                    {@code x⁺ + omega d} when {@code extrapolate}, else not modified
     * @param x           (Input) the current point; not modified
     * @param d           (Output) overwritten with {@code x⁺ − x}
     * @param extrapolate whether {@code z} is overwritten
     * @param omega       the factor of the extrapolation (ignored without it)
     */
    default void shrinkStep(ThresholdKernels.Kind kind, double t, double alpha, Buffer g, Buffer z, Buffer x,
            Buffer d, boolean extrapolate, double omega) {
        aypx(alpha, 0, z, g);                                              // x_u = z + alpha g
        thresholds().apply(kind, g, t, g);                                 // x⁺ = T(x_u)
        subtract(g, x, d);                                                 // d = x⁺ − x
        if (extrapolate) {
            copy(d, 0, z, 0, d.length());
            aypx(omega, 0, g, z);                                          // z = x⁺ + omega d
        }
    }

    /**
     * On the elements {@code [pos, pos + length)} of the buffers: the shrinkage step of
     * {@link #shrinkStep} ({@code g} becomes {@code x⁺}, {@code d = x⁺ − x}, with {@code extrapolate}
     * {@code z = x⁺ + omega d}), then two values per block of {@code blockLength} elements: block
     * {@code k}'s {@code sum |d_j|²} at {@code out[outPos + 2k]} and {@code sum |x⁺_j|} at
     * {@code out[outPos + 2k + 1]} — exactly as {@link #shrinkStep} on the range followed by
     * {@link #sumBlocks} of {@code d} ({@link Reduction#SUM_SQUARES}, p = 2) and of {@code x⁺}
     * ({@link Reduction#SUM_ABS}, p = 1) give them, the same bits, in one pass over memory where the
     * engine can (a piece is written and summed while it is in cache). The shrinkage solvers' step
     * with the norms {@code ‖x⁺ − x‖₂} and {@code ‖x⁺‖₁} folded in.
     *
     * <p>This default makes those calls on copies of the range; the host engine fuses them. The
     * operands share storage only as {@link #shrinkStep} allows.
     *
     * @param kind        the threshold {@code T}
     * @param t           its parameter (see {@link ThresholdKernels})
     * @param alpha       the step size
     * @param g           (Input/Output) the gradient; its range is overwritten with {@code x⁺}
     * @param z           (Input/Output) the point of the gradient step; its range is overwritten with
     *                    {@code x⁺ + omega d} when {@code extrapolate}, else not modified
     * @param x           (Input) the current point; not modified
     * @param d           (Output) its range is overwritten with {@code x⁺ − x}
     * @param extrapolate whether {@code z} is overwritten
     * @param omega       the factor of the extrapolation (ignored without it)
     * @param pos         the first element of the range, in every buffer
     * @param length      the number of elements
     * @param blockLength elements per block, at least 1
     * @param out         (Output) receives {@code 2 ceil(length / blockLength)} values from {@code outPos}
     * @param outPos      where block 0's first value goes in {@code out}
     */
    default void shrinkStepBlocks(ThresholdKernels.Kind kind, double t, double alpha, Buffer g, Buffer z, Buffer x,
            Buffer d, boolean extrapolate, double omega, long pos, long length, int blockLength, double[] out,
            int outPos) {
        if (length == 0) {
            return;
        }
        Buffer gs = allocate(g.type(), length);
        Buffer zs = allocate(g.type(), length);
        Buffer xs = allocate(g.type(), length);
        Buffer ds = allocate(g.type(), length);
        copy(g, pos, gs, 0, length);
        copy(z, pos, zs, 0, length);
        copy(x, pos, xs, 0, length);
        shrinkStep(kind, t, alpha, gs, zs, xs, ds, extrapolate, omega);    // x⁺, d (and z⁺) on the range
        copy(gs, 0, g, pos, length);
        copy(ds, 0, d, pos, length);
        if (extrapolate) {
            copy(zs, 0, z, pos, length);
        }
        int blocks = (int) ((length + blockLength - 1) / blockLength);
        double[] squares = new double[blocks];
        double[] absolutes = new double[blocks];
        sumBlocks(ds, 0, length, blockLength, Reduction.SUM_SQUARES, 2, squares, 0);   // |d|²
        sumBlocks(gs, 0, length, blockLength, Reduction.SUM_ABS, 1, absolutes, 0);    // |x⁺|
        for (int k = 0; k < blocks; k++) {
            out[outPos + 2 * k] = squares[k];
            out[outPos + 2 * k + 1] = absolutes[k];
        }
    }

    /**
     * On the elements {@code [pos, pos + length)} of the buffers: {@code res = y − (p + omega (p − q))}
     * (FISTA's residual at the extrapolated point, from the products {@code p = A x⁺} and
     * {@code q = A x}), then the block values of {@code |y − p|²} over those elements — exactly as
     * {@code subtract(p, q, e)}, {@code aypx(omega, 0, p, e)}, {@code subtract(y, e, res)} on them
     * and {@link #sumBlocks} ({@link Reduction#SUM_SQUARES}) of {@code subtract(y, p, c)} give them,
     * the same bits, in one pass over memory where the engine can (without storing {@code c}).
     *
     * <p>This default makes those calls on copies of the range; the host engine fuses them.
     * {@code res} must not share storage with {@code y}, {@code p} or {@code q}.
     *
     * @param omega       the factor of the extrapolation
     * @param y           (Input) the data; not modified
     * @param p           (Input) {@code A x⁺}; not modified
     * @param q           (Input) {@code A x}; not modified
     * @param res         (Output) its range is overwritten with the residual
     * @param pos         the first element of the range, in every buffer
     * @param length      the number of elements
     * @param blockLength elements per block, at least 1
     * @param out         (Output) receives {@code ceil(length / blockLength)} values from {@code outPos}
     * @param outPos      where block 0 goes in {@code out}
     */
    default void extrapolatedResidualBlocks(double omega, Buffer y, Buffer p, Buffer q, Buffer res, long pos,
            long length, int blockLength, double[] out, int outPos) {
        Buffer ys = allocate(y.type(), length);
        Buffer ps = allocate(y.type(), length);
        Buffer e = allocate(y.type(), length);
        copy(y, pos, ys, 0, length);
        copy(p, pos, ps, 0, length);
        copy(q, pos, e, 0, length);
        subtract(ps, e, e);                                                // p − q
        aypx(omega, 0, ps, e);                                             // A z⁺ = p + omega (p − q)
        subtract(ys, e, e);                                                // y − A z⁺
        copy(e, 0, res, pos, length);
        subtract(ys, ps, e);                                               // y − p
        sumBlocks(e, 0, length, blockLength, Reduction.SUM_SQUARES, 2, out, outPos);
    }

    /**
     * {@code out = conj(x)} (a copy for real types).
     *
     * @param x   (Input) the operand; not modified
     * @param out (Output) overwritten; may be an operand
     */
    void conj(Buffer x, Buffer out);

    /**
     * {@code out = x} converted to {@code out}'s element type, element by element, as NumPy's
     * {@code astype} (and {@code NdArray.astype}): each part rounded to nearest when the precision
     * narrows, exact when it widens; a real element becomes a complex one with imaginary part 0; a
     * complex element becomes its real part. The buffers may have any two element types and must
     * have one length; they must not overlap unless they are the same buffer of one type.
     *
     * <p>The default refuses: an engine without a conversion kernel says so.
     *
     * @param x   (Input) the operand; not modified
     * @param out (Output) overwritten
     * @throws IllegalArgumentException if the lengths differ
     * @throws UnsupportedOperationException if this engine has no conversion kernel
     */
    default void convert(Buffer x, Buffer out) {
        throw new UnsupportedOperationException("engine " + name() + " has no conversion kernel (convert " + x.type()
                + " to " + out.type() + ")");
    }

    /**
     * Adds {@code sum_k op(x[xPos+k]) * y[yPos+k]} for {@code k < length} to
     * {@code acc[0] + i acc[1]}, where {@code op} conjugates when {@code conjugate} is set.
     * Accumulates in double precision for every type.
     *
     * @param x         (Input) the operand; not modified
     * @param xPos      the first element of {@code x}
     * @param y         (Input) the operand; not modified
     * @param yPos      the first element of {@code y}
     * @param length    the number of elements
     * @param conjugate whether {@code x} is conjugated
     * @param acc       (Input/Output) {@code {re, im}}, added to
     */
    void dot(Buffer x, long xPos, Buffer y, long yPos, long length, boolean conjugate, double[] acc);

    /**
     * The sums of {@code f(x_j)} over consecutive blocks of {@code blockLength} elements from
     * {@code pos} (the last block shorter when {@code length} is not a multiple), in double
     * precision, into {@code out[outPos + k]} for block {@code k}. Each block is summed in one
     * fixed order that depends on its contents only: element {@code j} of the block goes to partial
     * sum {@code j mod 8}, each partial sum adds its elements in order from +0, and the value is
     * {@code ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))}. So a block summed here, or from its values {@code f(x_j)}
     * gathered from several ranks in the same order, has the same bits: the building block of the
     * reductions that are bit-identical at every rank count.
     *
     * @param reduction {@link Reduction#SUM_ABS}, {@link Reduction#SUM_SQUARES}, {@link Reduction#SUM_POW} or
     *                  {@link Reduction#COUNT_NONZERO} (a sum of ones)
     * @param p         the power for {@link Reduction#SUM_POW}, else ignored
     * @param out       (Output) receives {@code ceil(length / blockLength)} values from {@code outPos}
     * @param x           (Input) the operand; not modified
     * @param pos         the first element
     * @param length      the number of elements
     * @param blockLength elements per block, at least 1
     * @param outPos      where block 0 goes in {@code out}
     */
    void sumBlocks(Buffer x, long pos, long length, int blockLength, Reduction reduction, double p, double[] out,
            int outPos);

    /**
     * The fixed order of {@link #sumBlocks} on values already mapped: the sum of
     * {@code values[from + j * stride]} for {@code j < count}, element {@code j} to partial sum
     * {@code j mod 8}, each partial sum in order from +0, the value
     * {@code ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))} ({@link #combineLanes}).
     * Every engine's block kernels equal it bit for bit on their mapped values.
     *
     * @param values (Input) not modified
     * @param from   the index of element 0
     * @param count  the number of elements
     * @param stride entries between elements
     * @return the sum
     */
    static double blockSum(double[] values, int from, int count, int stride) {
        double[] s = new double[LANES];
        for (int j = 0; j < count; j++) {
            s[j % LANES] += values[from + j * stride];
        }
        return combineLanes(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
    }

    /** The partial sums of {@link #blockSum}: element {@code j} of a block goes to partial sum {@code j mod 8}. */
    int LANES = 8;

    /**
     * How {@link #blockSum} combines its partial sums: {@code ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))}.
     *
     * @param s0 partial sum 0
     * @param s1 partial sum 1
     * @param s2 partial sum 2
     * @param s3 partial sum 3
     * @param s4 partial sum 4
     * @param s5 partial sum 5
     * @param s6 partial sum 6
     * @param s7 partial sum 7
     * @return the combined sum
     */
    static double combineLanes(double s0, double s1, double s2, double s3, double s4, double s5, double s6,
            double s7) {
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * The dot products {@code sum_j op(x_j) y_j} over consecutive blocks of {@code blockLength}
     * elements ({@code op} conjugates when {@code conjugate} is set), in double precision and in the
     * fixed order of {@link #sumBlocks}, real and imaginary parts summed separately: block
     * {@code k}'s value is {@code out[outPos + 2k] + i out[outPos + 2k + 1]} (imaginary part 0 for
     * real types).
     *
     * @param out (Output) receives {@code 2 ceil(length / blockLength)} values from {@code outPos}
     * @param x           (Input) the operand; not modified
     * @param xPos        the first element of {@code x}
     * @param y           (Input) the operand; not modified
     * @param yPos        the first element of {@code y}
     * @param length      the number of elements
     * @param blockLength elements per block, at least 1
     * @param conjugate   whether {@code x} is conjugated
     * @param outPos      where block 0 goes in {@code out}
     */
    void dotBlocks(Buffer x, long xPos, Buffer y, long yPos, long length, int blockLength, boolean conjugate,
            double[] out, int outPos);

    /**
     * {@code y += s * x} on the elements {@code [pos, pos + length)} of both buffers ({@code s = re +
     * i im}), then the block values of {@code conj(y) y} over those elements, exactly as
     * {@link #axpy} on them followed by {@link #dotBlocks dotBlocks(y, pos, y, pos, length,
     * blockLength, true, out, outPos)} give them — the same bits, in one pass over memory where the
     * engine can (a block is updated and summed while it is in cache). The solvers' fused
     * {@code x += a p; ||x||^2}.
     *
     * <p>This default makes the two passes on copies of the range; the host engine fuses them.
     *
     * @param re          the real part of {@code s}
     * @param im          its imaginary part (ignored for real types)
     * @param x           (Input) the operand; not modified
     * @param y           (Input/Output) its range is overwritten with the result
     * @param pos         the first element of the range, in both buffers
     * @param length      the number of elements
     * @param blockLength elements per block, at least 1
     * @param out         (Output) receives {@code 2 ceil(length / blockLength)} values from {@code outPos}
     * @param outPos      where block 0 goes in {@code out}
     */
    default void axpyDotBlocks(double re, double im, Buffer x, Buffer y, long pos, long length, int blockLength,
            double[] out, int outPos) {
        if (length > 0) {
            Buffer xs = allocate(x.type(), length);
            Buffer ys = allocate(y.type(), length);
            copy(x, pos, xs, 0, length);
            copy(y, pos, ys, 0, length);
            axpy(re, im, xs, ys);
            copy(ys, 0, y, pos, length);
        }
        dotBlocks(y, pos, y, pos, length, blockLength, true, out, outPos);
    }

    /**
     * The reduction of {@code length} elements from {@code pos}, in double precision.
     *
     * @param p the power for {@link Reduction#SUM_POW}, else ignored
     * @param x         (Input) the operand; not modified
     * @param pos       the first element
     * @param length    the number of elements
     * @param reduction what is computed
     * @return the reduced value
     */
    double reduce(Buffer x, long pos, long length, Reduction reduction, double p);

    /**
     * Reduces along the middle axis of {@code x} viewed as a row-major {@code (outer, axisLength,
     * inner)} block: {@code out[o * inner + i] = reduce_a f(x[o, a, i])}, in double precision.
     *
     * @param out (Output) {@code outer * inner} entries, overwritten
     * @param x          (Input) the operand; not modified
     * @param outer      the outer extent
     * @param axisLength the length of the reduced axis
     * @param inner      the inner extent
     * @param reduction  what is computed
     * @param p          the power for {@link Reduction#SUM_POW}, else ignored
     */
    void reduceAxis(Buffer x, long outer, long axisLength, long inner, Reduction reduction, double p, double[] out);
}
