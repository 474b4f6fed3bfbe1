package org.jlops.mpi.ops.internal;

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
 * and another axis copies each element once besides the transfer. When the block is the output of
 * a step that can make it a few rows at a time (a transform along an axis other than 0: the
 * {@link Rows} form of {@code move}), the packing is that step's writing: each few rows go from a
 * cache-sized buffer straight to the send buffer and to this rank's own box, and the block itself
 * is never written. Likewise a block read a few rows at a time by the next step (the
 * {@link RowSink} form) is never unpacked: its rows are assembled in that buffer from the receive
 * buffer and the own box. One instance per caller (it holds the buffers): not for concurrent use.
 *
 * <p>Every rank computes every rank's blocks from the global shape, so the all-to-all is
 * {@link Communicator#alltoallvAgreed}'s, with the largest block of any rank as the bound: no
 * agreement reduction on how to move the blocks.
 *
 * <p>Host buffers only. Collective over the communicator: every rank calls it with the same
 * global shape and axes.
 */
public final class SlabMove {

    /** The elements of the rows made at a time by a move of rows made on demand (1 MiB of complex128). */
    private static final long CHUNK = 1 << 16;
    /** The rows made at a time are a multiple of this when they can be (the FFT kernels' panels of lines). */
    private static final long PANEL = 16;

    private Buffer send;
    private Buffer recv;
    private Buffer chunk;

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
        Plan p = new Plan(comm, global, axis, newAxis);
        int c = dtype.elementType().components();
        Buffer out = packed(p, dtype, src);
        long[] own = FftSteps.with(p.mine, newAxis, p.cntTo[p.me]);
        if (FftSteps.size(own) > 0) {
            copyBox(src.hostArray(), p.offTo[p.me] * p.innerNew, p.mine, dst.hostArray(),
                    p.offFrom[p.me] * p.innerOld, p.target, own, c);
        }
        exchange(comm, p, dtype, out, dst);
    }

    /**
     * The rows of a block that is about to be moved, made on demand (a transform along an axis
     * other than 0): {@link #write} puts rows {@code [from, to)} along axis 0 of the block, row-major,
     * at the start of {@code into}.
     */
    @FunctionalInterface
    public interface Rows {

        /**
         * Writes rows {@code [from, to)} along axis 0 of the block into {@code into} from element 0. Local.
         *
         * @param from  the first row
         * @param to    past the last row
         * @param into  (Output) room for the rows: at least their elements, of the move's element type
         */
        void write(long from, long to, Buffer into);
    }

    /**
     * Whether a move of the block of shape {@code mine} to {@code newAxis} packs the boxes it
     * sends (they do not lie one after the other in the block): then
     * {@link #move(Communicator, long[], int, int, DType, Rows, Buffer)} saves a pass. Local.
     *
     * @param mine    (Input) this rank's block's shape; not modified
     * @param newAxis the new distribution axis
     * @return whether the boxes are packed
     */
    public static boolean packs(long[] mine, int newAxis) {
        return FftSteps.outer(mine, newAxis) != 1;
    }

    /**
     * {@link #move(Communicator, long[], int, int, DType, Buffer, Buffer)} of a block whose rows are
     * made on demand: a few rows at a time are written by {@code rows} into a cache-sized buffer
     * held here, and from there each box's part goes straight to its place in the send buffer, or
     * in {@code dst} for this rank's own box. So a transform along an axis other than 0 followed by
     * a move that packs writes its output once, not into a block that is then packed. The same
     * bits as writing every row into a block and moving that. Collective.
     *
     * @param comm    the communicator the array is split over
     * @param global  (Input) the global shape of the moved array; not modified
     * @param axis    the current distribution axis
     * @param newAxis the new distribution axis, not {@code axis}
     * @param dtype   the elements' dtype
     * @param rows    writes this rank's block's rows along axis 0 on demand, each once, in order
     * @param dst     (Output) room for this rank's block along {@code newAxis}; overwritten; not
     *                written by {@code rows}
     */
    public void move(Communicator comm, long[] global, int axis, int newAxis, DType dtype, Rows rows, Buffer dst) {
        Plan p = new Plan(comm, global, axis, newAxis);
        ElementType type = dtype.elementType();
        int c = type.components();
        long rowSize = FftSteps.inner(p.mine, 0);
        long n0 = p.mine.length == 0 ? 0 : p.mine[0];
        if (p.sendInPlace || newAxis == 0 || rowSize == 0 || n0 == 0) {     // nothing packed: the rows as one block
            Buffer whole = send = held(send, type, FftSteps.size(p.mine));
            rows.write(0, n0, whole);
            move(comm, global, axis, newAxis, dtype, whole, dst);
            return;
        }
        Buffer out = send = held(send, type, p.packed);
        long step = rowsAtATime(n0, rowSize);
        Buffer part = chunk = held(chunk, type, step * rowSize);
        long dstRow = FftSteps.inner(p.target, 0);
        long ownAt = p.offFrom[p.me] * p.innerOld;
        for (long from = 0; from < n0; from += step) {
            long to = Math.min(n0, from + step);
            rows.write(from, to, part);
            long[] shape = FftSteps.with(p.mine, 0, to - from);
            long partInner = FftSteps.inner(shape, newAxis);
            for (int r = 0; r < p.size; r++) {
                long[] box = FftSteps.with(shape, newAxis, p.cntTo[r]);
                if (FftSteps.size(box) == 0) {
                    continue;
                }
                if (r == p.me) {
                    copyBox(part.hostArray(), p.offTo[r] * partInner, shape, dst.hostArray(), ownAt + from * dstRow,
                            p.target, box, c);
                } else {
                    long[] whole = FftSteps.with(p.mine, newAxis, p.cntTo[r]);
                    copyBox(part.hostArray(), p.offTo[r] * partInner, shape, out.hostArray(),
                            p.sendDispls[r] + from * FftSteps.inner(whole, 0), whole, box, c);
                }
            }
        }
        exchange(comm, p, dtype, out, dst);
    }

    /**
     * Takes the rows of a moved block on demand (a transform along an axis other than 0 that reads
     * them): {@link #take} is given rows {@code [from, to)} along axis 0 of the block, row-major, at
     * the start of {@code rows}, which it may overwrite and must not keep.
     */
    @FunctionalInterface
    public interface RowSink {

        /**
         * Takes rows {@code [from, to)} along axis 0 of the moved block. Local.
         *
         * @param from the first row
         * @param to   past the last row
         * @param rows (Modified) the rows from element 0; the mover's, overwritten by the next rows
         */
        void take(long from, long to, Buffer rows);
    }

    /**
     * Whether a move to the block of shape {@code target} from distribution axis {@code axis}
     * unpacks what it receives (the boxes do not lie one after the other in the new block): then
     * {@link #move(Communicator, long[], int, int, DType, Buffer, RowSink)} saves a pass. Local.
     *
     * @param target  (Input) this rank's block's shape after the move; not modified
     * @param axis    the distribution axis before the move
     * @return whether the boxes received are unpacked
     */
    public static boolean unpacks(long[] target, int axis) {
        return FftSteps.outer(target, axis) != 1;
    }

    /**
     * {@link #move(Communicator, long[], int, int, DType, Buffer, Buffer)} whose new block is handed
     * to {@code sink} a few rows at a time instead of written: each few rows are assembled in a
     * cache-sized buffer held here, from the receive buffer and this rank's own box in {@code src},
     * so the step that reads the block (a transform along an axis other than 0) reads the received
     * boxes where they arrived: no unpacking pass. The same rows as the block the other form
     * writes. Collective.
     *
     * @param comm    the communicator the array is split over
     * @param global  (Input) the global shape; not modified
     * @param axis    the current distribution axis
     * @param newAxis the new distribution axis, not {@code axis}
     * @param dtype   the elements' dtype
     * @param src     (Input) this rank's block along {@code axis}; not modified
     * @param sink    takes this rank's new block's rows along axis 0, each once, in order
     */
    public void move(Communicator comm, long[] global, int axis, int newAxis, DType dtype, Buffer src, RowSink sink) {
        Plan p = new Plan(comm, global, axis, newAxis);
        ElementType type = dtype.elementType();
        int c = type.components();
        long rowSize = FftSteps.inner(p.target, 0);
        long n0 = p.target.length == 0 ? 0 : p.target[0];
        if (p.recvInPlace || axis == 0 || rowSize == 0 || n0 == 0) {    // nothing unpacked: the block, whole
            Buffer whole = chunk = held(chunk, type, FftSteps.size(p.target));
            move(comm, global, axis, newAxis, dtype, src, whole);
            sink.take(0, n0, whole);
            return;
        }
        Buffer in = transfer(comm, p, dtype, packed(p, dtype, src), null);
        long step = rowsAtATime(n0, rowSize);
        Buffer part = chunk = held(chunk, type, step * rowSize);
        long mineRow = FftSteps.inner(p.mine, 0);
        for (long from = 0; from < n0; from += step) {
            long to = Math.min(n0, from + step);
            long[] shape = FftSteps.with(p.target, 0, to - from);
            long partInner = FftSteps.inner(shape, axis);
            for (int r = 0; r < p.size; r++) {
                long[] box = FftSteps.with(shape, axis, p.cntFrom[r]);
                if (FftSteps.size(box) == 0) {
                    continue;
                }
                if (r == p.me) {
                    copyBox(src.hostArray(), p.offTo[r] * p.innerNew + from * mineRow, p.mine, part.hostArray(),
                            p.offFrom[r] * partInner, shape, box, c);
                } else {
                    long[] whole = FftSteps.with(p.target, axis, p.cntFrom[r]);
                    copyBox(in.hostArray(), p.recvDispls[r] + from * FftSteps.inner(whole, 0), whole,
                            part.hostArray(), p.offFrom[r] * partInner, shape, box, c);
                }
            }
            sink.take(from, to, part);
        }
    }

    /** The rows made or taken at a time when a row has {@code rowSize} elements (of {@code n0} rows). */
    private static long rowsAtATime(long n0, long rowSize) {
        long step = Math.max(1, Math.min(n0, CHUNK / rowSize));
        return step >= PANEL ? step - step % PANEL : step;
    }

    /** The send buffer of a move from {@code src}: {@code src} itself, or the boxes packed into the held one. */
    private Buffer packed(Plan p, DType dtype, Buffer src) {
        if (p.sendInPlace) {
            return src;
        }
        int c = dtype.elementType().components();
        Buffer out = send = held(send, dtype.elementType(), p.packed);
        for (int r = 0; r < p.size; r++) {
            if (r != p.me && p.sendCounts[r] > 0) {
                long[] box = FftSteps.with(p.mine, p.newAxis, p.cntTo[r]);
                copyBox(src.hostArray(), p.offTo[r] * p.innerNew, p.mine, out.hostArray(), p.sendDispls[r], box, box,
                        c);
            }
        }
        return out;
    }

    /**
     * The all-to-all of a move whose send buffer {@code out} is ready, into {@code dst} when the
     * boxes are received in place, else into the held receive buffer: the buffer received into.
     */
    private Buffer transfer(Communicator comm, Plan p, DType dtype, Buffer out, Buffer dst) {
        Buffer in = p.recvInPlace ? dst : (recv = held(recv, dtype.elementType(), p.unpacked));
        comm.alltoallvAgreed(out.segment(), p.sendCounts, p.sendDispls, in.segment(), p.recvCounts, p.recvDispls,
                dtype.datatype(), p.bound);
        return in;
    }

    /** The all-to-all of a move whose send buffer {@code out} is ready, then the unpacking into {@code dst}. */
    private void exchange(Communicator comm, Plan p, DType dtype, Buffer out, Buffer dst) {
        int c = dtype.elementType().components();
        Buffer in = transfer(comm, p, dtype, out, dst);
        if (!p.recvInPlace) {
            for (int r = 0; r < p.size; r++) {
                if (r != p.me && p.recvCounts[r] > 0) {
                    long[] box = FftSteps.with(p.target, p.axis, p.cntFrom[r]);
                    copyBox(in.hostArray(), p.recvDispls[r], box, dst.hostArray(), p.offFrom[r] * p.innerOld,
                            p.target, box, c);
                }
            }
        }
    }

    /** The geometry of one move on this rank: the boxes, counts and displacements. */
    private static final class Plan {
        final int size;
        final int me;
        final int axis;
        final int newAxis;
        final long[] cntTo;
        final long[] cntFrom;
        final long[] offTo;
        final long[] offFrom;
        final long[] mine;
        final long[] target;
        final long innerNew;
        final long innerOld;
        final boolean sendInPlace;
        final boolean recvInPlace;
        final long[] sendCounts;
        final long[] recvCounts;
        final long[] sendDispls;
        final long[] recvDispls;
        final long packed;
        final long unpacked;
        /** Every rank's largest block end on either side: its block's size before or after, the largest. */
        final long bound;

        Plan(Communicator comm, long[] global, int axis, int newAxis) {
            this.size = comm.size();
            this.me = comm.rank();
            this.axis = axis;
            this.newAxis = newAxis;
            long[][] oldShapes = LocalSplit.localShapes(global, size, Partition.SCATTER, axis);
            long[][] newShapes = LocalSplit.localShapes(global, size, Partition.SCATTER, newAxis);
            cntTo = new long[size];
            cntFrom = new long[size];
            long most = 0;
            for (int r = 0; r < size; r++) {
                cntTo[r] = newShapes[r][newAxis];
                cntFrom[r] = oldShapes[r][axis];
                most = Math.max(most, Math.max(FftSteps.size(oldShapes[r]), FftSteps.size(newShapes[r])));
            }
            bound = most;
            offTo = LocalSplit.offsets(cntTo);
            offFrom = LocalSplit.offsets(cntFrom);
            mine = oldShapes[me];
            target = newShapes[me];
            innerNew = FftSteps.inner(mine, newAxis);
            innerOld = FftSteps.inner(target, axis);
            sendInPlace = !packs(mine, newAxis);
            recvInPlace = FftSteps.outer(target, axis) == 1;
            sendCounts = new long[size];
            recvCounts = new long[size];
            sendDispls = new long[size];
            recvDispls = new long[size];
            long sent = 0;
            long received = 0;
            for (int r = 0; r < size; r++) {
                if (r == me) {
                    continue;                                   // copied directly
                }
                sendCounts[r] = FftSteps.size(FftSteps.with(mine, newAxis, cntTo[r]));
                recvCounts[r] = FftSteps.size(FftSteps.with(target, axis, cntFrom[r]));
                sendDispls[r] = sendInPlace ? offTo[r] * innerNew : sent;
                recvDispls[r] = recvInPlace ? offFrom[r] * innerOld : received;
                sent += sendCounts[r];
                received += recvCounts[r];
            }
            packed = sent;
            unpacked = received;
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
