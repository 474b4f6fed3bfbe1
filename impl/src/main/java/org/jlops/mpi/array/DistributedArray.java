package org.jlops.mpi.array;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.jlops.mpi.comm.CollectiveChecks;
import org.jlops.mpi.comm.Communicator;
import org.jlops.mpi.comm.Consensus;
import org.jlops.mpi.comm.Datatype;
import org.jlops.mpi.comm.ReduceOp;
import org.jlops.mpi.engine.Buffer;
import org.jlops.mpi.engine.ElementType;
import org.jlops.mpi.engine.Engine;
import org.jlops.mpi.engine.Reduction;
import org.jlops.mpi.profile.LogView;

/**
 * An n-d array distributed over the ranks of a communicator (PyLops-MPI's {@code DistributedArray}).
 *
 * <p>A {@link Partition#SCATTER} array splits its global shape along one axis with
 * {@link LocalSplit} (or explicit local shapes): rank r holds a row-major slab of
 * {@code localShapes()[r]}. A {@link Partition#BROADCAST} or {@link Partition#UNSAFE_BROADCAST}
 * array holds the whole global array on every rank. The local block lives in an {@link Engine}
 * {@link Buffer} of the array's {@link DType}, at that dtype's own width. Global shapes are
 * {@code long}: a global array may exceed 2<sup>31</sup> elements as long as each rank's block fits
 * the engine.
 *
 * <pre>{@code
 * DistributedArray x = DistributedArray.builder(comm, 1000, 50).axis(0).dtype(DType.FLOAT64).build();
 * x.fill(1.0);
 * DistributedArray y = x.multiply(2.0).add(x);
 * double n2 = y.norm();                       // 3 * sqrt(50000), on every rank
 * NdArray whole = y.asArray();                // gathered on every rank
 * }</pre>
 *
 * <p><b>Collective or local.</b> Every method says which. Construction ({@link Builder#build},
 * {@link #toDist}) is collective: arguments that can differ between ranks are agreed on, so bad
 * input throws the same {@link IllegalArgumentException} on every rank and never hangs. Methods
 * that only derive a new array from existing ones (arithmetic, {@link #copy}, {@link #conj}, ...)
 * are local: their checks compare metadata that every rank holds identically, so they too fail on
 * every rank alike. Bad input never modifies an operand.
 *
 * <p><b>Masks.</b> A mask gives each rank a colour; the ranks of one colour form a sub-communicator
 * ({@link Masks}), and reductions ({@link #dot}, {@link #norm} over all elements or the
 * distribution axis, {@link #asArray(boolean) asArray(true)}) run inside it, so data replicated
 * across colour groups is counted once.
 *
 * <p><b>dtypes.</b> Results take the left operand's dtype, as in PyLops-MPI; operands of
 * different dtypes are rejected. Multiplying a real array by a complex scalar keeps the real part
 * of the product.
 *
 * <p><b>Differences from PyLops-MPI</b> (numbered as in {@code docs/differences.md}):
 * <ol>
 *   <li>Checks whose outcome can differ between ranks (explicit local shapes, masks, the global
 *       shape passed to {@code toDist}, reshape requests, BROADCAST assignments) are agreed on
 *       collectively before any further collective: every rank throws the same
 *       {@link IllegalArgumentException} (PyLops-MPI raises on some ranks only, which can hang).</li>
 *   <li>Every rank must pass the same global shape, partition, axis, dtype, mask, local-shape list
 *       and engine; the first differing argument is reported (PyLops-MPI does not check).</li>
 *   <li>{@link #addGhostCells} validates every rank's request before any message: a request larger
 *       than the neighbour's slab fails on every rank with a message naming both ranks.</li>
 *   <li>Bad input never modifies an operand: every check runs before the first write.</li>
 *   <li>Operands of different dtypes are rejected (PyLops-MPI casts the right operand to the left
 *       one's dtype); a complex scalar times a real array keeps the real part, as in PyLops-MPI.</li>
 *   <li>{@link #localShapes()} is local: the list is known at construction (PyLops-MPI allgathers it
 *       on every access).</li>
 *   <li>Mask sub-communicators are split once per mask and communicator and cached (PyLops-MPI
 *       splits for every masked array, arithmetic results included).</li>
 *   <li>Arithmetic on BROADCAST arrays computes locally and does not re-broadcast rank 0's result
 *       (identical with consistent operands; PyLops-MPI broadcasts after every operation).</li>
 *   <li>Reductions of BROADCAST/UNSAFE_BROADCAST arrays are those of the SCATTER array with the
 *       same data, declared axis and mask: {@code dot} and {@code norm} both split along the
 *       declared axis and reduce over the mask's sub-communicator. PyLops-MPI re-splits along
 *       axis 0, reduces {@code dot} over the mask group but {@code norm} over the whole
 *       communicator, reduces the wrong way for {@code norm(axis=k)} with a declared axis
 *       {@code k != 0}, and concatenates P copies for norms along another axis.</li>
 *   <li>Norms sum {@code |x_i|^p}, not {@code |x_i^p|} (no NaN for negative reals and a fractional
 *       p).</li>
 *   <li>±inf norms work when some ranks hold nothing (their part is the identity) and fail with a
 *       clear message on every rank only when the reduced extent is empty globally.</li>
 *   <li>{@link #norm(double, int)} returns the global shape without the reduced axis for any number
 *       of dimensions; {@link #norm(double)} returns a scalar (PyLops-MPI returns one-element arrays
 *       and flattens results of 3-d and larger arrays).</li>
 *   <li>Negative axes are normalised everywhere ({@link #axis()} is non-negative;
 *       {@code norm(ord, -1)} on an array distributed along its last axis reduces across ranks).</li>
 *   <li>Float32/complex64 dot products and norms accumulate in double precision and round the
 *       result to single precision.</li>
 *   <li>Reductions are tree sums over the elements' global positions ({@link TreeSum}): the
 *       same bits on every rank count and every split, equal to NumPy's pairwise sums up to the
 *       last bits.</li>
 *   <li>{@link #ravel()} of a SCATTER array distributed along an axis other than 0 first
 *       redistributes to axis 0, so the result is the global C-order ravel.</li>
 *   <li>{@link #reshape(long[], int)} honours its axis argument (PyLops-MPI always returns an
 *       array distributed along axis 0).</li>
 *   <li>{@link #zerosLike()} keeps the mask (PyLops-MPI drops it, so {@code x.zerosLike().add(x)}
 *       would fail its own mask check).</li>
 *   <li>{@link #emptyLike()} is zero-filled (Java has no uninitialised arrays).</li>
 *   <li>{@link #asArray()} of a replicated array returns a copy; {@link #localArray()} is the live
 *       block.</li>
 *   <li>{@link #addGhostCells} takes counts (0 for none); front cells asked by rank 0 and back
 *       cells asked by the last rank are ignored; zero-size messages are skipped by size; even
 *       ranks send first, so no chain of blocking sends forms.</li>
 *   <li>Indexing: {@code arr[idx]} is {@link #localArray()}; {@code arr[:] = v} is
 *       {@link #assign} or {@link #fill}; partial assignments to BROADCAST arrays are not offered.</li>
 * </ol>
 *
 * <p><b>Java additions</b> (not in PyLops-MPI): results into an existing array
 * ({@link #add(DistributedVector, DistributedVector)}, {@link #subtract(DistributedVector,
 * DistributedVector)}, {@link #multiply(double, double, DistributedVector)}), one-pass in-place
 * updates ({@link #imultiply}, {@link #iaxpy}, {@link #iaypx}) and {@link Builder#buildLocal()}.
 */
@SuppressWarnings("try") // the log-view spans of try-with-resources are closed, not read
public final class DistributedArray implements DistributedVector {

    private final Communicator comm;
    private final Communicator subComm;
    private final long[] globalShape;
    private final long[][] localShapes;
    private final Partition partition;
    private final int axis;
    private final int[] mask;
    private final DType dtype;
    private final Engine engine;
    private final Buffer local;
    /** {@link #layoutFingerprint()}, computed on first use (0: not yet); arrays of one layout share it. */
    private long layoutHash;

    /** No checks, no communication: every argument is already consistent across ranks. */
    private DistributedArray(Communicator comm, Communicator subComm, long[] globalShape, long[][] localShapes,
            Partition partition, int axis, int[] mask, DType dtype, Engine engine, Buffer local) {
        this.comm = comm;
        this.subComm = subComm;
        this.globalShape = globalShape;
        this.localShapes = localShapes;
        this.partition = partition;
        this.axis = axis;
        this.mask = mask;
        this.dtype = dtype;
        this.engine = engine;
        this.local = local;
    }

    /** A new array with this one's metadata and the given local block. */
    private DistributedArray with(Buffer block) {
        DistributedArray a = new DistributedArray(comm, subComm, globalShape, localShapes, partition, axis, mask, dtype,
                engine, block);
        a.layoutHash = layoutHash;
        return a;
    }

    // =========================================================================================
    // Construction

    /**
     * Starts building an array of the given global shape on {@code comm}. Defaults: SCATTER,
     * axis 0, the balanced split, no mask, FLOAT64, the host engine, zero-filled storage.
     *
     * @param comm        the base communicator
     * @param globalShape the global dimensions (at least one), copied
     * @return the builder
     */
    public static Builder builder(Communicator comm, long... globalShape) {
        return new Builder(comm, globalShape);
    }

    /**
     * Builds {@link DistributedArray}s (PyLops-MPI's constructor arguments, one setter each).
     * {@link #build()} is collective.
     */
    public static final class Builder {
        private final Communicator comm;
        private final long[] globalShape;
        private Partition partition = Partition.SCATTER;
        private int axis;
        private long[][] localShapes;
        private int[] mask;
        private DType dtype = DType.FLOAT64;
        private boolean dtypeSet;
        private Engine engine = Engine.host();
        private NdArray localArray;
        private Buffer localBuffer;

        private Builder(Communicator comm, long[] globalShape) {
            if (comm == null) {
                throw new IllegalArgumentException("comm: must not be null");
            }
            this.comm = comm;
            this.globalShape = globalShape == null ? null : globalShape.clone();
        }

        /**
         * The partition (default SCATTER).
         *
         * @param partition the partition
         * @return this builder
         */
        public Builder partition(Partition partition) {
            this.partition = partition;
            return this;
        }

        /**
         * The distribution axis (default 0); negative values count from the end.
         *
         * @param axis the axis
         * @return this builder
         */
        public Builder axis(int axis) {
            this.axis = axis;
            return this;
        }

        /**
         * Explicit local shapes, one per rank, instead of the balanced split. SCATTER: every shape
         * equals the global one except along the axis, and those lengths sum to the global length;
         * replicated partitions: every shape equals the global one.
         *
         * @param shapes (Input) one shape per rank, the same list on every rank; copied
         * @return this builder
         */
        public Builder localShapes(long[]... shapes) {
            this.localShapes = shapes == null ? null : deepCopy(shapes);
            return this;
        }

        /**
         * A mask: one non-negative colour per rank, the same on every rank (see the class doc).
         *
         * @param mask (Input) copied; null for none
         * @return this builder
         */
        public Builder mask(int... mask) {
            this.mask = mask == null ? null : mask.clone();
            return this;
        }

