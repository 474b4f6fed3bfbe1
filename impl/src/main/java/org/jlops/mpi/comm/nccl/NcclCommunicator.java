package org.jlops.mpi.comm.nccl;

import java.lang.foreign.MemorySegment;
import org.jlops.mpi.comm.AbstractCommunicator;
import org.jlops.mpi.comm.Backend;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.cuda.CudaLibraries;
import org.jlops.mpi.cuda.CudaRuntime;
import org.jlops.mpi.cuda.Nccl;

/**
 * A communicator whose collectives on device memory run through NCCL, as PyLops-MPI's
 * {@code base_comm_nccl} (SPEC §3.3), over a plain communicator {@code base} (MPI or in-JVM):
 * rank 0 makes the NCCL unique id and broadcasts it over {@code base}; each rank selects GPU
 * {@code rank % deviceCount} and joins ({@code ncclCommInitRank}). One GPU per rank: NCCL refuses
 * two ranks on one GPU; several in-JVM ranks sharing a GPU use {@link StagingCommunicator} instead.
 *
 * <p>Calls whose buffers are device memory go to NCCL; calls on host memory (the scalar
 * reductions and agreements of the layers above, heap arrays) go to {@code base}, so the
 * communicator serves both. Complex data travel as pairs of reals (sums only; MAX/MIN are refused
 * for complex types before anything is sent). Uneven {@code allgatherv} pads every rank's part to
 * the largest count, gathers equal chunks, and cuts them back ({@code _prepare_allgather_inputs_nccl}).
 * NCCL has no tags: messages between two ranks match in the order they are posted. Every call
 * waits for its work to finish.
 */
public final class NcclCommunicator extends AbstractCommunicator {

    private final Communicator base;
    private final CudaRuntime cuda;
    private final Nccl nccl;
    private final long comm;
    private final int device;

    private NcclCommunicator(Communicator base, CudaRuntime cuda, Nccl nccl, long comm, int device, Scope scope) {
        super(Backend.NCCL, base.rank(), base.size(), scope);
        this.base = base;
        this.cuda = cuda;
        this.nccl = nccl;
        this.comm = comm;
        this.device = device;
    }

    /**
     * The NCCL communicator of {@code base}'s ranks. Collective over {@code base}.
     *
     * @param base the plain communicator (carries the unique id, and host-memory calls)
     * @return the communicator
     * @throws IllegalStateException naming what is missing: a library, the driver, a device
     */
    public static NcclCommunicator over(Communicator base) {
        return over(base, Scope.WORLD);
    }

