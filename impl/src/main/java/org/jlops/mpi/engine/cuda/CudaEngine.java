package org.jlops.mpi.engine.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlops.mpi.cuda.Cublas;
import org.jlops.mpi.cuda.CudaLibraries;
import org.jlops.mpi.cuda.CudaRuntime;
import org.jlops.mpi.cuda.Nvrtc;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.DenseKernels;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.FftKernels;
import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.engine.ThresholdKernels;
import org.jlops.mpi.engine.cuda.CudaKernels.Launch;
import org.jlops.mpi.engine.cuda.CudaKernels.Op;

/**
 * The CUDA engine: buffers in the memory of device 0, the kernels of {@code jlops_kernels.cu}
 * (shipped as PTX, loaded with the driver's {@code cuModuleLoadData}), dense products through
 * cuBLAS. Every operation runs on the device; the only host transfers are the ones an operation's
 * contract asks for: {@link #toHost}/{@link #fromHost}, and the reductions' results, which the
 * {@link Engine} interface returns in host {@code double[]}s (one value per block, a 1/32 of the
 * data for blocks of 256 float64 elements). Calls are synchronous: each returns when its work is
 * done.
 *
 * <p>Results: the element-wise kernels, fill, copies and the block sums and dots equal the host
 * engine's bit for bit ({@code -fmad=false}, the same expressions and the same summation order,
 * see {@code jlops_bodies.cuh}), except sums of {@code |x|^p} ({@code pow} of the device's maths
 * library). A single block over a whole range ({@link #dot}, the sums of {@link #reduce}) is summed
 * by 8 threads in that fixed order: exact but slow on large ranges; the distributed reductions use
 * the blocked kernels.
 *
 * <p>The stencil kernels and the thresholds run on the device too (their bodies checked against the
 * host engine on the CPU). Not provided yet, each failing with a message that says so: FFTs, and
 * {@link #wrap} (device memory cannot alias a Java array).
 */
public final class CudaEngine implements Engine {

    private static final Object LOCK = new Object();
    private static volatile CudaEngine instance;
    /** Why the engine did not start, kept so that later calls give the same answer at once. */
    private static volatile IllegalStateException failure;

    private final CudaLibraries finder;
    private final CudaRuntime runtime;
    private final int device;
    private final long module;
    private final Map<String, Long> functions = new ConcurrentHashMap<>();
    private final ThreadLocal<Boolean> bound = ThreadLocal.withInitial(() -> false);
    private volatile Cublas cublas;
    private final DenseKernels dense = new CudaDenseKernels(this);
    private final StencilKernels stencils = new CudaStencilKernels(this);
    private final ThresholdKernels thresholds = new CudaThresholdKernels(this);

    private CudaEngine(CudaLibraries finder, CudaRuntime runtime, int device, long module) {
        this.finder = finder;
        this.runtime = runtime;
        this.device = device;
        this.module = module;
    }

    /**
     * The engine on device 0, started on first use: the CUDA libraries loaded, the device checked,
     * the kernels loaded.
     *
     * @return the engine
     * @throws IllegalStateException naming what is missing: a library (and where it was looked
     *                               for), the driver, or a device
     */
    public static CudaEngine get() {
        CudaEngine e = instance;
        if (e == null) {
            synchronized (LOCK) {
                if (failure != null) {
                    throw new IllegalStateException(failure.getMessage(), failure);
                }
                if (instance == null) {
                    try {
                        instance = start(CudaLibraries.system());
                    } catch (IllegalStateException x) {
                        failure = x;
                        throw x;
                    }
                }
                e = instance;
            }
        }
        return e;
    }

