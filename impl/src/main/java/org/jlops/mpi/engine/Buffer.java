package org.jlops.mpi.engine;

import java.lang.foreign.MemorySegment;

/**
 * One local block of elements owned by an {@link Engine}: an element type, a length in elements
 * and the storage. Buffers are mutable; an engine's kernels read and write them. A buffer is used
 * by one thread at a time.
 */
public interface Buffer {

    /**
     * The element type.
     *
     * @return the element type
     */
    ElementType type();

    /**
     * Number of elements (complex elements count once).
     *
     * @return number of elements (complex elements count once)
     */
    long length();

    /**
     * The storage as a memory segment of {@code length() * type().byteSize()} bytes, for a
     * communicator to send from or receive into. For the host engine this is a heap segment over
     * the live storage (no copy).
     *
     * @return the storage as a memory segment of {@code length() * type().byteSize()} bytes
     */
    MemorySegment segment();

    /**
     * Whether the storage is a Java array on the host ({@link #hostArray()} works).
     *
     * @return whether the storage is a Java array on the host ({@link #hostArray()} works)
     */
    boolean isHost();

    /**
     * The live host storage: a {@code double[]} for FLOAT64/COMPLEX128, a {@code float[]} for
     * FLOAT32/COMPLEX64 (complex interleaved re/im), of exactly
     * {@code length() * type().components()} entries.
     *
     * @return the live host storage (a {@code double[]} or a {@code float[]})
     * @throws UnsupportedOperationException if the buffer does not live on the host
     */
    Object hostArray();

    /**
     * The engine whose kernels work on this buffer: where an operator that is handed buffers (a
     * serial operator inside a block operator) finds the kernels to apply to them, so that it runs
     * where the data lives. The default is {@link Engine#host()} for host buffers; a buffer of
     * another engine overrides it.
     *
     * @return the engine of this buffer
     * @throws UnsupportedOperationException if the buffer is not a host buffer and does not name its
     *                                       engine
     */
    default Engine engine() {
        if (isHost()) {
            return Engine.host();
        }
        throw new UnsupportedOperationException("a buffer of " + getClass().getName() + " does not name its engine");
    }
}
