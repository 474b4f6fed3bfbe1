package org.jlops.mpi.ops.serial;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;

/**
 * Checks and small host loops on element ranges of engine buffers, shared by the serial operators
 * of this package: range and type checks with messages naming the argument, the live storage of a
 * host buffer, staging of a range of a non-host buffer through a heap array, and in-place
 * conjugation, scaling and accumulation of a range.
 */
final class HostRanges {

    private HostRanges() {
    }

    /**
     * Requires {@code b} to hold {@code length} elements from {@code pos}.
     *
     * @throws IllegalArgumentException naming {@code what}
     */
    static void checkRange(String what, Buffer b, long pos, long length) {
        if (b == null) {
            throw new IllegalArgumentException(what + ": must not be null");
        }
        if (pos < 0 || pos > b.length() - length) {
            throw new IllegalArgumentException(what + ": the range [" + pos + ", " + (pos + length) + ") is outside "
                    + "the buffer of " + b.length() + " elements");
        }
    }

    /**
     * Requires both buffers to have the same element type, one the operator accepts: its own, or
     * for a real operator also the complex type of the same precision (when
     * {@code realOnComplex}).
     *
     * @return whether the buffers are complex while the operator is real
     * @throws IllegalArgumentException naming both types
     */
    static boolean checkTypes(DType dtype, Buffer in, Buffer out, boolean realOnComplex, String opName) {
        ElementType t = in.type();
        if (out.type() != t) {
            throw new IllegalArgumentException("buffers: input of type " + t + " but output of type " + out.type()
                    + ", expected the same type");
        }
        if (t == dtype.elementType()) {
            return false;
        }
        if (realOnComplex && !dtype.isComplex() && t == dtype.complexType().elementType()) {
            return true;
        }
        throw new IllegalArgumentException("buffers: " + opName + " of dtype " + dtype + " cannot work on buffers of "
                + "type " + t + ", expected " + dtype.elementType()
                + (realOnComplex && !dtype.isComplex() ? " or " + dtype.complexType().elementType() : ""));
    }

    /**
     * A heap copy of {@code length} elements of a buffer in native memory that belongs to no engine
     * from {@code pos}. A buffer of another engine (a device's) is refused: its memory is not the
     * host's to read, and a product must not copy through the host behind its caller's back.
     *
     * @throws IllegalArgumentException naming the engine, for a buffer of a non-host engine
     */
    static Object stageIn(Buffer b, long pos, long length) {
        requireNoEngine(b);
        ElementType t = b.type();
        int entries = Math.toIntExact(length * t.components());
        long bytes = pos * t.byteSize();
        if (t.isDoublePrecision()) {
            double[] a = new double[entries];
            MemorySegment.copy(b.segment(), ValueLayout.JAVA_DOUBLE, bytes, a, 0, entries);
            return a;
        }
        float[] a = new float[entries];
        MemorySegment.copy(b.segment(), ValueLayout.JAVA_FLOAT, bytes, a, 0, entries);
        return a;
    }

    /** Copies a heap array staged by {@link #stageIn} back into {@code b} from {@code pos}. */
    static void stageOut(Object a, Buffer b, long pos) {
        requireNoEngine(b);
        ElementType t = b.type();
        long bytes = pos * t.byteSize();
        if (a instanceof double[] d) {
            MemorySegment.copy(d, 0, b.segment(), ValueLayout.JAVA_DOUBLE, bytes, d.length);
        } else {
            float[] f = (float[]) a;
            MemorySegment.copy(f, 0, b.segment(), ValueLayout.JAVA_FLOAT, bytes, f.length);
        }
    }

    /** A zero-filled host buffer of {@code length} elements of {@code type}. */
    static Buffer temp(ElementType type, long length) {
        return Engine.host().allocate(type, length);
    }

    /** The live host storage of {@code b}, which must live on the host. */
    static Object hostArray(String what, Buffer b) {
        if (!b.isHost()) {
            throw new IllegalArgumentException(what + ": " + onTheHostOnly("this serial operator", b));
        }
        return b.hostArray();
    }

