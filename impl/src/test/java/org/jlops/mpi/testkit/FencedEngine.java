package org.jlops.mpi.testkit;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.FftKernels;
import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.engine.ThresholdKernels;

/**
 * A device engine without a device: what the CUDA engine looks like to the layers above it, made
 * checkable on the CPU. Its buffers say {@link Buffer#isHost() isHost() == false}, their
 * {@link Buffer#hostArray()} throws, and its kernels refuse host buffers, exactly as
 * {@code Engine.cuda()} does; the only ways between host memory and its buffers are the explicit
 * transfers {@link #fromHost} and {@link #toHost}, which it counts. Behind the fence every kernel
 * is the host engine's kernel on hidden host storage, so results are bit-identical to the host
 * engine's, and an operation that still reads host arrays fails instead of silently copying.
 *
 * <p>A buffer's {@link Buffer#segment()} is a heap segment over the hidden storage, so the in-JVM
 * communicator moves it as it moves any segment (as NCCL or a staging communicator moves device
 * memory): arrays on this engine communicate across in-JVM ranks without special casing. FFTs are
 * refused as on the CUDA engine. What the fence cannot see: host code that reads a buffer through
 * its segment instead of handing it to a communicator (on a GPU that would read a device address);
 * impl keeps such staging to buffers of no engine ({@code HostRanges.ofAnotherEngine}).
 *
 * <p>Use: build arrays with {@code DistributedArray.builder(...).engine(fenced)} (or copy a host
 * array with {@link EngineCases#onEngine}), then compare {@link #transfers()} before and after an
 * operation: a change means the operation went through the host. The counters are thread-safe; for
 * exact per-rank counts give each in-JVM rank its own instance (every instance has the name
 * {@code fenced}, so ranks agree on it).
 */
public final class FencedEngine implements Engine {

    private static final Engine HOST = Engine.host();

    private final AtomicLong transfers = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final StencilKernels stencils = new FencedStencils(HOST.stencils());
    private final DenseKernels dense = new FencedDense(HOST.dense());
    private final ThresholdKernels thresholds = new FencedThresholds(HOST.thresholds());

    /** A new engine with its counters at zero. */
    public FencedEngine() {
    }

    /**
     * The number of explicit transfers so far ({@link #fromHost} and {@link #toHost} calls).
     *
     * @return the count
     */
    public long transfers() {
        return transfers.get();
    }

    /**
     * The bytes moved by the explicit transfers so far, both directions.
     *
     * @return the bytes
     */
    public long bytesTransferred() {
        return bytes.get();
    }

    /** A buffer of this engine: hidden host storage, fenced. */
    private static final class Fenced implements Buffer {
        private final FencedEngine engine;
        private final Buffer storage;

        Fenced(FencedEngine engine, Buffer storage) {
            this.engine = engine;
            this.storage = storage;
        }

        @Override
        public ElementType type() {
            return storage.type();
        }

        @Override
        public long length() {
            return storage.length();
        }

        /** A heap segment over the hidden storage, for communicators only. */
        @Override
        public MemorySegment segment() {
            return storage.segment();
        }

        @Override
        public boolean isHost() {
            return false;
        }

        @Override
        public Object hostArray() {
            throw new UnsupportedOperationException("a fenced (device-like) buffer has no host array: copy it with "
                    + "Engine.toHost(buffer)");
        }

        @Override
        public Engine engine() {
            return engine;
        }

        @Override
        public String toString() {
            return "FencedBuffer[" + type() + " x " + length() + "]";
        }
    }

    /** The hidden storage of a buffer of this engine (of any fenced engine); refuses other buffers like CUDA. */
    static Buffer inner(Buffer b) {
        if (b instanceof Fenced f) {
            return f.storage;
        }
        throw new IllegalArgumentException("buffer: the fenced engine needs a device buffer, got "
                + (b == null ? "null" : b.getClass().getSimpleName()) + "; copy host data with Engine.fromHost");
    }

    private Buffer fence(Buffer storage) {
        return new Fenced(this, storage);
    }

