package org.jlops.mpi.ops.basic;

import java.util.Arrays;
import java.util.List;
import org.jlops.mpi.array.DType;
import org.jlops.mpi.array.DistributedArray;
import org.jlops.mpi.array.NdArray;
import org.jlops.mpi.array.Partition;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.ops.LocalOperator;
import org.jlops.mpi.ops.MPILinearOperator;
import org.jlops.mpi.ops.stack.MPIBlockDiag;
import org.jlops.mpi.ops.internal.OperandChecks;

/**
 * Halo extraction on a Cartesian process grid (PyLops-MPI's {@code MPIHalo}): the
 * model is an n-d array of shape {@code dims} cut into one block per rank, and the forward product
 * gives every rank its block extended by ghost layers copied from its neighbours on the grid.
 *
 * <p><b>Layout.</b> The grid has {@code procGridShape} processes per axis (default: all ranks
 * along the last axis); rank r has the row-major coordinates {@code c} of r in the grid and owns
 * the ceil-first block {@code [c_k b_k, min((c_k + 1) b_k, n_k))} with {@code b_k = ceil(n_k / g_k)}
 * on every axis (e.g. 17 over 2 → 9, 8; 65 over 4 → 17, 17, 17, 14). The model vector is a 1-d
 * SCATTER array whose rank r holds its block flattened row-major ({@link #modelCounts()}; build it
 * with {@link #toModel} and read it back with {@link #fromModel}) — so for grids with more than one
 * process off axis 0 its concatenation is not the global C-order ravel. The data vector is a 1-d
 * SCATTER array whose rank r holds its extended block of shape {@link #localExtent()}, flattened
 * ({@link #dataCounts()}).
 *
 * <p><b>Widths</b> {@code (h0−, h0+, h1−, h1+, …)}: an integer width {@code w}
 * ({@link #MPIHalo(long[], int, int[], Communicator, DType)}) is used on every side that has a
 * neighbour and trimmed to 0 at the global boundary; a tuple
 * ({@link #MPIHalo(long[], int[], int[], Communicator, DType)}) of length 1 (every side), ndim
 * (both sides of each axis) or 2·ndim (each side) is used as given, and sides at the global
 * boundary get zero-filled layers.
 *
 * <p><b>Forward</b> {@code y = H x}: each rank places its block at offset {@code h−} of a zero
 * array of its extent, then, axis by axis in order 0..ndim−1, sends its first {@code h−} core
 * layers to the minus neighbour and its last {@code h+} core layers to the plus neighbour, and
 * receives their layers into its ghost layers. Slabs span the whole extent of the other axes, so
 * corners are filled through two hops. Entry p of rank r's extended block is
 * {@code x[start_r + p − h−_r]} when every axis of p lies in the core or in a ghost layer towards a
 * neighbour, else 0.
 *
 * <p><b>Adjoint</b> {@code x = H^T y}: the true transpose, the same exchange run backwards — axis
 * by axis in order ndim−1..0, every ghost layer is sent back to the neighbour it came from, which
 * adds it to the core layers it had sent, and is zeroed; then each rank keeps its core. Every
 * model entry thus receives the sum of its copies, and the dot-test holds. PyLops-MPI's adjoint is
 * a crop instead: that map is {@link #crop()} here.
 *
 * <p><b>Sandwiching a local operator.</b> To apply on every rank a local operator to its extended
 * block and keep the core — PyLops-MPI's {@code Halo.H @ BlockDiag([op]) @ Halo} — use
 * {@link #sandwich(LocalOperator)}, i.e. {@code crop() · MPIBlockDiag([op]) · H}. Its forward is that
 * of PyLops-MPI, and equals the global stencil operator when the stencil fits in the halo; its
 * adjoint is the true adjoint {@code H^T · BlockDiag(op^H) · crop()^T} (PyLops-MPI's composite
 * adjoint is exact only for halos at least twice the stencil radius). With this class's
 * {@link #adjoint()} the product {@code H^T · BlockDiag · H} is not the sandwich.
 *
 * <p><b>Communication</b> per product: per axis, at most one {@code sendrecv} (or lone send or
 * receive) with each of the two grid neighbours of slabs {@code h × (extent of the other axes)};
 * zero-width layers are not sent. No collective.
 *
 * <p><b>dtypes.</b> Outputs have the operator's dtype; input of another precision is converted,
 * except that complex input to a real operator gives complex output (real and imaginary parts move
 * alike).
 *
 * <p>Each rank may pass its own widths (as in PyLops-MPI), as long as the widths facing each other
 * agree ({@code h+} of a rank equals {@code h−} of its plus neighbour); dims, grid and dtype must be
 * the same everywhere.
 *
 * <p><b>Differences from PyLops-MPI</b>: the adjoint is the transpose {@code H^T}, not a crop
 * ({@link #crop()} is the crop); construction gathers every rank's widths once (one allgather after
 * one agreement allreduce) and every rank checks every rank, so bad input fails on every rank with
 * the same message; the rank order
 * of the grid is row-major without reordering; apply-time checks use the layout metadata every
 * rank holds (no allgather).
 */
