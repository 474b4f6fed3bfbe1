package org.jlops.mpi.ops.signal;

import java.util.Arrays;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Stencil;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.internal.GhostRows;
import org.jlops.mpi.ops.internal.NonStationaryKernel;
import org.jlops.mpi.ops.internal.OperandChecks;
import org.jlops.mpi.ops.internal.RowStencil;
import org.jlops.mpi.ops.serial.NonStationaryConvolve1D;

/**
 * The distributed non-stationary 1-d convolution (PyLops-MPI's {@code MPINonStationaryConvolve1D},
 * SPEC §5.15): the serial {@link NonStationaryConvolve1D} along axis 0, on row slabs.
 *
 * <pre>
 *     forward:  y[iy] = Σ_ix h_ix[iy − ix + nh/2] · x[ix]      h_ix interpolated from hs at the positions ih
 *     adjoint:  x[ix] = Σ_k h_ix[k] · y[ix − nh/2 + k]          truncated at the ends of the axis
 * </pre>
 *
 * <table>
 * <caption>Partitions</caption>
 * <tr><th></th><th>input</th><th>output</th></tr>
 * <tr><td>{@code matvec}, {@code rmatvec}</td><td>SCATTER, any split (re-split to the row slabs of
 *     {@code dims} first)</td><td>SCATTER, the row slabs (the balanced split of axis 0), the
 *     input's mask</td></tr>
 * </table>
 *
 * <p><b>Checks</b> (the same {@link IllegalArgumentException} on every rank, also when one rank's
 * argument is bad): odd filter length, {@code ih} regularly sampled and inside the axis, one
 * position per filter; with {@link Options#EQUAL_SPLIT} (the default, PyLops-MPI's rules) also
 * {@code dims[axis]} divisible by the rank count and at least one filter position on every rank's
 * slab. {@link #halo()} is PyLops-MPI's halo width from those rules:
 * {@code max(dist_start, dist_end) + nh/2 + 1} (0 on one rank), the distances from each slab's
 * ends to the nearest filter outside it.
 *
 * <p><b>Communication</b> per product: every rank needs {@code nh/2} rows beyond each end of its
 * slab; they are exchanged with the neighbours (one {@code sendrecv} each way, more hops only when
 * slabs are shorter than {@code nh/2}), none on one rank. The input is re-split first
 * ({@code alltoallv}) when its split is not the row slabs. Construction: one allreduce.
 *
 * <p><b>Differences from PyLops-MPI</b> (see {@code docs/differences.md}):
 * <ol>
 *   <li>PyLops-MPI builds {@code Halo.H · BlockDiag(local operator on the haloed slab) · Halo} with a
 *       halo of {@link #halo()} rows and local copies of the neighbouring filters. Here every rank
 *       interpolates each position's filter from the global bank (which every rank holds in both
 *       libraries) and exchanges only the {@code nh/2} rows the filter reaches: the products are
 *       the serial operator's bit for bit, with fewer rows sent.</li>
 *   <li>{@link Options#ANY_SPLIT} drops the two distribution rules (the construction needs
 *       neither): any rank count, ranks without filters, uneven and empty slabs.</li>
 *   <li>Only axis 0 (any number of dimensions; {@code -1} for 1-d dims): the 1-d vectors are split
 *       by rows of axis 0. PyLops-MPI accepts another axis but is tested only on 1-d dims; another
 *       axis is refused with a message naming {@code axis}.</li>
 *   <li>{@code ih} must be increasing (PyLops-MPI checks only that the spacing is constant).</li>
 * </ol>
 */
public final class MPINonStationaryConvolve1D extends MPILinearOperator {

    /** Which distribution rules the constructor enforces. */
    public enum Options {
        /**
         * PyLops-MPI's rules: {@code dims[axis]} divisible by the rank count, at least one filter
         * position in every rank's slab.
         */
        EQUAL_SPLIT,
        /** No distribution rule: any rank count and split. */
        ANY_SPLIT
    }

