package org.jlops.mpi.comm.nccl;

import java.lang.foreign.MemorySegment;
import org.jlops.mpi.comm.AbstractCommunicator;
import org.jlops.mpi.comm.Backend;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.cuda.CudaLibraries;
import org.jlops.mpi.cuda.CudaRuntime;

/**
 * Device memory over a plain communicator: every call whose buffers are device memory copies them
 * into page-locked host buffers, runs the call on {@code base} (MPI or in-JVM), and copies the
 * received data back to the device; calls on host memory go to {@code base} unchanged. This is how
 * arrays on the CUDA engine communicate without NCCL, e.g. several in-JVM ranks sharing one GPU
 * (which NCCL refuses). Each communicator keeps two page-locked buffers, grown to the largest call
 * (one rank uses its communicator from one thread at a time).
 */
@SuppressWarnings("restricted") // page-locked host memory as segments
public final class StagingCommunicator extends AbstractCommunicator {

    private final Communicator base;
    private final CudaRuntime cuda;
    private final Stage sendStage = new Stage();
    private final Stage recvStage = new Stage();

    private StagingCommunicator(Communicator base, CudaRuntime cuda, Scope scope) {
        super(Backend.parse(base.backend()), base.rank(), base.size(), scope);     // reports its base's backend
        this.base = base;
        this.cuda = cuda;
    }

    /**
     * Device memory over {@code base}. Local (no communication).
     *
     * @param base the plain communicator
     * @return the staging communicator
     * @throws IllegalStateException naming the CUDA library that is missing
     */
    public static StagingCommunicator over(Communicator base) {
        return new StagingCommunicator(base, CudaRuntime.load(CudaLibraries.system()), Scope.WORLD);
    }

    /** A page-locked host buffer, grown on demand. */
    private final class Stage {
        private long address;
        private long capacity;

        MemorySegment get(long bytes) {
            if (bytes > capacity) {
                cuda.freeHost(address);
                address = cuda.mallocHost(bytes);
                capacity = bytes;
            }
            return MemorySegment.ofAddress(address).reinterpret(Math.max(0, bytes));
        }

        void free() {
            cuda.freeHost(address);
            address = 0;
            capacity = 0;
        }
    }

    private boolean device(MemorySegment s) {
        return s != null && s.byteSize() > 0 && cuda.isDevice(s);
    }

    /** The host segment holding {@code s}'s data ({@code s} itself on the host), copied in when {@code in}. */
    private MemorySegment stage(Stage stage, MemorySegment s, boolean in) {
        if (!device(s)) {
            return s;
        }
        MemorySegment h = stage.get(s.byteSize());
        if (in) {
            cuda.memcpy(h.address(), s.address(), s.byteSize(), CudaRuntime.DEVICE_TO_HOST);
        }
        return h;
    }

    private void unstage(MemorySegment host, MemorySegment s) {
        if (device(s)) {
            cuda.memcpy(s.address(), host.address(), s.byteSize(), CudaRuntime.HOST_TO_DEVICE);
        }
    }

    @Override
    protected void doBarrier() {
        base.barrier();
    }

    @Override
    protected void doAllreduce(MemorySegment send, MemorySegment recv, long count, Datatype type, ReduceOp op) {
        MemorySegment r = stage(recvStage, recv, send == null);
        MemorySegment s = send == null ? r : stage(sendStage, send, true);
        base.allreduce(s, r, count, type, op);
        unstage(r, recv);
    }

    @Override
    protected void doAllgather(MemorySegment send, MemorySegment recv, long count, Datatype type) {
        MemorySegment s = stage(sendStage, send, true), r = stage(recvStage, recv, false);
        base.allgather(s, r, count, type);
        unstage(r, recv);
    }

    @Override
    protected void doAllgatherv(MemorySegment send, long sendCount, MemorySegment recv, long[] recvCounts, long[] displs,
            Datatype type) {
        MemorySegment s = stage(sendStage, send, true), r = stage(recvStage, recv, true);
        base.allgatherv(s, sendCount, r, recvCounts, displs, type);
        unstage(r, recv);
    }

    @Override
    protected void doBcast(MemorySegment buf, long count, Datatype type, int root) {
        MemorySegment b = stage(recvStage, buf, rank() == root);
        base.bcast(b, count, type, root);
        unstage(b, buf);
    }

    @Override
    protected void doSend(MemorySegment buf, long count, Datatype type, int dest, int tag) {
        base.send(stage(sendStage, buf, true), count, type, dest, tag);
    }

    @Override
    protected void doRecv(MemorySegment buf, long count, Datatype type, int source, int tag) {
        MemorySegment b = stage(recvStage, buf, true);
        base.recv(b, count, type, source, tag);
        unstage(b, buf);
    }

    @Override
    protected void doSendrecv(MemorySegment sendBuf, long sendCount, int dest, int sendTag, MemorySegment recvBuf,
            long recvCount, int source, int recvTag, Datatype type) {
        MemorySegment s = stage(sendStage, sendBuf, true), r = stage(recvStage, recvBuf, true);
        base.sendrecv(s, sendCount, dest, sendTag, r, recvCount, source, recvTag, type);
        unstage(r, recvBuf);
    }

    @Override
    protected void doAlltoallv(MemorySegment send, long[] sendCounts, long[] sendDispls, MemorySegment recv,
            long[] recvCounts, long[] recvDispls, Datatype type) {
        MemorySegment s = stage(sendStage, send, true), r = stage(recvStage, recv, true);
        base.alltoallv(s, sendCounts, sendDispls, r, recvCounts, recvDispls, type);
        unstage(r, recv);
    }

    @Override
    protected Communicator doSplit(int color, int key) {
        Communicator sub = base.split(color, key);
        return sub == null ? null : new StagingCommunicator(sub, cuda, Scope.SUB);
    }

    @Override
    protected void doClose() {
        sendStage.free();
        recvStage.free();
        base.close();
    }
}