    private void count(Buffer b) {
        transfers.incrementAndGet();
        bytes.addAndGet(b.length() * b.type().byteSize());
    }

    // ---------------------------------------------------------------------------------------------
    // Buffers and transfers

    @Override
    public String name() {
        return "fenced";
    }

    @Override
    public Buffer allocate(ElementType type, long length) {
        return fence(HOST.allocate(type, length));
    }

    /**
     * Not possible, as on a device: the fenced storage cannot alias a Java array.
     *
     * @throws UnsupportedOperationException always; copy with {@link #fromHost}
     */
    @Override
    public Buffer wrap(Object hostArray, ElementType type) {
        throw new UnsupportedOperationException("the fenced engine cannot wrap a Java array without copying it: "
                + "use Engine.fromHost(array, type)");
    }

    /** Counted as one transfer. */
    @Override
    public Buffer fromHost(Object hostArray, ElementType type) {
        Buffer b = fence(HOST.fromHost(hostArray, type));
        count(b);
        return b;
    }

    /** Counted as one transfer. */
    @Override
    public Object toHost(Buffer buffer) {
        Buffer s = inner(buffer);
        count(s);
        return HOST.toHost(s);
    }

    @Override
    public Buffer copyOf(Buffer src) {
        return fence(HOST.copyOf(inner(src)));
    }

    @Override
    public void copy(Buffer src, long srcPos, Buffer dst, long dstPos, long length) {
        HOST.copy(inner(src), srcPos, inner(dst), dstPos, length);
    }

    @Override
    public void copyRows(Buffer src, long srcPos, long srcStride, Buffer dst, long dstPos, long dstStride, long rows,
            long rowLength) {
        HOST.copyRows(inner(src), srcPos, srcStride, inner(dst), dstPos, dstStride, rows, rowLength);
    }

    @Override
    public void fill(Buffer b, long pos, long length, double re, double im) {
        HOST.fill(inner(b), pos, length, re, im);
    }

    // ---------------------------------------------------------------------------------------------
    // Element-wise and reductions: the host kernels behind the fence

    @Override
    public void negate(Buffer x, Buffer out) {
        HOST.negate(inner(x), inner(out));
    }

    @Override
    public void add(Buffer x, Buffer y, Buffer out) {
        HOST.add(inner(x), inner(y), inner(out));
    }

    @Override
    public void subtract(Buffer x, Buffer y, Buffer out) {
        HOST.subtract(inner(x), inner(y), inner(out));
    }

    @Override
    public void multiply(Buffer x, Buffer y, Buffer out) {
        HOST.multiply(inner(x), inner(y), inner(out));
    }

    @Override
    public void scale(Buffer x, double re, double im, Buffer out) {
        HOST.scale(inner(x), re, im, inner(out));
    }

    @Override
    public void axpy(double re, double im, Buffer x, Buffer y) {
        HOST.axpy(re, im, inner(x), inner(y));
    }

    @Override
    public void aypx(double re, double im, Buffer x, Buffer y) {
        HOST.aypx(re, im, inner(x), inner(y));
    }

    @Override
    public void axpyDotBlocks(double re, double im, Buffer x, Buffer y, long pos, long length, int blockLength,
            double[] out, int outPos) {
        HOST.axpyDotBlocks(re, im, inner(x), inner(y), pos, length, blockLength, out, outPos);
    }

    @Override
    public void convert(Buffer x, Buffer out) {
        HOST.convert(inner(x), inner(out));
    }

    @Override
    public void conj(Buffer x, Buffer out) {
        HOST.conj(inner(x), inner(out));
    }

    @Override
    public void dot(Buffer x, long xPos, Buffer y, long yPos, long length, boolean conjugate, double[] acc) {
        HOST.dot(inner(x), xPos, inner(y), yPos, length, conjugate, acc);
    }

    @Override
    public void sumBlocks(Buffer x, long pos, long length, int blockLength, Reduction reduction, double p, double[] out,
            int outPos) {
        HOST.sumBlocks(inner(x), pos, length, blockLength, reduction, p, out, outPos);
    }