    private final long[] counts;
    private final long[] rowCounts;
    private final long inner;
    private final long n;
    private final NonStationaryKernel kernel;
    private final GhostRows ghosts;
    private final long halo;

    /**
     * A float64 convolution along the last axis of 1-d {@code dims} with PyLops-MPI's rules. Collective.
     *
     * @param dims (Input) the shape; not modified
     * @param hs   (Input) the filters, one per row, of one odd length; copied
     * @param ih   (Input) the positions, one per filter; copied
     * @param comm the communicator
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is bad
     */
    public MPINonStationaryConvolve1D(long[] dims, double[][] hs, long[] ih, Communicator comm) {
        this(dims, hs, ih, -1, comm, DType.FLOAT64, Options.EQUAL_SPLIT);
    }

    /**
     * The convolution with every parameter. Collective: one allreduce agrees on the checks and on
     * every argument being the same on every rank.
     *
     * @param dims    (Input) the shape (model and data); not modified
     * @param hs      (Input) the filters, one per row, of one odd length; copied
     * @param ih      (Input) the positions, one per filter, regularly spaced, increasing, in
     *                {@code [0, dims[axis])}; copied
     * @param axis    the axis: 0 (or {@code -ndim})
     * @param comm    the communicator
     * @param dtype   the operator's dtype
     * @param options the distribution rules
     * @throws IllegalArgumentException on every rank, naming the argument, when any rank's input is bad
     */
    public MPINonStationaryConvolve1D(long[] dims, double[][] hs, long[] ih, int axis, Communicator comm, DType dtype,
            Options options) {
        Plan plan = Plan.of(dims, hs, ih, axis, comm, dtype, options);
        super(plan.dims, plan.dims, dtype, comm);
        this.counts = OperandChecks.rowCounts(plan.dims, comm.size());
        this.rowCounts = plan.rowCounts;
        this.inner = plan.inner;
        this.n = plan.dims[0];
        this.kernel = plan.kernel;
        this.ghosts = plan.ghosts;
        this.halo = plan.halo;
    }

    private record Plan(long[] dims, long[] rowCounts, long inner, NonStationaryKernel kernel, GhostRows ghosts,
            long halo) {

        static Plan of(long[] dims, double[][] hs, long[] ih, int axis, Communicator comm, DType dtype,
                Options options) {
            if (comm == null) {
                throw new IllegalArgumentException("comm: must not be null");
            }
            return Consensus.on(comm).same("dims", dims).same("hs", fingerprint(hs), () -> text(hs)).same("ih", ih)
                    .same("axis", axis).same("dtype", dtype).same("options", options).check(() -> {
                        if (dims == null || dims.length == 0) {
                            throw new IllegalArgumentException("dims: needs at least one dimension, got "
                                    + Arrays.toString(dims));
                        }
                        if (dtype == null) {
                            throw new IllegalArgumentException("dtype: must not be null");
                        }
                        if (options == null) {
                            throw new IllegalArgumentException("options: must not be null");
                        }
                        for (long d : dims) {
                            if (d < 1) {
                                throw new IllegalArgumentException("dims: every dimension must be at least 1, got "
                                        + Arrays.toString(dims));
                            }
                        }
                        int nd = dims.length;
                        if (axis < -nd || axis >= nd) {
                            throw new IllegalArgumentException("axis: " + axis + " is out of range for " + nd
                                    + "-d dims");
                        }
                        if ((axis + nd) % nd != 0) {
                            throw new IllegalArgumentException("axis: only axis 0 is supported (the vectors are "
                                    + "split by rows of axis 0), got " + axis + " for dims " + Arrays.toString(dims));
                        }
                        double[][] h = NonStationaryConvolve1D.checkFilters(hs);
                        long n = dims[0];
                        long[] pos = NonStationaryConvolve1D.checkPositions(ih, h.length, n);
                        int p = comm.size();
                        long halo = 0;
                        if (options == Options.EQUAL_SPLIT) {
                            halo = pylopsHalo(n, pos, h[0].length, p);
                        }
                        long[][] shapes = OperandChecks.rowShapes(dims, p);
                        long[] rows = new long[p];
                        for (int r = 0; r < p; r++) {
                            rows[r] = shapes[r][0];
                        }
                        long in = 1;
                        for (int k = 1; k < nd; k++) {
                            in *= dims[k];
                        }
                        int half = h[0].length / 2;
                        NonStationaryKernel kernel = new NonStationaryKernel(h, pos[0], pos.length > 1
                                ? pos[1] - pos[0] : 1, n);
                        GhostRows plan = new GhostRows(reach(n, half), rows);
                        return new Plan(dims.clone(), rows, in, kernel, plan, halo);
                    });
        }
    }

