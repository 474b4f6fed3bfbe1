package org.jlops.mpi.comm.ompijava;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Direct {@link ByteBuffer}s for the Open MPI Java bindings, which pass a direct buffer's address
 * to MPI but copy heap arrays through JNI. An off-heap segment is viewed in place; a heap segment
 * is copied through one of two reusable off-heap slots (one memcpy each way, the same work JNI
 * would do, but with bounded and reused memory). Slots grow on demand and are freed by
 * {@link #close()}.
 *
 * <p>Slot 0 carries the send side of a call, slot 1 the receive side; a caller never uses one
 * slot for two buffers of the same call. Not thread-safe (one per communicator).
 */
final class Staging implements AutoCloseable {

    /** Slot for the send (or in/out) buffer of a call. */
    static final int SEND = 0;
    /** Slot for the receive buffer of a call. */
    static final int RECV = 1;

    private static final long MIN_SLOT_BYTES = 1 << 16;

    private final Arena[] arenas = new Arena[2];
    private final MemorySegment[] slots = new MemorySegment[2];
    /** Largest size a slot grows to by doubling (a larger request is served exactly). */
    private final long growthLimit;

    /** @param growthLimit bytes up to which a slot grows by doubling: the per-call byte limit */
    Staging(long growthLimit) {
        this.growthLimit = growthLimit;
    }

    /** Off-heap room of exactly {@code bytes} bytes in {@code slot} (contents undefined). */
    MemorySegment slot(int slot, long bytes) {
        MemorySegment s = slots[slot];
        if (s == null || s.byteSize() < bytes) {
            long size = Math.max(MIN_SLOT_BYTES, Math.max(bytes, s == null ? 0 : Math.min(2 * s.byteSize(),
                    growthLimit)));
            if (arenas[slot] != null) {
                arenas[slot].close();
            }
            slots[slot] = null;
            arenas[slot] = Arena.ofShared();
            slots[slot] = arenas[slot].allocate(size, 64);
            s = slots[slot];
        }
        return s.asSlice(0, bytes);
    }

    /**
     * A direct buffer holding {@code seg[offset, offset + bytes)}: a view of an off-heap segment,
     * else a copy in {@code slot}.
     */
    ByteBuffer in(int slot, MemorySegment seg, long offset, long bytes) {
        if (seg.isNative()) {
            return seg.asSlice(offset, bytes).asByteBuffer();
        }
        MemorySegment s = slot(slot, bytes);
        MemorySegment.copy(seg, offset, s, 0, bytes);
        return s.asByteBuffer();
    }

    /**
     * A direct buffer to receive {@code seg[offset, offset + bytes)} into: a view of an off-heap
     * segment, else {@code slot} (then {@link #finish} copies it back).
     */
    ByteBuffer out(int slot, MemorySegment seg, long offset, long bytes) {
        if (seg.isNative()) {
            return seg.asSlice(offset, bytes).asByteBuffer();
        }
        return slot(slot, bytes).asByteBuffer();
    }

    /** A direct buffer holding {@code seg[offset, offset + bytes)} that MPI overwrites in place; then {@link #finish}. */
    ByteBuffer inOut(int slot, MemorySegment seg, long offset, long bytes) {
        return in(slot, seg, offset, bytes);
    }

    /** Copies what MPI wrote into {@code slot} back to {@code seg[offset, offset + bytes)}; nothing for views. */
    void finish(int slot, MemorySegment seg, long offset, long bytes) {
        finish(slot, 0, seg, offset, bytes);
    }

    /** Copies {@code bytes} bytes at {@code slotOffset} of {@code slot} to {@code seg} at {@code offset}, if staged. */
    void finish(int slot, long slotOffset, MemorySegment seg, long offset, long bytes) {
        if (!seg.isNative() && bytes > 0) {
            MemorySegment.copy(slots[slot], slotOffset, seg, offset, bytes);
        }
    }

    /** Frees the slots. */
    @Override
    public void close() {
        for (int i = 0; i < arenas.length; i++) {
            if (arenas[i] != null) {
                arenas[i].close();
                arenas[i] = null;
                slots[i] = null;
            }
        }
    }
}
