package org.jlops.mpi.ops.stack;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.serial.LocalOperators;

/**
 * The per-rank serial operators of a block operator and the global bookkeeping shared by
 * {@link MPIBlockDiag}, {@link MPIVStack} and {@link MPIHStack}: every rank's row and column
 * counts, the offsets of this rank's ops inside its local block, and the operator dtype.
 *
 * <p>{@link #gather} is the only collective: one allreduce agrees on every rank's local checks
 * (and on the explicit dtype and mask being the same everywhere), one allgather of five numbers
 * per rank collects the counts. Later checks use gathered data only, so every rank reaches the
 * same verdict. Instances are immutable.
 */
final class Blocks {

    /** What must agree across all ops of all ranks. */
    enum Require {
        /** Nothing (block diagonal). */
        NONE,
        /** The same number of columns (vertical stack). */
        SAME_COLS,
        /** The same number of rows (horizontal stack). */
        SAME_ROWS
    }

    private static final int INFO = 5; // nops, rows, cols, common size (or -1), dtype bits

    final List<LocalOperator> ops;
    final DType dtype;
    /** Per rank: the sum of its ops' rows. */
    final long[] rowCounts;
    /** Per rank: the sum of its ops' columns. */
    final long[] colCounts;
    /** Per local op i: the first row of op i in this rank's data block; one more entry at the end. */
    final long[] rowOffsets;
    /** Per local op i: the first column of op i in this rank's model block; one more entry at the end. */
    final long[] colOffsets;
    /** The common column (SAME_COLS) or row (SAME_ROWS) count, else -1. */
    final long common;
    /** The global index of this rank's first op (ops are numbered rank after rank). */
    final long firstOp;
    /** The ops of all ranks. */
    final long totalOps;

    private Blocks(List<LocalOperator> ops, DType dtype, long[] rowCounts, long[] colCounts, long common,
            long firstOp, long totalOps) {
        this.ops = ops;
        this.dtype = dtype;
        this.rowCounts = rowCounts;
        this.colCounts = colCounts;
        this.common = common;
        this.firstOp = firstOp;
        this.totalOps = totalOps;
        this.rowOffsets = new long[ops.size() + 1];
        this.colOffsets = new long[ops.size() + 1];
        for (int i = 0; i < ops.size(); i++) {
            rowOffsets[i + 1] = rowOffsets[i] + ops.get(i).rows();
            colOffsets[i + 1] = colOffsets[i] + ops.get(i).cols();
        }
    }