    /**
     * PyLops-MPI's rules and halo: {@code n} divisible by {@code p}, a position in every slab, and
     * {@code max(dist_start, dist_end) + nh/2 + 1} (0 on one rank).
     */
    private static long pylopsHalo(long n, long[] ih, int nh, int p) {
        if (n % p != 0) {
            throw new IllegalArgumentException("dims: the number of input samples " + n
                    + " is not divisible by the number of ranks (" + p + ")");
        }
        long l = n / p;
        long dh = ih.length > 1 ? ih[1] - ih[0] : 0;
        long distStart = 0;
        long distEnd = 0;
        for (int r = 0; r < p; r++) {
            long start = r * l;
            long end = start + l - 1;
            long first = -1;
            long last = -1;
            for (long q : ih) {
                if (q >= start && q <= end) {
                    first = first < 0 ? q : first;
                    last = q;
                }
            }
            if (first < 0) {
                throw new IllegalArgumentException("ih: rank " + r + " has no filter: no position of ih in its samples ["
                        + start + ", " + end + "] (" + p + " ranks of " + l + " samples)");
            }
            if (r > 0) {
                distStart = Math.max(distStart, dh - (first - start));
            }
            if (r < p - 1) {
                distEnd = Math.max(distEnd, dh - (end - last));
            }
        }
        return p == 1 ? 0 : Math.max(distStart, distEnd) + nh / 2 + 1;
    }

    /** A stencil reaching {@code half} rows each way: the ghost rows' plan (its coefficients are unused). */
    private static Stencil reach(long n, int half) {
        int[] offsets = new int[2 * half + 1];
        double[] ones = new double[2 * half + 1];
        for (int k = 0; k < offsets.length; k++) {
            offsets[k] = k - half;
            ones[k] = 1;
        }
        return Stencil.convolution(n, offsets, ones);
    }

    private static long fingerprint(double[][] hs) {
        if (hs == null) {
            return 0;
        }
        long f = hs.length;
        for (double[] row : hs) {
            f = 31 * f + (row == null ? -1 : Arrays.hashCode(row));
        }
        return f;
    }

    private static String text(double[][] hs) {
        return hs == null ? "null" : Arrays.deepToString(hs);
    }

    /**
     * PyLops-MPI's halo width for these filters on this communicator (0 with {@link Options#ANY_SPLIT}). Local.
     *
     * @return PyLops-MPI's halo width for these filters on this communicator (0 with {@link Options#ANY_SPLIT})
     */
    public long halo() {
        return halo;
    }

    @Override
    protected DistributedArray doMatvec(DistributedArray x) {
        return apply("x", x, false);
    }

    @Override
    protected DistributedArray doRmatvec(DistributedArray y) {
        return apply("y", y, true);
    }

