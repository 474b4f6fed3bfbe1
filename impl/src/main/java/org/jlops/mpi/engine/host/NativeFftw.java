package org.jlops.mpi.engine.host;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * <p><b>Panels through scratch.</b> Every line is transformed the same way, wherever it lies: the
 * lines of a block are taken {@code B} at a time ({@code B} a power of two from 4 to 16 that
 * depends on {@code n} only, see {@link #batch});
 * a panel is gathered by an FFTW copy plan (a rank-0 {@code guru64_r2r} plan: exact) into a
 * 64-byte-aligned scratch segment of the calling thread, transformed there by the one plan of its
 * kind, precision and length ({@code B} contiguous lines, out of place into a second scratch
 * segment), and scattered back by another copy plan (the bins a real transform is asked to
 * multiply, and every element when a normalisation is folded into the transform, are multiplied
 * in the scratch: after an r2c or a complex transform, before a c2r). The transform plan is made
 * once, with the planner effort in use ({@code FFTW_ESTIMATE} by default, see below) on scratch of
 * that alignment, and it never sees a Java array: the garbage collector may move an array
 * between two calls and a plan made for one alignment must not run on another. So a line's
 * result depends on the line alone, not on the batch's shape, strides or alignment
 * ({@link #linesIndependent()}), and strided lines (the columns of a row-major block) cost what
 * contiguous ones do plus the copies, which run on cache-sized panels. Measured with FFTW 3.3.10 in
 * C on 4096 columns of 4096 (thread CPU time): in place with an {@code FFTW_ESTIMATE |
 * FFTW_UNALIGNED} plan over the strided lines, as this class did before, 240 ms; an
 * {@code FFTW_MEASURE} plan, 110 ms (4 s to plan, and not the same plan every run); through
 * panels here, 130-150 ms. The copy plans carry {@code FFTW_UNALIGNED}
 * (they touch the Java arrays) and are cached per geometry. The planner is not thread-safe: plans
 * are made under one lock for the process (FFTW's planner is global, whichever instance plans);
 * executions run concurrently. Plans are kept for the life of the JVM;
 * scratch for the life of its thread.
 *
 * <p><b>Planner effort and wisdom.</b> {@code -D}{@value #PLANNER_PROPERTY}{@code =estimate}
 * (the default), {@code measure} or {@code patient} (any case; another value is an
 * {@link IllegalArgumentException} when the backend is chosen) sets the flags of the transform
 * plans: {@code FFTW_ESTIMATE}, {@code FFTW_MEASURE} or {@code FFTW_PATIENT} ({@code c2r} plans
 * keep {@code FFTW_DESTROY_INPUT}; they only ever destroy scratch). The copy plans stay
 * {@code FFTW_ESTIMATE | FFTW_UNALIGNED} whatever the effort: they are planned on the caller's
 * arrays, and any other effort makes FFTW run trial transforms on the arrays it plans on.
 * {@code FFTW_ESTIMATE} chooses by a cost model, the same plan every run, so results are the same
 * bits run after run and rank after rank; {@code FFTW_MEASURE} and {@code FFTW_PATIENT} time
 * candidates while planning (on the scratch, before any line is copied in) and keep the fastest,
 * so two runs, or two ranks of one run, may choose different algorithms and their results may
 * differ in the last bits. That is why {@code FFTW_ESTIMATE} stays the default. Every line still
 * goes through the one plan of its kind, precision and length ({@link #linesIndependent()}).
 *
 * <p>{@code -D}{@value #WISDOM_PROPERTY}{@code =DIR} (a directory; unset or empty: no wisdom)
 * keeps FFTW's wisdom, its record of the plans it chose, in {@code DIR/fftw3.wisdom} (double
 * precision) and {@code DIR/fftw3f.wisdom} (single). When the backend loads, each file that
 * exists is imported into its library; one that exists but FFTW does not import (not wisdom, or
 * another FFTW build's) is an {@link IllegalStateException} naming it. After each new transform
 * plan, the wisdom of that precision (all of this process's) is written to a temporary file in
 * {@code DIR} (created if missing) and moved onto the target name atomically, so ranks writing at
 * once never leave a torn file (the last writer's wisdom wins). A process that cannot write there
 * keeps running without writing again and says so in {@link #implementation}: wisdom is an
 * optimisation. FFTW reuses wisdom for the same problem (length, lines, strides, alignment) and
 * flags, so ranks and runs that import the same file make the same plans: that makes
 * {@code FFTW_MEASURE} reproducible once the file holds every length used (a first run without the
 * file still plans by timing, on each rank). FFTW also uses wisdom of a higher effort when planning
 * with a lower one: with {@code estimate} and an imported file of {@code measure} plans, the
 * transforms use the file's plans. FFTW's wisdom is one per process and precision: plans made
 * with {@code FFTW_MEASURE} by one instance of this class are reused by later plans of the same
 * problem made with {@code FFTW_ESTIMATE} by another.
 */
@SuppressWarnings("restricted") // native access is this class's purpose; the JVM needs --enable-native-access
final class NativeFftw implements FftKernels {

    /** The double-precision library bound unless {@value #DOUBLE_PROPERTY} names another. */
    static final String DOUBLE_LIBRARY = "libfftw3.so.3";
    /** The single-precision library bound unless {@value #FLOAT_PROPERTY} names another. */
    static final String FLOAT_LIBRARY = "libfftw3f.so.3";
    static final String DOUBLE_PROPERTY = "jlops.fft.fftwLibrary";
    static final String FLOAT_PROPERTY = "jlops.fft.fftwfLibrary";
    /**
     * The system property setting the transform plans' effort: {@code estimate} (default),
     * {@code measure} or {@code patient}.
     */
    static final String PLANNER_PROPERTY = "jlops.fft.planner";
    /** The system property naming the wisdom directory (unset: no wisdom). */
    static final String WISDOM_PROPERTY = "jlops.fft.wisdom";
    /** The double-precision wisdom file in the wisdom directory. */
    static final String DOUBLE_WISDOM = "fftw3.wisdom";
    /** The single-precision wisdom file in the wisdom directory. */
    static final String FLOAT_WISDOM = "fftw3f.wisdom";

    private static final int FORWARD = -1;
    private static final int BACKWARD = 1;
    private static final int ESTIMATE = 1 << 6;
    private static final int UNALIGNED = 1 << 1;
    private static final int DESTROY_INPUT = 1;
    /** The copy plans' flags, whatever the planner effort: they are planned on the Java arrays. */
    private static final int COPY_FLAGS = ESTIMATE | UNALIGNED;
    /** Scratch alignment in bytes (FFTW needs 16 for SSE2, 32 for AVX). */
    private static final long ALIGN = 64;

    /** The planner effort of the transform plans ({@value #PLANNER_PROPERTY}). */
    enum Planner {
        /** {@code FFTW_ESTIMATE}: a cost model, the same plan every run (the default). */
        ESTIMATE(1 << 6),
        /** {@code FFTW_MEASURE}: the fastest of the candidates timed while planning. */
        MEASURE(0),
        /** {@code FFTW_PATIENT}: as {@code MEASURE}, over more candidates. */
        PATIENT(1 << 5);

        /** The FFTW planner flag. */
        final int flag;

        Planner(int flag) {
            this.flag = flag;
        }

        /** The FFTW name of the flag, such as {@code FFTW_MEASURE}. */
        String fftwName() {
            return "FFTW_" + name();
        }

        /**
         * The effort named by {@code value}, in any case; null is the default, {@link #ESTIMATE}.
         *
         * @throws IllegalArgumentException naming the property, the value and the accepted ones
         */
        static Planner parse(String value) {
            if (value == null) {
                return ESTIMATE;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "estimate" -> ESTIMATE;
                case "measure" -> MEASURE;
                case "patient" -> PATIENT;
                default -> throw new IllegalArgumentException("-D" + PLANNER_PROPERTY + "=" + value
                        + " is none of estimate, measure, patient");
            };
        }
    }

    /**
     * One precision's entry points. The transform planners are ordinary downcalls: they see scratch
     * only, and {@code FFTW_MEASURE} may plan for seconds, while a critical call is meant to return
     * at once (the JVM may keep its garbage collector waiting meanwhile). The copy planner and the
     * executions are critical (they see the Java arrays). The wisdom calls are ordinary.
     */
    private record Lib(String name, String version, MethodHandle planDft, MethodHandle planR2c, MethodHandle planC2r,
            MethodHandle planR2r, MethodHandle execDft, MethodHandle execR2c, MethodHandle execC2r,
            MethodHandle execR2r, MethodHandle importWisdom, MethodHandle exportWisdom, MethodHandle forgetWisdom) {

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
            // plan guru64_r2r(rank, *dims, howmany_rank, *howmany_dims, *in, *out, *kinds, flags)
            FunctionDescriptor r2r = FunctionDescriptor.of(p, i, p, i, p, p, p, p, i);
            FunctionDescriptor exec = FunctionDescriptor.ofVoid(p, p, p);
            String version = lookup.find(prefix + "_version")
                    .map(s -> s.reinterpret(64).getString(0)).orElse(prefix);
            return new Lib(name, version,
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_plan_guru64_dft"), dft),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_plan_guru64_dft_r2c"), real),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_plan_guru64_dft_c2r"), real),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_plan_guru64_r2r"), r2r, critical),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_execute_dft"), exec, critical),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_execute_dft_r2c"), exec, critical),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_execute_dft_c2r"), exec, critical),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_execute_r2r"), exec, critical),
                    // int import_wisdom_from_filename(const char *), char *export_wisdom_to_string(void)
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_import_wisdom_from_filename"),
                            FunctionDescriptor.of(i, p)),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_export_wisdom_to_string"),
                            FunctionDescriptor.of(p)),
                    linker.downcallHandle(lookup.findOrThrow(prefix + "_forget_wisdom"), FunctionDescriptor.ofVoid()));
        }
    }

    /** The C library's {@code free}, for the strings FFTW allocates with {@code malloc}. */
    private static final class Libc {
        static final MethodHandle FREE = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().findOrThrow("free"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));

        private Libc() {
        }
    }

    /** A transform plan's identity: kind (0 c2c forward, 1 c2c inverse, 2 r2c, 3 c2r), precision, length. */
    private record Key(int kind, boolean dbl, int n) {
    }

    /** A copy plan's identity: precision and its loops {@code (count, input stride, output stride)}, in reals. */
    private record CopyKey(boolean dbl, List<Long> loops) {
    }

    /** A thread's scratch: two aligned segments, grown on demand. */
    private static final class Scratch {
        MemorySegment a = MemorySegment.NULL;
        MemorySegment b = MemorySegment.NULL;

        MemorySegment[] fit(long bytes) {
            if (a.byteSize() < bytes) {
                Arena arena = Arena.ofAuto();
                a = arena.allocate(bytes, ALIGN);
                b = arena.allocate(bytes, ALIGN);
            }
            return new MemorySegment[] {a, b};
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final Lib z;
    private final Lib c;
    private final Map<Key, MemorySegment> plans = new ConcurrentHashMap<>();
    private final Map<CopyKey, MemorySegment> copies = new ConcurrentHashMap<>();
    /** FFTW's planner and wisdom are one per process, not per instance: every planner call holds this lock. */
    private static final Object PLANNER = new Object();

    private final Planner effort;
    /** The wisdom directory, or null. */
    private final Path wisdom;
    /** Whether the wisdom file of double / single precision was imported. */
    private boolean zImported;
    private boolean cImported;
    /** Why the wisdom could not be written, once it could not (no more writes are tried); else null. */
    private volatile String wisdomProblem;

    private NativeFftw(Lib z, Lib c, Planner effort, Path wisdom) {
        this.z = z;
        this.c = c;
        this.effort = effort;
        this.wisdom = wisdom;
    }

    /**
     * The kernels: FFTW when it loads and passes its self-test, else JTransforms with the reason;
     * the planner effort and wisdom directory from {@value #PLANNER_PROPERTY} and
     * {@value #WISDOM_PROPERTY}.
     *
     * @throws IllegalArgumentException when {@value #PLANNER_PROPERTY} or {@value #WISDOM_PROPERTY}
     *                                  holds a bad value
     * @throws IllegalStateException    when a wisdom file exists but FFTW does not import it
     */
    static FftKernels kernels(boolean forced) {
        return kernels(forced, Planner.parse(System.getProperty(PLANNER_PROPERTY)),
                wisdomDirectory(System.getProperty(WISDOM_PROPERTY)));
    }

    /** The wisdom directory named by {@code value}; null when it is null or empty. */
    static Path wisdomDirectory(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("-D" + WISDOM_PROPERTY + "=" + value + " is not a path: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The kernels with the given transform planner effort and wisdom directory (null: no wisdom):
     * FFTW when it loads and passes its self-test, else JTransforms with the reason.
     *
     * @throws IllegalStateException when a wisdom file exists but FFTW does not import it
     */
    static FftKernels kernels(boolean forced, Planner effort, Path wisdom) {
        List<String> failures = new ArrayList<>();
        String dn = System.getProperty(DOUBLE_PROPERTY, DOUBLE_LIBRARY);
        String fn = System.getProperty(FLOAT_PROPERTY, FLOAT_LIBRARY);
        try {
            NativeFftw f = new NativeFftw(Lib.bind(dn, "fftw"), Lib.bind(fn, "fftwf"), effort, wisdom);
            f.importWisdom();
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
            public void complex(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner,
                    boolean inverse) {
                JTransformsFft.INSTANCE.complex(in, inPos, out, outPos, outer, n, inner, inverse);
            }

            @Override
            public void realForward(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner,
                    int from, int to, double factor) {
                JTransformsFft.INSTANCE.realForward(in, inPos, out, outPos, outer, n, inner, from, to, factor);
            }

            @Override
            public void realInverse(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner,
                    int from, int to, double factor) {
                JTransformsFft.INSTANCE.realInverse(in, inPos, out, outPos, outer, n, inner, from, to, factor);
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
        complex(d, 0, 1, 3, 1, false, Bins.NONE);
        float[] f = new float[6];
        for (int k = 0; k < 6; k++) {
            f[k] = (float) x[k];
        }
        complex(f, 0, 1, 3, 1, false, Bins.NONE);
        double[] r = {1, 2, 4, 8};
        double[] rc = new double[6];
        realForward(r, 0, rc, 0, 1, 4, 1, Bins.NONE);       // (15, -3+6i, -5)
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
        boolean dbl = type.isDoublePrecision();
        Lib lib = dbl ? z : c;
        StringBuilder s = new StringBuilder("FFTW ").append(lib.version().replace("fftw-", "")).append(' ')
                .append(lib.name()).append(" (FFM, guru64 plans, ").append(effort.fftwName());
        if (wisdom != null) {
            s.append(", wisdom ").append(wisdom);
            synchronized (PLANNER) {
                if (dbl ? zImported : cImported) {
                    s.append(" (").append(dbl ? DOUBLE_WISDOM : FLOAT_WISDOM).append(" imported)");
                }
            }
            String problem = wisdomProblem;
            if (problem != null) {
                s.append(" (").append(problem).append(')');
            }
        }
        return s.append(", panels through aligned scratch)").toString();
    }

    /** Imports the wisdom files that exist in the wisdom directory, if there is one. */
    private void importWisdom() {
        if (wisdom == null) {
            return;
        }
        synchronized (PLANNER) {
            zImported = importWisdom(z, wisdom.resolve(DOUBLE_WISDOM));
            cImported = importWisdom(c, wisdom.resolve(FLOAT_WISDOM));
        }
    }

    /** False when {@code file} does not exist; true when {@code lib} imported it; else an exception. */
    private static boolean importWisdom(Lib lib, Path file) {
        if (!Files.exists(file)) {
            return false;
        }
        int ok;
        try (Arena arena = Arena.ofConfined()) {
            ok = (int) lib.importWisdom().invokeExact(arena.allocateFrom(file.toString()));
        } catch (Throwable t) {
            throw unchecked(t);
        }
        if (ok == 0) {
            throw new IllegalStateException("-D" + WISDOM_PROPERTY + ": " + file + " is not wisdom that "
                    + lib.name() + " imports (another FFTW build's, or not wisdom); delete it to plan afresh");
        }
        return true;
    }

    /**
     * Writes this process's wisdom of one precision to its file in the wisdom directory: a temporary
     * file there, moved atomically onto the name. Called under the planner lock after each new
     * transform plan; a failure is kept for {@link #implementation} and ends the writing.
     */
    private void exportWisdom(boolean dbl) {
        if (wisdom == null || wisdomProblem != null) {
            return;
        }
        Lib lib = dbl ? z : c;
        String name = dbl ? DOUBLE_WISDOM : FLOAT_WISDOM;
        String text;
        try {
            MemorySegment str = (MemorySegment) lib.exportWisdom().invokeExact();
            if (str.address() == 0) {
                wisdomProblem = name + " not written: FFTW exported no wisdom";
                return;
            }
            try {
                text = str.reinterpret(Long.MAX_VALUE).getString(0);
            } finally {
                Libc.FREE.invokeExact(str);
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
        Path tmp = null;
        try {
            Files.createDirectories(wisdom);
            tmp = Files.createTempFile(wisdom, name + ".", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, wisdom.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            wisdomProblem = name + " not written: " + e;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException | SecurityException ignored) {
                    // the failure above is what implementation() reports
                }
            }
        }
    }

    /** Forgets this process's wisdom in both precisions (for tests: plans made later start afresh). */
    void forgetWisdom() {
        synchronized (PLANNER) {
            try {
                z.forgetWisdom().invokeExact();
                c.forgetWisdom().invokeExact();
            } catch (Throwable t) {
                throw unchecked(t);
            }
        }
    }

    @Override
    public boolean linesIndependent() {
        return true;
    }

    @Override
    public FftKernels java() {
        return JTransformsFft.INSTANCE;
    }

    @Override
    public void complex(Buffer x, long pos, long outer, int n, long inner, boolean inverse) {
        complex(x, pos, outer, n, inner, inverse, 1);
    }

    /** Every element multiplied in the scratch, after the transform and before the scatter. */
    @Override
    public void complex(Buffer x, long pos, long outer, int n, long inner, boolean inverse, double scale) {
        FftChecks.complex(x, pos, outer, n, inner);
        if (x.type().isDoublePrecision()) {
            complex((double[]) x.hostArray(), pos, outer, n, inner, inverse, Bins.all(scale));
        } else {
            complex((float[]) x.hostArray(), pos, outer, n, inner, inverse, Bins.all(scale));
        }
    }

    /** One pass: the panels are gathered from {@code in} and scattered to {@code out}. */
    @Override
    public void complex(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner,
            boolean inverse) {
        complex(in, inPos, out, outPos, outer, n, inner, inverse, 1);
    }

    /** One pass, every element multiplied in the scratch before the scatter. */
    @Override
    public void complex(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner,
            boolean inverse, double scale) {
        FftChecks.complexPair(in, inPos, out, outPos, outer, n, inner);
        long bytes = in.type().byteSize();
        if (outer * inner > 0) {
            panels(inverse ? 1 : 0, in.type().isDoublePrecision(), outer, n, inner,
                    in.segment().asSlice(inPos * bytes), out.segment().asSlice(outPos * bytes), Bins.all(scale));
        }
    }

    /** The bins {@code [from, to)} are multiplied in the scratch, after the transform and before the scatter. */
    @Override
    public void realForward(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner, int from,
            int to, double factor) {
        realForward(in, inPos, out, outPos, outer, n, inner, from, to, factor, 1);
    }

    /** The bins {@code [from, to)}, then every bin, multiplied in the scratch, after the transform and before the scatter. */
    @Override
    public void realForward(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner, int from,
            int to, double factor, double scale) {
        FftChecks.real(in, inPos, out, outPos, outer, n, inner, false);
        Bins bins = Bins.of(n, from, to, factor, scale);
        if (in.type().isDoublePrecision()) {
            realForward((double[]) in.hostArray(), inPos, (double[]) out.hostArray(), outPos, outer, n, inner, bins);
        } else {
            realForward((float[]) in.hostArray(), inPos, (float[]) out.hostArray(), outPos, outer, n, inner, bins);
        }
    }

    /** The bins {@code [from, to)} are multiplied in the scratch, after the gather and before the transform. */
    @Override
    public void realInverse(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner, int from,
            int to, double factor) {
        realInverse(in, inPos, out, outPos, outer, n, inner, from, to, factor, 1);
    }

    /** The bins {@code [from, to)}, then every bin, multiplied in the scratch, after the gather and before the transform. */
    @Override
    public void realInverse(Buffer in, long inPos, Buffer out, long outPos, long outer, int n, long inner, int from,
            int to, double factor, double scale) {
        FftChecks.real(out, outPos, in, inPos, outer, n, inner, true);
        MemorySegment src = in.segment().asSlice(inPos * in.type().byteSize());
        MemorySegment dst = out.segment().asSlice(outPos * out.type().byteSize());
        if (outer * inner > 0) {
            panels(3, in.type().isDoublePrecision(), outer, n, inner, src, dst, Bins.of(n, from, to, factor, scale));
        }
    }

    private void complex(double[] a, long pos, long outer, int n, long inner, boolean inverse, Bins bins) {
        MemorySegment s = MemorySegment.ofArray(a).asSlice(16 * pos);
        if (outer * inner > 0) {
            panels(inverse ? 1 : 0, true, outer, n, inner, s, s, bins);
        }
    }

    private void complex(float[] a, long pos, long outer, int n, long inner, boolean inverse, Bins bins) {
        MemorySegment s = MemorySegment.ofArray(a).asSlice(8 * pos);
        if (outer * inner > 0) {
            panels(inverse ? 1 : 0, false, outer, n, inner, s, s, bins);
        }
    }

    private void realForward(double[] in, long inPos, double[] out, long outPos, long outer, int n, long inner,
            Bins bins) {
        if (outer * inner > 0) {
            panels(2, true, outer, n, inner, MemorySegment.ofArray(in).asSlice(8 * inPos),
                    MemorySegment.ofArray(out).asSlice(16 * outPos), bins);
        }
    }

    private void realForward(float[] in, long inPos, float[] out, long outPos, long outer, int n, long inner,
            Bins bins) {
        if (outer * inner > 0) {
            panels(2, false, outer, n, inner, MemorySegment.ofArray(in).asSlice(4 * inPos),
                    MemorySegment.ofArray(out).asSlice(8 * outPos), bins);
        }
    }

    /**
     * The multiplications done in the scratch, where a panel's {@code m} lines lie one after the
     * other: the bins {@code [lo, hi)} of a real transform's lines by {@code factor}, then every
     * element by {@code scale} (a normalisation folded into the transform). The same
     * multiplications as passes over the block, on data in cache; float32 by the factors rounded
     * to float.
     */
    private record Bins(int lo, int hi, double factor, double scale) {
        /** Nothing multiplied. */
        static final Bins NONE = new Bins(0, 0, 1, 1);

        /** The bins of {@code [from, to)} among the {@code n/2 + 1} of length {@code n}, then every element by {@code scale}. */
        static Bins of(int n, int from, int to, double factor, double scale) {
            int lo = Math.max(0, from);
            int hi = Math.min(n / 2 + 1, to);
            if (hi <= lo) {
                return all(scale);
            }
            return new Bins(lo, hi, factor, scale);
        }

        /** Every element by {@code scale}. */
        static Bins all(double scale) {
            return scale == 1 ? NONE : new Bins(0, 0, 1, scale);
        }

        /**
         * The multiplications of the {@code m} lines of {@code h} complex elements at {@code s}:
         * the bins by {@code factor}, then all {@code h} by {@code scale}.
         */
        void scale(MemorySegment s, boolean dbl, long m, int h) {
            if (hi > lo) {
                int len = 2 * (hi - lo);
                if (dbl) {
                    for (long l = 0; l < m; l++) {
                        MemorySegment line = s.asSlice(16 * (l * h + lo), 8L * len);
                        for (int q = 0; q < len; q++) {
                            line.setAtIndex(ValueLayout.JAVA_DOUBLE, q,
                                    line.getAtIndex(ValueLayout.JAVA_DOUBLE, q) * factor);
                        }
                    }
                } else {
                    float f = (float) factor;
                    for (long l = 0; l < m; l++) {
                        MemorySegment line = s.asSlice(8 * (l * h + lo), 4L * len);
                        for (int q = 0; q < len; q++) {
                            line.setAtIndex(ValueLayout.JAVA_FLOAT, q, line.getAtIndex(ValueLayout.JAVA_FLOAT, q) * f);
                        }
                    }
                }
            }
            all(s, dbl, 2 * m * h);
        }

        /** The first {@code reals} reals at {@code s} by {@code scale}. */
        void all(MemorySegment s, boolean dbl, long reals) {
            if (scale == 1) {
                return;
            }
            if (dbl) {
                for (long q = 0; q < reals; q++) {
                    s.setAtIndex(ValueLayout.JAVA_DOUBLE, q, s.getAtIndex(ValueLayout.JAVA_DOUBLE, q) * scale);
                }
            } else {
                float f = (float) scale;
                for (long q = 0; q < reals; q++) {
                    s.setAtIndex(ValueLayout.JAVA_FLOAT, q, s.getAtIndex(ValueLayout.JAVA_FLOAT, q) * f);
                }
            }
        }
    }

    /**
     * The lines per panel for length {@code n}: a power of two in [4, 16], at most 65536 elements
     * when {@code n} allows (measured on 4096 columns of 4096 complex128, thread CPU time: 190 ms
     * with 8 lines, 130-150 ms with 16 or 32, 165 ms with 64).
     */
    static int batch(int n) {
        int b = 16;
        while (b > 4 && (long) b * n > 65536) {
            b /= 2;
        }
        return b;
    }

    /**
     * Transforms every line of the {@code (outer, n, inner)} block at {@code in} into the block at
     * {@code out} (the same segment for c2c, in place), a panel of lines at a time through the
     * thread's scratch (see the class documentation), with the real transforms' {@code bins}
     * multiplied in the scratch (after an r2c, before a c2r). Offsets and strides below count reals.
     */
    private void panels(int kind, boolean dbl, long outer, int n, long inner, MemorySegment in, MemorySegment out,
            Bins bins) {
        int h = n / 2 + 1;
        int nIn = kind == 3 ? h : n;
        int nOut = kind == 2 ? h : n;
        int cIn = kind == 2 ? 1 : 2;                 // reals per input element
        int cOut = kind == 3 ? 1 : 2;
        int bsz = dbl ? 8 : 4;
        int b = batch(n);
        MemorySegment[] sc = SCRATCH.get().fit((long) b * Math.max(nIn * cIn, nOut * cOut) * bsz);
        MemorySegment plan = plan(kind, dbl, n, b, sc[0], sc[1]);
        Lib lib = dbl ? z : c;
        // lines are (o, i): contiguous lines (inner 1) are grouped along o, strided ones along i
        long groups = inner == 1 ? 1 : outer;
        long perGroup = inner == 1 ? outer : inner;
        long lineIn = inner == 1 ? nIn : 1;         // distance between a panel's lines, in elements
        long lineOut = inner == 1 ? nOut : 1;
        // the copy plans of a full panel, looked up once per call (a partial last panel looks up its own)
        MemorySegment fullIn = copyPlan(dbl, cIn, b, lineIn * cIn, (long) nIn * cIn, nIn, inner * cIn, cIn, in, sc[0]);
        MemorySegment fullOut = copyPlan(dbl, cOut, b, (long) nOut * cOut, lineOut * cOut, nOut, cOut, inner * cOut,
                sc[1], out);
        for (long g = 0; g < groups; g++) {
            for (long l0 = 0; l0 < perGroup; l0 += b) {
                long m = Math.min(b, perGroup - l0);
                long startIn = inner == 1 ? l0 * nIn : g * nIn * inner + l0;
                long startOut = inner == 1 ? l0 * nOut : g * nOut * inner + l0;
                MemorySegment src = in.asSlice(startIn * cIn * bsz);
                MemorySegment dst = out.asSlice(startOut * cOut * bsz);
                MemorySegment gather = m == b ? fullIn
                        : copyPlan(dbl, cIn, m, lineIn * cIn, (long) nIn * cIn, nIn, inner * cIn, cIn, src, sc[0]);
                copy(lib, gather, src, sc[0]);
                if (kind == 3) {
                    bins.scale(sc[0], dbl, m, h);
                }
                try {
                    switch (kind) {
                        case 0, 1 -> lib.execDft().invokeExact(plan, sc[0], sc[1]);
                        case 2 -> lib.execR2c().invokeExact(plan, sc[0], sc[1]);
                        default -> lib.execC2r().invokeExact(plan, sc[0], sc[1]);
                    }
                } catch (Throwable t) {
                    throw unchecked(t);
                }
                if (kind == 2) {
                    bins.scale(sc[1], dbl, m, h);
                } else if (kind != 3) {
                    bins.all(sc[1], dbl, 2 * m * n);
                }
                MemorySegment scatter = m == b ? fullOut
                        : copyPlan(dbl, cOut, m, (long) nOut * cOut, lineOut * cOut, nOut, cOut, inner * cOut, sc[1],
                                dst);
                copy(lib, scatter, sc[1], dst);
            }
        }
    }

    /**
     * The cached FFTW rank-0 plan that copies {@code lines} lines of {@code n} elements of
     * {@code c} reals: line {@code l}, element {@code k}, component {@code q} from
     * {@code src + l·lineIs + k·elemIs + q} to {@code dst + l·lineOs + k·elemOs + q} (in reals);
     * made on first use ({@code src} and {@code dst} are not touched by the planner).
     */
    private MemorySegment copyPlan(boolean dbl, int c, long lines, long lineIs, long lineOs, long n, long elemIs,
            long elemOs, MemorySegment src, MemorySegment dst) {
        List<Long> loops = c == 2 ? List.of(lines, lineIs, lineOs, n, elemIs, elemOs, 2L, 1L, 1L)
                : List.of(lines, lineIs, lineOs, n, elemIs, elemOs);
        CopyKey key = new CopyKey(dbl, loops);
        Lib lib = dbl ? z : this.c;
        MemorySegment plan = copies.get(key);
        if (plan == null) {
            synchronized (PLANNER) {
                plan = copies.computeIfAbsent(key, k -> copyPlan(lib, k, src, dst));
            }
        }
        return plan;
    }

    /** Runs the copy plan {@code plan} of {@code lib} from {@code src} to {@code dst}. */
    private static void copy(Lib lib, MemorySegment plan, MemorySegment src, MemorySegment dst) {
        try {
            lib.execR2r().invokeExact(plan, src, dst);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private static MemorySegment copyPlan(Lib lib, CopyKey k, MemorySegment src, MemorySegment dst) {
        try (Arena arena = Arena.ofConfined()) {
            int hr = k.loops().size() / 3;
            MemorySegment howmany = arena.allocate(ValueLayout.JAVA_LONG, k.loops().size());
            for (int q = 0; q < k.loops().size(); q++) {
                howmany.setAtIndex(ValueLayout.JAVA_LONG, q, k.loops().get(q));
            }
            // rank 0: no transform, the loops only (FFTW_ESTIMATE does not touch the arrays)
            MemorySegment plan = (MemorySegment) lib.planR2r().invokeExact(0, MemorySegment.NULL, hr, howmany, src, dst,
                    MemorySegment.NULL, COPY_FLAGS);
            if (plan.address() == 0) {
                throw new IllegalStateException("FFTW made no copy plan for " + k);
            }
            return plan;
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** The transform plan of {@code b} contiguous lines of this kind and length, scratch to scratch, made on first use. */
    private MemorySegment plan(int kind, boolean dbl, int n, int b, MemorySegment in, MemorySegment out) {
        Key key = new Key(kind, dbl, n);
        MemorySegment plan = plans.get(key);
        if (plan == null) {
            synchronized (PLANNER) {
                plan = plans.get(key);
                if (plan == null) {
                    plan = plan(dbl ? z : c, key, b, in, out, effort.flag);
                    plans.put(key, plan);
                    exportWisdom(dbl);
                }
            }
        }
        return plan;
    }

    /**
     * A guru64 plan for {@code b} contiguous lines, out of place, with the planner flag
     * {@code effort} (see the class documentation; {@code FFTW_MEASURE} and {@code FFTW_PATIENT}
     * overwrite {@code in} and {@code out}).
     */
    private static MemorySegment plan(Lib lib, Key k, int b, MemorySegment in, MemorySegment out, int effort) {
        long nOut = k.kind() == 2 ? k.n() / 2 + 1 : k.n();
        long nIn = k.kind() == 3 ? k.n() / 2 + 1 : k.n();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dims = arena.allocate(ValueLayout.JAVA_LONG, 3);
            dims.setAtIndex(ValueLayout.JAVA_LONG, 0, k.n());
            dims.setAtIndex(ValueLayout.JAVA_LONG, 1, 1);
            dims.setAtIndex(ValueLayout.JAVA_LONG, 2, 1);
            MemorySegment howmany = arena.allocate(ValueLayout.JAVA_LONG, 3);
            howmany.setAtIndex(ValueLayout.JAVA_LONG, 0, b);
            howmany.setAtIndex(ValueLayout.JAVA_LONG, 1, nIn);
            howmany.setAtIndex(ValueLayout.JAVA_LONG, 2, nOut);
            MemorySegment plan = switch (k.kind()) {
                case 0, 1 -> (MemorySegment) lib.planDft().invokeExact(1, dims, 1, howmany, in, out,
                        k.kind() == 0 ? FORWARD : BACKWARD, effort);
                case 2 -> (MemorySegment) lib.planR2c().invokeExact(1, dims, 1, howmany, in, out, effort);
                default -> (MemorySegment) lib.planC2r().invokeExact(1, dims, 1, howmany, in, out,
                        effort | DESTROY_INPUT);
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
