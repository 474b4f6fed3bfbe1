package org.jlops.mpi.ops.internal;

import java.lang.foreign.MemorySegment;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.LocalSplit;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;

/**
 * The all-to-all that moves a row-major n-d block from one distribution axis to another (the
 * transposes of the distributed FFTs), written into a destination block the caller provides, with
 * send and receive buffers held across calls: what {@code DistributedArray.redistribute} computes,
 * without its three new arrays and its extra copies.
 *
 * <pre>
 *     rank r's block (split along axis)  --&gt;  rank r's block (split along newAxis), balanced splits
 *     to rank q: the part of the block whose newAxis index is in q's new range (a "box")
 * </pre>
 *
 * <p>The box a rank keeps is copied from the source block into the destination directly, not
 * through MPI. A box bound elsewhere is packed into the held send buffer unless the boxes already
 * lie one after the other in the source (nothing before {@code newAxis}: the source is sent as it
 * is), and received into the held receive buffer and unpacked unless they lie one after the other
 * in the destination (nothing before the old axis: received in place). So a move between axis 0
 * and another axis copies each element once besides the transfer. One instance per caller
 * (it holds the buffers): not for concurrent use.
 *
 * <p>Host buffers only. Collective over the communicator: every rank calls it with the same
 * global shape and axes.
 */
public final class SlabMove {

    private Buffer send;
    private Buffer recv;

    /** A mover with no buffers yet (they are made on first use, and grown when a move needs more). */
    public SlabMove() {
    }

    /**
     * Writes into {@code dst} this rank's block of the global array distributed along
     * {@code newAxis}, from {@code src}, its block distributed along {@code axis} (balanced splits of
     * both: {@link LocalSplit#localShapes}). Collective.
     *
     * @param comm    the communicator the array is split over
     * @param global  (Input) the global shape; not modified
     * @param axis    the current distribution axis
     * @param newAxis the new distribution axis, not {@code axis}
     * @param dtype   the elements' dtype
     * @param src     (Input) this rank's block along {@code axis}; not modified
     * @param dst     (Output) room for this rank's block along {@code newAxis}; overwritten; not
     *                sharing storage with {@code src}
     */
    public void move(Communicator comm, long[] global, int axis, int newAxis, DType dtype, Buffer src, Buffer dst) {
        int size = comm.size();
        int me = comm.rank();
        long[][] oldShapes = LocalSplit.localShapes(global, size, Partition.SCATTER, axis);
        long[][] newShapes = LocalSplit.localShapes(global, size, Partition.SCATTER, newAxis);
        long[] cntTo = new long[size];
        long[] cntFrom = new long[size];
        for (int r = 0; r < size; r++) {
            cntTo[r] = newShapes[r][newAxis];
            cntFrom[r] = oldShapes[r][axis];
        }
        long[] offTo = LocalSplit.offsets(cntTo);
        long[] offFrom = LocalSplit.offsets(cntFrom);
        long[] mine = oldShapes[me];
        long[] target = newShapes[me];
        long innerNew = FftSteps.inner(mine, newAxis);
        long innerOld = FftSteps.inner(target, axis);
        boolean sendInPlace = FftSteps.outer(mine, newAxis) == 1;
        boolean recvInPlace = FftSteps.outer(target, axis) == 1;
        long[] sendCounts = new long[size];
        long[] recvCounts = new long[size];
        long[] sendDispls = new long[size];
        long[] recvDispls = new long[size];
        long packed = 0;
        long unpacked = 0;
        for (int r = 0; r < size; r++) {
            if (r == me) {
                continue;                                   // copied directly below
            }
            sendCounts[r] = FftSteps.size(FftSteps.with(mine, newAxis, cntTo[r]));
            recvCounts[r] = FftSteps.size(FftSteps.with(target, axis, cntFrom[r]));
            sendDispls[r] = sendInPlace ? offTo[r] * innerNew : packed;
            recvDispls[r] = recvInPlace ? offFrom[r] * innerOld : unpacked;
            packed += sendCounts[r];
            unpacked += recvCounts[r];
        }
        ElementType type = dtype.elementType();
        int c = type.components();
        Buffer out = sendInPlace ? src : (send = held(send, type, packed));
        Buffer in = recvInPlace ? dst : (recv = held(recv, type, unpacked));
        if (!sendInPlace) {
            for (int r = 0; r < size; r++) {
                if (r != me && sendCounts[r] > 0) {
                    long[] box = FftSteps.with(mine, newAxis, cntTo[r]);
                    copyBox(src.hostArray(), offTo[r] * innerNew, mine, out.hostArray(), sendDispls[r], box, box, c);
                }
            }
        }
        long[] own = FftSteps.with(mine, newAxis, cntTo[me]);
        if (FftSteps.size(own) > 0) {
            copyBox(src.hostArray(), offTo[me] * innerNew, mine, dst.hostArray(), offFrom[me] * innerOld, target, own,
                    c);
        }
        MemorySegment sendSeg = out.segment();
        MemorySegment recvSeg = in.segment();
        comm.alltoallv(sendSeg, sendCounts, sendDispls, recvSeg, recvCounts, recvDispls, dtype.datatype());
        if (!recvInPlace) {
            for (int r = 0; r < size; r++) {
                if (r != me && recvCounts[r] > 0) {
                    long[] box = FftSteps.with(target, axis, cntFrom[r]);
                    copyBox(in.hostArray(), recvDispls[r], box, dst.hostArray(), offFrom[r] * innerOld, target, box,
                            c);
                }
            }
        }
    }

    /** {@code buf} when it holds at least {@code length} elements of {@code type}, else a new host buffer of them. */
    private static Buffer held(Buffer buf, ElementType type, long length) {
        return buf != null && buf.type() == type && buf.length() >= length ? buf
                : Engine.host().allocate(type, Math.max(1, length));
    }

    /**
     * Copies a box of shape {@code box} from the row-major block of shape {@code srcShape} (the
     * box's first element at element {@code srcPos}) into the block of shape {@code dstShape} (at
     * {@code dstPos}); {@code c} reals per element. The trailing axes along which the box and both
     * blocks are whole are copied as one run.
     */
    static void copyBox(Object src, long srcPos, long[] srcShape, Object dst, long dstPos, long[] dstShape, long[] box,
            int c) {
        int nd = box.length;
        int t = nd - 1;
        while (t > 0 && box[t] == srcShape[t] && box[t] == dstShape[t]) {
            t--;
        }
        long run = 1;
        for (int k = t; k < nd; k++) {
            run *= box[k];
        }
        if (run == 0) {
            return;
        }
        long[] srcStride = new long[nd];
        long[] dstStride = new long[nd];
        long sa = 1;
        long da = 1;
        for (int k = nd - 1; k >= 0; k--) {
            srcStride[k] = sa;
            dstStride[k] = da;
            sa *= srcShape[k];
            da *= dstShape[k];
        }
        long[] idx = new long[t];
        int len = Math.toIntExact(c * run);
        long so = srcPos;
        long dOff = dstPos;
        while (true) {
            System.arraycopy(src, Math.toIntExact(c * so), dst, Math.toIntExact(c * dOff), len);
            int k = t - 1;
            while (k >= 0) {
                idx[k]++;
                so += srcStride[k];
                dOff += dstStride[k];
                if (idx[k] < box[k]) {
                    break;
                }
                so -= box[k] * srcStride[k];
                dOff -= box[k] * dstStride[k];
                idx[k] = 0;
                k--;
            }
            if (k < 0) {
                return;
            }
        }
    }
}
