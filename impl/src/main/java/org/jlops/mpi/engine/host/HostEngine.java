package org.jlops.mpi.engine.host;

import java.util.Arrays;
import java.util.function.Supplier;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.FftKernels;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.engine.ThresholdKernels;

/**
 * The host engine: buffers are Java arrays ({@code double[]} for FLOAT64/COMPLEX128,
 * {@code float[]} for FLOAT32/COMPLEX64, complex interleaved), so one buffer holds at most
 * {@value #MAX_ENTRIES} real entries. Each call checks its buffers once, picks the loop for the
 * element type, and runs it; there is no per-element dispatch.
 */
public final class HostEngine implements Engine {

    /** The one instance. */
    public static final HostEngine INSTANCE = new HostEngine();

    /** Largest number of real entries of one host buffer (the JVM's array limit, with headroom). */
    public static final int MAX_ENTRIES = Integer.MAX_VALUE - 8;

    private HostEngine() {
    }

    @Override
    public String name() {
        return "host";
    }

    /**
     * The host's stencil kernels: the Vector API's loops where the JVM has them, else scalar loops
     * (see {@link HostStencilKernels}); the scalar loops in a thread inside
     * {@link StencilKernels#onScalarPath}.
     */
    @Override
    public StencilKernels stencils() {
        return HostStencilKernels.current();
    }

    /**
     * {@link StencilKernels#onScalarPath}, which the engine package cannot implement without this
     * package's kernels.
     *
     * @param task the work
     * @param <T>  its result type
     * @return what {@code task} returns
     */
    public static <T> T onScalarStencils(Supplier<T> task) {
        return HostStencilKernels.onScalarPath(task);
    }

    /**
     * The host's dense products: netlib BLAS for the real types, the system CBLAS through FFM for
     * the complex types, loops where neither loads (see {@link HostDenseKernels}).
     */
    @Override
    public DenseKernels dense() {
        return HostDenseKernels.BLAS_KERNELS;
    }

    /**
     * The host's FFTs: FFTW through FFM where the system has it, else JTransforms (see
     * {@link HostFftKernels}).
     */
    @Override
    public FftKernels fft() {
        return HostFftKernels.selected();
    }

    @Override
    public ThresholdKernels thresholds() {
        return HostThresholdKernels.INSTANCE;
    }

    @Override
    public Buffer allocate(ElementType type, long length) {
        int entries = entries(type, length);
        return type.isDoublePrecision() ? new HostBuffer(type, new double[entries])
                : new HostBuffer(type, new float[entries]);
    }

    /**
     * A buffer over a Java array whose zeroing the JVM may skip when it exports
     * {@code jdk.internal.misc} to this library (small arrays in compiled code only: see
     * {@link HostAllocation}); else, or with {@code -Djlops.alloc.uninitialized=off}, a zero-filled
     * one.
     */
    @Override
    public Buffer allocateUninitialized(ElementType type, long length) {
        int entries = entries(type, length);
        return type.isDoublePrecision() ? new HostBuffer(type, HostAllocation.doubles(entries))
                : new HostBuffer(type, HostAllocation.floats(entries));
    }

    /**
     * {@code "uninitialised (...)"}, {@code "zero-filled (the reason)"} or
     * {@code "NaN-poisoned (...)"}: see {@link HostAllocation}.
     */
    @Override
    public String allocationImplementation() {
        return HostAllocation.implementation();
    }

    /**
     * Runs {@code task} in the calling thread with every {@link #allocateUninitialized} of the host
     * engine filled with a NaN that no computation produces (the bits {@code 0x7ff8deadbeef0bad},
     * {@code 0x7fc0dead} in single precision), whatever {@code jlops.alloc.uninitialized} says:
     * for tests that compare a product allocated this way with the same product into a zeroed
     * output, bit for bit, to prove that every element it leaves uninitialised is written. Other
     * threads are not affected: each in-JVM rank calls this for itself. Local.
     *
     * @param task the work to run
     * @param <T>  its result type
     * @return what {@code task} returns
     */
    public static <T> T onPoisonedAllocations(Supplier<T> task) {
        return HostAllocation.poisoned(task);
    }

