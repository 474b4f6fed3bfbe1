package org.jlops.mpi.ops.internal;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Stencil;

/**
 * The ghost rows a stencil needs on a row-slab split, and their exchange.
 *
 * <p>Rank r holds the rows {@code [g0_r, g1_r)} of the sequence. Its output rows reference the
 * input rows {@code [a_r, b_r)} (from {@link Stencil#firstColumn} and {@link Stencil#endColumn}),
 * so it needs {@code front_r = g0_r - a_r} rows held by lower ranks and
 * {@code back_r = b_r - g1_r} rows held by higher ranks. Those rows usually sit on the two
 * neighbours; when ranks hold fewer rows than the stencil reaches (one row per rank, or ranks with
 * no rows at all), they come from further ranks. Every rank computes the same plan from the split
 * alone, so no message is needed to agree on it.
 *
 * <p>The exchange runs in {@link #hops()} rounds; in round h every rank sends to {@code r + h} the
 * rows of its slab that rank needs in front, and receives its own front rows held by
 * {@code r - h} (one {@code sendrecv}, or a lone send or receive at the chain ends); then the same
 * towards {@code r - h} for the back rows. Zero-size messages are skipped (both sides know the
 * sizes). A blocking send waits only for a rank that is in the same round, which receives without
 * waiting for anything else, so no cycle of waits forms. Sent rows are slices of the local block,
 * not copies; received rows go into two small buffers, which a finished product gives back
 * ({@link #recycle}) for the next exchange instead of allocating new ones per product. The plan is
 * immutable; the one spare pair of buffers is taken and given back atomically, so products on
 * several threads at once are safe (one that finds no spare allocates its own).
 */
public final class GhostRows {

    private final long[] starts;
    private final long[] ends;
    private final long[] front;
    private final long[] back;
    private final int hops;
    /** The ghost buffers of a finished product, waiting for the next exchange, or null. */
    private final AtomicReference<Spare> spare = new AtomicReference<>();

    /** Ghost buffers given back, with the engine that allocated them. */
    private record Spare(Engine engine, Ghosts ghosts) {
    }

    /**
     * The plan of {@code stencil} on the split {@code rowCounts}.
     *
     * @param rowCounts (Input) rows per rank, summing to the stencil's length; not modified
     */
    public GhostRows(Stencil stencil, long[] rowCounts) {
        int p = rowCounts.length;
        starts = new long[p];
        ends = new long[p];
        front = new long[p];
        back = new long[p];
        long g = 0;
        for (int r = 0; r < p; r++) {
            starts[r] = g;
            g += rowCounts[r];
            ends[r] = g;
        }
        int h = 0;
        for (int r = 0; r < p; r++) {
            if (rowCounts[r] == 0) {
                continue;
            }
            front[r] = starts[r] - Math.min(starts[r], stencil.firstColumn(starts[r], ends[r]));
            back[r] = Math.max(ends[r], stencil.endColumn(starts[r], ends[r])) - ends[r];
            if (front[r] > 0) {
                h = Math.max(h, r - owner(starts[r] - front[r]));
            }
            if (back[r] > 0) {
                h = Math.max(h, owner(ends[r] + back[r] - 1) - r);
            }
        }
        hops = h;
    }

    /** The rank holding {@code row} (the only non-empty slab containing it). */
    private int owner(long row) {
        for (int r = 0; r < starts.length; r++) {
            if (row >= starts[r] && row < ends[r]) {
                return r;
            }
        }
        throw new IllegalStateException("row " + row + " is held by no rank");
    }

    /** Rows rank r needs from lower ranks. */
    public long front(int r) {
        return front[r];
    }

    /** Rows rank r needs from higher ranks. */
    public long back(int r) {
        return back[r];
    }

    /** The largest rank distance a ghost row travels (1 when every rank holds enough rows; 0 on one rank). */
    public int hops() {
        return hops;
    }

    /** The received rows: {@code front(r) * inner} and {@code back(r) * inner} elements, null when none. */
    public record Ghosts(Buffer front, Buffer back) {
    }