        /**
         * The partition, axis, mask, dtype and engine of {@code other} (each can still be changed
         * by a later setter); the local shapes are not copied.
         *
         * @param other (Input) an array on the same communicator. Not modified.
         * @return this builder
         */
        public Builder like(DistributedArray other) {
            if (other == null) {
                throw new IllegalArgumentException("other: must not be null");
            }
            this.partition = other.partition;
            this.axis = other.axis;
            this.mask = other.mask == null ? null : other.mask.clone();
            this.dtype = other.dtype;
            this.dtypeSet = true;
            this.engine = other.engine;
            return this;
        }

        /**
         * For a 1-d SCATTER array: rank r holds {@code counts[r]} elements (a shorthand for
         * {@link #localShapes} with one-element shapes).
         *
         * @param counts (Input) one length per rank, summing to the global length; copied
         * @return this builder
         */
        public Builder localSizes(long... counts) {
            if (counts == null) {
                this.localShapes = null;
                return this;
            }
            long[][] shapes = new long[counts.length][];
            for (int r = 0; r < counts.length; r++) {
                shapes[r] = new long[] {counts[r]};
            }
            this.localShapes = shapes;
            return this;
        }

        /**
         * The element type (default FLOAT64).
         *
         * @param dtype the element type
         * @return this builder
         */
        public Builder dtype(DType dtype) {
            this.dtype = dtype;
            this.dtypeSet = true;
            return this;
        }

        /**
         * The engine holding the local block (default {@link Engine#host()}).
         *
         * @param engine the engine
         * @return this builder
         */
        public Builder engine(Engine engine) {
            this.engine = engine;
            return this;
        }

        /**
         * Uses {@code localArray} as this rank's local block, not copied: later in-place operations
         * on the distributed array write into it. Its shape must be this rank's local shape; its
         * dtype becomes the array's (a different explicit {@link #dtype} is an error).
         *
         * @param localArray (Input/Output) the local block, host engine only
         * @return this builder
         */
        public Builder localArray(NdArray localArray) {
            this.localArray = localArray;
            return this;
        }

        /**
         * Uses {@code localBuffer} as this rank's local block, not copied: later in-place operations
         * on the distributed array write into it, and arrays built on one buffer share their data
         * (a view of an array with another mask, say). The buffer must belong to this builder's
         * {@link #engine} and hold this rank's local size of elements of the {@link #dtype}; it works
         * on every engine, where {@link #localArray} works on the host only.
         *
         * @param localBuffer (Input/Output) the local block; not copied
         * @return this builder
         */
        public Builder localBuffer(Buffer localBuffer) {
            this.localBuffer = localBuffer;
            return this;
        }

        /**
         * Creates the array. Collective over the communicator: one allreduce agrees on every
         * rank's checks and on the arguments being equal everywhere, then a mask's sub-communicator
         * is split (once per mask, cached).
         *
         * @return the array
         * @throws IllegalArgumentException on every rank, naming the bad argument, when any rank's
         *                                  arguments are invalid or differ from another rank's
         */
        public DistributedArray build() {
            return build(null, true);
        }

        /**
         * Creates the array without communication (except a first-time mask split): for callers
         * that derive every argument from existing arrays, so that they are equal on every rank
         * by construction (operators creating their outputs). Errors are raised on the ranks
         * that detect them.
         *
         * @return the array
         * @throws IllegalArgumentException naming the bad argument
         */
        public DistributedArray buildLocal() {
            return build(null, false);
        }

        DistributedArray build(String priorError, boolean agree) {
            String error = priorError;
            long[][] shapes = null;
            int ax = 0;
            DType dt = dtype;
            Buffer block = null;
            if (error == null) {
                try {
                    Shapes.checkShape("globalShape", globalShape);
                    if (globalShape.length == 0) {
                        throw new IllegalArgumentException("globalShape: needs at least one dimension, got ()");
                    }
                    if (partition == null) {
                        throw new IllegalArgumentException("partition: must be one of SCATTER, BROADCAST, "
                                + "UNSAFE_BROADCAST, got null");
                    }
                    ax = Shapes.normaliseAxis("axis", axis, globalShape.length);
                    if (dtype == null) {
                        throw new IllegalArgumentException("dtype: must not be null");
                    }
                    if (engine == null) {
                        throw new IllegalArgumentException("engine: must not be null");
                    }
                    if (localArray != null) {
                        if (dtypeSet && localArray.dtype() != dtype) {
                            throw new IllegalArgumentException("localArray: its dtype " + localArray.dtype()
                                    + " differs from dtype " + dtype);
                        }
                        dt = localArray.dtype();
                    }
                    if (mask != null) {
                        String m = Masks.check(mask, comm.size());
                        if (m != null) {
                            throw new IllegalArgumentException(m);
                        }
                    }
                    shapes = localShapes != null ? checkLocalShapes(localShapes, globalShape, partition, ax, comm.size())
                            : LocalSplit.localShapes(globalShape, comm.size(), partition, ax);
                    long[] mine = shapes[comm.rank()];
                    long n = Shapes.size(mine);
                    if (localBuffer != null) {
                        block = checkedBuffer(localBuffer, localArray, engine, dt, n);
                    } else if (localArray != null) {
                        if (!Arrays.equals(localArray.shape(), mine)) {
                            throw new IllegalArgumentException("localArray: shape " + Shapes.str(localArray.shape())
                                    + " differs from this rank's local shape " + Shapes.str(mine));
                        }
                        try {
                            block = engine.wrap(localArray.data(), dt.elementType());
                        } catch (UnsupportedOperationException e) {
                            throw new IllegalArgumentException("localArray: engine " + engine.name() + " cannot use a "
                                    + "Java array as its storage (" + e.getMessage() + "); build the array, then "
                                    + "assign(value)");
                        }
                    } else {
                        try {
                            block = engine.allocate(dt.elementType(), n);
                        } catch (OutOfMemoryError e) {
                            throw new IllegalArgumentException("globalShape: the local block of "
                                    + Shapes.str(mine) + " " + dt + " elements does not fit in memory");
                        }
                    }
                } catch (IllegalArgumentException e) {
                    error = e.getMessage();
                }
            }
            if (agree) {
                CollectiveChecks.agreeSame(comm, error,
                        new String[] {"globalShape", "partition", "axis", "dtype", "mask", "localShapes", "engine"},
                        new long[][] {globalShape, {partition == null ? -1 : partition.ordinal()}, {ax},
                            {dt == null ? -1 : dt.ordinal()}, mask == null ? null : toLongs(mask),
                            localShapes == null ? null : flatten(localShapes),
                            {engine == null ? 0 : engine.name().hashCode()}});
            } else if (error != null) {
                throw new IllegalArgumentException(error);
            }
            Communicator sub = mask == null ? comm : Masks.subcommSplit(comm, mask);
            return new DistributedArray(comm, sub, globalShape.clone(), shapes, partition, ax,
                    mask == null ? null : mask.clone(), dt, engine, block);
        }
    }

    /** The local buffer given to a builder, once it is found to suit the array. */
    private static Buffer checkedBuffer(Buffer b, NdArray localArray, Engine engine, DType dt, long n) {
        if (localArray != null) {
            throw new IllegalArgumentException("localBuffer: give a local buffer or a local array, not both");
        }
        Engine owner;
        try {
            owner = b.engine();
        } catch (UnsupportedOperationException e) {
            owner = null;
        }
        if (owner != engine) {
            throw new IllegalArgumentException("localBuffer: a buffer of engine " + (owner == null ? "(none)"
                    : owner.name()) + ", but the array is on engine " + engine.name());
        }
        if (b.type() != dt.elementType() || b.length() != n) {
            throw new IllegalArgumentException("localBuffer: " + b.length() + " elements of " + b.type()
                    + ", but this rank's block holds " + n + " of " + dt.elementType());
        }
        return b;
    }

    /** Validates an explicit local-shape list (PyLops-MPI's {@code _check_local_shapes}); returns a copy. */
    private static long[][] checkLocalShapes(long[][] shapes, long[] global, Partition partition, int axis, int size) {
        if (shapes.length != size) {
            throw new IllegalArgumentException("localShapes: expected one shape per rank (" + size + "), got "
                    + shapes.length);
        }
        long sum = 0;
        for (int r = 0; r < size; r++) {
            long[] s = shapes[r];
            if (s == null) {
                throw new IllegalArgumentException("localShapes: the shape of rank " + r + " is null");
            }
            Shapes.checkShape("localShapes[" + r + "]", s);
            if (s.length != global.length) {
                throw new IllegalArgumentException("localShapes: rank " + r + " has " + Shapes.str(s) + " with "
                        + s.length + " dimensions but globalShape " + Shapes.str(global) + " has " + global.length);
            }
            if (partition.isReplicated()) {
                if (!Arrays.equals(s, global)) {
                    throw new IllegalArgumentException("localShapes: a " + partition + " array holds the global shape "
                            + Shapes.str(global) + " on every rank, but rank " + r + " has " + Shapes.str(s));
                }
            } else {
                for (int i = 0; i < s.length; i++) {
                    if (i != axis && s[i] != global[i]) {
                        throw new IllegalArgumentException("localShapes: rank " + r + " has " + Shapes.str(s)
                                + ", which differs from globalShape " + Shapes.str(global)
                                + " along axis " + i + " (only axis " + axis + " is split)");
                    }
                }
                sum += s[axis];
            }
        }
        if (!partition.isReplicated() && sum != global[axis]) {
            throw new IllegalArgumentException("localShapes: lengths along axis " + axis + " sum to " + sum
                    + " but globalShape " + Shapes.str(global) + " has " + global[axis]);
        }
        return deepCopy(shapes);
    }

    /**
     * Distributes a global array that every rank passes (PyLops-MPI's {@code to_dist}) along axis 0,
     * SCATTER, with the balanced split. Collective.
     *
     * @param x (Input) the global array, the same shape on every rank. Not modified.
     * @param comm the base communicator
     * @return the distributed array
     */
    public static DistributedArray toDist(NdArray x, Communicator comm) {
        return toDist(x, comm, Partition.SCATTER, 0, null, null);
    }

    /**
     * {@link #toDist(NdArray, Communicator, Partition, int, long[][], int[])} without local shapes or mask.
     *
     * @param x         (Input) the global array, the same on every rank. Not modified (copied).
     * @param comm      the base communicator
     * @param partition the partition
     * @param axis      the distribution axis (negative counts from the end)
     * @return the distributed array
     */
    public static DistributedArray toDist(NdArray x, Communicator comm, Partition partition, int axis) {
        return toDist(x, comm, partition, axis, null, null);
    }

    /**
     * Distributes a global array that every rank passes. SCATTER: rank r keeps its slab of
     * {@code x} along {@code axis}; BROADCAST: every rank gets rank 0's {@code x}; UNSAFE_BROADCAST:
     * every rank keeps its own {@code x}. Collective.
     *
     * @param x           (Input) the global array, same shape on every rank. Not modified (copied).
     * @param comm        the base communicator
     * @param partition   the partition
     * @param axis        the distribution axis (negative counts from the end)
     * @param localShapes (Input) explicit local shapes, or null for the balanced split
     * @param mask        (Input) one colour per rank, or null
     * @return the distributed array
     * @throws IllegalArgumentException on every rank if any rank's arguments are invalid or differ
     */
    public static DistributedArray toDist(NdArray x, Communicator comm, Partition partition, int axis,
            long[][] localShapes, int[] mask) {
        try (LogView.Span span = LogView.span(LogView.Kind.ARRAY, "DistributedArray.toDist")) {
            Builder b = builder(comm, x == null ? new long[] {0} : x.shape()).partition(partition).axis(axis)
                    .localShapes(localShapes).mask(mask).dtype(x == null ? DType.FLOAT64 : x.dtype());
            DistributedArray out = b.build(x == null ? "x: must not be null" : null, true);
            Buffer src = Engine.host().wrap(x.data(), x.dtype().elementType());
            switch (out.partition) {
                case SCATTER -> {
                    long n = out.globalShape[out.axis];
                    long start = out.offsetAlongAxis(out.comm.rank());
                    long len = out.localShapes[out.comm.rank()][out.axis];
                    long inner = Shapes.inner(out.globalShape, out.axis);
                    out.engine.copyRows(src, start * inner, n * inner, out.local, 0, len * inner,
                            Shapes.outer(out.globalShape, out.axis), len * inner);
                }
                case BROADCAST -> {
                    if (out.comm.rank() == 0) {
                        out.engine.copy(src, 0, out.local, 0, out.local.length());
                    }
                    out.comm.bcast(out.local.segment(), out.local.length(), out.dtype.datatype(), 0);
                }
                case UNSAFE_BROADCAST -> out.engine.copy(src, 0, out.local, 0, out.local.length());
            }
            return out;
        }
    }