public final class MPIHalo extends MPILinearOperator {

    private final int nd;
    private final long[] globalDims;
    private final int[] grid;
    /** Per rank: grid coordinates. */
    private final int[][] coords;
    /** Per rank: block start and size per axis. */
    private final long[][] starts;
    private final long[][] blocks;
    /** Per rank: widths (h0−, h0+, h1−, h1+, …) after trimming. */
    private final int[][] widths;
    private final long[] modelCounts;
    private final long[] dataCounts;

    /**
     * A halo of the same width {@code width} on every side with a neighbour (0 at the global
     * boundary), float64, ranks along the last axis. Collective.
     *
     * @param dims  (Input) the global model shape; copied
     * @param width the halo width, at least 0
     * @param comm  the communicator
     * @throws IllegalArgumentException on every rank when an argument is invalid on any rank
     */
    public MPIHalo(long[] dims, int width, Communicator comm) {
        this(dims, width, null, comm, DType.FLOAT64);
    }

    /**
     * A halo of the same width {@code width} on every side that has a neighbour, trimmed to 0 at
     * the global boundary (PyLops-MPI's integer {@code halo}). Collective: one allreduce agrees on
     * every rank's checks and on the arguments being the same everywhere.
     *
     * @param dims          (Input) the global model shape (each dimension at least 0); copied
     * @param width         the halo width, at least 0
     * @param procGridShape (Input) processes per axis, product = communicator size; null for
     *                      {@code (1, …, 1, P)}; copied
     * @param comm          the communicator
     * @param dtype         the operator's dtype
     * @throws IllegalArgumentException on every rank, naming the argument, when it is invalid on any
     *                                  rank: grid size, a width wider than a neighbour-facing
     *                                  block, arguments that differ between ranks
     */
    public MPIHalo(long[] dims, int width, int[] procGridShape, Communicator comm, DType dtype) {
        this(plan(dims, new int[] {width}, procGridShape, comm, dtype, true), comm, dtype);
    }

    /**
     * A halo of explicit widths (PyLops-MPI's tuple {@code halo}), not trimmed: sides at the global
     * boundary get zero-filled layers. Collective.
     *
     * @param dims          (Input) the global model shape; copied
     * @param halo          (Input) widths: 1 (every side), ndim (both sides of each axis) or 2·ndim
     *                      ({@code (h0−, h0+, h1−, h1+, …)}) entries, each at least 0; copied
     * @param procGridShape (Input) processes per axis, or null for {@code (1, …, 1, P)}; copied
     * @param comm          the communicator
     * @param dtype         the operator's dtype
     * @throws IllegalArgumentException on every rank when an argument is invalid on any rank, also
     *                                  when a rank's {@code h+} differs from its plus neighbour's
     *                                  {@code h−}
     */
    public MPIHalo(long[] dims, int[] halo, int[] procGridShape, Communicator comm, DType dtype) {
        this(plan(dims, halo, procGridShape, comm, dtype, false), comm, dtype);
    }

    private MPIHalo(Plan plan, Communicator comm, DType dtype) {
        super(sum(plan.dataCounts), sum(plan.modelCounts), plan.dims, new long[] {sum(plan.dataCounts)}, dtype, comm);
        this.nd = plan.dims.length;
        this.globalDims = plan.dims;
        this.grid = plan.grid;
        this.coords = plan.coords;
        this.starts = plan.starts;
        this.blocks = plan.blocks;
        this.widths = plan.widths;
        this.modelCounts = plan.modelCounts;
        this.dataCounts = plan.dataCounts;
    }

