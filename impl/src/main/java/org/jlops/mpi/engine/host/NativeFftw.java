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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.FftKernels;

/**
 * The FFT kernels on the system's FFTW ({@code libfftw3} for float64/complex128, {@code libfftw3f}
 * for float32/complex64) through the Foreign Function &amp; Memory API, on the live Java arrays of
 * host buffers.
 *
 * <p><b>Binding.</b> Loaded once, on first use, as {@code NativeCblas} binds the CBLAS:
 * {@link SymbolLookup#libraryLookup} opens {@code -Djlops.fft.fftwLibrary=NAME} (and
 * {@code -Djlops.fft.fftwfLibrary=NAME}) or {@value #DOUBLE_LIBRARY} and {@value #FLOAT_LIBRARY},
 * and {@link Linker#nativeLinker()} makes <em>critical</em> downcall handles
 * ({@link Linker.Option#critical(boolean) critical(true)}): heap segments over the Java arrays go to
 * C as they are, no copy, no pinning call. A length-3 transform with a known result is computed in
 * both precisions after loading; a library that fails it is not used. When nothing loads, the
 * kernels are JTransforms' and {@link #implementation} says why.
 *
 * <p><b>Plans.</b> One guru64 plan per kind, precision, length, batch shape ({@code outer},
 * {@code inner}) and direction: the transform dimension {@code {n, inner, inner}} and the loops
 * {@code {outer, n·inner, n'·inner}} and {@code {inner, 1, 1}}, so a batch along any axis runs
 * without copying the block. Plans are made with {@code FFTW_ESTIMATE} (the planner's choice is the
 * same run after run, so results are deterministic; {@code FFTW_MEASURE} times candidates and may
 * choose differently each run) and {@code FFTW_UNALIGNED}, then executed on any array with FFTW's
 * new-array functions ({@code fftw_execute_dft}, {@code _r2c}, {@code _c2r}): a Java array has no
 * fixed alignment, the garbage collector may move it between two calls, and a plan that assumed
 * 16-byte alignment would fault on an array moved to an 8-byte boundary. Measured with FFTW 3.3.10
 * on 2048 lines of 2048 (C, ESTIMATE): 12.1 ms aligned vs 14.0 ms with {@code FFTW_UNALIGNED}
 * along rows, 171 ms vs 36 ms along columns. The planner is not thread-safe: plans are made under a
 * lock (once per shape); executions run concurrently. Plans are kept for the life of the JVM.
 */
@SuppressWarnings("restricted") // native access is this class's purpose; the JVM needs --enable-native-access
final class NativeFftw implements FftKernels {

    /** The double-precision library bound unless {@value #DOUBLE_PROPERTY} names another. */
    static final String DOUBLE_LIBRARY = "libfftw3.so.3";
    /** The single-precision library bound unless {@value #FLOAT_PROPERTY} names another. */
    static final String FLOAT_LIBRARY = "libfftw3f.so.3";
    static final String DOUBLE_PROPERTY = "jlops.fft.fftwLibrary";
    static final String FLOAT_PROPERTY = "jlops.fft.fftwfLibrary";

    private static final int FORWARD = -1;
    private static final int BACKWARD = 1;
    private static final int ESTIMATE = 1 << 6;
    private static final int UNALIGNED = 1 << 1;
    private static final int DESTROY_INPUT = 1;
    private static final int FLAGS = ESTIMATE | UNALIGNED;