    // =========================================================================================
    // Properties (all local)

    /**
     * The global shape (a copy). Local.
     *
     * @return a copy of the global shape
     */
    public long[] globalShape() {
        return globalShape.clone();
    }

    /**
     * This rank's local shape (a copy). Local.
     *
     * @return a copy of this rank's local shape
     */
    public long[] localShape() {
        return localShapes[comm.rank()].clone();
    }

    /**
     * Every rank's local shape, indexed by rank (a copy). Local: known since construction.
     *
     * @return a copy of every rank's local shape
     */
    public long[][] localShapes() {
        return deepCopy(localShapes);
    }

    /**
     * Number of global dimensions. Local.
     *
     * @return the number of dimensions
     */
    public int ndim() {
        return globalShape.length;
    }

    @Override
    public long globalSize() {
        return Shapes.size(globalShape);
    }

    /**
     * Number of local elements. Local.
     *
     * @return the number of local elements
     */
    public long localSize() {
        return local.length();
    }

    /**
     * The partition. Local.
     *
     * @return the partition
     */
    public Partition partition() {
        return partition;
    }

    /**
     * The distribution axis, in {@code [0, ndim())}. Local.
     *
     * @return the distribution axis
     */
    public int axis() {
        return axis;
    }

    /**
     * The mask (a copy), or null. Local.
     *
     * @return a copy of the mask, or null
     */
    public int[] mask() {
        return mask == null ? null : mask.clone();
    }

    /** The element type. Local. */
    @Override
    public DType dtype() {
        return dtype;
    }

    /**
     * The number of elements of every rank's local block, indexed by rank. Local.
     *
     * @return every rank's local element count
     */
    public long[] localSizes() {
        long[] n = new long[localShapes.length];
        for (int r = 0; r < n.length; r++) {
            n[r] = Shapes.size(localShapes[r]);
        }
        return n;
    }

    @Override
    public boolean sameLayout(DistributedVector other) {
        return other instanceof DistributedArray o && o.dtype == dtype && o.partition == partition
                && o.axis == axis && Arrays.equals(o.globalShape, globalShape) && Shapes.equal(o.localShapes, localShapes)
                && Arrays.equals(o.mask, mask) && o.engine == engine;
    }

    @Override
    public String layout() {
        StringBuilder local = new StringBuilder("[");
        for (int r = 0; r < localShapes.length; r++) {
            local.append(r == 0 ? "" : ", ").append(Arrays.toString(localShapes[r]));
        }
        return "DistributedArray(" + dtype + ", " + partition + ", global " + Arrays.toString(globalShape) + ", local "
                + local + "]" + (mask == null ? "" : ", mask " + Arrays.toString(mask)) + ")";
    }

    @Override
    public boolean livesOn(Communicator comm) {
        return this.comm == comm;
    }

    @Override
    public long layoutFingerprint() {
        long h = layoutHash;
        if (h == 0) {
            long[] flat = new long[localShapes.length * (globalShape.length + 1)];
            for (int r = 0, k = 0; r < localShapes.length; r++) {
                flat[k++] = localShapes[r].length;
                for (long d : localShapes[r]) {
                    flat[k++] = d;
                }
            }
            h = CollectiveChecks.fingerprint(new long[][] {{0, dtype.ordinal(), partition.ordinal(), axis,
                engine.name().hashCode()}, globalShape, flat, mask == null ? null : toLongs(mask)});
            layoutHash = h == 0 ? 1 : h;
        }
        return layoutHash;
    }

    /**
     * The engine holding the local block. Local.
     *
     * @return the engine
     */
    public Engine engine() {
        return engine;
    }

    @Override
    public Communicator communicator() {
        return comm;
    }

    /**
     * The mask's sub-communicator, or the base communicator without a mask. Local.
     *
     * @return the communicator of this rank's mask group
     */
    public Communicator subCommunicator() {
        return subComm;
    }

    /**
     * This rank in the base communicator. Local.
     *
     * @return this rank
     */
    public int rank() {
        return comm.rank();
    }

    /**
     * Number of ranks of the base communicator. Local.
     *
     * @return the number of ranks
     */
    public int size() {
        return comm.size();
    }

    /**
     * The live local block as an n-d array of the local shape (no copy): writes through it change
     * this array, without any communication (even for BROADCAST). Local. Host engine only.
     *
     * @return the local block
     * @throws UnsupportedOperationException for an array on another engine (a GPU's), saying how to
     *                                       copy its block to the host
     */
    public NdArray localArray() {
        if (!local.isHost()) {
            throw new UnsupportedOperationException("localArray(): the local block lives on engine " + engine.name()
                    + ", not in a Java array: copy it with engine().toHost(localBuffer()), or gather with asArray()");
        }
        return NdArray.wrap(dtype, local.hostArray(), localShapes[comm.rank()]);
    }

    /**
     * One element of the local block, by its flat (C-order) position in the local shape. Local. On
     * the host engine a read of the local array; on another engine (a GPU's) the engine's dot of
     * that element with a 1, a reduction whose value comes back as a number (like a norm's), not a
     * copy of the block.
     *
     * @param k the flat position, in {@code [0, localSize())}
     * @return the element (imaginary part 0 for real dtypes)
     * @throws IllegalArgumentException if {@code k} is outside the local block
     */
    public Complex localEntry(long k) {
        if (k < 0 || k >= local.length()) {
            throw new IllegalArgumentException("k: " + k + " is outside the local block of " + local.length()
                    + " elements");
        }
        if (local.isHost()) {
            NdArray a = NdArray.wrap(dtype, local.hostArray(), local.length());
            return new Complex(a.re(k), a.im(k));
        }
        Buffer one = engine.allocate(dtype.elementType(), 1);
        engine.fill(one, 0, 1, 1, 0);
        double[] acc = new double[2];
        engine.dot(one, 0, local, k, 1, false, acc);                      // 1 · x[k]
        return new Complex(acc[0], acc[1]);
    }

    /**
     * The live local block in the engine (for kernels of operators). Local.
     *
     * @return the local buffer
     */
    public Buffer localBuffer() {
        return local;
    }

    /** Global offset of {@code rank}'s slab along the distribution axis (0 for replicated arrays). */
    private long offsetAlongAxis(int rank) {
        if (partition.isReplicated()) {
            return 0;
        }
        long off = 0;
        for (int r = 0; r < rank; r++) {
            off += localShapes[r][axis];
        }
        return off;
    }

    // =========================================================================================
    // Assignment

    /**
     * Sets every local element to {@code re}. BROADCAST: rank 0's value is broadcast and written on
     * every rank (collective); SCATTER and UNSAFE_BROADCAST: local.
     *
     * @param re the value
     */
    public void fill(double re) {
        fill(re, 0);
    }

    /**
     * Sets every local element to {@code re + i im} (real dtypes keep {@code re}). BROADCAST:
     * rank 0's value is broadcast (collective); SCATTER and UNSAFE_BROADCAST: local.
     *
     * @param re the real part
     * @param im the imaginary part (ignored for real dtypes)
     */
    public void fill(double re, double im) {
        if (partition == Partition.BROADCAST) {
            double[] v = {re, im};
            comm.bcast(MemorySegment.ofArray(v), 2, Datatype.FLOAT64, 0);
            re = v[0];
            im = v[1];
        }
        engine.fill(local, 0, local.length(), re, im);
    }

    /**
     * Overwrites the local block with {@code value} (PyLops-MPI's {@code arr[:] = value}), converted
     * to this dtype as NumPy does (complex to real keeps the real part).
     *
     * <p>Collective: the values' shapes are agreed on (one allreduce), so a value of the wrong shape
     * on one rank fails on every rank with that rank's message, and nothing is written anywhere.
     * BROADCAST: only rank 0's value is used (other ranks may pass null); it is broadcast and written
     * on every rank. On another engine (a GPU's) the value is copied to it with one
     * {@link Engine#fromHost}.
     *
     * @param value (Input) an array of this rank's local shape. Not modified.
     * @throws IllegalArgumentException on every rank if a value's shape differs from its rank's local
     *                                  shape (for BROADCAST: rank 0's); this array is unchanged
     */
    public void assign(NdArray value) {
        long[] mine = localShapes[comm.rank()];
        boolean broadcast = partition == Partition.BROADCAST;
        String error = null;
        if (!broadcast || comm.rank() == 0) {
            if (value == null) {
                error = "value: must not be null";
            } else if (!Arrays.equals(value.shape(), mine)) {
                error = "value: shape " + Shapes.str(value.shape()) + " differs from the local shape " + Shapes.str(mine);
            }
        }
        CollectiveChecks.agree(comm, error);
        if (!broadcast || comm.rank() == 0) {
            NdArray v = value.dtype() == dtype ? value : value.astype(dtype);
            Buffer src = local.isHost() ? Engine.host().wrap(v.data(), dtype.elementType())
                    : engine.fromHost(v.data(), dtype.elementType());             // the value's one transfer
            engine.copy(src, 0, local, 0, local.length());
        }
        if (broadcast) {
            comm.bcast(local.segment(), local.length(), dtype.datatype(), 0);
        }
    }

    // =========================================================================================
    // Gathering

    /** {@link #asArray(boolean) asArray(false)}: the whole global array on every rank. Collective for SCATTER. */
    @Override
    public NdArray asArray() {
        return asArray(false);
    }

    /**
     * The global array on every rank. SCATTER: an allgather over the base communicator, or over
     * the mask's sub-communicator when {@code masked} (then the distributed dimension holds only
     * the colour group's slabs); collective. Replicated partitions: a copy of the local block;
     * local. On another engine (a GPU's) the blocks are gathered and joined on that engine, then
     * copied to the host with one {@link Engine#toHost}.
     *
     * @param masked gather only this rank's mask group
     * @return the global array (of the group when masked)
     * @throws IllegalArgumentException if the global array exceeds one host array, or (SCATTER, on
     *                                  every rank) {@code masked} or this array's layout differ
     *                                  between ranks
     */
    public NdArray asArray(boolean masked) {
        try (LogView.Span span = LogView.span(LogView.Kind.ARRAY, "DistributedArray.asArray")) {
            if (partition.isReplicated()) {
                return local.isHost() ? localArray().copy()
                        : NdArray.wrap(dtype, engine.toHost(local), localShapes[comm.rank()]);
            }
            Consensus.on(comm).same("masked", masked).same("this array's layout", layoutFingerprint(), this::layout).check();
            int[] ranks = masked && mask != null ? Masks.group(mask, comm.rank()) : allRanks(comm.size());
            long[][] shapes = new long[ranks.length][];
            for (int i = 0; i < ranks.length; i++) {
                shapes[i] = localShapes[ranks[i]];
            }
            return gatherConcat(masked && mask != null ? subComm : comm, engine, local, shapes, axis, dtype);
        }
    }