    /**
     * Real entries a buffer of {@code length} elements needs.
     *
     * @throws IllegalArgumentException if negative or above {@link #MAX_ENTRIES}
     */
    public static int entries(ElementType type, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length: must not be negative, got " + length);
        }
        long entries = length * type.components();
        if (length > MAX_ENTRIES || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("length: a local block of " + length + " " + type
                    + " elements needs " + entries + " " + (type.isDoublePrecision() ? "double" : "float")
                    + " entries, more than one Java array holds (" + MAX_ENTRIES + "); use more ranks");
        }
        return (int) entries;
    }

    @Override
    public Buffer wrap(Object hostArray, ElementType type) {
        if (hostArray instanceof double[] d && type.isDoublePrecision()) {
            checkEven(d.length, type);
            return new HostBuffer(type, d);
        }
        if (hostArray instanceof float[] f && !type.isDoublePrecision()) {
            checkEven(f.length, type);
            return new HostBuffer(type, f);
        }
        throw new IllegalArgumentException("hostArray: " + type + " is stored in a "
                + (type.isDoublePrecision() ? "double[]" : "float[]") + ", got "
                + (hostArray == null ? "null" : hostArray.getClass().getSimpleName()));
    }

    private static void checkEven(int n, ElementType type) {
        if (type.isComplex() && n % 2 != 0) {
            throw new IllegalArgumentException("hostArray: complex storage needs an even number of entries "
                    + "(interleaved re/im), got " + n);
        }
    }

    @Override
    public Buffer copyOf(Buffer src) {
        HostBuffer s = host(src);
        return s.d != null ? new HostBuffer(s.type(), s.d.clone()) : new HostBuffer(s.type(), s.f.clone());
    }

    @Override
    public void copy(Buffer src, long srcPos, Buffer dst, long dstPos, long length) {
        copyRows(src, srcPos, 0, dst, dstPos, 0, 1, length);
    }

    @Override
    public void copyRows(Buffer src, long srcPos, long srcStride, Buffer dst, long dstPos, long dstStride,
            long rows, long rowLength) {
        HostBuffer s = host(src);
        HostBuffer d = host(dst);
        sameType(s, d);
        if (rows <= 0 || rowLength <= 0) {
            return;
        }
        checkRange("src", s, srcPos + (rows - 1) * srcStride, rowLength);
        checkRange("dst", d, dstPos + (rows - 1) * dstStride, rowLength);
        checkRange("src", s, srcPos, rowLength);
        checkRange("dst", d, dstPos, rowLength);
        int c = s.type().components();
        int len = (int) (rowLength * c);
        Object sa = s.hostArray();
        Object da = d.hostArray();
        for (long k = 0; k < rows; k++) {
            System.arraycopy(sa, (int) ((srcPos + k * srcStride) * c), da, (int) ((dstPos + k * dstStride) * c), len);
        }
    }

    @Override
    public void fill(Buffer b, long pos, long length, double re, double im) {
        HostBuffer h = host(b);
        checkRange("b", h, pos, length);
        int from = (int) pos, to = (int) (pos + length);
        if (!h.type().isComplex()) {
            if (h.d != null) {
                Arrays.fill(h.d, from, to, re);
            } else {
                Arrays.fill(h.f, from, to, (float) re);
            }
            return;
        }
        for (int k = from; k < to; k++) {
            if (h.d != null) {
                h.d[2 * k] = re;
                h.d[2 * k + 1] = im;
            } else {
                h.f[2 * k] = (float) re;
                h.f[2 * k + 1] = (float) im;
            }
        }
    }

    @Override
    public void negate(Buffer x, Buffer out) {
        HostBuffer a = host(x), o = host(out);
        same(a, o);
        if (a.d != null) {
            HostKernels.negate(a.d, o.d, a.entries());
        } else {
            HostKernels.negate(a.f, o.f, a.entries());
        }
    }

    @Override
    public void add(Buffer x, Buffer y, Buffer out) {
        HostBuffer a = host(x), b = host(y), o = host(out);
        same(a, b);
        same(a, o);
        if (a.d != null) {
            HostKernels.add(a.d, b.d, o.d, a.entries());
        } else {
            HostKernels.add(a.f, b.f, o.f, a.entries());
        }
    }

    @Override
    public void subtract(Buffer x, Buffer y, Buffer out) {
        HostBuffer a = host(x), b = host(y), o = host(out);
        same(a, b);
        same(a, o);
        if (a.d != null) {
            HostKernels.subtract(a.d, b.d, o.d, a.entries());
        } else {
            HostKernels.subtract(a.f, b.f, o.f, a.entries());
        }
    }

    @Override
    public void multiply(Buffer x, Buffer y, Buffer out) {
        HostBuffer a = host(x), b = host(y), o = host(out);
        same(a, b);
        same(a, o);
        int n = (int) a.length();
        boolean complex = a.type().isComplex();
        if (a.d != null) {
            if (complex) {
                HostKernels.multiplyComplex(a.d, b.d, o.d, n);
            } else {
                HostKernels.multiply(a.d, b.d, o.d, n);
            }
        } else if (complex) {
            HostKernels.multiplyComplex(a.f, b.f, o.f, n);
        } else {
            HostKernels.multiply(a.f, b.f, o.f, n);
        }
    }

    @Override
    public void scale(Buffer x, double re, double im, Buffer out) {
        HostBuffer a = host(x), o = host(out);
        same(a, o);
        int n = (int) a.length();
        boolean complex = a.type().isComplex();
        if (a.d != null) {
            if (complex && im != 0) {
                HostKernels.scaleComplex(a.d, re, im, o.d, n);
            } else {
                HostKernels.scale(a.d, re, o.d, a.entries());
            }
        } else if (complex && im != 0) {
            HostKernels.scaleComplex(a.f, (float) re, (float) im, o.f, n);
        } else {
            HostKernels.scale(a.f, (float) re, o.f, a.entries());
        }
    }

    @Override
    public void axpy(double re, double im, Buffer x, Buffer y) {
        HostBuffer a = host(x), b = host(y);
        same(a, b);
        boolean complex = a.type().isComplex() && im != 0;
        int n = (int) a.length();
        if (a.d != null) {
            if (complex) {
                HostKernels.axpyComplex(re, im, a.d, b.d, n);
            } else {
                HostKernels.axpy(re, a.d, b.d, a.entries());
            }
        } else if (complex) {
            HostKernels.axpyComplex((float) re, (float) im, a.f, b.f, n);
        } else {
            HostKernels.axpy((float) re, a.f, b.f, a.entries());
        }
    }

    /** Elements per piece of {@link #axpyDotBlocks}: the piece of both operands stays in the first-level cache. */
    private static final int FUSED_PIECE = 1024;

    /**
     * Piece after piece of whole blocks: the {@link #axpy} loop on the piece, then the
     * {@link #dotBlocks} kernel on it while it is in cache — per element and per block the
     * operations of the two separate calls, so the same bits.
     */
    @Override
    public void axpyDotBlocks(double re, double im, Buffer x, Buffer y, long pos, long length, int blockLength,
            double[] out, int outPos) {
        HostBuffer a = host(x), b = host(y);
        same(a, b);
        checkRange("x", a, pos, length);
        checkRange("y", b, pos, length);
        checkBlocks(length, blockLength, 2, out, outPos);
        boolean complexType = a.type().isComplex();
        boolean complex = complexType && im != 0;
        int c = complexType ? 2 : 1;
        long piece = Math.max(1, FUSED_PIECE / blockLength) * (long) blockLength;
        for (long done = 0; done < length; done += piece) {
            int from = (int) (pos + done);
            int n = (int) Math.min(piece, length - done);
            int o = outPos + 2 * (int) (done / blockLength);
            if (a.d != null) {
                if (complex) {
                    for (int k = 0, j = c * from; k < n; k++, j += 2) {          // as HostKernels.axpyComplex
                        double xr = a.d[j], xi = a.d[j + 1];
                        b.d[j] += re * xr - im * xi;
                        b.d[j + 1] += re * xi + im * xr;
                    }
                } else {
                    for (int j = c * from, e = c * (from + n); j < e; j++) {      // as HostKernels.axpy
                        b.d[j] += re * a.d[j];
                    }
                }
                if (complexType) {
                    HostBlockKernels.dotBlocksComplex(b.d, 2 * from, b.d, 2 * from, n, -1.0, blockLength, out, o);
                } else {
                    HostBlockKernels.dotBlocks(b.d, from, b.d, from, n, blockLength, out, o);
                }
            } else {
                float fr = (float) re;
                float fi = (float) im;
                if (complex) {
                    for (int k = 0, j = c * from; k < n; k++, j += 2) {
                        float xr = a.f[j], xi = a.f[j + 1];
                        b.f[j] += fr * xr - fi * xi;
                        b.f[j + 1] += fr * xi + fi * xr;
                    }
                } else {
                    for (int j = c * from, e = c * (from + n); j < e; j++) {
                        b.f[j] += fr * a.f[j];
                    }
                }
                if (complexType) {
                    HostBlockKernels.dotBlocksComplex(b.f, 2 * from, b.f, 2 * from, n, -1.0, blockLength, out, o);
                } else {
                    HostBlockKernels.dotBlocks(b.f, from, b.f, from, n, blockLength, out, o);
                }
            }
        }
    }

    /**
     * One loop: each element of {@code p} is read once, {@code y += a p} and {@code p = x + b p}
     * written from it — per element the operations of {@link #axpy} and {@link #aypx} with a zero
     * imaginary part (their real loops over every entry), so the same bits.
     */
    @Override
    public void axpyAypx(double a, Buffer p, Buffer y, double b, Buffer x) {
        HostBuffer c = host(p), u = host(y), r = host(x);
        same(c, u);
        same(c, r);
        int n = c.entries();
        if (c.d != null) {
            if (u.d == c.d || u.d == r.d) {
                Engine.super.axpyAypx(a, p, y, b, x);
                return;
            }
            HostKernels.axpyAypx(a, c.d, u.d, b, r.d, n);
        } else {
            if (u.f == c.f || u.f == r.f) {
                Engine.super.axpyAypx(a, p, y, b, x);
                return;
            }
            HostKernels.axpyAypx((float) a, c.f, u.f, (float) b, r.f, n);
        }
    }

    /**
     * One loop: each element of {@code z}, {@code g} and {@code x} is read once and {@code x⁺},
     * {@code d} (and {@code z⁺}) written from it — per element the operations of {@link #aypx}
     * (real loop), the threshold kernel (the same element functions of
     * {@code HostThresholdKernels}, in double precision, rounded once to the buffer's type),
     * {@link #subtract} and {@link #aypx} again, so the same bits. The real soft and hard thresholds
     * run on {@link ShrinkStepLoops#INSTANCE} (the Vector API's loops where the JVM has them, the same
     * bits), the complex entries and the half threshold on the scalar {@link ShrinkLoops#shrink} loops.
     */
    @Override
    public void shrinkStep(ThresholdKernels.Kind kind, double t, double alpha, Buffer g, Buffer z, Buffer x,
            Buffer d, boolean extrapolate, double omega) {
        HostBuffer[] b4 = alike(g, z, x, d);
        HostBuffer gb = b4[0], zb = b4[1], xb = b4[2], db = b4[3];
        if (sharesStorage(gb, zb, xb, db, extrapolate)) {
            Engine.super.shrinkStep(kind, t, alpha, g, z, x, d, extrapolate, omega);
            return;
        }
        boolean complex = gb.type().isComplex();
        double cut = kind == ThresholdKernels.Kind.HALF ? HostThresholdKernels.halfCut(t) : 0;
        boolean soft = kind == ThresholdKernels.Kind.SOFT;
        if (gb.d != null) {
            if (complex || kind == ThresholdKernels.Kind.HALF) {
                ShrinkLoops.shrink(kind, t, cut, complex, alpha, gb.d, zb.d, xb.d, db.d, extrapolate, omega);
            } else {
                ShrinkStepLoops.INSTANCE.shrinkReal(soft, t, alpha, gb.d, zb.d, xb.d, db.d, extrapolate, omega, 0,
                        gb.d.length);
            }
        } else {
            if (complex || kind == ThresholdKernels.Kind.HALF) {
                ShrinkLoops.shrink(kind, t, cut, complex, (float) alpha, gb.f, zb.f, xb.f, db.f, extrapolate,
                        (float) omega);
            } else {
                ShrinkStepLoops.INSTANCE.shrinkReal(soft, t, (float) alpha, gb.f, zb.f, xb.f, db.f, extrapolate,
                        (float) omega, 0, gb.f.length);
            }
        }
    }

    /**
     * Real float64 with the soft or hard threshold: {@link ShrinkStepLoops#shrinkRealBlocks} (the
     * Vector API's loop adds the squares and absolute values to the blocks' partial sums in
     * registers as it writes them). Elsewhere piece after piece of whole blocks: the
     * {@link #shrinkStep} loop on the piece (the same loops, on a range), then the {@link #sumBlocks}
     * kernels of {@code |d|²} and {@code |x⁺|} on it while it is in cache. Either way per element and
     * per block the operations of the separate calls, so the same bits.
     */
    @Override
    public void shrinkStepBlocks(ThresholdKernels.Kind kind, double t, double alpha, Buffer g, Buffer z, Buffer x,
            Buffer d, boolean extrapolate, double omega, long pos, long length, int blockLength, double[] out,
            int outPos) {
        HostBuffer[] b4 = alike(g, z, x, d);
        HostBuffer gb = b4[0], zb = b4[1], xb = b4[2], db = b4[3];
        for (HostBuffer b : b4) {
            checkRange("g/z/x/d", b, pos, length);
        }
        checkBlocks(length, blockLength, 2, out, outPos);
        if (sharesStorage(gb, zb, xb, db, extrapolate)) {
            Engine.super.shrinkStepBlocks(kind, t, alpha, g, z, x, d, extrapolate, omega, pos, length, blockLength,
                    out, outPos);
            return;
        }
        boolean complex = gb.type().isComplex();
        int c = complex ? 2 : 1;
        double cut = kind == ThresholdKernels.Kind.HALF ? HostThresholdKernels.halfCut(t) : 0;
        boolean soft = kind == ThresholdKernels.Kind.SOFT;
        boolean loops = !complex && kind != ThresholdKernels.Kind.HALF;      // the vector loops' cases
        if (loops && gb.d != null) {                                          // the sums in registers where it can
            ShrinkStepLoops.INSTANCE.shrinkRealBlocks(soft, t, alpha, gb.d, zb.d, xb.d, db.d, extrapolate, omega,
                    (int) pos, (int) length, blockLength, out, outPos);
            return;
        }
        long piece = Math.max(1, FUSED_PIECE / blockLength) * (long) blockLength;
        int most = (int) ((Math.min(piece, length) + blockLength - 1) / blockLength);
        double[] squares = new double[most];
        double[] absolutes = new double[most];
        for (long done = 0; done < length; done += piece) {
            int from = (int) (pos + done);
            int n = (int) Math.min(piece, length - done);
            if (gb.d != null) {
                if (loops) {
                    ShrinkStepLoops.INSTANCE.shrinkReal(soft, t, alpha, gb.d, zb.d, xb.d, db.d, extrapolate, omega,
                            from, n);
                } else {
                    ShrinkLoops.shrink(kind, t, cut, complex, alpha, gb.d, zb.d, xb.d, db.d, extrapolate, omega,
                            c * from, c * n);
                }
                HostBlockKernels.sumBlocks(db.d, from, n, complex, blockLength, Reduction.SUM_SQUARES, 2, squares, 0);
                HostBlockKernels.sumBlocks(gb.d, from, n, complex, blockLength, Reduction.SUM_ABS, 1, absolutes, 0);
            } else {
                if (loops) {
                    ShrinkStepLoops.INSTANCE.shrinkReal(soft, t, (float) alpha, gb.f, zb.f, xb.f, db.f, extrapolate,
                            (float) omega, from, n);
                } else {
                    ShrinkLoops.shrink(kind, t, cut, complex, (float) alpha, gb.f, zb.f, xb.f, db.f, extrapolate,
                            (float) omega, c * from, c * n);
                }
                HostBlockKernels.sumBlocks(db.f, from, n, complex, blockLength, Reduction.SUM_SQUARES, 2, squares, 0);
                HostBlockKernels.sumBlocks(gb.f, from, n, complex, blockLength, Reduction.SUM_ABS, 1, absolutes, 0);
            }
            int o = outPos + 2 * (int) (done / blockLength);
            for (int k = 0, blocks = (n + blockLength - 1) / blockLength; k < blocks; k++) {
                out[o + 2 * k] = squares[k];
                out[o + 2 * k + 1] = absolutes[k];
            }
        }
    }

    /**
     * Piece after piece of whole blocks: per element the operations of {@link #subtract},
     * {@link #aypx} and {@link #subtract} for the residual, and {@code y − p} into a scratch piece
     * that the {@link #sumBlocks} kernel sums while it is in cache — the same bits. The loop is
     * {@link ShrinkStepLoops#INSTANCE}'s (the Vector API's where the JVM has it).
     */
    @Override
    public void extrapolatedResidualBlocks(double omega, Buffer y, Buffer p, Buffer q, Buffer res, long pos,
            long length, int blockLength, double[] out, int outPos) {
        HostBuffer[] b4 = alike(y, p, q, res);
        HostBuffer yb = b4[0], pb = b4[1], qb = b4[2], rb = b4[3];
        for (HostBuffer b : b4) {
            checkRange("y/p/q/res", b, pos, length);
        }
        checkBlocks(length, blockLength, 1, out, outPos);
        Object ra = rb.hostArray();
        if (ra == yb.hostArray() || ra == pb.hostArray() || ra == qb.hostArray()) {
            Engine.super.extrapolatedResidualBlocks(omega, y, p, q, res, pos, length, blockLength, out, outPos);
            return;
        }
        boolean complex = yb.type().isComplex();
        int c = complex ? 2 : 1;
        long piece = Math.max(1, FUSED_PIECE / blockLength) * (long) blockLength;
        int scratch = (int) Math.min(piece, length) * c;
        double[] cd = yb.d != null ? new double[scratch] : null;
        float[] cf = yb.d != null ? null : new float[scratch];
        for (long done = 0; done < length; done += piece) {
            int from = (int) (pos + done);
            int n = (int) Math.min(piece, length - done);
            int o = outPos + (int) (done / blockLength);
            if (yb.d != null) {
                ShrinkStepLoops.INSTANCE.extrapolatedResidual(omega, yb.d, pb.d, qb.d, rb.d, c * from, c * n, cd);
                HostBlockKernels.sumBlocks(cd, 0, n, complex, blockLength, Reduction.SUM_SQUARES, 2, out, o);
            } else {
                ShrinkStepLoops.INSTANCE.extrapolatedResidual((float) omega, yb.f, pb.f, qb.f, rb.f, c * from, c * n,
                        cf);
                HostBlockKernels.sumBlocks(cf, 0, n, complex, blockLength, Reduction.SUM_SQUARES, 2, out, o);
            }
        }
    }

    @Override
    public void aypx(double re, double im, Buffer x, Buffer y) {
        HostBuffer a = host(x), b = host(y);
        same(a, b);
        boolean complex = a.type().isComplex() && im != 0;
        int n = (int) a.length();
        if (a.d != null) {
            if (complex) {
                HostKernels.aypxComplex(re, im, a.d, b.d, n);
            } else {
                HostKernels.aypx(re, a.d, b.d, a.entries());
            }
        } else if (complex) {
            HostKernels.aypxComplex((float) re, (float) im, a.f, b.f, n);
        } else {
            HostKernels.aypx((float) re, a.f, b.f, a.entries());
        }
    }

    @Override
    public void convert(Buffer x, Buffer out) {
        HostBuffer a = host(x), o = host(out);
        if (a.length() != o.length()) {
            throw new IllegalArgumentException("buffers: lengths differ, " + a.length() + " and " + o.length());
        }
        int n = (int) a.length();
        int xc = a.type().components();
        int oc = o.type().components();
        for (int k = 0; k < n; k++) {                                     // (float) rounds to nearest, as NdArray.set
            double re = a.d != null ? a.d[xc * k] : a.f[xc * k];
            double im = xc == 2 ? (a.d != null ? a.d[2 * k + 1] : a.f[2 * k + 1]) : 0;
            if (o.d != null) {
                o.d[oc * k] = re;
                if (oc == 2) {
                    o.d[2 * k + 1] = im;
                }
            } else {
                o.f[oc * k] = (float) re;
                if (oc == 2) {
                    o.f[2 * k + 1] = (float) im;
                }
            }
        }
    }

    @Override
    public void conj(Buffer x, Buffer out) {
        HostBuffer a = host(x), o = host(out);
        same(a, o);
        if (!a.type().isComplex()) {
            if (a != o) {
                System.arraycopy(a.hostArray(), 0, o.hostArray(), 0, a.entries());
            }
            return;
        }
        if (a.d != null) {
            HostKernels.conj(a.d, o.d, (int) a.length());
        } else {
            HostKernels.conj(a.f, o.f, (int) a.length());
        }
    }

    @Override
    public void dot(Buffer x, long xPos, Buffer y, long yPos, long length, boolean conjugate, double[] acc) {
        if (length > 0) {
            double[] v = new double[2];
            dotBlocks(x, xPos, y, yPos, length, (int) length, conjugate, v, 0);   // one fixed-order block
            acc[0] += v[0];
            acc[1] += v[1];
        } else {
            checkRange("x", host(x), xPos, 0);
            checkRange("y", host(y), yPos, 0);
        }
    }

    @Override
    public void sumBlocks(Buffer x, long pos, long length, int blockLength, Reduction reduction, double p,
            double[] out, int outPos) {
        HostBuffer a = host(x);
        checkRange("x", a, pos, length);
        checkBlocks(length, blockLength, 1, out, outPos);
        if (reduction == Reduction.MAX_ABS || reduction == Reduction.MIN_ABS) {
            throw new IllegalArgumentException("reduction: " + reduction + " is not a sum");
        }
        boolean complex = a.type().isComplex();
        if (a.d != null) {
            HostBlockKernels.sumBlocks(a.d, (int) pos, (int) length, complex, blockLength, reduction, p, out, outPos);
        } else {
            HostBlockKernels.sumBlocks(a.f, (int) pos, (int) length, complex, blockLength, reduction, p, out, outPos);
        }
    }

    @Override
    public void dotBlocks(Buffer x, long xPos, Buffer y, long yPos, long length, int blockLength, boolean conjugate,
            double[] out, int outPos) {
        HostBuffer a = host(x), b = host(y);
        sameType(a, b);
        checkRange("x", a, xPos, length);
        checkRange("y", b, yPos, length);
        checkBlocks(length, blockLength, 2, out, outPos);
        int n = (int) length;
        if (!a.type().isComplex()) {
            if (a.d != null) {
                HostBlockKernels.dotBlocks(a.d, (int) xPos, b.d, (int) yPos, n, blockLength, out, outPos);
            } else {
                HostBlockKernels.dotBlocks(a.f, (int) xPos, b.f, (int) yPos, n, blockLength, out, outPos);
            }
            return;
        }
        double sign = conjugate ? -1.0 : 1.0;
        if (a.d != null) {
            HostBlockKernels.dotBlocksComplex(a.d, 2 * (int) xPos, b.d, 2 * (int) yPos, n, sign, blockLength, out,
                    outPos);
        } else {
            HostBlockKernels.dotBlocksComplex(a.f, 2 * (int) xPos, b.f, 2 * (int) yPos, n, sign, blockLength, out,
                    outPos);
        }
    }

    private static void checkBlocks(long length, int blockLength, int width, double[] out, int outPos) {
        if (blockLength < 1) {
            throw new IllegalArgumentException("blockLength: " + blockLength + ", expected at least 1");
        }
        long blocks = (length + blockLength - 1) / blockLength;
        if (outPos < 0 || outPos + width * blocks > out.length) {
            throw new IllegalArgumentException("out: " + blocks + " blocks need " + width * blocks + " entries from "
                    + outPos + ", it has " + out.length);
        }
    }

    @Override
    public double reduce(Buffer x, long pos, long length, Reduction reduction, double p) {
        HostBuffer a = host(x);
        checkRange("x", a, pos, length);
        boolean complex = a.type().isComplex();
        return a.d != null ? HostKernels.reduce(a.d, (int) pos, (int) length, complex, reduction, p)
                : HostKernels.reduce(a.f, (int) pos, (int) length, complex, reduction, p);
    }

    @Override
    public void reduceAxis(Buffer x, long outer, long axisLength, long inner, Reduction reduction, double p,
            double[] out) {
        HostBuffer a = host(x);
        long total = outer * axisLength * inner;
        if (outer < 0 || axisLength < 0 || inner < 0 || total != a.length()) {
            throw new IllegalArgumentException("shape: (" + outer + ", " + axisLength + ", " + inner
                    + ") does not describe a buffer of " + a.length() + " elements");
        }
        if (out.length < outer * inner) {
            throw new IllegalArgumentException("out: needs " + outer * inner + " entries, has " + out.length);
        }
        boolean complex = a.type().isComplex();
        if (total == 0) {
            Arrays.fill(out, 0, (int) (outer * inner), reduction.identity());
            return;
        }
        int o = (int) outer, n = (int) axisLength, in = (int) inner;
        boolean sum = reduction != Reduction.MAX_ABS && reduction != Reduction.MIN_ABS;
        if (sum) {
            // each output in the fixed block order (Engine.blockSum over the axis), whatever inner is,
            // so that a slab's norms do not depend on how many columns a rank holds
            if (in == 1) {
                for (int k = 0; k < o; k++) {
                    if (a.d != null) {
                        HostBlockKernels.sumBlocks(a.d, k * n, n, complex, n, reduction, p, out, k);
                    } else {
                        HostBlockKernels.sumBlocks(a.f, k * n, n, complex, n, reduction, p, out, k);
                    }
                }
                return;
            }
            double[][] lanes = new double[Engine.LANES][o * in];
            double[] tmp = new double[Math.min(in, HostKernels.chunk())];
            for (int k = 0; k < o; k++) {
                for (int j = 0; j < n; j++) {
                    int from = (k * n + j) * in;
                    if (a.d != null) {
                        HostKernels.accumulate(a.d, from, in, complex, reduction, p, lanes[j % Engine.LANES], k * in,
                                tmp);
                    } else {
                        HostKernels.accumulate(a.f, from, in, complex, reduction, p, lanes[j % Engine.LANES], k * in,
                                tmp);
                    }
                }
            }
            for (int i = 0; i < o * in; i++) {
                out[i] = Engine.combineLanes(lanes[0][i], lanes[1][i], lanes[2][i], lanes[3][i], lanes[4][i],
                        lanes[5][i], lanes[6][i], lanes[7][i]);
            }
            return;
        }
        if (in == 1) {
            for (int k = 0; k < o; k++) {
                out[k] = a.d != null ? HostKernels.reduce(a.d, k * n, n, complex, reduction, p)
                        : HostKernels.reduce(a.f, k * n, n, complex, reduction, p);
            }
            return;
        }
        Arrays.fill(out, 0, o * in, reduction.identity());
        double[] tmp = new double[Math.min(in, HostKernels.chunk())];
        for (int k = 0; k < o; k++) {
            for (int j = 0; j < n; j++) {
                int from = (k * n + j) * in;
                if (a.d != null) {
                    HostKernels.accumulate(a.d, from, in, complex, reduction, p, out, k * in, tmp);
                } else {
                    HostKernels.accumulate(a.f, from, in, complex, reduction, p, out, k * in, tmp);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    private static HostBuffer host(Buffer b) {
        if (b instanceof HostBuffer h) {
            return h;
        }
        throw new IllegalArgumentException("buffer: the host engine needs a host buffer, got "
                + (b == null ? "null" : b.getClass().getName()));
    }

    /** {@code bs} as host buffers, each of the first one's type and length. */
    private static HostBuffer[] alike(Buffer... bs) {
        HostBuffer[] h = new HostBuffer[bs.length];
        for (int i = 0; i < bs.length; i++) {
            h[i] = host(bs[i]);
        }
        for (int i = 1; i < h.length; i++) {
            same(h[0], h[i]);
        }
        return h;
    }

    /**
     * Whether the shrink step's operands share storage where its one-pass loops need them apart:
     * {@code g} or {@code d} with any other, or {@code z} with {@code x} when {@code z} is written.
     */
    private static boolean sharesStorage(HostBuffer g, HostBuffer z, HostBuffer x, HostBuffer d, boolean extrapolate) {
        Object ga = g.hostArray(), da = d.hostArray();
        return ga == da || ga == z.hostArray() || ga == x.hostArray() || da == z.hostArray() || da == x.hostArray()
                || extrapolate && z.hostArray() == x.hostArray();
    }

    private static void sameType(HostBuffer a, HostBuffer b) {
        if (a.type() != b.type()) {
            throw new IllegalArgumentException("buffers: element types differ, " + a.type() + " and " + b.type());
        }
    }

    private static void same(HostBuffer a, HostBuffer b) {
        sameType(a, b);
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("buffers: lengths differ, " + a.length() + " and " + b.length());
        }
    }

    private static void checkRange(String what, HostBuffer b, long pos, long length) {
        if (pos < 0 || length < 0 || pos + length > b.length()) {
            throw new IllegalArgumentException(what + ": range [" + pos + ", " + (pos + length)
                    + ") is outside a buffer of " + b.length() + " elements");
        }
    }
}