    @Override
    public void dotBlocks(Buffer x, long xPos, Buffer y, long yPos, long length, int blockLength, boolean conjugate,
            double[] out, int outPos) {
        HOST.dotBlocks(inner(x), xPos, inner(y), yPos, length, blockLength, conjugate, out, outPos);
    }

    @Override
    public double reduce(Buffer x, long pos, long length, Reduction reduction, double p) {
        return HOST.reduce(inner(x), pos, length, reduction, p);
    }

    @Override
    public void reduceAxis(Buffer x, long outer, long axisLength, long inner, Reduction reduction, double p,
            double[] out) {
        HOST.reduceAxis(inner(x), outer, axisLength, inner, reduction, p, out);
    }

    // ---------------------------------------------------------------------------------------------
    // Families

    @Override
    public StencilKernels stencils() {
        return stencils;
    }

    @Override
    public DenseKernels dense() {
        return dense;
    }

    @Override
    public ThresholdKernels thresholds() {
        return thresholds;
    }

    /**
     * Refused, as on the CUDA engine.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public FftKernels fft() {
        throw new UnsupportedOperationException("the fenced engine has no FFTs (as the CUDA engine); use Engine.host()");
    }

    @Override
    public String toString() {
        return "FencedEngine[transfers " + transfers() + ", " + bytesTransferred() + " bytes]";
    }

    private static StencilKernels.Rows inner(StencilKernels.Rows r) {
        return r == null ? null : new StencilKernels.Rows(inner(r.buffer()), r.pos(), r.first(), r.count());
    }

    private record FencedStencils(StencilKernels host) implements StencilKernels {
        @Override
        public String implementation() {
            return "fenced: " + host.implementation();
        }

        @Override
        public void apply(Stencil stencil, long outer, long inner, Rows front, Rows x, Rows back, Rows y,
                boolean accumulate) {
            host.apply(stencil, outer, inner, FencedEngine.inner(front), FencedEngine.inner(x), FencedEngine.inner(back),
                    FencedEngine.inner(y), accumulate);
        }

        @Override
        public void applyRowsAndLast(Stencil rows, Stencil last, long inner, Rows front, Rows x, Rows back, Rows y) {
            host.applyRowsAndLast(rows, last, inner, FencedEngine.inner(front), FencedEngine.inner(x),
                    FencedEngine.inner(back), FencedEngine.inner(y));
        }
    }

    private record FencedDense(DenseKernels host) implements DenseKernels {
        @Override
        public void gemm(Op op, int m, int n, int k, Buffer a, long aPos, int lda, Buffer b, long bPos, int ldb,
                boolean accumulate, Buffer c, long cPos, int ldc) {
            host.gemm(op, m, n, k, inner(a), aPos, lda, inner(b), bPos, ldb, accumulate, inner(c), cPos, ldc);
        }

        @Override
        public String implementation(ElementType type) {
            return "fenced: " + host.implementation(type);
        }

        @Override
        public DenseKernels loops() {
            return new FencedDense(host.loops());
        }
    }

    private record FencedThresholds(ThresholdKernels host) implements ThresholdKernels {
        @Override
        public void soft(Buffer x, double tau, Buffer out) {
            host.soft(inner(x), tau, inner(out));
        }

        @Override
        public void hard(Buffer x, double t, Buffer out) {
            host.hard(inner(x), t, inner(out));
        }

        @Override
        public void half(Buffer x, double tau, Buffer out) {
            host.half(inner(x), tau, inner(out));
        }

        @Override
        public void clip(Buffer x, double lower, double upper, Buffer out) {
            host.clip(inner(x), lower, upper, inner(out));
        }

        @Override
        public void shrinkToBall(Buffer x, double r, Buffer out) {
            host.shrinkToBall(inner(x), r, inner(out));
        }

        @Override
        public long countOutside(Buffer x, double lower, double upper) {
            return host.countOutside(inner(x), lower, upper);
        }
    }
}
