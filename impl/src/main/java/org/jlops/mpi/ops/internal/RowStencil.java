package org.jlops.mpi.ops.internal;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.engine.StencilKernels;
import org.jlops.mpi.engine.StencilKernels.Rows;

/**
 * A stencil along axis 0 of an n-d array distributed in row slabs: the local kernel plus the
 * ghost-row exchange that feeds it. Shared by {@link MPIFirstDerivative} and
 * {@link MPISecondDerivative}; immutable.
 *
 * <p>Per product: the input is re-split to row slabs ({@link Rebalance}, nothing moves when it
 * already has that split), converted to the work dtype when it has another one, the ghost rows
 * the stencil needs are exchanged ({@link GhostRows}), and one kernel call computes this rank's
 * output rows from (front ghosts, local slab, back ghosts). A BROADCAST input needs neither: every
 * rank computes its output rows from its own full copy.
 */
public final class RowStencil {

    public final long[] dims;
    public final long inner;
    /** Rows per rank (the balanced axis-0 split). */
    public final long[] rowCounts;
    /** Elements per rank: the local sizes of the outputs. */
    public final long[] counts;
    private final long[] rowStarts;
    private final Stencil forward;
    private final Stencil adjoint;
    private final GhostRows forwardGhosts;
    private final GhostRows adjointGhosts;

    public RowStencil(long[] dims, Stencil forward, int size) {
        this.dims = dims.clone();
        long in = 1;
        for (int k = 1; k < dims.length; k++) {
            in = Math.multiplyExact(in, dims[k]);
        }
        this.inner = in;
        long[][] shapes = OperandChecks.rowShapes(dims, size);
        this.rowCounts = new long[size];
        this.rowStarts = new long[size];
        this.counts = new long[size];
        for (int r = 0; r < size; r++) {
            rowCounts[r] = shapes[r][0];
            rowStarts[r] = r == 0 ? 0 : rowStarts[r - 1] + rowCounts[r - 1];
            counts[r] = rowCounts[r] * in;
        }
        this.forward = forward;
        this.adjoint = forward.transpose();
        this.forwardGhosts = new GhostRows(forward, rowCounts);
        this.adjointGhosts = new GhostRows(adjoint, rowCounts);
    }

    /**
     * The floating-point operations of one product on rank {@code rank}: a multiply and an add
     * per tap of the interior stencil and output element (twice that for complex values), the
     * edge rows counted like the interior.
     */
    public long flops(int rank, boolean adjoint, boolean complex) {
        int taps = (adjoint ? this.adjoint : forward).offsets().length;
        return 2L * taps * counts[rank] * (complex ? 2 : 1);
    }

    /** The ghost-row plan of the forward ({@code adjoint == false}) or adjoint stencil. */
    public GhostRows ghosts(boolean adjoint) {
        return adjoint ? adjointGhosts : forwardGhosts;
    }

    /**
     * {@code S x} (or {@code S^T x}) along axis 0. Collective.
     *
     * @param what    the argument's name for messages
     * @param x       (Input) 1-d, SCATTER of any split or BROADCAST; not modified
     * @param dtype   the operator's dtype
     * @return a new 1-d SCATTER array with {@link #counts} elements per rank and {@code x}'s mask
     * @throws IllegalArgumentException on every rank for an UNSAFE_BROADCAST input
     */
    public DistributedArray apply(String what, DistributedArray x, boolean adjoint, DType dtype) {
        return apply(what, x, adjoint, dtype, null, false);
    }

    /**
     * {@code S x} (or {@code S^T x}) along axis 0, into {@code out} when it is not null. Collective.
     *
     * @param out (Output) null for a new array, else a 1-d SCATTER array of the work dtype with
     *            {@link #counts} elements per rank and {@code x}'s mask (checked before any
     *            communication, on metadata every rank holds); overwritten
     * @param accumulate add to {@code out} instead of overwriting it (only with an {@code out})
     * @return {@code out}, or the new array
     */
    public DistributedArray apply(String what, DistributedArray x, boolean adjoint, DType dtype, DistributedArray out,
            boolean accumulate) {
        OperandChecks.requirePartition(what, x, Partition.SCATTER, Partition.BROADCAST);
        DType dt = workType(dtype, x.dtype());
        if (out != null) {
            OperandChecks.requireLayout("out", out, dt, Partition.SCATTER, counts, x.mask());
        }
        Input in = prepare(what, x, adjoint, dt);
        // a new output is left uninitialised: the kernel overwrites all of this rank's rows
        DistributedArray y = out != null ? out : OperandChecks.newScatter1dUninitialized(in.x(), counts, x.mask(), dt);
        compute(in, y, 0, rowCounts[x.communicator().rank()], accumulate && out != null);
        release(in);
        return y;
    }