    private static NcclCommunicator over(Communicator base, Scope scope) {
        CudaLibraries finder = CudaLibraries.system();
        CudaRuntime cuda = CudaRuntime.load(finder);
        int[] count = cuda.deviceCount();
        if (count[0] != 0 || count[1] == 0) {
            throw new IllegalStateException("NCCL: no usable CUDA device: " + (count[0] != 0
                    ? cuda.errorName(count[0]) + ": " + cuda.errorString(count[0]) : "no device"));
        }
        int device = base.rank() % count[1];
        cuda.setDevice(device);
        Nccl nccl = Nccl.load(finder);
        byte[] id = base.rank() == 0 ? nccl.uniqueId() : new byte[Nccl.UNIQUE_ID_BYTES];
        base.bcast(MemorySegment.ofArray(id), id.length / Datatype.INT32.byteSize(), Datatype.INT32, 0);   // 128 bytes
        long comm;
        try {
            comm = nccl.initRank(base.size(), id, base.rank());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + (base.size() > count[1] ? "; " + base.size() + " ranks share "
                    + count[1] + " GPU(s): NCCL needs one GPU per rank, use Communicators.staging for ranks sharing a GPU"
                    : ""), e);
        }
        return new NcclCommunicator(base, cuda, nccl, comm, device, scope);
    }

    /** NCCL's type and count for {@code count} elements of {@code type}: complex as twice as many reals. */
    static long[] ncclType(Datatype type, long count) {
        return switch (type) {
            case INT32 -> new long[] {Nccl.INT32, count};
            case INT64 -> new long[] {Nccl.INT64, count};
            case FLOAT32 -> new long[] {Nccl.FLOAT32, count};
            case FLOAT64 -> new long[] {Nccl.FLOAT64, count};
            case COMPLEX64 -> new long[] {Nccl.FLOAT32, 2 * count};
            case COMPLEX128 -> new long[] {Nccl.FLOAT64, 2 * count};
        };
    }

    /** NCCL's reduction for {@code op}. */
    static int ncclOp(ReduceOp op) {
        return switch (op) {
            case SUM -> Nccl.SUM;
            case MAX -> Nccl.MAX;
            case MIN -> Nccl.MIN;
        };
    }

    /**
     * Whether every given segment is device memory (then NCCL moves them); false when every one is
     * host memory (then {@code base} does).
     *
     * @throws IllegalArgumentException when device and host memory are mixed in one call
     */
    private boolean onDevice(MemorySegment... segments) {
        cuda.setDevice(device);
        int onGpu = 0, onHost = 0;
        for (MemorySegment s : segments) {
            if (s == null || s.byteSize() == 0) {
                continue;
            }
            if (cuda.isDevice(s)) {
                onGpu++;
            } else {
                onHost++;
            }
        }
        if (onGpu > 0 && onHost > 0) {
            throw new IllegalArgumentException("buffers: one call mixes device and host memory; NCCL moves device "
                    + "memory only, the base communicator host memory only");
        }
        return onGpu > 0;
    }

    @Override
    protected void doBarrier() {
        cuda.synchronize();
        base.barrier();
    }

    @Override
    protected void doAllreduce(MemorySegment send, MemorySegment recv, long count, Datatype type, ReduceOp op) {
        if (!onDevice(send, recv)) {
            base.allreduce(send == null ? recv : send, recv, count, type, op);
            return;
        }
        long[] t = ncclType(type, count);
        nccl.allReduce(send == null ? recv.address() : send.address(), recv.address(), t[1], (int) t[0], ncclOp(op), comm);
        cuda.synchronize();
    }

    @Override
    protected void doAllgather(MemorySegment send, MemorySegment recv, long count, Datatype type) {
        if (!onDevice(send, recv)) {
            base.allgather(send, recv, count, type);
            return;
        }
        long[] t = ncclType(type, count);
        nccl.allGather(send.address(), recv.address(), t[1], (int) t[0], comm);
        cuda.synchronize();
    }

    /** The padded layout of an uneven allgather: the chunk every rank sends, in elements. */
    static long paddedChunk(long[] recvCounts) {
        long max = 0;
        for (long c : recvCounts) {
            max = Math.max(max, c);
        }
        return max;
    }

    @Override
    protected void doAllgatherv(MemorySegment send, long sendCount, MemorySegment recv, long[] recvCounts, long[] displs,
            Datatype type) {
        if (!onDevice(send, recv)) {
            base.allgatherv(send, sendCount, recv, recvCounts, displs, type);
            return;
        }
        long chunk = paddedChunk(recvCounts);
        int size = size();
        long bytes = type.byteSize();
        long padded = cuda.malloc(chunk * bytes);
        long gathered = cuda.malloc(chunk * size * bytes);
        try {
            cuda.memset(padded, 0, chunk * bytes);
            cuda.memcpy(padded, send.address(), sendCount * bytes, CudaRuntime.DEVICE_TO_DEVICE);
            long[] t = ncclType(type, chunk);
            nccl.allGather(padded, gathered, t[1], (int) t[0], comm);
            for (int r = 0; r < size; r++) {
                cuda.memcpy(recv.address() + displs[r] * bytes, gathered + r * chunk * bytes, recvCounts[r] * bytes,
                        CudaRuntime.DEVICE_TO_DEVICE);
            }
            cuda.synchronize();
        } finally {
            cuda.free(padded);
            cuda.free(gathered);
        }
    }

    @Override
    protected void doBcast(MemorySegment buf, long count, Datatype type, int root) {
        if (!onDevice(buf)) {
            base.bcast(buf, count, type, root);
            return;
        }
        long[] t = ncclType(type, count);
        nccl.broadcast(buf.address(), buf.address(), t[1], (int) t[0], root, comm);
        cuda.synchronize();
    }

    @Override
    protected void doSend(MemorySegment buf, long count, Datatype type, int dest, int tag) {
        if (!onDevice(buf)) {
            base.send(buf, count, type, dest, tag);
            return;
        }
        long[] t = ncclType(type, count);
        nccl.send(buf.address(), t[1], (int) t[0], dest, comm);
        cuda.synchronize();
    }

    @Override
    protected void doRecv(MemorySegment buf, long count, Datatype type, int source, int tag) {
        if (!onDevice(buf)) {
            base.recv(buf, count, type, source, tag);
            return;
        }
        long[] t = ncclType(type, count);
        nccl.recv(buf.address(), t[1], (int) t[0], source, comm);
        cuda.synchronize();
    }

    @Override
    protected void doSendrecv(MemorySegment sendBuf, long sendCount, int dest, int sendTag, MemorySegment recvBuf,
            long recvCount, int source, int recvTag, Datatype type) {
        if (!onDevice(sendBuf, recvBuf)) {
            base.sendrecv(sendBuf, sendCount, dest, sendTag, recvBuf, recvCount, source, recvTag, type);
            return;
        }
        long[] s = ncclType(type, sendCount), r = ncclType(type, recvCount);
        nccl.groupStart();
        nccl.send(sendBuf.address(), s[1], (int) s[0], dest, comm);
        nccl.recv(recvBuf.address(), r[1], (int) r[0], source, comm);
        nccl.groupEnd();
        cuda.synchronize();
    }

    @Override
    protected void doAlltoallv(MemorySegment send, long[] sendCounts, long[] sendDispls, MemorySegment recv,
            long[] recvCounts, long[] recvDispls, Datatype type) {
        if (!onDevice(send, recv)) {
            base.alltoallv(send, sendCounts, sendDispls, recv, recvCounts, recvDispls, type);
            return;
        }
        long bytes = type.byteSize();
        nccl.groupStart();
        for (int p = 0; p < size(); p++) {
            long[] s = ncclType(type, sendCounts[p]), r = ncclType(type, recvCounts[p]);
            if (sendCounts[p] > 0) {
                nccl.send(send.address() + sendDispls[p] * bytes, s[1], (int) s[0], p, comm);
            }
            if (recvCounts[p] > 0) {
                nccl.recv(recv.address() + recvDispls[p] * bytes, r[1], (int) r[0], p, comm);
            }
        }
        nccl.groupEnd();
        cuda.synchronize();
    }

    @Override
    protected Communicator doSplit(int color, int key) {
        Communicator sub = base.split(color, key);
        return sub == null ? null : over(sub, Scope.SUB);
    }

    @Override
    protected void doClose() {
        nccl.destroy(comm);
        base.close();
    }
}