    private static CudaEngine start(CudaLibraries finder) {
        CudaRuntime rt;
        try {
            rt = CudaRuntime.load(finder);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Engine.cuda(): the CUDA runtime is missing: " + e.getMessage(), e);
        }
        int[] count = rt.deviceCount();
        if (count[0] != 0) {
            throw new IllegalStateException("Engine.cuda(): no usable CUDA device: cudaGetDeviceCount returned "
                    + rt.errorName(count[0]) + " (" + count[0] + "): " + rt.errorString(count[0]) + " (libcudart "
                    + rt.runtimeVersion() + " from " + rt.origin() + "); a GPU and the NVIDIA driver are needed");
        }
        if (count[1] == 0) {
            throw new IllegalStateException("Engine.cuda(): no CUDA device on this machine (libcudart from "
                    + rt.origin() + ")");
        }
        rt.setDevice(0);
        long module;
        try {
            module = rt.loadModule(ptx());
        } catch (IllegalStateException e) {
            // a driver older than the PTX's ISA: compile the same source here with NVRTC
            try {
                module = rt.loadModule(Nvrtc.load(finder).compile("jlops_kernels.cu", source("jlops_kernels.cu"),
                        Map.of("jlops_bodies.cuh", source("jlops_bodies.cuh")), NVRTC_OPTIONS));
            } catch (IllegalStateException f) {
                f.addSuppressed(e);
                throw new IllegalStateException("Engine.cuda(): the kernels' PTX does not load (" + e.getMessage()
                        + ") and NVRTC cannot replace it: " + f.getMessage(), f);
            }
        }
        return new CudaEngine(finder, rt, 0, module);
    }

    /** NVRTC's options for the kernels: as the shipped PTX's (no fused multiply-add, C++17). */
    static final List<String> NVRTC_OPTIONS = List.of("--fmad=false", "-std=c++17", "-arch=compute_80");

    /** A kernel source file shipped beside the PTX ({@code jlops_kernels.cu}, {@code jlops_bodies.cuh}). */
    static String source(String name) {
        try (InputStream in = CudaEngine.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Engine.cuda(): the resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Engine.cuda(): reading " + name + ": " + e, e);
        }
    }

    /** The shipped PTX of {@code jlops_kernels.cu}. */
    static String ptx() {
        try (InputStream in = CudaEngine.class.getResourceAsStream("jlops_kernels.ptx")) {
            if (in == null) {
                throw new IllegalStateException("Engine.cuda(): the resource jlops_kernels.ptx is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("Engine.cuda(): reading jlops_kernels.ptx: " + e, e);
        }
    }

    /** The runtime binding (for buffers, and for communicators staging device memory). */
    CudaRuntime runtime() {
        return runtime;
    }

    /** Makes this engine's device current on the calling thread (once per thread). */
    void bind() {
        if (!bound.get()) {
            runtime.setDevice(device);
            bound.set(true);
        }
    }

    Cublas cublas() {
        Cublas c = cublas;
        if (c == null) {
            synchronized (this) {
                if (cublas == null) {
                    bind();
                    cublas = Cublas.create(finder);
                }
                c = cublas;
            }
        }
        return c;
    }

    @Override
    public String name() {
        return "cuda";
    }

    // ---------------------------------------------------------------------------------------------
    // Launches

    private long function(String kernel) {
        return functions.computeIfAbsent(kernel, k -> runtime.function(module, k));
    }

    /**
     * Launches {@code kernel} with a grid-stride grid over {@code count} indices, or {@code grid}
     * blocks when positive; arguments are {@code Long}, {@code Integer}, {@code Double} or
     * {@code Float}, in the kernel's order.
     */
    void launch(String kernel, long count, int grid, Object... args) {
        bind();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment params = a.allocate(ValueLayout.ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                MemorySegment v = switch (args[i]) {
                    case Long l -> a.allocateFrom(ValueLayout.JAVA_LONG, l);
                    case Integer n -> a.allocateFrom(ValueLayout.JAVA_INT, n);
                    case Double d -> a.allocateFrom(ValueLayout.JAVA_DOUBLE, d);
                    case Float f -> a.allocateFrom(ValueLayout.JAVA_FLOAT, f);
                    default -> throw new IllegalArgumentException("kernel argument " + i + ": " + args[i]);
                };
                params.setAtIndex(ValueLayout.ADDRESS, i, v);
            }
            runtime.launch(function(kernel), grid > 0 ? grid : CudaKernels.blocks(count), CudaKernels.THREADS, params);
        }
        runtime.synchronize();
    }

    /** A scalar for a kernel of type {@code t}: a Float for single precision, else a Double. */
    private static Object scalar(ElementType t, double v) {
        return t.isDoublePrecision() ? (Object) v : (Object) (float) v;
    }

    // ---------------------------------------------------------------------------------------------
    // Buffers and transfers

    @Override
    public Buffer allocate(ElementType type, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length: must not be negative, got " + length);
        }
        bind();
        long address = runtime.malloc(length * type.byteSize());
        runtime.memset(address, 0, length * type.byteSize());
        return new CudaBuffer(this, type, length, address);
    }