    /** One precision's entry points. */
    private record Lib(String name, String version, MethodHandle planDft, MethodHandle planR2c, MethodHandle planC2r,
            MethodHandle execDft, MethodHandle execR2c, MethodHandle execC2r) {

        static Lib bind(String name, String prefix) {
            SymbolLookup lookup = SymbolLookup.libraryLookup(name, Arena.global());
            Linker linker = Linker.nativeLinker();
            ValueLayout i = ValueLayout.JAVA_INT;
            ValueLayout p = ValueLayout.ADDRESS;
            Linker.Option critical = Linker.Option.critical(true);
            // plan guru64_dft(rank, *dims, howmany_rank, *howmany_dims, *in, *out, sign, flags)
            FunctionDescriptor dft = FunctionDescriptor.of(p, i, p, i, p, p, p, i, i);
            // plan guru64_dft_r2c / _c2r(rank, *dims, howmany_rank, *howmany_dims, *in, *out, flags)
            FunctionDescriptor real = FunctionDescriptor.of(p, i, p, i, p, p, p, i);
            FunctionDescriptor exec = FunctionDescriptor.ofVoid(p, p, p);
            String version = lookup.find(prefix + "_version")
                    .map(s -> s.reinterpret(64).getString(0)).orElse(prefix);
            return new Lib(name, version,
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_plan_guru64_dft"), dft, critical),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_plan_guru64_dft_r2c"), real, critical),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_plan_guru64_dft_c2r"), real, critical),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_execute_dft"), exec, critical),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_execute_dft_r2c"), exec, critical),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_execute_dft_c2r"), exec, critical));
        }
    }

    /** A plan's identity: kind (0 c2c forward, 1 c2c inverse, 2 r2c, 3 c2r), precision, shape. */
    private record Key(int kind, boolean dbl, long outer, int n, long inner) {
    }

    private final Lib z;
    private final Lib c;
    private final Map<Key, MemorySegment> plans = new ConcurrentHashMap<>();
    private final Object planner = new Object();

    private NativeFftw(Lib z, Lib c) {
        this.z = z;
        this.c = c;
    }

    /** The kernels: FFTW when it loads and passes its self-test, else JTransforms with the reason. */
    static FftKernels kernels(boolean forced) {
        List<String> failures = new ArrayList<>();
        String dn = System.getProperty(DOUBLE_PROPERTY, DOUBLE_LIBRARY);
        String fn = System.getProperty(FLOAT_PROPERTY, FLOAT_LIBRARY);
        try {
            NativeFftw f = new NativeFftw(Lib.bind(dn, "fftw"), Lib.bind(fn, "fftwf"));
            String wrong = f.selfTest();
            if (wrong == null) {
                return f;
            }
            failures.add(wrong);
        } catch (IllegalArgumentException | java.util.NoSuchElementException | IllegalCallerException
                | UnsupportedOperationException e) {
            failures.add(e.getMessage());
        }
        return fallback((forced ? "FFTW forced but " : "") + "no usable FFTW (" + dn + ", " + fn + "): "
                + String.join("; ", failures));
    }

    /** JTransforms, saying why FFTW is not used. */
    static FftKernels fallback(String reason) {
        return new FftKernels() {
            @Override
            public String implementation(ElementType type) {
                return JTransformsFft.INSTANCE.implementation(type) + " (" + reason + ")";
            }

            @Override
            public boolean linesIndependent() {
                return true;
            }

            @Override
            public void complex(Buffer x, long pos, long outer, int n, long inner, boolean inverse) {
                JTransformsFft.INSTANCE.complex(x, pos, outer, n, inner, inverse);
            }

            @Override
            public void realForward(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner) {
                JTransformsFft.INSTANCE.realForward(in, inPos, out, outPos, outer, n, inner);
            }

            @Override
            public void realInverse(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner) {
                JTransformsFft.INSTANCE.realInverse(in, inPos, out, outPos, outer, n, inner);
            }

            @Override
            public FftKernels java() {
                return JTransformsFft.INSTANCE;
            }
        };
    }

    /** Null when the DFT of (1, 2i, -1) in both precisions, forward and back, is right; else what came out. */
    private String selfTest() {
        // X_k = sum_j x_j w^{jk}, w = exp(-2 pi i / 3): X = (0+2i, 2 - sqrt3 ... ) checked against a direct sum
        double[] x = {1, 0, 0, 2, -1, 0};
        double[] want = new double[6];
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 3; j++) {
                double a = -2 * Math.PI * j * k / 3;
                want[2 * k] += x[2 * j] * Math.cos(a) - x[2 * j + 1] * Math.sin(a);
                want[2 * k + 1] += x[2 * j] * Math.sin(a) + x[2 * j + 1] * Math.cos(a);
            }
        }
        double[] d = x.clone();
        complex(d, 0, 1, 3, 1, false);
        float[] f = new float[6];
        for (int k = 0; k < 6; k++) {
            f[k] = (float) x[k];
        }
        complex(f, 0, 1, 3, 1, false);
        double[] r = {1, 2, 4, 8};
        double[] rc = new double[6];
        realForward(r, 0, rc, 0, 1, 4, 1);       // (15, -3+6i, -5)
        for (int k = 0; k < 6; k++) {
            if (Math.abs(d[k] - want[k]) > 1e-12 || Math.abs(f[k] - want[k]) > 1e-5) {
                return "self-test: the DFT of (1, 2i, -1) gave " + java.util.Arrays.toString(d) + " / "
                        + java.util.Arrays.toString(f) + ", expected " + java.util.Arrays.toString(want);
            }
        }
        if (rc[0] != 15 || rc[2] != -3 || rc[3] != 6 || rc[4] != -5) {
            return "self-test: the real DFT of (1, 2, 4, 8) gave " + java.util.Arrays.toString(rc);
        }
        return null;
    }

    @Override
    public String implementation(ElementType type) {
        Lib lib = type.isDoublePrecision() ? z : c;
        return "FFTW " + lib.version().replace("fftw-", "") + " " + lib.name()
                + " (FFM, guru64 plans, FFTW_ESTIMATE | FFTW_UNALIGNED)";
    }

    @Override
    public boolean linesIndependent() {
        return false;
    }

    @Override
    public FftKernels java() {
        return JTransformsFft.INSTANCE;
    }

    @Override
    public void complex(Buffer x, long pos, long outer, int n, long inner, boolean inverse) {
        FftChecks.complex(x, pos, outer, n, inner);
        if (x.type().isDoublePrecision()) {
            complex((double[]) x.hostArray(), pos, outer, n, inner, inverse);
        } else {
            complex((float[]) x.hostArray(), pos, outer, n, inner, inverse);
        }
    }

    @Override
    public void realForward(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner) {
        FftChecks.real(in, inPos, out, outPos, outer, n, inner, false);
        if (in.type().isDoublePrecision()) {
            realForward((double[]) in.hostArray(), inPos, (double[]) out.hostArray(), outPos, outer, n, inner);
        } else {
            realForward((float[]) in.hostArray(), inPos, (float[]) out.hostArray(), outPos, outer, n, inner);
        }
    }

    @Override
    public void realInverse(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner) {
        FftChecks.real(out, outPos, in, inPos, outer, n, inner, true);
        MemorySegment src = in.segment().asSlice(inPos * in.type().byteSize());
        MemorySegment dst = out.segment().asSlice(outPos * out.type().byteSize());
        if (outer * inner > 0) {
            execute(3, in.type().isDoublePrecision(), outer, n, inner, src, dst);
        }
    }

    private void complex(double[] a, long pos, long outer, int n, long inner, boolean inverse) {
        MemorySegment s = MemorySegment.ofArray(a).asSlice(16 * pos);
        if (outer * inner > 0) {
            execute(inverse ? 1 : 0, true, outer, n, inner, s, s);
        }
    }

    private void complex(float[] a, long pos, long outer, int n, long inner, boolean inverse) {
        MemorySegment s = MemorySegment.ofArray(a).asSlice(8 * pos);
        if (outer * inner > 0) {
            execute(inverse ? 1 : 0, false, outer, n, inner, s, s);
        }
    }

    private void realForward(double[] in, long inPos, double[] out, long outPos, long outer, int n, long inner) {
        if (outer * inner > 0) {
            execute(2, true, outer, n, inner, MemorySegment.ofArray(in).asSlice(8 * inPos),
                    MemorySegment.ofArray(out).asSlice(16 * outPos));
        }
    }

    private void realForward(float[] in, long inPos, float[] out, long outPos, long outer, int n, long inner) {
        if (outer * inner > 0) {
            execute(2, false, outer, n, inner, MemorySegment.ofArray(in).asSlice(4 * inPos),
                    MemorySegment.ofArray(out).asSlice(8 * outPos));
        }
    }

    /** Runs the plan of this kind and shape on {@code in} → {@code out}, making it on first use. */
    private void execute(int kind, boolean dbl, long outer, int n, long inner, MemorySegment in, MemorySegment out) {
        Key key = new Key(kind, dbl, outer, n, inner);
        Lib lib = dbl ? z : c;
        MemorySegment plan = plans.get(key);
        if (plan == null) {
            synchronized (planner) {
                plan = plans.computeIfAbsent(key, k -> plan(lib, k, in, out));
            }
        }
        try {
            switch (kind) {
                case 0, 1 -> lib.execDft().invokeExact(plan, in, out);
                case 2 -> lib.execR2c().invokeExact(plan, in, out);
                default -> lib.execC2r().invokeExact(plan, in, out);
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** A guru64 plan for the key's batch (see the class documentation). */
    private static MemorySegment plan(Lib lib, Key k, MemorySegment in, MemorySegment out) {
        long nOut = k.kind() == 2 ? k.n() / 2 + 1 : k.n();
        long nIn = k.kind() == 3 ? k.n() / 2 + 1 : k.n();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dims = arena.allocate(ValueLayout.JAVA_LONG, 3);
            dims.setAtIndex(ValueLayout.JAVA_LONG, 0, k.n());
            dims.setAtIndex(ValueLayout.JAVA_LONG, 1, k.inner());
            dims.setAtIndex(ValueLayout.JAVA_LONG, 2, k.inner());
            long[] loops = k.inner() == 1 ? new long[] {k.outer(), nIn, nOut}
                    : k.outer() == 1 ? new long[] {k.inner(), 1, 1}
                    : new long[] {k.outer(), nIn * k.inner(), nOut * k.inner(), k.inner(), 1, 1};
            MemorySegment howmany = arena.allocate(ValueLayout.JAVA_LONG, loops.length);
            for (int q = 0; q < loops.length; q++) {
                howmany.setAtIndex(ValueLayout.JAVA_LONG, q, loops[q]);
            }
            int hr = loops.length / 3;
            MemorySegment plan = switch (k.kind()) {
                case 0, 1 -> (MemorySegment) lib.planDft().invokeExact(1, dims, hr, howmany, in, out,
                        k.kind() == 0 ? FORWARD : BACKWARD, FLAGS);
                case 2 -> (MemorySegment) lib.planR2c().invokeExact(1, dims, hr, howmany, in, out, FLAGS);
                default -> (MemorySegment) lib.planC2r().invokeExact(1, dims, hr, howmany, in, out,
                        FLAGS | DESTROY_INPUT);
            };
            if (plan.address() == 0) {
                throw new IllegalStateException("FFTW made no plan for " + k);
            }
            return plan;
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
        return new IllegalStateException("FFTW call failed", t);
    }
}