    /**
     * Allgathers every rank's block of {@code gcomm} (rank i's shape {@code shapes[i]}) and joins
     * them along {@code catAxis}. A block of another engine (a GPU's) is gathered and joined on that
     * engine, then copied to the host with one {@link Engine#toHost}.
     */
    private static NdArray gatherConcat(Communicator gcomm, Engine engine, Buffer send, long[][] shapes, int catAxis,
            DType dtype) {
        long[] total = shapes[0].clone();
        total[catAxis] = 0;
        long[] counts = new long[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            total[catAxis] += shapes[i][catAxis];
            counts[i] = Shapes.size(shapes[i]);
        }
        long[] displs = LocalSplit.offsets(counts);
        Engine on = send.isHost() ? Engine.host() : engine;
        ElementType type = dtype.elementType();
        Buffer flat = on.allocate(type, Shapes.size(total));
        gcomm.allgatherv(send.segment(), send.length(), flat.segment(), counts, displs, dtype.datatype());
        long outer = Shapes.outer(total, catAxis);
        Buffer result = flat;
        if (outer != 1) {                                                 // join the blocks along catAxis
            result = on.allocate(type, Shapes.size(total));
            long inner = Shapes.inner(total, catAxis);
            long n = total[catAxis];
            long offset = 0;
            for (int i = 0; i < shapes.length; i++) {
                long len = shapes[i][catAxis];
                on.copyRows(flat, displs[i], len * inner, result, offset * inner, n * inner, outer, len * inner);
                offset += len;
            }
        }
        return NdArray.wrap(dtype, result.isHost() ? result.hostArray() : on.toHost(result), total);
    }

    private static int[] allRanks(int size) {
        int[] r = new int[size];
        Arrays.setAll(r, i -> i);
        return r;
    }

    // =========================================================================================
    // Redistribution and ghost cells

    /**
     * The same global array distributed along {@code newAxis} with the balanced split, mask kept.
     * Returns {@code this} (no copy) when {@code newAxis} is the current axis or the partition is
     * not SCATTER; otherwise one all-to-all exchange over the base communicator. Collective.
     *
     * @param newAxis the new distribution axis (negative counts from the end)
     * @return the array split along {@code newAxis} (this array when nothing changes)
     * @throws IllegalArgumentException if {@code newAxis} is out of range (on every rank alike)
     */
    public DistributedArray redistribute(int newAxis) {
        try (LogView.Span span = LogView.span(LogView.Kind.ARRAY, "DistributedArray.redistribute")) {
            int na = Consensus.on(comm).same("newAxis", newAxis).same("this array's layout", layoutFingerprint(), this::layout)
                    .check(() -> Shapes.normaliseAxis("newAxis", newAxis, globalShape.length));
            if (na == axis || partition.isReplicated()) {
                return this;
            }
            int size = comm.size();
            int me = comm.rank();
            long[][] newShapes = LocalSplit.localShapes(globalShape, size, Partition.SCATTER, na);
            long[] cntTo = new long[size];
            long[] cntFrom = new long[size];
            for (int r = 0; r < size; r++) {
                cntTo[r] = newShapes[r][na];
                cntFrom[r] = localShapes[r][axis];
            }
            long[] offTo = LocalSplit.offsets(cntTo);
            long[] offFrom = LocalSplit.offsets(cntFrom);
            long[] mine = localShapes[me];
            long[] target = newShapes[me];
            long[] sendCounts = new long[size];
            long[] recvCounts = new long[size];
            for (int r = 0; r < size; r++) {
                sendCounts[r] = Shapes.size(Shapes.with(mine, na, cntTo[r]));
                recvCounts[r] = Shapes.size(Shapes.with(target, axis, cntFrom[r]));
            }
            long[] sendDispls = LocalSplit.offsets(sendCounts);
            long[] recvDispls = LocalSplit.offsets(recvCounts);
            Buffer send = engine.allocate(dtype.elementType(), Shapes.size(mine));
            long outerNew = Shapes.outer(mine, na);
            long innerNew = Shapes.inner(mine, na);
            long nNew = mine[na];
            for (int r = 0; r < size; r++) {
                engine.copyRows(local, offTo[r] * innerNew, nNew * innerNew, send, sendDispls[r], cntTo[r] * innerNew,
                        outerNew, cntTo[r] * innerNew);
            }
            Buffer recv = engine.allocate(dtype.elementType(), Shapes.size(target));
            comm.alltoallv(send.segment(), sendCounts, sendDispls, recv.segment(), recvCounts, recvDispls,
                    dtype.datatype());
            Buffer result = engine.allocate(dtype.elementType(), Shapes.size(target));
            long outerOld = Shapes.outer(target, axis);
            long innerOld = Shapes.inner(target, axis);
            long nOld = target[axis];
            for (int r = 0; r < size; r++) {
                engine.copyRows(recv, recvDispls[r], cntFrom[r] * innerOld, result, offFrom[r] * innerOld, nOld * innerOld,
                        outerOld, cntFrom[r] * innerOld);
            }
            return new DistributedArray(comm, subComm, globalShape, newShapes, partition, na, mask, dtype, engine, result);
        }
    }

    /**
     * This rank's local block extended along the distribution axis with its neighbours' cells
     * (PyLops-MPI's {@code add_ghost_cells}): the last {@code cellsFront} cells of rank r-1 are
     * prepended and the first {@code cellsBack} cells of rank r+1 appended. Rank 0 gets no front
     * cells and the last rank no back cells (no wrap-around). Each rank may ask for different
     * counts. Collective: one allgather of the requests, then point-to-point messages between
     * neighbours.
     *
     * @param cellsFront cells wanted from rank r-1 (0 for none)
     * @param cellsBack  cells wanted from rank r+1 (0 for none)
     * <p>On another engine (a GPU's) the cells are exchanged and joined on that engine and the
     * result copied to the host with one {@link Engine#toHost}.
     *
     * @return a new local array (not a distributed one)
     * @throws IllegalArgumentException on every rank if any rank asks for a negative count or for
     *                                  more cells than its neighbour holds along the axis
     */
    public NdArray addGhostCells(int cellsFront, int cellsBack) {
        try (LogView.Span span = LogView.span(LogView.Kind.ARRAY, "DistributedArray.addGhostCells")) {
            int size = comm.size();
            int me = comm.rank();
            long[] all = new long[2 * size];
            comm.allgather(MemorySegment.ofArray(new long[] {cellsFront, cellsBack}), MemorySegment.ofArray(all), 2,
                    Datatype.INT64);
            for (int r = 0; r < size; r++) {
                long f = all[2 * r], b = all[2 * r + 1];
                if (f < 0 || b < 0) {
                    throw new IllegalArgumentException((f < 0 ? "cellsFront" : "cellsBack") + ": must not be negative, "
                            + "rank " + r + " asked for " + (f < 0 ? f : b));
                }
                if (r > 0 && f > localShapes[r - 1][axis]) {
                    throw new IllegalArgumentException("cellsFront: rank " + r + " asks for " + f + " cells from rank "
                            + (r - 1) + ", which holds " + localShapes[r - 1][axis] + " along axis " + axis
                            + " (use fewer ranks, at most about " + globalShape[axis] + " / " + f + ")");
                }
                if (r < size - 1 && b > localShapes[r + 1][axis]) {
                    throw new IllegalArgumentException("cellsBack: rank " + r + " asks for " + b + " cells from rank "
                            + (r + 1) + ", which holds " + localShapes[r + 1][axis] + " along axis " + axis
                            + " (use fewer ranks, at most about " + globalShape[axis] + " / " + b + ")");
                }
            }
            long[] mine = localShapes[me];
            long len = mine[axis];
            long outer = Shapes.outer(mine, axis);
            long inner = Shapes.inner(mine, axis);
            long front = me > 0 ? all[2 * me] : 0;
            long back = me < size - 1 ? all[2 * me + 1] : 0;
            long sendFront = me < size - 1 ? all[2 * (me + 1)] : 0; // my last cells, for rank me+1
            long sendBack = me > 0 ? all[2 * (me - 1) + 1] : 0;     // my first cells, for rank me-1
            Buffer recvFront = engine.allocate(dtype.elementType(), outer * front * inner);
            Buffer recvBack = engine.allocate(dtype.elementType(), outer * back * inner);
            Datatype type = dtype.datatype();
            // Front cells travel r -> r+1, back cells r -> r-1. Even ranks send first and odd ranks
            // receive first, so every blocking send meets its receive without a chain of waits.
            boolean even = me % 2 == 0;
            for (int step = 0; step < 2; step++) {
                if ((step == 0) == even) {
                    if (sendFront > 0 && outer * inner > 0) {
                        Buffer s = slab(len - sendFront, sendFront);
                        comm.send(s.segment(), s.length(), type, me + 1, 1);
                    }
                } else if (front > 0 && outer * inner > 0) {
                    comm.recv(recvFront.segment(), recvFront.length(), type, me - 1, 1);
                }
            }
            for (int step = 0; step < 2; step++) {
                if ((step == 0) == even) {
                    if (sendBack > 0 && outer * inner > 0) {
                        Buffer s = slab(0, sendBack);
                        comm.send(s.segment(), s.length(), type, me - 1, 0);
                    }
                } else if (back > 0 && outer * inner > 0) {
                    comm.recv(recvBack.segment(), recvBack.length(), type, me + 1, 0);
                }
            }
            long total = front + len + back;
            long[] shape = Shapes.with(mine, axis, total);
            Buffer o = engine.allocate(dtype.elementType(), Shapes.size(shape));
            engine.copyRows(recvFront, 0, front * inner, o, 0, total * inner, outer, front * inner);
            engine.copyRows(local, 0, len * inner, o, front * inner, total * inner, outer, len * inner);
            engine.copyRows(recvBack, 0, back * inner, o, (front + len) * inner, total * inner, outer, back * inner);
            return NdArray.wrap(dtype, o.isHost() ? o.hostArray() : engine.toHost(o), shape);  // one transfer off the host engine
        }
    }

    /** A contiguous copy of the local cells {@code [from, from + count)} along the axis. */
    private Buffer slab(long from, long count) {
        long[] mine = localShapes[comm.rank()];
        long outer = Shapes.outer(mine, axis);
        long inner = Shapes.inner(mine, axis);
        Buffer s = engine.allocate(dtype.elementType(), outer * count * inner);
        engine.copyRows(local, from * inner, mine[axis] * inner, s, 0, count * inner, outer, count * inner);
        return s;
    }

    // =========================================================================================
    // Arithmetic: local work, after one agreement on the operands (see operand())

    @Override
    public DistributedArray negate() {
        Buffer out = engine.allocateUninitialized(dtype.elementType(), local.length());   // every element written
        engine.negate(local, out);
        return with(out);
    }

    @Override
    public DistributedArray add(DistributedVector other) {
        DistributedArray o = operand(other, "other");
        Buffer out = engine.allocateUninitialized(dtype.elementType(), local.length());   // every element written
        engine.add(local, o.local, out);
        return with(out);
    }

    @Override
    public DistributedArray subtract(DistributedVector other) {
        DistributedArray o = operand(other, "other");
        Buffer out = engine.allocateUninitialized(dtype.elementType(), local.length());   // every element written
        engine.subtract(local, o.local, out);
        return with(out);
    }