    /**
     * Exchanges the ghost rows. Collective over {@code comm} (point-to-point messages only).
     *
     * @param local (Input) this rank's slab, {@code (g1 - g0) * inner} elements; not modified
     * @param inner elements per row
     * @param dtype the element type of {@code local}
     * @return the received front and back rows, in buffers of {@code engine}: new ones, or those a
     *         finished product gave back ({@link #recycle})
     */
    public Ghosts exchange(Communicator comm, Engine engine, Buffer local, long inner, DType dtype) {
        int me = comm.rank();
        int p = comm.size();
        Spare old = spare.getAndSet(null);
        Ghosts reuse = old != null && old.engine() == engine ? old.ghosts() : null;
        Buffer fb = front[me] > 0 ? buffer(reuse == null ? null : reuse.front(), engine, dtype, front[me] * inner) : null;
        Buffer bb = back[me] > 0 ? buffer(reuse == null ? null : reuse.back(), engine, dtype, back[me] * inner) : null;
        Datatype type = dtype.datatype();
        long frontStart = starts[me] - front[me];
        for (int h = 1; h <= hops; h++) {
            // front rows travel up: my rows needed by rank me + h, my front rows held by me - h
            int dst = me + h;
            int src = me - h;
            long sLo = 0;
            long sHi = 0;
            long rLo = 0;
            long rHi = 0;
            if (dst < p && front[dst] > 0) {
                sLo = Math.max(starts[dst] - front[dst], starts[me]);
                sHi = Math.min(starts[dst], ends[me]);
            }
            if (src >= 0 && front[me] > 0) {
                rLo = Math.max(frontStart, starts[src]);
                rHi = Math.min(starts[me], ends[src]);
            }
            transfer(comm, type, local, sLo - starts[me], sHi - sLo, dst, fb, rLo - frontStart, rHi - rLo, src, inner,
                    2 * h);
            // back rows travel down: my rows needed by rank me - h, my back rows held by me + h
            dst = me - h;
            src = me + h;
            sLo = 0;
            sHi = 0;
            rLo = 0;
            rHi = 0;
            if (dst >= 0 && back[dst] > 0) {
                sLo = Math.max(ends[dst], starts[me]);
                sHi = Math.min(ends[dst] + back[dst], ends[me]);
            }
            if (src < p && back[me] > 0) {
                rLo = Math.max(ends[me], starts[src]);
                rHi = Math.min(ends[me] + back[me], ends[src]);
            }
            transfer(comm, type, local, sLo - starts[me], sHi - sLo, dst, bb, rLo - ends[me], rHi - rLo, src, inner,
                    2 * h + 1);
        }
        return new Ghosts(fb, bb);
    }

    /**
     * Gives the ghost buffers of a finished product back for the next {@link #exchange}: every
     * exchange overwrites all their rows. The caller must not use them afterwards. Local.
     *
     * @param engine the engine {@code ghosts} were received with
     * @param ghosts (Input) the buffers an exchange of this plan returned, or null
     */
    public void recycle(Engine engine, Ghosts ghosts) {
        if (ghosts != null && (ghosts.front() != null || ghosts.back() != null)) {
            spare.set(new Spare(engine, ghosts));
        }
    }

    /** {@code old} when it holds {@code n} elements of {@code dtype}, else a new buffer. */
    private static Buffer buffer(Buffer old, Engine engine, DType dtype, long n) {
        return old != null && old.type() == dtype.elementType() && old.length() == n ? old
                : engine.allocate(dtype.elementType(), n);
    }

    /** Sends {@code sendRows} rows of {@code local} from row {@code sendAt} and receives {@code recvRows} into {@code recv}. */
    private static void transfer(Communicator comm, Datatype type, Buffer local, long sendAt, long sendRows, int dst,
            Buffer recv, long recvAt, long recvRows, int src, long inner, int tag) {
        long sendN = Math.max(0, sendRows) * inner;
        long recvN = Math.max(0, recvRows) * inner;
        if (sendN == 0 && recvN == 0) {
            return;
        }
        long bytes = local.type().byteSize();
        MemorySegment s = sendN > 0 ? local.segment().asSlice(sendAt * inner * bytes, sendN * bytes) : null;
        MemorySegment r = recvN > 0 ? recv.segment().asSlice(recvAt * inner * bytes, recvN * bytes) : null;
        if (sendN > 0 && recvN > 0) {
            comm.sendrecv(s, sendN, dst, tag, r, recvN, src, tag, type);
        } else if (sendN > 0) {
            comm.send(s, sendN, type, dst, tag);
        } else {
            comm.recv(r, recvN, type, src, tag);
        }
    }
}