    /**
     * Not possible on a device: device memory cannot alias a Java array.
     *
     * @throws UnsupportedOperationException always; copy with {@link #fromHost}
     */
    @Override
    public Buffer wrap(Object hostArray, ElementType type) {
        throw new UnsupportedOperationException("the CUDA engine cannot wrap a Java array without copying it: "
                + "use Engine.fromHost(array, type)");
    }

    @Override
    public Buffer fromHost(Object hostArray, ElementType type) {
        Buffer host = Engine.host().wrap(hostArray, type);
        CudaBuffer b = (CudaBuffer) allocate(type, host.length());
        runtime.copy(host.segment(), b.address(), b.bytes(), true);
        return b;
    }

    @Override
    public Object toHost(Buffer buffer) {
        CudaBuffer b = device(buffer);
        Buffer host = Engine.host().allocate(b.type(), b.length());
        bind();
        runtime.copy(host.segment(), b.address(), b.bytes(), false);
        return host.hostArray();
    }

    @Override
    public Buffer copyOf(Buffer src) {
        CudaBuffer s = device(src);
        CudaBuffer b = (CudaBuffer) allocate(s.type(), s.length());
        runtime.memcpy(b.address(), s.address(), s.bytes(), CudaRuntime.DEVICE_TO_DEVICE);
        return b;
    }

    @Override
    public void copy(Buffer src, long srcPos, Buffer dst, long dstPos, long length) {
        CudaBuffer s = device(src), d = device(dst);
        sameType(s, d);
        range("src", s, srcPos, length);
        range("dst", d, dstPos, length);
        bind();
        runtime.memcpy(d.address(dstPos), s.address(srcPos), length * s.type().byteSize(), CudaRuntime.DEVICE_TO_DEVICE);
    }

    @Override
    public void copyRows(Buffer src, long srcPos, long srcStride, Buffer dst, long dstPos, long dstStride, long rows,
            long rowLength) {
        CudaBuffer s = device(src), d = device(dst);
        sameType(s, d);
        if (rows <= 0 || rowLength <= 0) {
            return;
        }
        range("src", s, srcPos, rowLength);
        range("dst", d, dstPos, rowLength);
        range("src", s, srcPos + (rows - 1) * srcStride, rowLength);
        range("dst", d, dstPos + (rows - 1) * dstStride, rowLength);
        long c = s.type().components();
        launch(CudaKernels.copyRows(s.type()), rows * rowLength * c, 0, rows, rowLength * c, s.address(), srcPos * c,
                srcStride * c, d.address(), dstPos * c, dstStride * c);
    }