    /** Everything about every rank, computed identically on every rank. */
    private record Plan(long[] dims, int[] grid, int[][] coords, long[][] starts, long[][] blocks, int[][] widths,
            long[] modelCounts, long[] dataCounts) {
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s = Math.addExact(s, x);
        }
        return s;
    }

    private static Plan plan(long[] dims, int[] halo, int[] procGridShape, Communicator comm, DType dtype,
            boolean trim) {
        int[][] checked = Consensus.on(comm).same("dims", dims).same("procGridShape", procGridShape)
                .same("dtype", dtype).check(() -> new int[][] {checkShapes(dims, procGridShape, comm.size(), dtype),
                    normalise(halo, dims.length, trim)});
        int[] grid = checked[0];
        int[] mine = checked[1];
        // every rank may pass its own widths (PyLops-MPI too): gather them, then every rank checks
        // every rank's widths against its blocks and its neighbours' widths, reaching the same verdict
        int nd = dims.length;
        int[] c = coordsOf(comm.rank(), grid);
        long[] w = new long[2 * nd];
        for (int k = 0; k < nd; k++) {
            w[2 * k] = trim && c[k] == 0 ? 0 : mine[2 * k];
            w[2 * k + 1] = trim && c[k] == grid[k] - 1 ? 0 : mine[2 * k + 1];
        }
        long[][] all = comm.allgatherv(w);
        int[][] widths = new int[all.length][2 * nd];
        for (int r = 0; r < all.length; r++) {
            for (int i = 0; i < 2 * nd; i++) {
                widths[r][i] = (int) all[r][i];
            }
        }
        return build(dims.clone(), grid, widths);
    }

    /** Checks dims, dtype and the grid; returns the grid (the default when null). Local. */
    private static int[] checkShapes(long[] dims, int[] procGridShape, int size, DType dtype) {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("dims: must have at least one dimension, got "
                    + (dims == null ? "null" : "()"));
        }
        int nd = dims.length;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("dims: negative dimension in " + Arrays.toString(dims));
            }
        }
        if (dtype == null) {
            throw new IllegalArgumentException("dtype: must not be null");
        }
        if (procGridShape == null) {
            int[] grid = new int[nd];
            Arrays.fill(grid, 1);
            grid[nd - 1] = size;
            return grid;
        }
        int[] grid = procGridShape.clone();
        if (grid.length != nd) {
            throw new IllegalArgumentException("procGridShape: " + Arrays.toString(grid) + " has " + grid.length
                    + " entries, expected " + nd + " (one per axis of dims " + Arrays.toString(dims) + ")");
        }
        long g = 1;
        for (int v : grid) {
            if (v < 1) {
                throw new IllegalArgumentException("procGridShape: " + Arrays.toString(grid)
                        + ", expected at least 1 process per axis");
            }
            g *= v;
        }
        if (g != size) {
            throw new IllegalArgumentException("procGridShape: grid_shape " + Arrays.toString(grid) + " has " + g
                    + " processes, does not match comm size " + size);
        }
        return grid;
    }

    /** This rank's widths {@code (h0−, h0+, …)} before trimming. Local. */
    private static int[] normalise(int[] halo, int nd, boolean trim) {
        if (halo == null) {
            throw new IllegalArgumentException("halo: must not be null");
        }
        int[] h = new int[2 * nd];
        if (halo.length == 1) {
            Arrays.fill(h, halo[0]);
        } else if (halo.length == nd) {
            for (int k = 0; k < nd; k++) {
                h[2 * k] = halo[k];
                h[2 * k + 1] = halo[k];
            }
        } else if (halo.length == 2 * nd) {
            System.arraycopy(halo, 0, h, 0, 2 * nd);
        } else {
            throw new IllegalArgumentException("halo: " + Arrays.toString(halo) + " has " + halo.length
                    + " entries, expected 1, " + nd + " or " + 2 * nd + " (Invalid halo length)");
        }
        for (int v : h) {
            if (v < 0) {
                throw new IllegalArgumentException("halo: " + (trim ? String.valueOf(halo[0]) : Arrays.toString(halo))
                        + ", widths must be non-negative");
            }
        }
        return h;
    }

    /** Blocks and checks of every rank from every rank's widths; the same on every rank. */
    private static Plan build(long[] dims, int[] grid, int[][] widths) {
        int nd = dims.length;
        int size = widths.length;
        int[][] coords = new int[size][];
        long[][] starts = new long[size][nd];
        long[][] blocks = new long[size][nd];
        long[] mc = new long[size];
        long[] dc = new long[size];
        for (int r = 0; r < size; r++) {
            coords[r] = coordsOf(r, grid);
            long m = 1;
            long e = 1;
            for (int k = 0; k < nd; k++) {
                long b = (dims[k] + grid[k] - 1) / grid[k];
                starts[r][k] = Math.min(coords[r][k] * b, dims[k]);
                blocks[r][k] = Math.min((coords[r][k] + 1) * b, dims[k]) - starts[r][k];
                for (int side = 0; side < 2; side++) {
                    boolean neighbour = side == 0 ? coords[r][k] > 0 : coords[r][k] < grid[k] - 1;
                    int w = widths[r][2 * k + side];
                    if (neighbour && w > blocks[r][k]) {
                        throw new IllegalArgumentException("halo: width " + w + " on the " + (side == 0 ? "minus" : "plus")
                                + " side of axis " + k + " of rank " + r + " (grid coordinates "
                                + Arrays.toString(coords[r]) + "): halo width exceeds local block size " + blocks[r][k]);
                    }
                }
                m = Math.multiplyExact(m, blocks[r][k]);
                e = Math.multiplyExact(e, blocks[r][k] + widths[r][2 * k] + widths[r][2 * k + 1]);
            }
            mc[r] = m;
            dc[r] = e;
        }
        for (int r = 0; r < size; r++) {
            for (int k = 0; k < nd; k++) {
                int q = neighbour(coords[r], k, +1, grid);
                if (q >= 0 && widths[r][2 * k + 1] != widths[q][2 * k]) {
                    throw new IllegalArgumentException("halo: h+ = " + widths[r][2 * k + 1] + " of rank " + r
                            + " on axis " + k + " does not match neighbor halo width h- = " + widths[q][2 * k]
                            + " of rank " + q);
                }
            }
        }
        return new Plan(dims, grid, coords, starts, blocks, widths, mc, dc);
    }

    private static int[] coordsOf(int rank, int[] grid) {
        int[] c = new int[grid.length];
        int rem = rank;
        for (int k = grid.length - 1; k >= 0; k--) {
            c[k] = rem % grid[k];
            rem /= grid[k];
        }
        return c;
    }

    /** The rank one step along {@code axis} in direction {@code dir}, or -1 past the grid's edge. */
    private static int neighbour(int[] c, int axis, int dir, int[] grid) {
        int ck = c[axis] + dir;
        if (ck < 0 || ck >= grid[axis]) {
            return -1;
        }
        int r = 0;
        for (int k = 0; k < grid.length; k++) {
            r = r * grid[k] + (k == axis ? ck : c[k]);
        }
        return r;
    }

    // ============================================================== accessors (local)

    /**
     * Processes per axis; a copy. Local.
     *
     * @return processes per axis
     */
    public int[] procGridShape() {
        return grid.clone();
    }

    /**
     * This rank's grid coordinates; a copy. Local.
     *
     * @return this rank's grid coordinates
     */
    public int[] coords() {
        return coords[rank()].clone();
    }

    /**
     * The global index of the first element of this rank's block, per axis; a copy. Local.
     *
     * @return the global index of the first element of this rank's block, per axis
     */
    public long[] blockStart() {
        return starts[rank()].clone();
    }

    /**
     * This rank's block shape (PyLops-MPI's {@code local_dims}); a copy. Local.
     *
     * @return this rank's block shape (PyLops-MPI's {@code local_dims})
     */
    public long[] localDims() {
        return blocks[rank()].clone();
    }

    /**
     * This rank's extended block shape, block plus both widths per axis; a copy. Local.
     *
     * @return this rank's extended block shape, block plus both widths per axis
     */
    public long[] localExtent() {
        return extent(rank());
    }

    private long[] extent(int r) {
        long[] e = new long[nd];
        for (int k = 0; k < nd; k++) {
            e[k] = blocks[r][k] + widths[r][2 * k] + widths[r][2 * k + 1];
        }
        return e;
    }

    /**
     * This rank's widths {@code (h0−, h0+, h1−, h1+, …)} after trimming; a copy. Local.
     *
     * @return this rank's widths {@code (h0−, h0+, h1−, h1+, …)} after trimming
     */
    public int[] haloWidths() {
        return widths[rank()].clone();
    }

    /**
     * Elements per rank of the model vector (block sizes); a copy. Local.
     *
     * @return elements per rank of the model vector (block sizes)
     */
    public long[] modelCounts() {
        return modelCounts.clone();
    }

    /**
     * Elements per rank of the data vector (extended block sizes); a copy. Local.
     *
     * @return elements per rank of the data vector (extended block sizes)
     */
    public long[] dataCounts() {
        return dataCounts.clone();
    }

    /**
     * The model vector of a global array: each rank keeps its block, flattened. Local (every rank
     * passes the same array).
     *
     * @param global (Input) {@code prod(dims)} entries in row-major order (any shape); not modified
     * @return a new 1-d SCATTER array of the global array's dtype in the layout of {@link #modelCounts()}
     * @throws IllegalArgumentException if the size is not {@code prod(dims)}
     */
    public DistributedArray toModel(NdArray global) {
        if (global == null || global.size() != cols()) {
            throw new IllegalArgumentException("global: " + (global == null ? "null" : global.size() + " entries")
                    + ", expected " + cols() + " (dims " + Arrays.toString(globalDims) + ")");
        }
        int me = rank();
        NdArray local = NdArray.zeros(global.dtype(), modelCounts[me]);
        long[] strides = strides(globalDims);
        long[] b = blocks[me];
        long[] idx = new long[nd];
        for (long f = 0; f < modelCounts[me]; f++) {
            unravel(f, b, idx);
            long g = 0;
            for (int k = 0; k < nd; k++) {
                g += (starts[me][k] + idx[k]) * strides[k];
            }
            local.set(f, global.re(g), global.im(g));
        }
        return DistributedArray.builder(communicator(), cols()).localShapes(shapes(modelCounts)).dtype(global.dtype())
                .localArray(local).buildLocal();
    }

    /**
     * The global array of a model vector, on every rank. Collective: one allreduce agrees on every
     * rank's check of {@code model} and on its layout being the same everywhere, then one allgather.
     *
     * @param model (Input) a model vector in the layout of {@link #modelCounts()}; not modified
     * @return a new array of shape {@code dims}
     * @throws IllegalArgumentException on every rank, naming {@code model}, when on any rank it does
     *                                  not have the model layout, or its layout differs between ranks
     */
    public NdArray fromModel(DistributedArray model) {
        Consensus.on(communicator()).same("model (its layout)", model == null ? null : model.layout()).check(() -> {
            requireLayout("model", OperandChecks.requireVector("model", model, cols()), modelCounts);
            return null;
        });
        NdArray all = CollectiveChecks.agreed(() -> model.asArray());
        NdArray out = NdArray.zeros(model.dtype(), globalDims);
        long[] strides = strides(globalDims);
        long off = 0;
        long[] idx = new long[nd];
        for (int r = 0; r < modelCounts.length; r++) {
            for (long f = 0; f < modelCounts[r]; f++) {
                unravel(f, blocks[r], idx);
                long g = 0;
                for (int k = 0; k < nd; k++) {
                    g += (starts[r][k] + idx[k]) * strides[k];
                }
                out.set(g, all.re(off + f), all.im(off + f));
            }
            off += modelCounts[r];
        }
        return out;
    }

    /**
     * A zero model vector of the operator's dtype in the layout of {@link #modelCounts()}. Local.
     *
     * @return the new vector
     */
    public DistributedArray zerosModel() {
        return DistributedArray.builder(communicator(), cols()).localShapes(shapes(modelCounts)).dtype(dtype())
                .buildLocal();
    }

    /**
     * A zero data vector of the operator's dtype in the layout of {@link #dataCounts()}. Local.
     *
     * @return the new vector
     */
    public DistributedArray zerosData() {
        return DistributedArray.builder(communicator(), rows()).localShapes(shapes(dataCounts)).dtype(dtype())
                .buildLocal();
    }

    private static long[][] shapes(long[] counts) {
        long[][] s = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            s[r] = new long[] {counts[r]};
        }
        return s;
    }

    private static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int k = shape.length - 1; k >= 0; k--) {
            s[k] = acc;
            acc *= shape[k];
        }
        return s;
    }

    private static void unravel(long flat, long[] shape, long[] out) {
        for (int k = shape.length - 1; k >= 0; k--) {
            out[k] = shape[k] == 0 ? 0 : flat % shape[k];
            flat = shape[k] == 0 ? 0 : flat / shape[k];
        }
    }

    // ============================================================== sandwich helpers

    /**
     * The crop {@code C}: data vector (extended blocks) → model vector (each rank's core), the map
     * PyLops-MPI calls the halo's adjoint. Its adjoint is the exact transpose: the core placed in a
     * zero extended block. {@code C · H} is the identity. Local (no communication in its products).
     *
     * @return the crop operator
     */
    public MPILinearOperator crop() {
        return new Crop(this);
    }

    /**
     * {@code crop() · MPIBlockDiag([inner]) · H}: applies {@code inner} to this rank's extended
     * block and keeps the core (PyLops-MPI's {@code Halo.H @ MPIBlockDiag([inner]) @ Halo} in the
     * forward direction), with the true adjoint. Collective (the block operator's construction).
     *
     * @param inner this rank's local operator, square on {@code prod(localExtent())} entries
     * @return the composite, {@code prod(dims)} × {@code prod(dims)}
     * @throws IllegalArgumentException on every rank when some rank's {@code inner} does not fit its extended block
     */
    public MPILinearOperator sandwich(LocalOperator inner) {
        long n = dataCounts[rank()];
        String error = inner == null ? "inner: must not be null"
                : inner.rows() != n || inner.cols() != n ? "inner: " + inner.rows() + "x" + inner.cols()
                        + " on rank " + rank() + ", expected " + n + "x" + n + " (the extended block "
                        + Arrays.toString(localExtent()) + ")"
                : null;
        CollectiveChecks.agree(communicator(), error);
        MPIBlockDiag bd = new MPIBlockDiag(List.of(inner), communicator());
        return crop().times(bd).times(this);
    }

    /** The crop and its transpose (see {@link #crop()}). */
    private static final class Crop extends MPILinearOperator {
        private final MPIHalo halo;

        Crop(MPIHalo halo) {
            super(halo.cols(), halo.rows(), halo.dimsd(), halo.dims(), halo.dtype(), halo.communicator());
            this.halo = halo;
        }

        @Override
        protected DistributedArray doMatvec(DistributedArray x) {
            return halo.cropOrPad(x, true);
        }

        @Override
        protected DistributedArray doRmatvec(DistributedArray y) {
            return halo.cropOrPad(y, false);
        }
    }

    // ============================================================== products

    private void requireLayout(String what, DistributedArray x, long[] counts) {
        OperandChecks.requirePartition(what, x, Partition.SCATTER);
        long[] have = x.localSizes();
        for (int r = 0; r < counts.length; r++) {
            if (have[r] != counts[r]) {
                throw new IllegalArgumentException(what + ": rank " + r + " holds " + have[r]
                        + " elements but its " + (counts == modelCounts ? "block " + Arrays.toString(blocks[r])
                        : "extended block " + Arrays.toString(extent(r))) + " has " + counts[r]
                        + " (local sizes " + Arrays.toString(have) + ", expected " + Arrays.toString(counts)
                        + "; build vectors with toModel/zerosModel/zerosData)");
            }
        }
    }

    private DType workType(DType input) {
        return dtype().isComplex() || !input.isComplex() ? dtype() : dtype().complexType();
    }

    /**
     * {@code y = H x}. Collective over the grid neighbours (see the class documentation).
     *
     * @param x (Input) the model vector, SCATTER in the layout of {@link #modelCounts()}; not modified
     * @throws IllegalArgumentException on every rank for another partition or layout
     */
    @Override
    protected DistributedArray doMatvec(DistributedArray x) {
        requireLayout("x", x, modelCounts);
        DType dt = workType(x.dtype());
        DistributedArray in = x.astype(dt, false);
        DistributedArray y = OperandChecks.newScatter1d(in, dataCounts, x.mask(), dt);
        int me = rank();
        Engine eng = in.engine();
        long[] ext = extent(me);
        long[] at = new long[nd];
        for (int k = 0; k < nd; k++) {
            at[k] = widths[me][2 * k];
        }
        copyBox(eng, in.localBuffer(), blocks[me], new long[nd], y.localBuffer(), ext, at, blocks[me]);
        for (int k = 0; k < nd; k++) {
            exchange(eng, y.localBuffer(), ext, k, dt, false);
        }
        return y;
    }

    /**
     * {@code x = H^T y}. Collective over the grid neighbours.
     *
     * @param y (Input) the data vector, SCATTER in the layout of {@link #dataCounts()}; not modified
     * @throws IllegalArgumentException on every rank for another partition or layout
     */
    @Override
    protected DistributedArray doRmatvec(DistributedArray y) {
        requireLayout("y", y, dataCounts);
        DType dt = workType(y.dtype());
        DistributedArray in = y.astype(dt, false);
        int me = rank();
        Engine eng = in.engine();
        Buffer work = eng.copyOf(in.localBuffer());
        long[] ext = extent(me);
        for (int k = nd - 1; k >= 0; k--) {
            exchange(eng, work, ext, k, dt, true);
        }
        DistributedArray x = OperandChecks.newScatter1d(in, modelCounts, y.mask(), dt);
        long[] at = new long[nd];
        for (int k = 0; k < nd; k++) {
            at[k] = widths[me][2 * k];
        }
        copyBox(eng, work, ext, at, x.localBuffer(), blocks[me], new long[nd], blocks[me]);
        return x;
    }

    /** The crop ({@code crop == true}) or its transpose, the zero-padding embedding. Local. */
    private DistributedArray cropOrPad(DistributedArray v, boolean crop) {
        requireLayout(crop ? "x" : "y", v, crop ? dataCounts : modelCounts);
        DType dt = workType(v.dtype());
        DistributedArray in = v.astype(dt, false);
        DistributedArray out = OperandChecks.newScatter1d(in, crop ? modelCounts : dataCounts, v.mask(), dt);
        int me = rank();
        long[] ext = extent(me);
        long[] at = new long[nd];
        for (int k = 0; k < nd; k++) {
            at[k] = widths[me][2 * k];
        }
        if (crop) {
            copyBox(in.engine(), in.localBuffer(), ext, at, out.localBuffer(), blocks[me], new long[nd], blocks[me]);
        } else {
            copyBox(in.engine(), in.localBuffer(), blocks[me], new long[nd], out.localBuffer(), ext, at, blocks[me]);
        }
        return out;
    }

    /**
     * The exchange along {@code axis} of the extended block {@code buf} (shape {@code ext}).
     * Forward: ghost layers ← the neighbours' edge core layers. Transpose: the neighbours' edge
     * core layers += my ghost layers, then my ghost layers ← 0. Two shifts (towards plus, towards
     * minus), each a sendrecv, or a lone send or receive at the chain's ends; zero-width layers are
     * skipped (both sides know the widths).
     */
    private void exchange(Engine eng, Buffer buf, long[] ext, int axis, DType dt, boolean transpose) {
        int me = rank();
        int minus = neighbour(coords[me], axis, -1, grid);
        int plus = neighbour(coords[me], axis, +1, grid);
        int hm = widths[me][2 * axis];
        int hp = widths[me][2 * axis + 1];
        long e = ext[axis];
        // shift 1 travels towards plus: forward sends my last hp core layers, receives my hm ghost
        // layers from minus; transpose sends my hp ghost layers up, receives into my first hm core layers
        long sendLo1 = transpose ? e - hp : e - 2L * hp;
        long recvLo1 = transpose ? hm : 0;
        shift(eng, buf, ext, axis, dt, plus >= 0 ? plus : -1, plus >= 0 ? hp : 0, sendLo1,
                minus >= 0 ? minus : -1, minus >= 0 ? hm : 0, recvLo1, transpose, 2 * axis);
        // shift 2 travels towards minus: forward sends my first hm core layers, receives my hp ghost
        // layers from plus; transpose sends my hm ghost layers down, receives into my last hp core layers
        long sendLo2 = transpose ? 0 : hm;
        long recvLo2 = transpose ? e - 2L * hp : e - hp;
        shift(eng, buf, ext, axis, dt, minus >= 0 ? minus : -1, minus >= 0 ? hm : 0, sendLo2,
                plus >= 0 ? plus : -1, plus >= 0 ? hp : 0, recvLo2, transpose, 2 * axis + 1);
        if (transpose) {
            zeroSlab(eng, buf, ext, axis, 0, hm, dt);
            zeroSlab(eng, buf, ext, axis, e - hp, hp, dt);
        }
    }

    /** Sends {@code sendW} layers from {@code sendLo} to {@code dst} and receives {@code recvW} layers at {@code recvLo} from {@code src}. */
    private void shift(Engine eng, Buffer buf, long[] ext, int axis, DType dt, int dst, int sendW, long sendLo,
            int src, int recvW, long recvLo, boolean add, int tag) {
        if (sendW == 0 && recvW == 0) {
            return;
        }
        long[] sShape = ext.clone();
        sShape[axis] = sendW;
        long[] rShape = ext.clone();
        rShape[axis] = recvW;
        Buffer s = null;
        Buffer r = null;
        if (sendW > 0) {
            s = eng.allocate(dt.elementType(), product(sShape));
            copyBox(eng, buf, ext, at(ext.length, axis, sendLo), s, sShape, new long[ext.length], sShape);
        }
        if (recvW > 0) {
            r = eng.allocate(dt.elementType(), product(rShape));
        }
        transfer(s, product(sShape), dst, r, product(rShape), src, dt, tag);
        if (r != null) {
            long[] where = at(ext.length, axis, recvLo);
            if (add) {
                Buffer cur = eng.allocate(dt.elementType(), product(rShape));
                copyBox(eng, buf, ext, where, cur, rShape, new long[ext.length], rShape);
                eng.add(cur, r, cur);
                r = cur;
            }
            copyBox(eng, r, rShape, new long[ext.length], buf, ext, where, rShape);
        }
    }

    /** One point-to-point step of a shift: sendrecv, or a lone send or receive. */
    private void transfer(Buffer s, long sn, int dst, Buffer r, long rn, int src, DType dt, int tag) {
        Communicator comm = communicator();
        Datatype type = dt.datatype();
        if (s != null && r != null) {
            comm.sendrecv(s.segment(), sn, dst, tag, r.segment(), rn, src, tag, type);
        } else if (s != null) {
            comm.send(s.segment(), sn, type, dst, tag);
        } else if (r != null) {
            comm.recv(r.segment(), rn, type, src, tag);
        }
    }

    private static void zeroSlab(Engine eng, Buffer buf, long[] ext, int axis, long lo, int w, DType dt) {
        if (w == 0) {
            return;
        }
        long[] shape = ext.clone();
        shape[axis] = w;
        Buffer z = eng.allocate(dt.elementType(), product(shape));
        copyBox(eng, z, shape, new long[ext.length], buf, ext, at(ext.length, axis, lo), shape);
    }

    private static long[] at(int nd, int axis, long lo) {
        long[] a = new long[nd];
        a[axis] = lo;
        return a;
    }

    private static long product(long[] shape) {
        long p = 1;
        for (long s : shape) {
            p *= s;
        }
        return p;
    }

    /**
     * Copies the box {@code box} at {@code srcAt} of the row-major array {@code src} (shape
     * {@code srcShape}) to {@code dstAt} of {@code dst} (shape {@code dstShape}): one
     * {@code copyRows} per index of the leading axes (all but the last two).
     */
    static void copyBox(Engine eng, Buffer src, long[] srcShape, long[] srcAt, Buffer dst, long[] dstShape,
            long[] dstAt, long[] box) {
        int nd = box.length;
        if (product(box) == 0) {
            return;
        }
        long[] ss = strides(srcShape);
        long[] ds = strides(dstShape);
        if (nd == 1) {
            eng.copy(src, srcAt[0], dst, dstAt[0], box[0]);
            return;
        }
        long lead = 1;
        for (int k = 0; k < nd - 2; k++) {
            lead *= box[k];
        }
        long[] leadShape = Arrays.copyOf(box, nd - 2);
        long[] idx = new long[Math.max(0, nd - 2)];
        for (long f = 0; f < lead; f++) {
            unravel(f, leadShape, idx);
            long so = 0;
            long dof = 0;
            for (int k = 0; k < nd - 2; k++) {
                so += (srcAt[k] + idx[k]) * ss[k];
                dof += (dstAt[k] + idx[k]) * ds[k];
            }
            so += srcAt[nd - 2] * ss[nd - 2] + srcAt[nd - 1];
            dof += dstAt[nd - 2] * ds[nd - 2] + dstAt[nd - 1];
            eng.copyRows(src, so, ss[nd - 2], dst, dof, ds[nd - 2], box[nd - 2], box[nd - 1]);
        }
    }
}
