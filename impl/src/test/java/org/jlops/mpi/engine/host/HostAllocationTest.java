package org.jlops.mpi.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 20: the host engine's uninitialised allocation — its paths ({@code jlops.alloc.uninitialized}
 * = auto, off, poison, anything else), the report of which runs, the poison a test's scope puts in
 * every element, and the argument checks it shares with {@link HostEngine#allocate}.
 */
class HostAllocationTest {

    private static final MethodHandle STAND_IN;

    static {
        try {
            STAND_IN = MethodHandles.lookup().findStatic(HostAllocationTest.class, "standIn",
                    MethodType.methodType(Object.class, Class.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A stand-in for {@code Unsafe.allocateUninitializedArray}, for {@link HostAllocation#select}. */
    private static Object standIn(Class<?> type, int n) {
        return type == double.class ? new double[n] : new float[n];
    }

    @Test
    void autoUsesTheUninitialisedAllocationWhenItIsInReachElseSaysWhyItZeroFills() {
        HostAllocation.Path on = HostAllocation.select("auto", STAND_IN, null);
        assertNotNull(on.uninitialized());
        assertFalse(on.poison());
        assertTrue(on.implementation().startsWith("uninitialised"), on.implementation());
        HostAllocation.Path off = HostAllocation.select(" AUTO ", null, "no export");
        assertNull(off.uninitialized());
        assertEquals("zero-filled (no export)", off.implementation());
    }

    @Test
    void offZeroFillsAndPoisonPoisonsWhateverTheJvmAllows() {
        HostAllocation.Path off = HostAllocation.select("off", STAND_IN, null);
        assertNull(off.uninitialized());
        assertEquals("zero-filled (jlops.alloc.uninitialized=off)", off.implementation());
        HostAllocation.Path poison = HostAllocation.select("poison", STAND_IN, null);
        assertNull(poison.uninitialized());
        assertTrue(poison.poison());
        assertTrue(poison.implementation().startsWith("NaN-poisoned"), poison.implementation());
    }

    @Test
    void anUnknownValueZeroFillsAndNamesTheProperty() {
        HostAllocation.Path p = HostAllocation.select("yes", STAND_IN, null);
        assertNull(p.uninitialized());
        assertEquals("zero-filled (jlops.alloc.uninitialized=yes is not auto, off or poison)", p.implementation());
    }

    @Test
    void theEngineReportsThePathOfThisJvm() {
        String s = Engine.host().allocationImplementation();
        assertTrue(s.startsWith("uninitialised") || s.startsWith("zero-filled") || s.startsWith("NaN-poisoned"), s);
        assertEquals("NaN-poisoned (in a test's scope)",
                HostEngine.onPoisonedAllocations(() -> Engine.host().allocationImplementation()));
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void aTestsScopePoisonsEveryEntryAndNothingElse(ElementType t) {
        Buffer b = HostEngine.onPoisonedAllocations(() -> Engine.host().allocateUninitialized(t, 5));
        assertEquals(5, b.length());
        assertEquals(t, b.type());
        if (t.isDoublePrecision()) {
            double[] d = (double[]) b.hostArray();
            assertEquals(5 * t.components(), d.length);
            for (double v : d) {
                assertEquals(0x7ff8_dead_beef_0badL, Double.doubleToRawLongBits(v));
            }
        } else {
            float[] f = (float[]) b.hostArray();
            assertEquals(5 * t.components(), f.length);
            for (float v : f) {
                assertEquals(0x7fc0_dead, Float.floatToRawIntBits(v));
            }
        }
        // the zero-filling allocation is not poisoned, nor is anything outside the scope
        Buffer z = HostEngine.onPoisonedAllocations(() -> Engine.host().allocate(t, 5));
        Buffer after = Engine.host().allocateUninitialized(t, 0);
        assertEquals(0, after.length());
        if (t.isDoublePrecision()) {
            for (double v : (double[]) z.hostArray()) {
                assertEquals(0L, Double.doubleToRawLongBits(v));
            }
        } else {
            for (float v : (float[]) z.hostArray()) {
                assertEquals(0, Float.floatToRawIntBits(v));
            }
        }
    }

    @Test
    void lengthsAreCheckedLikeAllocate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Engine.host().allocateUninitialized(ElementType.FLOAT64, -1));
        assertEquals("length: must not be negative, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Engine.host().allocateUninitialized(ElementType.COMPLEX64, HostEngine.MAX_ENTRIES));
        assertTrue(e.getMessage().startsWith("length: a local block of "), e.getMessage());
    }
}
