package org.jlops.mpi.engine.host;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How the host engine allocates a buffer its caller will overwrite entirely
 * ({@link HostEngine#allocateUninitialized}): a Java array whose elements are not zeroed first,
 * where the JVM lets us, else an ordinary (zero-filled) one.
 *
 * <p>{@code new double[n]} writes {@code n} zeros before the kernel that fills the array writes
 * its values over them. {@code jdk.internal.misc.Unsafe.allocateUninitializedArray} asks the JVM
 * to skip that. It lives in a package that {@code java.base} does not export, so it is used only
 * when the JVM is started with {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}
 * (class path) or {@code =org.jlops.mpi} (module path), checked once when this class loads, and
 * reached through a method handle, so that this class loads and falls back on every JVM.
 *
 * <p><b>What it saves, measured on JDK 25 (HotSpot, G1).</b> Only small arrays, in compiled
 * code: an array of 1,000 doubles came back holding an earlier array's values once C2 had compiled
 * the caller, arrays of 100,000 and of 16M doubles always came back zeroed, and a 4096 x 4096
 * float64 output costs the same on both paths. As we read HotSpot, C2 skips the zeroing of an array
 * it allocates inline in a thread-local allocation buffer, while a large array is allocated by the
 * VM's runtime, which zeroes it unless the array is filled by a copy ({@code Arrays.copyOf},
 * {@code clone}); the interpreter and C1 zero every array.
 *
 * <p>The system property {@value #PROPERTY} picks the path: {@code auto} (default: the uninitialised
 * allocation when the package is exported), {@code off} (always zero-filled) or {@code poison}
 * (filled with {@link #POISON_DOUBLE}/{@link #POISON_FLOAT}, a NaN no computation produces, so that
 * a run can check that every element is written: an element left unwritten shows as that NaN, or
 * spreads NaN into what reads it). {@link #poisoned} poisons the allocations of one thread's task,
 * for tests. The values a caller computes are the same on every path.
 */
final class HostAllocation {

    /** The system property that picks the path: {@code auto} (default), {@code off} or {@code poison}. */
    static final String PROPERTY = "jlops.alloc.uninitialized";

    /** What poisoned double-precision storage holds: a quiet NaN with the payload {@code 0xdead_beef_0bad}. */
    static final double POISON_DOUBLE = Double.longBitsToDouble(0x7ff8_dead_beef_0badL);

    /** What poisoned single-precision storage holds: a quiet NaN with the payload {@code 0xdead}. */
    static final float POISON_FLOAT = Float.intBitsToFloat(0x7fc0_dead);

    /** The path in use, chosen once. */
    static final Path SELECTED = select(System.getProperty(PROPERTY, "auto"), Unsafe.ALLOCATE, Unsafe.WHY_NOT);

    /** {@code Unsafe.allocateUninitializedArray} when {@link #SELECTED} uses it, else null (a constant to the JIT). */
    private static final MethodHandle UNINITIALIZED = SELECTED.uninitialized();

    /** Whether every allocation is poisoned ({@value #PROPERTY}{@code =poison}). */
    private static final boolean POISON = SELECTED.poison();

    /** Bound (to true) in a thread that runs {@link #poisoned}. */
    private static final ScopedValue<Boolean> POISONED = ScopedValue.newInstance();

    private HostAllocation() {
    }

    /**
     * An allocation path.
     *
     * @param uninitialized  {@code Unsafe.allocateUninitializedArray} bound to the Unsafe, or null for
     *                       zero-filled arrays
     * @param poison         whether arrays are filled with the poison NaNs
     * @param implementation the path in words, with the reason when it zero-fills
     */
    record Path(MethodHandle uninitialized, boolean poison, String implementation) {
    }

    /**
     * The path for a value of {@value #PROPERTY}.
     *
     * @param mode     the property's value
     * @param allocate {@code Unsafe.allocateUninitializedArray} bound to the Unsafe, of type
     *                 {@code (Class, int)Object}, or null where it is out of reach
     * @param whyNot   why {@code allocate} is null (ignored otherwise)
     * @return the path: zero-filled, with the reason in its implementation, for a value other than
     *         auto, off or poison
     */
    static Path select(String mode, MethodHandle allocate, String whyNot) {
        String m = mode.trim().toLowerCase(Locale.ROOT);
        return switch (m) {
            case "auto", "" -> allocate != null
                    ? new Path(allocate, false, "uninitialised where HotSpot allows "
                            + "(jdk.internal.misc.Unsafe.allocateUninitializedArray: small arrays in compiled code; "
                            + "arrays of megabytes are zeroed by the VM all the same)")
                    : new Path(null, false, "zero-filled (" + whyNot + ")");
            case "off", "false" -> new Path(null, false, "zero-filled (" + PROPERTY + "=" + mode.trim() + ")");
            case "poison" -> new Path(null, true, "NaN-poisoned (" + PROPERTY + "=poison: every element a caller "
                    + "must write starts as a NaN)");
            default -> new Path(null, false, "zero-filled (" + PROPERTY + "=" + mode.trim()
                    + " is not auto, off or poison)");
        };
    }

    /**
     * Which path runs, in words, with the reason when it zero-fills, e.g. {@code "zero-filled
     * (java.base does not export jdk.internal.misc to the class path: run java with --add-exports
     * java.base/jdk.internal.misc=ALL-UNNAMED)"}.
     */
    static String implementation() {
        return POISONED.isBound() && !POISON ? "NaN-poisoned (in a test's scope)" : SELECTED.implementation();
    }

    /** A {@code double[]} of {@code n} entries, their values unspecified (see the class comment). */
    static double[] doubles(int n) {
        if (POISON || POISONED.isBound()) {
            double[] a = new double[n];
            Arrays.fill(a, POISON_DOUBLE);
            return a;
        }
        if (UNINITIALIZED == null) {
            return new double[n];
        }
        try {
            return (double[]) (Object) UNINITIALIZED.invokeExact((Class<?>) double.class, n);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** A {@code float[]} of {@code n} entries, their values unspecified (see the class comment). */
    static float[] floats(int n) {
        if (POISON || POISONED.isBound()) {
            float[] a = new float[n];
            Arrays.fill(a, POISON_FLOAT);
            return a;
        }
        if (UNINITIALIZED == null) {
            return new float[n];
        }
        try {
            return (float[]) (Object) UNINITIALIZED.invokeExact((Class<?>) float.class, n);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    private static RuntimeException rethrown(Throwable e) {
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error r) {
            throw r;
        }
        throw new IllegalStateException("Unsafe.allocateUninitializedArray failed", e);
    }

    /**
     * Runs {@code task} in the calling thread with every uninitialised allocation of the host engine
     * filled with the poison NaNs, whatever {@value #PROPERTY} says: a test that then compares the
     * results with those of a zero-filled run proves that the code under test writes every element
     * it asked to be left uninitialised. Other threads are not affected (the in-JVM cluster's ranks
     * are threads: each rank calls this for itself). Local.
     */
    static <T> T poisoned(Supplier<T> task) {
        return ScopedValue.where(POISONED, Boolean.TRUE).call(task::get);
    }

    /**
     * {@code jdk.internal.misc.Unsafe.allocateUninitializedArray}, looked up once, only when
     * {@code java.base} exports its package to this class's module.
     */
    private static final class Unsafe {
        static final MethodHandle ALLOCATE;
        static final String WHY_NOT;

        static {
            MethodHandle allocate = null;
            String why = null;
            Module ours = HostAllocation.class.getModule();
            if (!Object.class.getModule().isExported("jdk.internal.misc", ours)) {
                why = "java.base does not export jdk.internal.misc to " + (ours.isNamed() ? ours.getName()
                        : "the class path") + ": run java with --add-exports java.base/jdk.internal.misc="
                        + (ours.isNamed() ? ours.getName() : "ALL-UNNAMED");
            } else {
                try {
                    Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
                    MethodHandles.Lookup lookup = MethodHandles.lookup();
                    Object unsafe = lookup.findStatic(type, "getUnsafe", MethodType.methodType(type)).invoke();
                    MethodHandle h = lookup.findVirtual(type, "allocateUninitializedArray",
                            MethodType.methodType(Object.class, Class.class, int.class)).bindTo(unsafe);
                    double[] probe = (double[]) (Object) h.invokeExact((Class<?>) double.class, 4);
                    if (probe.length != 4) {
                        throw new IllegalStateException("a probe of 4 doubles has " + probe.length);
                    }
                    allocate = h;
                } catch (Throwable e) {
                    why = "Unsafe.allocateUninitializedArray is out of reach: " + e;
                }
            }
            ALLOCATE = allocate;
            WHY_NOT = why;
        }

        private Unsafe() {
        }
    }
}