    @Override
    public DistributedArray iadd(DistributedVector other) {
        DistributedArray o = operand(other, "other");
        engine.add(local, o.local, local);
        return this;
    }

    @Override
    public DistributedArray isub(DistributedVector other) {
        DistributedArray o = operand(other, "other");
        engine.subtract(local, o.local, local);
        return this;
    }

    @Override
    public DistributedArray multiply(DistributedVector other) {
        DistributedArray o = operand(other, "other");
        Buffer out = engine.allocateUninitialized(dtype.elementType(), local.length());   // every element written
        engine.multiply(local, o.local, out);
        return with(out);
    }

    @Override
    public DistributedArray multiply(double s) {
        return multiply(s, 0);
    }

    @Override
    public DistributedArray multiply(double re, double im) {
        Buffer out = engine.allocateUninitialized(dtype.elementType(), local.length());   // every element written
        engine.scale(local, re, dtype.isComplex() ? im : 0, out);
        return with(out);
    }

    /**
     * {@code out = this + other} without allocating (a Java addition). Local.
     *
     * @param other (Input) a matching array. Not modified unless it is {@code out}.
     * @param out   (Output) a matching array, overwritten; may be this or other
     * @return out
     */
    @Override
    public DistributedArray add(DistributedVector other, DistributedVector out) {
        DistributedArray[] or = operands(other, "other", out, "out");
        DistributedArray o = or[0];
        DistributedArray r = or[1];
        engine.add(local, o.local, r.local);
        return r;
    }

    /** {@code out = this - other} without allocating (a Java addition; see {@link #add(DistributedVector, DistributedVector)}). Local. */
    @Override
    public DistributedArray subtract(DistributedVector other, DistributedVector out) {
        DistributedArray[] or = operands(other, "other", out, "out");
        DistributedArray o = or[0];
        DistributedArray r = or[1];
        engine.subtract(local, o.local, r.local);
        return r;
    }

    /** {@code out = (re + i im) * this} without allocating (a Java addition); real dtypes use re only. Local. */
    @Override
    public DistributedArray multiply(double re, double im, DistributedVector out) {
        DistributedArray r = operand(out, "out");
        engine.scale(local, re, dtype.isComplex() ? im : 0, r.local);
        return r;
    }

    /** {@code out = this}, without allocating (a Java addition: NumPy's {@code copyto(out, this)}). Local. */
    @Override
    public DistributedArray copyTo(DistributedVector out) {
        DistributedArray r = operand(out, "out");
        if (r != this) {
            engine.copy(local, 0, r.local, 0, local.length());
        }
        return r;
    }

    /** {@code this *= (re + i im)} in place (a Java addition); real dtypes use re only. Local. */
    @Override
    public DistributedArray imultiply(double re, double im) {
        engine.scale(local, re, dtype.isComplex() ? im : 0, local);
        return this;
    }

    /**
     * {@code this += (re + i im) * x} in one pass over the data (a Java addition, BLAS axpy); real
     * dtypes use re only. Local.
     *
     * @param x (Input) a matching array. Not modified (unless it is this).
     */
    @Override
    public DistributedArray iaxpy(double re, double im, DistributedVector x) {
        DistributedArray o = operand(x, "x");
        engine.axpy(re, dtype.isComplex() ? im : 0, o.local, local);
        return this;
    }

    /**
     * {@code this = x + (re + i im) * this} in one pass over the data (a Java addition); real dtypes
     * use re only. Local.
     *
     * @param x (Input) a matching array. Not modified (unless it is this).
     */
    @Override
    public DistributedArray iaypx(double re, double im, DistributedVector x) {
        DistributedArray o = operand(x, "x");
        engine.aypx(re, dtype.isComplex() ? im : 0, o.local, local);
        return this;
    }

    /**
     * {@code y += a * this}, then {@code this = x + b * this}, in one pass over the three local
     * blocks ({@link Engine#axpyAypx}); the same bits as {@code y.iaxpy(a, 0, this)} then
     * {@code iaypx(b, 0, x)}. As in {@link #iaxpy}, one allreduce agrees on every rank's check of
     * {@code y} and {@code x} (aliasing included) before anything is written (no allreduce inside an
     * operator's or solver's agreed scope).
     *
     * @param y (Input/Output) a matching array other than this one and {@code x}
     * @param x (Input) a matching array. Not modified.
     */
    @Override
    public DistributedArray iaxpyAypx(double a, DistributedVector y, double b, DistributedVector x) {
        String problem = compatibility(y, "y");
        if (problem == null) {
            problem = compatibility(x, "x");
        }
        if (problem == null && (y == this || y == x)) {
            problem = "y: must be another array than this one and x";
        }
        CollectiveChecks.agree(comm, problem);                            // one verdict for both operands
        engine.axpyAypx(a, local, ((DistributedArray) y).local, b, ((DistributedArray) x).local);
        return this;
    }

    /**
     * The shrinkage step of ISTA and FISTA ({@link DistributedVector#ishrinkStep}) in one loop over
     * the four local blocks ({@link Engine#shrinkStep}): each element of {@code z}, this array and
     * {@code x} is read once, {@code x⁺}, {@code d} (and {@code z⁺}) are written from it; the same
     * bits as the separate calls. One allreduce agrees on every rank's check of the operands (their
     * layouts, the sharing of storage and {@code t}) before anything is written (none inside an
     * operator's or solver's agreed scope).
     *
     * @param z (Input/Output) a matching array; see {@link DistributedVector#ishrinkStep}
     * @param x (Input) a matching array. Not modified.
     * @param d (Output) a matching array other than this one, {@code z} and {@code x}
     */
    @Override
    public DistributedArray ishrinkStep(ElementMaps.Shrink kind, double t, double alpha, DistributedVector z,
            DistributedVector x, DistributedVector d, boolean extrapolate, double omega) {
        CollectiveChecks.agree(comm, shrinkStepProblem(kind, t, z, x, d, extrapolate));   // one verdict for every operand
        engine.shrinkStep(kind.kernel(), t, alpha, local, ((DistributedArray) z).local, ((DistributedArray) x).local,
                ((DistributedArray) d).local, extrapolate, omega);
        return this;
    }

    /** What makes the operands of {@link #ishrinkStep} unfit on this rank, or null. Local. */
    private String shrinkStepProblem(ElementMaps.Shrink kind, double t, DistributedVector z, DistributedVector x,
            DistributedVector d, boolean extrapolate) {
        String problem = ElementMaps.shrinkStepProblem(this, kind, t, z, x, d, extrapolate);
        if (problem == null) {
            problem = compatibility(z, "z");
        }
        if (problem == null) {
            problem = compatibility(x, "x");
        }
        if (problem == null) {
            problem = compatibility(d, "d");
        }
        return problem;
    }

    /**
     * {@link #ishrinkStep} with the norms {@code ‖d‖₂} and {@code ‖x⁺‖₁} made on the way, for
     * {@link Reductions#shrinkStep}: on a 1-d SCATTER array without a mask, on the host, the step is
     * written piece by piece in the order the tree sums ask for their leaves, and each piece summed
     * while it is in cache ({@link Engine#shrinkStepBlocks}); this rank's records of both sums (one
     * part of two sums side by side) are kept to be gathered later. Elsewhere (and on a device
     * engine, whose composed {@code shrinkStepBlocks} would copy every range) the step is made whole
     * and the norms are left to the gather. The same bits as {@code ishrinkStep} and
     * {@code norm(2)} of {@code d}, {@code norm(1)} of {@code x⁺}. The operands agreed as
     * {@code ishrinkStep} agrees them.
     */
    Reductions.ShrinkNorms ishrinkStepNorms(ElementMaps.Shrink kind, double t, double alpha, DistributedVector z,
            DistributedVector x, DistributedVector d, boolean extrapolate, double omega) {
        CollectiveChecks.agree(comm, shrinkStepProblem(kind, t, z, x, d, extrapolate));   // one verdict for every operand
        DistributedArray dd = (DistributedArray) d;
        ArrayLeaves leaves = ArrayLeaves.of(this);
        if (mask != null || !leaves.coversElements(partition) || !local.isHost()) {   // a device: no fused kernel yet
            engine.shrinkStep(kind.kernel(), t, alpha, local, ((DistributedArray) z).local,
                    ((DistributedArray) x).local, dd.local, extrapolate, omega);
            return Reductions.ShrinkNorms.later(dd, this);
        }
        long sq = Double.doubleToLongBits(2.0);
        long abs = Double.doubleToLongBits(1.0);
        TreeSum.Verdict verdict = new TreeSum.Verdict(null,
                CollectiveChecks.fingerprint(new long[][] {{layoutFingerprint(), sq, abs}}),
                new String[] {"this array's layout", "ords"},
                () -> new long[][] {CollectiveChecks.text(layout()), CollectiveChecks.text("[2.0, 1.0]")});
        TreeSum.Leaves sums = leaves.shrinkSteps(kind.kernel(), t, alpha, local, ((DistributedArray) z).local,
                ((DistributedArray) x).local, dd.local, extrapolate, omega);
        TreeSum.Part part = TreeSum.Part.sum(leaves.start, leaves.count, leaves.total, true, sums, verdict)
                .presummed();                                                  // x⁺, d (z⁺) written, summed on the way
        return Reductions.ShrinkNorms.folded(dd, this, new NormPart(leaves.group, part, Reduction.SUM_SQUARES, 2.0),
                new NormPart(leaves.group, part, Reduction.SUM_ABS, 1.0));
    }

    @Override
    public DistributedArray conj() {
        Buffer out = engine.allocateUninitialized(dtype.elementType(), local.length());   // every element written
        engine.conj(local, out);
        return with(out);
    }

    @Override
    public DistributedArray copy() {
        return with(engine.copyOf(local));
    }

    @Override
    public DistributedArray zerosLike() {
        return with(engine.allocate(dtype.elementType(), local.length()));
    }

    @Override
    public DistributedArray emptyLike() {
        return zerosLike();
    }