    @Override
    public void fill(Buffer b, long pos, long length, double re, double im) {
        CudaBuffer d = device(b);
        range("b", d, pos, length);
        Launch l = CudaKernels.elementwise(Op.FILL, d.type(), length, im);
        if (l.complexScalar()) {
            launch(l.kernel(), l.count(), 0, l.count(), scalar(d.type(), re), scalar(d.type(), im), d.address(pos));
        } else {
            launch(l.kernel(), l.count(), 0, l.count(), scalar(d.type(), re), d.address(pos));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Element-wise

    @Override
    public void negate(Buffer x, Buffer out) {
        CudaBuffer a = device(x), o = device(out);
        same(a, o);
        Launch l = CudaKernels.elementwise(Op.NEGATE, a.type(), a.length(), 0);
        launch(l.kernel(), l.count(), 0, l.count(), a.address(), o.address());
    }

    @Override
    public void add(Buffer x, Buffer y, Buffer out) {
        binary(Op.ADD, x, y, out);
    }

    @Override
    public void subtract(Buffer x, Buffer y, Buffer out) {
        binary(Op.SUBTRACT, x, y, out);
    }

    @Override
    public void multiply(Buffer x, Buffer y, Buffer out) {
        binary(Op.MULTIPLY, x, y, out);
    }

    private void binary(Op op, Buffer x, Buffer y, Buffer out) {
        CudaBuffer a = device(x), b = device(y), o = device(out);
        same(a, b);
        same(a, o);
        Launch l = CudaKernels.elementwise(op, a.type(), a.length(), 0);
        launch(l.kernel(), l.count(), 0, l.count(), a.address(), b.address(), o.address());
    }

    @Override
    public void scale(Buffer x, double re, double im, Buffer out) {
        CudaBuffer a = device(x), o = device(out);
        same(a, o);
        scalarOp(Op.SCALE, a, re, im, o);
    }

    @Override
    public void axpy(double re, double im, Buffer x, Buffer y) {
        CudaBuffer a = device(x), b = device(y);
        same(a, b);
        scalarOp(Op.AXPY, a, re, im, b);
    }

    @Override
    public void aypx(double re, double im, Buffer x, Buffer y) {
        CudaBuffer a = device(x), b = device(y);
        same(a, b);
        scalarOp(Op.AYPX, a, re, im, b);
    }

    private void scalarOp(Op op, CudaBuffer x, double re, double im, CudaBuffer y) {
        Launch l = CudaKernels.elementwise(op, x.type(), x.length(), im);
        ElementType t = x.type();
        if (l.complexScalar()) {
            launch(l.kernel(), l.count(), 0, l.count(), scalar(t, re), scalar(t, im), x.address(), y.address());
        } else {
            launch(l.kernel(), l.count(), 0, l.count(), scalar(t, re), x.address(), y.address());
        }
    }

    /** One {@code convert_<from>_<to>} kernel over the elements (the bodies' {@code jlops::convert}). */
    @Override
    public void convert(Buffer x, Buffer out) {
        CudaBuffer a = device(x), o = device(out);
        if (a.length() != o.length()) {
            throw new IllegalArgumentException("buffers: lengths differ, " + a.length() + " and " + o.length());
        }
        if (a.length() == 0) {
            return;
        }
        launch(CudaKernels.convert(a.type(), o.type()), a.length(), 0, a.length(), a.type().components(), a.address(),
                o.type().components(), o.address());
    }

    @Override
    public void conj(Buffer x, Buffer out) {
        CudaBuffer a = device(x), o = device(out);
        same(a, o);
        Launch l = CudaKernels.elementwise(Op.CONJ, a.type(), a.length(), 0);
        if (l.kernel().equals("copy")) {
            if (a != o) {
                runtime.memcpy(o.address(), a.address(), a.bytes(), CudaRuntime.DEVICE_TO_DEVICE);
            }
            return;
        }
        launch(l.kernel(), l.count(), 0, l.count(), a.address(), o.address());
    }

    // ---------------------------------------------------------------------------------------------
    // Reductions

    /**
     * Per thread, two device scratch areas for the reductions' partial results (slot 0 and 1),
     * grown on demand and kept: a reduction allocates nothing on the device once warm. Never freed
     * (a few doubles per block of the largest reduction a thread ran).
     */
    private final ThreadLocal<long[][]> scratch = ThreadLocal.withInitial(() -> new long[2][2]);

    /** The device address of scratch {@code slot}, holding at least {@code count} doubles (not cleared). */
    long scratch(int slot, long count) {
        long[] s = scratch.get()[slot];                           // {address, capacity in doubles}
        if (s[1] < count) {
            bind();
            runtime.free(s[0]);
            s[0] = 0;
            s[0] = runtime.malloc(8 * Math.max(1, count));
            s[1] = Math.max(1, count);
        }
        return s[0];
    }

    void download(long from, long count, double[] out, int outPos) {
        if (count > 0) {
            runtime.copy(MemorySegment.ofArray(out).asSlice(8L * outPos), from, 8 * count, false);
        }
    }

    @Override
    public void dot(Buffer x, long xPos, Buffer y, long yPos, long length, boolean conjugate, double[] acc) {
        if (length <= 0) {
            range("x", device(x), xPos, 0);
            range("y", device(y), yPos, 0);
            return;
        }
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("length: one block of " + length + " elements exceeds the block limit");
        }
        double[] v = new double[2];
        dotBlocks(x, xPos, y, yPos, length, (int) length, conjugate, v, 0);
        acc[0] += v[0];
        acc[1] += v[1];
    }

    @Override
    public void sumBlocks(Buffer x, long pos, long length, int blockLength, Reduction reduction, double p, double[] out,
            int outPos) {
        CudaBuffer a = device(x);
        range("x", a, pos, length);
        long blocks = blocks(length, blockLength, 1, out, outPos);
        if (reduction == Reduction.MAX_ABS || reduction == Reduction.MIN_ABS) {
            throw new IllegalArgumentException("reduction: " + reduction + " is not a sum");
        }
        if (blocks == 0) {
            return;
        }
        long s = scratch(0, blocks);
        launch(CudaKernels.sumBlocks(a.type()), 0, CudaKernels.sumGrid(blocks), length, (long) blockLength,
                CudaKernels.code(reduction), p, a.address(), pos, s);
        download(s, blocks, out, outPos);
    }

    @Override
    public void dotBlocks(Buffer x, long xPos, Buffer y, long yPos, long length, int blockLength, boolean conjugate,
            double[] out, int outPos) {
        CudaBuffer a = device(x), b = device(y);
        sameType(a, b);
        range("x", a, xPos, length);
        range("y", b, yPos, length);
        long blocks = blocks(length, blockLength, 2, out, outPos);
        if (blocks == 0) {
            return;
        }
        long s = scratch(0, 2 * blocks);
        launch(CudaKernels.dotBlocks(a.type()), 0, CudaKernels.sumGrid(blocks), length, (long) blockLength,
                conjugate ? -1.0 : 1.0, a.address(), xPos, b.address(), yPos, s);
        download(s, 2 * blocks, out, outPos);
    }

    private static long blocks(long length, int blockLength, int width, double[] out, int outPos) {
        if (blockLength < 1) {
            throw new IllegalArgumentException("blockLength: " + blockLength + ", expected at least 1");
        }
        long blocks = (length + blockLength - 1) / blockLength;
        if (outPos < 0 || outPos + width * blocks > out.length) {
            throw new IllegalArgumentException("out: " + blocks + " blocks need " + width * blocks + " entries from "
                    + outPos + ", it has " + out.length);
        }
        return blocks;
    }

    @Override
    public double reduce(Buffer x, long pos, long length, Reduction reduction, double p) {
        CudaBuffer a = device(x);
        range("x", a, pos, length);
        if (reduction != Reduction.MAX_ABS && reduction != Reduction.MIN_ABS) {
            double[] v = new double[1];
            if (length > 0) {
                if (length > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("length: one block of " + length + " elements exceeds the block limit");
                }
                sumBlocks(x, pos, length, (int) length, reduction, p, v, 0);
            }
            return v[0];
        }
        int threads = CudaKernels.EXTREME_THREADS;
        long first = scratch(0, threads);
        long second = scratch(1, CudaKernels.THREADS);
        int code = CudaKernels.code(reduction);
        launch(CudaKernels.extreme(a.type()), 0, threads / CudaKernels.THREADS, length, code, a.address(), pos, first);
        launch(CudaKernels.extreme(ElementType.FLOAT64), 0, 1, (long) threads, code, first, 0L, second);
        double[] partial = new double[CudaKernels.THREADS];
        download(second, partial.length, partial, 0);
        double acc = reduction.identity();
        for (double v : partial) {
            acc = reduction.combine(acc, v);
        }
        return acc;
    }

    @Override
    public void reduceAxis(Buffer x, long outer, long axisLength, long inner, Reduction reduction, double p,
            double[] out) {
        CudaBuffer a = device(x);
        long total = outer * axisLength * inner;
        if (outer < 0 || axisLength < 0 || inner < 0 || total != a.length()) {
            throw new IllegalArgumentException("shape: (" + outer + ", " + axisLength + ", " + inner
                    + ") does not describe a buffer of " + a.length() + " elements");
        }
        long outputs = outer * inner;
        if (out.length < outputs) {
            throw new IllegalArgumentException("out: needs " + outputs + " entries, has " + out.length);
        }
        if (outputs == 0) {
            return;
        }
        long s = scratch(0, outputs);
        String kernel = CudaKernels.axis(a.type(), reduction);
        if (reduction == Reduction.MAX_ABS || reduction == Reduction.MIN_ABS) {
            launch(kernel, outputs, 0, outer, axisLength, inner, CudaKernels.code(reduction), a.address(), s);
        } else {
            launch(kernel, 0, CudaKernels.sumGrid(outputs), outer, axisLength, inner, CudaKernels.code(reduction), p,
                    a.address(), s);
        }
        download(s, outputs, out, 0);
    }

    // ---------------------------------------------------------------------------------------------
    // Families

    @Override
    public DenseKernels dense() {
        return dense;
    }

    /** The stencil kernels on the device ({@code stencil_*}), bit-identical to the host engine's. */
    @Override
    public StencilKernels stencils() {
        return stencils;
    }

    /**
     * Not provided yet.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public FftKernels fft() {
        throw new UnsupportedOperationException("the CUDA engine has no FFTs yet (cuFFT is not bound); use Engine.host()");
    }

    /** The thresholds and projections on the device ({@code threshold_*}, {@code count_outside_*}). */
    @Override
    public ThresholdKernels thresholds() {
        return thresholds;
    }

    // ---------------------------------------------------------------------------------------------
    // Checks

    static CudaBuffer device(Buffer b) {
        if (b instanceof CudaBuffer c) {
            return c;
        }
        throw new IllegalArgumentException("buffer: the CUDA engine needs a device buffer, got "
                + (b == null ? "null" : b.getClass().getSimpleName()) + "; copy host data with Engine.fromHost");
    }

    private static void sameType(CudaBuffer a, CudaBuffer b) {
        if (a.type() != b.type()) {
            throw new IllegalArgumentException("buffers: element types differ, " + a.type() + " and " + b.type());
        }
    }

    private static void same(CudaBuffer a, CudaBuffer b) {
        sameType(a, b);
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("buffers: lengths differ, " + a.length() + " and " + b.length());
        }
    }

    static void range(String what, CudaBuffer b, long pos, long length) {
        if (pos < 0 || length < 0 || pos + length > b.length()) {
            throw new IllegalArgumentException(what + ": range [" + pos + ", " + (pos + length)
                    + ") is outside a buffer of " + b.length() + " elements");
        }
    }
}