    /**
     * {@code out = S x} (or {@code S^T x}) and its squared norm {@code Re(out . conj(out))}, the
     * same bits as {@link #apply(String, DistributedArray, boolean, DType, DistributedArray, boolean)
     * apply} into {@code out} followed by {@code out.dot(out, true).re()}, with the rows computed a
     * few at a time inside the reduction ({@link DistributedArray#writeNormSquared}), so the output
     * is summed while it is in cache instead of read again. Collective.
     *
     * @param out (Output) a 1-d SCATTER array of the work dtype with {@link #counts} elements per
     *            rank and {@code x}'s mask; overwritten
     * @return the squared norm of {@code out}, the same on every rank
     */
    public double applyNormSquared(String what, DistributedArray x, boolean adjoint, DType dtype,
            DistributedArray out) {
        OperandChecks.requirePartition(what, x, Partition.SCATTER, Partition.BROADCAST);
        DType dt = workType(dtype, x.dtype());
        OperandChecks.requireLayout("out", out, dt, Partition.SCATTER, counts, x.mask());
        Input in = prepare(what, x, adjoint, dt);
        RowsDone done = new RowsDone();
        double nn = out.writeNormSquared((from, to) -> {
            if (to > from) {                                             // rows of no elements are never asked for
                done.cover(from / inner, (to + inner - 1) / inner, (r0, r1) -> compute(in, out, r0, r1, false));
            }
        });
        release(in);
        return nn;
    }

    /** A range of rows to compute. */
    @FunctionalInterface
    private interface RowRange {
        void run(long r0, long r1);
    }

    /**
     * The rows of one product computed so far, as sorted disjoint intervals: a reduction asks for
     * element ranges that cut rows and come nearly in order (its partial blocks first), so a row
     * is computed the first time a range touches it, and only then. Few intervals: adjacent ones
     * merge.
     */
    private static final class RowsDone {
        private long[] lo = new long[4];
        private long[] hi = new long[4];
        private int n;

        /** Runs {@code work} on the rows of {@code [r0, r1)} not computed yet, then marks them computed. */
        void cover(long r0, long r1, RowRange work) {
            long at = r0;
            int i = 0;
            while (i < n && hi[i] <= at) {
                i++;
            }
            while (at < r1) {
                if (i < n && lo[i] <= at) {
                    at = hi[i++];
                    continue;
                }
                long end = i < n ? Math.min(lo[i], r1) : r1;
                work.run(at, end);
                at = end;
            }
            add(r0, r1);
        }

        private void add(long a, long b) {
            int i = 0;
            while (i < n && hi[i] < a) {
                i++;
            }
            int j = i;
            while (j < n && lo[j] <= b) {
                a = Math.min(a, lo[j]);
                b = Math.max(b, hi[j]);
                j++;
            }
            int removed = j - i;
            if (removed == 0) {
                if (n == lo.length) {
                    lo = Arrays.copyOf(lo, 2 * n);
                    hi = Arrays.copyOf(hi, 2 * n);
                }
                System.arraycopy(lo, i, lo, i + 1, n - i);
                System.arraycopy(hi, i, hi, i + 1, n - i);
                n++;
            } else if (removed > 1) {
                System.arraycopy(lo, j, lo, i + 1, n - j);
                System.arraycopy(hi, j, hi, i + 1, n - j);
                n -= removed - 1;
            }
            lo[i] = a;
            hi[i] = b;
        }
    }

    /**
     * Gives the ghost rows of a finished product back to its plan, for the next product's
     * exchange (no new ghost buffers per product). {@code in} must not be used afterwards. Local.
     *
     * @param in the prepared input of a product whose rows are all computed
     */
    public void release(Input in) {
        if (in.plan() != null) {
            in.plan().recycle(in.x().engine(), in.ghosts());
        }
    }

    /**
     * The input of one product, ready for {@link #compute}: converted to the work dtype, re-split
     * to row slabs with its ghost rows received (SCATTER), or replicated with every row at hand
     * (BROADCAST).
     *
     * @param x       the input (its local slab, or its full copy)
     * @param ghosts  the ghost rows received (null fields for none, or for a BROADCAST input)
     * @param stencil the stencil to apply
     * @param plan    the ghost-row plan (null for a BROADCAST input)
     */
    public record Input(DistributedArray x, GhostRows.Ghosts ghosts, Stencil stencil, GhostRows plan) {
    }

    /**
     * Re-splits {@code x} to row slabs of the work dtype {@code dt} and exchanges its ghost rows
     * (nothing for a BROADCAST input). Collective.
     *
     * @param what the argument's name for messages
     * @param x    (Input) 1-d SCATTER of any split, or BROADCAST, already checked; not modified
     */
    public Input prepare(String what, DistributedArray x, boolean adjoint, DType dt) {
        Stencil s = adjoint ? this.adjoint : forward;
        if (x.partition() == Partition.BROADCAST) {
            return new Input(x.astype(dt, false), null, s, null);
        }
        DistributedArray in = OperandChecks.resplit(what, x, counts, false).astype(dt, false);
        GhostRows plan = ghosts(adjoint);
        return new Input(in, plan.exchange(x.communicator(), in.engine(), in.localBuffer(), inner, dt), s, plan);
    }

