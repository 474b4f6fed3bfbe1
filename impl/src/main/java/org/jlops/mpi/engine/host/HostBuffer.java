package org.jlops.mpi.engine.host;

import java.lang.foreign.MemorySegment;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;

/** A host buffer: a {@code double[]} or {@code float[]} and its element type. */
public final class HostBuffer implements Buffer {

    private final ElementType type;
    private final int length;
    final double[] d;
    final float[] f;

    HostBuffer(ElementType type, double[] d) {
        this.type = type;
        this.d = d;
        this.f = null;
        this.length = d.length / type.components();
    }

    HostBuffer(ElementType type, float[] f) {
        this.type = type;
        this.d = null;
        this.f = f;
        this.length = f.length / type.components();
    }

    @Override
    public ElementType type() {
        return type;
    }

    @Override
    public long length() {
        return length;
    }

    /** Number of real entries of the storage ({@code length() * components}). */
    int entries() {
        return d != null ? d.length : f.length;
    }

    @Override
    public MemorySegment segment() {
        return d != null ? MemorySegment.ofArray(d) : MemorySegment.ofArray(f);
    }

    @Override
    public boolean isHost() {
        return true;
    }

    @Override
    public Object hostArray() {
        return d != null ? d : f;
    }

    @Override
    public String toString() {
        return "HostBuffer[" + type + " x " + length + "]";
    }
}