    /**
     * Checks this rank's ops, agrees on the checks over {@code comm} and gathers every rank's
     * counts. Collective.
     *
     * @param kind    the operator's name, for messages
     * @param ops     (Input) this rank's ops; not modified (copied)
     * @param comm    the communicator
     * @param mask    (Input) the mask to check (one non-negative colour per rank), or null
     * @param dtype   the explicit operator dtype, or null for the common type of all ops
     * @param require what must agree across ops
     * @throws IllegalArgumentException on every rank, naming the bad argument
     */
    static Blocks gather(String kind, List<? extends LocalOperator> ops, Communicator comm, int[] mask, DType dtype,
            Require require) {
        if (comm == null) {
            throw new IllegalArgumentException("comm: must not be null");
        }
        String error = null;
        long[] info = {0, 0, 0, -1, 0};
        List<LocalOperator> copy = new ArrayList<>();
        try {
            checkLocal(ops, comm, mask, dtype, require, info);
            copy.addAll(ops);
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        CollectiveChecks.agreeSame(comm, error, new String[] {"dtype", "mask"}, new long[][] {
            dtype == null ? null : new long[] {dtype.ordinal()},
            mask == null ? null : Arrays.stream(mask).asLongStream().toArray()});
        int p = comm.size();
        long[] all = new long[INFO * p];
        comm.allgather(MemorySegment.ofArray(info), MemorySegment.ofArray(all), INFO, Datatype.INT64);
        long[] rowCounts = new long[p];
        long[] colCounts = new long[p];
        long common = -1;
        int commonRank = -1;
        int dtypeBits = 0;
        long firstOp = 0;
        long totalOps = 0;
        for (int r = 0; r < p; r++) {
            long nops = all[INFO * r];
            firstOp += r < comm.rank() ? nops : 0;
            totalOps += nops;
            rowCounts[r] = all[INFO * r + 1];
            colCounts[r] = all[INFO * r + 2];
            dtypeBits |= (int) all[INFO * r + 4];
            if (require != Require.NONE && nops > 0) {
                long c = all[INFO * r + 3];
                if (commonRank < 0) {
                    common = c;
                    commonRank = r;
                } else if (c != common) {
                    throw new IllegalArgumentException("ops: Operators have different number of "
                            + (require == Require.SAME_COLS ? "columns" : "rows") + ": rank " + commonRank + " has "
                            + common + ", rank " + r + " has " + c);
                }
            }
        }
        if (require != Require.NONE && commonRank < 0) {
            throw new IllegalArgumentException("ops: no rank supplied an operator, so the number of "
                    + (require == Require.SAME_COLS ? "columns" : "rows") + " of " + kind + " is unknown");
        }
        DType dt = dtype;
        if (dt == null) {
            dt = DType.FLOAT64;
            boolean first = true;
            for (DType d : DType.values()) {
                if ((dtypeBits & (1 << d.ordinal())) != 0) {
                    dt = first ? d : DType.promote(dt, d);
                    first = false;
                }
            }
        }
        return new Blocks(List.copyOf(copy), dt, rowCounts, colCounts, common, firstOp, totalOps);
    }

    private static void checkLocal(List<? extends LocalOperator> ops, Communicator comm, int[] mask,
            DType dtype, Require require, long[] info) {
        if (ops == null) {
            throw new IllegalArgumentException("ops: must not be null (pass an empty list for a rank without ops)");
        }
        if (mask != null) {
            if (mask.length != comm.size()) {
                throw new IllegalArgumentException("mask: expected one colour per rank (" + comm.size() + "), got "
                        + mask.length);
            }
            for (int r = 0; r < mask.length; r++) {
                if (mask[r] < 0) {
                    throw new IllegalArgumentException("mask: colours must be non-negative, rank " + r + " has "
                            + mask[r]);
                }
            }
        }
        long rows = 0;
        long cols = 0;
        int bits = 0;
        for (int i = 0; i < ops.size(); i++) {
            LocalOperator op = ops.get(i);
            if (op == null) {
                throw new IllegalArgumentException("ops: operator " + i + " is null");
            }
            if (op.dtype() == null) {
                throw new IllegalArgumentException("ops: operator " + i + " (" + op + ") has no dtype");
            }
            if (op.rows() < 0 || op.cols() < 0) {
                throw new IllegalArgumentException("ops: operator " + i + " has the invalid shape (" + op.rows() + ", "
                        + op.cols() + ")");
            }
            if (dtype != null && !dtype.isComplex() && op.dtype().isComplex()) {
                throw new IllegalArgumentException("dtype: " + dtype + " cannot hold the output of operator " + i
                        + " of dtype " + op.dtype());
            }
            long c = require == Require.SAME_ROWS ? op.rows() : op.cols();
            if (require != Require.NONE && i > 0 && c != info[3]) {
                throw new IllegalArgumentException("ops: Operators have different number of "
                        + (require == Require.SAME_COLS ? "columns" : "rows") + ": operator 0 has " + info[3]
                        + ", operator " + i + " has " + c);
            }
            info[3] = c;
            rows = Math.addExact(rows, op.rows());
            cols = Math.addExact(cols, op.cols());
            bits |= 1 << op.dtype().ordinal();
        }
        info[0] = ops.size();
        info[1] = rows;
        info[2] = cols;
        info[4] = bits;
    }

    /** The sum of this rank's ops' flops of one product, or {@code -1} when one of them does not know its own. */
    long flops(boolean adjoint) {
        long sum = 0;
        for (LocalOperator op : ops) {
            long f = op.flops(adjoint);
            if (f < 0) {
                return -1;
            }
            sum += f;
        }
        return sum;
    }

    /** The bookkeeping of the adjoint ops (rows and columns exchanged); no communication. */
    Blocks adjoint() {
        List<LocalOperator> adj = new ArrayList<>(ops.size());
        for (LocalOperator op : ops) {
            adj.add(LocalOperators.adjoint(op));
        }
        return new Blocks(List.copyOf(adj), dtype, colCounts, rowCounts, common, firstOp, totalOps);
    }

    /** Sum of all ranks' rows. */
    long totalRows() {
        return sum(rowCounts);
    }

    /** Sum of all ranks' columns. */
    long totalCols() {
        return sum(colCounts);
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long n : v) {
            s = Math.addExact(s, n);
        }
        return s;
    }