    /**
     * Checks that {@code other} can be combined element by element with this array: a
     * DistributedArray of the same dtype, partition, local shapes on every rank, mask and engine.
     * Local: the verdict of this rank only (see {@link #operand}).
     *
     * @throws IllegalArgumentException naming {@code name} otherwise
     */
    DistributedArray compatible(DistributedVector other, String name) {
        String problem = compatibility(other, name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return (DistributedArray) other;
    }

    /** What makes {@code other} unfit to combine with this array ({@link #compatible}), or null. Local. */
    String compatibility(DistributedVector other, String name) {
        if (!(other instanceof DistributedArray o)) {
            return name + ": expected a DistributedArray, got " + (other == null ? "null"
                    : other.getClass().getSimpleName());
        }
        if (o.dtype != dtype) {
            return name + ": dtype " + o.dtype + " differs from this array's " + dtype;
        }
        if (o.partition != partition) {
            return name + ": partition " + o.partition + " differs from this array's " + partition;
        }
        if (!Shapes.equal(o.localShapes, localShapes)) {
            return name + ": local shapes " + Shapes.str(o.localShapes) + " differ from this array's "
                    + Shapes.str(localShapes) + (globalShape.length == 1 && Arrays.equals(o.globalShape, globalShape)
                            ? " (" + name + ".resplitLike(this) gives it this array's split)" : "");
        }
        if (!Arrays.equals(o.mask, mask)) {
            return name + ": mask " + Arrays.toString(o.mask) + " differs from this array's " + Arrays.toString(mask);
        }
        if (o.engine != engine) {
            return name + ": engine " + o.engine.name() + " differs from this array's " + engine.name();
        }
        return null;
    }

    /**
     * {@code other} once every rank has agreed that its operand fits ({@link #compatible}): one
     * allreduce of one word, none inside an agreed scope ({@link CollectiveChecks#agreed}). So a bad
     * operand on one rank gives the same exception on every rank, before anything is written.
     * Collective.
     */
    private DistributedArray operand(DistributedVector other, String name) {
        CollectiveChecks.agree(comm, compatibility(other, name));
        return (DistributedArray) other;
    }

    /** {@link #operand} for two operands, in one agreement. Collective. */
    private DistributedArray[] operands(DistributedVector a, String aName, DistributedVector b, String bName) {
        String problem = compatibility(a, aName);
        CollectiveChecks.agree(comm, problem != null ? problem : compatibility(b, bName));
        return new DistributedArray[] {(DistributedArray) a, (DistributedArray) b};
    }

    // =========================================================================================
    // Reshaping

    /**
     * A 1-d array of all elements in global C order: local shapes {@code (prod(localShape_r),)},
     * same partition and mask, axis 0. A SCATTER array distributed along another axis is first
     * redistributed to axis 0 (collective); otherwise local. The data is copied.
     *
     * @return the 1-d array
     */
    public DistributedArray ravel() {
        DistributedArray src = partition == Partition.SCATTER && axis != 0 ? redistribute(0) : this;
        long[][] shapes = new long[src.localShapes.length][];
        for (int r = 0; r < shapes.length; r++) {
            shapes[r] = new long[] {Shapes.size(src.localShapes[r])};
        }
        return new DistributedArray(comm, subComm, new long[] {globalSize()}, shapes, partition, 0, mask, dtype,
                engine, engine.copyOf(src.local));
    }

    /**
     * A view of the local blocks with new local shapes (sharing storage), distributed along
     * {@code newAxis}. SCATTER: every rank's new shape must equal rank 0's except along
     * {@code newAxis}, whose lengths add up to the new global length; replicated partitions: every
     * rank must ask for the same shape. Collective (an agreement and an allgather of the shapes).
     *
     * @param newLocalShape (Input) this rank's new local shape, with as many elements as its
     *                      current block. Not modified.
     * @param newAxis       the new distribution axis (negative counts from the end)
     * @return the reshaped array
     * @throws IllegalArgumentException on every rank if any rank's request is invalid
     */
    public DistributedArray reshape(long[] newLocalShape, int newAxis) {
        String error = null;
        int na = 0;
        try {
            Shapes.checkShape("newLocalShape", newLocalShape);
            if (newLocalShape.length == 0) {
                throw new IllegalArgumentException("newLocalShape: needs at least one dimension");
            }
            na = Shapes.normaliseAxis("newAxis", newAxis, newLocalShape.length);
            if (Shapes.size(newLocalShape) != local.length()) {
                throw new IllegalArgumentException("newLocalShape: " + Shapes.str(newLocalShape) + " has "
                        + Shapes.size(newLocalShape) + " elements but the local block of rank " + comm.rank() + " has "
                        + local.length());
            }
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        CollectiveChecks.agree(comm, error);
        long[] request = new long[newLocalShape.length + 1];
        request[0] = na;
        System.arraycopy(newLocalShape, 0, request, 1, newLocalShape.length);
        long[][] all = comm.allgatherv(request);
        long[][] shapes = new long[all.length][];
        for (int r = 0; r < all.length; r++) {
            shapes[r] = Arrays.copyOfRange(all[r], 1, all[r].length);
        }
        for (int r = 0; r < all.length; r++) {
            if (all[r][0] != all[0][0] || shapes[r].length != shapes[0].length) {
                throw new IllegalArgumentException("newAxis/newLocalShape: rank " + r + " asks for axis " + all[r][0]
                        + " of " + Shapes.str(shapes[r]) + " but rank 0 for axis " + all[0][0] + " of "
                        + Shapes.str(shapes[0]));
            }
        }
        long[] global = shapes[0].clone();
        if (partition.isReplicated()) {
            for (int r = 0; r < shapes.length; r++) {
                if (!Arrays.equals(shapes[r], shapes[0])) {
                    throw new IllegalArgumentException("newLocalShape: a " + partition + " array needs the same shape "
                            + "on every rank, but rank 0 asks for " + Shapes.str(shapes[0]) + " and rank " + r
                            + " for " + Shapes.str(shapes[r]));
                }
            }
        } else {
            global[na] = 0;
            for (int r = 0; r < shapes.length; r++) {
                for (int i = 0; i < global.length; i++) {
                    if (i != na && shapes[r][i] != shapes[0][i]) {
                        throw new IllegalArgumentException("newLocalShape: rank " + r + " asks for "
                                + Shapes.str(shapes[r]) + ", which differs from rank 0's " + Shapes.str(shapes[0])
                                + " along axis " + i + " (only axis " + na + " may differ)");
                    }
                }
                global[na] += shapes[r][na];
            }
        }
        return new DistributedArray(comm, subComm, global, shapes, partition, na, mask, dtype, engine, local);
    }

    // =========================================================================================
    // Conversion and re-splitting

    /**
     * This array converted to {@code dtype}, always a new array (NumPy's {@code astype}): same
     * layout, values converted as NumPy casts them (complex to real keeps the real part, double to
     * single rounds). Local.
     *
     * @param dtype the new element type
     * @return a new array
     * @throws IllegalArgumentException if {@code dtype} is null
     */
    public DistributedArray astype(DType dtype) {
        return astype(dtype, true);
    }

    /**
     * This array converted to {@code dtype}; with {@code copy == false} this array itself when it
     * has that dtype already (NumPy's {@code astype(dtype, copy=False)}). Local.
     *
     * @param dtype the new element type
     * @param copy  whether to copy when the dtype is already {@code dtype}
     * @return a new array, or this one
     * <p>On another engine (a GPU's) the conversion is the engine's {@link Engine#convert} kernel.
     *
     * @throws IllegalArgumentException if {@code dtype} is null, or (on every rank alike) when a
     *                                  conversion is asked of an array on an engine without a
     *                                  conversion kernel
     */
    public DistributedArray astype(DType dtype, boolean copy) {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype: must not be null");
        }
        if (dtype == this.dtype) {
            return copy ? copy() : this;
        }
        if (!local.isHost()) {                                            // the engine's conversion kernel
            Buffer b = engine.allocate(dtype.elementType(), local.length());
            try {
                engine.convert(local, b);
            } catch (UnsupportedOperationException e) {
                throw new IllegalArgumentException("dtype: converting an array on engine " + engine.name() + " from "
                        + this.dtype + " to " + dtype + " needs a conversion kernel that engine does not have "
                        + "(nothing is copied through the host behind the caller's back): convert on Engine.host()");
            }
            return new DistributedArray(comm, subComm, globalShape, localShapes, partition, axis, mask, dtype, engine,
                    b);
        }
        NdArray converted = localArray().astype(dtype);
        return new DistributedArray(comm, subComm, globalShape, localShapes, partition, axis, mask, dtype, engine,
                engine.wrap(converted.data(), dtype.elementType()));
    }

    /**
     * This 1-d array with rank r holding {@code counts[r]} elements: the same elements in the same
     * global order, another split. This is how a vector built with the default split meets an
     * operator whose outputs have their own (the row slabs of the derivatives, see
     * {@link #resplitLike}).
     *
     * <ul>
     *   <li>SCATTER: one {@code alltoallv} moves every element to its new owner; when the split
     *       already is {@code counts}, nothing moves and this array itself is returned.</li>
     *   <li>BROADCAST: every rank keeps its slice of its full copy; no communication.</li>
     * </ul>
     * The result is SCATTER with this array's dtype, engine and mask. Collective: every rank must pass
     * the same counts (agreed on, with the array's layout, in one allreduce).
     *
     * @param counts (Input) one length per rank, the same on every rank, summing to the global
     *               length. Not modified.
     * @return a new array, or this one when nothing moves
     * @throws IllegalArgumentException naming the argument for an n-d or UNSAFE_BROADCAST array, or
     *                                  counts of the wrong number, sign or sum
     */
    public DistributedArray resplit(long... counts) {
        Consensus.on(comm).same("counts", counts).same("this array's layout", layoutFingerprint(), this::layout).check(() -> {
            String problem = resplitProblem(counts);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            return null;
        });
        long total = globalShape[0];
        if (partition != Partition.SCATTER) {
            long start = LocalSplit.offsets(counts)[comm.rank()];
            Buffer b = engine.allocate(dtype.elementType(), counts[comm.rank()]);
            engine.copy(local, start, b, 0, counts[comm.rank()]);
            return new DistributedArray(comm, subComm, new long[] {total}, shapesOf(counts), Partition.SCATTER, 0, mask,
                    dtype, engine, b);
        }
        long[] have = localSizes();
        if (Arrays.equals(have, counts)) {
            return this;
        }
        int me = comm.rank();
        Buffer out = engine.allocate(dtype.elementType(), counts[me]);
        long[] haveOff = LocalSplit.offsets(have);
        long[] wantOff = LocalSplit.offsets(counts);
        int p = counts.length;
        long[] sendCounts = new long[p];
        long[] sendDispls = new long[p];
        long[] recvCounts = new long[p];
        long[] recvDispls = new long[p];
        for (int r = 0; r < p; r++) {
            // what this rank holds of r's new range, and what r holds of this rank's new range
            long lo = Math.max(haveOff[me], wantOff[r]);
            long hi = Math.min(haveOff[me] + have[me], wantOff[r] + counts[r]);
            if (hi > lo) {
                sendCounts[r] = hi - lo;
                sendDispls[r] = lo - haveOff[me];
            }
            lo = Math.max(haveOff[r], wantOff[me]);
            hi = Math.min(haveOff[r] + have[r], wantOff[me] + counts[me]);
            if (hi > lo) {
                recvCounts[r] = hi - lo;
                recvDispls[r] = lo - wantOff[me];
            }
        }
        comm.alltoallv(local.segment(), sendCounts, sendDispls, out.segment(), recvCounts, recvDispls,
                dtype.datatype());
        return new DistributedArray(comm, subComm, new long[] {total}, shapesOf(counts), Partition.SCATTER, 0, mask,
                dtype, engine, out);
    }

    /**
     * This 1-d array re-split like {@code other}: {@code resplit(other.localSizes())}. The usual
     * fix when two vectors of the same length but different splits meet, e.g.
     * {@code x.add(D.matvec(x))} where {@code D} returns row slabs: write
     * {@code x.add(D.matvec(x).resplitLike(x))}. Collective: one allreduce agrees on every rank's
     * checks of {@code other}, on its split and on this array's layout being the same everywhere
     * (so a bad {@code other} on one rank fails on every rank, naming {@code other}), then one
     * {@code alltoallv} when data must move.
     *
     * @param other (Input) a 1-d SCATTER array of the same global length on the same communicator,
     *              of the same split on every rank. Not modified.
     * @return a new array, or this one when the splits already agree
     * @throws IllegalArgumentException on every rank, naming {@code other}, when on any rank it is
     *                                  null, lives on another communicator, has another length or
     *                                  partition, or its split differs between ranks
     */
    public DistributedArray resplitLike(DistributedArray other) {
        long[] counts = Consensus.on(comm).same("other (its split)", other == null ? null : other.localSizes())
                .same("this array's layout", layoutFingerprint(), this::layout).check(() -> {
                    if (other == null) {
                        throw new IllegalArgumentException("other: must not be null");
                    }
                    if (other.comm != comm) {
                        throw new IllegalArgumentException("other: lives on another communicator than this array");
                    }
                    if (other.globalShape.length != 1 || globalShape.length != 1
                            || other.globalShape[0] != globalShape[0]) {
                        throw new IllegalArgumentException("other: global shape " + Shapes.str(other.globalShape)
                                + " but this array's is " + Shapes.str(globalShape)
                                + "; resplitLike needs 1-d arrays of one length");
                    }
                    if (other.partition != Partition.SCATTER) {
                        throw new IllegalArgumentException("other: partition " + other.partition
                                + "; resplitLike follows the split of a SCATTER array");
                    }
                    String problem = resplitProblem(other.localSizes());
                    if (problem != null) {
                        throw new IllegalArgumentException(problem);
                    }
                    return other.localSizes();
                });
        return CollectiveChecks.agreed(() -> resplit(counts));
    }

    /** What is wrong with a {@link #resplit} request, or null. Local. */
    private String resplitProblem(long[] counts) {
        if (globalShape.length != 1) {
            return "resplit: needs a 1-d array, got global shape " + Shapes.str(globalShape) + " (ravel() it first)";
        }
        if (partition == Partition.UNSAFE_BROADCAST) {
            return "resplit: an UNSAFE_BROADCAST array has no consistent slices to keep";
        }
        if (counts == null || counts.length != comm.size()) {
            return "counts: expected one length per rank (" + comm.size() + "), got "
                    + (counts == null ? "null" : counts.length);
        }
        long total = 0;
        for (long c : counts) {
            if (c < 0) {
                return "counts: negative length in " + Arrays.toString(counts);
            }
            total += c;
        }
        if (total != globalShape[0]) {
            return "counts: " + Arrays.toString(counts) + " sum to " + total + " but the array has " + globalShape[0]
                    + " elements";
        }
        return null;
    }

    private static long[][] shapesOf(long[] counts) {
        long[][] s = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            s[r] = new long[] {counts[r]};
        }
        return s;
    }