    /**
     * This rank's output rows {@code [r0, r1)} (local row numbers within its slab) of the prepared
     * product, written (or added, when {@code accumulate}) into {@code y}'s local slab. Local: a
     * caller may compute the rows in several pieces, interleaved with other work on the same rows;
     * every row's value is the same however the rows are cut.
     */
    public void compute(Input in, DistributedArray y, long r0, long r1, boolean accumulate) {
        run(in, y, r0, r1, accumulate, null);
    }

    /**
     * All of this rank's output rows of the prepared product plus a stencil {@code last} along the
     * last axis on the same rows, {@code y = S x + C x}, in one kernel call
     * ({@link StencilKernels#applyRowsAndLast}); {@code y} is overwritten. Local.
     *
     * @param last the last-axis stencil, its length dividing the elements of a row
     */
    public void computeWithLast(Input in, DistributedArray y, Stencil last) {
        run(in, y, 0, rowCounts[in.x().communicator().rank()], false, last);
    }

    private void run(Input in, DistributedArray y, long r0, long r1, boolean accumulate, Stencil last) {
        if (r1 <= r0) {
            return;
        }
        int me = in.x().communicator().rank();
        long g0 = rowStarts[me];
        Rows out = new Rows(y.localBuffer(), r0 * inner, g0 + r0, r1 - r0);
        Rows front = null;
        Rows x;
        Rows back = null;
        if (in.plan() == null) {
            // all rows of x at hand: y[g0 + r0 : g0 + r1] = S[g0 + r0 : g0 + r1, :] x
            x = new Rows(in.x().localBuffer(), 0, 0, dims[0]);
        } else {
            long m = rowCounts[me];
            long f = in.plan().front(me);
            long b = in.plan().back(me);
            GhostRows.Ghosts g = in.ghosts();
            // (front ghosts | local slab | back ghosts) hold the rows [g0 - f, g0 + m + b)
            front = g.front() == null ? null : new Rows(g.front(), 0, g0 - f, f);
            x = new Rows(in.x().localBuffer(), 0, g0, m);
            back = g.back() == null ? null : new Rows(g.back(), 0, g0 + m, b);
        }
        StencilKernels kernels = in.x().engine().stencils();
        if (last == null) {
            kernels.apply(in.stencil(), 1, inner, front, x, back, out, accumulate);
        } else {
            kernels.applyRowsAndLast(in.stencil(), last, inner, front, x, back, out);
        }
    }

    /**
     * The dtype a product computes in: the operator's, or its complex type when the operator is
     * real and the input complex (a real stencil acts on the real and imaginary parts).
     */
    public static DType workType(DType op, DType input) {
        return op.isComplex() || !input.isComplex() ? op : op.complexType();
    }

    /** {@code a} with another mask, sharing its storage (metadata only). Local. */
    public static DistributedArray withMask(DistributedArray a, int[] mask) {
        if (Arrays.equals(a.mask(), mask)) {
            return a;
        }
        return DistributedArray.builder(a.communicator(), a.globalShape()).partition(a.partition()).axis(a.axis())
                .localShapes(a.localShapes()).mask(mask).engine(a.engine()).dtype(a.dtype())
                .localBuffer(a.localBuffer()).buildLocal();
    }

    /**
     * Checks an n-d shape (at least one dimension, none negative, a product that fits a long).
     *
     * @return a copy
     * @throws IllegalArgumentException naming {@code dims}
     */
    public static long[] checkDims(long[] dims) {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("dims: must have at least one dimension, got "
                    + (dims == null ? "null" : "()"));
        }
        long p = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("dims: negative dimension in " + Arrays.toString(dims));
            }
            try {
                p = Math.multiplyExact(p, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("dims: " + Arrays.toString(dims) + " has more than 2^63 elements");
            }
        }
        return dims.clone();
    }

    /** {@code axis} in {@code [-ndim, ndim)}, normalised. */
    public static int normaliseAxis(String what, int axis, int ndim) {
        if (axis < -ndim || axis >= ndim) {
            throw new IllegalArgumentException(what + ": " + axis + " is out of range for " + ndim + " dimension"
                    + (ndim == 1 ? "" : "s") + ", expected [" + -ndim + ", " + ndim + ")");
        }
        return axis < 0 ? axis + ndim : axis;
    }

    /** The raw bits of doubles, for the collective equality check of arguments. */
    public static long[] bits(double... v) {
        if (v == null) {
            return null;
        }
        long[] b = new long[v.length];
        for (int k = 0; k < v.length; k++) {
            b[k] = Double.doubleToLongBits(v[k]);
        }
        return b;
    }
}