    /**
     * Requires the vector's communicator to have as many ranks as the operator's.
     *
     * @throws IllegalArgumentException naming {@code what}
     */
    static void requireSize(String what, DistributedArray x, Communicator comm) {
        if (x.communicator().size() != comm.size()) {
            throw new IllegalArgumentException(what + ": its communicator has " + x.communicator().size()
                    + " ranks but the operator's has " + comm.size());
        }
    }

    /** Whether every block of this rank runs on buffers of {@code engine} ({@link LocalOperator#runsOn}). */
    boolean runsOn(Engine engine) {
        return hostOnly(engine) == null;
    }

    /** The first block of this rank that does not run on {@code engine}, or null. */
    LocalOperator hostOnly(Engine engine) {
        for (LocalOperator op : ops) {
            if (!op.runsOn(engine)) {
                return op;
            }
        }
        return null;
    }

    /**
     * The dtype a product on an input of type {@code input} computes and returns: the operator's,
     * or its complex type when the operator is real and the input complex (a real operator is
     * applied to the real and imaginary parts, so the product stays linear over complex numbers).
     */
    DType workType(DType input) {
        return dtype.isComplex() || !input.isComplex() ? dtype : dtype.complexType();
    }

    /**
     * Applies op {@code i} (forward, or adjoint when {@code adjoint}) from {@code in} at
     * {@code inPos} into {@code out} at {@code outPos}; both buffers have type {@code dt}. An op of
     * another dtype computes in its own dtype (through host memory); a real op on complex data is
     * applied to the real and imaginary parts separately.
     */
    void apply(int i, boolean adjoint, DType dt, Engine engine, Buffer in, long inPos, Buffer out, long outPos) {
        LocalOperator op = ops.get(i);
        if (op.dtype() == dt) {
            if (adjoint) {
                op.rmatvec(in, inPos, out, outPos);
            } else {
                op.matvec(in, inPos, out, outPos);
            }
            return;
        }
        long nIn = adjoint ? op.rows() : op.cols();
        long nOut = adjoint ? op.cols() : op.rows();
        if (!in.isHost()) {
            throw new IllegalArgumentException("x: block " + i + " (" + op + ") has dtype " + op.dtype() + " but the "
                    + "product runs in " + dt + "; converting between them happens on the host, which arrays on engine "
                    + engine.name() + " do not do behind the caller's back: give every block the dtype " + dt);
        }
        NdArray src = NdArray.wrap(dt, in.hostArray(), in.length()).slice(0, inPos, inPos + nIn);
        NdArray res = NdArray.zeros(dt, nOut);
        if (dt.isComplex() && !op.dtype().isComplex()) {
            NdArray re = NdArray.zeros(op.dtype(), nIn);
            NdArray im = NdArray.zeros(op.dtype(), nIn);
            for (long k = 0; k < nIn; k++) {
                re.set(k, src.re(k));
                im.set(k, src.im(k));
            }
            NdArray yr = adjoint ? op.rmatvec(re) : op.matvec(re);
            NdArray yi = adjoint ? op.rmatvec(im) : op.matvec(im);
            for (long k = 0; k < nOut; k++) {
                res.set(k, yr.re(k), yi.re(k));
            }
        } else {
            NdArray y = adjoint ? op.rmatvec(src) : op.matvec(src);
            res = y.astype(dt);
        }
        engine.copy(Engine.host().wrap(res.data(), dt.elementType()), 0, out, outPos, nOut);
    }
}