    // =========================================================================================
    // Reductions (collective)

    /**
     * The dot product {@code sum x_i y_i}, or {@code sum conj(x_i) y_i} when {@code vdot}, over every
     * element counted once, as a {@link TreeSum tree sum} in the order of the elements' global
     * positions: the same bits on every rank count and every split. Replicated arrays reduce like
     * the SCATTER array with the same data, axis and mask. Collective: one allgather of a small
     * record over the mask's sub-communicator, which also carries every rank's verdict on the
     * operands (with a mask, one more allreduce over the base communicator agrees on it).
     *
     * @param other (Input) a DistributedArray of the same dtype, partition, local shapes and mask. Not modified.
     * @return the result ({@code im} = 0 for real dtypes); rounded to single precision for
     *         FLOAT32/COMPLEX64
     * @throws IllegalArgumentException on every rank when the operands do not match on any rank, or
     *                                  this array's layout or {@code vdot} differ between ranks
     */
    @Override
    public Complex dot(DistributedVector other, boolean vdot) {
        try (LogView.Span span = LogView.span(LogView.Kind.ARRAY, "DistributedArray.dot")) {
            span.flops(localSize() * (dtype.isComplex() ? 8 : 2));
            TreeSum.Verdict verdict = new TreeSum.Verdict(compatibility(other, "other"),
                    CollectiveChecks.fingerprint(new long[][] {{layoutFingerprint(), vdot ? 1 : 0}}),
                    new String[] {"this array's layout", "vdot"},
                    () -> new long[][] {CollectiveChecks.text(layout()), {vdot ? 1 : 0}});
            verdict = maskedAgreement(verdict);
            ArrayLeaves leaves = ArrayLeaves.of(this);
            TreeSum.Leaves dots = verdict.error() != null ? null
                    : leaves.dots(local, ((DistributedArray) other).local, vdot);
            double[] v = TreeSum.scalar(leaves.group, leaves.start, leaves.count, leaves.total, true, dots, verdict);
            return new Complex(round(v[0]), round(v[1]));
        }
    }

    /**
     * {@code this += (re + i im) * x}, then {@code |this . conj(this)|}: the same bits as
     * {@code iaxpy(re, im, x)} followed by {@code dot(this, true).abs()}. On a 1-d SCATTER array the
     * two are one pass over memory: each block of the tree sum is updated and summed while it is in
     * cache ({@link Engine#axpyDotBlocks}); other arrays make the two passes. Collective: one
     * allreduce agrees on every rank's check of {@code x} and on this array's layout before anything
     * is written (inside an operator's or solver's agreed scope, the checks are local), then the one
     * allgather of {@link #dot}.
     *
     * @param re the factor's real part (real dtypes use it only)
     * @param im its imaginary part
     * @param x  (Input) a DistributedArray of the same dtype, partition, local shapes and mask. Not modified.
     * @return the squared 2-norm of the updated array, the same on every rank; rounded to single
     *         precision for FLOAT32/COMPLEX64
     * @throws IllegalArgumentException on every rank when {@code x} does not match on any rank, or
     *                                  this array's layout differs between ranks; nothing is written
     *                                  then
     */
    @Override
    public double iaxpyDot(double re, double im, DistributedVector x) {
        ArrayLeaves leaves = ArrayLeaves.of(this);
        if (!leaves.coversElements(partition)) {
            return DistributedVector.super.iaxpyDot(re, im, x);
        }
        try (LogView.Span span = LogView.span(LogView.Kind.ARRAY, "DistributedArray.iaxpyDot")) {
            span.flops(localSize() * (dtype.isComplex() ? 16 : 4));
            CollectiveChecks.agreeSame(comm, compatibility(x, "x"),
                    CollectiveChecks.fingerprint(new long[][] {{layoutFingerprint()}}),
                    new String[] {"this array's layout"}, () -> new long[][] {CollectiveChecks.text(layout())});
            TreeSum.Leaves dots = leaves.axpyDots(re, dtype.isComplex() ? im : 0, ((DistributedArray) x).local, local);
            double[] v = TreeSum.scalar(leaves.group, leaves.start, leaves.count, leaves.total, true, dots,
                    TreeSum.Verdict.NONE);
            return new Complex(round(v[0]), round(v[1])).abs();
        }
    }

    /**
     * Writes this rank's local elements, a range at a time, for {@link #writeNormSquared}.
     */
    @FunctionalInterface
    public interface ElementWriter {
        /**
         * Writes the local elements {@code [from, to)} of the array's {@link #localBuffer()}
         * (element positions, a complex element counting one).
         *
         * @param from the first element to write
         * @param to   after the last element to write
         */
        void write(long from, long to);
    }

    /**
     * Fills this array with {@code writer} and returns {@code Re(this . conj(this))}, the squared
     * 2-norm: the same bits as writing every local element and then calling
     * {@code dot(this, true).re()}. On a 1-d SCATTER array the two are one pass over memory: the
     * writer is called on ranges of a few thousand elements, each range summed while it is in
     * cache, so an operator can compute its output and its norm together (the solvers' fused
     * {@code q = A c; q . conj(q)}). On other arrays the writer is called once on all local
     * elements, then the array is reduced. Every local element is written exactly once, the ranges
     * in no guaranteed order. Collective: one allreduce agrees on this array's layout (inside an
     * operator's agreed scope, a local check), then the one allgather of {@link #dot}.
     *
     * @param writer writes the local elements it is given; must not read elements it has not written
     * @return the squared 2-norm, the same on every rank; rounded to single precision for
     *         FLOAT32/COMPLEX64
     * @throws IllegalArgumentException on every rank when this array's layout differs between
     *                                  ranks; nothing is written then
     */
    public double writeNormSquared(ElementWriter writer) {
        Objects.requireNonNull(writer, "writer");
        ArrayLeaves leaves = ArrayLeaves.of(this);
        if (!leaves.coversElements(partition)) {
            writer.write(0, localSize());
            return dot(this, true).re();
        }
        try (LogView.Span span = LogView.span(LogView.Kind.ARRAY, "DistributedArray.writeNormSquared")) {
            span.flops(localSize() * (dtype.isComplex() ? 8 : 2));
            CollectiveChecks.agreeSame(comm, null, CollectiveChecks.fingerprint(new long[][] {{layoutFingerprint()}}),
                    new String[] {"this array's layout"}, () -> new long[][] {CollectiveChecks.text(layout())});
            double[] v = TreeSum.scalar(leaves.group, leaves.start, leaves.count, leaves.total, true,
                    leaves.writtenSelfDots(local, writer), TreeSum.Verdict.NONE);
            return round(v[0]);
        }
    }

    /**
     * With a mask, the reduction runs in the mask's group only, so the verdict is first agreed over
     * the base communicator (one allreduce); without one, it rides in the reduction itself.
     */
    private TreeSum.Verdict maskedAgreement(TreeSum.Verdict verdict) {
        if (mask == null) {
            return verdict;
        }
        CollectiveChecks.agreeSame(comm, verdict.error(), verdict.fingerprint(), verdict.names(), verdict.values());
        return TreeSum.Verdict.NONE;
    }

    /**
     * The 2-norm of all elements ({@code norm(2)}). Collective.
     */
    @Override
    public double norm() {
        return norm(2);
    }

    /**
     * The vector norm of all elements: ord 0 counts non-zeros, ±inf is the largest/smallest
     * {@code |x_i|}, any other p is {@code (sum |x_i|^p)^(1/p)}. Sums are {@link TreeSum tree sums}
     * in the order of the elements' global positions (the same bits on every rank count and split);
     * extremes and counts are exact. Replicated arrays reduce like the SCATTER array with the same
     * data, axis and mask. Collective: one allgather of a small record over the mask's
     * sub-communicator, carrying every rank's verdict on {@code ord} (with a mask, one more
     * allreduce over the base communicator).
     *
     * @param ord the order; NaN is rejected
     * @return the norm, rounded to single precision for FLOAT32/COMPLEX64
     * @throws IllegalArgumentException on every rank for a NaN ord on any rank, an ord that differs
     *                                  between ranks, or ±inf of an empty array
     */
    @Override
    public double norm(double ord) {
        try (LogView.Span span = LogView.span(LogView.Kind.ARRAY, "DistributedArray.norm")) {
            span.flops(normFlops());
            NormPart p = normPart(ord);
            return p.value(TreeSum.batch(p.group(), new TreeSum.Part[] {p.part()})[0]);
        }
    }

    /** The flops of {@link #norm(double)} on this rank. */
    long normFlops() {
        return localSize() * (dtype.isComplex() ? 8 : 2);
    }

