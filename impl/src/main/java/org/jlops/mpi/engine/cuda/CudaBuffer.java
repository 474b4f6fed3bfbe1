package org.jlops.mpi.engine.cuda;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;

/**
 * A block of elements in device memory, owned by the {@link CudaEngine}: a device address, a type
 * and a length. The memory is freed when the buffer becomes unreachable (a {@link Cleaner}).
 * Its {@link #segment()} is the device address as a zero-length-checked segment for a
 * communicator that moves device memory (NCCL); the host must never read or write through it.
 */
@SuppressWarnings("restricted") // a device address as a segment, for NCCL; never dereferenced on the host
final class CudaBuffer implements Buffer {

    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaEngine engine;
    private final ElementType type;
    private final long length;
    private final long address;

    CudaBuffer(CudaEngine engine, ElementType type, long length, long address) {
        this.engine = engine;
        this.type = type;
        this.length = length;
        this.address = address;
        if (address != 0) {
            CLEANER.register(this, () -> engine.runtime().free(address));
        }
    }

    @Override
    public ElementType type() {
        return type;
    }

    @Override
    public long length() {
        return length;
    }

    /** The device address of element 0 (0 for an empty buffer). */
    long address() {
        return address;
    }

    /** The device address of element {@code pos}. */
    long address(long pos) {
        return address + pos * type.byteSize();
    }

    /** The bytes of the buffer. */
    long bytes() {
        return length * type.byteSize();
    }

    /**
     * The device memory as a native segment of {@code length() * type().byteSize()} bytes, for
     * communicators that move device memory (NCCL). Not host memory: reading it on the host crashes
     * the process.
     */
    @Override
    public MemorySegment segment() {
        return MemorySegment.ofAddress(address).reinterpret(bytes());
    }

    @Override
    public boolean isHost() {
        return false;
    }

    @Override
    public Object hostArray() {
        throw new UnsupportedOperationException("a CUDA device buffer has no host array: copy it with "
                + "Engine.toHost(buffer)");
    }

    /** The CUDA engine that allocated this buffer. */
    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "CudaBuffer[" + type + " x " + length + " @0x" + Long.toHexString(address) + "]";
    }
}
