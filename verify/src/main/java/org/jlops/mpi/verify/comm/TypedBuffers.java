package org.jlops.mpi.verify.comm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlops.mpi.comm.Datatype;

/**
 * Datatype-generic access to communication buffers, for the conformance suite: every element is
 * read and written as a (re, im) pair of doubles, im being 0 for real types.
 */
final class TypedBuffers {

    private TypedBuffers() {
    }

    /** A zeroed heap buffer of {@code n} elements, backed by the primitive array of the type. */
    static MemorySegment heap(Datatype t, int n) {
        return switch (t) {
            case INT32 -> MemorySegment.ofArray(new int[n]);
            case INT64 -> MemorySegment.ofArray(new long[n]);
            case FLOAT32 -> MemorySegment.ofArray(new float[n]);
            case FLOAT64 -> MemorySegment.ofArray(new double[n]);
            case COMPLEX64 -> MemorySegment.ofArray(new float[2 * n]);
            case COMPLEX128 -> MemorySegment.ofArray(new double[2 * n]);
        };
    }

    /** A zeroed off-heap buffer of {@code n} elements that lives as long as {@code arena}. */
    static MemorySegment offHeap(Arena arena, Datatype t, long n) {
        return arena.allocate(Math.max(1, n) * t.byteSize(), 16).asSlice(0, n * t.byteSize());
    }

    static void set(MemorySegment s, Datatype t, long i, double re, double im) {
        switch (t) {
            case INT32 -> s.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, (int) re);
            case INT64 -> s.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, (long) re);
            case FLOAT32 -> s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) re);
            case FLOAT64 -> s.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, re);
            case COMPLEX64 -> {
                s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 2 * i, (float) re);
                s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 2 * i + 1, (float) im);
            }
            case COMPLEX128 -> {
                s.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, 2 * i, re);
                s.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, 2 * i + 1, im);
            }
        }
    }

    static double re(MemorySegment s, Datatype t, long i) {
        return switch (t) {
            case INT32 -> s.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
            case INT64 -> s.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
            case FLOAT32 -> s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
            case FLOAT64 -> s.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
            case COMPLEX64 -> s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 2 * i);
            case COMPLEX128 -> s.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, 2 * i);
        };
    }

    static double im(MemorySegment s, Datatype t, long i) {
        return switch (t) {
            case COMPLEX64 -> s.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 2 * i + 1);
            case COMPLEX128 -> s.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, 2 * i + 1);
            default -> 0.0;
        };
    }

    /** The value rank {@code r} puts at element {@code i}: small binary fractions, exact in every type. */
    static double valueRe(Datatype t, int r, long i) {
        if (t == Datatype.INT32 || t == Datatype.INT64) {
            return r * 1000 + i % 1000;
        }
        return (r + 1) * 0.5 + (i % 1000) * 0.25;
    }

    static double valueIm(int r, long i) {
        return -(r + 2) * 0.125 + (i % 500);
    }

    /** Fills {@code n} elements with rank {@code r}'s values, starting at element {@code from}. */
    static void fill(MemorySegment s, Datatype t, int r, long from, long n) {
        for (long i = 0; i < n; i++) {
            set(s, t, from + i, valueRe(t, r, i), t.isComplex() ? valueIm(r, i) : 0);
        }
    }

    /** Number of elements {@code s} contains as a buffer of type {@code t}. */
    static long length(MemorySegment s, Datatype t) {
        return s.byteSize() / t.byteSize();
    }
}