    /**
     * The reduction of {@link #norm(double)} on this rank, to gather alone or with others
     * ({@link Reductions}): its part of the tree sum (or extreme), with the verdict on {@code ord}
     * and the layout, over {@link #subCommunicator()}. Local without a mask; with one, the verdict
     * is first agreed over the base communicator (collective).
     */
    NormPart normPart(double ord) {
        String error = null;
        Reduction r = null;
        try {
            r = reduction(ord);
            if (Double.isInfinite(ord) && globalSize() == 0) {
                throw new IllegalArgumentException("ord: the " + ord + " norm of an empty array is undefined (global "
                        + "shape " + Shapes.str(globalShape) + ")");
            }
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
        }
        long ordBits = Double.doubleToLongBits(ord);
        TreeSum.Verdict verdict = maskedAgreement(new TreeSum.Verdict(error,
                CollectiveChecks.fingerprint(new long[][] {{layoutFingerprint(), ordBits}}),
                new String[] {"this array's layout", "ord"},
                () -> new long[][] {CollectiveChecks.text(layout()), CollectiveChecks.text(Double.toString(ord))}));
        ArrayLeaves leaves = ArrayLeaves.of(this);
        if (r == Reduction.MAX_ABS || r == Reduction.MIN_ABS) {
            Region reg = region();
            double acc = r.identity();
            for (long k = 0; k < reg.runs; k++) {
                acc = r.combine(acc, engine.reduce(local, reg.start + k * reg.stride, reg.length, r, ord));
            }
            return new NormPart(leaves.group, TreeSum.Part.extreme(leaves.total, acc, r == Reduction.MAX_ABS, verdict),
                    r, ord);
        }
        TreeSum.Leaves sums = error != null ? null : leaves.sums(local, r, ord);
        return new NormPart(leaves.group, TreeSum.Part.sum(leaves.start, leaves.count, leaves.total, false, sums,
                verdict), r, ord);
    }

    /**
     * The part of {@code ‖this − p‖} ({@link #normPart normPart(2)} of {@code this − p}) whose
     * leaves also write {@code res = this − (p + omega (p − q))}, block by block as the sum asks
     * for them ({@link Engine#extrapolatedResidualBlocks}), so {@code this − p} is never stored.
     * Only where {@link ArrayLeaves#coversElements} holds (every element is then written once)
     * and without a mask; the operands agreed on beforehand. Local.
     */
    NormPart extrapolatedResidualPart(DistributedArray p, DistributedArray q, double omega, DistributedArray res) {
        long ordBits = Double.doubleToLongBits(2.0);
        TreeSum.Verdict verdict = new TreeSum.Verdict(null,
                CollectiveChecks.fingerprint(new long[][] {{layoutFingerprint(), ordBits}}),
                new String[] {"this array's layout", "ord"},
                () -> new long[][] {CollectiveChecks.text(layout()), CollectiveChecks.text("2.0")});
        ArrayLeaves leaves = ArrayLeaves.of(this);
        TreeSum.Leaves sums = leaves.extrapolatedResiduals(omega, local, p.local, q.local, res.local);
        return new NormPart(leaves.group, TreeSum.Part.sum(leaves.start, leaves.count, leaves.total, false, sums,
                verdict), Reduction.SUM_SQUARES, 2.0);
    }

    /** Whether this array's reductions have one leaf per local element, on every rank ({@link ArrayLeaves#coversElements}). Local. */
    boolean leavesCoverElements() {
        return ArrayLeaves.of(this).coversElements(partition);
    }

    /**
     * This rank's part of a norm: the group that reduces it, the part, and how the reduced value
     * becomes the norm.
     */
    final class NormPart {
        private final Communicator group;
        private final TreeSum.Part part;
        private final Reduction reduction;
        private final double ord;

        NormPart(Communicator group, TreeSum.Part part, Reduction reduction, double ord) {
            this.group = group;
            this.part = part;
            this.reduction = reduction;
            this.ord = ord;
        }

        Communicator group() {
            return group;
        }

        TreeSum.Part part() {
            return part;
        }

        /** The norm from the part's reduced value ({@link TreeSum#batch}'s entry for it). */
        double value(double[] reduced) {
            return round(part.extreme() != 0 ? reduced[0] : finish(reduction, reduced[0], ord));
        }
    }

    /**
     * The vector norms along {@code normAxis}: the result has the global shape without that axis
     * (0-d for a 1-d array). Along the distribution axis: local partial results and one allreduce
     * over the mask's sub-communicator. Along another axis: each rank's complete norms of its
     * slab, allgathered over the base communicator (mask ignored). Replicated arrays reduce like
     * the SCATTER array with the same data, axis and mask. Collective.
     *
     * @param ord      the order (see {@link #norm(double)})
     * @param normAxis the axis to reduce (negative counts from the end)
     * @return a new FLOAT64 array (FLOAT32 for single-precision dtypes)
     * @throws IllegalArgumentException for a bad axis or ord, or ±inf over an empty axis (on every rank alike)
     */
    public NdArray norm(double ord, int normAxis) {
        int[] na = new int[1];
        Reduction r = Consensus.on(comm).same("this array's layout", layoutFingerprint(), this::layout).same("ord", ord).same("axis", normAxis)
                .check(() -> {
                    Reduction red = reduction(ord);
                    na[0] = Shapes.normaliseAxis("axis", normAxis, globalShape.length);
                    if (Double.isInfinite(ord) && globalShape[na[0]] == 0) {
                        throw new IllegalArgumentException("ord: the " + ord + " norm along axis " + na[0]
                                + " of length 0 is undefined (global shape " + Shapes.str(globalShape) + ")");
                    }
                    long values = Shapes.size(Shapes.without(globalShape, na[0]));
                    if (values > NdArray.MAX_ENTRIES) {
                        throw new IllegalArgumentException("axis: the norms along axis " + na[0] + " of "
                                + Shapes.str(globalShape) + " are " + values + " values, more than one host array "
                                + "holds (" + NdArray.MAX_ENTRIES + ")");
                    }
                    return red;
                });
        return CollectiveChecks.agreed(() -> normAlong(r, ord, na[0]));
    }

    /** {@link #norm(double, int)} once its arguments are agreed. Collective. */
    private NdArray normAlong(Reduction r, double ord, int na) {
        DType real = dtype.realType();
        long[] resultShape = Shapes.without(globalShape, na);
        if (na == axis && globalShape.length == 1) {
            NdArray out = NdArray.zeros(real, resultShape);
            out.set(0, norm(ord));
            return out;
        }
        DistributedArray x = partition.isReplicated() ? scatteredCopy() : this;
        long[] mine = x.localShapes[comm.rank()];
        long outer = Shapes.outer(mine, na);
        long inner = Shapes.inner(mine, na);
        double[] part;
        if (na == axis && (r == Reduction.SUM_ABS || r == Reduction.SUM_SQUARES || r == Reduction.SUM_POW)) {
            ArrayLeaves leaves = ArrayLeaves.of(x);
            int width = Math.toIntExact(outer * inner);
            part = TreeSum.vector(leaves.group, leaves.start, leaves.count, leaves.total, width,
                    leaves.elementVectors(x.local, r, ord));
        } else {
            part = new double[(int) (outer * inner)];
            engine.reduceAxis(x.local, outer, mine[na], inner, r, ord, part);
            if (na == axis) {
                subComm.allreduce(part, reduceOp(r));                     // extremes and counts: exact in any order
            }
        }
        if (na == axis) {
            NdArray out = NdArray.zeros(real, resultShape);
            for (int i = 0; i < part.length; i++) {
                out.set(i, finish(r, part[i], ord));
            }
            return out;
        }
        for (int i = 0; i < part.length; i++) {
            part[i] = finish(r, part[i], ord);
        }
        long[][] pieces = new long[comm.size()][];
        for (int q = 0; q < pieces.length; q++) {
            pieces[q] = Shapes.without(x.localShapes[q], na);
        }
        int catAxis = na < axis ? axis - 1 : axis;
        NdArray gathered = gatherConcat(comm, Engine.host(), Engine.host().wrap(part, DType.FLOAT64.elementType()),
                pieces, catAxis, DType.FLOAT64);
        return real == DType.FLOAT64 ? gathered : gathered.astype(real);
    }

    /** For replicated arrays: this rank's slab along the axis of the balanced split, as a SCATTER array. */
    private DistributedArray scatteredCopy() {
        long[][] shapes = LocalSplit.localShapes(globalShape, comm.size(), Partition.SCATTER, axis);
        long len = shapes[comm.rank()][axis];
        long start = LocalSplit.offsets(LocalSplit.counts(globalShape[axis], comm.size()))[comm.rank()];
        long inner = Shapes.inner(globalShape, axis);
        Buffer b = engine.allocate(dtype.elementType(), Shapes.size(shapes[comm.rank()]));
        engine.copyRows(local, start * inner, globalShape[axis] * inner, b, 0, len * inner,
                Shapes.outer(globalShape, axis), len * inner);
        return new DistributedArray(comm, subComm, globalShape, shapes, Partition.SCATTER, axis, mask, dtype, engine, b);
    }

    /** The elements this rank counts in a reduction: {@code runs} runs of {@code length} elements. */
    private record Region(long start, long stride, long runs, long length) {
    }

    private Region region() {
        if (!partition.isReplicated()) {
            return new Region(0, 0, 1, local.length());
        }
        long n = globalShape[axis];
        long start = LocalSplit.offsets(LocalSplit.counts(n, comm.size()))[comm.rank()];
        long len = LocalSplit.count(n, comm.rank(), comm.size());
        long inner = Shapes.inner(globalShape, axis);
        long outer = Shapes.outer(globalShape, axis);
        if (outer == 1 || len == 0) {
            return new Region(start * inner, 0, len == 0 ? 0 : 1, len * inner);
        }
        return new Region(start * inner, n * inner, outer, len * inner);
    }

    private static Reduction reduction(double ord) {
        if (Double.isNaN(ord)) {
            throw new IllegalArgumentException("ord: must be a number (0, 1, 2, +-inf or any other p), got NaN");
        }
        if (ord == 0) {
            return Reduction.COUNT_NONZERO;
        }
        if (ord == Double.POSITIVE_INFINITY) {
            return Reduction.MAX_ABS;
        }
        if (ord == Double.NEGATIVE_INFINITY) {
            return Reduction.MIN_ABS;
        }
        if (ord == 1) {
            return Reduction.SUM_ABS;
        }
        return ord == 2 ? Reduction.SUM_SQUARES : Reduction.SUM_POW;
    }

    private static ReduceOp reduceOp(Reduction r) {
        return switch (r) {
            case MAX_ABS -> ReduceOp.MAX;
            case MIN_ABS -> ReduceOp.MIN;
            default -> ReduceOp.SUM;
        };
    }

    private static double finish(Reduction r, double v, double ord) {
        return switch (r) {
            case SUM_SQUARES -> Math.sqrt(v);
            case SUM_POW -> Math.pow(v, 1.0 / ord);
            default -> v;
        };
    }

    /** Rounds a double-precision result to this array's precision. */
    private double round(double v) {
        return dtype.isDoublePrecision() ? v : (double) (float) v;
    }

    // =========================================================================================

    /** Global shape, local shape, dtype, partition, axis and ranks, e.g. for logs. */
    @Override
    public String toString() {
        return "<DistributedArray with global shape=" + Shapes.str(globalShape) + ", local shape="
                + Shapes.str(localShapes[comm.rank()]) + ", dtype=" + dtype + ", partition=" + partition + ", axis="
                + axis + (mask == null ? "" : ", mask=" + Arrays.toString(mask)) + ", processes="
                + Arrays.toString(allRanks(comm.size())) + ">";
    }

    static long[][] deepCopy(long[][] shapes) {
        long[][] c = new long[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            c[i] = shapes[i] == null ? null : shapes[i].clone();
        }
        return c;
    }

    private static long[] toLongs(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
        }
        return l;
    }

    private static long[] flatten(long[][] shapes) {
        int n = 0;
        for (long[] s : shapes) {
            n += 1 + (s == null ? 0 : s.length);
        }
        long[] out = new long[n];
        int k = 0;
        for (long[] s : shapes) {
            out[k++] = s == null ? -1 : s.length;
            if (s != null) {
                for (long v : s) {
                    out[k++] = v;
                }
            }
        }
        return out;
    }
}