    /** Re-split, exchange the ghost rows, run the kernel on this rank's rows. */
    private DistributedArray apply(String what, DistributedArray v, boolean adjoint) {
        Communicator comm = communicator();
        int me = comm.rank();
        DType dt = RowStencil.workType(dtype(), v.dtype());
        DistributedArray in = OperandChecks.resplit(what, v, counts, false).astype(dt, false);
        Engine engine = in.engine();
        GhostRows.Ghosts g = ghosts.exchange(comm, engine, in.localBuffer(), inner, dt);
        long front = ghosts.front(me);
        long back = ghosts.back(me);
        long rows = rowCounts[me];
        long start = 0;
        for (int r = 0; r < me; r++) {
            start += rowCounts[r];
        }
        int half = kernel.half();
        Buffer local = in.localBuffer();
        DistributedArray out = OperandChecks.newScatter1d(in, counts, v.mask(), dt);
        Buffer o = out.localBuffer();
        if ((front > 0 || back > 0) && rows >= 4L * half) {
            // the rows within half of a ghost row from small buffers (the ghosts and 2·half local rows),
            // the others from the local block itself: no copy of the block; the same terms per row
            long edge = 2L * half;
            if (front > 0) {
                Buffer head = joined(engine, dt, g.front(), 0, front, local, 0, edge);
                run(adjoint, head, start - front, front + edge, o, 0, start, half);
            }
            long midFrom = front > 0 ? half : 0;
            long midTo = back > 0 ? rows - half : rows;
            run(adjoint, local, start, rows, o, midFrom, start + midFrom, midTo - midFrom);
            if (back > 0) {
                Buffer tail = joined(engine, dt, local, rows - edge, edge, g.back(), 0, back);
                run(adjoint, tail, start + rows - edge, edge + back, o, rows - half, start + rows - half, half);
            }
        } else if (rows > 0) {
            Buffer work = local;
            if (front > 0 || back > 0) {
                // a slab shorter than four half-filters: (front ghosts | local rows | back ghosts)
                work = engine.allocateUninitialized(dt.elementType(), (front + rows + back) * inner);
                if (front > 0) {
                    engine.copy(g.front(), 0, work, 0, front * inner);
                }
                engine.copy(local, 0, work, front * inner, rows * inner);
                if (back > 0) {
                    engine.copy(g.back(), 0, work, (front + rows) * inner, back * inner);
                }
            }
            run(adjoint, work, start - front, front + rows + back, o, 0, start, rows);
        }
        ghosts.recycle(engine, g);                                      // the next product's ghost rows go there
        return out;
    }

    /**
     * The kernel's rows {@code [from, from + count)} into {@code out} from its row {@code at}, from
     * the held rows {@code [inFrom, inFrom + inRows)} of {@code in}.
     */
    private void run(boolean adjoint, Buffer in, long inFrom, long inRows, Buffer out, long at, long from, long count) {
        if (count <= 0) {
            return;
        }
        if (adjoint) {
            kernel.adjoint(in, inFrom, inRows, out, at, from, count, inner);
        } else {
            kernel.forward(in, inFrom, inRows, out, at, from, count, inner);
        }
    }

    /**
     * A new buffer: {@code aRows} rows of {@code a} from its row {@code aAt}, then {@code bRows} rows
     * of {@code b} from its row {@code bAt}.
     */
    private Buffer joined(Engine engine, DType dt, Buffer a, long aAt, long aRows, Buffer b, long bAt, long bRows) {
        Buffer j = engine.allocateUninitialized(dt.elementType(), (aRows + bRows) * inner);
        engine.copy(a, aAt * inner, j, 0, aRows * inner);
        engine.copy(b, bAt * inner, j, aRows * inner, bRows * inner);
        return j;
    }

    @Override
    public String toString() {
        return "<" + rows() + "x" + cols() + " MPINonStationaryConvolve1D(n=" + n + ", inner=" + inner + ", halo="
                + halo + ") with dtype=" + dtype() + ">";
    }

    /**
     * On the host engine only: the filters are applied with host loops. An operand on another engine fails in the operand check,
     * naming this operator and the engine.
     */
    @Override
    protected boolean runsOn(Engine engine) {
        return engine == Engine.host();
    }
}
