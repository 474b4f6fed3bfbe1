package org.jlops.mpi.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import org.jlops.mpi.cuda.CudaLibraries.Library;

/**
 * NCCL ({@code libnccl}) through FFM: unique ids, communicators, and the collectives the NCCL
 * communicator uses, on device addresses and the default stream. A result other than
 * {@code ncclSuccess} is an {@link IllegalStateException} naming the call and
 * {@code ncclGetErrorString}'s text.
 */
public final class Nccl {

    /** Bytes of an {@code ncclUniqueId}. */
    public static final int UNIQUE_ID_BYTES = 128;
    /** {@code ncclFloat32}. */
    public static final int FLOAT32 = 7;
    /** {@code ncclFloat64}. */
    public static final int FLOAT64 = 8;
    /** {@code ncclInt32}. */
    public static final int INT32 = 2;
    /** {@code ncclInt64}. */
    public static final int INT64 = 4;
    /** {@code ncclSum}. */
    public static final int SUM = 0;
    /** {@code ncclProd}. */
    public static final int PROD = 1;
    /** {@code ncclMax}. */
    public static final int MAX = 2;
    /** {@code ncclMin}. */
    public static final int MIN = 3;

    private static final MemoryLayout UNIQUE_ID = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(UNIQUE_ID_BYTES, JAVA_BYTE));

    private final NativeBinding lib;

    private Nccl(NativeBinding lib) {
        this.lib = lib;
    }

    /**
     * Loads {@code libnccl} found by {@code finder}.
     *
     * @param finder where to look
     * @return the binding
     * @throws IllegalStateException naming the library and where it was looked for when it does not load
     */
    public static Nccl load(CudaLibraries finder) {
        return new Nccl(NativeBinding.load(Library.NCCL, finder));
    }

    private int call(String fn, FunctionDescriptor d, Object... args) {
        try {
            return (int) lib.handle(fn, d).invokeWithArguments(args);
        } catch (Throwable t) {
            throw NativeBinding.unchecked(t);
        }
    }

    private void check(String what, int status) {
        if (status != 0) {
            String text;
            try {
                MemorySegment s = (MemorySegment) lib.handle("ncclGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT))
                        .invokeWithArguments(status);
                text = s.reinterpret(512).getString(0);
            } catch (Throwable t) {
                text = "result " + status;
            }
            throw new IllegalStateException(what + " failed: " + text + " (" + status + ")");
        }
    }

    /**
     * NCCL's version code, e.g. 22703 for 2.27.3.
     *
     * @return the version
     */
    public int version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check("ncclGetVersion", call("ncclGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS), v));
            return v.get(JAVA_INT, 0);
        }
    }

    /**
     * A new unique id ({@code ncclGetUniqueId}), to be sent from one rank to the others.
     *
     * @return its {@value #UNIQUE_ID_BYTES} bytes
     */
    public byte[] uniqueId() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment id = a.allocate(UNIQUE_ID_BYTES);
            check("ncclGetUniqueId", call("ncclGetUniqueId", FunctionDescriptor.of(JAVA_INT, ADDRESS), id));
            return id.toArray(JAVA_BYTE);
        }
    }

    /**
     * Joins the communicator of {@code size} ranks named by {@code id} as {@code rank}
     * ({@code ncclCommInitRank}, collective over those ranks), on the current device.
     *
     * @param size the number of ranks
     * @param id   the unique id, the same on every rank
     * @param rank this rank
     * @return the communicator handle
     */
    public long initRank(int size, byte[] id, int rank) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment comm = a.allocate(ADDRESS);
            MemorySegment ids = a.allocate(UNIQUE_ID);
            ids.copyFrom(MemorySegment.ofArray(id));
            check("ncclCommInitRank(" + size + ", rank " + rank + ")", call("ncclCommInitRank",
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, UNIQUE_ID, JAVA_INT), comm, size, ids, rank));
            return comm.get(JAVA_LONG, 0);
        }
    }

    /**
     * Frees a communicator ({@code ncclCommDestroy}).
     *
     * @param comm the handle
     */
    public void destroy(long comm) {
        check("ncclCommDestroy", call("ncclCommDestroy", FunctionDescriptor.of(JAVA_INT, JAVA_LONG), comm));
    }

    /**
     * {@code ncclAllReduce} on the default stream.
     *
     * @param send     device address sent
     * @param recv     device address received into (may equal {@code send})
     * @param count    elements of {@code datatype}
     * @param datatype {@link #FLOAT32}, {@link #FLOAT64} or {@link #INT64}
     * @param op       {@link #SUM}, {@link #PROD}, {@link #MAX} or {@link #MIN}
     * @param comm     the communicator
     */
    public void allReduce(long send, long recv, long count, int datatype, int op, long comm) {
        check("ncclAllReduce", call("ncclAllReduce", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT,
                JAVA_INT, JAVA_LONG, JAVA_LONG), send, recv, count, datatype, op, comm, 0L));
    }

    /**
     * {@code ncclAllGather}: rank r's {@code count} elements go to {@code recv + r * count}.
     *
     * @param send     device address sent
     * @param recv     device address of {@code size * count} elements
     * @param count    elements each rank sends
     * @param datatype the NCCL type
     * @param comm     the communicator
     */
    public void allGather(long send, long recv, long count, int datatype, long comm) {
        check("ncclAllGather", call("ncclAllGather", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT,
                JAVA_LONG, JAVA_LONG), send, recv, count, datatype, comm, 0L));
    }

    /**
     * {@code ncclBroadcast} from {@code root}, in place when {@code send == recv}.
     *
     * @param send     device address sent (read on the root only)
     * @param recv     device address received into
     * @param count    elements
     * @param datatype the NCCL type
     * @param root     the sending rank
     * @param comm     the communicator
     */
    public void broadcast(long send, long recv, long count, int datatype, int root, long comm) {
        check("ncclBroadcast", call("ncclBroadcast", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT,
                JAVA_INT, JAVA_LONG, JAVA_LONG), send, recv, count, datatype, root, comm, 0L));
    }

    /**
     * {@code ncclSend} to {@code peer}.
     *
     * @param buf      device address
     * @param count    elements
     * @param datatype the NCCL type
     * @param peer     the receiving rank
     * @param comm     the communicator
     */
    public void send(long buf, long count, int datatype, int peer, long comm) {
        check("ncclSend", call("ncclSend", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG,
                JAVA_LONG), buf, count, datatype, peer, comm, 0L));
    }

    /**
     * {@code ncclRecv} from {@code peer}.
     *
     * @param buf      device address
     * @param count    elements
     * @param datatype the NCCL type
     * @param peer     the sending rank
     * @param comm     the communicator
     */
    public void recv(long buf, long count, int datatype, int peer, long comm) {
        check("ncclRecv", call("ncclRecv", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG,
                JAVA_LONG), buf, count, datatype, peer, comm, 0L));
    }

    /** Opens a group of calls ({@code ncclGroupStart}), for a send and a receive together. */
    public void groupStart() {
        check("ncclGroupStart", call("ncclGroupStart", FunctionDescriptor.of(JAVA_INT)));
    }

    /** Closes a group of calls ({@code ncclGroupEnd}), which then runs. */
    public void groupEnd() {
        check("ncclGroupEnd", call("ncclGroupEnd", FunctionDescriptor.of(JAVA_INT)));
    }
}