    /**
     * The message for an operator that computes with host loops and is handed a buffer that does
     * not live on the host: it names the operator and the buffer's engine.
     */
    static String onTheHostOnly(String op, Buffer b) {
        return op + " computes on host arrays and has no kernel on engine " + engineName(b) + " (got "
                + b.getClass().getSimpleName() + "; nothing is copied through the host behind the caller's back): "
                + "apply it to arrays on Engine.host()";
    }

    /** The name of {@code b}'s engine, or "(none)" for a buffer that names none. */
    static String engineName(Buffer b) {
        try {
            return b.engine().name();
        } catch (UnsupportedOperationException e) {
            return "(none)";
        }
    }

    /**
     * Whether {@code b} lives in the memory of an engine other than the host's (a GPU's), which host
     * code must never read; a non-host buffer that names no engine is plain native memory.
     */
    static boolean ofAnotherEngine(Buffer b) {
        if (b.isHost()) {
            return false;
        }
        try {
            b.engine();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /** Refuses a buffer of another engine (see {@link #stageIn}). */
    private static void requireNoEngine(Buffer b) {
        if (ofAnotherEngine(b)) {
            throw new IllegalArgumentException("buffer: " + onTheHostOnly("this operator", b));
        }
    }

    /** {@code b[pos, pos + length) = conj(b[pos, pos + length))} (nothing for real types). */
    static void conjInPlace(Buffer b, long pos, long length) {
        if (!b.type().isComplex()) {
            return;
        }
        Object a = hostArray("buffer", b);
        int from = Math.toIntExact(2 * pos);
        int to = Math.toIntExact(2 * (pos + length));
        if (a instanceof double[] d) {
            for (int k = from + 1; k < to; k += 2) {
                d[k] = -d[k];
            }
        } else {
            float[] f = (float[]) a;
            for (int k = from + 1; k < to; k += 2) {
                f[k] = -f[k];
            }
        }
    }

    /**
     * {@code b[pos, pos + length) *= re + i im}; for real types only {@code re} is used. Single
     * precision multiplies by the scalar rounded to single precision.
     */
    static void scaleInPlace(Buffer b, long pos, long length, double re, double im) {
        Object a = hostArray("buffer", b);
        int c = b.type().components();
        int from = Math.toIntExact(c * pos);
        int to = Math.toIntExact(c * (pos + length));
        if (a instanceof double[] d) {
            if (c == 1) {
                for (int k = from; k < to; k++) {
                    d[k] *= re;
                }
            } else {
                for (int k = from; k < to; k += 2) {
                    double xr = d[k];
                    double xi = d[k + 1];
                    d[k] = re * xr - im * xi;
                    d[k + 1] = re * xi + im * xr;
                }
            }
        } else {
            float[] f = (float[]) a;
            float sr = (float) re;
            float si = (float) im;
            if (c == 1) {
                for (int k = from; k < to; k++) {
                    f[k] *= sr;
                }
            } else {
                for (int k = from; k < to; k += 2) {
                    float xr = f[k];
                    float xi = f[k + 1];
                    f[k] = sr * xr - si * xi;
                    f[k + 1] = sr * xi + si * xr;
                }
            }
        }
    }

    /** {@code y[yPos, yPos + length) += s * t[0, length)} with a real {@code s}; same types. */
    static void addInto(Buffer t, double s, Buffer y, long yPos, long length) {
        Object src = hostArray("buffer", t);
        Object dst = hostArray("buffer", y);
        int c = y.type().components();
        int n = Math.toIntExact(c * length);
        int off = Math.toIntExact(c * yPos);
        if (dst instanceof double[] d) {
            double[] a = (double[]) src;
            for (int k = 0; k < n; k++) {
                d[off + k] += s * a[k];
            }
        } else {
            float[] f = (float[]) dst;
            float[] a = (float[]) src;
            float fs = (float) s;
            for (int k = 0; k < n; k++) {
                f[off + k] += fs * a[k];
            }
        }
    }
}
